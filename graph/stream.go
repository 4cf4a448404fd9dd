package graph

import (
	"context"
	"fmt"

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
		return scanPrefix(ctx, txn, keysOnly([]byte{tMentionBy}), func(item *badger.Item) error {
			k := item.Key()
			if len(k) != 1+2*idLen {
				return fmt.Errorf("bad mention key %x", k)
			}
			return fn(ID(k[1:1+idLen]), ID(k[1+idLen:]))
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
func (s *Store) ForEachAssertion(ctx context.Context, fn func(Assertion) error) error {
	if err := checkCtx(ctx); err != nil {
		return err
	}
	preds := s.predSnapshot()
	err := s.view(func(txn *badger.Txn) error {
		return s.scanAssertions(ctx, txn, []byte{tSource}, preds, fn)
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
		src, rt, err := parseSourceKey(item.Key())
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
