package schema

import (
	"context"
	"strings"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/govkg/govkg/graph"
)

// relation says which edges a typed field of an entity follows.
type relation struct {
	pred graph.Predicate
	dir  graph.Direction // Out: the entity is the subject; In: the object
	// want is the GraphQL type of the field's items when it is a concrete
	// type ("" for Entity): other entities are left out.
	want graph.EntityType
}

// fieldRelation returns the relation behind field on an entity of type t,
// and false when t has no such field. One field name may follow different
// edges on different types: a Person's chairs are the events they chair,
// an Event's chairs the people who chair it.
func fieldRelation(field string, t graph.EntityType) (relation, bool) {
	out := func(p graph.Predicate, want graph.EntityType) (relation, bool) {
		return relation{pred: p, dir: graph.Out, want: want}, true
	}
	in := func(p graph.Predicate, want graph.EntityType) (relation, bool) {
		return relation{pred: p, dir: graph.In, want: want}, true
	}
	switch {
	case t.IsDocument():
		switch field {
		case "issuedBy":
			return out(graph.IssuedBy, "")
		case "signedBy":
			return out(graph.SignedBy, graph.Person)
		case "implementedBy":
			return in(graph.Implements, "")
		case "implements":
			return out(graph.Implements, "")
		case "concerns":
			return out(graph.Concerns, "")
		case "reportsOn":
			return out(graph.ReportsOn, "")
		case "pursuantTo":
			return out(graph.PursuantTo, "")
		case "amends":
			return out(graph.Amends, "")
		case "replaces":
			return out(graph.Replaces, "")
		}
	case t == graph.Person:
		switch field {
		case "positions":
			return out(graph.HoldsPosition, graph.Position)
		case "memberships":
			return out(graph.MemberOf, graph.Organization)
		case "leads":
			return out(graph.Leads, graph.Organization)
		case "chairs":
			return out(graph.Chairs, graph.Event)
		case "attends":
			return out(graph.Attends, graph.Event)
		case "signed":
			return in(graph.SignedBy, "")
		}
	case t == graph.Organization:
		switch field {
		case "leaders":
			return in(graph.Leads, graph.Person)
		case "members":
			return in(graph.MemberOf, graph.Person)
		case "partOf":
			return out(graph.PartOf, graph.Organization)
		case "parts":
			return in(graph.PartOf, graph.Organization)
		case "issued":
			return in(graph.IssuedBy, "")
		case "implements":
			return out(graph.Implements, "")
		}
	case t == graph.Position:
		if field == "holders" {
			return in(graph.HoldsPosition, graph.Person)
		}
	case t == graph.Place:
		if field == "events" {
			return in(graph.HeldIn, graph.Event)
		}
	case t == graph.Event:
		switch field {
		case "chairs":
			return in(graph.Chairs, graph.Person)
		case "attendees":
			return in(graph.Attends, graph.Person)
		case "heldIn":
			return out(graph.HeldIn, graph.Place)
		case "reportsOn":
			return out(graph.ReportsOn, "")
		case "issued":
			return in(graph.IssuedBy, "")
		}
	case t == graph.Programme:
		switch field {
		case "implements":
			return out(graph.Implements, "")
		case "approvedBy":
			return out(graph.ApprovedBy, "")
		case "implementedBy":
			return in(graph.Implements, "")
		}
	}
	return relation{}, false
}

// fieldLiteral returns the predicate whose literal object a scalar field
// of an entity of type t shows (issuedOn, heldOn).
func fieldLiteral(field string, t graph.EntityType) (graph.Predicate, bool) {
	switch {
	case field == "issuedOn" && t.IsDocument():
		return graph.IssuedOn, true
	case field == "heldOn" && t == graph.Event:
		return graph.HeldOn, true
	}
	return "", false
}

// otherEnd returns the entity at the far end of t seen from dir, if the
// far end is an entity.
func otherEnd(t graph.Triple, dir graph.Direction) (graph.ID, bool) {
	if dir == graph.In {
		return t.Subject, true
	}
	if t.Object.IsEntity() {
		return t.Object.Entity, true
	}
	return graph.ID{}, false
}

// selection is the tree of fields selected under a resolver.
type selection map[string]selection

// selectionOf builds the tree of the fields selected under the current
// resolver, from graphql-go's dotted paths.
func selectionOf(ctx context.Context) selection {
	root := selection{}
	for _, p := range graphql.SelectedFieldNames(ctx) {
		node := root
		for _, part := range strings.Split(p, ".") {
			next, ok := node[part]
			if !ok {
				next = selection{}
				node[part] = next
			}
			node = next
		}
	}
	return root
}

// entityFields returns the fields selected on the entities of a list,
// looking through connection wrappers (edges, node, nodes).
func (s selection) entityFields() selection {
	out := selection{}
	var walk func(selection)
	walk = func(sel selection) {
		for name, sub := range sel {
			switch name {
			case "edges", "node", "nodes":
				walk(sub)
			default:
				if prev, ok := out[name]; ok {
					for k, v := range sub {
						prev[k] = v
					}
				} else {
					out[name] = sub
				}
			}
		}
	}
	walk(s)
	return out
}

// maxPrefetchLevels bounds how deep prefetch follows nested relation
// fields; deeper fields load lazily (still batched among running resolvers).
const maxPrefetchLevels = 4

// prefetch loads, in one store read per level, the entities ids and, for
// every typed relation field selected under the current resolver, their
// edges and the entities at the far ends, level by level. The resolvers
// that run afterwards find everything in the request's loaders, so a list
// of N entities costs a handful of reads rather than N.
func (r *resolver) prefetch(ctx context.Context, ids []graph.ID) {
	r.prefetchLevel(ctx, ids, selectionOf(ctx).entityFields(), 0)
}

func (r *resolver) prefetchLevel(ctx context.Context, ids []graph.ID, fields selection, level int) {
	if len(ids) == 0 || ctx.Err() != nil {
		return
	}
	ld := stateOf(ctx).loaders
	ents, err := ld.entitiesOf(ctx, ids)
	if err != nil || level >= maxPrefetchLevels {
		return // the resolvers will meet and report the error themselves
	}
	// The edges of every selected relation field and literal, in one batch.
	type want struct {
		field string
		dir   graph.Direction
		at    int // index in keys
	}
	var wants []want
	var keys []edgeKey
	for name := range fields {
		for _, e := range ents {
			if rel, ok := fieldRelation(name, e.Type); ok {
				wants = append(wants, want{name, rel.dir, len(keys)})
				keys = append(keys, edgeKey{id: e.ID, pred: rel.pred, dir: rel.dir})
			} else if p, ok := fieldLiteral(name, e.Type); ok {
				keys = append(keys, edgeKey{id: e.ID, pred: p, dir: graph.Out})
			}
		}
	}
	if len(keys) == 0 {
		return
	}
	lists, errs := ld.edges.loadAll(ctx, keys)
	// Then, field by field, the entities at the far ends and what is
	// selected on them.
	next := map[string][]graph.ID{}
	seen := map[string]map[graph.ID]bool{}
	for _, w := range wants {
		if errs[w.at] != nil {
			continue
		}
		if seen[w.field] == nil {
			seen[w.field] = map[graph.ID]bool{}
		}
		for _, t := range lists[w.at] {
			if id, ok := otherEnd(t, w.dir); ok && !seen[w.field][id] {
				seen[w.field][id] = true
				next[w.field] = append(next[w.field], id)
			}
		}
	}
	for name, nids := range next {
		r.prefetchLevel(ctx, nids, fields[name], level+1)
	}
}
