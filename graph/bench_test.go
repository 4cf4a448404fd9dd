package graph_test

// Benchmarks of the store on a generated, domain-shaped graph (graph/gen).
//
// The read benchmarks share one store of GOVKG_BENCH_TRIPLES assertions
// (default 1,000,000), built once per process and cached between runs in
// the system temp directory (govkg-bench-<triples>-<seed>); set
// GOVKG_BENCH_FRESH=1 to rebuild it. Nothing here runs without -bench.
//
//	go test ./graph -run '^$' -bench . -benchtime 2000x -timeout 30m

import (
	"context"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/graph/gen"
)

const (
	benchSeed      = 20240601
	benchChunk     = 256  // batches per ApplyAll call
	benchSample    = 4096 // random nodes (and pairs) the read benchmarks cycle through
	fixtureVersion = "3"  // bump when the generator's output, the build or the store format changes
)

// benchTriples is the size of the shared store.
func benchTriples(b *testing.B) int {
	v := os.Getenv("GOVKG_BENCH_TRIPLES")
	if v == "" {
		return 1_000_000
	}
	n, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
	if err != nil || n <= 0 {
		b.Fatalf("GOVKG_BENCH_TRIPLES=%q is not a positive number", v)
	}
	return n
}

// benchFixture is the shared store and the nodes the benchmarks start from.
type benchFixture struct {
	s          *graph.Store
	dir        string
	assertions int
	stats      graph.Stats
	built      string // how the store was built, for the log
	nodes      []graph.ID
	pairs      [][2]graph.ID
	programmes []graph.ID
}

var (
	fixtureOnce sync.Once
	fixture     *benchFixture
	fixtureErr  error
)

// sharedFixture returns the store, building it on first use.
func sharedFixture(b *testing.B) *benchFixture {
	b.Helper()
	n := benchTriples(b)
	first := false
	fixtureOnce.Do(func() {
		first = true
		fixture, fixtureErr = buildFixture(n)
	})
	if fixtureErr != nil {
		b.Fatal(fixtureErr)
	}
	if first {
		b.Logf("store: %s", fixture.built)
	}
	return fixture
}

// buildFixture loads n generated assertions into the cache directory unless
// a complete store of that size is already there, then reopens it and
// samples start nodes.
func buildFixture(n int) (*benchFixture, error) {
	ctx := context.Background()
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("govkg-bench-%d-%d", n, benchSeed))
	marker := filepath.Join(dir, "complete")
	want := "govkg bench fixture " + fixtureVersion + "\n"
	fx := &benchFixture{dir: dir}
	got, err := os.ReadFile(marker)
	if os.Getenv("GOVKG_BENCH_FRESH") == "1" || err != nil || !strings.HasPrefix(string(got), want) {
		if err := os.RemoveAll(dir); err != nil {
			return nil, fmt.Errorf("bench fixture %s: %w", dir, err)
		}
		s, err := graph.Open(graph.Options{Dir: dir})
		if err != nil {
			return nil, err
		}
		start := time.Now()
		applied, err := loadAll(ctx, s, gen.New(benchSeed, n))
		took := time.Since(start)
		if err == nil {
			// Settle the LSM tree, so that the read benchmarks do not run
			// beside the compactions the load leaves pending.
			err = s.DB().Flatten(2)
		}
		if cerr := s.Close(); err == nil {
			err = cerr
		}
		if err != nil {
			return nil, fmt.Errorf("bench fixture %s: %w", dir, err)
		}
		note := fmt.Sprintf("built %d assertions in %s (%.0f assertions/s) on %s",
			applied, took.Round(time.Millisecond), float64(applied)/took.Seconds(), time.Now().Format(time.RFC3339))
		if err := os.WriteFile(marker, []byte(want+note+"\n"), 0o600); err != nil {
			return nil, fmt.Errorf("bench fixture %s: %w", dir, err)
		}
		got = []byte(want + note + "\n")
	}
	fx.built = fmt.Sprintf("%s: %s", dir, strings.TrimSpace(strings.TrimPrefix(string(got), want)))
	// Read-only: the benchmarks only read, and a read-only Badger runs no
	// compactions and leaves nothing to recover when the process ends.
	if fx.s, err = graph.Open(graph.Options{Dir: dir, ReadOnly: true}); err != nil {
		// A store left open by an older run needs one read-write open to
		// replay its log first.
		s, rerr := graph.Open(graph.Options{Dir: dir})
		if rerr != nil {
			return nil, errors.Join(err, rerr)
		}
		if err := s.Close(); err != nil {
			return nil, err
		}
		if fx.s, err = graph.Open(graph.Options{Dir: dir, ReadOnly: true}); err != nil {
			return nil, err
		}
	}
	if fx.stats, err = fx.s.Stats(ctx); err != nil {
		return nil, err
	}
	fx.built += fmt.Sprintf("; %d entities, %d triples, %d sources", fx.stats.Entities, fx.stats.Triples, fx.stats.Sources)
	return fx, fx.sample()
}

