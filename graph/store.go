package graph

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"strings"
	"sync"

	"github.com/dgraph-io/badger/v4"
)

// Options configure Open.
type Options struct {
	Dir      string       // data directory, created owner-only if missing; ignored when InMemory
	InMemory bool         // keep everything in memory (tests)
	ReadOnly bool         // open without writing
	Logger   *slog.Logger // nil: discard

	// memTableSize overrides Badger's memtable size, which also bounds one
	// transaction (tests use a small one to cross transaction limits).
	memTableSize int64
}

// Store is the knowledge graph on Badger. It is safe for concurrent use:
// reads run in parallel, writes are serialized.
type Store struct {
	db  *badger.DB
	log *slog.Logger
	dir string

	writeMu sync.Mutex // one writer at a time

	// txnBudget, when positive, replaces the estimate of how much one
	// ApplyAll transaction may hold (tests set it high to reach Badger's
	// own ErrTxnTooBig).
	txnBudget int64

	// bulkStreams, when positive, sets how many streams BulkLoad writes
	// (tests set it high to cut small loads into many).
	bulkStreams int
	// bulkHook, when set, is told when BulkLoad starts writing ("write")
	// and when it is done ("done") (the crash tests).
	bulkHook func(phase string)
	// upgradeHook, when set, is told each step of a format upgrade once
	// it is done; an error it returns stops the upgrade there, as if the
	// process had been killed (the upgrade tests).
	upgradeHook func(step string) error

	// snap, when set, is the read transaction every read uses: the Store
	// inside a Snapshot.
	snap *badger.Txn

	// nums numbers the entities and sources in keys (numbers.go).
	nums *numbering

	dictMu sync.RWMutex
	codes  map[Predicate]predCode
	preds  []Predicate // index = code; preds[0] is ""
}

// formatVersion is written under formatKey so that a future layout can
// refuse or migrate an old store.
const formatVersion = "govkg-3"

// formatKey returns the key of the store's format version. Every store
// has it, except while a bulk load writes one: BulkLoad sets it last.
func formatKey() []byte { return []byte{tMeta, 'f'} }

// clearUnfinishedBulkLoad empties a store that holds keys but no format
// key: what a bulk load that never finished wrote (the process was killed,
// or the disk failed, before it set the format key). Such a store was
// empty before the load, so emptying it again loses nothing.
func (s *Store) clearUnfinishedBulkLoad(readOnly bool) error {
	unfinished := false
	err := s.db.View(func(txn *badger.Txn) error {
		if _, err := txn.Get(formatKey()); !errors.Is(err, badger.ErrKeyNotFound) {
			return err
		}
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		it.Rewind()
		unfinished = it.Valid()
		return nil
	})
	switch {
	case err != nil || !unfinished:
		return err
	case readOnly:
		return errors.New("the store holds part of a bulk load that did not finish; open it for writing once to clear it")
	}
	s.log.Warn("the store holds part of a bulk load that did not finish: emptying it, as it was before the load", "dir", s.dir)
	if err := s.db.DropAll(); err != nil {
		return fmt.Errorf("empty the store after an unfinished bulk load: %w", err)
	}
	return nil
}

