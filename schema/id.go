package schema

import (
	"encoding/hex"
	"fmt"
	"strings"

	"github.com/govkg/govkg/graph"
)

// outID is the ID scalar as resolvers return it. graphql-go writes every
// scalar with encoding/json; graphql.ID has a MarshalJSON method, whose
// output encoding/json then scans again to check and compact it, while a
// plain string type is written directly. Subgraphs return thousands of
// IDs, so the difference shows. Arguments still arrive as graphql.ID.
type outID string

// ImplementsGraphQLType tells graphql-go that outID is the ID scalar.
func (outID) ImplementsGraphQLType(name string) bool { return name == "ID" }

// UnmarshalGraphQL reads an ID input (graphql-go asks output types to
// implement it too).
func (x *outID) UnmarshalGraphQL(input any) error {
	switch v := input.(type) {
	case string:
		*x = outID(v)
	case int32:
		*x = outID(fmt.Sprint(v))
	default:
		return fmt.Errorf("wrong type for ID: %T", input)
	}
	return nil
}

// idOf returns the ID scalar of a store ID.
func idOf(id graph.ID) outID { return outID(id.String()) }

// idsOf returns the ID scalars of ids. They are formatted into one string
// and share it: a subgraph of a thousand nodes makes two allocations
// instead of a thousand.
func idsOf(ids []graph.ID) []outID {
	const size = 36 // 8-4-4-4-12 hex digits
	var all strings.Builder
	all.Grow(size * len(ids))
	var buf [size]byte
	for _, id := range ids {
		hex.Encode(buf[0:8], id[0:4])
		buf[8] = '-'
		hex.Encode(buf[9:13], id[4:6])
		buf[13] = '-'
		hex.Encode(buf[14:18], id[6:8])
		buf[18] = '-'
		hex.Encode(buf[19:23], id[8:10])
		buf[23] = '-'
		hex.Encode(buf[24:36], id[10:16])
		all.Write(buf[:])
	}
	s := all.String()
	out := make([]outID, len(ids))
	for i := range out {
		out[i] = outID(s[i*size : (i+1)*size])
	}
	return out
}
