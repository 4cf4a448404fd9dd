package bench

import (
	"context"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/graph/gen"
)

// testGraph loads a small generated graph into a Badger store on disk.
// Graphs of under about 10,000 triples have too few implementation chains
// for the implements question to find resolutions.
func testGraph(t *testing.T, triples int) (*Dataset, *Workload) {
	t.Helper()
	ctx := context.Background()
	dir := t.TempDir()
	s, err := graph.Open(graph.Options{Dir: filepath.Join(dir, "govkg")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	g := gen.New(3, triples)
	for bs := g.Next(32); len(bs) > 0; bs = g.Next(32) {
		if _, err := s.ApplyAll(ctx, bs); err != nil {
			t.Fatal(err)
		}
	}
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	w, err := NewWorkload(ctx, s, 11, 12)
	if err != nil {
		t.Fatal(err)
	}
	return &Dataset{Dir: dir, Store: s, Triples: st.Triples, Entities: st.Entities}, w
}

// testTriples is the size of the test graphs.
const testTriples = 10000

// checkAgainstGovkg asks every question of sys and of govkg in-process for
// every argument of w and fails on any answer that differs.
func checkAgainstGovkg(t *testing.T, sys System, d *Dataset, w *Workload) {
	t.Helper()
	ctx := context.Background()
	ref := newGovkgDirect(d.Store, LoadResult{})
	for _, q := range Questions() {
		if !sys.Supports(q) {
			continue
		}
		nonzero := 0
		for _, a := range w.Args[q] {
			want, err := ref.Ask(ctx, q, a)
			if err != nil {
				t.Fatalf("govkg %s %v: %v", q, a, err)
			}
			got, err := sys.Ask(ctx, q, a)
			if err != nil {
				t.Errorf("%s %v: %v", q, a, err)
				continue
			}
			if got != want {
				t.Errorf("%s from %s: answer size %d, govkg says %d", q, a.Node, got, want)
			}
			if want > 0 {
				nonzero++
			}
		}
		if nonzero == 0 {
			t.Errorf("%s: every answer is empty; the workload tests nothing", q)
		}
	}
}

func TestWorkloadIsDeterministic(t *testing.T) {
	d, w := testGraph(t, testTriples)
	w2, err := NewWorkload(context.Background(), d.Store, 11, 12)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range Questions() {
		if len(w.Args[q]) != 12 {
			t.Errorf("%s: %d arguments, want 12", q, len(w.Args[q]))
		}
		for i := range w.Args[q] {
			if w.Args[q][i] != w2.Args[q][i] {
				t.Fatalf("%s argument %d differs between two draws with the same seed", q, i)
			}
		}
	}
	for _, a := range w.Args[QPath] {
		if a.Node == a.To {
			t.Errorf("path argument from a node to itself: %v", a)
		}
	}
}

func TestRawBadgerAgreesWithGovkg(t *testing.T) {
	d, w := testGraph(t, testTriples)
	raw, err := newRawBadger(d.Store)
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstGovkg(t, raw, d, w)
}

func TestGovkgHTTPAgreesWithGovkg(t *testing.T) {
	d, w := testGraph(t, testTriples)
	h, err := newGovkgHTTP(d.Store, LoadResult{})
	if err != nil {
		t.Fatal(err)
	}
	defer h.Close()
	checkAgainstGovkg(t, h, d, w)
}

func TestMeasureQuestion(t *testing.T) {
	d, w := testGraph(t, testTriples)
	sys := newGovkgDirect(d.Store, LoadResult{})
	r := MeasureQuestion(context.Background(), sys, QOut, w, 2, 100, time.Second, 0)
	if r.Answered() != 10 || len(r.Answers) != 10 || r.Errors != 0 {
		t.Errorf("answered %d of %d with %d errors, want the 10 arguments after 2 warm-up ones", r.Answered(), len(r.Answers), r.Errors)
	}
	if r.P(50) <= 0 || r.P(99) < r.P(50) {
		t.Errorf("p50 %v, p99 %v", r.P(50), r.P(99))
	}
}

// asking records the arguments a System is asked, in order.
type asking struct {
	System
	asked []Arg
}

func (a *asking) Ask(ctx context.Context, q Question, arg Arg) (int, error) {
	a.asked = append(a.asked, arg)
	return a.System.Ask(ctx, q, arg)
}

// TestMeasureQuestionWarmsTheMeasuredArguments checks the order of the
// queries: the warm-up arguments, then every measured argument once
// untimed, then the measured ones again.
func TestMeasureQuestionWarmsTheMeasuredArguments(t *testing.T) {
	d, w := testGraph(t, testTriples)
	sys := &asking{System: newGovkgDirect(d.Store, LoadResult{})}
	MeasureQuestion(context.Background(), sys, QOut, w, 2, 100, time.Second, 0)
	args := w.Args[QOut]
	want := append(append(slices.Clone(args[:2]), args[2:]...), args[2:]...)
	if !slices.Equal(sys.asked, want) {
		t.Errorf("asked %d arguments %v,\nwant %d: %v", len(sys.asked), sys.asked, len(want), want)
	}
}

func TestLoadGovkgChild(t *testing.T) {
	exe, err := os.Executable()
	if err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(t.TempDir(), "store")
	l, err := LoadGovkgChild(context.Background(), exe, dir, 5, 2000)
	if err != nil {
		t.Fatal(err)
	}
	if l.Triples < 1500 || l.Duration <= 0 || l.PeakRSS < 1<<20 || l.DiskBytes <= 0 || !l.Measured {
		t.Errorf("load = %+v; want triples, time, peak memory and disk measured", l)
	}
	s, err := graph.Open(graph.Options{Dir: dir})
	if err != nil {
		t.Fatalf("the child's store does not open: %v", err)
	}
	defer s.Close()
	st, err := s.Stats(context.Background())
	if err != nil || st.Triples != l.Triples {
		t.Errorf("store holds %d triples (%v), the child said %d", st.Triples, err, l.Triples)
	}
}

// optIn skips a slow test unless env is 1.
func optIn(t *testing.T, env, what string) {
	t.Helper()
	if os.Getenv(env) != "1" {
		t.Skipf("%s is slow to start: set %s=1 to run this test", what, env)
	}
}

// missing skips, or fails under GOVKG_REQUIRE_ALL=1, when a tool is absent.
func missing(t *testing.T, format string, a ...any) {
	t.Helper()
	if os.Getenv("GOVKG_REQUIRE_ALL") == "1" {
		t.Fatalf(format, a...)
	}
	t.Skipf(format, a...)
}

// TestPostgresAgreesWithGovkg starts PostgreSQL, loads the graph with the
// harness's schema and COPY, and checks every SQL query against govkg.
// Opt in with GOVKG_BENCH_PG=1 (GOVKG_PG_BIN: where initdb is).
func TestPostgresAgreesWithGovkg(t *testing.T) {
	optIn(t, "GOVKG_BENCH_PG", "PostgreSQL")
	bin := os.Getenv("GOVKG_PG_BIN")
	if bin == "" {
		bin = "/usr/lib/postgresql/15/bin"
	}
	if _, err := os.Stat(filepath.Join(bin, "initdb")); err != nil {
		missing(t, "PostgreSQL not installed at %s (set GOVKG_PG_BIN): %v", bin, err)
	}
	d, w := testGraph(t, testTriples)
	ctx := context.Background()
	pg, err := newPostgres(ctx, Config{Tools: Tools{PostgresBin: bin}}, d.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Close()
	l, err := pg.Load(ctx, d)
	if err != nil {
		t.Fatal(err)
	}
	if l.Triples != d.Triples || l.DiskBytes <= 0 || l.PeakRSS <= 0 {
		t.Errorf("load = %+v, want %d triples with disk and memory measured", l, d.Triples)
	}
	checkAgainstGovkg(t, pg, d, w)
}

// TestCayleyAgreesWithGovkg does the same with Cayley. Opt in with
// GOVKG_BENCH_CAYLEY=1 after tools/cayley/build.sh.
func TestCayleyAgreesWithGovkg(t *testing.T) {
	optIn(t, "GOVKG_BENCH_CAYLEY", "Cayley")
	bin, _ := filepath.Abs("../tools/cayley/bin/cayley")
	if _, err := os.Stat(bin); err != nil {
		missing(t, "Cayley not built (run tools/cayley/build.sh): %v", err)
	}
	d, w := testGraph(t, testTriples)
	ctx := context.Background()
	c, err := newCayley(ctx, Config{Tools: Tools{Cayley: bin}}, d.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := c.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	checkAgainstGovkg(t, c, d, w)
}

// TestDgraphAgreesWithGovkg does the same with Dgraph. Opt in with
// GOVKG_BENCH_DGRAPH=1 once tools/dgraph/bin/dgraph (or $GOVKG_DGRAPH)
// is built.
func TestDgraphAgreesWithGovkg(t *testing.T) {
	optIn(t, "GOVKG_BENCH_DGRAPH", "Dgraph")
	bin := os.Getenv("GOVKG_DGRAPH")
	if bin == "" {
		bin, _ = filepath.Abs("../tools/dgraph/bin/dgraph")
	}
	if _, err := os.Stat(bin); err != nil {
		missing(t, "Dgraph not built (tools/dgraph/bin/dgraph or GOVKG_DGRAPH): %v", err)
	}
	d, w := testGraph(t, testTriples)
	ctx := context.Background()
	dg, err := newDgraph(ctx, Config{Tools: Tools{Dgraph: bin}}, d.Dir)
	if err != nil {
		t.Fatal(err)
	}
	defer dg.Close()
	if _, err := dg.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	checkAgainstGovkg(t, dg, d, w)
}
