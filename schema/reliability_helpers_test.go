package schema

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/internal/graphtest"
)

// dumpGraph renders everything a store holds as sorted text (see
// graphtest.Dump).
func dumpGraph(t testing.TB, s *graph.Store, withTimes bool) string {
	t.Helper()
	return graphtest.Dump(t, s, withTimes)
}

// firstDiff describes where two dumps part.
func firstDiff(a, b string) string { return graphtest.FirstDiff(a, b) }

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
