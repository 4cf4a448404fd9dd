package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// maxProblems caps how many problems a check lists one by one.
const maxProblems = 1000

// checker walks every table in one read transaction and notes where the
// tables disagree. Each table is scanned once; the other side of each
// relation is looked up by key, so memory stays small whatever the size of
// the store (only per-source and per-counter tallies are kept).
type checker struct {
	ctx     context.Context
	s       *Store
	txn     *badger.Txn
	rep     CheckReport
	more    int // problems beyond maxProblems
	n       int
	preds   []Predicate
	counts  map[string]int64 // counters recounted
	perSrc  map[ID]int       // 'X' keys per source
	scratch []byte
	nums    *numbering // the numbers as the 'I' keys give them
}

func (c *checker) problem(format string, args ...any) {
	if len(c.rep.Problems) >= maxProblems {
		c.more++
		return
	}
	c.rep.Problems = append(c.rep.Problems, fmt.Sprintf(format, args...))
}

// tick checks ctx every so many keys.
func (c *checker) tick() error {
	if c.n++; c.n%scanCheckEvery == 0 {
		return checkCtx(c.ctx)
	}
	return nil
}

// has reports whether key k exists.
func (c *checker) has(k []byte) (bool, error) {
	_, err := c.txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	return err == nil, err
}

// value returns a copy of the value of k, or nil when k is missing.
func (c *checker) value(k []byte) ([]byte, bool, error) {
	item, err := c.txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil, false, nil
	}
	if err != nil {
		return nil, false, err
	}
	v, err := item.ValueCopy(nil)
	return v, err == nil, err
}

// scan calls fn with every key (and, when values is set, value) under p.
func (c *checker) scan(p []byte, values bool, fn func(k, v []byte) error) error {
	opts := keysOnly(p)
	if values {
		opts = withValues(p)
	}
	it := c.txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		if err := c.tick(); err != nil {
			return err
		}
		item := it.Item()
		var v []byte
		if values {
			var err error
			if v, err = item.ValueCopy(nil); err != nil {
				return err
			}
		}
		if err := fn(item.Key(), v); err != nil {
			return err
		}
	}
	return nil
}

