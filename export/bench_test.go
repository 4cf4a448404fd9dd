package export

import (
	"context"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"sync"
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
	return s
}

// heapPeak samples HeapInuse every few milliseconds until stop is called
// and returns the highest sample.
func heapPeak() (stop func() uint64) {
	var peak uint64
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		var ms runtime.MemStats
		t := time.NewTicker(5 * time.Millisecond)
		defer t.Stop()
		for {
			runtime.ReadMemStats(&ms)
			peak = max(peak, ms.HeapInuse)
			select {
			case <-done:
				return
			case <-t.C:
			}
		}
	}()
	return func() uint64 {
		close(done)
		wg.Wait()
		return peak
	}
}

// BenchmarkExportNQuads measures the N-Quads export of a generated graph
// beside its floor, ForEachTriple alone (the store's own scan), at two
// sizes. Each reports triples/s and the peak HeapInuse while it ran
// (sampled every 5 ms; the store's block cache is part of both), so that
// the two sizes show whether the export's memory grows with the graph.
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
				triples := 0
				for b.Loop() {
					got, err := fn()
					if err != nil {
						b.Fatal(err)
					}
					triples += got
				}
				peak := stop()
				b.ReportMetric(float64(triples)/b.Elapsed().Seconds(), "triples/s")
				b.ReportMetric(float64(peak)/(1<<20), "peak-heap-MB")
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
