package export

import (
	"context"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/govkg/govkg/graph"
)

// literalPredicates lists the predicates whose object is a literal (dates
// of issue and of events): the node-and-edge formats show them as node
// attributes.
func literalPredicates() []graph.Predicate {
	var ps []graph.Predicate
	for _, p := range graph.Predicates() {
		if graph.SignatureOf(p).Literal != 0 {
			ps = append(ps, p)
		}
	}
	return ps
}

// literalAttrs collects the literal objects of ts by predicate, several
// values of one predicate joined with "; ".
func literalAttrs(ts []graph.Triple) map[graph.Predicate]string {
	var m map[graph.Predicate]string
	for _, t := range ts {
		if t.Object.IsEntity() {
			continue
		}
		if m == nil {
			m = map[graph.Predicate]string{}
		}
		if prev, ok := m[t.Predicate]; ok {
			m[t.Predicate] = prev + "; " + t.Object.String()
		} else {
			m[t.Predicate] = t.Object.String()
		}
	}
	return m
}

const graphMLHead = `<?xml version="1.0" encoding="UTF-8"?>
<graphml xmlns="http://graphml.graphdrawing.org/xmlns" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xsi:schemaLocation="http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd">
  <key id="type" for="node" attr.name="type" attr.type="string"/>
  <key id="name" for="node" attr.name="name" attr.type="string"/>
  <key id="label" for="node" attr.name="label" attr.type="string"/>
  <key id="aliases" for="node" attr.name="aliases" attr.type="string"/>
`

// writeGraphML writes a GraphML document: one node per entity (data keys
// type, name, label = name for Gephi, aliases joined with "; ", and one
// key per literal predicate such as issued_on), then one directed edge per
// entity-to-entity triple (keys predicate and label = predicate). Node IDs
// are the entity UUIDs.
func writeGraphML(ctx context.Context, v *view, o *out) (Counts, error) {
	var c Counts
	lits := literalPredicates()
	b := append(o.buf, graphMLHead...)
	for _, p := range lits {
		b = append(b, `  <key id="`...)
		b = append(b, p...)
		b = append(b, `" for="node" attr.name="`...)
		b = append(b, p...)
		b = append(b, `" attr.type="string"/>`+"\n"...)
	}
	b = append(b, `  <key id="predicate" for="edge" attr.name="predicate" attr.type="string"/>
  <key id="elabel" for="edge" attr.name="label" attr.type="string"/>
  <graph id="govkg" edgedefault="directed">
`...)
	o.buf = b
	if err := o.emit(); err != nil {
		return c, err
	}
	data := func(b []byte, key, val string) []byte {
		b = append(b, `      <data key="`...)
		b = append(b, key...)
		b = append(b, `">`...)
		b = appendXML(b, val)
		return append(b, "</data>\n"...)
	}
	err := v.eachNode(ctx, func(n node) error {
		if n.Entity == nil {
			return nil
		}
		c.Entities++
		e := n.Entity
		b := append(o.buf, `    <node id="`...)
		b = appendUUID(b, e.ID)
		b = append(b, "\">\n"...)
		b = data(b, "type", string(e.Type))
		b = data(b, "name", e.Name)
		b = data(b, "label", e.Name)
		if len(e.Aliases) > 0 {
			b = data(b, "aliases", strings.Join(e.Aliases, "; "))
		}
		attrs := literalAttrs(n.Triples)
		for _, p := range lits {
			if val, ok := attrs[p]; ok {
				b = data(b, string(p), val)
			}
		}
		for _, t := range n.Triples {
			if !t.Object.IsEntity() {
				c.Triples++
			}
		}
		o.buf = append(b, "    </node>\n"...)
		return o.emit()
	})
	if err != nil {
		return c, err
	}
	err = v.entityEdges(ctx, func(t graph.Triple) error {
		c.Triples++
		b := append(o.buf, `    <edge id="e`...)
		b = strconv.AppendInt(b, int64(c.Triples), 10)
		b = append(b, `" source="`...)
		b = appendUUID(b, t.Subject)
		b = append(b, `" target="`...)
		b = appendUUID(b, t.Object.Entity)
		b = append(b, "\">\n"...)
		b = data(b, "predicate", string(t.Predicate))
		b = data(b, "elabel", string(t.Predicate))
		o.buf = append(b, "    </edge>\n"...)
		return o.emit()
	})
	if err != nil {
		return c, err
	}
	return c, o.str("  </graph>\n</graphml>\n")
}

// appendXML appends s escaped for XML text and attribute values. Characters
// that XML 1.0 does not allow (most controls, invalid UTF-8) become U+FFFD.
func appendXML(b []byte, s string) []byte {
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '&':
			b = append(b, "&amp;"...)
		case r == '<':
			b = append(b, "&lt;"...)
		case r == '>':
			b = append(b, "&gt;"...)
		case r == '"':
			b = append(b, "&quot;"...)
		case r == '\'':
			b = append(b, "&apos;"...)
		case r == '\n':
			b = append(b, "&#xA;"...)
		case r == '\r':
			b = append(b, "&#xD;"...)
		case r == '\t':
			b = append(b, "&#x9;"...)
		case r == utf8.RuneError && size == 1, r < 0x20, r == 0xFFFE, r == 0xFFFF, r >= 0xD800 && r < 0xE000:
			b = append(b, "\uFFFD"...)
		default:
			b = utf8.AppendRune(b, r)
		}
	}
	return b
}