// Check reads every index and reports where they disagree: SPO against
// POS and OSP both ways, each SPO source against its 'X' provenance and
// back, 'X' against source records and their Triples counts, entities
// against the type and name indexes, 'U' against 'u', mentions against
// entities, triple ends against entities, the predicate dictionary, and
// every counter against a recount; every number in a key is given by an
// 'I' key, as the store holds it in memory. An error means the check could
// not run; problems found are in the report.
func (s *Store) Check(ctx context.Context) (CheckReport, error) {
	c := &checker{ctx: ctx, s: s, preds: s.predSnapshot(), counts: map[string]int64{}, perSrc: map[ID]int{}, nums: newNumbering()}
	err := s.view(func(txn *badger.Txn) error {
		c.txn = txn
		for _, step := range []func() error{
			c.numbers, c.dictionary, c.spo, c.pos, c.osp, c.provenance, c.sources,
			c.entities, c.types, c.names, c.mentions, c.counters,
		} {
			if err := step(); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return CheckReport{}, fmt.Errorf("check: %w", err)
	}
	if c.more > 0 {
		c.rep.Problems = append(c.rep.Problems, fmt.Sprintf("… and %d more problems", c.more))
	}
	return c.rep, nil
}

// numbers: each 'I' key gives its ID a number that no other ID has, the
// number the store holds in memory for it. The other steps read numbers
// with what the 'I' keys give.
func (c *checker) numbers() error {
	return c.scan([]byte{tNumber}, true, func(k, v []byte) error {
		if len(k) != 1+idLen || len(v) != numLen || readNum(v) == 0 {
			c.problem("number key %x → %x is malformed", k, v)
			return nil
		}
		id, x := ID(k[1:]), readNum(v)
		if err := c.nums.put(id, x); err != nil {
			c.problem("%v", err)
			return nil
		}
		if mem := c.s.nums.of(id); mem != x {
			c.problem("%s has number %d in the store, %d in memory", id, x, mem)
		}
		return nil
	})
}

// dictionary: 'd' and 'D' name each other.
func (c *checker) dictionary() error {
	if err := c.scan([]byte{tDictRev}, true, func(k, v []byte) error {
		if len(k) != 1+predLen {
			c.problem("dictionary key %x has a bad length", k)
			return nil
		}
		if _, err := ParsePredicate(string(v)); err != nil {
			c.problem("dictionary code %x names %v", k[1:], err)
		}
		fwd, ok, err := c.value(append([]byte{tDict}, v...))
		if err != nil {
			return err
		}
		if !ok || !bytes.Equal(fwd, k[1:]) {
			c.problem("dictionary code %x → %q, but %q → %x", k[1:], v, v, fwd)
		}
		return nil
	}); err != nil {
		return err
	}
	return c.scan([]byte{tDict}, true, func(k, v []byte) error {
		back, ok, err := c.value(append([]byte{tDictRev}, v...))
		if err != nil {
			return err
		}
		if !ok || !bytes.Equal(back, k[1:]) {
			c.problem("dictionary %q → %x, but code %x → %q", k[1:], v, v, back)
		}
		return nil
	})
}

// predicate names code p, noting a problem when the dictionary lacks it.
func (c *checker) predicate(p predCode, k []byte) (Predicate, bool) {
	if int(p) < len(c.preds) && c.preds[p] != "" {
		return c.preds[p], true
	}
	name, err := c.s.predicateOf(p)
	if err != nil {
		c.problem("key %x: %v", k, err)
		return "", false
	}
	return name, true
}

// spo: each 'S' key has its 'P' and 'O' keys, a sorted non-empty list of
// sources each with an 'X' key, and ends that are entities.
func (c *checker) spo() error {
	return c.scan([]byte{tSPO}, true, func(k, v []byte) error {
		c.rep.Triples++
		t, err := c.nums.parseSPO(k)
		if err != nil {
			c.problem("%v", err)
			return nil
		}
		if p, ok := c.predicate(t.p, k); ok {
			c.counts[counterPred+string(p)]++
		}
		c.counts[counterTriples]++
		for _, other := range [][]byte{c.nums.posKey(t.s, t.p, t.o), c.nums.ospKey(t.s, t.p, t.o)} {
			ok, err := c.has(other)
			if err != nil {
				return err
			}
			if !ok {
				c.problem("triple %x has no %c key", k, other[0])
			}
		}
		if len(v) == 0 || len(v)%numLen != 0 {
			c.problem("triple %x has a source list of %d bytes", k, len(v))
		}
		for i := 0; i+numLen <= len(v); i += numLen {
			if i > 0 && readNum(v[i-numLen:]) >= readNum(v[i:]) {
				c.problem("triple %x: source list not sorted or repeats a source", k)
			}
			c.scratch = append(append(append(c.scratch[:0], tSource), v[i:i+numLen]...), k[1:]...)
			ok, err := c.has(c.scratch)
			if err != nil {
				return err
			}
			if !ok {
				c.problem("triple %x names source %s (number %d), which has no provenance for it", k, c.nums.id(readNum(v[i:])), readNum(v[i:]))
			}
		}
		for _, end := range c.ends(t) {
			ok, err := c.has(c.nums.entityKey(end))
			if err != nil {
				return err
			}
			if !ok {
				c.problem("triple %x: entity %s does not exist", k, end)
			}
		}
		return nil
	})
}

// ends returns the subject and, when it is an entity, the object of t.
func (c *checker) ends(t rawTriple) []ID {
	if t.o.Kind == KindEntity {
		return []ID{t.s, t.o.Entity}
	}
	return []ID{t.s}
}

// pos: each 'P' key has its 'S' key.
func (c *checker) pos() error {
	return c.scan([]byte{tPOS}, false, func(k, _ []byte) error {
		t, err := c.nums.parsePOS(k)
		if err != nil {
			c.problem("%v", err)
			return nil
		}
		return c.hasSPO(t, k)
	})
}

// osp: each 'O' key has its 'S' key.
func (c *checker) osp() error {
	return c.scan([]byte{tOSP}, false, func(k, _ []byte) error {
		t, err := c.nums.parseOSP(k)
		if err != nil {
			c.problem("%v", err)
			return nil
		}
		return c.hasSPO(t, k)
	})
}

func (c *checker) hasSPO(t rawTriple, k []byte) error {
	ok, err := c.has(c.nums.spoKey(t.s, t.p, t.o))
	if err != nil {
		return err
	}
	if !ok {
		c.problem("index key %x has no triple", k)
	}
	return nil
}

// provenance: each 'X' key's triple exists and lists its source, which
// mentions both ends of the triple; 'X' keys are tallied per source.
func (c *checker) provenance() error {
	var (
		mentionsOf ID
		mentions   []byte // the 'u' list of source mentionsOf
	)
	return c.scan([]byte{tSource}, true, func(k, v []byte) error {
		src, t, err := c.nums.parseSourceKey(k)
		if err != nil {
			c.problem("%v", err)
			return nil
		}
		if _, err := decodeProvenance(src, v); err != nil {
			c.problem("provenance %x: %v", k, err)
		}
		c.perSrc[src]++
		srcs, ok, err := c.value(c.nums.spoKey(t.s, t.p, t.o))
		if err != nil {
			return err
		}
		if !ok {
			c.problem("provenance %x has no triple", k)
		} else if !numListHas(srcs, c.nums.of(src)) {
			c.problem("provenance %x: the triple does not list source %s", k, src)
		}
		if src != mentionsOf || mentions == nil {
			// 'X' keys come source by source: one read per source.
			if mentions, _, err = c.value(c.nums.mentionsKey(src)); err != nil {
				return err
			}
			mentionsOf = src
		}
		for _, end := range c.ends(t) {
			if !numListHas(mentions, c.nums.of(end)) {
				c.problem("source %s asserts %x but does not mention entity %s", src, k, end)
			}
		}
		return nil
	})
}

// sources: every source record decodes and counts its 'X' keys; every
// source with 'X' keys has a record.
func (c *checker) sources() error {
	seen := map[ID]bool{}
	if err := c.scan([]byte{tSourceRec}, true, func(k, v []byte) error {
		if len(k) != 1+numLen {
			c.problem("source key %x has a bad length", k)
			return nil
		}
		id, err := c.nums.idAt(k[1:], "source record")
		if err != nil {
			c.problem("source key %x: %v", k, err)
			return nil
		}
		seen[id] = true
		c.counts[counterSources]++
		rec, err := decodeSource(id, v)
		if err != nil {
			c.problem("%v", err)
			return nil
		}
		if rec.Triples != c.perSrc[id] {
			c.problem("source %s says it holds %d assertions, it has %d", id, rec.Triples, c.perSrc[id])
		}
		return nil
	}); err != nil {
		return err
	}
	ids := make([]ID, 0, len(c.perSrc))
	for id := range c.perSrc {
		if !seen[id] {
			ids = append(ids, id)
		}
	}
	slices.SortFunc(ids, compareIDs)
	for _, id := range ids {
		c.problem("source %s has %d assertions but no source record", id, c.perSrc[id])
	}
	return nil
}

// entities: each record decodes, has its type key and a name key for
// every folded name, and is mentioned by some source.
func (c *checker) entities() error {
	return c.scan([]byte{tEntity}, true, func(k, v []byte) error {
		c.rep.Entities++
		if len(k) != 1+numLen {
			c.problem("entity key %x has a bad length", k)
			return nil
		}
		id, err := c.nums.idAt(k[1:], "entity record")
		if err != nil {
			c.problem("entity key %x: %v", k, err)
			return nil
		}
		e, err := decodeEntity(id, v)
		if err != nil {
			c.problem("%v", err)
			return nil
		}
		c.counts[counterType+string(e.Type)]++
		code, _ := typeCode(e.Type)
		ok, err := c.has(c.nums.typeKey(code, id))
		if err != nil {
			return err
		}
		if !ok {
			c.problem("entity %s (%q) has no type key for %s", id, e.Name, e.Type)
		}
		for _, f := range nameFolds(&e) {
			ok, err := c.has(c.nums.nameKey(f, id))
			if err != nil {
				return err
			}
			if !ok {
				c.problem("entity %s (%q) has no name key for %q", id, e.Name, f)
			}
		}
		p := c.nums.appendID([]byte{tMentionBy}, id)
		it := c.txn.NewIterator(keysOnly(p))
		it.Rewind()
		mentioned := it.Valid()
		it.Close()
		if !mentioned {
			c.problem("entity %s (%q) is mentioned by no source", id, e.Name)
		}
		return nil
	})
}

// types: each 'T' key names an entity of that type.
func (c *checker) types() error {
	all := EntityTypes()
	return c.scan([]byte{tType}, false, func(k, _ []byte) error {
		if len(k) != 2+numLen || int(k[1]) >= len(all) {
			c.problem("type key %x is malformed", k)
			return nil
		}
		id, err := c.nums.idAt(k[2:], "type index")
		if err != nil {
			c.problem("type key %x: %v", k, err)
			return nil
		}
		v, ok, err := c.value(c.nums.entityKey(id))
		if err != nil {
			return err
		}
		if !ok {
			c.problem("type index lists %s as a %s, there is no such entity", id, all[k[1]])
			return nil
		}
		if t, err := entityTypeOf(v); err == nil && t != all[k[1]] {
			c.problem("type index lists %s as a %s, it is a %s", id, all[k[1]], t)
		}
		return nil
	})
}

// names: each 'N' key is the folded form of a name of its entity.
func (c *checker) names() error {
	return c.scan([]byte{tName}, false, func(k, _ []byte) error {
		if len(k) < 2+numLen || k[len(k)-numLen-1] != 0 {
			c.problem("name key %x is malformed", k)
			return nil
		}
		id, err := c.nums.idAt(k[len(k)-numLen:], "name index")
		if err != nil {
			c.problem("name key %x: %v", k, err)
			return nil
		}
		folded := string(k[1 : len(k)-numLen-1])
		e, found, err := c.nums.getEntity(c.txn, id)
		if err != nil {
			c.problem("%v", err)
			return nil
		}
		if !found {
			c.problem("name index lists %q for %s, there is no such entity", folded, id)
			return nil
		}
		if !slices.Contains(nameFolds(&e), folded) {
			c.problem("name index lists %q for %s (%q), which has no such name", folded, id, e.Name)
		}
		return nil
	})
}

// mentions: 'U' and 'u' mirror each other, name existing entities and
// existing sources.
func (c *checker) mentions() error {
	if err := c.scan([]byte{tMentionBy}, false, func(k, _ []byte) error {
		if len(k) != 1+2*numLen {
			c.problem("mention key %x is malformed", k)
			return nil
		}
		id, err := c.nums.idAt(k[1:], "mentioned entity")
		if err != nil {
			c.problem("mention key %x: %v", k, err)
			return nil
		}
		src, err := c.nums.idAt(k[1+numLen:], "mentioning source")
		if err != nil {
			c.problem("mention key %x: %v", k, err)
			return nil
		}
		for _, other := range [][]byte{c.nums.entityKey(id), c.nums.sourceRecKey(src)} {
			ok, err := c.has(other)
			if err != nil {
				return err
			}
			if !ok {
				c.problem("mention of entity %s by source %s: no %c key", id, src, other[0])
			}
		}
		listed, err := c.listed(src, id)
		if err != nil {
			return err
		}
		if !listed {
			c.problem("mention of entity %s by source %s: the source's 'u' list lacks it", id, src)
		}
		return nil
	}); err != nil {
		return err
	}
	return c.scan([]byte{tMentions}, true, func(k, v []byte) error {
		if len(k) != 1+numLen {
			c.problem("mention key %x is malformed", k)
			return nil
		}
		src, err := c.nums.idAt(k[1:], "mentioning source")
		if err != nil {
			c.problem("mention key %x: %v", k, err)
			return nil
		}
		ids, err := c.nums.decodeNumList(v)
		if err != nil {
			c.problem("mentions of source %s: %v", src, err)
			return nil
		}
		if len(ids) == 0 {
			c.problem("source %s has an empty 'u' list", src)
		}
		if ok, err := c.has(c.nums.sourceRecKey(src)); err != nil {
			return err
		} else if !ok {
			c.problem("source %s has a 'u' list but no record", src)
		}
		for i, id := range ids {
			if i > 0 && readNum(v[(i-1)*numLen:]) >= readNum(v[i*numLen:]) {
				c.problem("mentions of source %s are out of order at %s", src, id)
			}
			ok, err := c.has(c.nums.mentionByKey(id, src))
			if err != nil {
				return err
			}
			if !ok {
				c.problem("source %s mentions entity %s, but the entity does not list it", src, id)
			}
		}
		return nil
	})
}

// listed reports whether the 'u' list of source src holds id.
func (c *checker) listed(src, id ID) (bool, error) {
	item, err := c.txn.Get(c.nums.mentionsKey(src))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return false, nil
	}
	if err != nil {
		return false, err
	}
	found := false
	err = item.Value(func(v []byte) error {
		found = numListHas(v, c.nums.of(id))
		return nil
	})
	return found, err
}

func (c *checker) counters() error {
	stored, err := readCounters(c.txn)
	if err != nil {
		c.problem("counters: %v", err)
		return nil
	}
	names := make([]string, 0, len(stored)+len(c.counts))
	for n := range stored {
		names = append(names, n)
	}
	for n := range c.counts {
		if _, ok := stored[n]; !ok {
			names = append(names, n)
		}
	}
	slices.Sort(names)
	for _, n := range names {
		if stored[n] != c.counts[n] {
			c.problem("counter %s is %d, a recount gives %d", n, stored[n], c.counts[n])
		}
	}
	return nil
}
