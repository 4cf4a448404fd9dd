package graph

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"testing"
)

// travGraph is a small hand-built graph for the traversal tests:
//
//	organizations  dept --part_of--> min --part_of--> gov;  dept --part_of--> dept (a self-loop)
//	documents      res --issued_by--> gov, res --issued_on--> 2020-01-02 (a literal)
//	               plan --implements--> res, plan --issued_by--> min
//	               circ --implements--> plan, circ --issued_by--> dept
//	               prog --implements--> circ   (so prog implements res through two documents)
//	               decA --pursuant_to--> decB --pursuant_to--> decA (a cycle)
//	people/events  boss --leads--> min, boss --member_of--> gov, boss --chairs--> conf --held_in--> city
//	               lonely (a place with no edges)
//	chain          o0 --part_of--> o1 --part_of--> ... --part_of--> o12 (longer than MaxDepth)
type travGraph struct {
	s   *Store
	ids map[string]ID
	// edges holds every entity-to-entity triple asserted, to check results against.
	edges map[Edge]bool
}

func (g *travGraph) id(name string) ID {
	id, ok := g.ids[name]
	if !ok {
		panic("no entity " + name)
	}
	return id
}

func (g *travGraph) ids2(names ...string) []ID {
	out := make([]ID, len(names))
	for i, n := range names {
		out[i] = g.id(n)
	}
	return out
}

func (g *travGraph) edge(s string, p Predicate, o string) Edge {
	return Edge{Subject: g.id(s), Predicate: p, Object: g.id(o)}
}

