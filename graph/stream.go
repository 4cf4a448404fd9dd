package graph

import (
	"context"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// Streams over whole tables, each in one read transaction: what a full
// export needs instead of one short scan per entity or per source.

// ForEachMention calls fn for every (entity, source) pair in which source
// mentions entity, by entity ID and then source ID, in one read
// transaction; an error from fn stops the walk and is returned.
func (s *Store) ForEachMention(ctx context.Context, fn func(entity ID, source ID) error) error {
	if err := checkCtx(ctx); err != nil {
		return err
	}
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(keysOnly([]byte{tMentionBy}))
		defer it.Close()
		prefix := []byte{tMentionBy, 0, 0, 0, 0}
		var srcs []ID
		return s.forEachNumbered(ctx, txn, func(id ID, x uint32) error {
			prefix = appendNum(prefix[:1], x)
			srcs = srcs[:0]
			for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
				k := it.Item().Key()
				if len(k) != 1+2*numLen {
					return fmt.Errorf("bad mention key %x", k)
				}
				src, err := s.nums.idAt(k[1+numLen:], "mentioning source")
				if err != nil {
					return err
				}
				srcs = append(srcs, src)
			}
			slices.SortFunc(srcs, compareIDs)
			for _, src := range srcs {
				if err := fn(id, src); err != nil {
					return err
				}
			}
			return nil
		})
	})
	if err != nil {
		return fmt.Errorf("mentions: %w", err)
	}
	return nil
}

// ForEachAssertion calls fn for every assertion with its provenance, by
// source ID and then in the order SourceAssertions gives one source's, in
// one read transaction; an error from fn stops the walk and is returned.
// Assertions of a source without a record (a store that fails Check) are
// left out.
func (s *Store) ForEachAssertion(ctx context.Context, fn func(Assertion) error) error {
	if err := checkCtx(ctx); err != nil {
		return err
	}
	preds := s.predSnapshot()
	err := s.view(func(txn *badger.Txn) error {
		type source struct {
			id ID
			x  uint32
		}
		var srcs []source
		if err := scanPrefix(ctx, txn, keysOnly([]byte{tSourceRec}), func(item *badger.Item) error {
			k := item.Key()
			if len(k) != 1+numLen {
				return fmt.Errorf("bad source key %x", k)
			}
			id, err := s.nums.idAt(k[1:], "source record")
			srcs = append(srcs, source{id, readNum(k[1:])})
			return err
		}); err != nil {
			return err
		}
		slices.SortFunc(srcs, func(a, b source) int { return compareIDs(a.id, b.id) })
		for _, src := range srcs {
			if err := s.scanAssertions(ctx, txn, appendNum([]byte{tSource}, src.x), preds, fn); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return fmt.Errorf("assertions: %w", err)
	}
	return nil
}

// scanAssertions calls fn for every 'X' key under prefix, decoded with its
// provenance, inside txn; ForEachAssertion and SourceAssertions share it.
func (s *Store) scanAssertions(ctx context.Context, txn *badger.Txn, prefix []byte, preds []Predicate, fn func(Assertion) error) error {
	return scanPrefix(ctx, txn, withValues(prefix), func(item *badger.Item) error {
		src, rt, err := s.nums.parseSourceKey(item.Key())
		if err != nil {
			return err
		}
		p, err := s.predName(preds, rt.p)
		if err != nil {
			return err
		}
		a := Assertion{Triple: Triple{Subject: rt.s, Predicate: p, Object: rt.o}}
		if err := item.Value(func(v []byte) error {
			a.Provenance, err = decodeProvenance(src, v)
			return err
		}); err != nil {
			return fmt.Errorf("provenance of source %s: %w", src, err)
		}
		return fn(a)
	})
}
