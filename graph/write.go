package graph

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/skl"
	"github.com/google/uuid"
)

// Writing works in two steps. A batch is first staged: validated, and
// turned into a list of key writes computed against what the open
// transaction already holds, without touching it. Only a batch that stages
// cleanly is written into the transaction, so a bad batch leaves nothing
// behind. ApplyAll writes many staged batches into one transaction and
// commits when the transaction is nearly full; if Badger still says the
// transaction is too big, the batches already in it are replayed into a
// fresh one and committed, and the new batch starts the next. One batch is
// never split across transactions.

// Apply stores everything batch b asserts, whole or not at all, replacing
// what its source asserted before. A source stored with the same non-empty
// Hash is left alone (Unchanged). Invalid input gives an error wrapping
// ErrInvalid that says which entity or assertion is wrong.
func (s *Store) Apply(ctx context.Context, b Batch) (ApplyResult, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	w := s.newWriter(ctx)
	defer w.discard()
	err := w.apply(&b)
	if err == nil {
		err = w.commit()
	}
	if err != nil {
		return ApplyResult{}, fmt.Errorf("apply source %s%s: %w", b.Source.ID, titled(b.Source.Title), err)
	}
	return w.results[0], nil
}

// ApplyAll applies the batches in order, several per Badger transaction.
// Each batch is still whole or nothing. It stops at the first batch that
// fails: the batches before it are stored and their results returned, it
// and the ones after it are not stored, and the error names its index.
func (s *Store) ApplyAll(ctx context.Context, bs []Batch) ([]ApplyResult, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	w := s.newWriter(ctx)
	defer w.discard()
	for i := range bs {
		if err := checkCtx(ctx); err != nil {
			return w.results, fmt.Errorf("apply batch %d of %d: %w", i, len(bs), err)
		}
		if err := w.apply(&bs[i]); err != nil {
			err = fmt.Errorf("apply batch %d of %d (source %s%s): %w", i, len(bs), bs[i].Source.ID, titled(bs[i].Source.Title), err)
			if cerr := w.commit(); cerr != nil {
				err = errors.Join(err, fmt.Errorf("store batches before %d: %w", i, cerr))
			}
			return w.results, err
		}
	}
	if err := w.commit(); err != nil {
		return w.results, fmt.Errorf("apply %d batches: %w", len(bs), err)
	}
	return w.results, nil
}

// Retract removes everything source src asserted, its mentions and its
// record; entities no source mentions any more are deleted with their index
// keys. It returns how many assertions the source held, or ErrNotFound.
func (s *Store) Retract(ctx context.Context, src ID) (int, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	if err := checkCtx(ctx); err != nil {
		return 0, fmt.Errorf("retract source %s: %w", src, err)
	}
	w := s.newWriter(ctx)
	defer w.discard()
	rec, found, err := w.sourceRecord(src)
	if err != nil {
		return 0, fmt.Errorf("retract source %s: %w", src, err)
	}
	if !found {
		return 0, fmt.Errorf("retract source %s: %w", src, ErrNotFound)
	}
	st, err := w.stage(&Batch{Source: rec}, true, true)
	if err == nil {
		err = w.add(st)
	}
	if err == nil {
		err = w.commit()
	}
	if err != nil {
		return 0, fmt.Errorf("retract source %s%s: %w", src, titled(rec.Title), err)
	}
	return rec.Triples, nil
}

func titled(t string) string {
	if t == "" {
		return ""
	}
	return fmt.Sprintf(" %.60q", t)
}

// op is one key write of a staged batch.
type op struct {
	key, val []byte
	del      bool
}

// counts are changes to the 'C' counters.
type counts struct {
	types            []int64 // by type code
	preds            map[predCode]int64
	triples, sources int64
}

func newCounts() counts {
	return counts{types: make([]int64, len(EntityTypes())), preds: map[predCode]int64{}}
}

func (c *counts) add(o *counts) {
	for i, v := range o.types {
		c.types[i] += v
	}
	for p, v := range o.preds {
		c.preds[p] += v
	}
	c.triples += o.triples
	c.sources += o.sources
}

// staged is a batch turned into key writes, not yet in a transaction.
type staged struct {
	res   ApplyResult
	ops   []op
	sets  []badger.Entry // one per set, so that writing allocates no entries
	size  int64          // estimate of what the writes cost in a txn
	cnt   counts
	codes map[Predicate]predCode // predicate codes this batch assigns
	nums  []ID                   // IDs whose 'I' keys the batch writes (numbering.ensure)
}

func (st *staged) set(k, v []byte) {
	st.ops = append(st.ops, op{key: k, val: v})
	st.size += int64(len(k)+len(v)) + 12
}

func (st *staged) del(k []byte) {
	st.ops = append(st.ops, op{key: k, del: true})
	st.size += int64(len(k)) + 12
}

