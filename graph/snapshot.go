package graph

import (
	"context"
	"errors"
	"io"

	"github.com/dgraph-io/badger/v4"
)

// ErrSnapshot is returned by the writing methods of a Snapshot.
var ErrSnapshot = errors.New("a snapshot is read-only")

// Snapshot is the store frozen at one moment: every read through it sees
// the same data, whatever is written to the store meanwhile, so that a
// reader that needs several calls (an export reads sources, entities,
// mentions and assertions one after the other) gets one consistent graph.
//
// It has every read method of Store; its writing methods fail with
// ErrSnapshot. It holds one Badger read transaction, which keeps the older
// versions of what is overwritten meanwhile from being reclaimed: Close it
// when done. A Snapshot may be used by one goroutine at a time.
type Snapshot struct {
	*Store
}

// Snapshot returns a snapshot of the store as it is now.
func (s *Store) Snapshot() *Snapshot {
	s.dictMu.RLock()
	codes := make(map[Predicate]predCode, len(s.codes))
	for p, c := range s.codes {
		codes[p] = c
	}
	preds := append([]Predicate(nil), s.preds...)
	s.dictMu.RUnlock()
	return &Snapshot{&Store{
		db:    s.db,
		log:   s.log,
		dir:   s.dir,
		snap:  s.db.NewTransaction(false),
		codes: codes,
		preds: preds,
		// Numbers are only ever added, and one is published before the
		// keys that use it commit: the store's numbering serves the
		// snapshot too.
		nums: s.nums,
	}}
}

// Close releases the snapshot; the store stays open. (Closing the
// embedded Store does the same.)
func (sn *Snapshot) Close() error { return sn.Store.Close() }

// Apply fails: a snapshot is read-only.
func (sn *Snapshot) Apply(context.Context, Batch) (ApplyResult, error) {
	return ApplyResult{}, ErrSnapshot
}

// ApplyAll fails: a snapshot is read-only.
func (sn *Snapshot) ApplyAll(context.Context, []Batch) ([]ApplyResult, error) {
	return nil, ErrSnapshot
}

// Retract fails: a snapshot is read-only.
func (sn *Snapshot) Retract(context.Context, ID) (int, error) { return 0, ErrSnapshot }

// BulkLoad fails: a snapshot is read-only.
func (sn *Snapshot) BulkLoad(context.Context, func() ([]Batch, error)) (BulkResult, error) {
	return BulkResult{}, ErrSnapshot
}

// Backup fails: back up the store itself, whose backup is consistent on
// its own.
func (sn *Snapshot) Backup(context.Context, io.Writer) error { return ErrSnapshot }

// view runs fn in a read transaction: the snapshot's, or a new one.
func (s *Store) view(fn func(txn *badger.Txn) error) error {
	if s.snap != nil {
		return fn(s.snap)
	}
	return s.db.View(fn)
}
