package ingest

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/seeds"
)

// BenchmarkIngest runs the whole of `govkg ingest` (read, extract with
// the seeds as gazetteer, store) on 10,000 generated article files
// (GOVKG_BENCH_ARTICLES overrides the count), beside the same reading and
// extraction with no store in the same run. Ingest is bound by extraction
// when the two are close.
//
//	go test ./ingest -run '^$' -bench Ingest -benchtime 1x
func BenchmarkIngest(b *testing.B) {
	n := 10000
	if s := os.Getenv("GOVKG_BENCH_ARTICLES"); s != "" {
		v, err := strconv.Atoi(s)
		if err != nil {
			b.Fatalf("GOVKG_BENCH_ARTICLES=%q: %v", s, err)
		}
		n = v
	}
	dir := b.TempDir()
	g := newArticleGen(7)
	files := make([]string, n)
	total := 0
	for i := range files {
		text := g.article()
		files[i] = filepath.Join(dir, "article-"+strconv.Itoa(i)+".txt")
		if err := os.WriteFile(files[i], []byte(text), 0o600); err != nil {
			b.Fatal(err)
		}
		total += len(text)
	}
	kb, err := seeds.Load()
	if err != nil {
		b.Fatal(err)
	}
	x := NewExtractor(kb)
	ctx := context.Background()

	b.Run("extract-only", func(b *testing.B) {
		b.SetBytes(int64(total))
		p := &Pipeline{Extractor: x}
		for b.Loop() {
			for _, f := range files {
				if _, err := p.extractFile(ctx, f, FormatAuto); err != nil {
					b.Fatal(err)
				}
			}
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	})
	b.Run("extract-only-parallel", func(b *testing.B) {
		b.SetBytes(int64(total))
		for b.Loop() {
			// The pipeline with a store that is never written: extraction
			// in parallel exactly as ingest runs it.
			p := &Pipeline{Extractor: x}
			runExtractionOnly(b, ctx, p, files)
		}
		b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	})
	ingest := func(bulkLimit int64) func(b *testing.B) {
		return func(b *testing.B) { benchIngest(b, ctx, x, files, total, bulkLimit) }
	}
	// Into an empty store through transactions (ApplyAll), and with the
	// bulk loader.
	b.Run("ingest", ingest(0))
	b.Run("ingest-bulk", ingest(1<<40))
}

// benchIngest ingests files (total bytes) into a new store, bulk-loading
// them when bulkLimit allows.
func benchIngest(b *testing.B, ctx context.Context, x *Extractor, files []string, total int, bulkLimit int64) {
	n := len(files)
	b.SetBytes(int64(total))
	var triples int
	for b.Loop() {
		b.StopTimer()
		s, err := graph.Open(graph.Options{Dir: filepath.Join(b.TempDir(), "store")})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		p := &Pipeline{Store: s, Extractor: x, BulkLimit: bulkLimit}
		sum, err := p.IngestFiles(ctx, files, FormatAuto, nil)
		if err != nil {
			b.Fatal(err)
		}
		if sum.Documents != n || sum.Skipped != 0 {
			b.Fatalf("ingested %d of %d documents, skipped %d", sum.Documents, n, sum.Skipped)
		}
		triples = sum.Assertions
		b.StopTimer()
		s.Close()
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "docs/s")
	b.ReportMetric(float64(triples), "assertions")
}

// runExtractionOnly extracts every file with the pipeline's worker pool
// and drops the batches.
func runExtractionOnly(b *testing.B, ctx context.Context, p *Pipeline, files []string) {
	work := make(chan string)
	done := make(chan error)
	workers := 2
	for i := 0; i < workers; i++ {
		go func() {
			var first error
			for f := range work {
				if _, err := p.extractFile(ctx, f, FormatAuto); err != nil && first == nil {
					first = err
				}
			}
			done <- first
		}()
	}
	for _, f := range files {
		work <- f
	}
	close(work)
	for i := 0; i < workers; i++ {
		if err := <-done; err != nil {
			b.Fatal(err)
		}
	}
}