func newTravGraph(t *testing.T) *travGraph {
	t.Helper()
	s, err := Open(Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	g := &travGraph{s: s, ids: map[string]ID{}, edges: map[Edge]bool{}}
	src := SourceID("test:traverse")
	b := Batch{Source: Source{ID: src, Title: "traversal fixture", URL: "test:traverse", Hash: "h1"}}
	ent := func(name string, t EntityType) {
		id := NewID(Key(t, name))
		g.ids[name] = id
		b.Entities = append(b.Entities, Entity{ID: id, Type: t, Name: name})
	}
	for name, typ := range map[string]EntityType{
		"gov": Organization, "min": Organization, "dept": Organization,
		"res": Resolution, "plan": Plan, "circ": Circular, "prog": Programme,
		"decA": Decision, "decB": Decision,
		"boss": Person, "conf": Event, "city": Place, "lonely": Place,
	} {
		ent(name, typ)
	}
	for i := 0; i <= 12; i++ {
		ent(fmt.Sprintf("o%d", i), Organization)
	}
	add := func(s string, p Predicate, o Value) {
		b.Assertions = append(b.Assertions, Assertion{
			Triple:     Triple{Subject: g.id(s), Predicate: p, Object: o},
			Provenance: Provenance{Source: src, Sentence: "fixture", Rule: "test", Confidence: 1},
		})
	}
	link := func(s string, p Predicate, o string) {
		add(s, p, EntityValue(g.id(o)))
		g.edges[g.edge(s, p, o)] = true
	}
	link("dept", PartOf, "min")
	link("min", PartOf, "gov")
	link("dept", PartOf, "dept")
	link("res", IssuedBy, "gov")
	date, err := DateValue("2020-01-02")
	if err != nil {
		t.Fatal(err)
	}
	add("res", IssuedOn, date)
	link("plan", Implements, "res")
	link("plan", IssuedBy, "min")
	link("circ", Implements, "plan")
	link("circ", IssuedBy, "dept")
	link("prog", Implements, "circ")
	link("decA", PursuantTo, "decB")
	link("decB", PursuantTo, "decA")
	link("boss", Leads, "min")
	link("boss", MemberOf, "gov")
	link("boss", Chairs, "conf")
	link("conf", HeldIn, "city")
	for i := 0; i < 12; i++ {
		link(fmt.Sprintf("o%d", i), PartOf, fmt.Sprintf("o%d", i+1))
	}
	if _, err := s.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return g
}

// checkSubgraph checks a walk's result: start first, no node twice, no
// edge twice, every edge stored and between returned nodes.
func (g *travGraph) checkSubgraph(t *testing.T, sg Subgraph, start ID) {
	t.Helper()
	if len(sg.Nodes) == 0 || sg.Nodes[0] != start {
		t.Fatalf("nodes %v do not start with %s", sg.Nodes, start)
	}
	in := map[ID]bool{}
	for _, n := range sg.Nodes {
		if in[n] {
			t.Fatalf("node %s returned twice", n)
		}
		in[n] = true
	}
	seen := map[Edge]bool{}
	for _, e := range sg.Edges {
		if seen[e] {
			t.Fatalf("edge %v returned twice", e)
		}
		seen[e] = true
		if !g.edges[e] {
			t.Fatalf("edge %v is not in the graph", e)
		}
		if !in[e.Subject] || !in[e.Object] {
			t.Fatalf("edge %v joins a node that was not returned", e)
		}
	}
}

func sameSet[T comparable](a, b []T) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[T]int{}
	for _, x := range a {
		m[x]++
	}
	for _, x := range b {
		m[x]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestNeighbourhood(t *testing.T) {
	g := newTravGraph(t)
	chain := func(from, to int) []string {
		var out []string
		for i := from; i <= to; i++ {
			out = append(out, fmt.Sprintf("o%d", i))
		}
		return out
	}
	chainEdges := func(from, to int) []Edge {
		var out []Edge
		for i := from; i < to; i++ {
			out = append(out, g.edge(fmt.Sprintf("o%d", i), PartOf, fmt.Sprintf("o%d", i+1)))
		}
		return out
	}
	tests := []struct {
		name      string
		start     string
		opt       TraverseOptions
		nodes     []string // nil: only the count is checked
		count     int
		edges     []Edge
		truncated bool
	}{
		{
			name: "one hop both ways", start: "min", opt: TraverseOptions{Depth: 1},
			nodes: []string{"min", "gov", "dept", "plan", "boss"},
			edges: []Edge{g.edge("min", PartOf, "gov"), g.edge("dept", PartOf, "min"), g.edge("plan", IssuedBy, "min"), g.edge("boss", Leads, "min")},
		},
		{
			name: "zero depth means one", start: "min", opt: TraverseOptions{},
			nodes: []string{"min", "gov", "dept", "plan", "boss"},
			edges: []Edge{g.edge("min", PartOf, "gov"), g.edge("dept", PartOf, "min"), g.edge("plan", IssuedBy, "min"), g.edge("boss", Leads, "min")},
		},
		{
			name: "out only", start: "min", opt: TraverseOptions{Depth: 1, Direction: Out},
			nodes: []string{"min", "gov"}, edges: []Edge{g.edge("min", PartOf, "gov")},
		},
		{
			name: "in only", start: "min", opt: TraverseOptions{Depth: 1, Direction: In},
			nodes: []string{"min", "dept", "plan", "boss"},
			edges: []Edge{g.edge("dept", PartOf, "min"), g.edge("plan", IssuedBy, "min"), g.edge("boss", Leads, "min")},
		},
		{
			name: "two hops out, self-loop kept once", start: "circ", opt: TraverseOptions{Depth: 2, Direction: Out},
			nodes: []string{"circ", "plan", "dept", "res", "min"},
			edges: []Edge{
				g.edge("circ", Implements, "plan"), g.edge("circ", IssuedBy, "dept"),
				g.edge("plan", Implements, "res"), g.edge("plan", IssuedBy, "min"),
				g.edge("dept", PartOf, "min"), g.edge("dept", PartOf, "dept"),
			},
		},
		{
			name: "predicate filter both ways", start: "dept", opt: TraverseOptions{Depth: 3, Predicates: []Predicate{PartOf}},
			nodes: []string{"dept", "min", "gov"},
			edges: []Edge{g.edge("dept", PartOf, "min"), g.edge("min", PartOf, "gov"), g.edge("dept", PartOf, "dept")},
		},
		{
			name: "two predicates", start: "boss", opt: TraverseOptions{Depth: 2, Predicates: []Predicate{HeldIn, Chairs}},
			nodes: []string{"boss", "conf", "city"},
			edges: []Edge{g.edge("boss", Chairs, "conf"), g.edge("conf", HeldIn, "city")},
		},
		{
			name: "a predicate the store has never seen", start: "boss", opt: TraverseOptions{Depth: 2, Predicates: []Predicate{Amends}},
			nodes: []string{"boss"},
		},
		{
			name: "literal objects are not nodes", start: "res", opt: TraverseOptions{Depth: 1, Direction: Out},
			nodes: []string{"res", "gov"}, edges: []Edge{g.edge("res", IssuedBy, "gov")},
		},
		{
			name: "cycle", start: "decA", opt: TraverseOptions{Depth: 6},
			nodes: []string{"decA", "decB"},
			edges: []Edge{g.edge("decA", PursuantTo, "decB"), g.edge("decB", PursuantTo, "decA")},
		},
		{
			name: "isolated node", start: "lonely", opt: TraverseOptions{Depth: 3},
			nodes: []string{"lonely"},
		},
		{
			name: "node cap reached", start: "min", opt: TraverseOptions{Depth: 1, MaxNodes: 2},
			count: 2, truncated: true,
		},
		{
			name: "node cap exactly met", start: "min", opt: TraverseOptions{Depth: 1, MaxNodes: 5},
			nodes: []string{"min", "gov", "dept", "plan", "boss"},
			edges: []Edge{g.edge("min", PartOf, "gov"), g.edge("dept", PartOf, "min"), g.edge("plan", IssuedBy, "min"), g.edge("boss", Leads, "min")},
		},
		{
			name: "depth above the cap is cut to MaxDepth and says so", start: "o0", opt: TraverseOptions{Depth: 50, Direction: Out},
			nodes: chain(0, MaxDepth), edges: chainEdges(0, MaxDepth), truncated: true,
		},
		{
			name: "depth the caller chose is not truncation", start: "o0", opt: TraverseOptions{Depth: 3, Direction: Out},
			nodes: chain(0, 3), edges: chainEdges(0, 3),
		},
		{
			name: "depth above the cap but the walk ends first", start: "o5", opt: TraverseOptions{Depth: 50, Direction: Out},
			nodes: chain(5, 12), edges: chainEdges(5, 12),
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sg, err := g.s.Neighbourhood(context.Background(), g.id(tc.start), tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			g.checkSubgraph(t, sg, g.id(tc.start))
			if tc.nodes != nil && !sameSet(sg.Nodes, g.ids2(tc.nodes...)) {
				t.Errorf("nodes: got %d %v, want %v", len(sg.Nodes), sg.Nodes, tc.nodes)
			}
			if tc.nodes == nil && len(sg.Nodes) != tc.count {
				t.Errorf("got %d nodes, want %d", len(sg.Nodes), tc.count)
			}
			if tc.nodes != nil && !sameSet(sg.Edges, tc.edges) {
				t.Errorf("edges: got %v, want %v", sg.Edges, tc.edges)
			}
			if sg.Truncated != tc.truncated {
				t.Errorf("truncated = %v, want %v", sg.Truncated, tc.truncated)
			}
		})
	}
}

func TestNeighbourhoodBreadthFirst(t *testing.T) {
	g := newTravGraph(t)
	sg, err := g.s.Neighbourhood(context.Background(), g.id("prog"), TraverseOptions{Depth: 4, Direction: Out})
	if err != nil {
		t.Fatal(err)
	}
	// prog → circ → {plan, dept} → {res, min} → gov: each ring after the one before.
	ring := map[string]int{"prog": 0, "circ": 1, "plan": 2, "dept": 2, "res": 3, "min": 3, "gov": 4}
	last := 0
	for _, n := range sg.Nodes {
		var name string
		for k, v := range g.ids {
			if v == n {
				name = k
			}
		}
		r, ok := ring[name]
		if !ok {
			t.Fatalf("unexpected node %s", name)
		}
		if r < last {
			t.Fatalf("node %s of ring %d comes after ring %d", name, r, last)
		}
		last = r
	}
	if len(sg.Nodes) != len(ring) {
		t.Fatalf("got %d nodes, want %d", len(sg.Nodes), len(ring))
	}
}

func TestClosure(t *testing.T) {
	g := newTravGraph(t)
	tests := []struct {
		name      string
		start     string
		p         Predicate
		opt       TraverseOptions
		nodes     []string
		truncated bool
	}{
		{"what a programme implements, through documents", "prog", Implements, TraverseOptions{}, []string{"prog", "circ", "plan", "res"}, false},
		{"explicit out", "prog", Implements, TraverseOptions{Direction: Out}, []string{"prog", "circ", "plan", "res"}, false},
		{"what implements a resolution", "res", Implements, TraverseOptions{Direction: In}, []string{"res", "plan", "circ", "prog"}, false},
		{"the predicate alone is followed", "circ", Implements, TraverseOptions{Predicates: []Predicate{IssuedBy}}, []string{"circ", "plan", "res"}, false},
		{"bounded by the caller", "prog", Implements, TraverseOptions{Depth: 2}, []string{"prog", "circ", "plan"}, false},
		{"node cap", "prog", Implements, TraverseOptions{MaxNodes: 2}, []string{"prog", "circ"}, true},
		{"cycle", "decB", PursuantTo, TraverseOptions{}, []string{"decB", "decA"}, false},
		{"longer than MaxDepth", "o0", PartOf, TraverseOptions{}, []string{"o0", "o1", "o2", "o3", "o4", "o5", "o6", "o7", "o8", "o9", "o10"}, true},
		{"nothing over the predicate", "boss", Implements, TraverseOptions{}, []string{"boss"}, false},
		{"the resolutions only", "prog", Implements, TraverseOptions{Types: []EntityType{Resolution}}, []string{"prog", "res"}, false},
		{"two types", "prog", Implements, TraverseOptions{Types: []EntityType{Resolution, Circular}}, []string{"prog", "circ", "res"}, false},
		{"no node of the type", "prog", Implements, TraverseOptions{Types: []EntityType{Person}}, []string{"prog"}, false},
		{"the start is kept whatever its type", "res", Implements, TraverseOptions{Direction: In, Types: []EntityType{Programme}}, []string{"res", "prog"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sg, err := g.s.Closure(context.Background(), g.id(tc.start), tc.p, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			g.checkSubgraph(t, sg, g.id(tc.start))
			if !sameSet(sg.Nodes, g.ids2(tc.nodes...)) {
				t.Errorf("nodes: got %v, want %v", sg.Nodes, tc.nodes)
			}
			for _, e := range sg.Edges {
				if e.Predicate != tc.p {
					t.Errorf("edge %v is not over %s", e, tc.p)
				}
			}
			if len(tc.opt.Types) == 0 && len(sg.Edges) < len(sg.Nodes)-1 {
				t.Errorf("%d edges cannot reach %d nodes", len(sg.Edges), len(sg.Nodes))
			}
			if sg.Truncated != tc.truncated {
				t.Errorf("truncated = %v, want %v", sg.Truncated, tc.truncated)
			}
		})
	}
}

// TestTraverseTypes checks the edges kept with a type filter, and that an
// unknown type is refused.
func TestTraverseTypes(t *testing.T) {
	g := newTravGraph(t)
	ctx := context.Background()
	sg, err := g.s.Closure(ctx, g.id("prog"), Implements, TraverseOptions{Types: []EntityType{Circular, Plan}})
	if err != nil {
		t.Fatal(err)
	}
	want := []Edge{
		{Subject: g.id("prog"), Predicate: Implements, Object: g.id("circ")},
		{Subject: g.id("circ"), Predicate: Implements, Object: g.id("plan")},
	}
	if !sameSet(sg.Nodes, g.ids2("prog", "circ", "plan")) || !sameSet(sg.Edges, want) {
		t.Errorf("closure to circulars and plans: nodes %v, edges %v; want the chain prog → circ → plan", sg.Nodes, sg.Edges)
	}
	all, err := g.s.Neighbourhood(ctx, g.id("conf"), TraverseOptions{Depth: 2, Direction: Both})
	if err != nil {
		t.Fatal(err)
	}
	people, err := g.s.Neighbourhood(ctx, g.id("conf"), TraverseOptions{Depth: 2, Direction: Both, Types: []EntityType{Person}})
	if err != nil {
		t.Fatal(err)
	}
	var wantPeople []ID
	for _, id := range all.Nodes {
		if e, err := g.s.Entity(ctx, id); err == nil && (e.Type == Person || id == g.id("conf")) {
			wantPeople = append(wantPeople, id)
		}
	}
	if len(wantPeople) < 2 || !slices.Equal(people.Nodes, wantPeople) {
		t.Errorf("people within 2 hops of conf: %v, want %v (in discovery order)", people.Nodes, wantPeople)
	}
	for _, e := range people.Edges {
		if !slices.Contains(people.Nodes, e.Subject) || !slices.Contains(people.Nodes, e.Object) {
			t.Errorf("edge %v has an end that was left out", e)
		}
	}
	if _, err := g.s.Neighbourhood(ctx, g.id("conf"), TraverseOptions{Types: []EntityType{"Planet"}}); !errors.Is(err, ErrInvalid) {
		t.Errorf("unknown type: err = %v, want ErrInvalid", err)
	}
}

func TestShortestPath(t *testing.T) {
	g := newTravGraph(t)
	tests := []struct {
		name      string
		from, to  string
		opt       PathOptions
		length    int      // edges; -1: no path
		nodes     []string // exact path when it is unique
		truncated bool
	}{
		{name: "same node", from: "boss", to: "boss", length: 0, nodes: []string{"boss"}},
		{name: "along the edges", from: "boss", to: "city", opt: PathOptions{Direction: Out}, length: 2, nodes: []string{"boss", "conf", "city"}},
		{name: "against the edges, out only", from: "city", to: "boss", opt: PathOptions{Direction: Out}, length: -1},
		{name: "against the edges, in", from: "city", to: "boss", opt: PathOptions{Direction: In}, length: 2, nodes: []string{"city", "conf", "boss"}},
		{name: "either way", from: "prog", to: "gov", length: 4},
		{name: "either way, short cut through a person", from: "conf", to: "min", length: 2, nodes: []string{"conf", "boss", "min"}},
		{
			name: "predicate filter forces the long way", from: "prog", to: "gov",
			opt:    PathOptions{Predicates: []Predicate{Implements, IssuedBy}},
			length: 4, nodes: []string{"prog", "circ", "plan", "res", "gov"},
		},
		{name: "cycle", from: "decA", to: "decB", opt: PathOptions{Direction: Out}, length: 1},
		{name: "no path to an isolated node", from: "boss", to: "lonely", length: -1},
		{name: "no path between components", from: "boss", to: "decA", length: -1},
		{name: "no path within MaxDepth, the rest unknown", from: "boss", to: "o3", length: -1, truncated: true},
		{name: "no path within the caller's depth", from: "boss", to: "o3", opt: PathOptions{MaxDepth: 10}, length: -1},
		{name: "too far for the caller's depth", from: "boss", to: "city", opt: PathOptions{MaxDepth: 1}, length: -1},
		{name: "exactly the caller's depth", from: "boss", to: "city", opt: PathOptions{MaxDepth: 2}, length: 2},
		{name: "longer than MaxDepth", from: "o0", to: "o12", length: -1, truncated: true},
		{name: "within MaxDepth", from: "o0", to: "o10", opt: PathOptions{Direction: Out}, length: 10},
		{name: "visited cap", from: "prog", to: "gov", opt: PathOptions{MaxVisited: 3}, length: -1, truncated: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			from, to := g.id(tc.from), g.id(tc.to)
			sg, err := g.s.ShortestPath(context.Background(), from, to, tc.opt)
			if err != nil {
				t.Fatal(err)
			}
			if sg.Truncated != tc.truncated {
				t.Errorf("truncated = %v, want %v", sg.Truncated, tc.truncated)
			}
			if tc.length < 0 {
				if len(sg.Nodes) != 0 || len(sg.Edges) != 0 {
					t.Fatalf("want no path, got %v", sg.Nodes)
				}
				return
			}
			if len(sg.Nodes) != tc.length+1 || len(sg.Edges) != tc.length {
				t.Fatalf("got %d nodes and %d edges, want a path of %d edges", len(sg.Nodes), len(sg.Edges), tc.length)
			}
			if tc.nodes != nil && !slices.Equal(sg.Nodes, g.ids2(tc.nodes...)) {
				t.Errorf("path %v, want %v", sg.Nodes, tc.nodes)
			}
			if sg.Nodes[0] != from || sg.Nodes[len(sg.Nodes)-1] != to {
				t.Fatalf("path %v does not run from %s to %s", sg.Nodes, tc.from, tc.to)
			}
			for i, e := range sg.Edges {
				if !g.edges[e] {
					t.Fatalf("edge %v is not in the graph", e)
				}
				a, b := sg.Nodes[i], sg.Nodes[i+1]
				forward := e.Subject == a && e.Object == b
				backward := e.Subject == b && e.Object == a
				switch {
				case tc.opt.Direction == Out && !forward, tc.opt.Direction == In && !backward, !forward && !backward:
					t.Fatalf("edge %d %v does not join %s and %s in direction %d", i, e, a, b, tc.opt.Direction)
				}
				if len(tc.opt.Predicates) > 0 && !slices.Contains(tc.opt.Predicates, e.Predicate) {
					t.Fatalf("edge %v is not over %v", e, tc.opt.Predicates)
				}
			}
		})
	}
}

func TestTraversalErrors(t *testing.T) {
	g := newTravGraph(t)
	ctx := context.Background()
	cancelled, cancel := context.WithCancel(ctx)
	cancel()
	unknown := NewID("person:nobody")
	boss, city := g.id("boss"), g.id("city")
	tests := []struct {
		name string
		run  func() error
		want error
	}{
		{"neighbourhood of an unknown node", func() error {
			_, err := g.s.Neighbourhood(ctx, unknown, TraverseOptions{})
			return err
		}, ErrNotFound},
		{"path from an unknown node", func() error {
			_, err := g.s.ShortestPath(ctx, unknown, boss, PathOptions{})
			return err
		}, ErrNotFound},
		{"path to an unknown node", func() error {
			_, err := g.s.ShortestPath(ctx, boss, unknown, PathOptions{})
			return err
		}, ErrNotFound},
		{"closure of an unknown node", func() error {
			_, err := g.s.Closure(ctx, unknown, Implements, TraverseOptions{})
			return err
		}, ErrNotFound},
		{"unknown predicate in a filter", func() error {
			_, err := g.s.Neighbourhood(ctx, boss, TraverseOptions{Predicates: []Predicate{"likes"}})
			return err
		}, ErrInvalid},
		{"closure over an unknown predicate", func() error {
			_, err := g.s.Closure(ctx, boss, "likes", TraverseOptions{})
			return err
		}, ErrInvalid},
		{"negative depth", func() error {
			_, err := g.s.Neighbourhood(ctx, boss, TraverseOptions{Depth: -1})
			return err
		}, ErrInvalid},
		{"negative node cap", func() error {
			_, err := g.s.Neighbourhood(ctx, boss, TraverseOptions{MaxNodes: -1})
			return err
		}, ErrInvalid},
		{"unknown direction", func() error {
			_, err := g.s.ShortestPath(ctx, boss, city, PathOptions{Direction: 7})
			return err
		}, ErrInvalid},
		{"negative visited cap", func() error {
			_, err := g.s.ShortestPath(ctx, boss, city, PathOptions{MaxVisited: -2})
			return err
		}, ErrInvalid},
		{"cancelled neighbourhood", func() error {
			_, err := g.s.Neighbourhood(cancelled, boss, TraverseOptions{Depth: 3})
			return err
		}, context.Canceled},
		{"cancelled path", func() error {
			_, err := g.s.ShortestPath(cancelled, boss, city, PathOptions{})
			return err
		}, context.Canceled},
		{"cancelled closure", func() error {
			_, err := g.s.Closure(cancelled, g.id("prog"), Implements, TraverseOptions{})
			return err
		}, context.Canceled},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.run()
			if !errors.Is(err, tc.want) {
				t.Fatalf("got %v, want %v", err, tc.want)
			}
		})
	}
}

