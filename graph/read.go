package graph

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
	"github.com/google/uuid"
)

// Every read runs in one Badger read transaction. Index scans read keys
// only (the triple is in the key); values are fetched only for records.

// scanCheckEvery is how many keys a scan reads between checks of its context.
const scanCheckEvery = 1024

// keysOnly returns iterator options for a keys-only scan of prefix p.
func keysOnly(p []byte) badger.IteratorOptions {
	return badger.IteratorOptions{Prefix: p, PrefetchValues: false}
}

// withValues returns iterator options for a scan of prefix p that reads
// every value.
func withValues(p []byte) badger.IteratorOptions {
	return badger.IteratorOptions{Prefix: p, PrefetchValues: true, PrefetchSize: 64}
}

// getEntity reads entity id in txn; found is false when there is none.
func (n *numbering) getEntity(txn *badger.Txn, id ID) (e Entity, found bool, err error) {
	item, err := txn.Get(n.entityKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return Entity{}, false, nil
	}
	if err != nil {
		return Entity{}, false, err
	}
	err = item.Value(func(v []byte) error {
		e, err = decodeEntity(id, v)
		return err
	})
	return e, err == nil, err
}

// Entity returns the entity with the given ID, or ErrNotFound.
func (s *Store) Entity(ctx context.Context, id ID) (Entity, error) {
	if err := checkCtx(ctx); err != nil {
		return Entity{}, err
	}
	var e Entity
	err := s.view(func(txn *badger.Txn) error {
		var found bool
		var err error
		e, found, err = s.nums.getEntity(txn, id)
		if err == nil && !found {
			err = ErrNotFound
		}
		return err
	})
	if err != nil {
		return Entity{}, fmt.Errorf("entity %s: %w", id, err)
	}
	return e, nil
}