// Open opens (or creates) the store described by opts.
func Open(opts Options) (*Store, error) {
	logger := opts.Logger
	if logger == nil {
		logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	bopts := badger.DefaultOptions(opts.Dir).
		WithLogger(badgerLogger{logger}).
		WithReadOnly(opts.ReadOnly).
		WithNumVersionsToKeep(1).
		WithCompactL0OnClose(true).
		// Writes are serialized by writeMu, so Badger need not track
		// conflicts between transactions.
		WithDetectConflicts(false)
	if opts.memTableSize > 0 {
		bopts = bopts.WithMemTableSize(opts.memTableSize).
			WithValueThreshold(min(bopts.ValueThreshold, opts.memTableSize*15/100/4))
	}
	if opts.InMemory {
		bopts = bopts.WithInMemory(true).WithDir("").WithValueDir("")
	} else {
		if opts.Dir == "" {
			return nil, errors.New("open store: no data directory given")
		}
		if opts.ReadOnly {
			if _, err := os.Stat(opts.Dir); err != nil {
				return nil, fmt.Errorf("open store %s read-only: %w", opts.Dir, err)
			}
		} else if err := os.MkdirAll(opts.Dir, 0o700); err != nil {
			return nil, fmt.Errorf("open store %s: %w", opts.Dir, err)
		}
		if err := checkStoreDir(opts.Dir); err != nil {
			return nil, err
		}
	}
	db, err := openDB(bopts, logger) // recover.go
	if err != nil {
		return nil, describeOpenError(opts.Dir, err)
	}
	s := &Store{db: db, log: logger, dir: opts.Dir, codes: map[Predicate]predCode{}, preds: []Predicate{""}, nums: newNumbering()}
	if err := s.init(opts.ReadOnly); err != nil {
		db.Close()
		return nil, fmt.Errorf("open store %s: %w", opts.Dir, err)
	}
	return s, nil
}

// checkStoreDir refuses a directory that holds files but no Badger store,
// so that a wrong path does not turn someone's folder into a store.
func checkStoreDir(dir string) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return fmt.Errorf("open store %s: %w", dir, err)
	}
	if len(entries) == 0 {
		return nil
	}
	for _, e := range entries {
		if e.Name() == "MANIFEST" {
			return nil
		}
	}
	return fmt.Errorf("open store %s: the directory holds %d files but no store (no MANIFEST); give an empty or new directory", dir, len(entries))
}

// describeOpenError turns Badger's open errors into ones that say what is
// wrong with the directory.
func describeOpenError(dir string, err error) error {
	msg := err.Error()
	switch {
	case strings.Contains(msg, "Cannot acquire directory lock"), strings.Contains(msg, "resource temporarily unavailable"):
		return fmt.Errorf("open store %s: it is in use by another process (locked): %w", dir, err)
	case strings.Contains(msg, "checksum"), strings.Contains(msg, "corrupt"), strings.Contains(msg, "MANIFEST"),
		strings.Contains(msg, "Unable to parse"), strings.Contains(msg, "truncate"), strings.Contains(msg, "bad magic"):
		return fmt.Errorf("open store %s: the data looks corrupt (restore it from a backup): %w", dir, err)
	}
	return fmt.Errorf("open store %s: %w", dir, err)
}

// init checks the format version and loads the predicate dictionary and
// the numbers.
func (s *Store) init(readOnly bool) error {
	if err := s.clearUnfinishedBulkLoad(readOnly); err != nil {
		return err
	}
	if err := s.upgrade(readOnly); err != nil {
		return err
	}
	return s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(formatKey())
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
			if !readOnly {
				if err := s.db.Update(func(w *badger.Txn) error {
					return w.Set(formatKey(), []byte(formatVersion))
				}); err != nil {
					return err
				}
			}
		case err != nil:
			return err
		default:
			v, err := item.ValueCopy(nil)
			if err != nil {
				return err
			}
			if string(v) != formatVersion {
				return fmt.Errorf("store format %q, this govkg reads %q", v, formatVersion)
			}
		}
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{tDictRev}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != 1+predLen {
				return fmt.Errorf("bad dictionary key %x", k)
			}
			code := predCode(binary.BigEndian.Uint16(k[1:]))
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			s.remember(Predicate(v), code)
		}
		return s.nums.load(txn)
	})
}

// remember records code as the code of p in the in-memory dictionary.
func (s *Store) remember(p Predicate, code predCode) {
	s.dictMu.Lock()
	defer s.dictMu.Unlock()
	s.codes[p] = code
	for len(s.preds) <= int(code) {
		s.preds = append(s.preds, "")
	}
	s.preds[code] = p
}

