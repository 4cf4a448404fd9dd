package graph

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// A process killed at the wrong moment leaves a store that Badger will
// not open as it is; openDB gets past the states the crash tests found:
//
//   - The write-ahead log of the memtable is longer than what it holds.
//     Badger trims it on a writable open but refuses a read-only one
//     ("Log truncate required").
//   - A memtable or value log file was created but is still empty (the
//     kill came between Badger creating it and writing its header). A
//     writable open sizes it and writes the header, and yet fails ("Create
//     a new file"); the next writable open finds a sound, empty file and
//     succeeds. A read-only open cannot size it and fails ("error while
//     truncation").

// badgerNewFile is the message of the error Badger's file layer returns
// for a file it had to create (or found empty).
const badgerNewFile = "Create a new file"

// needsWritableOpen reports whether a read-only open failed on a state
// that a writable open repairs.
func needsWritableOpen(err error) bool {
	msg := err.Error()
	return strings.Contains(msg, badger.ErrTruncateNeeded.Error()) || strings.Contains(msg, badgerNewFile) ||
		strings.Contains(msg, "error while truncation")
}

// openDB opens Badger. When a read-only open meets a store that was not
// closed cleanly, it opens the store for writing once (Badger replays the
// write-ahead log, keeping every committed transaction and dropping a
// partly written one, and trims it), closes it, and opens it read-only
// again. That writable open needs the directory lock: a store in use
// elsewhere stays refused as locked.
func openDB(bopts badger.Options, logger *slog.Logger) (*badger.DB, error) {
	if !bopts.ReadOnly {
		return openRetrying(bopts, logger)
	}
	db, err := badger.Open(bopts)
	if err == nil {
		return db, nil
	}
	if !needsWritableOpen(err) {
		return nil, err
	}
	logger.Warn("the store was not closed cleanly: recovering it before opening it read-only", "dir", bopts.Dir, "err", err)
	rw, rerr := openRetrying(bopts.WithReadOnly(false), logger)
	if rerr != nil {
		return nil, fmt.Errorf("recover a store that was not closed cleanly: %w", rerr)
	}
	if cerr := rw.Close(); cerr != nil {
		return nil, fmt.Errorf("recover a store that was not closed cleanly: close: %w", cerr)
	}
	return badger.Open(bopts)
}

// openRetrying opens Badger for writing, again while it refuses an empty
// memtable or value log file (each failed open has sized one and written
// its header).
func openRetrying(bopts badger.Options, logger *slog.Logger) (*badger.DB, error) {
	for attempt := 1; ; attempt++ {
		db, err := badger.Open(bopts)
		if err == nil || attempt == 4 || !strings.Contains(err.Error(), badgerNewFile) {
			return db, err
		}
		logger.Warn("a file was left empty by a process killed as it created it: opening again", "dir", bopts.Dir, "err", err)
	}
}
