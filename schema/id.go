package schema

import (
	"fmt"

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
