package graphtest

import (
	"context"
	"strings"
	"testing"

	"github.com/govkg/govkg/graph"
)

func TestFirstDiff(t *testing.T) {
	tests := []struct{ a, b, want string }{
		{"x\ny", "x\ny", "no difference"},
		{"x\ny", "x\nz", "line 2 (of 2 and 2):\n  y\n  z"},
		{"x", "x\nmore", "line 2 (of 1 and 2):\n  \n  more"},
	}
	for _, tt := range tests {
		if got := FirstDiff(tt.a, tt.b); got != tt.want {
			t.Errorf("FirstDiff(%q, %q) = %q, want %q", tt.a, tt.b, got, tt.want)
		}
	}
}

// TestDump checks that a dump shows what a store holds, and that two
// stores given the same batch dump alike.
func TestDump(t *testing.T) {
	src := graph.Source{ID: graph.SourceID("https://example.test/a"), URL: "https://example.test/a", Title: "A", Hash: "h1"}
	person := graph.Entity{ID: graph.NewID(graph.Key(graph.Person, "Tô Lâm")), Type: graph.Person, Name: "Tô Lâm", Aliases: []string{"To Lam"}}
	body := graph.Entity{ID: graph.NewID(graph.Key(graph.Organization, "Bộ Công an")), Type: graph.Organization, Name: "Bộ Công an"}
	batch := graph.Batch{Source: src, Entities: []graph.Entity{person, body}, Assertions: []graph.Assertion{{
		Triple:     graph.Triple{Subject: person.ID, Predicate: graph.Leads, Object: graph.EntityValue(body.ID)},
		Provenance: graph.Provenance{Source: src.ID, Sentence: "Tô Lâm leads the ministry.", Start: 0, End: 26, Rule: "test", Confidence: 1},
	}}}
	var dumps []string
	for range 2 {
		s, err := graph.Open(graph.Options{Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(context.Background(), batch); err != nil {
			t.Fatal(err)
		}
		dumps = append(dumps, Dump(t, s, false))
		s.Close()
	}
	if dumps[0] != dumps[1] {
		t.Fatalf("two stores with the same batch dump differently:\n%s", FirstDiff(dumps[0], dumps[1]))
	}
	for _, want := range []string{`"Tô Lâm"`, `["To Lam"]`, " leads ", `"Tô Lâm leads the ministry."`, "C entities=2 triples=1 sources=1"} {
		if !strings.Contains(dumps[0], want) {
			t.Errorf("the dump lacks %s:\n%s", want, dumps[0])
		}
	}
}
