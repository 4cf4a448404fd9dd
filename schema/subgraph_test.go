package schema

import (
	"encoding/json"
	"slices"
	"testing"

	"github.com/govkg/govkg/graph"
)

// TestSubgraphNodeFields checks that a subgraph asked for node IDs alone
// has the same nodes and edges as one asked for names, without reading
// the entities, and that names asked for through a fragment are read.
func TestSubgraphNodeFields(t *testing.T) {
	var count readCounter
	store := openStore(t)
	loadFixture(t, store)
	srv := serveStore(t, store, nil, Options{}, count.hooks())

	type answer struct {
		Nodes []struct{ ID, Type, Name string }
		Edges []struct{ ID, Source, Target, Predicate string }
	}
	ask := func(q string) (answer, int) {
		t.Helper()
		count.reset()
		data := srv.mustQuery(t, q, nil)
		var r map[string]answer
		if err := json.Unmarshal(data, &r); err != nil {
			t.Fatal(err)
		}
		count.mu.Lock()
		defer count.mu.Unlock()
		for _, a := range r {
			return a, count.entKeys
		}
		t.Fatalf("no answer in %s", data)
		return answer{}, 0
	}
	for _, tc := range []struct{ name, field, full, idsOnly, fragment string }{
		{"neighbourhood", "neighbourhood",
			`{ neighbourhood(id: "Tô Lâm", depth: 2) { nodes { id type name } edges { id source target predicate } } }`,
			`{ neighbourhood(id: "Tô Lâm", depth: 2) { nodes { id __typename } edges { id source target predicate } } }`,
			`{ neighbourhood(id: "Tô Lâm", depth: 2) { ...F } } fragment F on Subgraph { nodes { id name } }`},
		{"path", "path",
			`{ path(from: "To Lam", to: "Project 06") { nodes { id type name } edges { id source target predicate } } }`,
			`{ path(from: "To Lam", to: "Project 06") { nodes { id } edges { id source target predicate } } }`,
			`{ path(from: "To Lam", to: "Project 06") { ... on Subgraph { nodes { id name } } } }`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			full, fullReads := ask(tc.full)
			ids, idReads := ask(tc.idsOnly)
			frag, fragReads := ask(tc.fragment)
			if len(full.Nodes) < 2 || len(full.Edges) == 0 {
				t.Fatalf("%d nodes, %d edges: the fixture should give more", len(full.Nodes), len(full.Edges))
			}
			if fullReads < len(full.Nodes) || fragReads < len(full.Nodes) {
				t.Errorf("entity keys read: %d for names, %d through a fragment; want at least %d", fullReads, fragReads, len(full.Nodes))
			}
			if idReads != 0 {
				t.Errorf("%d entity keys read for node IDs alone, want 0", idReads)
			}
			if len(ids.Nodes) != len(full.Nodes) || len(frag.Nodes) != len(full.Nodes) || !slices.Equal(ids.Edges, full.Edges) {
				t.Fatalf("IDs only: %d nodes, %d edges; fragment: %d nodes; with names: %d nodes, %d edges",
					len(ids.Nodes), len(ids.Edges), len(frag.Nodes), len(full.Nodes), len(full.Edges))
			}
			for i, n := range full.Nodes {
				if n.Name == "" || n.Type == "" || ids.Nodes[i].ID != n.ID || frag.Nodes[i].ID != n.ID || frag.Nodes[i].Name != n.Name {
					t.Errorf("node %d: full %+v, IDs only %+v, fragment %+v", i, n, ids.Nodes[i], frag.Nodes[i])
				}
			}
		})
	}
}

// TestIDsOf checks the shared formatting of IDs against uuid's own.
func TestIDsOf(t *testing.T) {
	ids := []graph.ID{{}, graph.NewID("a"), graph.NewID("b"), graph.SourceID("c")}
	for i := range ids[3] {
		ids[3][i] = byte(0xf0 + i)
	}
	got := idsOf(ids)
	if len(got) != len(ids) {
		t.Fatalf("%d IDs, want %d", len(got), len(ids))
	}
	for i, id := range ids {
		if string(got[i]) != id.String() || idOf(id) != got[i] {
			t.Errorf("idsOf: %q, want %q", got[i], id.String())
		}
	}
	if len(idsOf(nil)) != 0 {
		t.Error("idsOf(nil) is not empty")
	}
}
