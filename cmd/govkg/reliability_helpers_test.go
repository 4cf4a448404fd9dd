package main

import (
	"context"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/internal/graphtest"
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

// dumpStore renders everything the store at dir holds as sorted text
// (see graphtest.Dump), opening it read-only.
func dumpStore(t testing.TB, dir string, withTimes bool) string {
	t.Helper()
	s, err := graph.Open(graph.Options{Dir: dir, ReadOnly: true})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	return graphtest.Dump(t, s, withTimes)
}

// firstDiff describes where two dumps part.
func firstDiff(a, b string) string { return graphtest.FirstDiff(a, b) }

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

// freeAddr returns a loopback address with a port that was free a moment
// ago, for a server the test starts.
func freeAddr(t testing.TB) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().String()
}
