package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/govkg/govkg/graph"
)

// soak reports whether the long versions of the reliability tests run
// (GOVKG_SOAK=1 or -long).
func soak() bool { return os.Getenv("GOVKG_SOAK") == "1" || *longFlag }

// buildGovkg builds the command into a temporary directory, for tests
// that run it as a child process (to kill it).
func buildGovkg(t testing.TB) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "govkg")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// dumpStore renders everything the store at dir holds as sorted lines
// (entities, triples with each provenance, sources with their counts), so
// that two stores compare as text. withTimes keeps each source's
// ingestion time, which differs between two runs of the same input.
func dumpStore(t testing.TB, dir string, withTimes bool) string {
	t.Helper()
	s, err := graph.Open(graph.Options{Dir: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	var lines []string
	err = s.ForEachEntity(ctx, func(e graph.Entity) error {
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

// sourceState is what the store holds of one source.
type sourceState struct {
	hash       string
	triples    int // the source record's count
	assertions int // assertions actually stored under it
}

// sourceStates reads every source of the store at dir by URL.
func sourceStates(t testing.TB, dir string) map[string]sourceState {
	t.Helper()
	s, err := graph.Open(graph.Options{Dir: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	ctx := context.Background()
	srcs, err := s.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	out := make(map[string]sourceState, len(srcs))
	for _, src := range srcs {
		as, err := s.SourceAssertions(ctx, src.ID)
		if err != nil {
			t.Fatal(err)
		}
		out[src.URL] = sourceState{hash: src.Hash, triples: src.Triples, assertions: len(as)}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Sources != len(srcs) {
		t.Errorf("%s: the counter says %d sources, the records %d", dir, st.Sources, len(srcs))
	}
	return out
}

// wholeOrAbsent checks that every source in got is in want exactly as
// there: a source is stored whole or not at all. It returns how many
// sources of want are present.
func wholeOrAbsent(t testing.TB, got, want map[string]sourceState) int {
	t.Helper()
	present := 0
	for url, g := range got {
		w, ok := want[url]
		switch {
		case !ok:
			t.Errorf("source %s is stored but no clean run stores it", url)
		case g != w:
			t.Errorf("source %s is torn: stored %+v, a clean run stores %+v", url, g, w)
		default:
			present++
		}
	}
	return present
}
