package schema

import (
	"context"
	"time"

	"github.com/govkg/govkg/graph"
)

// This file resolves edges with their provenance: Entity.relations (a Relay
// connection), the triples query's Triple, Provenance and Source.

// relationArgs are the arguments of Entity.relations.
type relationArgs struct {
	Predicate *string
	Direction string
	First     int32
	After     *string
}

// relationConnection resolves RelationConnection.
type relationConnection struct {
	edges []*relationEdge
	info  pageInfoResolver
}

// Edges resolves RelationConnection.edges.
func (c *relationConnection) Edges() []*relationEdge { return c.edges }

// PageInfo resolves RelationConnection.pageInfo.
func (c *relationConnection) PageInfo() pageInfoResolver { return c.info }

// relationEdge resolves RelationEdge.
type relationEdge struct {
	r      *resolver
	t      graph.Triple
	dir    graph.Direction
	cursor string
}

// Relations resolves Entity.relations: the entity's out-edges, in-edges or
// both (out-edges first), one page at a time.
func (x *entityResolver) Relations(ctx context.Context, a relationArgs) (*relationConnection, error) {
	n, err := x.r.checkFirst("first", a.First)
	if err != nil {
		return nil, err
	}
	var pred graph.Predicate
	if a.Predicate != nil {
		pred = graph.Predicate(*a.Predicate)
	}
	dir := parseDirection(a.Direction)
	c, err := decodeCursor(a.After)
	if err != nil {
		return nil, err
	}
	if dir != graph.Both && c.Phase != "" {
		return nil, userError("after: the cursor belongs to a walk with direction BOTH")
	}
	fetch := func(d graph.Direction) func(after string, n int) (storePage[graph.Triple], error) {
		return func(after string, n int) (storePage[graph.Triple], error) {
			pat := graph.Pattern{Predicate: pred}
			if d == graph.In {
				v := graph.EntityValue(x.e.ID)
				pat.Object = &v
			} else {
				pat.Subject = x.e.ID
			}
			p, err := x.r.store.Match(ctx, pat, graph.PageRequest{First: n, After: after})
			if err != nil {
				return storePage[graph.Triple]{}, storeError(ctx, "relations of "+x.e.Name, err)
			}
			return storePage[graph.Triple]{items: p.Triples, end: p.EndCursor, hasNext: p.HasNext}, nil
		}
	}
	conn := &relationConnection{}
	add := func(ts []graph.Triple, cs []cursor, d graph.Direction) {
		for i, t := range ts {
			conn.edges = append(conn.edges, &relationEdge{r: x.r, t: t, dir: d, cursor: cs[i].encode()})
		}
	}
	phase := dir
	if dir == graph.Both {
		phase = graph.Out
		if c.Phase == "in" {
			phase = graph.In
		}
	}
	ts, cs, hasNext, err := readPage(c, n, fetch(phase))
	if err != nil {
		return nil, err
	}
	add(ts, cs, phase)
	if dir == graph.Both && phase == graph.Out && !hasNext && len(ts) < n {
		// The out-edges are done: go on with the in-edges.
		ts, cs, hasNext, err = readPage(cursor{Phase: "in"}, n-len(ts), fetch(graph.In))
		if err != nil {
			return nil, err
		}
		add(ts, cs, graph.In)
	} else if dir == graph.Both && phase == graph.Out && !hasNext {
		// The page ended exactly with the out-edges: the in-edges may follow.
		hasNext = true
		if len(conn.edges) > 0 {
			conn.edges[len(conn.edges)-1].cursor = cursor{Phase: "in"}.encode()
		}
	}
	cursors := make([]string, len(conn.edges))
	for i, e := range conn.edges {
		cursors[i] = e.cursor
	}
	conn.info = newPageInfo(cursors, a.After, hasNext)
	var ids []graph.ID
	for _, e := range conn.edges {
		if id, ok := otherEnd(e.t, e.dir); ok {
			ids = append(ids, id)
		}
	}
	x.r.prefetch(ctx, ids)
	return conn, nil
}

// parseDirection maps the Direction enum to the store's.
func parseDirection(s string) graph.Direction {
	switch s {
	case "IN":
		return graph.In
	case "BOTH":
		return graph.Both
	}
	return graph.Out
}

// directionName maps the store's direction to the Direction enum.
func directionName(d graph.Direction) string {
	switch d {
	case graph.In:
		return "IN"
	case graph.Both:
		return "BOTH"
	}
	return "OUT"
}

// Cursor resolves RelationEdge.cursor.
func (e *relationEdge) Cursor() string { return e.cursor }

// Predicate resolves RelationEdge.predicate.
func (e *relationEdge) Predicate() string { return string(e.t.Predicate) }

// Direction resolves RelationEdge.direction.
func (e *relationEdge) Direction() string { return directionName(e.dir) }

