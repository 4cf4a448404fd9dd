package graph

import (
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// formatVersion1 is the layout before 'u' lists: one 'u' src id key per
// mention. Open upgrades such a store in place.
const formatVersion1 = "govkg-1"

// upgrade brings a store written in an older format up to formatVersion,
// before anything else reads it. A store opened read-only is refused with
// a message instead.
func (s *Store) upgrade(readOnly bool) error {
	var version string
	err := s.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(formatKey())
		if errors.Is(err, badger.ErrKeyNotFound) {
			return nil
		}
		if err != nil {
			return err
		}
		v, err := item.ValueCopy(nil)
		version = string(v)
		return err
	})
	if err != nil || version != formatVersion1 {
		return err
	}
	if readOnly {
		return fmt.Errorf("the store is in format %q and needs an upgrade to %q: open it once for writing", version, formatVersion)
	}
	s.log.Info("upgrading the store's format", "dir", s.dir, "from", version, "to", formatVersion)
	if err := s.upgradeMentions(); err != nil {
		return fmt.Errorf("upgrade from format %q: %w", version, err)
	}
	return s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(formatKey(), []byte(formatVersion))
	})
}

// upgradeMentions turns the 'u' src id keys of format 1 into one 'u' src
// list per source. The format key changes only after it, so an upgrade
// that stops half way is done again: a source's list is then the union of
// the list already written and the old keys still there.
func (s *Store) upgradeMentions() error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	var (
		src   ID
		ids   []ID
		old   [][]byte
		begun bool
	)
	flush := func() error {
		if !begun {
			return nil
		}
		for _, k := range old {
			if err := wb.Delete(k); err != nil {
				return err
			}
		}
		return wb.Set(mentionsKey(src), appendIDList(nil, sortedIDs(ids)))
	}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{tMentions}})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != 1+idLen && len(k) != 1+2*idLen {
				return fmt.Errorf("mention key %x is malformed", k)
			}
			if !begun || ID(k[1:1+idLen]) != src {
				if err := flush(); err != nil {
					return err
				}
				src, ids, old, begun = ID(k[1:1+idLen]), nil, nil, true
			}
			if len(k) == 1+2*idLen { // an old key
				ids = append(ids, ID(k[1+idLen:]))
				old = append(old, it.Item().KeyCopy(nil))
				continue
			}
			if err := it.Item().Value(func(v []byte) error { // a list written by an earlier, unfinished upgrade
				listed, err := decodeIDList(v)
				ids = append(ids, listed...)
				return err
			}); err != nil {
				return fmt.Errorf("mentions of source %s: %w", src, err)
			}
		}
		return flush()
	})
	if err != nil {
		return err
	}
	return wb.Flush()
}

// sortedIDs sorts ids in ascending order and drops repeats.
func sortedIDs(ids []ID) []ID {
	slices.SortFunc(ids, compareIDs)
	return slices.Compact(ids)
}
