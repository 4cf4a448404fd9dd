package export

import (
	"context"
	"unicode/utf8"

	"github.com/govkg/govkg/graph"
)

// dotShape gives each kind of entity its own shape, so that a drawing
// shows at a glance which nodes are people, bodies and documents.
func dotShape(t graph.EntityType) string {
	switch {
	case t == graph.Person:
		return "ellipse"
	case t == graph.Organization:
		return "box"
	case t == graph.Position:
		return "plaintext"
	case t == graph.Place:
		return "house"
	case t == graph.Event:
		return "hexagon"
	case t == graph.Programme:
		return "component"
	case t.IsDocument():
		return "note"
	}
	return "ellipse"
}

// writeDOT writes a Graphviz digraph: one node per entity (ID = UUID,
// label = name, tooltip = type, literal predicates such as issued_on as
// extra attributes) and one edge per entity-to-entity triple, labelled
// with the predicate.
func writeDOT(ctx context.Context, v *view, o *out) (Counts, error) {
	var c Counts
	if err := o.str("digraph govkg {\n  graph [charset=\"UTF-8\"];\n  node [fontname=\"sans-serif\"];\n  edge [fontname=\"sans-serif\", fontsize=10];\n"); err != nil {
		return c, err
	}
	err := v.eachNode(ctx, func(n node) error {
		if n.Entity == nil {
			return nil
		}
		e := n.Entity
		c.Entities++
		b := append(o.buf, "  \""...)
		b = appendUUID(b, e.ID)
		b = append(b, "\" [label="...)
		b = appendDOTString(b, e.Name)
		b = append(b, ", tooltip="...)
		b = appendDOTString(b, string(e.Type))
		b = append(b, ", shape="...)
		b = append(b, dotShape(e.Type)...)
		attrs := literalAttrs(n.Triples)
		for _, p := range literalPredicates() {
			if val, ok := attrs[p]; ok {
				b = append(b, ", "...)
				b = append(b, p...)
				b = append(b, '=')
				b = appendDOTString(b, val)
			}
		}
		for _, t := range n.Triples {
			if !t.Object.IsEntity() {
				c.Triples++
			}
		}
		o.buf = append(b, "];\n"...)
		return o.emit()
	})
	if err != nil {
		return c, err
	}
	err = v.entityEdges(ctx, func(t graph.Triple) error {
		c.Triples++
		b := append(o.buf, "  \""...)
		b = appendUUID(b, t.Subject)
		b = append(b, "\" -> \""...)
		b = appendUUID(b, t.Object.Entity)
		b = append(b, "\" [label="...)
		b = appendDOTString(b, string(t.Predicate))
		o.buf = append(b, "];\n"...)
		return o.emit()
	})
	if err != nil {
		return c, err
	}
	return c, o.str("}\n")
}

// appendDOTString appends s as a DOT quoted string. Quotes and
// backslashes are escaped (a backslash would otherwise start one of
// Graphviz's label escapes such as \N), a newline becomes the \n line
// break, other controls and invalid UTF-8 are dropped.
func appendDOTString(b []byte, s string) []byte {
	b = append(b, '"')
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '"':
			b = append(b, '\\', '"')
		case r == '\\':
			b = append(b, '\\', '\\')
		case r == '\n':
			b = append(b, '\\', 'n')
		case r == utf8.RuneError && size == 1, r < 0x20, r == 0x7f:
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
