package graph

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
)

// TestBackupConsistentDuringWrites takes backups of a store spread over
// several tables (so Badger's stream splits it into several key ranges)
// while a writer keeps replacing sources, and restores each: Restore runs
// the full check, which fails on a backup that caught a write in some
// ranges and not in others. Each source must also come back whole.
func TestBackupConsistentDuringWrites(t *testing.T) {
	const sources, facts = 400, 20
	backups := 6
	if os.Getenv("GOVKG_SOAK") == "1" {
		backups = 40
	}
	ctx := context.Background()
	dir := t.TempDir()
	opts := Options{Dir: dir, memTableSize: 1 << 20}
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	version := func(i, v int) Batch {
		src := Source{ID: SourceID(fmt.Sprint("test:consistency-", i)), URL: fmt.Sprint("test:consistency-", i), Hash: fmt.Sprint(v)}
		p := Entity{ID: NewID(fmt.Sprint("person:consistency ", i)), Type: Person, Name: fmt.Sprint("Consistency Person ", i)}
		b := Batch{Source: src, Entities: []Entity{p}}
		for j := 0; j < facts; j++ {
			o := Entity{ID: NewID(fmt.Sprint("organization:consistency ", i, " ", v, " ", j)), Type: Organization,
				Name: fmt.Sprint("Consistency Body ", i, " ", v, " ", j)}
			b.Entities = append(b.Entities, o)
			b.Assertions = append(b.Assertions, Assertion{
				Triple:     Triple{Subject: p.ID, Predicate: MemberOf, Object: EntityValue(o.ID)},
				Provenance: Provenance{Source: src.ID, Sentence: "a fact", End: 6, Rule: "test", Confidence: 1}})
		}
		return b
	}
	var all []Batch
	for i := 0; i < sources; i++ {
		all = append(all, version(i, 0))
	}
	if _, err := s.ApplyAll(ctx, all); err != nil {
		t.Fatal(err)
	}
	// Reopen so that the memtables are written out as tables.
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(opts); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if n := len(s.db.Ranges(nil, 8)); n < 2 {
		t.Fatalf("the store splits into %d key range: it cannot show a torn backup", n)
	}

	var stop atomic.Bool
	var wg sync.WaitGroup
	var writes atomic.Int64
	wg.Add(1)
	go func() {
		defer wg.Done()
		for v := 1; !stop.Load(); v++ {
			if _, err := s.Apply(ctx, version(v%sources, v)); err != nil {
				t.Error(err)
				return
			}
			writes.Add(1)
		}
	}()
	for k := 0; k < backups; k++ {
		var buf bytes.Buffer
		if err := s.Backup(ctx, &buf); err != nil {
			t.Fatal(err)
		}
		rdir := filepath.Join(t.TempDir(), "restored")
		if err := Restore(ctx, Options{Dir: rdir}, bytes.NewReader(buf.Bytes())); err != nil {
			t.Errorf("backup %d (%d writes so far): %v", k, writes.Load(), err)
			continue
		}
		r, err := Open(Options{Dir: rdir, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		srcs, err := r.Sources(ctx)
		if err != nil {
			t.Fatal(err)
		}
		for _, src := range srcs {
			if src.Triples != facts {
				t.Errorf("backup %d: source %s holds %d of its %d facts", k, src.URL, src.Triples, facts)
			}
		}
		if len(srcs) != sources {
			t.Errorf("backup %d: %d sources, want %d", k, len(srcs), sources)
		}
		r.Close()
	}
	stop.Store(true)
	wg.Wait()
	t.Logf("%d backups during %d writes", backups, writes.Load())
	if writes.Load() == 0 {
		t.Error("no write ran during the backups")
	}
}
