package graph

import (
	"io"
	"slices"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// TestBulkLoadManyStreams cuts a small load into many streams, so that
// streams start and end inside tables, and compares the result key for key
// with ApplyAll.
func TestBulkLoadManyStreams(t *testing.T) {
	batches := func() []Batch {
		bs := []Batch{batchA(), batchB()}
		for i := range bs { // ingestion times that do not depend on the clock
			bs[i].Source.IngestedAt = time.Date(2024, 6, 1, 0, 0, i, 0, time.UTC)
		}
		return bs
	}
	for _, streams := range []int{3, 1000} {
		applied, bulk := openTemp(t), openTemp(t)
		bulk.bulkStreams = streams
		if _, err := applied.ApplyAll(testCtx, batches()); err != nil {
			t.Fatal(err)
		}
		done := false
		res, err := bulk.BulkLoad(testCtx, func() ([]Batch, error) {
			if done {
				return nil, io.EOF
			}
			done = true
			return batches(), nil
		})
		if err != nil {
			t.Fatalf("%d streams: %v", streams, err)
		}
		if res.Triples != 9 || res.Assertions != 10 || res.Sources != 2 {
			t.Errorf("%d streams: result %+v, want 9 triples from 10 assertions of 2 sources", streams, res)
		}
		ka, kb := dumpKeys(t, applied), dumpKeys(t, bulk)
		if !slices.Equal(ka, kb) {
			t.Errorf("%d streams: BulkLoad wrote %d keys, ApplyAll %d, and they differ", streams, len(kb), len(ka))
			for i := range min(len(ka), len(kb)) {
				if ka[i] != kb[i] {
					t.Logf("%q vs %q", ka[i], kb[i])
					break
				}
			}
		}
		rep, err := bulk.Check(testCtx)
		if err != nil || !rep.OK() {
			t.Errorf("%d streams: check: %v %v", streams, err, rep.Problems)
		}
	}
}

func dumpKeys(t *testing.T, s *Store) []string {
	t.Helper()
	var out []string
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out = append(out, string(it.Item().Key())+"="+string(v))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestBulkLoadPersistsAndInMemory reopens a bulk-loaded store (the format
// key and dictionary must be on disk, and later writes must see newer
// versions than the loaded keys) and loads an in-memory one.
func TestBulkLoadPersistsAndInMemory(t *testing.T) {
	once := func() func() ([]Batch, error) {
		done := false
		return func() ([]Batch, error) {
			if done {
				return nil, io.EOF
			}
			done = true
			return []Batch{batchA()}, nil
		}
	}
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir, memTableSize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.BulkLoad(testCtx, once()); err != nil {
		t.Fatal(err)
	}
	before := dumpKeys(t, s)
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if s, err = Open(Options{Dir: dir, memTableSize: 8 << 20}); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if after := dumpKeys(t, s); !slices.Equal(before, after) {
		t.Fatalf("reopened store holds %d keys, %d were loaded", len(after), len(before))
	}
	if _, err := s.Apply(testCtx, batchB()); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Retract(testCtx, srcA.ID); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Check(testCtx); err != nil || !rep.OK() {
		t.Fatalf("check after reopening and writing: %v %v", err, rep.Problems)
	}
	if st, err := s.Stats(testCtx); err != nil || st.Sources != 1 || st.Triples != 5 {
		t.Fatalf("stats %+v (%v), want source B's 5 triples only", st, err)
	}

	m, err := Open(Options{InMemory: true})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	if _, err := m.BulkLoad(testCtx, once()); err != nil {
		t.Fatal(err)
	}
	if rep, err := m.Check(testCtx); err != nil || !rep.OK() {
		t.Fatalf("check of the in-memory store: %v %v", err, rep.Problems)
	}
}
