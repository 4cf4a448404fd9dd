package export

import (
	"bytes"
	"cmp"
	"context"
	"errors"
	"fmt"
	"iter"
	"slices"

	"github.com/google/uuid"

	"github.com/govkg/govkg/graph"
)

// view is what one export reads: the whole store, or the neighbourhood of
// a focus entity. Every stream it offers comes in a canonical order (IDs
// by their bytes, a subject's triples by predicate name then object), so
// that two stores holding the same graph export the same bytes.
type view struct {
	s     *graph.Store
	nodes map[graph.ID]bool // the neighbourhood; nil for the whole graph
	order []graph.ID        // the neighbourhood's nodes, sorted
	srcs  []graph.Source    // the export's sources, once found

	bySource map[graph.ID][]graph.Assertion // a neighbourhood's assertions, by source
}

// newView checks opt and, for a focus, walks its neighbourhood.
func newView(ctx context.Context, s *graph.Store, opt Options) (*view, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	v := &view{s: s}
	if opt.Focus == uuid.Nil {
		return v, nil
	}
	depth := opt.Depth
	switch {
	case depth < 0 || depth > graph.MaxDepth:
		return nil, fmt.Errorf("depth %d: give 1 to %d hops", depth, graph.MaxDepth)
	case depth == 0:
		depth = 1
	}
	if _, err := s.Entity(ctx, opt.Focus); err != nil {
		return nil, focusError(opt.Focus, err)
	}
	sub, err := s.Neighbourhood(ctx, opt.Focus, graph.TraverseOptions{
		Depth: depth, Direction: graph.Both, MaxNodes: graph.MaxNodesCap,
	})
	if err != nil {
		return nil, focusError(opt.Focus, err)
	}
	v.nodes = make(map[graph.ID]bool, len(sub.Nodes))
	for _, id := range sub.Nodes {
		if !v.nodes[id] {
			v.nodes[id] = true
			v.order = append(v.order, id)
		}
	}
	slices.SortFunc(v.order, compareIDs)
	return v, nil
}

func compareIDs(a, b graph.ID) int { return bytes.Compare(a[:], b[:]) }

// compareTriples orders the triples of one subject: by predicate name,
// then by object (kind, then entity ID, text or number).
func compareTriples(a, b graph.Triple) int {
	if c := compareIDs(a.Subject, b.Subject); c != 0 {
		return c
	}
	if c := cmp.Compare(a.Predicate, b.Predicate); c != 0 {
		return c
	}
	return compareValues(a.Object, b.Object)
}

func compareValues(a, b graph.Value) int {
	if c := cmp.Compare(a.Kind, b.Kind); c != 0 {
		return c
	}
	switch a.Kind {
	case graph.KindEntity:
		return compareIDs(a.Entity, b.Entity)
	case graph.KindNumber:
		return cmp.Compare(a.Number, b.Number)
	}
	return cmp.Compare(a.Text, b.Text)
}

// sources calls fn for every source the export refers to, by ID: all of
// them for the whole graph; for a neighbourhood, those that mention one of
// its entities or assert one of its triples.
func (v *view) sources(ctx context.Context, fn func(graph.Source) error) error {
	list, err := v.sourceList(ctx)
	if err != nil {
		return err
	}
	for _, src := range list {
		if err := fn(src); err != nil {
			return err
		}
	}
	return nil
}

