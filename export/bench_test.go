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
	return []int{100_000, 1_000_000}
}

// loadGenerated fills a store on disk with gen's graph of n assertions.
func loadGenerated(b *testing.B, n int) *graph.Store {
	b.Helper()
	s, err := graph.Open(graph.Options{Dir: b.TempDir()})
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { s.Close() })
	g := gen.New(1, n)
	for !g.Done() {
		if _, err := s.ApplyAll(context.Background(), g.Next(200)); err != nil {
			b.Fatal(err)
		}
	}
	// Measure a store at rest: right after a bulk load Badger still has
	// dozens of level-0 tables to compact, and every short scan (one per
	// source, one per entity's mentions) pays for each of them.
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
// up, which scales with the store's own caches).
func heapPeak() (stop func() (inuse, live uint64)) {
	var peakInuse, peakLive uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		sample := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			metrics.Read(sample)
			peakInuse = max(peakInuse, ms.HeapInuse)
			if sample[0].Value.Kind() == metrics.KindUint64 {
				peakLive = max(peakLive, sample[0].Value.Uint64())
			}
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() (uint64, uint64) {
		close(done)
		wg.Wait()
		return peakInuse, peakLive
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
// beside its floor, ForEachTriple alone (the store's own scan), at two
// sizes. Each reports triples/s, the peak HeapInuse while it ran and the
// peak live heap (sampled every 5 ms; the store's caches are part of both,
// and of the floor's), so that the two sizes show whether the export's
// memory grows with the graph. The store is flattened after loading (see
// loadGenerated); GOVKG_BENCH_TRIPLES=N runs one size.
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
				runtime.GC()
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
				inuse, live := stop()
				b.ReportMetric(float64(triples)/b.Elapsed().Seconds(), "triples/s")
				b.ReportMetric(float64(triples)/cpu.Seconds(), "triples/cpu-s")
				if m := s.DB().BlockCacheMetrics(); m != nil {
					b.ReportMetric(float64(m.CostAdded()-m.CostEvicted())/(1<<20), "block-cache-MB")
				}
				b.ReportMetric(float64(inuse)/(1<<20), "peak-heap-MB")
				b.ReportMetric(float64(live)/(1<<20), "peak-live-MB")
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
	}
}
