package graph

import (
	"fmt"
	"log/slog"
	"strings"

	"github.com/dgraph-io/badger/v4"
)

// openDB opens Badger. A store that was not closed cleanly (the process
// was killed, or the machine stopped) keeps a write-ahead log longer than
// what it holds, and Badger opens it read-only only once the log has been
// trimmed, which takes a writable open. So when a read-only open meets such
// a log, openDB opens the store for writing once (Badger replays the log,
// keeping every committed transaction and dropping a partly written one,
// and trims it), closes it, and opens it read-only again. That writable
// open needs the directory lock: a store in use elsewhere stays refused as
// locked.
func openDB(bopts badger.Options, logger *slog.Logger) (*badger.DB, error) {
	db, err := badger.Open(bopts)
	if err == nil || !bopts.ReadOnly || !strings.Contains(err.Error(), badger.ErrTruncateNeeded.Error()) {
		return db, err
	}
	logger.Warn("the store was not closed cleanly: replaying its write-ahead log before opening it read-only", "dir", bopts.Dir)
	rw, rerr := badger.Open(bopts.WithReadOnly(false))
	if rerr != nil {
		return nil, fmt.Errorf("recover the write-ahead log of a store that was not closed cleanly: %w", rerr)
	}
	if cerr := rw.Close(); cerr != nil {
		return nil, fmt.Errorf("recover the write-ahead log of a store that was not closed cleanly: close: %w", cerr)
	}
	return badger.Open(bopts)
}
