package gen_test

import (
	"reflect"
	"sort"
	"testing"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/graph/gen"
)

// drain returns every batch of a generator, taken n at a time.
func drain(t *testing.T, g *gen.Generator, n int) []graph.Batch {
	t.Helper()
	var all []graph.Batch
	for {
		bs := g.Next(n)
		if len(bs) == 0 {
			return all
		}
		if len(bs) > n {
			t.Fatalf("Next(%d) returned %d batches", n, len(bs))
		}
		all = append(all, bs...)
	}
}

func count(bs []graph.Batch) int {
	n := 0
	for _, b := range bs {
		n += len(b.Assertions)
	}
	return n
}

func TestSameSeedSameGraph(t *testing.T) {
	tests := []struct {
		name       string
		seedA      int64
		seedB      int64
		chunkA     int
		chunkB     int
		wantSame   bool
		assertions int
	}{
		{"same seed, same chunks", 7, 7, 10, 10, true, 20000},
		{"same seed, other chunks", 7, 7, 1, 64, true, 20000},
		{"other seed", 7, 8, 10, 10, false, 20000},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			a := drain(t, gen.New(tc.seedA, tc.assertions), tc.chunkA)
			b := drain(t, gen.New(tc.seedB, tc.assertions), tc.chunkB)
			if same := reflect.DeepEqual(a, b); same != tc.wantSame {
				t.Fatalf("streams equal = %v, want %v", same, tc.wantSame)
			}
		})
	}
}

func TestSizes(t *testing.T) {
	for _, want := range []int{1, 49, 5000, 30000} {
		g := gen.New(1, want)
		bs := drain(t, g, 16)
		got := count(bs)
		if got < want || got != g.Assertions() || !g.Done() {
			t.Errorf("target %d: %d assertions (generator says %d, done %v)", want, got, g.Assertions(), g.Done())
		}
		// Only the last article may be short; an article overshoots its
		// size by at most one section.
		for i, b := range bs {
			n := len(b.Assertions)
			if (n < 50 && i != len(bs)-1) || n > 300 {
				t.Errorf("target %d: batch %d of %d has %d assertions", want, i, len(bs), n)
			}
		}
		if got-want > 300 {
			t.Errorf("target %d: overshot to %d", want, got)
		}
	}
}

// TestHugeTarget checks that the size asked for does not cost memory up
// front: the pools grow as the stream needs them.
func TestHugeTarget(t *testing.T) {
	g := gen.New(1, 1<<40)
	if bs := g.Next(3); len(bs) != 3 || g.Done() {
		t.Fatalf("got %d batches, done %v", len(bs), g.Done())
	}
}

// TestWellFormed checks every batch against the ontology: entities valid
// and mentioned, signatures respected, provenance pointing at the batch's
// source, and an ID always naming the same entity.
func TestWellFormed(t *testing.T) {
	bs := drain(t, gen.New(3, 30000), 32)
	known := map[graph.ID]graph.Entity{}
	sources := map[graph.ID]bool{}
	for bi, b := range bs {
		if sources[b.Source.ID] {
			t.Fatalf("batch %d: source %s repeated", bi, b.Source.ID)
		}
		sources[b.Source.ID] = true
		if b.Source.Hash == "" || b.Source.URL == "" || graph.SourceID(b.Source.URL) != b.Source.ID {
			t.Fatalf("batch %d: source record %+v", bi, b.Source)
		}
		types := map[graph.ID]graph.EntityType{}
		for _, e := range b.Entities {
			if err := e.Validate(); err != nil {
				t.Fatalf("batch %d: %v", bi, err)
			}
			if _, dup := types[e.ID]; dup {
				t.Fatalf("batch %d: entity %q listed twice", bi, e.Name)
			}
			types[e.ID] = e.Type
			if k, ok := known[e.ID]; ok && (k.Name != e.Name || k.Type != e.Type) {
				t.Fatalf("batch %d: ID %s is %s %q here and %s %q before", bi, e.ID, e.Type, e.Name, k.Type, k.Name)
			}
			known[e.ID] = e
		}
		seen := map[graph.Triple]bool{}
		for _, a := range b.Assertions {
			if seen[a.Triple] {
				t.Fatalf("batch %d: triple %+v asserted twice", bi, a.Triple)
			}
			seen[a.Triple] = true
			if a.Source != b.Source.ID || a.Sentence == "" || a.End-a.Start != len(a.Sentence) {
				t.Fatalf("batch %d: provenance %+v", bi, a.Provenance)
			}
			if err := a.Object.Validate(); err != nil {
				t.Fatalf("batch %d: %v", bi, err)
			}
			st, ok := types[a.Subject]
			if !ok {
				t.Fatalf("batch %d: subject of %s not among the batch's entities", bi, a.Predicate)
			}
			var ot graph.EntityType
			if a.Object.IsEntity() {
				if ot, ok = types[a.Object.Entity]; !ok {
					t.Fatalf("batch %d: object of %s not among the batch's entities", bi, a.Predicate)
				}
			}
			if !graph.SignatureOf(a.Predicate).Accepts(st, ot, a.Object.Kind) {
				t.Fatalf("batch %d: %s %s %s (%s) breaks the signature", bi, st, a.Predicate, ot, a.Object.Kind)
			}
		}
	}
}

// TestShape checks the properties the benchmarks rely on: a few bodies
// issue most documents, and implements chains are several hops long but
// bounded by the hierarchy.
func TestShape(t *testing.T) {
	bs := drain(t, gen.New(5, 40000), 32)
	issued := map[graph.ID]int{}
	implements := map[graph.ID][]graph.ID{}
	docs := 0
	for _, b := range bs {
		for _, a := range b.Assertions {
			switch a.Predicate {
			case graph.IssuedBy:
				issued[a.Object.Entity]++
				docs++
			case graph.Implements:
				implements[a.Subject] = append(implements[a.Subject], a.Object.Entity)
			}
		}
	}
	counts := make([]int, 0, len(issued))
	for _, n := range issued {
		counts = append(counts, n)
	}
	sort.Sort(sort.Reverse(sort.IntSlice(counts)))
	top := 0
	for _, n := range counts[:5] {
		top += n
	}
	if len(counts) < 20 || top*2 < docs {
		t.Errorf("issuers: the top 5 of %d issue %d of %d documents; want a skewed majority", len(counts), top, docs)
	}

	depth := map[graph.ID]int{}
	var longest func(graph.ID, int) int
	longest = func(n graph.ID, guard int) int {
		if guard > 50 {
			t.Fatalf("implements has a cycle through %s", n)
		}
		if d, ok := depth[n]; ok {
			return d
		}
		d := 0
		for _, m := range implements[n] {
			d = max(d, 1+longest(m, guard+1))
		}
		depth[n] = d
		return d
	}
	deepest := 0
	for n := range implements {
		deepest = max(deepest, longest(n, 0))
	}
	if deepest < 3 || deepest > 5 {
		t.Errorf("longest implements chain is %d hops; want 3 to 5", deepest)
	}
}
