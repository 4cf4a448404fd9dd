package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"sync"
	"testing"

	"github.com/graph-gophers/dataloader/v7"

	"github.com/govkg/govkg/graph"
)

// readCounter counts the calls of the loaders' batch functions, each of
// which is one round of store reads, and the keys they asked for.
type readCounter struct {
	mu                   sync.Mutex
	entityCalls, entKeys int
	edgeCalls, edgeKeys  int
}

func (c *readCounter) hooks() batchHooks {
	return batchHooks{
		entities: func(next dataloader.BatchFunc[graph.ID, *graph.Entity]) dataloader.BatchFunc[graph.ID, *graph.Entity] {
			return func(ctx context.Context, ids []graph.ID) []*dataloader.Result[*graph.Entity] {
				c.mu.Lock()
				c.entityCalls++
				c.entKeys += len(ids)
				c.mu.Unlock()
				return next(ctx, ids)
			}
		},
		edges: func(next dataloader.BatchFunc[edgeKey, []graph.Triple]) dataloader.BatchFunc[edgeKey, []graph.Triple] {
			return func(ctx context.Context, keys []edgeKey) []*dataloader.Result[[]graph.Triple] {
				c.mu.Lock()
				c.edgeCalls++
				c.edgeKeys += len(keys)
				c.mu.Unlock()
				return next(ctx, keys)
			}
		},
	}
}

func (c *readCounter) reset() {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.entityCalls, c.entKeys, c.edgeCalls, c.edgeKeys = 0, 0, 0, 0
}

// decisionStore builds a store of n decisions, each issued by one of
// three bodies on a date of its own.
func decisionStore(t testing.TB, n int) (*graph.Store, map[string]string, map[string]string) {
	t.Helper()
	store := openStore(t)
	bodies := []graph.Entity{
		{Type: graph.Organization, Name: "Test Body A"},
		{Type: graph.Organization, Name: "Test Body B"},
		{Type: graph.Organization, Name: "Test Body C"},
	}
	for i := range bodies {
		bodies[i].ID = graph.NewID(graph.Key(graph.Organization, bodies[i].Name))
	}
	src := graph.Source{ID: graph.SourceID("test:decisions"), Title: "decisions", URL: "test:decisions", Hash: fmt.Sprint(n)}
	b := graph.Batch{Source: src, Entities: append([]graph.Entity(nil), bodies...)}
	issuer, date := map[string]string{}, map[string]string{}
	for i := 0; i < n; i++ {
		sym := fmt.Sprintf("%d/QĐ-TEST", i+1)
		d := graph.Entity{ID: graph.NewID(graph.DocumentKey(graph.Decision, sym, "")), Type: graph.Decision,
			Name: "Decision " + sym, Attrs: map[string]string{"symbol": sym}}
		b.Entities = append(b.Entities, d)
		body := bodies[i%len(bodies)]
		day := fmt.Sprintf("2021-%02d-%02d", 1+i%12, 1+i%28)
		dv, err := graph.DateValue(day)
		if err != nil {
			t.Fatal(err)
		}
		prov := graph.Provenance{Source: src.ID, Sentence: "test", Rule: "test", Confidence: 1}
		b.Assertions = append(b.Assertions,
			graph.Assertion{Triple: graph.Triple{Subject: d.ID, Predicate: graph.IssuedBy, Object: graph.EntityValue(body.ID)}, Provenance: prov},
			graph.Assertion{Triple: graph.Triple{Subject: d.ID, Predicate: graph.IssuedOn, Object: dv}, Provenance: prov})
		issuer[d.Name], date[d.Name] = body.Name, day
	}
	if _, err := store.Apply(context.Background(), b); err != nil {
		t.Fatal(err)
	}
	return store, issuer, date
}

