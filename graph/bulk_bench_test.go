package graph_test

import (
	"context"
	"io"
	"io/fs"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/graph/gen"
)

// BenchmarkBulkLoad measures BulkLoad into a fresh on-disk store, on the
// same terms as BenchmarkLoad: one op is one generated article (50–200
// assertions) from the stream of GOVKG_BENCH_TRIPLES assertions, and the
// b.N articles are loaded by one BulkLoad call (handed out benchChunk at a
// time); generating them, opening and closing the store are not timed. The
// same -benchtime Nx gives both benchmarks the same articles, so
//
//	GOVKG_BENCH_TRIPLES=100000 go test ./graph -run '^$' -bench 'Load$' -benchtime 770x
//
// compares ApplyAll and BulkLoad on about 100,000 assertions (N =
// triples/130; 7700x for 1,000,000).
func BenchmarkBulkLoad(b *testing.B) {
	ctx := context.Background()
	g := gen.New(benchSeed, max(benchTriples(b), b.N*250))
	bs := g.Next(b.N)
	assertions := 0
	for _, x := range bs {
		assertions += len(x.Assertions)
	}
	dir := b.TempDir()
	s, err := graph.Open(graph.Options{Dir: dir})
	if err != nil {
		b.Fatal(err)
	}
	// Like an ingest, which reads its files as it goes, the benchmark
	// lets go of each chunk once BulkLoad has asked for the next one.
	var handed []graph.Batch
	next := func() ([]graph.Batch, error) {
		clear(handed)
		if len(bs) == 0 {
			return nil, io.EOF
		}
		k := min(benchChunk, len(bs))
		handed = bs[:k:k]
		bs = bs[k:]
		return handed, nil
	}
	b.ResetTimer()
	cpu0 := cpuTime(b)
	start := time.Now()
	res, err := s.BulkLoad(ctx, next)
	loading := time.Since(start)
	cpu := cpuTime(b) - cpu0
	b.StopTimer()
	if err != nil {
		b.Fatal(err)
	}
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(dirSize(b, dir))/(1<<20), "disk-MiB")
	b.ReportMetric(float64(assertions)/loading.Seconds(), "triples/s")
	b.ReportMetric(float64(assertions)/float64(b.N), "triples/op")
	b.ReportMetric(float64(res.Keys)/float64(assertions), "keys/triple")
	// On a shared machine the wall-clock rate depends on the neighbours;
	// the rate per CPU second of this process does much less.
	b.ReportMetric(float64(assertions)/cpu.Seconds(), "triples/cpu-s")
}

// cpuTime is the user and system CPU time this process has used.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// dirSize is the size of the files under dir.
func dirSize(b *testing.B, dir string) int64 {
	var n int64
	err := filepath.WalkDir(dir, func(_ string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		info, err := d.Info()
		if err == nil {
			n += info.Size()
		}
		return err
	})
	if err != nil {
		b.Fatal(err)
	}
	return n
}