// Node resolves RelationEdge.node.
func (e *relationEdge) Node(ctx context.Context) (*entityResolver, error) {
	id, ok := otherEnd(e.t, e.dir)
	if !ok {
		return nil, nil
	}
	return e.r.entityByID(ctx, id)
}

// Value resolves RelationEdge.value.
func (e *relationEdge) Value() *string {
	if e.dir == graph.In || e.t.Object.IsEntity() {
		return nil
	}
	s := e.t.Object.String()
	return &s
}

// Provenance resolves RelationEdge.provenance.
func (e *relationEdge) Provenance(ctx context.Context) ([]*provenanceResolver, error) {
	return e.r.provenanceOf(ctx, e.t)
}

// tripleResolver resolves Triple.
type tripleResolver struct {
	r *resolver
	t graph.Triple
}

// Subject resolves Triple.subject.
func (t *tripleResolver) Subject(ctx context.Context) (*entityResolver, error) {
	return t.r.entityByID(ctx, t.t.Subject)
}

// SubjectID resolves Triple.subjectId.
func (t *tripleResolver) SubjectID() outID { return idOf(t.t.Subject) }

// Predicate resolves Triple.predicate.
func (t *tripleResolver) Predicate() string { return string(t.t.Predicate) }

// Object resolves Triple.object.
func (t *tripleResolver) Object(ctx context.Context) (*entityResolver, error) {
	if !t.t.Object.IsEntity() {
		return nil, nil
	}
	return t.r.entityByID(ctx, t.t.Object.Entity)
}

// Value resolves Triple.value.
func (t *tripleResolver) Value() string { return t.t.Object.String() }

// ObjectKind resolves Triple.objectKind.
func (t *tripleResolver) ObjectKind() string { return t.t.Object.Kind.String() }

// Provenance resolves Triple.provenance.
func (t *tripleResolver) Provenance(ctx context.Context) ([]*provenanceResolver, error) {
	return t.r.provenanceOf(ctx, t.t)
}

// provenanceResolver resolves Provenance.
type provenanceResolver struct {
	r *resolver
	p graph.Provenance
}

// provenanceOf returns the provenance of t, one per asserting source.
func (r *resolver) provenanceOf(ctx context.Context, t graph.Triple) ([]*provenanceResolver, error) {
	ps, err := stateOf(ctx).loaders.provenance.Load(ctx, t)()
	if err != nil {
		return nil, storeError(ctx, "provenance", err)
	}
	out := make([]*provenanceResolver, len(ps))
	for i, p := range ps {
		out[i] = &provenanceResolver{r: r, p: p}
	}
	return out, nil
}

// Source resolves Provenance.source.
func (p *provenanceResolver) Source(ctx context.Context) (*sourceResolver, error) {
	src, err := stateOf(ctx).loaders.sources.Load(ctx, p.p.Source)()
	if err != nil {
		return nil, storeError(ctx, "source "+p.p.Source.String(), err)
	}
	return &sourceResolver{s: *src}, nil
}

// Sentence resolves Provenance.sentence.
func (p *provenanceResolver) Sentence() string { return p.p.Sentence }

// Start resolves Provenance.start.
func (p *provenanceResolver) Start() int32 { return int32(p.p.Start) }

// End resolves Provenance.end.
func (p *provenanceResolver) End() int32 { return int32(p.p.End) }

// Rule resolves Provenance.rule.
func (p *provenanceResolver) Rule() string { return p.p.Rule }

// Confidence resolves Provenance.confidence.
func (p *provenanceResolver) Confidence() float64 { return p.p.Confidence }

// sourceResolver resolves Source.
type sourceResolver struct{ s graph.Source }

// sourcesByID returns the sources ids, through the request's loader.
func (r *resolver) sourcesByID(ctx context.Context, ids []graph.ID) ([]*sourceResolver, error) {
	srcs, errs := stateOf(ctx).loaders.sources.loadAll(ctx, ids)
	out := make([]*sourceResolver, 0, len(srcs))
	for i, s := range srcs {
		if errs[i] != nil {
			return nil, storeError(ctx, "source "+ids[i].String(), errs[i])
		}
		out = append(out, &sourceResolver{s: *s})
	}
	return out, nil
}

// ID resolves Source.id.
func (s *sourceResolver) ID() outID { return idOf(s.s.ID) }

// Title resolves Source.title.
func (s *sourceResolver) Title() string { return s.s.Title }

// URL resolves Source.url.
func (s *sourceResolver) URL() string { return s.s.URL }

// Hash resolves Source.hash.
func (s *sourceResolver) Hash() string { return s.s.Hash }

// Date resolves Source.date.
func (s *sourceResolver) Date() *string {
	if s.s.Date == "" {
		return nil
	}
	return &s.s.Date
}

// IngestedAt resolves Source.ingestedAt.
func (s *sourceResolver) IngestedAt() string { return s.s.IngestedAt.UTC().Format(time.RFC3339) }

// Triples resolves Source.triples.
func (s *sourceResolver) Triples() int32 { return int32(s.s.Triples) }