// loadAll applies every batch of g, benchChunk at a time.
func loadAll(ctx context.Context, s *graph.Store, g *gen.Generator) (int, error) {
	n := 0
	for bs := g.Next(benchChunk); len(bs) > 0; bs = g.Next(benchChunk) {
		if _, err := s.ApplyAll(ctx, bs); err != nil {
			return n, err
		}
		for _, b := range bs {
			n += len(b.Assertions)
		}
	}
	return n, nil
}

// sample picks random entities, random pairs and random programmes with a
// fixed seed, from every entity by type (in the order of the type codes)
// and then by ID.
func (fx *benchFixture) sample() error {
	types := graph.EntityTypes()
	byType := make([][]graph.ID, len(types))
	err := fx.s.ForEachEntity(context.Background(), func(e graph.Entity) error {
		i := slices.Index(types, e.Type)
		byType[i] = append(byType[i], e.ID)
		return nil
	})
	if err != nil {
		return err
	}
	var all []graph.ID
	for i, ids := range byType {
		all = append(all, ids...)
		if types[i] == graph.Programme {
			fx.programmes = ids
		}
	}
	if len(all) == 0 || len(fx.programmes) == 0 {
		return errors.New("bench fixture: no entities or no programmes")
	}
	r := rand.New(rand.NewPCG(benchSeed, 1))
	for range benchSample {
		fx.nodes = append(fx.nodes, all[r.IntN(len(all))])
		fx.pairs = append(fx.pairs, [2]graph.ID{all[r.IntN(len(all))], all[r.IntN(len(all))]})
	}
	r.Shuffle(len(fx.programmes), func(i, j int) { fx.programmes[i], fx.programmes[j] = fx.programmes[j], fx.programmes[i] })
	if err := fx.warm(); err != nil {
		return err
	}
	runtime.GC() // collect what building and warming left, before any timing
	return nil
}

// warm reads every edge key once ('S' and 'O', the tables the read
// benchmarks scan), so that each benchmark measures a warm block cache
// rather than paying alone for loading blocks the next one then reuses.
func (fx *benchFixture) warm() error {
	return fx.s.DB().View(func(txn *badger.Txn) error {
		for _, table := range []byte{'S', 'O'} {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{table}})
			for it.Rewind(); it.Valid(); it.Next() {
				_ = it.Item().Key()
			}
			it.Close()
		}
		return nil
	})
}

// BenchmarkLoad measures ApplyAll into a fresh on-disk store: one op is
// one generated article (50–200 assertions), applied benchChunk at a
// time; generating them is not timed.
func BenchmarkLoad(b *testing.B) {
	ctx := context.Background()
	s, err := graph.Open(graph.Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	g := gen.New(benchSeed, max(benchTriples(b), b.N*250))
	assertions := 0
	var applying time.Duration
	b.ResetTimer()
	for done := 0; done < b.N; {
		b.StopTimer()
		bs := g.Next(min(benchChunk, b.N-done))
		for _, x := range bs {
			assertions += len(x.Assertions)
		}
		b.StartTimer()
		start := time.Now()
		if _, err := s.ApplyAll(ctx, bs); err != nil {
			b.Fatal(err)
		}
		applying += time.Since(start)
		done += len(bs)
	}
	b.StopTimer()
	b.ReportMetric(float64(assertions)/applying.Seconds(), "triples/s")
	b.ReportMetric(float64(assertions)/float64(b.N), "triples/op")
}

// BenchmarkLoadRawFloor is the floor under BenchmarkLoad: Badger alone
// writing, per generated assertion, five random keys of the sizes the
// store writes for one (from a census of the 1M-triple store in format
// govkg-3: the 'X' provenance key of 17 bytes with an 87-byte record, the
// 'S' key of 13 with its 4-byte source list, the 'P' and 'O' keys of 13,
// the 'U' mention key of 9), in transactions filled to Badger's limit.
// One op is as many assertions as an average article holds (130). Entity records (0.4 keys per assertion),
// the source's record and 'u' list (one key each per article) and the
// counters and numbers are left out, so the floor is a little low.
func BenchmarkLoadRawFloor(b *testing.B) {
	db, err := badger.Open(badger.DefaultOptions(b.TempDir()).WithLogger(nil).
		WithNumVersionsToKeep(1).WithDetectConflicts(false))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()
	r := rand.New(rand.NewPCG(benchSeed, 2))
	shapes := []struct {
		table  byte
		key    int
		valLen int
	}{{'X', 17, 87}, {'S', 13, 4}, {'P', 13, 0}, {'O', 13, 0}, {'U', 9, 0}}
	val := make([]byte, 128)
	for i := range val {
		val[i] = byte(r.Uint32())
	}
	assertions := b.N * 130
	b.ResetTimer()
	start := time.Now()
	txn := db.NewTransaction(true)
	for range assertions {
		for _, sh := range shapes {
			k := make([]byte, sh.key)
			k[0] = sh.table
			for i := 1; i < len(k); i++ {
				k[i] = byte(r.Uint32())
			}
			err := txn.Set(k, val[:sh.valLen])
			if errors.Is(err, badger.ErrTxnTooBig) {
				if err = txn.Commit(); err == nil {
					txn = db.NewTransaction(true)
					err = txn.Set(k, val[:sh.valLen])
				}
			}
			if err != nil {
				b.Fatal(err)
			}
		}
	}
	if err := txn.Commit(); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(assertions)/took.Seconds(), "triples/s")
}

