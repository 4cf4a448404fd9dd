package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/govkg/govkg/graph"
)

// Pipeline reads, extracts and stores: the whole of `govkg ingest` and of
// the ingestText mutation.
type Pipeline struct {
	Store     *graph.Store
	Extractor *Extractor
	// Workers extracting in parallel; 0 means GOMAXPROCS.
	Workers int
	// Stdin is read for the path "-".
	Stdin io.Reader
	// Group is how many documents are applied per store transaction
	// group (each document is still its own whole-or-nothing batch).
	Group int
	// Prelude is stored before the files' documents, as its own sources
	// (the seeds, into an empty store). The summary counts its entities,
	// triples and assertions, but not its batches as documents.
	Prelude []graph.Batch
	// BulkLimit, when positive, has IngestFiles fill an empty store with
	// graph.Store.BulkLoad, several times faster than transactions, when
	// the files come to at most BulkLimit bytes in all. A bulk load holds
	// everything in memory until it writes (BulkLoad's documentation
	// gives about 2.7 KiB per assertion; news text gives about one
	// assertion per 120 bytes), and stores all or nothing: interrupted, it
	// leaves the store empty. Its summary counts distinct entities and
	// triples.
	BulkLimit int64
}

// Summary says what an ingest did.
type Summary struct {
	Files       int           // files read
	Documents   int           // documents extracted and stored
	Unchanged   int           // documents whose source was already stored as is
	Replaced    int           // documents that replaced an earlier version of their source
	Skipped     int           // files or records refused (see Errors)
	Entities    int           // entities upserted
	NewEntities int           // of which new to the store
	Added       int           // triples new to the store
	Removed     int           // triples that left the store (replaced sources)
	Assertions  int           // assertions stored
	Elapsed     time.Duration // wall time
	Bulk        bool          // stored by the bulk loader (see Pipeline.BulkLimit)
	Errors      []error       // one per skipped input, naming it
}

// IngestText extracts one text given directly (the ingestText mutation)
// and stores it as its own source.
func (p *Pipeline) IngestText(ctx context.Context, title, url, text string) (graph.ApplyResult, error) {
	docs, err := Read("ingestText", strings.NewReader(text), FormatAuto)
	if err != nil {
		// A text the reader refuses is bad input, not a fault.
		return graph.ApplyResult{}, fmt.Errorf("%w: %w", graph.ErrInvalid, err)
	}
	if len(docs) != 1 {
		return graph.ApplyResult{}, fmt.Errorf("%w: ingest text %q: %d documents, want 1", graph.ErrInvalid, title, len(docs))
	}
	d := docs[0]
	d.Path = ""
	if title != "" {
		d.Title = title
	}
	d.URL = url
	x, err := p.Extractor.Extract(ctx, d)
	if err != nil {
		return graph.ApplyResult{}, fmt.Errorf("ingest text %q: %w", d.Title, err)
	}
	return p.Store.Apply(ctx, x.Batch())
}

// Progress is told about each file as it is done.
type Progress interface {
	Done(path string, docs int, err error)
}

