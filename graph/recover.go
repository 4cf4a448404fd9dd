package graph

import (
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// A process killed at the wrong moment leaves a store that Badger will
// not open as it is; openDB gets past the two states the crash tests found:
//
//   - The write-ahead log of the memtable is longer than what it holds.
//     Badger trims it on a writable open but refuses a read-only one
//     ("Log truncate required").
//   - A value log file was created but is still empty (the kill came
//     between Badger creating it and writing its header). A writable open
//     then writes the header and yet fails ("Open existing file: ...
//     Create a new file"); the next writable open finds a sound file and
//     succeeds. A read-only open cannot write the header and fails.

// valueLogErr matches Badger's refusal of a value log file.
var valueLogErr = regexp.MustCompile(`Open existing file: "[^"]+\.vlog"`)

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
	if !valueLogErr.MatchString(err.Error()) && !strings.Contains(err.Error(), badger.ErrTruncateNeeded.Error()) {
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

// openRetrying opens Badger for writing, once more when it refused an
// empty value log file (having written its header meanwhile).
func openRetrying(bopts badger.Options, logger *slog.Logger) (*badger.DB, error) {
	db, err := badger.Open(bopts)
	if err == nil || !valueLogErr.MatchString(err.Error()) || !strings.Contains(err.Error(), "Create a new file") {
		return db, err
	}
	logger.Warn("a value log file was left empty by a process killed as it created it: opening again", "dir", bopts.Dir, "err", err)
	return badger.Open(bopts)
}