// writeTo puts the batch's writes into txn. With fresh set, it makes new
// entries (a replay after a failed txn must not reuse the old ones).
func (st *staged) writeTo(txn *badger.Txn, fresh bool) error {
	if !fresh && st.sets == nil {
		n := 0
		for i := range st.ops {
			if !st.ops[i].del {
				n++
			}
		}
		st.sets = make([]badger.Entry, n)
	}
	j := 0
	for i := range st.ops {
		o := &st.ops[i]
		var err error
		switch {
		case o.del:
			err = txn.Delete(o.key)
		case fresh:
			err = txn.Set(o.key, o.val)
		default:
			e := &st.sets[j]
			j++
			e.Key, e.Value = o.key, o.val
			err = txn.SetEntry(e)
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// arena hands out byte slices carved from chunks, so that the keys and
// values a transaction holds do not cost one allocation each. Chunks start
// small (most Apply calls are small) and double up to arenaChunk.
type arena struct {
	buf  []byte
	next int // size of the next chunk
}

const (
	arenaFirst = 4 << 10
	arenaChunk = 256 << 10
)

// copy returns a copy of b that lives until the arena is dropped.
func (a *arena) copy(b []byte) []byte {
	n := len(b)
	if cap(a.buf)-len(a.buf) < n {
		a.next = min(max(2*a.next, arenaFirst), arenaChunk)
		a.buf = make([]byte, 0, max(a.next, n))
	}
	start := len(a.buf)
	a.buf = append(a.buf, b...)
	return a.buf[start : start+n : start+n]
}

// writer applies batches for one call, holding writeMu.
type writer struct {
	s       *Store
	ctx     context.Context
	txn     *badger.Txn
	group   []*staged // written into txn, not committed yet
	size    int64     // estimated size of txn
	count   int64     // writes in txn
	codes   map[Predicate]predCode
	results []ApplyResult // of committed batches, in order

	maxSize, maxCount int64 // what a txn may hold, with a margin

	a          arena
	kbuf, vbuf []byte                  // scratch
	sigs       map[Predicate]Signature // SignatureOf, once per predicate

	// fixedCodes: a predicate without a code in codes or the store is an
	// error (errNoCode), not given a new one (BulkLoad's speculation).
	fixedCodes bool
	// index and types are scratch maps of encodeBatch, kept from batch to
	// batch (empty between them) to spare making them for every batch.
	index map[ID]int
	types map[ID]EntityType

	// numbered: every ID the batches name has its number already (BulkLoad
	// numbers them all before it prepares them, and writes the 'I' keys
	// itself), so number has nothing to do.
	numbered bool
}

// errNoCode is code's answer for a predicate without a code when the
// writer may not assign one.
var errNoCode = errors.New("predicate has no code yet")

func (s *Store) newWriter(ctx context.Context) *writer {
	// Badger's limits on one transaction (see badger.Options.MemTableSize),
	// less a margin for the counters and for estimate error.
	limit := s.db.Opts().MemTableSize * 15 / 100
	w := &writer{
		s:        s,
		ctx:      ctx,
		codes:    map[Predicate]predCode{},
		sigs:     map[Predicate]Signature{},
		maxSize:  limit * 8 / 10,
		maxCount: limit / int64(skl.MaxNodeSize) * 8 / 10,
	}
	if s.txnBudget > 0 {
		w.maxSize, w.maxCount = s.txnBudget, s.txnBudget
	}
	return w
}

func (w *writer) discard() {
	if w.txn != nil {
		w.txn.Discard()
		w.txn = nil
	}
}

func (w *writer) tx() *badger.Txn {
	if w.txn == nil {
		w.txn = w.s.db.NewTransaction(true)
	}
	return w.txn
}

// sourceRecord reads the record of src as the open txn sees it.
func (w *writer) sourceRecord(src ID) (Source, bool, error) {
	item, err := w.tx().Get(w.s.nums.sourceRecKey(src))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return Source{}, false, nil
	}
	if err != nil {
		return Source{}, false, err
	}
	var rec Source
	err = item.Value(func(v []byte) error {
		var err error
		rec, err = decodeSource(src, v)
		return err
	})
	return rec, err == nil, err
}

// apply stages batch b and adds it to the open txn.
func (w *writer) apply(b *Batch) error {
	if b.Source.ID == uuid.Nil {
		return fmt.Errorf("%w: the source has no ID", ErrInvalid)
	}
	rec, found, err := w.sourceRecord(b.Source.ID)
	if err != nil {
		return err
	}
	if found && b.Source.Hash != "" && rec.Hash == b.Source.Hash {
		w.group = append(w.group, &staged{res: ApplyResult{Source: rec.ID, Unchanged: true, Assertions: rec.Triples}})
		return nil
	}
	if found && len(w.group) > 0 {
		// Replacing reads the source's old keys with iterators, which in a
		// write txn sort every pending write: start from an empty txn.
		if err := w.commit(); err != nil {
			return err
		}
	}
	st, err := w.stage(b, found, false)
	if err != nil {
		return err
	}
	return w.add(st)
}

// add writes staged batch st into the open txn, committing the batches
// already there first when st would not fit.
func (w *writer) add(st *staged) error {
	if len(w.group) > 0 && (w.size+st.size > w.maxSize || w.count+int64(len(st.ops)) > w.maxCount) {
		if err := w.commit(); err != nil {
			return err
		}
	}
	err := st.writeTo(w.tx(), false)
	if errors.Is(err, badger.ErrTxnTooBig) && w.pendingOps() > 0 {
		w.discard()
		if err := w.commitFresh(w.group); err != nil {
			return err
		}
		w.done()
		err = st.writeTo(w.tx(), true)
	}
	if errors.Is(err, badger.ErrTxnTooBig) {
		return fmt.Errorf("%w: the batch needs %d writes (about %d bytes), more than one transaction holds; split the source: %w",
			ErrInvalid, len(st.ops), st.size, err)
	}
	if err != nil {
		return err
	}
	w.group = append(w.group, st)
	w.size += st.size
	w.count += int64(len(st.ops))
	for p, c := range st.codes {
		w.codes[p] = c
	}
	return nil
}

func (w *writer) pendingOps() int {
	n := 0
	for _, st := range w.group {
		n += len(st.ops)
	}
	return n
}

// commit writes the counters of the open txn and commits it.
func (w *writer) commit() error {
	if w.txn == nil {
		w.done()
		return nil
	}
	if w.pendingOps() == 0 {
		w.discard()
		w.done()
		return nil
	}
	err := w.writeCounters(w.txn, w.group)
	if errors.Is(err, badger.ErrTxnTooBig) {
		w.discard()
		if err := w.commitFresh(w.group); err != nil {
			return err
		}
		w.done()
		return nil
	}
	if err != nil {
		return err
	}
	if err := w.txn.Commit(); err != nil {
		w.txn = nil
		return fmt.Errorf("commit: %w", err)
	}
	w.txn = nil
	w.done()
	return nil
}

// done records the group as committed.
func (w *writer) done() {
	for _, st := range w.group {
		w.s.commitCodes(st.codes)
		w.s.nums.settle(st.nums)
		w.results = append(w.results, st.res)
	}
	w.group = w.group[:0]
	clear(w.codes)
	w.size, w.count = 0, 0
}

// commitFresh replays group into new transactions and commits them,
// halving the group when it does not fit in one.
func (w *writer) commitFresh(group []*staged) error {
	txn := w.s.db.NewTransaction(true)
	defer txn.Discard()
	var err error
	for _, st := range group {
		if err = st.writeTo(txn, true); err != nil {
			break
		}
	}
	if err == nil {
		err = w.writeCounters(txn, group)
	}
	if errors.Is(err, badger.ErrTxnTooBig) && len(group) > 1 {
		txn.Discard()
		h := len(group) / 2
		if err := w.commitFresh(group[:h]); err != nil {
			return err
		}
		return w.commitFresh(group[h:])
	}
	if err != nil {
		return err
	}
	if err := txn.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	return nil
}

// writeCounters adds the counter changes of group to the 'C' keys in txn.
func (w *writer) writeCounters(txn *badger.Txn, group []*staged) error {
	sum := newCounts()
	for _, st := range group {
		if st.cnt.types != nil {
			sum.add(&st.cnt)
		}
	}
	types := EntityTypes()
	for i, d := range sum.types {
		if err := bumpCounter(txn, counterType+string(types[i]), d); err != nil {
			return err
		}
	}
	for c, d := range sum.preds {
		if err := bumpCounter(txn, counterPred+string(w.predicateName(c, group)), d); err != nil {
			return err
		}
	}
	if err := bumpCounter(txn, counterTriples, sum.triples); err != nil {
		return err
	}
	return bumpCounter(txn, counterSources, sum.sources)
}

// predicateName finds the predicate of code c among the committed codes
// and those the batches of group assign.
func (w *writer) predicateName(c predCode, group []*staged) Predicate {
	if p, err := w.s.predicateOf(c); err == nil {
		return p
	}
	for _, st := range group {
		for p, pc := range st.codes {
			if pc == c {
				return p
			}
		}
	}
	return Predicate(fmt.Sprintf("code-%d", c))
}

// bumpCounter adds d to counter name, deleting it when it reaches zero.
func bumpCounter(txn *badger.Txn, name string, d int64) error {
	if d == 0 {
		return nil
	}
	k := counterKey(name)
	var cur int64
	item, err := txn.Get(k)
	switch {
	case errors.Is(err, badger.ErrKeyNotFound):
	case err != nil:
		return fmt.Errorf("counter %s: %w", name, err)
	default:
		if err := item.Value(func(v []byte) error {
			if len(v) != 8 {
				return fmt.Errorf("counter %s: %d bytes", name, len(v))
			}
			cur = int64(binary.BigEndian.Uint64(v))
			return nil
		}); err != nil {
			return err
		}
	}
	cur += d
	if cur <= 0 {
		return txn.Delete(k)
	}
	return txn.Set(k, binary.BigEndian.AppendUint64(nil, uint64(cur)))
}

// xent is one assertion of a staged batch: its 'X' key and provenance.
type xent struct {
	key, val []byte
}

// stage validates batch b and computes its writes against the open txn.
// replace says the source is stored already; retract removes it instead of
// storing b.
func (w *writer) stage(b *Batch, replace, retract bool) (*staged, error) {
	txn := w.tx()
	src := b.Source.ID
	st := &staged{res: ApplyResult{Source: src, Replaced: replace && !retract}, cnt: newCounts()}
	st.ops = make([]op, 0, 5*len(b.Assertions)+4*len(b.Entities)+4)
	if !retract {
		if err := validateSource(&b.Source); err != nil {
			return nil, err
		}
	}

	ents, newX, mentioned, err := w.encodeBatch(st, b,
		func(e *Entity) (bool, error) { return w.upsertEntity(txn, st, e) },
		func(id ID) (EntityType, error) { return w.s.nums.storedType(txn, id) })
	if err != nil {
		return nil, err
	}
	st.res.Entities = len(ents)

	// What the source held before.
	nums := w.s.nums
	srcNum := nums.of(src)
	var oldX [][]byte
	var oldMentions []uint32
	var it *badger.Iterator
	if replace {
		it = txn.NewIterator(badger.IteratorOptions{PrefetchValues: false})
		defer it.Close()
		oldX = w.collectKeys(it, appendNum([]byte{tSource}, srcNum))
		item, err := txn.Get(appendNum([]byte{tMentions}, srcNum))
		switch {
		case errors.Is(err, badger.ErrKeyNotFound):
		case err != nil:
			return nil, err
		default:
			if err := item.Value(func(v []byte) error {
				if len(v)%numLen != 0 {
					return fmt.Errorf("number list of %d bytes", len(v))
				}
				for i := 0; i < len(v); i += numLen {
					oldMentions = append(oldMentions, readNum(v[i:]))
				}
				return nil
			}); err != nil {
				return nil, fmt.Errorf("mentions of source %s: %w", src, err)
			}
		}
	}

	// Assertions: merge-join old and new.
	i, j := 0, 0
	for i < len(oldX) || j < len(newX) {
		var c int
		switch {
		case i == len(oldX):
			c = 1
		case j == len(newX):
			c = -1
		default:
			c = bytes.Compare(oldX[i], newX[j].key)
		}
		switch {
		case c < 0: // only in the old version
			st.del(oldX[i])
			if err := w.dropTripleSource(txn, st, oldX[i]); err != nil {
				return nil, err
			}
			i++
		case c > 0: // only in the new one
			st.set(newX[j].key, newX[j].val)
			if err := w.addTripleSource(txn, st, newX[j].key); err != nil {
				return nil, err
			}
			j++
		default:
			st.set(newX[j].key, newX[j].val)
			i++
			j++
		}
	}
	if err := checkCtx(w.ctx); err != nil {
		return nil, err
	}

	// Mentions: merge-join old and new; entities nobody mentions go.
	i, j = 0, 0
	mentionsChanged := false
	for i < len(oldMentions) || j < len(mentioned) {
		var c int
		switch {
		case i == len(oldMentions):
			c = 1
		case j == len(mentioned):
			c = -1
		default:
			c = cmp.Compare(oldMentions[i], mentioned[j])
		}
		switch {
		case c < 0:
			x := oldMentions[i]
			mentionsChanged = true
			st.del(w.a.copy(mentionByNums(x, srcNum)))
			if err := w.collectOrphan(txn, it, st, x, srcNum); err != nil {
				return nil, err
			}
			i++
		case c > 0:
			mentionsChanged = true
			st.set(w.a.copy(mentionByNums(mentioned[j], srcNum)), nil)
			j++
		default:
			i++
			j++
		}
	}
	switch {
	case !mentionsChanged:
	case len(mentioned) == 0:
		st.del(nums.mentionsKey(src))
	default:
		list := make([]byte, 0, numLen*len(mentioned))
		for _, x := range mentioned {
			list = appendNum(list, x)
		}
		st.set(nums.mentionsKey(src), list)
	}

	// The source record.
	if retract {
		st.del(nums.sourceRecKey(src))
		st.cnt.sources--
	} else {
		rec := b.Source
		rec.Triples = len(newX)
		if rec.IngestedAt.IsZero() {
			rec.IngestedAt = time.Now().UTC()
		}
		st.set(nums.sourceRecKey(src), appendSource(nil, &rec))
		if !replace {
			st.cnt.sources++
		}
		st.res.Assertions = len(newX)
	}
	return st, nil
}

// encodeBatch is the part of staging that Apply and BulkLoad share: it
// validates the entities of batch b (merging duplicates) and hands each to
// upsert, which checks it against the stored one and reports whether it is
// new; then it validates and encodes the assertions, looking up the types
// of entities that are not in the batch with stored. It returns the merged
// entities, the batch's 'X' entries sorted and deduplicated, and the sorted
// numbers of every entity the batch mentions. The source and then each
// entity, in the batch's order, get a number when they have none. New
// entities are counted in st.res.NewEntities, new predicate codes kept in
// st.codes.
func (w *writer) encodeBatch(st *staged, b *Batch, upsert func(*Entity) (bool, error), stored func(ID) (EntityType, error)) ([]Entity, []xent, []uint32, error) {
	src := b.Source.ID
	// Entities of the batch, duplicates merged.
	if w.index == nil {
		w.index, w.types = map[ID]int{}, map[ID]EntityType{}
	}
	clear(w.index)
	ents, err := mergeBatchEntities(b.Entities, w.index)
	if err != nil {
		return nil, nil, nil, err
	}
	if err := w.number(st, src); err != nil {
		return nil, nil, nil, err
	}
	// Entities: upsert (this also refuses a type that differs from the
	// stored one, before the signatures are checked).
	for i := range ents {
		if err := w.number(st, ents[i].ID); err != nil {
			return nil, nil, nil, err
		}
		created, err := upsert(&ents[i])
		if err != nil {
			return nil, nil, nil, fmt.Errorf("entity %q: %w", ents[i].Name, err)
		}
		if created {
			st.res.NewEntities++
		}
	}

	types := w.types
	clear(types)
	for i := range ents {
		types[ents[i].ID] = ents[i].Type
	}
	typeOf := func(id ID) (EntityType, error) {
		if t, ok := types[id]; ok {
			return t, nil
		}
		t, err := stored(id)
		if err != nil {
			return "", err
		}
		types[id] = t
		return t, nil
	}

	// Assertions: validate, encode, sort, dedupe.
	newX := make([]xent, 0, len(b.Assertions))
	nums := w.s.nums
	mentioned := make([]uint32, 0, len(ents)+2*len(b.Assertions))
	for i := range ents {
		mentioned = append(mentioned, nums.of(ents[i].ID))
	}
	for i := range b.Assertions {
		a := &b.Assertions[i]
		x, err := w.encodeAssertion(st, src, a, typeOf)
		if err != nil {
			return nil, nil, nil, fmt.Errorf("assertion %d (%s %s %.80s): %w", i, a.Subject, a.Predicate, a.Object.String(), err)
		}
		newX = append(newX, x)
		mentioned = append(mentioned, readNum(x.key[xSubjectAt:]))
		if a.Object.Kind == KindEntity {
			mentioned = append(mentioned, readNum(x.key[xObjectAt+1:]))
		}
	}
	slices.SortStableFunc(newX, func(p, q xent) int { return bytes.Compare(p.key, q.key) })
	newX = slices.CompactFunc(newX, func(p, q xent) bool { return bytes.Equal(p.key, q.key) })
	slices.Sort(mentioned)
	mentioned = slices.Compact(mentioned)
	return ents, newX, mentioned, nil
}

// number gives id a number for batch st when it has none, and writes its
// 'I' key with the batch while the number is pending (numbering.ensure).
func (w *writer) number(st *staged, id ID) error {
	if w.numbered {
		return nil
	}
	x, write, err := w.s.nums.ensure(id)
	if err != nil || !write {
		return err
	}
	st.set(numKey(id), appendNum(nil, x))
	st.nums = append(st.nums, id)
	return nil
}

// collectKeys returns copies of every key with prefix p.
func (w *writer) collectKeys(it *badger.Iterator, p []byte) [][]byte {
	var out [][]byte
	for it.Seek(p); it.ValidForPrefix(p); it.Next() {
		out = append(out, w.a.copy(it.Item().Key()))
	}
	return out
}

func compareIDs(a, b ID) int { return bytes.Compare(a[:], b[:]) }

// storedType returns the type of stored entity id, or an error wrapping
// ErrInvalid when there is none.
func (n *numbering) storedType(txn *badger.Txn, id ID) (EntityType, error) {
	item, err := txn.Get(n.entityKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", fmt.Errorf("%w: entity %s is neither in the batch nor in the store", ErrInvalid, id)
	}
	if err != nil {
		return "", err
	}
	var t EntityType
	err = item.Value(func(v []byte) error {
		var err error
		t, err = entityTypeOf(v)
		return err
	})
	return t, err
}

// encodeAssertion validates a and returns its 'X' key and provenance
// record, assigning a predicate code when the predicate has none yet.
func (w *writer) encodeAssertion(st *staged, src ID, a *Assertion, typeOf func(ID) (EntityType, error)) (xent, error) {
	if a.Provenance.Source != uuid.Nil && a.Provenance.Source != src {
		return xent{}, fmt.Errorf("%w: provenance names source %s, the batch is source %s", ErrInvalid, a.Provenance.Source, src)
	}
	if a.Subject == uuid.Nil {
		return xent{}, fmt.Errorf("%w: no subject", ErrInvalid)
	}
	code, err := w.code(st, a.Predicate)
	if err != nil {
		return xent{}, err
	}
	if err := a.Object.Validate(); err != nil {
		return xent{}, err
	}
	subj, err := typeOf(a.Subject)
	if err != nil {
		return xent{}, fmt.Errorf("subject: %w", err)
	}
	var obj EntityType
	if a.Object.Kind == KindEntity {
		if obj, err = typeOf(a.Object.Entity); err != nil {
			return xent{}, fmt.Errorf("object: %w", err)
		}
	}
	sig, ok := w.sigs[a.Predicate]
	if !ok {
		sig = SignatureOf(a.Predicate)
		w.sigs[a.Predicate] = sig
	}
	if !sig.Accepts(subj, obj, a.Object.Kind) {
		return xent{}, fmt.Errorf("%w: %s does not join a %s to %s (it takes %s)", ErrInvalid,
			a.Predicate, subj, describeObject(obj, a.Object.Kind), describeSignature(sig))
	}
	p := a.Provenance
	switch {
	case p.Start < 0 || p.End < p.Start:
		return xent{}, fmt.Errorf("%w: evidence span %d..%d", ErrInvalid, p.Start, p.End)
	case !(p.Confidence >= 0 && p.Confidence <= 1):
		return xent{}, fmt.Errorf("%w: confidence %v is not within 0..1", ErrInvalid, p.Confidence)
	case len(p.Rule) > MaxNameLen:
		return xent{}, fmt.Errorf("%w: rule name of %d bytes (at most %d)", ErrInvalid, len(p.Rule), MaxNameLen)
	}
	p.Sentence = truncateUTF8(p.Sentence, MaxSentenceLen)

	w.kbuf = w.s.nums.appendSourceKey(w.kbuf[:0], src, a.Subject, code, a.Object)
	k := w.kbuf
	w.vbuf = appendProvenance(w.vbuf[:0], &p)
	return xent{key: w.a.copy(k), val: w.a.copy(w.vbuf)}, nil
}

func describeObject(t EntityType, k ValueKind) string {
	if t != "" {
		return "a " + string(t)
	}
	return "a " + k.String() + " literal"
}

func describeSignature(sig Signature) string {
	subj := typeList(sig.Subjects)
	if sig.Literal != 0 {
		return subj + " → " + sig.Literal.String()
	}
	return subj + " → " + typeList(sig.Objects)
}

func typeList(ts []EntityType) string {
	if len(ts) == len(EntityTypes()) {
		return "any entity"
	}
	parts := make([]string, len(ts))
	for i, t := range ts {
		parts[i] = string(t)
	}
	return strings.Join(parts, "/")
}

// code returns the dictionary code of p for batch st.
func (w *writer) code(st *staged, p Predicate) (predCode, error) {
	if c, ok := st.codes[p]; ok {
		return c, nil
	}
	if w.fixedCodes {
		if c, ok := w.codes[p]; ok {
			return c, nil
		}
		if c, ok := w.s.codeOf(p); ok {
			return c, nil
		}
		return 0, errNoCode
	}
	pending := w.codes
	if len(st.codes) > 0 {
		pending = make(map[Predicate]predCode, len(w.codes)+len(st.codes))
		for q, c := range w.codes {
			pending[q] = c
		}
		for q, c := range st.codes {
			pending[q] = c
		}
	}
	c, fresh, err := w.s.ensureCode(p, pending)
	if err != nil || !fresh {
		return c, err
	}
	if st.codes == nil {
		st.codes = map[Predicate]predCode{}
	}
	st.codes[p] = c
	rev, revVal, fwd, fwdVal := dictKeys(p, c)
	st.set(rev, revVal)
	st.set(fwd, fwdVal)
	return c, nil
}

// addTripleSource adds src to the sources of the triple in 'X' key x,
// creating the triple's three index keys when it is new.
func (w *writer) addTripleSource(txn *badger.Txn, st *staged, x []byte) error {
	w.kbuf = appendSPOFromX(w.kbuf[:0], x)
	item, err := txn.Get(w.kbuf)
	if errors.Is(err, badger.ErrKeyNotFound) {
		spo := w.a.copy(w.kbuf)
		st.set(spo, w.a.copy(x[1:xSubjectAt]))
		w.kbuf = appendPOSFromX(w.kbuf[:0], x)
		st.set(w.a.copy(w.kbuf), nil)
		w.kbuf = appendOSPFromX(w.kbuf[:0], x)
		st.set(w.a.copy(w.kbuf), nil)
		st.cnt.triples++
		st.cnt.preds[predCode(binary.BigEndian.Uint16(x[xPredAt:]))]++
		st.res.Added++
		return nil
	}
	if err != nil {
		return err
	}
	spo := w.a.copy(w.kbuf)
	return item.Value(func(v []byte) error {
		srcs, ok := insertSource(w.vbuf[:0], v, readNum(x[1:]))
		w.vbuf = srcs
		if ok {
			st.set(spo, w.a.copy(srcs))
		}
		return nil
	})
}

// dropTripleSource removes src from the sources of the triple in 'X' key
// x, deleting the triple's index keys when no source is left.
func (w *writer) dropTripleSource(txn *badger.Txn, st *staged, x []byte) error {
	w.kbuf = appendSPOFromX(w.kbuf[:0], x)
	item, err := txn.Get(w.kbuf)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return fmt.Errorf("store is inconsistent: provenance %x has no triple (run check)", x)
	}
	if err != nil {
		return err
	}
	spo := w.a.copy(w.kbuf)
	return item.Value(func(v []byte) error {
		rest := removeSource(w.vbuf[:0], v, readNum(x[1:]))
		w.vbuf = rest
		if len(rest) > 0 {
			st.set(spo, w.a.copy(rest))
			return nil
		}
		st.del(spo)
		w.kbuf = appendPOSFromX(w.kbuf[:0], x)
		st.del(w.a.copy(w.kbuf))
		w.kbuf = appendOSPFromX(w.kbuf[:0], x)
		st.del(w.a.copy(w.kbuf))
		st.cnt.triples--
		st.cnt.preds[predCode(binary.BigEndian.Uint16(x[xPredAt:]))]--
		st.res.Removed++
		return nil
	})
}

// insertSource appends to dst the numList of sources v with source number
// src added; ok is false when src was there already.
func insertSource(dst, v []byte, src uint32) ([]byte, bool) {
	for i := 0; i+numLen <= len(v); i += numLen {
		switch x := readNum(v[i:]); {
		case x == src:
			return append(dst, v...), false
		case x > src:
			dst = append(dst, v[:i]...)
			dst = appendNum(dst, src)
			return append(dst, v[i:]...), true
		}
	}
	dst = append(dst, v...)
	return appendNum(dst, src), true
}

// removeSource appends to dst the numList of sources v without source
// number src.
func removeSource(dst, v []byte, src uint32) []byte {
	for i := 0; i+numLen <= len(v); i += numLen {
		if readNum(v[i:]) != src {
			dst = append(dst, v[i:i+numLen]...)
		}
	}
	return dst
}

// collectOrphan deletes entity number x with its index keys when no
// source but src (whose mention is being removed) mentions it.
func (w *writer) collectOrphan(txn *badger.Txn, it *badger.Iterator, st *staged, x, src uint32) error {
	p := appendNum([]byte{tMentionBy}, x)
	for it.Seek(p); it.ValidForPrefix(p); it.Next() {
		if readNum(it.Item().Key()[1+numLen:]) != src {
			return nil // someone else still mentions it
		}
	}
	id := w.s.nums.id(x)
	item, err := txn.Get(appendNum([]byte{tEntity}, x))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return nil
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
	code, _ := typeCode(e.Type)
	st.del(w.s.nums.entityKey(id))
	st.del(w.s.nums.typeKey(code, id))
	for _, f := range nameFolds(&e) {
		st.del(w.s.nums.nameKey(f, id))
	}
	st.cnt.types[code]--
	return nil
}

// nameFolds returns the distinct folded forms of e's name and aliases.
func nameFolds(e *Entity) []string {
	out := make([]string, 0, 1+len(e.Aliases))
	for _, n := range e.Names() {
		if f := Fold(n); f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	return out
}

// upsertEntity stores e, merging it into the stored record when there is
// one. It reports whether the entity is new.
func (w *writer) upsertEntity(txn *badger.Txn, st *staged, e *Entity) (bool, error) {
	code, _ := typeCode(e.Type)
	item, err := txn.Get(w.s.nums.entityKey(e.ID))
	if errors.Is(err, badger.ErrKeyNotFound) {
		w.vbuf = appendEntity(w.vbuf[:0], e)
		st.set(w.s.nums.entityKey(e.ID), w.a.copy(w.vbuf))
		st.set(w.s.nums.typeKey(code, e.ID), nil)
		for _, f := range nameFolds(e) {
			st.set(w.s.nums.nameKey(f, e.ID), nil)
		}
		st.cnt.types[code]++
		return true, nil
	}
	if err != nil {
		return false, err
	}
	var stored Entity
	if err := item.Value(func(v []byte) error {
		var err error
		stored, err = decodeEntity(e.ID, v)
		return err
	}); err != nil {
		return false, err
	}
	if err := sameType(&stored, e); err != nil {
		return false, err
	}
	oldNames := stored.Names()
	if !mergeEntity(&stored, e) {
		return false, nil
	}
	before := nameFolds(&Entity{Name: oldNames[0], Aliases: oldNames[1:]})
	w.vbuf = appendEntity(w.vbuf[:0], &stored)
	st.set(w.s.nums.entityKey(e.ID), w.a.copy(w.vbuf))
	for _, f := range nameFolds(&stored) {
		if !slices.Contains(before, f) {
			st.set(w.s.nums.nameKey(f, e.ID), nil)
		}
	}
	return false, nil
}

// sameType refuses e when the stored entity has another type.
func sameType(stored, e *Entity) error {
	if stored.Type != e.Type {
		return fmt.Errorf("%w: entity %q (%s) is stored as a %s, the batch says %s", ErrInvalid, e.Name, e.ID, stored.Type, e.Type)
	}
	return nil
}

// mergeEntity merges e into stored and reports whether stored changed. A
// name stored does not have becomes an alias, except that a stored name
// without diacritics gives way to one that folds the same and has them (the
// old one becomes an alias). Attributes stored keep their values; new ones
// are added. Aliases beyond MaxAliases are dropped.
func mergeEntity(stored, e *Entity) bool {
	changed := false
	for _, n := range e.Names() {
		if n == stored.Name || slices.Contains(stored.Aliases, n) {
			continue
		}
		changed = true
		if isASCII(stored.Name) && !isASCII(n) && Fold(n) == Fold(stored.Name) {
			stored.Aliases = append(stored.Aliases, stored.Name)
			stored.Name = n
			if len(stored.Aliases) > MaxAliases {
				stored.Aliases = stored.Aliases[:MaxAliases]
			}
			continue
		}
		if len(stored.Aliases) < MaxAliases {
			stored.Aliases = append(stored.Aliases, n)
		}
	}
	for k, v := range e.Attrs {
		if _, ok := stored.Attrs[k]; ok {
			continue
		}
		if stored.Attrs == nil {
			stored.Attrs = map[string]string{}
		}
		stored.Attrs[k] = v
		changed = true
	}
	return changed
}

// mergeBatchEntities validates the entities of a batch and merges those
// that share an ID, in order; index is an empty map it may use to find
// them.
func mergeBatchEntities(in []Entity, index map[ID]int) ([]Entity, error) {
	out := make([]Entity, 0, len(in))
	if len(in) <= 8 {
		index = nil // a scan of so few is cheaper
	}
	for i := range in {
		e := &in[i]
		if err := validateEntity(e); err != nil {
			return nil, fmt.Errorf("entity %d: %w", i, err)
		}
		at := -1
		if index != nil {
			if k, ok := index[e.ID]; ok {
				at = k
			}
		} else {
			for k := range out {
				if out[k].ID == e.ID {
					at = k
					break
				}
			}
		}
		if at >= 0 {
			if out[at].Type != e.Type {
				return nil, fmt.Errorf("entity %d: %w: %q (%s) is both a %s and a %s in this batch", i, ErrInvalid, e.Name, e.ID, out[at].Type, e.Type)
			}
			mergeEntity(&out[at], e)
			continue
		}
		c := Entity{ID: e.ID, Type: e.Type, Name: e.Name}
		for _, a := range e.Aliases {
			if a != c.Name && !slices.Contains(c.Aliases, a) {
				c.Aliases = append(c.Aliases, a)
			}
		}
		if len(e.Attrs) > 0 {
			c.Attrs = make(map[string]string, len(e.Attrs))
			for k, v := range e.Attrs {
				c.Attrs[k] = v
			}
		}
		if index != nil {
			index[e.ID] = len(out)
		}
		out = append(out, c)
	}
	return out, nil
}

// validateEntity checks e beyond Entity.Validate: every name must have
// letters or digits, and attributes are bounded.
func validateEntity(e *Entity) error {
	if err := e.Validate(); err != nil {
		return err
	}
	if !hasLetterOrDigit(e.Name) {
		return fmt.Errorf("%w: entity %s name %q has no letters or digits", ErrInvalid, e.ID, e.Name)
	}
	for i, a := range e.Aliases {
		if !hasLetterOrDigit(a) {
			return fmt.Errorf("%w: entity %q alias %d (%q) has no letters or digits", ErrInvalid, e.Name, i, a)
		}
	}
	if len(e.Attrs) > MaxAliases {
		return fmt.Errorf("%w: entity %q has %d attributes (at most %d)", ErrInvalid, e.Name, len(e.Attrs), MaxAliases)
	}
	for k, v := range e.Attrs {
		if k == "" || len(k) > MaxNameLen || len(v) > MaxLiteralLen {
			return fmt.Errorf("%w: entity %q attribute %.40q: key of %d bytes (1..%d), value of %d bytes (at most %d)",
				ErrInvalid, e.Name, k, len(k), MaxNameLen, len(v), MaxLiteralLen)
		}
	}
	return nil
}

// hasLetterOrDigit reports whether s has a letter or a digit, that is
// whether Fold(s) is not empty, without folding.
func hasLetterOrDigit(s string) bool {
	for _, r := range s {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return true
		}
	}
	return false
}

// validateSource checks the fields of a source record.
func validateSource(src *Source) error {
	for _, f := range []struct{ name, v string }{{"title", src.Title}, {"URL", src.URL}, {"hash", src.Hash}, {"date", src.Date}} {
		if len(f.v) > MaxLiteralLen {
			return fmt.Errorf("%w: source %s of %d bytes (at most %d)", ErrInvalid, f.name, len(f.v), MaxLiteralLen)
		}
	}
	if src.Date != "" {
		if _, err := DateValue(src.Date); err != nil {
			if _, terr := time.Parse(time.RFC3339, src.Date); terr != nil {
				return fmt.Errorf("%w: source date %q is not ISO 8601 (YYYY-MM-DD, YYYY-MM, YYYY or RFC 3339)", ErrInvalid, src.Date)
			}
		}
	}
	return nil
}
