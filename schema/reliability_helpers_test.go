package schema

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/govkg/govkg/graph"
)

// dumpGraph renders everything a store holds as sorted lines (entities,
// triples with each provenance, sources with their counts), so that two
// stores compare as text. withTimes keeps each source's ingestion time.
func dumpGraph(t testing.TB, s *graph.Store, withTimes bool) string {
	t.Helper()
	ctx := context.Background()
	var lines []string
	err := s.ForEachEntity(ctx, func(e graph.Entity) error {
		al := slices.Clone(e.Aliases)
		sort.Strings(al)
		var attrs []string
		for k, v := range e.Attrs {
			attrs = append(attrs, k+"="+v)
		}
		sort.Strings(attrs)
		lines = append(lines, fmt.Sprintf("E %s %s %q %q %q", e.ID, e.Type, e.Name, al, attrs))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	var triples []graph.Triple
	if err := s.ForEachTriple(ctx, func(tr graph.Triple) error { triples = append(triples, tr); return nil }); err != nil {
		t.Fatal(err)
	}
	for _, tr := range triples {
		lines = append(lines, fmt.Sprintf("T %s %s %s:%s", tr.Subject, tr.Predicate, tr.Object.Kind, tr.Object))
		ps, err := s.Provenance(ctx, tr)
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range ps {
			lines = append(lines, fmt.Sprintf("P %s %s %s:%s %s %s [%d,%d) %.3f %q", tr.Subject, tr.Predicate,
				tr.Object.Kind, tr.Object, p.Source, p.Rule, p.Start, p.End, p.Confidence, p.Sentence))
		}
	}
	srcs, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, src := range srcs {
		line := fmt.Sprintf("S %s %q %q %s %s %d", src.ID, src.URL, src.Title, src.Hash, src.Date, src.Triples)
		if withTimes {
			line += " " + src.IngestedAt.UTC().String()
		}
		lines = append(lines, line)
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	lines = append(lines, fmt.Sprintf("C entities=%d triples=%d sources=%d", st.Entities, st.Triples, st.Sources))
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// firstDiff describes where two dumps part.
func firstDiff(a, b string) string {
	la, lb := strings.Split(a, "\n"), strings.Split(b, "\n")
	for i := 0; i < len(la) || i < len(lb); i++ {
		var x, y string
		if i < len(la) {
			x = la[i]
		}
		if i < len(lb) {
			y = lb[i]
		}
		if x != y {
			return fmt.Sprintf("line %d (of %d and %d):\n  %s\n  %s", i+1, len(la), len(lb), x, y)
		}
	}
	return "no difference"
}

// checkStore runs the store's check and fails on any problem.
func checkStore(t testing.TB, s *graph.Store) {
	t.Helper()
	rep, err := s.Check(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("check: %d problems, first %s", len(rep.Problems), rep.Problems[0])
	}
}

// markerText is a source for lineIngester: k facts about one marker
// person, each naming a body of its own, so that a reader can count how
// many of a source's facts it sees.
func markerText(source, k int) string {
	var b strings.Builder
	for j := 0; j < k; j++ {
		fmt.Fprintf(&b, "Person \"Marker %d\" member_of Organization \"Body %d-%d\".\n", source, source, j)
	}
	return b.String()
}
