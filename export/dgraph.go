package export

import (
	"context"
	"encoding/hex"
	"fmt"
	"io"
	"maps"
	"slices"
	"strconv"
	"strings"

	"github.com/govkg/govkg/graph"
)

// The Dgraph predicates for entity fields.
const (
	dgXID    = "xid"
	dgName   = "name"
	dgAlias  = "alias"
	dgSymbol = "symbol"
	dgAttr   = "attr_"
)

// writeDgraph writes RDF that Dgraph's live loader accepts. Entities are
// blank nodes _:e<uuid-hex> with <xid> (the UUID, for upserts),
// <dgraph.type>, <name>, <alias>, <symbol> and <attr_key> for other
// attributes. Relations are edges between blank nodes; literal objects
// (issued_on, held_on) are scalar values, dates typed xs:dateTime. Each
// triple carries its provenance as facets: source (the asserting sources'
// IDs, space-separated), rule and confidence (of the most confident
// source). Dgraph reserves the fourth field, so there is no graph label.
func writeDgraph(ctx context.Context, v *view, o *out) (Counts, error) {
	var c Counts
	err := v.eachNode(ctx, func(n node) error {
		if e := n.Entity; e != nil {
			c.Entities++
			o.buf = appendDgraphEntity(o.buf, e)
		}
		for _, t := range n.Triples {
			provs, err := v.provenance(ctx, t)
			if err != nil {
				return err
			}
			c.Triples++
			o.buf = appendDgraphTriple(o.buf, t, provs)
		}
		return o.emit()
	})
	return c, err
}

// appendBlank appends _:e<32 hex digits>.
func appendBlank(b []byte, id graph.ID) []byte {
	b = append(b, "_:e"...)
	return hex.AppendEncode(b, id[:])
}

func appendDgraphEntity(b []byte, e *graph.Entity) []byte {
	line := func(b []byte, pred, val string) []byte {
		b = appendBlank(b, e.ID)
		b = append(b, " <"...)
		b = append(b, pred...)
		b = append(b, "> "...)
		b = appendString(b, val)
		return append(b, " .\n"...)
	}
	b = line(b, dgXID, e.ID.String())
	b = line(b, "dgraph.type", string(e.Type))
	b = line(b, dgName, e.Name)
	for _, a := range e.Aliases {
		b = line(b, dgAlias, a)
	}
	for _, k := range slices.Sorted(maps.Keys(e.Attrs)) {
		pred := dgSymbol
		if k != dgSymbol {
			pred = dgraphAttr(k)
		}
		b = line(b, pred, e.Attrs[k])
	}
	return b
}

// dgraphAttr names the predicate of attribute key: attr_ and the key with
// every character that Dgraph does not take in a name made "_".
func dgraphAttr(key string) string {
	var sb strings.Builder
	sb.WriteString(dgAttr)
	for _, r := range key {
		if r < 128 && (r == '_' || '0' <= r && r <= '9' || 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z') {
			sb.WriteRune(r)
		} else {
			sb.WriteByte('_')
		}
	}
	return sb.String()
}

func appendDgraphTriple(b []byte, t graph.Triple, provs []graph.Provenance) []byte {
	b = appendBlank(b, t.Subject)
	b = append(b, " <"...)
	b = append(b, t.Predicate...)
	b = append(b, "> "...)
	switch t.Object.Kind {
	case graph.KindEntity:
		b = appendBlank(b, t.Object.Entity)
	case graph.KindDate:
		b = appendString(b, t.Object.Text)
		b = append(b, "^^<xs:dateTime>"...)
	case graph.KindNumber:
		b = appendString(b, formatNumber(t.Object.Number))
		b = append(b, "^^<xs:double>"...)
	default:
		b = appendString(b, t.Object.Text)
	}
	best := 0
	for i, p := range provs {
		if p.Confidence > provs[best].Confidence {
			best = i
		}
	}
	b = append(b, ` (source="`...)
	for i, p := range provs {
		if i > 0 {
			b = append(b, ' ')
		}
		b = appendUUID(b, p.Source)
	}
	b = append(b, `", rule=`...)
	b = appendJSONString(b, provs[best].Rule)
	b = append(b, ", confidence="...)
	b = appendFacetFloat(b, provs[best].Confidence)
	return append(b, ") .\n"...)
}

// appendFacetFloat writes f so that Dgraph reads a float facet (an integer
// without a point would be read as an int).
func appendFacetFloat(b []byte, f float64) []byte {
	s := strconv.FormatFloat(f, 'f', -1, 64)
	b = append(b, s...)
	if !strings.ContainsAny(s, ".eE") {
		b = append(b, ".0"...)
	}
	return b
}

// DgraphSchema writes the DQL schema for the Dgraph export: indexes on
// xid, name, alias and symbol, each relation a [uid] edge with @reverse
// and @count, each date predicate a datetime indexed by day, and a type
// per entity type listing the predicates its entities may have.
func DgraphSchema(w io.Writer) error {
	var b strings.Builder
	b.WriteString(dgXID + ": string @index(exact) @upsert .\n")
	b.WriteString(dgName + ": string @index(term, exact, trigram) .\n")
	b.WriteString(dgAlias + ": [string] @index(term, exact) .\n")
	b.WriteString(dgSymbol + ": string @index(exact) .\n")
	for _, p := range graph.Predicates() {
		switch graph.SignatureOf(p).Literal {
		case 0:
			fmt.Fprintf(&b, "%s: [uid] @reverse @count .\n", p)
		case graph.KindDate:
			fmt.Fprintf(&b, "%s: datetime @index(day) .\n", p)
		case graph.KindNumber:
			fmt.Fprintf(&b, "%s: float .\n", p)
		default:
			fmt.Fprintf(&b, "%s: string .\n", p)
		}
	}
	for _, t := range graph.EntityTypes() {
		fmt.Fprintf(&b, "\ntype %s {\n  %s\n  %s\n  %s\n", t, dgXID, dgName, dgAlias)
		if t.IsDocument() {
			b.WriteString("  " + dgSymbol + "\n")
		}
		for _, p := range graph.Predicates() {
			if slices.Contains(graph.SignatureOf(p).Subjects, t) {
				fmt.Fprintf(&b, "  %s\n", p)
			}
		}
		b.WriteString("}\n")
	}
	if _, err := io.WriteString(w, b.String()); err != nil {
		return fmt.Errorf("write dgraph schema: %w", err)
	}
	return nil
}
