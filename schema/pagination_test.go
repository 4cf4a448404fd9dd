package schema

import (
	"context"
	"encoding/json"
	"fmt"
	"testing"

	"github.com/govkg/govkg/graph"
)

// TestTriplesPagination walks the triples connection page by page, with
// several page sizes and patterns, and checks that it visits every
// matching triple exactly once.
func TestTriplesPagination(t *testing.T) {
	srv := newTestServer(t, Options{})
	ctx := context.Background()
	tripleKey := func(s, p, v string) string { return s + " " + p + " " + v }

	want := func(pat graph.Pattern) map[string]bool {
		out := map[string]bool{}
		err := srv.store.ForEachTriple(ctx, func(tr graph.Triple) error {
			if pat.Subject != (graph.ID{}) && tr.Subject != pat.Subject {
				return nil
			}
			if pat.Predicate != "" && tr.Predicate != pat.Predicate {
				return nil
			}
			out[tripleKey(tr.Subject.String(), string(tr.Predicate), tr.Object.String())] = true
			return nil
		})
		if err != nil {
			t.Fatal(err)
		}
		return out
	}
	cases := []struct {
		name string
		args string
		pat  graph.Pattern
	}{
		{"all", "", graph.Pattern{}},
		{"predicate", "predicate: implements", graph.Pattern{Predicate: graph.Implements}},
		{"subject", fmt.Sprintf("subject: %q", srv.ids["r12"]), graph.Pattern{Subject: srv.ids["r12"]}},
	}
	for _, c := range cases {
		expect := want(c.pat)
		if len(expect) == 0 {
			t.Fatalf("%s: the fixture has no such triples", c.name)
		}
		for _, first := range []int{1, 2, 3, 7, 1000} {
			t.Run(fmt.Sprintf("%s/first=%d", c.name, first), func(t *testing.T) {
				seen := map[string]int{}
				var after any
				for pages := 0; ; pages++ {
					if pages > len(expect)+1 {
						t.Fatalf("more pages than triples: the walk does not end")
					}
					data := srv.mustQuery(t, `query($first: Int!, $after: String) {
						triples(`+c.args+` first: $first, after: $after) {
							edges { cursor node { subjectId predicate value } }
							pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
						}}`, map[string]any{"first": first, "after": after})
					var r struct {
						Triples struct {
							Edges []struct {
								Cursor string
								Node   struct{ SubjectID, Predicate, Value string }
							}
							PageInfo struct {
								HasNextPage, HasPreviousPage bool
								StartCursor, EndCursor       *string
							}
						}
					}
					if err := json.Unmarshal(data, &r); err != nil {
						t.Fatal(err)
					}
					if pi, edges := r.Triples.PageInfo, r.Triples.Edges; pi.HasPreviousPage != (after != nil) ||
						len(edges) > 0 && (*pi.StartCursor != edges[0].Cursor || *pi.EndCursor != edges[len(edges)-1].Cursor) {
						t.Fatalf("page info %+v does not fit the page (after %v)", pi, after)
					}
					if len(r.Triples.Edges) > first {
						t.Fatalf("page of %d edges for first: %d", len(r.Triples.Edges), first)
					}
					for _, e := range r.Triples.Edges {
						seen[tripleKey(e.Node.SubjectID, e.Node.Predicate, e.Node.Value)]++
					}
					if !r.Triples.PageInfo.HasNextPage {
						break
					}
					if r.Triples.PageInfo.EndCursor == nil {
						t.Fatal("hasNextPage without an endCursor")
					}
					after = *r.Triples.PageInfo.EndCursor
				}
				for k, n := range seen {
					if n != 1 {
						t.Errorf("visited %d times: %s", n, k)
					}
					if !expect[k] {
						t.Errorf("not a matching triple: %s", k)
					}
				}
				if len(seen) != len(expect) {
					t.Errorf("visited %d triples, want %d", len(seen), len(expect))
				}
			})
		}
	}
}

// TestEdgeCursorsResume checks that every edge's cursor, not only the
// page's last, resumes right after that edge.
func TestEdgeCursorsResume(t *testing.T) {
	srv := newTestServer(t, Options{})
	type page struct {
		Triples struct {
			Edges []struct {
				Cursor string
				Node   struct{ SubjectID, Predicate, Value string }
			}
		}
	}
	q := `query($first: Int!, $after: String) { triples(first: $first, after: $after) {
		edges { cursor node { subjectId predicate value } } } }`
	var all page
	if err := json.Unmarshal(srv.mustQuery(t, q, map[string]any{"first": 100}), &all); err != nil {
		t.Fatal(err)
	}
	edges := all.Triples.Edges
	if len(edges) < 5 {
		t.Fatalf("only %d triples", len(edges))
	}
	for i := 0; i < len(edges)-1; i++ {
		var next page
		if err := json.Unmarshal(srv.mustQuery(t, q, map[string]any{"first": 1, "after": edges[i].Cursor}), &next); err != nil {
			t.Fatal(err)
		}
		if len(next.Triples.Edges) != 1 || next.Triples.Edges[0].Node != edges[i+1].Node {
			t.Fatalf("after edge %d's cursor: got %+v, want %+v", i, next.Triples.Edges, edges[i+1].Node)
		}
	}
}

// TestRelationsBothPagination walks an entity's relations in both
// directions and checks it meets each edge once: out-edges, then in-edges.
func TestRelationsBothPagination(t *testing.T) {
	srv := newTestServer(t, Options{})
	ctx := context.Background()
	for _, ref := range []string{"r12", "pb", "tl", "hn"} {
		id := srv.ids[ref]
		out, err := srv.store.Match(ctx, graph.Pattern{Subject: id}, graph.PageRequest{First: 1000})
		if err != nil {
			t.Fatal(err)
		}
		v := graph.EntityValue(id)
		in, err := srv.store.Match(ctx, graph.Pattern{Object: &v}, graph.PageRequest{First: 1000})
		if err != nil {
			t.Fatal(err)
		}
		want := len(out.Triples) + len(in.Triples)
		for _, first := range []int{1, 2, 3, 50} {
			seen := map[string]int{}
			var after any
			for pages := 0; pages <= want+1; pages++ {
				data := srv.mustQuery(t, `query($id: ID!, $first: Int!, $after: String) { entity(id: $id) {
					relations(direction: BOTH, first: $first, after: $after) {
						edges { predicate direction node { id } value }
						pageInfo { hasNextPage endCursor } } } }`,
					map[string]any{"id": id.String(), "first": first, "after": after})
				var r struct {
					Entity struct {
						Relations struct {
							Edges []struct {
								Predicate, Direction string
								Node                 *struct{ ID string }
								Value                *string
							}
							PageInfo struct {
								HasNextPage bool
								EndCursor   *string
							}
						}
					}
				}
				if err := json.Unmarshal(data, &r); err != nil {
					t.Fatal(err)
				}
				for _, e := range r.Entity.Relations.Edges {
					other := ""
					if e.Node != nil {
						other = e.Node.ID
					} else if e.Value != nil {
						other = *e.Value
					}
					seen[e.Direction+" "+e.Predicate+" "+other]++
				}
				if !r.Entity.Relations.PageInfo.HasNextPage {
					break
				}
				after = *r.Entity.Relations.PageInfo.EndCursor
			}
			total := 0
			for k, n := range seen {
				total += n
				if n != 1 {
					t.Errorf("%s first=%d: %s visited %d times", ref, first, k, n)
				}
			}
			if total != want {
				t.Errorf("%s first=%d: visited %d edges, want %d", ref, first, total, want)
			}
		}
	}
}
