// Package graphtest holds what several packages' tests need to compare
// whole stores: a canonical text dump of a graph.Store and a description
// of where two texts part. It is imported by tests only.
package graphtest

import (
	"context"
	"fmt"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/govkg/govkg/graph"
)

// Dump renders everything s holds as sorted lines (entities with their
// aliases and attributes, triples with each provenance, sources with their
// counts, and the stats), so that two stores compare as text. withTimes
// keeps each source's ingestion time, which differs between two runs of
// the same input. Any read error fails tb.
func Dump(tb testing.TB, s *graph.Store, withTimes bool) string {
	tb.Helper()
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
		tb.Fatal(err)
	}
	var triples []graph.Triple
	if err := s.ForEachTriple(ctx, func(tr graph.Triple) error { triples = append(triples, tr); return nil }); err != nil {
		tb.Fatal(err)
	}
	for _, tr := range triples {
		lines = append(lines, fmt.Sprintf("T %s %s %s:%s", tr.Subject, tr.Predicate, tr.Object.Kind, tr.Object))
		ps, err := s.Provenance(ctx, tr)
		if err != nil {
			tb.Fatal(err)
		}
		for _, p := range ps {
			lines = append(lines, fmt.Sprintf("P %s %s %s:%s %s %s [%d,%d) %.3f %q", tr.Subject, tr.Predicate,
				tr.Object.Kind, tr.Object, p.Source, p.Rule, p.Start, p.End, p.Confidence, p.Sentence))
		}
	}
	srcs, err := s.Sources(ctx)
	if err != nil {
		tb.Fatal(err)
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
		tb.Fatal(err)
	}
	lines = append(lines, fmt.Sprintf("C entities=%d triples=%d sources=%d", st.Entities, st.Triples, st.Sources))
	sort.Strings(lines)
	return strings.Join(lines, "\n")
}

// FirstDiff describes the first line where a and b part, or says there is
// no difference.
func FirstDiff(a, b string) string {
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