// EntitiesByID returns the entities with the given IDs in the same order,
// nil where there is none.
func (s *Store) EntitiesByID(ctx context.Context, ids []ID) ([]*Entity, error) {
	out := make([]*Entity, len(ids))
	err := s.view(func(txn *badger.Txn) error {
		for i, id := range ids {
			if i%scanCheckEvery == 0 {
				if err := checkCtx(ctx); err != nil {
					return err
				}
			}
			e, found, err := s.nums.getEntity(txn, id)
			if err != nil {
				return err
			}
			if found {
				out[i] = &e
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("entities by ID: %w", err)
	}
	return out, nil
}

// EntitySources returns the sources that mention entity id, or ErrNotFound
// when there is no such entity.
func (s *Store) EntitySources(ctx context.Context, id ID) ([]ID, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	var out []ID
	err := s.view(func(txn *badger.Txn) error {
		if _, err := txn.Get(s.nums.entityKey(id)); err != nil {
			if errors.Is(err, badger.ErrKeyNotFound) {
				return ErrNotFound
			}
			return err
		}
		p := s.nums.appendID([]byte{tMentionBy}, id)
		it := txn.NewIterator(keysOnly(p))
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			src, err := s.nums.idAt(it.Item().Key()[len(p):], "mentioning source")
			if err != nil {
				return err
			}
			out = append(out, src)
		}
		slices.SortFunc(out, compareIDs)
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sources of entity %s: %w", id, err)
	}
	return out, nil
}

// Lookup returns the entities whose name or an alias folds to the same
// string as name ("TO LAM" finds Tô Lâm), in ID order.
func (s *Store) Lookup(ctx context.Context, name string) ([]Entity, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	f := Fold(name)
	if f == "" {
		return nil, nil
	}
	p := append(append([]byte{tName}, f...), 0)
	var out []Entity
	err := s.view(func(txn *badger.Txn) error {
		var ids []ID
		it := txn.NewIterator(keysOnly(p))
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != len(p)+numLen {
				continue // a longer name that continues with a 0 byte
			}
			id, err := s.nums.idAt(k[len(p):], "name index")
			if err != nil {
				it.Close()
				return err
			}
			ids = append(ids, id)
		}
		it.Close()
		slices.SortFunc(ids, compareIDs)
		for _, id := range ids {
			e, found, err := s.nums.getEntity(txn, id)
			if err != nil {
				return err
			}
			if found {
				out = append(out, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lookup %q: %w", name, err)
	}
	return out, nil
}

// DefaultLookupLimit is how many entities LookupPrefix returns when the
// caller gives no limit.
const DefaultLookupLimit = 20

// LookupPrefix returns up to limit entities (DefaultLookupLimit when limit
// is not positive, at most MaxPage) with a name or alias whose folded form
// starts with the folded prefix, in folded-name order, each once. When types
// is not empty only entities of those types are returned.
func (s *Store) LookupPrefix(ctx context.Context, prefix string, types []EntityType, limit int) ([]Entity, error) {
	if limit <= 0 {
		limit = DefaultLookupLimit
	}
	limit = min(limit, MaxPage)
	for _, t := range types {
		if _, ok := typeCode(t); !ok {
			return nil, fmt.Errorf("lookup prefix %q: %w: unknown entity type %q", prefix, ErrInvalid, t)
		}
	}
	p := append([]byte{tName}, Fold(prefix)...)
	var out []Entity
	err := s.view(func(txn *badger.Txn) error {
		seen := map[ID]bool{}
		it := txn.NewIterator(keysOnly(p))
		defer it.Close()
		n := 0
		for it.Rewind(); it.Valid() && len(out) < limit; it.Next() {
			if n++; n%scanCheckEvery == 0 {
				if err := checkCtx(ctx); err != nil {
					return err
				}
			}
			k := it.Item().Key()
			if len(k) < 1+1+numLen {
				return fmt.Errorf("bad name key %x", k)
			}
			id, err := s.nums.idAt(k[len(k)-numLen:], "name index")
			if err != nil {
				return err
			}
			if seen[id] {
				continue
			}
			seen[id] = true
			e, found, err := s.nums.getEntity(txn, id)
			if err != nil {
				return err
			}
			if found && (len(types) == 0 || slices.Contains(types, e.Type)) {
				out = append(out, e)
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("lookup prefix %q: %w", prefix, err)
	}
	return out, nil
}

// pageSize is how many items a page request asks for: First, or MaxPage
// when First is not positive or larger.
func pageSize(first int) int {
	if first <= 0 || first > MaxPage {
		return MaxPage
	}
	return first
}

// encodeCursor makes the opaque cursor of the last key of a page.
func encodeCursor(k []byte) string { return base64.RawURLEncoding.EncodeToString(k) }

// decodeCursor reads a cursor and checks that it belongs to a scan of
// prefix p.
func decodeCursor(c string, p []byte) ([]byte, error) {
	k, err := base64.RawURLEncoding.DecodeString(c)
	if err != nil || !bytes.HasPrefix(k, p) {
		return nil, fmt.Errorf("%w: cursor %.40q does not belong to this query", ErrInvalid, c)
	}
	return k, nil
}

// seekAfter positions it at the first key after cursor key k (at the
// start of its prefix when k is nil).
func seekAfter(it *badger.Iterator, k []byte) {
	if k == nil {
		it.Rewind()
		return
	}
	it.Seek(k)
	if it.Valid() && bytes.Equal(it.Item().Key(), k) {
		it.Next()
	}
}

// EntitiesOfType returns a page of the entities of type t (of every type
// when t is ""), in index order: the order in which the store first
// stored them (their numbers).
func (s *Store) EntitiesOfType(ctx context.Context, t EntityType, page PageRequest) (EntityPage, error) {
	var p []byte
	if t == "" {
		p = []byte{tEntity}
	} else {
		code, ok := typeCode(t)
		if !ok {
			return EntityPage{}, fmt.Errorf("entities of type %q: %w: unknown entity type", t, ErrInvalid)
		}
		p = []byte{tType, code}
	}
	var after []byte
	if page.After != "" {
		var err error
		if after, err = decodeCursor(page.After, p); err != nil {
			return EntityPage{}, fmt.Errorf("entities of type %q: %w", t, err)
		}
	}
	first := pageSize(page.First)
	var out EntityPage
	var last []byte
	err := s.view(func(txn *badger.Txn) error {
		opts := keysOnly(p)
		if t == "" {
			opts = withValues(p)
		}
		it := txn.NewIterator(opts)
		defer it.Close()
		for seekAfter(it, after); it.Valid(); it.Next() {
			if len(out.Entities) == first {
				out.HasNext = true
				break
			}
			if len(out.Entities)%scanCheckEvery == scanCheckEvery-1 {
				if err := checkCtx(ctx); err != nil {
					return err
				}
			}
			item := it.Item()
			k := item.Key()
			if len(k) != len(p)+numLen {
				return fmt.Errorf("bad key %x", k)
			}
			id, err := s.nums.idAt(k[len(p):], "entity index")
			if err != nil {
				return err
			}
			var e Entity
			if t == "" {
				err := item.Value(func(v []byte) error {
					var err error
					e, err = decodeEntity(id, v)
					return err
				})
				if err != nil {
					return err
				}
			} else {
				var found bool
				var err error
				if e, found, err = s.nums.getEntity(txn, id); err != nil {
					return err
				} else if !found {
					return fmt.Errorf("type index names entity %s, which is missing (run check)", id)
				}
			}
			out.Entities = append(out.Entities, e)
			last = append(last[:0], k...)
		}
		return nil
	})
	if err != nil {
		return EntityPage{}, fmt.Errorf("entities of type %q: %w", t, err)
	}
	if len(out.Entities) > 0 {
		out.EndCursor = encodeCursor(last)
	}
	return out, nil
}

// matchPlan is the index scan that answers a pattern.
type matchPlan struct {
	prefix []byte
	parse  func([]byte) (rawTriple, error)
}

// planMatch picks the index for pat: SPO when the subject is bound (and the
// object is not, or the predicate is too), POS when only the predicate (and
// maybe the object) is, OSP when the object is (with maybe the subject).
// ok is false when the pattern can match nothing (a predicate never used).
func (s *Store) planMatch(pat Pattern) (plan matchPlan, ok bool, err error) {
	var code predCode
	if pat.Predicate != "" {
		if _, err := ParsePredicate(string(pat.Predicate)); err != nil {
			return plan, false, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		c, known := s.codeOf(pat.Predicate)
		if !known {
			return plan, false, nil
		}
		code = c
	}
	if pat.Object != nil {
		if err := pat.Object.Validate(); err != nil {
			return plan, false, fmt.Errorf("pattern object: %w", err)
		}
	}
	hasS := pat.Subject != uuid.Nil
	hasP := code != 0
	hasO := pat.Object != nil
	var b []byte
	switch {
	case hasS && (!hasO || hasP):
		b = append(b, tSPO)
		b = s.nums.appendID(b, pat.Subject)
		if hasP {
			b = binary.BigEndian.AppendUint16(b, uint16(code))
			if hasO {
				b = s.nums.appendObject(b, *pat.Object)
			}
		}
		return matchPlan{prefix: b, parse: s.nums.parseSPO}, true, nil
	case hasP:
		b = append(b, tPOS)
		b = binary.BigEndian.AppendUint16(b, uint16(code))
		if hasO {
			b = s.nums.appendObject(b, *pat.Object)
		}
		return matchPlan{prefix: b, parse: s.nums.parsePOS}, true, nil
	case hasO:
		b = s.nums.appendObject(append(b, tOSP), *pat.Object)
		if hasS {
			b = s.nums.appendID(b, pat.Subject)
		}
		return matchPlan{prefix: b, parse: s.nums.parseOSP}, true, nil
	}
	return matchPlan{prefix: []byte{tSPO}, parse: s.nums.parseSPO}, true, nil
}

// predSnapshot copies the dictionary for a scan that names many triples.
func (s *Store) predSnapshot() []Predicate {
	s.dictMu.RLock()
	defer s.dictMu.RUnlock()
	return slices.Clone(s.preds)
}

// predName returns the predicate of code c from a snapshot, or from the
// store when the snapshot is older than the code.
func (s *Store) predName(preds []Predicate, c predCode) (Predicate, error) {
	if int(c) < len(preds) && preds[c] != "" {
		return preds[c], nil
	}
	return s.predicateOf(c)
}

// Match returns a page of the triples that match pat. Any of subject,
// predicate and object may be bound; the scan uses the index whose key
// starts with what is bound. The cursor is opaque (the last key read).
func (s *Store) Match(ctx context.Context, pat Pattern, page PageRequest) (TriplePage, error) {
	plan, ok, err := s.planMatch(pat)
	if err != nil || !ok {
		if err != nil {
			err = fmt.Errorf("match: %w", err)
		}
		return TriplePage{}, err
	}
	var after []byte
	if page.After != "" {
		if after, err = decodeCursor(page.After, plan.prefix); err != nil {
			return TriplePage{}, fmt.Errorf("match: %w", err)
		}
	}
	first := pageSize(page.First)
	preds := s.predSnapshot()
	out := TriplePage{Triples: make([]Triple, 0, min(first, 8))}
	last := make([]byte, 0, 64)
	err = s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(keysOnly(plan.prefix))
		defer it.Close()
		n := 0
		for seekAfter(it, after); it.Valid(); it.Next() {
			if n == first {
				out.HasNext = true
				break
			}
			if n++; n%scanCheckEvery == 0 {
				if err := checkCtx(ctx); err != nil {
					return err
				}
			}
			k := it.Item().Key()
			rt, err := plan.parse(k)
			if err != nil {
				return err
			}
			p, err := s.predName(preds, rt.p)
			if err != nil {
				return err
			}
			out.Triples = append(out.Triples, Triple{Subject: rt.s, Predicate: p, Object: rt.o})
			last = append(last[:0], k...)
		}
		return nil
	})
	if err != nil {
		return TriplePage{}, fmt.Errorf("match: %w", err)
	}
	if len(out.Triples) > 0 {
		out.EndCursor = encodeCursor(last)
	}
	return out, nil
}

// Provenance returns one provenance per source that asserts t, or
// ErrNotFound when the store does not hold t.
func (s *Store) Provenance(ctx context.Context, t Triple) ([]Provenance, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	if _, err := ParsePredicate(string(t.Predicate)); err != nil {
		return nil, fmt.Errorf("provenance: %w: %v", ErrInvalid, err)
	}
	code, ok := s.codeOf(t.Predicate)
	if !ok {
		return nil, fmt.Errorf("provenance of %s %s %s: %w", t.Subject, t.Predicate, t.Object, ErrNotFound)
	}
	skey := s.nums.spoKey(t.Subject, code, t.Object)
	var out []Provenance
	err := s.view(func(txn *badger.Txn) error {
		item, err := txn.Get(skey)
		if errors.Is(err, badger.ErrKeyNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		srcs, err := item.ValueCopy(nil)
		if err != nil {
			return err
		}
		xkey := make([]byte, 1+numLen, 1+numLen+len(skey))
		xkey[0] = tSource
		xkey = append(xkey, skey[1:]...)
		for i := 0; i+numLen <= len(srcs); i += numLen {
			src, err := s.nums.idAt(srcs[i:], "asserting source")
			if err != nil {
				return err
			}
			copy(xkey[1:], srcs[i:i+numLen])
			item, err := txn.Get(xkey)
			if err != nil {
				return fmt.Errorf("provenance of source %s: %w", src, err)
			}
			if err := item.Value(func(v []byte) error {
				p, err := decodeProvenance(src, v)
				out = append(out, p)
				return err
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("provenance of %s %s %.80s: %w", t.Subject, t.Predicate, t.Object.String(), err)
	}
	slices.SortFunc(out, func(a, b Provenance) int { return compareIDs(a.Source, b.Source) })
	return out, nil
}

// Source returns the record of source id, or ErrNotFound.
func (s *Store) Source(ctx context.Context, id ID) (Source, error) {
	if err := checkCtx(ctx); err != nil {
		return Source{}, err
	}
	var out Source
	err := s.view(func(txn *badger.Txn) error {
		item, err := txn.Get(s.nums.sourceRecKey(id))
		if errors.Is(err, badger.ErrKeyNotFound) {
			return ErrNotFound
		}
		if err != nil {
			return err
		}
		return item.Value(func(v []byte) error {
			out, err = decodeSource(id, v)
			return err
		})
	})
	if err != nil {
		return Source{}, fmt.Errorf("source %s: %w", id, err)
	}
	return out, nil
}

// Sources returns every source record, in ID order.
func (s *Store) Sources(ctx context.Context) ([]Source, error) {
	var out []Source
	err := s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(withValues([]byte{tSourceRec}))
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			if len(out)%scanCheckEvery == scanCheckEvery-1 {
				if err := checkCtx(ctx); err != nil {
					return err
				}
			}
			item := it.Item()
			if len(item.Key()) != 1+numLen {
				return fmt.Errorf("bad source key %x", item.Key())
			}
			id, err := s.nums.idAt(item.Key()[1:], "source record")
			if err != nil {
				return err
			}
			if err := item.Value(func(v []byte) error {
				src, err := decodeSource(id, v)
				out = append(out, src)
				return err
			}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("sources: %w", err)
	}
	slices.SortFunc(out, func(a, b Source) int { return compareIDs(a.ID, b.ID) })
	return out, nil
}

// SourceAssertions returns what source id asserts, in key order, or
// ErrNotFound.
func (s *Store) SourceAssertions(ctx context.Context, id ID) ([]Assertion, error) {
	preds := s.predSnapshot()
	var out []Assertion
	err := s.view(func(txn *badger.Txn) error {
		if _, err := txn.Get(s.nums.sourceRecKey(id)); err != nil {
			if errors.Is(err, badger.ErrKeyNotFound) {
				return ErrNotFound
			}
			return err
		}
		return s.scanAssertions(ctx, txn, s.nums.appendID([]byte{tSource}, id), preds, func(a Assertion) error {
			out = append(out, a)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("assertions of source %s: %w", id, err)
	}
	return out, nil
}

// Stats returns the counts kept in the counters: O(types + predicates).
func (s *Store) Stats(ctx context.Context) (Stats, error) {
	if err := checkCtx(ctx); err != nil {
		return Stats{}, err
	}
	st := Stats{ByType: map[EntityType]int{}, ByPredicate: map[Predicate]int{}}
	err := s.view(func(txn *badger.Txn) error {
		c, err := readCounters(txn)
		if err != nil {
			return err
		}
		for name, v := range c {
			switch {
			case name == counterTriples:
				st.Triples = int(v)
			case name == counterSources:
				st.Sources = int(v)
			case len(name) > len(counterType) && name[:len(counterType)] == counterType:
				st.ByType[EntityType(name[len(counterType):])] = int(v)
				st.Entities += int(v)
			case len(name) > len(counterPred) && name[:len(counterPred)] == counterPred:
				st.ByPredicate[Predicate(name[len(counterPred):])] = int(v)
			}
		}
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("stats: %w", err)
	}
	return st, nil
}

// readCounters reads every 'C' key.
func readCounters(txn *badger.Txn) (map[string]int64, error) {
	out := map[string]int64{}
	it := txn.NewIterator(withValues([]byte{tCounter}))
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		name := string(item.Key()[1:])
		if err := item.Value(func(v []byte) error {
			if len(v) != 8 {
				return fmt.Errorf("counter %s: %d bytes", name, len(v))
			}
			out[name] = int64(binary.BigEndian.Uint64(v))
			return nil
		}); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// ForEachEntity calls fn with every entity, in ID order, in one read
// transaction; an error from fn stops the walk and is returned.
func (s *Store) ForEachEntity(ctx context.Context, fn func(Entity) error) error {
	return s.view(func(txn *badger.Txn) error {
		key := []byte{tEntity, 0, 0, 0, 0}
		return s.forEachNumbered(ctx, txn, func(id ID, x uint32) error {
			item, err := txn.Get(appendNum(key[:1], x))
			if errors.Is(err, badger.ErrKeyNotFound) {
				return nil // a source, or an entity no longer stored
			}
			if err != nil {
				return err
			}
			var e Entity
			if err := item.Value(func(v []byte) error {
				var err error
				e, err = decodeEntity(id, v)
				return err
			}); err != nil {
				return err
			}
			return fn(e)
		})
	})
}

// ForEachTriple calls fn with every triple, in SPO order with subjects in
// ID order (one subject's triples in key order), in one read transaction;
// an error from fn stops the walk and is returned.
func (s *Store) ForEachTriple(ctx context.Context, fn func(Triple) error) error {
	preds := s.predSnapshot()
	return s.view(func(txn *badger.Txn) error {
		it := txn.NewIterator(keysOnly([]byte{tSPO}))
		defer it.Close()
		prefix := []byte{tSPO, 0, 0, 0, 0}
		return s.forEachNumbered(ctx, txn, func(_ ID, x uint32) error {
			prefix = appendNum(prefix[:1], x)
			for it.Seek(prefix); it.ValidForPrefix(prefix); it.Next() {
				rt, err := s.nums.parseSPO(it.Item().Key())
				if err != nil {
					return err
				}
				p, err := s.predName(preds, rt.p)
				if err != nil {
					return err
				}
				if err := fn(Triple{Subject: rt.s, Predicate: p, Object: rt.o}); err != nil {
					return err
				}
			}
			return nil
		})
	})
}

// forEachNumbered calls fn with every ID the store has numbered (entities
// and sources, stored or not any more), in ID order, with its number,
// inside txn: the 'I' table is the one table kept in ID order, and the
// ID-ordered streams walk it.
func (s *Store) forEachNumbered(ctx context.Context, txn *badger.Txn, fn func(id ID, x uint32) error) error {
	return scanPrefix(ctx, txn, withValues([]byte{tNumber}), func(item *badger.Item) error {
		id, x, err := readNumberKey(item)
		if err != nil {
			return err
		}
		return fn(id, x)
	})
}

// scanPrefix calls fn for every item the iterator options select (a
// prefix scan), in key order, inside txn, looking at ctx every
// scanCheckEvery keys; an error from fn stops the scan and is returned.
func scanPrefix(ctx context.Context, txn *badger.Txn, opts badger.IteratorOptions, fn func(*badger.Item) error) error {
	it := txn.NewIterator(opts)
	defer it.Close()
	n := 0
	for it.Rewind(); it.Valid(); it.Next() {
		if n++; n%scanCheckEvery == 0 {
			if err := checkCtx(ctx); err != nil {
				return err
			}
		}
		if err := fn(it.Item()); err != nil {
			return err
		}
	}
	return nil
}
