package export

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/metrics"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/graph/gen"
)

// benchSizes are the graph sizes of BenchmarkExportNQuads, in generated
// assertions; GOVKG_BENCH_TRIPLES overrides them with one size.
func benchSizes(b *testing.B) []int {
	if v := os.Getenv("GOVKG_BENCH_TRIPLES"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			b.Fatalf("GOVKG_BENCH_TRIPLES=%q: %v", v, err)
		}
		return []int{n}
	}
	return []int{100_000, 300_000, 1_000_000}
}

// loadGenerated fills a store on disk with gen's graph of n assertions,
// loaded with BulkLoad and compacted, and closes it when the benchmark
// ends.
func loadGenerated(b *testing.B, n int) *graph.Store {
	b.Helper()
	s, err := graph.Open(graph.Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	g := gen.New(1, n)
	_, err = s.BulkLoad(context.Background(), func() ([]graph.Batch, error) {
		if g.Done() {
			return nil, io.EOF
		}
		return g.Next(200), nil
	})
	if err != nil {
		b.Fatal(err)
	}
	// Measure a store at rest: compacted, as a store is after it has been
	// used for a while.
	if os.Getenv("GOVKG_BENCH_NOFLATTEN") == "" {
		if err := s.DB().Flatten(2); err != nil {
			b.Fatal(err)
		}
	}
	return s
}

// heapPeak samples the heap every few milliseconds until stop is called
// and returns the highest HeapInuse and the highest live heap (what the
// last GC kept: memory actually held, without the garbage GOGC lets pile
// up), each less what it was when heapPeak was called (after a GC): the
// memory the measured code added.
func heapPeak() (stop func() (inuse, live, baseLive float64)) {
	runtime.GC()
	var ms runtime.MemStats
	sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	read := func() (inuse, live uint64) {
		runtime.ReadMemStats(&ms)
		metrics.Read(sample)
		if sample[0].Value.Kind() == metrics.KindUint64 {
			live = sample[0].Value.Uint64()
		}
		return ms.HeapInuse, live
	}
	baseInuse, baseLive := read()
	peakInuse, peakLive := baseInuse, baseLive
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			inuse, live := read()
			peakInuse, peakLive = max(peakInuse, inuse), max(peakLive, live)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() (float64, float64, float64) {
		close(done)
		wg.Wait()
		return float64(peakInuse) - float64(baseInuse), float64(peakLive) - float64(baseLive), float64(baseLive)
	}
}

// cpuTime is the CPU time the process has used (user and system): on a
// shared machine, triples per CPU-second says what the export costs when
// wall time says mostly how busy the machine was.
func cpuTime(b *testing.B) time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		b.Fatal(err)
	}
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}

// BenchmarkExportNQuads measures the N-Quads export of a generated graph
// beside its floor, ForEachTriple alone (the store's own scan), at three
// sizes. Each reports triples/s and what it added to the heap: the peak
// HeapInuse and the peak live heap while it ran (sampled every 5 ms), less
// their values before it, so that the sizes show whether the export's
// memory grows with the graph. Badger's block cache, which fills as the
// scans read blocks (up to its fixed size), is part of both, and of the
// floor's; it is reported on its own. One store at a time is open.
// GOVKG_BENCH_TRIPLES=N runs one size.
//
//	go test ./export -run '^$' -bench ExportNQuads -benchtime 3x
func BenchmarkExportNQuads(b *testing.B) {
	ctx := context.Background()
	for _, n := range benchSizes(b) {
		s := loadGenerated(b, n)
		st, err := s.Stats(ctx)
		if err != nil {
			b.Fatal(err)
		}
		run := func(name string, fn func() (int, error)) {
			b.Run(fmt.Sprintf("%s/triples=%d", name, st.Triples), func(b *testing.B) {
				stop := heapPeak()
				cpu0 := cpuTime(b)
				triples := 0
				for b.Loop() {
					got, err := fn()
					if err != nil {
						b.Fatal(err)
					}
					triples += got
				}
				cpu := cpuTime(b) - cpu0
				inuse, live, base := stop()
				b.ReportMetric(float64(triples)/b.Elapsed().Seconds(), "triples/s")
				b.ReportMetric(float64(triples)/cpu.Seconds(), "triples/cpu-s")
				if m := s.DB().BlockCacheMetrics(); m != nil {
					b.ReportMetric(float64(m.CostAdded()-m.CostEvicted())/(1<<20), "block-cache-MB")
				}
				b.ReportMetric(inuse/(1<<20), "added-heap-MB")
				b.ReportMetric(live/(1<<20), "added-live-MB")
				b.ReportMetric(base/(1<<20), "live-before-MB")
			})
		}
		run("floor=ForEachTriple", func() (int, error) {
			n := 0
			err := s.ForEachTriple(ctx, func(graph.Triple) error { n++; return nil })
			return n, err
		})
		run("nquads", func() (int, error) {
			c, err := Write(ctx, s, NQuads, io.Discard, Options{})
			return c.Triples, err
		})
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
	}
}
