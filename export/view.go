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
// a focus entity, read from one snapshot of the store, so that writes made
// while the export runs show up in none of it. Every stream it offers
// comes in a canonical order (IDs by their bytes, a subject's triples by
// predicate name then object), so that two stores holding the same graph
// export the same bytes.
type view struct {
	snap  *graph.Snapshot
	s     *graph.Store      // the snapshot's reads
	nodes map[graph.ID]bool // the neighbourhood; nil for the whole graph
	order []graph.ID        // the neighbourhood's nodes, sorted
	srcs  []graph.Source    // the export's sources, once found

	bySource map[graph.ID][]graph.Assertion // a neighbourhood's assertions, by source
}

// newView checks opt, takes a snapshot of the store and, for a focus,
// walks its neighbourhood. The caller must close the view.
func newView(ctx context.Context, store *graph.Store, opt Options) (*view, error) {
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	depth := opt.Depth
	if opt.Focus != uuid.Nil {
		switch {
		case depth < 0 || depth > graph.MaxDepth:
			return nil, fmt.Errorf("depth %d: give 1 to %d hops", depth, graph.MaxDepth)
		case depth == 0:
			depth = 1
		}
	}
	sn := store.Snapshot()
	v := &view{snap: sn, s: sn.Store}
	if opt.Focus == uuid.Nil {
		return v, nil
	}
	if err := v.focus(ctx, opt.Focus, depth); err != nil {
		v.close()
		return nil, err
	}
	return v, nil
}

// close releases the view's snapshot.
func (v *view) close() { v.snap.Close() }

// focus narrows the view to the neighbourhood of depth hops around id.
func (v *view) focus(ctx context.Context, focus graph.ID, depth int) error {
	if _, err := v.s.Entity(ctx, focus); err != nil {
		return focusError(focus, err)
	}
	sub, err := v.s.Neighbourhood(ctx, focus, graph.TraverseOptions{
		Depth: depth, Direction: graph.Both, MaxNodes: graph.MaxNodesCap,
	})
	if err != nil {
		return focusError(focus, err)
	}
	v.nodes = make(map[graph.ID]bool, len(sub.Nodes))
	for _, id := range sub.Nodes {
		if !v.nodes[id] {
			v.nodes[id] = true
			v.order = append(v.order, id)
		}
	}
	slices.SortFunc(v.order, compareIDs)
	return nil
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

// eachSourceAssertions calls fn with what each source of the export
// asserts, source by source in ID order, skipping sources that assert
// nothing; fn may keep the slice. For the whole graph it reads the store's
// assertions in one scan (only one source's are in memory); for a
// neighbourhood it gives what prepareAssertions gathered.
func (v *view) eachSourceAssertions(ctx context.Context, fn func([]graph.Assertion) error) error {
	list, err := v.sourceList(ctx)
	if err != nil {
		return err
	}
	if v.nodes != nil {
		for _, src := range list {
			if as := v.bySource[src.ID]; len(as) > 0 {
				if err := fn(slices.Clone(as)); err != nil {
					return err
				}
			}
		}
		return nil
	}
	// Assertions of a source without a record (a store that fails Check)
	// are left out, as the export lists only recorded sources.
	known := make(map[graph.ID]bool, len(list))
	for _, src := range list {
		known[src.ID] = true
	}
	var group []graph.Assertion
	var cur graph.ID
	first := true
	flush := func() error {
		if len(group) == 0 {
			return nil
		}
		as := group
		group = nil
		return fn(as)
	}
	err = v.s.ForEachAssertion(ctx, func(a graph.Assertion) error {
		if first || a.Source != cur {
			if !first && compareIDs(cur, a.Source) > 0 {
				return fmt.Errorf("the store listed source %s after %s: assertions must come by source", a.Source, cur)
			}
			if err := flush(); err != nil {
				return err
			}
			cur, first = a.Source, false
		}
		if known[a.Source] {
			group = append(group, a)
		}
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// sortAssertions puts one source's assertions in canonical triple order.
func sortAssertions(as []graph.Assertion) {
	slices.SortFunc(as, func(a, b graph.Assertion) int { return compareTriples(a.Triple, b.Triple) })
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

// mentionStream gives the sources that mention each entity from one scan
// of the store's mentions, for entities asked in ID order.
type mentionStream struct {
	next   func() (graph.ID, graph.ID, bool)
	stop   func()
	err    error // the scan's error, once it has ended
	entity graph.ID
	source graph.ID
	ok     bool // entity and source hold the next mention
}

// mentionStream starts the scan of every mention; close ends it.
func (v *view) mentionStream(ctx context.Context) *mentionStream {
	m := &mentionStream{}
	seq := func(yield func(graph.ID, graph.ID) bool) {
		m.err = v.s.ForEachMention(ctx, func(e, src graph.ID) error {
			if !yield(e, src) {
				return errStopped
			}
			return nil
		})
	}
	m.next, m.stop = iter.Pull2(iter.Seq2[graph.ID, graph.ID](seq))
	m.entity, m.source, m.ok = m.next()
	return m
}

// sources appends to dst the sources, by ID, that mention entity id, which
// must come after every entity asked before.
func (m *mentionStream) sources(id graph.ID, dst []graph.ID) ([]graph.ID, error) {
	for m.ok && compareIDs(m.entity, id) < 0 {
		m.entity, m.source, m.ok = m.next() // mentions of an entity without a record
	}
	for m.ok && m.entity == id {
		dst = append(dst, m.source)
		m.entity, m.source, m.ok = m.next()
	}
	if !m.ok && m.err != nil {
		return dst, fmt.Errorf("sources of entity %s: %w", id, m.err)
	}
	return dst, nil
}

// close ends the scan and returns its error, if any.
func (m *mentionStream) close() error {
	m.stop()
	if m.err != nil && !errors.Is(m.err, errStopped) {
		return m.err
	}
	return nil
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