// IngestFiles reads, extracts and stores every file (as listed by Walk).
// A file that cannot be read or extracted is skipped and reported in the
// summary; the others go on. Only a store failure or a cancelled context
// stops the run, and then every document already applied stays applied.
func (p *Pipeline) IngestFiles(ctx context.Context, files []string, format Format, progress Progress) (Summary, error) {
	start := time.Now()
	var sum Summary
	workers := p.Workers
	if workers <= 0 {
		workers = runtime.GOMAXPROCS(0)
	}
	group := p.Group
	if group <= 0 {
		group = 64
	}

	bulk, err := p.bulkEligible(ctx, files)
	if err != nil {
		return sum, fmt.Errorf("ingest: store: %w", err)
	}

	type result struct {
		path    string
		batches []graph.Batch
		err     error
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	paths := make(chan string)
	results := make(chan result, workers)
	var wg sync.WaitGroup
	for i := 0; i < workers; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for path := range paths {
				batches, err := p.extractFile(ctx, path, format)
				select {
				case results <- result{path, batches, err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() {
		defer close(paths)
		for _, f := range files {
			select {
			case paths <- f:
			case <-ctx.Done():
				return
			}
		}
	}()
	go func() { wg.Wait(); close(results) }()

	// The store is written by its own goroutine, a few groups behind the
	// extraction, so that extracting and storing overlap: the workers go on
	// while a group is applied.
	groups := make(chan []graph.Batch, 4)
	var stored Summary // written by the writer only, read after it ends
	var storeErr error // likewise
	var storeFailed atomic.Bool
	writerDone := make(chan struct{})
	fail := func(err error) {
		storeErr = err
		storeFailed.Store(true)
		cancel() // the extraction stops; what follows is drained
	}
	go func() {
		defer close(writerDone)
		if bulk {
			var err error
			if stored, err = p.bulkStore(ctx, groups); err != nil {
				fail(err)
			}
			for range groups { // drain
			}
			return
		}
		if len(p.Prelude) > 0 {
			res, err := p.Store.ApplyAll(ctx, p.Prelude)
			for _, r := range res {
				stored.add(r)
			}
			stored.Documents -= len(res) // documents are the files'
			if err != nil {
				fail(err)
			}
		}
		for g := range groups {
			if storeErr != nil {
				continue // drain
			}
			res, err := p.Store.ApplyAll(ctx, g)
			for _, r := range res {
				stored.add(r)
			}
			if err != nil {
				fail(err)
			}
		}
	}()

	var pending []graph.Batch
	for r := range results {
		sum.Files++
		if r.err != nil {
			sum.Skipped++
			sum.Errors = append(sum.Errors, r.err)
		}
		if !storeFailed.Load() {
			pending = append(pending, r.batches...)
			if len(pending) >= group {
				groups <- pending
				pending = nil
			}
		}
		if progress != nil {
			progress.Done(r.path, len(r.batches), r.err)
		}
	}
	if len(pending) > 0 {
		groups <- pending
	}
	close(groups)
	<-writerDone
	sum.merge(stored)
	sum.Elapsed = time.Since(start)
	if storeErr != nil {
		return sum, fmt.Errorf("ingest: store: %w", storeErr)
	}
	if err := ctx.Err(); err != nil {
		return sum, fmt.Errorf("ingest: %w", err)
	}
	return sum, nil
}

// extractFile reads one file and extracts each of its documents. Errors
// for single records (JSON Lines) skip those records only.
func (p *Pipeline) extractFile(ctx context.Context, path string, format Format) ([]graph.Batch, error) {
	var docs []Document
	var readErr error
	if path == "-" && p.Stdin != nil {
		docs, readErr = Read("-", p.Stdin, format)
	} else {
		docs, readErr = ReadFile(path, format)
	}
	var batches []graph.Batch
	var errs []error
	if readErr != nil {
		errs = append(errs, readErr)
	}
	for _, d := range docs {
		x, err := p.Extractor.Extract(ctx, d)
		if err != nil {
			errs = append(errs, fmt.Errorf("extract %s: %w", d.Location(), err))
			continue
		}
		batches = append(batches, x.Batch())
	}
	return batches, errors.Join(errs...)
}

func (s *Summary) add(r graph.ApplyResult) {
	s.Documents++
	switch {
	case r.Unchanged:
		s.Unchanged++
	case r.Replaced:
		s.Replaced++
	}
	s.Entities += r.Entities
	s.NewEntities += r.NewEntities
	s.Added += r.Added
	s.Removed += r.Removed
	s.Assertions += r.Assertions
}

// merge adds what the store reported in o (documents, entities, triples
// and assertions) to s.
func (s *Summary) merge(o Summary) {
	s.Documents += o.Documents
	s.Unchanged += o.Unchanged
	s.Replaced += o.Replaced
	s.Entities += o.Entities
	s.NewEntities += o.NewEntities
	s.Added += o.Added
	s.Removed += o.Removed
	s.Assertions += o.Assertions
	s.Bulk = s.Bulk || o.Bulk
}

// bulkEligible reports whether IngestFiles may bulk-load files: the store
// is empty and the files, all regular files, come to at most BulkLimit
// bytes.
func (p *Pipeline) bulkEligible(ctx context.Context, files []string) (bool, error) {
	if p.BulkLimit <= 0 {
		return false, nil
	}
	st, err := p.Store.Stats(ctx)
	if err != nil {
		return false, err
	}
	if st.Sources > 0 || st.Entities > 0 {
		return false, nil
	}
	var total int64
	for _, f := range files {
		info, err := os.Stat(f)
		if err != nil || !info.Mode().IsRegular() {
			return false, nil // standard input, or a file the run will report
		}
		if total += info.Size(); total > p.BulkLimit {
			return false, nil
		}
	}
	return true, nil
}

// bulkStore is the store's side of a bulk ingest: it hands the groups of
// batches to BulkLoad as they come, the prelude first, and applies
// afterwards, in order, the batches of a source that came again with
// other content (which BulkLoad refuses; Apply replaces). On an error it
// returns at once, leaving groups to the caller to drain.
func (p *Pipeline) bulkStore(ctx context.Context, groups <-chan []graph.Batch) (Summary, error) {
	var sum Summary
	hashes := map[graph.ID]string{}
	var later []graph.Batch
	// keep sets aside the batches that repeat a source with other content.
	keep := func(bs []graph.Batch) []graph.Batch {
		out := bs[:0:0]
		for _, b := range bs {
			h, seen := hashes[b.Source.ID]
			switch {
			case !seen:
				hashes[b.Source.ID] = b.Source.Hash
				out = append(out, b)
			case h == b.Source.Hash && h != "":
				out = append(out, b) // unchanged: BulkLoad counts it
			default:
				later = append(later, b)
			}
		}
		return out
	}
	prelude := keep(p.Prelude)
	res, err := p.Store.BulkLoad(ctx, func() ([]graph.Batch, error) {
		if len(prelude) > 0 {
			bs := prelude
			prelude = nil
			return bs, nil
		}
		g, ok := <-groups
		if !ok {
			return nil, io.EOF
		}
		return keep(g), nil
	})
	if err != nil {
		return sum, err // the caller drains groups
	}
	sum.Bulk = true
	sum.Documents = res.Batches - len(p.Prelude)
	sum.Unchanged = res.Unchanged
	sum.Entities = res.Entities
	sum.NewEntities = res.Entities
	sum.Added = res.Triples
	sum.Assertions = res.Assertions
	if len(later) > 0 {
		rs, err := p.Store.ApplyAll(ctx, later)
		for _, r := range rs {
			sum.add(r)
		}
		if err != nil {
			return sum, err
		}
	}
	return sum, nil
}