// codeOf returns the dictionary code of p, or false when p has none yet.
func (s *Store) codeOf(p Predicate) (predCode, bool) {
	s.dictMu.RLock()
	defer s.dictMu.RUnlock()
	c, ok := s.codes[p]
	return c, ok
}

// predicateOf returns the predicate with dictionary code c. A code that a
// write has just committed but not yet remembered is read from the store.
func (s *Store) predicateOf(c predCode) (Predicate, error) {
	s.dictMu.RLock()
	if int(c) < len(s.preds) && s.preds[c] != "" {
		p := s.preds[c]
		s.dictMu.RUnlock()
		return p, nil
	}
	s.dictMu.RUnlock()
	var p Predicate
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(binary.BigEndian.AppendUint16([]byte{tDictRev}, uint16(c)))
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		p = Predicate(v)
		return err
	})
	if err != nil {
		return "", fmt.Errorf("predicate code %d is not in the dictionary: %w", c, err)
	}
	s.remember(p, c)
	return p, nil
}

// ensureCode returns the code of p. When p has none yet it picks the next
// free one (after the committed codes and those in pending) and reports it
// as fresh: the caller then writes the dictionary keys (dictKeys) in its txn,
// keeps the code in pending, and calls commitCodes once the txn commits, so
// that a rolled-back txn leaves no code behind. The caller holds writeMu.
func (s *Store) ensureCode(p Predicate, pending map[Predicate]predCode) (code predCode, fresh bool, err error) {
	if _, err := ParsePredicate(string(p)); err != nil {
		return 0, false, fmt.Errorf("%w: %v", ErrInvalid, err)
	}
	if c, ok := s.codeOf(p); ok {
		return c, false, nil
	}
	if c, ok := pending[p]; ok {
		return c, false, nil
	}
	s.dictMu.RLock()
	next := len(s.preds) + len(pending)
	s.dictMu.RUnlock()
	if next > 0xffff {
		return 0, false, fmt.Errorf("predicate dictionary is full")
	}
	return predCode(next), true, nil
}

// dictKeys returns the two dictionary entries of p with code c:
// 'd' code → name and 'D' name → code.
func dictKeys(p Predicate, c predCode) (rev, revVal, fwd, fwdVal []byte) {
	rev = binary.BigEndian.AppendUint16([]byte{tDictRev}, uint16(c))
	fwd = append([]byte{tDict}, p...)
	return rev, []byte(p), fwd, rev[1:]
}

// commitCodes makes codes assigned in a committed txn visible.
func (s *Store) commitCodes(pending map[Predicate]predCode) {
	for p, c := range pending {
		s.remember(p, c)
	}
}

// Close flushes and closes the store.
func (s *Store) Close() error {
	if s.snap != nil {
		// The Store inside a Snapshot: release the snapshot, not the
		// database it shares with the store it was taken from.
		s.snap.Discard()
		return nil
	}
	if err := s.db.Close(); err != nil {
		return fmt.Errorf("close store %s: %w", s.dir, err)
	}
	return nil
}

// DB returns the underlying Badger handle, for benchmarks that measure the
// raw scan floor and for backups.
func (s *Store) DB() *badger.DB { return s.db }

// Ctx checks ctx between steps of long operations.
func checkCtx(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return fmt.Errorf("cancelled: %w", err)
	}
	return nil
}

// badgerLogger sends Badger's own log lines to slog at debug level (warnings
// and errors at their level).
type badgerLogger struct{ l *slog.Logger }

func (b badgerLogger) Errorf(f string, a ...any) {
	b.l.Error("badger: " + strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (b badgerLogger) Warningf(f string, a ...any) {
	b.l.Warn("badger: " + strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (b badgerLogger) Infof(f string, a ...any) {
	b.l.Debug("badger: " + strings.TrimSpace(fmt.Sprintf(f, a...)))
}
func (b badgerLogger) Debugf(f string, a ...any) {
	b.l.Debug("badger: " + strings.TrimSpace(fmt.Sprintf(f, a...)))
}
