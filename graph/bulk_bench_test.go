package graph_test

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"path/filepath"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"

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
	bs, assertions := benchArticles(b)
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

// benchArticles generates the b.N articles both bulk benchmarks load and
// counts their assertions.
func benchArticles(b *testing.B) ([]graph.Batch, int) {
	bs := gen.New(benchSeed, max(benchTriples(b), b.N*250)).Next(b.N)
	assertions := 0
	for _, x := range bs {
		assertions += len(x.Assertions)
	}
	return bs, assertions
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

// BenchmarkBulkLoadRawFloor is the floor under BenchmarkBulkLoad: Badger's
// StreamWriter alone writing the very keys and values a BulkLoad of the
// same articles stored, already sorted, on one stream per core, through
// its public API (badger.KVToBuffer). No loader that keeps govkg's key
// layout can write faster on this machine; the two rates side by side
// show how much of BulkLoad's time is its own. Loading the articles and
// reading the keys back are not timed.
func BenchmarkBulkLoadRawFloor(b *testing.B) {
	ctx := context.Background()
	bs, assertions := benchArticles(b)
	s, err := graph.Open(graph.Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	done := false
	if _, err := s.BulkLoad(ctx, func() ([]graph.Batch, error) {
		if done {
			return nil, io.EOF
		}
		done = true
		return bs, nil
	}); err != nil {
		b.Fatal(err)
	}
	bs = nil
	kvs := rawKeys(b, s)
	keys, vals := make([][]byte, len(kvs)), make([][]byte, len(kvs))
	for i, kv := range kvs {
		keys[i], vals[i] = []byte(kv[0]), []byte(kv[1])
	}
	kvs = nil
	if err := s.Close(); err != nil {
		b.Fatal(err)
	}
	db, err := badger.Open(badger.DefaultOptions(b.TempDir()).WithLogger(nil).
		WithNumVersionsToKeep(1).WithDetectConflicts(false))
	if err != nil {
		b.Fatal(err)
	}
	defer db.Close()

	b.ResetTimer()
	cpu0 := cpuTime(b)
	start := time.Now()
	sw := db.NewStreamWriter()
	if err := sw.Prepare(); err != nil {
		b.Fatal(err)
	}
	streams := runtime.GOMAXPROCS(0)
	per := (len(keys) + streams - 1) / streams
	var wg sync.WaitGroup
	errs := make([]error, streams)
	for i := range streams {
		lo, hi := min(i*per, len(keys)), min((i+1)*per, len(keys))
		wg.Go(func() {
			errs[i] = rawStream(sw, uint32(i+1), keys[lo:hi], vals[lo:hi])
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		b.Fatal(err)
	}
	if err := sw.Flush(); err != nil {
		b.Fatal(err)
	}
	took := time.Since(start)
	cpu := cpuTime(b) - cpu0
	b.StopTimer()
	b.ReportMetric(float64(assertions)/took.Seconds(), "triples/s")
	b.ReportMetric(float64(assertions)/cpu.Seconds(), "triples/cpu-s")
	b.ReportMetric(float64(len(keys))/float64(assertions), "keys/triple")
}

// rawStream writes keys and their values to sw as stream id, 4 MiB of
// them per Write, and closes the stream.
func rawStream(sw *badger.StreamWriter, id uint32, keys, vals [][]byte) error {
	buf := z.NewBuffer(5<<20, "govkg.bench")
	defer buf.Release()
	for i := range keys {
		badger.KVToBuffer(&pb.KV{Key: keys[i], Value: vals[i], Version: 1, StreamId: id}, buf)
		if buf.LenNoPadding() >= 4<<20 {
			if err := sw.Write(buf); err != nil {
				return err
			}
			buf.Reset()
		}
	}
	badger.KVToBuffer(&pb.KV{StreamId: id, StreamDone: true}, buf)
	return sw.Write(buf)
}