// sourceList finds the sources of the export once.
func (v *view) sourceList(ctx context.Context) ([]graph.Source, error) {
	if v.srcs != nil {
		return v.srcs, nil
	}
	var list []graph.Source
	if v.nodes == nil {
		all, err := v.s.Sources(ctx)
		if err != nil {
			return nil, fmt.Errorf("sources: %w", err)
		}
		list = all
	} else {
		ids := map[graph.ID]bool{}
		for _, id := range v.order {
			srcs, err := v.s.EntitySources(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("sources of %s: %w", id, err)
			}
			for _, src := range srcs {
				ids[src] = true
			}
		}
		err := v.subjects(ctx, func(_ graph.ID, ts []graph.Triple) error {
			for _, t := range ts {
				provs, err := v.provenance(ctx, t)
				if err != nil {
					return err
				}
				for _, p := range provs {
					ids[p.Source] = true
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		for id := range ids {
			src, err := v.s.Source(ctx, id)
			if err != nil {
				return nil, fmt.Errorf("source %s: %w", id, err)
			}
			list = append(list, src)
		}
	}
	slices.SortFunc(list, func(a, b graph.Source) int { return compareIDs(a.ID, b.ID) })
	if list == nil {
		list = []graph.Source{}
	}
	v.srcs = list
	return list, nil
}

// prepareAssertions readies sourceAssertions and returns the number of
// distinct triples the export holds: the store's count for the whole
// graph; for a neighbourhood, it gathers the assertions of its triples,
// by source, in memory.
func (v *view) prepareAssertions(ctx context.Context) (int, error) {
	if v.nodes == nil {
		st, err := v.s.Stats(ctx)
		if err != nil {
			return 0, err
		}
		return st.Triples, nil
	}
	v.bySource = map[graph.ID][]graph.Assertion{}
	triples := 0
	err := v.subjects(ctx, func(_ graph.ID, ts []graph.Triple) error {
		for _, t := range ts {
			provs, err := v.provenance(ctx, t)
			if err != nil {
				return err
			}
			triples++
			for _, p := range provs {
				v.bySource[p.Source] = append(v.bySource[p.Source], graph.Assertion{Triple: t, Provenance: p})
			}
		}
		return nil
	})
	return triples, err
}

// sourceAssertions returns what source src asserts in the export, in
// canonical triple order. For the whole graph it reads the source's
// assertions from the store (only they are in memory); it is safe to call
// from several goroutines once prepareAssertions has run.
func (v *view) sourceAssertions(ctx context.Context, src graph.ID) ([]graph.Assertion, error) {
	var as []graph.Assertion
	if v.nodes == nil {
		var err error
		if as, err = v.s.SourceAssertions(ctx, src); err != nil {
			return nil, err
		}
	} else {
		as = slices.Clone(v.bySource[src])
	}
	slices.SortFunc(as, func(a, b graph.Assertion) int { return compareTriples(a.Triple, b.Triple) })
	return as, nil
}

// entities calls fn for every entity of the export, by ID.
func (v *view) entities(ctx context.Context, fn func(graph.Entity) error) error {
	if v.nodes == nil {
		var last graph.ID
		first := true
		return v.s.ForEachEntity(ctx, func(e graph.Entity) error {
			if err := ctx.Err(); err != nil {
				return err
			}
			if !first && compareIDs(last, e.ID) >= 0 {
				return fmt.Errorf("the store listed entity %s after %s: entities must come in ID order", e.ID, last)
			}
			first, last = false, e.ID
			return fn(e)
		})
	}
	const chunk = 1024
	for i := 0; i < len(v.order); i += chunk {
		ids := v.order[i:min(i+chunk, len(v.order))]
		ents, err := v.s.EntitiesByID(ctx, ids)
		if err != nil {
			return fmt.Errorf("entities: %w", err)
		}
		for j, e := range ents {
			if e == nil {
				return fmt.Errorf("entity %s: %w", ids[j], graph.ErrNotFound)
			}
			if err := fn(*e); err != nil {
				return err
			}
		}
	}
	return nil
}

// mentions returns the sources that mention entity id, by ID.
func (v *view) mentions(ctx context.Context, id graph.ID) ([]graph.ID, error) {
	srcs, err := v.s.EntitySources(ctx, id)
	if err != nil {
		return nil, fmt.Errorf("sources of entity %s: %w", id, err)
	}
	slices.SortFunc(srcs, compareIDs)
	return srcs, nil
}

// provenance returns one provenance per source asserting t, by source ID.
func (v *view) provenance(ctx context.Context, t graph.Triple) ([]graph.Provenance, error) {
	provs, err := v.s.Provenance(ctx, t)
	if err != nil {
		return nil, fmt.Errorf("provenance of %s %s %s: %w", t.Subject, t.Predicate, t.Object, err)
	}
	if len(provs) == 0 {
		return nil, fmt.Errorf("triple %s %s %s has no source", t.Subject, t.Predicate, t.Object)
	}
	slices.SortFunc(provs, func(a, b graph.Provenance) int { return compareIDs(a.Source, b.Source) })
	return provs, nil
}

// subjects calls fn with the triples of each subject, subjects by ID and
// each subject's triples in canonical order. The slice is reused after fn
// returns. For a neighbourhood, only triples whose object is a literal or
// another node of the neighbourhood are given.
func (v *view) subjects(ctx context.Context, fn func(graph.ID, []graph.Triple) error) error {
	var group []graph.Triple
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		slices.SortFunc(group, compareTriples)
		err := fn(group[0].Subject, group)
		group = group[:0]
		return err
	}
	if v.nodes == nil {
		err := v.s.ForEachTriple(ctx, func(t graph.Triple) error {
			if len(group) > 0 && group[0].Subject != t.Subject {
				if compareIDs(group[0].Subject, t.Subject) > 0 {
					return fmt.Errorf("the store listed subject %s after %s: triples must come in SPO order", t.Subject, group[0].Subject)
				}
				if err := flush(); err != nil {
					return err
				}
			}
			group = append(group, t)
			return nil
		})
		if err != nil {
			return err
		}
		return flush()
	}
	for _, id := range v.order {
		page := graph.PageRequest{First: graph.MaxPage}
		for {
			tp, err := v.s.Match(ctx, graph.Pattern{Subject: id}, page)
			if err != nil {
				return fmt.Errorf("triples of %s: %w", id, err)
			}
			for _, t := range tp.Triples {
				if !t.Object.IsEntity() || v.nodes[t.Object.Entity] {
					group = append(group, t)
				}
			}
			if !tp.HasNext {
				break
			}
			page.After = tp.EndCursor
		}
		if err := flush(); err != nil {
			return err
		}
	}
	return nil
}

// errStopped ends a stream that its reader no longer wants.
var errStopped = errors.New("stream stopped")

// node is an entity with the triples it is the subject of. Entity is nil
// for a subject that has no entity record (a store that fails Check).
type node struct {
	Entity  *graph.Entity
	Subject graph.ID
	Triples []graph.Triple
}

// eachNode calls fn for every entity with its outgoing triples, by ID: a
// merge of the entity stream and the subject stream, both in ID order.
func (v *view) eachNode(ctx context.Context, fn func(node) error) error {
	var subjErr error
	seq := func(yield func(graph.ID, []graph.Triple) bool) {
		subjErr = v.subjects(ctx, func(id graph.ID, ts []graph.Triple) error {
			if !yield(id, ts) {
				return errStopped
			}
			return nil
		})
	}
	next, stop := iter.Pull2(iter.Seq2[graph.ID, []graph.Triple](seq))
	defer stop()
	subj, ts, ok := next()
	err := v.entities(ctx, func(e graph.Entity) error {
		for ok && compareIDs(subj, e.ID) < 0 {
			if err := fn(node{Subject: subj, Triples: ts}); err != nil {
				return err
			}
			subj, ts, ok = next()
		}
		n := node{Entity: &e, Subject: e.ID}
		if ok && subj == e.ID {
			n.Triples = ts
			defer func() { subj, ts, ok = next() }()
		}
		return fn(n)
	})
	for err == nil && ok {
		err = fn(node{Subject: subj, Triples: ts})
		subj, ts, ok = next()
	}
	stop()
	if err == nil && subjErr != nil && !errors.Is(subjErr, errStopped) {
		err = subjErr
	}
	return err
}

// entityEdges calls fn for every triple between two entities, in the
// canonical order.
func (v *view) entityEdges(ctx context.Context, fn func(graph.Triple) error) error {
	return v.subjects(ctx, func(_ graph.ID, ts []graph.Triple) error {
		for _, t := range ts {
			if t.Object.IsEntity() {
				if err := fn(t); err != nil {
					return err
				}
			}
		}
		return nil
	})
}
