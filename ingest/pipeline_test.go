package ingest

import (
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/internal/graphtest"
	"github.com/govkg/govkg/seeds"
)

// TestIngestFilesBulk ingests the same files into an empty store with the
// bulk loader and with transactions, the seeds as prelude in both, and
// compares the graphs; among the files, a JSON Lines file names one URL
// twice with different text (the later one must win, as Apply has it).
// A second run over the now full store goes through transactions and
// changes nothing.
func TestIngestFilesBulk(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	g := newArticleGen(11)
	var files []string
	for i := range 60 {
		f := filepath.Join(dir, "article-"+strconv.Itoa(i)+".txt")
		if err := os.WriteFile(f, []byte(g.article()), 0o600); err != nil {
			t.Fatal(err)
		}
		files = append(files, f)
	}
	var jl strings.Builder
	for _, text := range []string{g.article(), g.article()} {
		line, err := json.Marshal(map[string]string{"title": "Twice", "url": "https://example.org/twice", "text": text})
		if err != nil {
			t.Fatal(err)
		}
		jl.Write(line)
		jl.WriteByte('\n')
	}
	jsonl := filepath.Join(dir, "twice.jsonl")
	if err := os.WriteFile(jsonl, []byte(jl.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	files = append(files, jsonl)

	kb, err := seeds.Load()
	if err != nil {
		t.Fatal(err)
	}
	x := NewExtractor(kb)
	run := func(bulkLimit int64) (*graph.Store, Summary) {
		s, err := graph.Open(graph.Options{Dir: t.TempDir()})
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { s.Close() })
		// One worker: the documents reach the store in the same order
		// both times.
		p := &Pipeline{Store: s, Extractor: x, Workers: 1, Prelude: []graph.Batch{kb.Batch()}, BulkLimit: bulkLimit}
		sum, err := p.IngestFiles(ctx, files, FormatAuto, nil)
		if err != nil {
			t.Fatal(err)
		}
		return s, sum
	}
	applied, sa := run(0)
	bulk, sb := run(1 << 30)
	if sa.Documents != len(files)+1 || sb.Documents != sa.Documents || sb.Assertions != sa.Assertions {
		t.Errorf("summaries: transactions %d documents, %d assertions; bulk %d documents, %d assertions; want %d documents",
			sa.Documents, sa.Assertions, sb.Documents, sb.Assertions, len(files)+1)
	}
	if sa.Bulk || !sb.Bulk {
		t.Errorf("bulk: %v without a limit, %v with one; want false, true", sa.Bulk, sb.Bulk)
	}
	if sa.Replaced != 1 || sb.Replaced != 1 {
		t.Errorf("replaced: transactions %d, bulk %d; want the repeated URL's 1", sa.Replaced, sb.Replaced)
	}
	want, got := graphtest.Dump(t, applied, false), graphtest.Dump(t, bulk, false)
	if want != got {
		t.Fatalf("the bulk-loaded graph differs from the applied one at %s", graphtest.FirstDiff(want, got))
	}
	if st, err := bulk.Stats(ctx); err != nil || st.Sources != len(files)+1 {
		t.Fatalf("bulk store: %+v, %v; want %d sources (the seeds and one per file)", st, err, len(files)+1)
	}

	// Again, into the full store: transactions, nothing changes.
	p := &Pipeline{Store: bulk, Extractor: x, BulkLimit: 1 << 30}
	sum, err := p.IngestFiles(ctx, files, FormatAuto, nil)
	if err != nil {
		t.Fatal(err)
	}
	if sum.Bulk {
		t.Error("the second run, into a full store, says it loaded in bulk")
	}
	// The repeated URL's first text replaces its second again, and the
	// second then replaces the first; everything else is unchanged.
	if sum.Documents != len(files)+1 || sum.Unchanged != sum.Documents-2 || sum.Replaced != 2 {
		t.Errorf("second run: %d documents, %d unchanged, %d replaced; want %d, all unchanged but the repeated URL's 2",
			sum.Documents, sum.Unchanged, sum.Replaced, len(files)+1)
	}
	if again := graphtest.Dump(t, bulk, false); again != got {
		t.Errorf("a second run changed the graph at %s", graphtest.FirstDiff(got, again))
	}
}