// countdownCtx is a context that reports itself cancelled once Err has
// been asked n times: it lets a test cancel a walk while it runs.
type countdownCtx struct {
	context.Context
	n int
}

func (c *countdownCtx) Err() error {
	c.n--
	if c.n < 0 {
		return context.Canceled
	}
	return nil
}

// TestTraversalCancelledMidWalk checks that each traversal looks at ctx as
// it goes, not only on entry: with enough patience it finishes, with less
// it stops with the context's error.
func TestTraversalCancelledMidWalk(t *testing.T) {
	g := newTravGraph(t)
	runs := map[string]func(ctx context.Context) error{
		"neighbourhood": func(ctx context.Context) error {
			_, err := g.s.Neighbourhood(ctx, g.id("o0"), TraverseOptions{Depth: 10, Direction: Out})
			return err
		},
		"closure": func(ctx context.Context) error {
			_, err := g.s.Closure(ctx, g.id("o0"), PartOf, TraverseOptions{Depth: 10})
			return err
		},
		"path": func(ctx context.Context) error {
			_, err := g.s.ShortestPath(ctx, g.id("o0"), g.id("o10"), PathOptions{Direction: Out})
			return err
		},
	}
	for name, run := range runs {
		t.Run(name, func(t *testing.T) {
			if err := run(&countdownCtx{Context: context.Background(), n: 100}); err != nil {
				t.Fatalf("with patience: %v", err)
			}
			if err := run(&countdownCtx{Context: context.Background(), n: 3}); !errors.Is(err, context.Canceled) {
				t.Fatalf("cancelled after 3 looks: got %v, want context.Canceled", err)
			}
		})
	}
}