// BenchmarkOutEdges measures Match with the subject bound, first 20, from
// random nodes; BenchmarkRawScanFloor reads the same keys with Badger alone.
func BenchmarkOutEdges(b *testing.B) {
	fx := sharedFixture(b)
	ctx := context.Background()
	got := 0
	b.ResetTimer()
	for i := range b.N {
		page, err := fx.s.Match(ctx, graph.Pattern{Subject: fx.nodes[i%len(fx.nodes)]}, graph.PageRequest{First: 20})
		if err != nil {
			b.Fatal(err)
		}
		got += len(page.Triples)
	}
	b.ReportMetric(float64(got)/float64(b.N), "triples/op")
}

// BenchmarkRawScanFloor is the floor under BenchmarkOutEdges: one read
// transaction, one keys-only iterator over the node's 'S' keys ('S' then
// the node's 4-byte number, read from its 'I' key before the timing), at
// most 20 keys, nothing decoded.
func BenchmarkRawScanFloor(b *testing.B) {
	fx := sharedFixture(b)
	db := fx.s.DB()
	got := 0
	prefixes := make([][]byte, len(fx.nodes))
	err := db.View(func(txn *badger.Txn) error {
		for i, id := range fx.nodes {
			item, err := txn.Get(append([]byte{'I'}, id[:]...))
			if err != nil {
				return fmt.Errorf("number of %s: %w", id, err)
			}
			n, err := item.ValueCopy(nil)
			prefixes[i] = append([]byte{'S'}, n...)
			if err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for i := range b.N {
		prefix := prefixes[i%len(fx.nodes)]
		err := db.View(func(txn *badger.Txn) error {
			it := txn.NewIterator(badger.IteratorOptions{Prefix: prefix})
			defer it.Close()
			n := 0
			for it.Seek(prefix); it.ValidForPrefix(prefix) && n < 20; it.Next() {
				_ = it.Item().Key()
				n++
			}
			got += n
			return nil
		})
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(got)/float64(b.N), "keys/op")
}

// BenchmarkNeighbourhood3Hop walks three hops both ways from random nodes,
// capped at 1,000 nodes.
func BenchmarkNeighbourhood3Hop(b *testing.B) {
	fx := sharedFixture(b)
	ctx := context.Background()
	opt := graph.TraverseOptions{Depth: 3, Direction: graph.Both, MaxNodes: 1000}
	nodes, truncated := 0, 0
	b.ResetTimer()
	for i := range b.N {
		sg, err := fx.s.Neighbourhood(ctx, fx.nodes[i%len(fx.nodes)], opt)
		if err != nil {
			b.Fatal(err)
		}
		nodes += len(sg.Nodes)
		if sg.Truncated {
			truncated++
		}
	}
	b.ReportMetric(float64(nodes)/float64(b.N), "nodes/op")
	b.ReportMetric(100*float64(truncated)/float64(b.N), "%truncated")
}

// BenchmarkShortestPath searches both ways between random pairs of nodes,
// with the default bounds (MaxDepth hops, MaxNodesCap visited).
func BenchmarkShortestPath(b *testing.B) {
	fx := sharedFixture(b)
	ctx := context.Background()
	found, hops, truncated := 0, 0, 0
	b.ResetTimer()
	for i := range b.N {
		p := fx.pairs[i%len(fx.pairs)]
		sg, err := fx.s.ShortestPath(ctx, p[0], p[1], graph.PathOptions{})
		if err != nil {
			b.Fatal(err)
		}
		if len(sg.Nodes) > 0 {
			found++
			hops += len(sg.Edges)
		}
		if sg.Truncated {
			truncated++
		}
	}
	b.ReportMetric(100*float64(found)/float64(b.N), "%found")
	if found > 0 {
		b.ReportMetric(float64(hops)/float64(found), "hops/path")
	}
	b.ReportMetric(100*float64(truncated)/float64(b.N), "%truncated")
}

// BenchmarkClosureImplements follows implements from random programmes:
// every document each implements, directly or through others.
func BenchmarkClosureImplements(b *testing.B) {
	fx := sharedFixture(b)
	ctx := context.Background()
	nodes := 0
	b.ResetTimer()
	for i := range b.N {
		sg, err := fx.s.Closure(ctx, fx.programmes[i%len(fx.programmes)], graph.Implements, graph.TraverseOptions{})
		if err != nil {
			b.Fatal(err)
		}
		nodes += len(sg.Nodes)
	}
	b.ReportMetric(float64(nodes)/float64(b.N), "nodes/op")
}
