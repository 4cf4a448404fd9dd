package export

import (
	"context"
	"maps"
	"slices"

	"github.com/govkg/govkg/graph"
)

// turtlePrefixes opens every Turtle export.
const turtlePrefixes = `@prefix rdf: <` + RDFNS + `> .
@prefix rdfs: <` + RDFSNS + `> .
@prefix skos: <` + SKOSNS + `> .
@prefix xsd: <` + XSDNS + `> .
@prefix govkg: <` + OntologyNS + `> .
@prefix id: <` + EntityNS + `> .

`

// writeTurtle writes one block per subject: the entity's type, label,
// aliases and attributes, then its triples, predicates and objects joined
// with ";" and ",". Turtle has no graphs, so provenance is not in it (use
// N-Quads for that).
func writeTurtle(ctx context.Context, v *view, o *out) (Counts, error) {
	var c Counts
	if err := o.str(turtlePrefixes); err != nil {
		return c, err
	}
	err := v.eachNode(ctx, func(n node) error {
		b := appendTurtleID(o.buf, n.Subject)
		sep := "\n    "
		pred := func(p string) {
			b = append(b, sep...)
			b = append(b, p...)
			b = append(b, ' ')
			sep = " ;\n    "
		}
		if e := n.Entity; e != nil {
			c.Entities++
			pred("a")
			b = append(b, "govkg:"...)
			b = append(b, e.Type...)
			pred("rdfs:label")
			b = appendString(b, e.Name)
			if len(e.Aliases) > 0 {
				pred("skos:altLabel")
				for i, a := range e.Aliases {
					if i > 0 {
						b = append(b, ", "...)
					}
					b = appendString(b, a)
				}
			}
			for _, k := range slices.Sorted(maps.Keys(e.Attrs)) {
				pred("<" + attrIRI(k) + ">")
				b = appendString(b, e.Attrs[k])
			}
		}
		for i, t := range n.Triples {
			c.Triples++
			if i > 0 && t.Predicate == n.Triples[i-1].Predicate {
				b = append(b, ", "...)
			} else {
				pred("govkg:" + string(t.Predicate))
			}
			b = appendTurtleValue(b, t.Object)
		}
		o.buf = append(b, " .\n\n"...)
		return o.emit()
	})
	return c, err
}

// appendTurtleID appends id:<uuid> (a prefixed name: PN_LOCAL may start
// with a digit and contain hyphens).
func appendTurtleID(b []byte, id graph.ID) []byte {
	b = append(b, "id:"...)
	return appendUUID(b, id)
}

func appendTurtleValue(b []byte, v graph.Value) []byte {
	switch v.Kind {
	case graph.KindEntity:
		return appendTurtleID(b, v.Entity)
	case graph.KindDate:
		b = appendString(b, v.Text)
		b = append(b, "^^xsd:"...)
		return append(b, dateType(v.Text)[len(XSDNS):]...)
	case graph.KindNumber:
		b = appendString(b, formatNumber(v.Number))
		return append(b, "^^xsd:double"...)
	}
	return appendString(b, v.Text)
}
