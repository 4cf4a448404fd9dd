package export

import (
	"context"
	"strconv"
	"unicode/utf8"

	"github.com/govkg/govkg/graph"
)

// writeCytoscape writes Cytoscape.js elements JSON, one element per line:
//
//	{"elements":{"nodes":[{"data":{"id":…,"label":…,"type":…}},…],
//	             "edges":[{"data":{"id":…,"source":…,"target":…,"label":…}},…]}}
//
// Nodes also carry "aliases" (an array) when there are any and one field
// per literal predicate (issued_on, held_on). cy.add(json.elements) or
// Cytoscape desktop's "Import network from file" read it.
func writeCytoscape(ctx context.Context, v *view, o *out) (Counts, error) {
	var c Counts
	if err := o.str("{\"elements\":{\"nodes\":[\n"); err != nil {
		return c, err
	}
	lits := literalPredicates()
	err := v.eachNode(ctx, func(n node) error {
		if n.Entity == nil {
			return nil
		}
		e := n.Entity
		b := o.buf
		if c.Entities > 0 {
			b = append(b, ",\n"...)
		}
		c.Entities++
		b = append(b, `{"data":{"id":"`...)
		b = appendUUID(b, e.ID)
		b = append(b, `","label":`...)
		b = appendJSONString(b, e.Name)
		b = append(b, `,"type":`...)
		b = appendJSONString(b, string(e.Type))
		if len(e.Aliases) > 0 {
			b = append(b, `,"aliases":[`...)
			for i, a := range e.Aliases {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, a)
			}
			b = append(b, ']')
		}
		attrs := literalAttrs(n.Triples)
		for _, p := range lits {
			if val, ok := attrs[p]; ok {
				b = append(b, ',')
				b = appendJSONString(b, string(p))
				b = append(b, ':')
				b = appendJSONString(b, val)
			}
		}
		for _, t := range n.Triples {
			if !t.Object.IsEntity() {
				c.Triples++
			}
		}
		o.buf = append(b, "}}"...)
		return o.emit()
	})
	if err != nil {
		return c, err
	}
	if err := o.str("\n],\"edges\":[\n"); err != nil {
		return c, err
	}
	edges := 0
	err = v.entityEdges(ctx, func(t graph.Triple) error {
		b := o.buf
		if edges > 0 {
			b = append(b, ",\n"...)
		}
		edges++
		b = append(b, `{"data":{"id":"e`...)
		b = strconv.AppendInt(b, int64(edges), 10)
		b = append(b, `","source":"`...)
		b = appendUUID(b, t.Subject)
		b = append(b, `","target":"`...)
		b = appendUUID(b, t.Object.Entity)
		b = append(b, `","label":`...)
		b = appendJSONString(b, string(t.Predicate))
		o.buf = append(b, "}}"...)
		return o.emit()
	})
	c.Triples += edges
	if err != nil {
		return c, err
	}
	return c, o.str("\n]}}\n")
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD; U+2028 and U+2029 are escaped so that the output is also valid
// JavaScript.
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
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
		case r == '\r':
			b = append(b, '\\', 'r')
		case r == '\t':
			b = append(b, '\\', 't')
		case r < 0x20:
			b = append(b, '\\', 'u', '0', '0', hex[r>>4], hex[r&15])
		case r == '\u2028' || r == '\u2029':
			b = append(b, `\u202`...)
			b = append(b, hex[r&15])
		case r == utf8.RuneError && size == 1:
			b = append(b, `\ufffd`...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return append(b, '"')
}