// TestDataloaderBatchesReads checks that a list of 100 decisions with
// their issuers and dates costs a handful of store reads, not one per
// decision, and that the answers are right.
func TestDataloaderBatchesReads(t *testing.T) {
	const n = 100
	store, issuer, date := decisionStore(t, n)
	var count readCounter
	srv := serveStore(t, store, nil, Options{}, count.hooks())

	queries := map[string]string{
		"entities": `{ entities(type: Decision, first: 100) { nodes { name ... on Decision { issuedOn issuedBy { name } } } } }`,
		"search":   `{ search(text: "decision", types: [Decision], first: 100) { edges { node { name ... on AnyDocument { issuedOn issuedBy { name } } } } } }`,
	}
	for name, q := range queries {
		t.Run(name, func(t *testing.T) {
			count.reset()
			data := srv.mustQuery(t, q, nil)
			var r map[string]struct {
				Nodes []docAnswer
				Edges []struct{ Node docAnswer }
			}
			if err := json.Unmarshal(data, &r); err != nil {
				t.Fatal(err)
			}
			var docs []docAnswer
			for _, v := range r {
				docs = append(docs, v.Nodes...)
				for _, e := range v.Edges {
					docs = append(docs, e.Node)
				}
			}
			if len(docs) != n {
				t.Fatalf("%d decisions, want %d", len(docs), n)
			}
			for _, d := range docs {
				if len(d.IssuedBy) != 1 || d.IssuedBy[0].Name != issuer[d.Name] || d.IssuedOn != date[d.Name] {
					t.Errorf("%s: issued by %v on %s, want %s on %s", d.Name, d.IssuedBy, d.IssuedOn, issuer[d.Name], date[d.Name])
				}
			}
			count.mu.Lock()
			defer count.mu.Unlock()
			t.Logf("%d decisions: %d entity reads (%d keys), %d edge reads (%d keys)",
				n, count.entityCalls, count.entKeys, count.edgeCalls, count.edgeKeys)
			if count.entityCalls > 2 || count.edgeCalls > 1 {
				t.Errorf("%d entity reads and %d edge reads for %d decisions: the loaders do not batch", count.entityCalls, count.edgeCalls, n)
			}
			if count.edgeKeys != 2*n {
				t.Errorf("%d edge keys read, want %d (issuer and date of each decision, once)", count.edgeKeys, 2*n)
			}
		})
	}
}

// TestTriplesLoadEntitiesOnlyWhenSelected checks that a page of triples
// reads its subjects and objects in one batch when the query selects
// them, and not at all when it selects only the predicates and values.
func TestTriplesLoadEntitiesOnlyWhenSelected(t *testing.T) {
	store, _, _ := decisionStore(t, 30)
	var count readCounter
	srv := serveStore(t, store, nil, Options{}, count.hooks())
	tests := []struct {
		name, query string
		reads       int
	}{
		{"values only", `{ triples(predicate: issued_by, first: 30) { edges { node { predicate value } } } }`, 0},
		{"subjects", `{ triples(predicate: issued_by, first: 30) { edges { node { predicate subject { name } } } } }`, 1},
		{"objects through a fragment", `{ triples(predicate: issued_by, first: 30) { edges { node { ...o } } } } fragment o on Triple { object { name } }`, 1},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			count.reset()
			var r struct {
				Triples struct{ Edges []json.RawMessage }
			}
			if err := json.Unmarshal(srv.mustQuery(t, tc.query, nil), &r); err != nil {
				t.Fatal(err)
			}
			if len(r.Triples.Edges) != 30 {
				t.Fatalf("%d triples, want 30", len(r.Triples.Edges))
			}
			count.mu.Lock()
			defer count.mu.Unlock()
			if count.entityCalls != tc.reads {
				t.Errorf("%d entity reads (%d keys), want %d", count.entityCalls, count.entKeys, tc.reads)
			}
		})
	}
}

type docAnswer struct {
	Name     string
	IssuedOn string
	IssuedBy []struct{ Name string }
}

// BenchmarkListWithIssuers times the API answering "100 decisions with
// their issuers and dates" beside the floor: the same reads made directly
// on the store, with no HTTP, GraphQL or loaders.
func BenchmarkListWithIssuers(b *testing.B) {
	const n = 100
	store, _, _ := decisionStore(b, n)
	srv := serveStore(b, store, nil, Options{}, batchHooks{})
	ctx := context.Background()
	b.Run("graphql", func(b *testing.B) {
		q := `{ entities(type: Decision, first: 100) { nodes { name ... on Decision { issuedOn issuedBy { name } } } } }`
		for b.Loop() {
			srv.mustQuery(b, q, nil)
		}
	})
	b.Run("store-floor", func(b *testing.B) {
		for b.Loop() {
			page, err := store.EntitiesOfType(ctx, graph.Decision, graph.PageRequest{First: n})
			if err != nil || len(page.Entities) != n {
				b.Fatalf("%d entities, %v", len(page.Entities), err)
			}
			var issuers []graph.ID
			for _, e := range page.Entities {
				for _, p := range []graph.Predicate{graph.IssuedBy, graph.IssuedOn} {
					tp, err := store.Match(ctx, graph.Pattern{Subject: e.ID, Predicate: p}, graph.PageRequest{First: 10})
					if err != nil {
						b.Fatal(err)
					}
					if p == graph.IssuedBy {
						issuers = append(issuers, tp.Triples[0].Object.Entity)
					}
				}
			}
			if _, err := store.EntitiesByID(ctx, issuers); err != nil {
				b.Fatal(err)
			}
		}
	})
}
