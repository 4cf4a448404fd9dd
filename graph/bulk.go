package graph

import (
	"bytes"
	"cmp"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"maps"
	"math/bits"
	"runtime"
	"slices"
	"sync"
	"sync/atomic"
	"time"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"
	"github.com/google/uuid"
)

// BulkResult is what BulkLoad stored.
type BulkResult struct {
	Batches    int // batches read (Unchanged repeats included)
	Sources    int // sources stored
	Unchanged  int // batches skipped as an earlier batch of the same source with the same non-empty Hash
	Entities   int // entities stored
	Triples    int // distinct triples stored
	Assertions int // (source, triple) pairs stored: the 'X' provenance records
	Keys       int // keys written
}

// BulkLoad fills an empty store with the batches next hands out, much
// faster than ApplyAll: it validates and merges everything in memory and
// writes the finished, sorted keys with Badger's StreamWriter, which builds
// the LSM tables directly instead of going through transactions. The
// batches are read in turn, each group checked on every core (speculate),
// and their 'X' keys, which come in key order, are written as they are
// kept (xStream); then each other big table (one key byte) is sorted and
// written as a stream of its own by one worker per core, so that one table
// is sorted while another is written (see streamWrite).
//
// next is called until it returns io.EOF (with any batches it returns
// alongside ignored); any other error aborts the load and leaves the store
// as it was.
// An empty slice with a nil error is allowed and simply asks again.
//
// Every batch is validated exactly as Apply validates it (the same staging
// code), entities are merged across batches as successive Apply calls merge
// them, and a triple asserted by several sources is stored once, listing
// them all. The result holds the same keys as ApplyAll of the same batches
// in order (a source repeated with the same non-empty Hash is skipped as
// Unchanged, as Apply does), with one exception: a source that appears
// again with anything else is refused, where Apply would replace it (apply
// the replacement with Apply afterwards).
//
// It is whole or nothing as far as the input goes: when a batch is invalid
// (or next fails, or ctx is cancelled) it returns an error naming the batch
// and the store is put back as it was (empty, with its metadata and
// predicate dictionary: undoBulkLoad). It refuses a store that already holds any
// source or entity. Everything is held in memory and sorted there until
// it is written (each table's keys are dropped once written):
// BenchmarkBulkLoad of 1 million assertions peaked at 2.7 GB resident
// (before the store format govkg-3 and the packed tables, which hold
// less), so plan on up to 2.7 KiB per assertion, about 8 million
// assertions on 24 GiB; apply what does not fit with ApplyAll afterwards. The write,
// which begins with the read, replaces the store's contents (Badger drops
// them first) and sets the store's format key last: should it stop half way (the process killed,
// a disk error), the store holds part of the load and no format key, and
// the next Open empties it again, so that the load is whole or absent
// after a crash too. Do not serve reads while it runs.
func (s *Store) BulkLoad(ctx context.Context, next func() ([]Batch, error)) (BulkResult, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	kept, err := s.bulkPreconditions()
	if err != nil {
		return BulkResult{}, fmt.Errorf("bulk load: %w", err)
	}
	// The store holds no numbers: those a failed write left pending are
	// forgotten, so that the load numbers its sources in the order they
	// come, the order of their 'X' keys.
	s.nums.reset()
	bl := newBulkLoader(s, ctx)
	began := time.Now()

	// The write begins with the read: Badger is emptied now and the 'X'
	// keys stream to it as the batches are kept (xStream); should the
	// load fail, the store is put back as it was (undoBulkLoad).
	sw := s.db.NewStreamWriter()
	defer sw.Cancel()
	if err := sw.Prepare(); err != nil {
		return BulkResult{}, fmt.Errorf("bulk load: prepare: %w", err)
	}
	if s.bulkHook != nil {
		s.bulkHook("write")
	}
	bl.x = startXStream(sw, xStreamID)
	fail := func(err error) (BulkResult, error) {
		bl.x.finish() // its error is the lesser one
		sw.Cancel()
		if uerr := s.undoBulkLoad(kept); uerr != nil {
			return BulkResult{}, errors.Join(err, fmt.Errorf("bulk load: put the store back: %w", uerr))
		}
		return BulkResult{}, err
	}
	for {
		if err := checkCtx(ctx); err != nil {
			return fail(fmt.Errorf("bulk load after %d batches: %w", bl.res.Batches, err))
		}
		bs, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return fail(fmt.Errorf("bulk load: reading batches after %d: %w", bl.res.Batches, err))
		}
		if err := bl.addAll(bs); err != nil {
			return fail(err)
		}
	}
	if err := checkCtx(ctx); err != nil {
		return fail(fmt.Errorf("bulk load: %w", err))
	}
	read := time.Since(began)
	if err := bl.x.finish(); err != nil {
		return fail(fmt.Errorf("bulk load: write: %w", err))
	}
	tables := bl.tables(kept)
	if err := s.streamWrite(sw, tables); err != nil {
		return fail(fmt.Errorf("bulk load: write: %w", err))
	}
	// The format key goes last: a store without it, but with other keys,
	// holds an unfinished load, which Open clears.
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(formatKey(), []byte(formatVersion))
	}); err != nil {
		return BulkResult{}, fmt.Errorf("bulk load: finish: %w", err)
	}
	if s.bulkHook != nil {
		s.bulkHook("done")
	}
	bl.res.Keys += bl.res.Assertions // the 'X' keys
	for _, t := range tables {
		bl.res.Keys += t.n // every table is built by now, so n is exact
	}
	s.commitCodes(bl.w.codes)
	s.nums.settleAll()
	s.log.Debug("bulk load done", "batches", bl.res.Batches, "assertions", bl.res.Assertions,
		"read", read.Round(time.Millisecond), "write", (time.Since(began) - read).Round(time.Millisecond))
	return bl.res, nil
}

// xStreamID is the Badger stream of the 'X' keys; the other tables'
// streams follow it.
const xStreamID = 1

// xStream writes the 'X' keys of a bulk load to Badger while the batches
// are still being read and checked: they come in key order (the sources
// in the order of their numbers, each batch's keys sorted), so they need
// no table, and their values (the provenance records, more than half of
// the bytes of a load) need not be held until the end.
type xStream struct {
	sw   *badger.StreamWriter
	id   uint32
	in   chan []xent // each kept batch's 'X' entries, in order
	done chan error
	shut bool // in is closed
}

// startXStream starts writing the 'X' entries sent to the stream's in.
func startXStream(sw *badger.StreamWriter, id uint32) *xStream {
	x := &xStream{sw: sw, id: id, in: make(chan []xent, 64), done: make(chan error, 1)}
	go x.run(x.in)
	return x
}

func (x *xStream) run(in <-chan []xent) {
	const flushAt = 4 << 20
	buf := z.NewBuffer(flushAt+(1<<20), "govkg.bulk.x")
	defer buf.Release()
	var err error
	sent := false
	for xs := range in {
		for i := 0; err == nil && i < len(xs); i++ { // after an error, only drain
			putKV(buf, xs[i].key, xs[i].val, x.id)
			if buf.LenNoPadding() >= flushAt {
				err = x.sw.Write(buf)
				buf.Reset()
				sent = true
			}
		}
	}
	if err == nil && (sent || buf.LenNoPadding() > 0) {
		badger.KVToBuffer(&pb.KV{StreamId: x.id, StreamDone: true}, buf)
		err = x.sw.Write(buf)
	}
	if err != nil {
		err = fmt.Errorf("stream %d ('X' keys): %w", x.id, err)
	}
	x.done <- err
}

// finish waits until every entry sent is written and the stream closed.
func (x *xStream) finish() error {
	if x.shut {
		return nil // finished already
	}
	close(x.in)
	x.shut = true
	return <-x.done
}

// undoBulkLoad puts back a store whose bulk load failed as it was before:
// empty but for the keys kept (metadata and the predicate dictionary) and
// its format key. The numbers the load gave are forgotten.
func (s *Store) undoBulkLoad(kept []kv) error {
	if err := s.db.DropAll(); err != nil {
		return err
	}
	s.nums.reset()
	return s.db.Update(func(txn *badger.Txn) error {
		for _, k := range kept {
			if err := txn.Set(k.key, k.val); err != nil {
				return err
			}
		}
		return txn.Set(formatKey(), []byte(formatVersion))
	})
}

// kv is one key of a bulk load.
type kv struct{ key, val []byte }

// bulkPreconditions refuses a store with any data in it and returns the
// keys a bulk load must carry over: the metadata and the predicate
// dictionary (Badger's stream writer drops everything).
func (s *Store) bulkPreconditions() ([]kv, error) {
	var kept []kv
	var sources, entities, other int
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			item := it.Item()
			k := item.Key()
			switch k[0] {
			case tMeta, tDict, tDictRev:
				if bytes.Equal(k, formatKey()) {
					continue // set last, once the load is whole
				}
				v, err := item.ValueCopy(nil)
				if err != nil {
					return err
				}
				kept = append(kept, kv{item.KeyCopy(nil), v})
			case tSourceRec:
				sources++
			case tEntity:
				entities++
			default:
				other++
			}
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if sources+entities+other > 0 {
		return nil, fmt.Errorf("the store is not empty (%d sources, %d entities, %d other keys); bulk loading needs an empty store", sources, entities, other)
	}
	return kept, nil
}

// bulkEntity is an entity as merged so far, with every folded name it has
// had (Apply never removes a name key when an alias is dropped).
type bulkEntity struct {
	e     Entity
	folds []string
}

// bulkSource is one source a bulk load stores, with what its batch
// asserted and mentioned. Keeping each batch's slices as encodeBatch
// returned them (instead of appending them to one big slice) spares the
// copying of ever larger slices while the batches are read.
type bulkSource struct {
	id        ID
	num       uint32   // its number
	rec       kv       // its 'R' key
	mentioned []uint32 // the numbers of the entities it mentions, sorted and distinct
}

// bulkLoader collects validated batches in memory.
type bulkLoader struct {
	w       *writer // for the shared staging code; it never opens a txn
	x       *xStream
	xt      packed       // the 'X' keys so far (their values are xStream's), in key order
	srcs    []bulkSource // in the order they came, which is the order of their numbers
	ents    map[ID]*bulkEntity
	sources map[ID]string // hash of each stored source
	res     BulkResult
	now     time.Time
}

func newBulkLoader(s *Store, ctx context.Context) *bulkLoader {
	w := s.newWriter(ctx)
	w.numbered = true // by bulkLoader.number
	return &bulkLoader{
		w:       w,
		ents:    map[ID]*bulkEntity{},
		sources: map[ID]string{},
		now:     time.Now().UTC(),
	}
}

// prepared is a batch validated and encoded by prepare, ready for keep.
type prepared struct {
	ents      []Entity
	folds     [][]string // nameFolds of each of ents the load did not hold yet (nil for the others)
	xs        []xent
	mentioned []uint32
	codes     map[Predicate]predCode // predicate codes the batch assigned
}

// prepare validates batch b with the staging code Apply uses and encodes
// it with w. typeOf returns the type of an entity loaded by an earlier
// batch, or ok false when there is none.
func prepare(w *writer, b *Batch, typeOf func(ID) (EntityType, bool)) (prepared, error) {
	if b.Source.ID == uuid.Nil {
		return prepared{}, fmt.Errorf("%w: the source has no ID", ErrInvalid)
	}
	if err := validateSource(&b.Source); err != nil {
		return prepared{}, err
	}
	st := &staged{cnt: newCounts()}
	// Entities loaded so far are merged into only once the whole batch is
	// valid (by keep).
	upsert := func(e *Entity) (bool, error) {
		if t, ok := typeOf(e.ID); ok {
			if t != e.Type {
				return false, fmt.Errorf("%w: entity %q (%s) is stored as a %s, the batch says %s", ErrInvalid, e.Name, e.ID, t, e.Type)
			}
			return false, nil
		}
		return true, nil
	}
	stored := func(id ID) (EntityType, error) {
		if t, ok := typeOf(id); ok {
			return t, nil
		}
		return "", fmt.Errorf("%w: entity %s is neither in the batch nor in the store", ErrInvalid, id)
	}
	ents, xs, mentioned, err := w.encodeBatch(st, b, upsert, stored)
	if err != nil {
		return prepared{}, err
	}
	// Folding names is costly and only an entity new to the load needs
	// its folds (keep merges the others and folds again only when their
	// names change).
	folds := make([][]string, len(ents))
	for i := range ents {
		if _, known := typeOf(ents[i].ID); !known {
			folds[i] = nameFolds(&ents[i])
		}
	}
	return prepared{ents: ents, folds: folds, xs: xs, mentioned: mentioned, codes: st.codes}, nil
}

// addAll validates the batches bs, in order, against what the batches
// before them hold, and keeps them. The work that needs nothing but the
// batch (validation, encoding, folding names) is done first for every
// batch at once, by one goroutine per core, each assuming that the
// batches before its own add nothing it needs; a batch for which that
// guess may have been wrong, or that failed, is prepared again in turn,
// so the result and the first error are what adding the batches one by
// one would give.
func (bl *bulkLoader) addAll(bs []Batch) error {
	if err := bl.number(bs); err != nil {
		return fmt.Errorf("bulk load: %w", err)
	}
	specs := bl.speculate(bs)
	for i := range bs {
		b := &bs[i]
		if err := bl.add(b, specs[i]); err != nil {
			return fmt.Errorf("bulk load batch %d (source %s%s): %w", bl.res.Batches, b.Source.ID, titled(b.Source.Title), err)
		}
		bl.res.Batches++
	}
	return nil
}

// number gives the sources and entities of bs their numbers, in the order
// ApplyAll of the same batches would (encodeBatch: each batch's source,
// then its entities), before the batches are prepared side by side.
func (bl *bulkLoader) number(bs []Batch) error {
	nums := bl.w.s.nums
	for i := range bs {
		b := &bs[i]
		if b.Source.ID == uuid.Nil {
			continue
		}
		if _, seen := bl.sources[b.Source.ID]; seen {
			continue // Unchanged, or refused by add
		}
		if _, _, err := nums.ensure(b.Source.ID); err != nil {
			return err
		}
		for j := range b.Entities {
			if id := b.Entities[j].ID; id != uuid.Nil {
				if _, _, err := nums.ensure(id); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

// speculation is what a guessed prepare gave for one batch.
type speculation struct {
	p  prepared
	ok bool
}

// speculate prepares every batch of bs side by side against the entities
// kept so far (which do not change meanwhile), with no predicate code
// assigned: a batch that would need a new code, or that fails, is left
// for add to prepare again.
func (bl *bulkLoader) speculate(bs []Batch) []speculation {
	specs := make([]speculation, len(bs))
	workers := min(runtime.GOMAXPROCS(0), len(bs))
	if workers < 2 {
		return specs
	}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range workers {
		w := bl.w.s.newWriter(bl.w.ctx)
		w.codes = maps.Clone(bl.w.codes)
		w.fixedCodes = true
		w.numbered = true
		wg.Go(func() {
			for {
				i := int(next.Add(1) - 1)
				if i >= len(bs) || bl.w.ctx.Err() != nil {
					return
				}
				p, err := prepare(w, &bs[i], bl.typeOf)
				specs[i] = speculation{p: p, ok: err == nil && len(p.codes) == 0}
			}
		})
	}
	wg.Wait()
	return specs
}

// add keeps batch b, prepared by spec when that guess still holds (no
// entity of the batch has come with another type from a batch kept since
// speculate looked), and prepared here otherwise.
func (bl *bulkLoader) add(b *Batch, spec speculation) error {
	src := b.Source.ID
	if hash, seen := bl.sources[src]; seen && src != uuid.Nil {
		if b.Source.Hash != "" && hash == b.Source.Hash {
			bl.res.Unchanged++
			return nil
		}
		return fmt.Errorf("%w: source %s comes twice with different content; BulkLoad does not replace sources (apply the newer one with Apply afterwards)", ErrInvalid, src)
	}
	p := spec.p
	ok := spec.ok
	for i := 0; ok && i < len(p.ents); i++ {
		if be, found := bl.ents[p.ents[i].ID]; found && be.e.Type != p.ents[i].Type {
			ok = false
		}
	}
	if !ok {
		var err error
		p, err = prepare(bl.w, b, bl.typeOf)
		if err != nil {
			return err
		}
	}
	bl.keep(b, &p)
	return nil
}

// typeOf returns the type of an entity the load holds.
func (bl *bulkLoader) typeOf(id ID) (EntityType, bool) {
	if be, ok := bl.ents[id]; ok {
		return be.e.Type, true
	}
	return "", false
}

// keep adds a prepared batch to what the load holds.
func (bl *bulkLoader) keep(b *Batch, p *prepared) {
	src := b.Source.ID
	for q, c := range p.codes {
		bl.w.codes[q] = c
	}
	for i := range p.ents {
		e := &p.ents[i]
		if be, ok := bl.ents[e.ID]; ok {
			if mergeEntity(&be.e, e) {
				for _, f := range nameFolds(&be.e) {
					if !slices.Contains(be.folds, f) {
						be.folds = append(be.folds, f)
					}
				}
			}
			continue
		}
		// New to the load now, so new when prepared too (the load never
		// drops an entity): prepare folded its names.
		bl.ents[e.ID] = &bulkEntity{e: *e, folds: p.folds[i]}
	}
	rec := b.Source
	rec.Triples = len(p.xs)
	if rec.IngestedAt.IsZero() {
		rec.IngestedAt = bl.now
	}
	bl.x.in <- p.xs
	for _, x := range p.xs {
		bl.xt.add(x.key, nil)
	}
	bl.srcs = append(bl.srcs, bulkSource{
		id:        src,
		num:       bl.w.s.nums.of(src),
		rec:       kv{bl.w.s.nums.sourceRecKey(src), appendSource(nil, &rec)},
		mentioned: p.mentioned,
	})
	bl.sources[src] = b.Source.Hash
	bl.res.Sources++
	bl.res.Assertions += len(p.xs)
}

// A bulkTable is the keys of one table (one key byte) of a bulk load. The
// big tables are built and sorted lazily, by the first stream that writes
// any of them, so that sorting one table overlaps with writing another;
// the keys are dropped once every stream that writes them is done.
type bulkTable struct {
	table    byte          // its key byte
	n        int           // how many keys build returns; for a deferred table, a guess until it is built
	deferred bool          // n is not known until build has run: the table is written whole, by one stream
	waits    bool          // build waits for another table's build
	build    func() packed // returns the keys, sorted
	once     sync.Once
	keys     packed
	users    atomic.Int32 // streams that still have to write a part of it
}

// eager returns a table of keys that exist already, sorting them.
func eager(keys []kv) *bulkTable {
	p := pack(sortKVs(keys))
	return &bulkTable{n: p.len(), build: func() packed { return p }}
}

// lazy returns a table of n keys that build makes when first needed.
func lazy(n int, build func() packed) *bulkTable {
	return &bulkTable{n: n, build: build}
}

// deferred returns a table whose keys, how many included, build makes
// when first needed; guess is how many there may be.
func deferred(guess int, build func() packed) *bulkTable {
	return &bulkTable{n: guess, deferred: true, build: build}
}

// waiting returns a deferred table whose build waits for another's.
func waiting(guess int, build func() packed) *bulkTable {
	t := deferred(guess, build)
	t.waits = true
	return t
}

// get returns the table's keys, building them first if no stream has.
func (t *bulkTable) get() (*packed, error) {
	t.once.Do(func() {
		t.keys = t.build()
		t.build = nil
		if t.deferred {
			t.n = t.keys.len()
		}
	})
	if t.keys.len() != t.n {
		return nil, fmt.Errorf("internal error: a table has %d keys, %d were planned", t.keys.len(), t.n)
	}
	return &t.keys, nil
}

// release says one stream is done with the table.
func (t *bulkTable) release() {
	if t.users.Add(-1) == 0 {
		t.keys = packed{}
	}
}

// tables returns every table of the loaded store but 'X' (xStream wrote
// it), in key order, with kept (metadata and dictionary) added. The
// sources came in the order of their numbers, so the 'u' and 'R' tables
// are laid out in order already. The 'E', 'T', 'N', 'I', 'U' and 'u' keys
// are left to lazy tables, each built packed; grouping the 'X' keys into
// triples (the 'S' keys, counted), and the 'P', 'O' and counter tables
// made from them, to deferred tables, whose size is known only once they
// are built (see groupTriples and edgeIndex).
func (bl *bulkLoader) tables(kept []kv) []*bulkTable {
	var byTable [256]*bulkTable
	var small [256][]kv // the tables built here
	for _, k := range kept {
		small[k.key[0]] = append(small[k.key[0]], k)
	}
	cnt := newCounts()

	// The sources are in number order (BulkLoad numbers them as they
	// come): their 'X' keys (each batch's sorted) and mentions follow one
	// another in key order.
	nm := 0
	for i := range bl.srcs {
		nm += len(bl.srcs[i].mentioned)
		small[tSourceRec] = append(small[tSourceRec], bl.srcs[i].rec)
	}
	cnt.sources = int64(len(bl.srcs))
	xt := &bl.xt

	// Triples: the 'X' entries sorted by triple, then source (the 'X'
	// table is in source order, so its index breaks ties), and grouped
	// into the 'S' keys, each listing its sources; 'P' and 'O' keys are
	// made from these (read in order, which is cheaper than going back to
	// the scattered 'X' keys). How many triples there are is known only
	// then, so these tables, and the counters, are deferred: the stream
	// that first needs one builds them while others write what is known.
	var spoSize int // bytes of all 'S' keys
	spoTable := deferred(xt.len(), func() packed {
		spo := bl.groupTriples(xt, &cnt)
		spoSize = len(spo.keys)
		bl.xt = packed{}
		return spo
	})
	byTable[tSPO] = spoTable
	ids := bl.w.s.nums.view() // the IDs by number: every number the load uses
	fromSPO := func(table byte) func() packed {
		return func() packed {
			defer spoTable.release()
			spo, _ := spoTable.get() // a deferred table's count is always right
			return edgeIndex(table, spo, spoSize, len(ids))
		}
	}
	// The 'P' and 'O' builds hold on to the 'S' keys until they are done.
	spoTable.users.Add(2)
	byTable[tPOS] = waiting(xt.len(), fromSPO(tPOS))
	byTable[tOSP] = waiting(xt.len(), fromSPO(tOSP))

	// Mentions: one 'u' key per source that mentions any entity, in
	// source order; a 'U' key per mention, which need sorting.
	mentioning := 0
	for i := range bl.srcs {
		if len(bl.srcs[i].mentioned) > 0 {
			mentioning++
		}
	}
	byTable[tMentions] = lazy(mentioning, func() packed {
		p := newPacked(mentioning, (1+numLen)*mentioning, numLen*nm)
		var key [1 + numLen]byte
		var list []byte
		for i := range bl.srcs {
			s := &bl.srcs[i]
			if len(s.mentioned) == 0 {
				continue
			}
			list = list[:0]
			for _, x := range s.mentioned {
				list = appendNum(list, x)
			}
			p.add(appendNum(append(key[:0], tMentions), s.num), list)
		}
		return p
	})
	byTable[tMentionBy] = lazy(nm, func() packed {
		// A counting sort by entity number: each entity's keys take the
		// places after those of the entities numbered before it, and come
		// in source order, since the sources are.
		at := make([]int, len(ids)+1)
		for i := range bl.srcs {
			for _, x := range bl.srcs[i].mentioned {
				at[x+1]++
			}
		}
		for x := 1; x < len(at); x++ {
			at[x] += at[x-1]
		}
		const n = 1 + 2*numLen
		p := packed{keys: make([]byte, n*nm), kend: make([]uint32, nm)}
		for i := range bl.srcs {
			s := &bl.srcs[i]
			for _, x := range s.mentioned {
				j := at[x]
				at[x]++
				appendNum(appendNum(append(p.keys[j*n:j*n], tMentionBy), x), s.num)
			}
		}
		for j := range p.kend {
			p.kend[j] = uint32((j + 1) * n)
		}
		return p
	})

	// Entities, their types and names.
	folds := 0
	for _, be := range bl.ents {
		folds += len(be.folds)
		code, _ := typeCode(be.e.Type)
		cnt.types[code]++
	}
	ne := len(bl.ents)
	bl.res.Entities = ne
	// entityKeys calls add for every entity in number order, which is the
	// order of the 'E' keys (and of the 'T' keys of one type).
	entityKeys := func(size int, add func(slab []byte, keys []kv, x uint32, be *bulkEntity) ([]byte, []kv)) ([]byte, []kv) {
		slab := make([]byte, 0, size)
		keys := make([]kv, 0, ne)
		for x := 1; x < len(ids); x++ {
			if be, ok := bl.ents[ids[x]]; ok {
				slab, keys = add(slab, keys, uint32(x), be)
			}
		}
		return slab, keys
	}
	byTable[tEntity] = lazy(ne, func() packed {
		_, keys := entityKeys((1+numLen)*ne, func(slab []byte, keys []kv, x uint32, be *bulkEntity) ([]byte, []kv) {
			at := len(slab)
			slab = appendNum(append(slab, tEntity), x)
			return slab, append(keys, kv{slab[at:len(slab):len(slab)], appendEntity(nil, &be.e)})
		})
		return pack(keys)
	})
	byTable[tType] = lazy(ne, func() packed {
		_, keys := entityKeys((2+numLen)*ne, func(slab []byte, keys []kv, x uint32, be *bulkEntity) ([]byte, []kv) {
			code, _ := typeCode(be.e.Type)
			at := len(slab)
			slab = appendNum(append(slab, tType, code), x)
			return slab, append(keys, kv{key: slab[at:len(slab):len(slab)]})
		})
		// In number order; a stable sort by type code (the byte after 'T')
		// puts them in key order.
		slices.SortStableFunc(keys, func(p, q kv) int { return cmp.Compare(p.key[1], q.key[1]) })
		return pack(keys)
	})
	nameSize := 0
	for _, be := range bl.ents {
		for _, f := range be.folds {
			nameSize += 2 + len(f) + numLen
		}
	}
	byTable[tName] = lazy(folds, func() packed {
		_, keys := entityKeys(nameSize, func(slab []byte, keys []kv, x uint32, be *bulkEntity) ([]byte, []kv) {
			for _, f := range be.folds {
				at := len(slab)
				slab = append(append(append(slab, tName), f...), 0)
				slab = appendNum(slab, x)
				keys = append(keys, kv{key: slab[at:len(slab):len(slab)]})
			}
			return slab, keys
		})
		return pack(sortKVs(keys))
	})

	// Numbers: every one given so far, which is every one the load's keys
	// use (and any that an earlier, failed write left pending).
	byTable[tNumber] = lazy(len(ids)-1, func() packed {
		slab := make([]byte, 0, (1+idLen+numLen)*(len(ids)-1))
		keys := make([]kv, 0, len(ids)-1)
		for x := 1; x < len(ids); x++ {
			at := len(slab)
			slab = append(append(slab, tNumber), ids[x][:]...)
			vat := len(slab)
			slab = appendNum(slab, uint32(x))
			keys = append(keys, kv{slab[at:vat:vat], slab[vat:len(slab):len(slab)]})
		}
		return pack(sortKVs(keys))
	})

	// Dictionary entries of the codes this load assigned, and counters.
	fresh := make(map[predCode]Predicate, len(bl.w.codes))
	for p, c := range bl.w.codes {
		fresh[c] = p
		rev, revVal, fwd, fwdVal := dictKeys(p, c)
		small[tDictRev] = append(small[tDictRev], kv{rev, revVal})
		small[tDict] = append(small[tDict], kv{fwd, fwdVal})
	}
	spoTable.users.Add(1) // the counters' build reads the counts
	byTable[tCounter] = waiting(len(EntityTypes())+len(bl.w.codes)+2, func() packed {
		spoTable.get() // counts the triples
		spoTable.release()
		var keys []kv
		counter := func(name string, n int64) {
			if n > 0 {
				keys = append(keys, kv{counterKey(name), binary.BigEndian.AppendUint64(nil, uint64(n))})
			}
		}
		for i, n := range cnt.types {
			counter(counterType+string(EntityTypes()[i]), n)
		}
		for c, n := range cnt.preds {
			p, ok := fresh[c]
			if !ok {
				p = bl.w.predicateName(c, nil)
			}
			counter(counterPred+string(p), n)
		}
		counter(counterTriples, cnt.triples)
		counter(counterSources, cnt.sources)
		return pack(sortKVs(keys))
	})
	var tables []*bulkTable
	for b := range byTable {
		t := byTable[b]
		if t == nil && len(small[b]) > 0 {
			t = eager(small[b])
		}
		if t != nil && t.n > 0 {
			t.table = byte(b)
			tables = append(tables, t)
		}
	}
	return tables
}

// groupTriples sorts the 'X' keys xt by triple, then source (xt is in
// source order, so a key's index breaks ties), and groups them into the
// 'S' keys, each listing its sources in order. It counts the triples, in
// all and by predicate, in cnt, and returns the keys (sorted).
func (bl *bulkLoader) groupTriples(xt *packed, cnt *counts) packed {
	n := xt.len()
	order := make([]tripleRef, n)
	for i := range order {
		var pad [16]byte
		copy(pad[:], xt.key(i)[xSubjectAt:]) // zeros after a short key: a tie then goes to the keys
		order[i] = tripleRef{
			hi: binary.BigEndian.Uint64(pad[:]),
			lo: binary.BigEndian.Uint64(pad[8:]),
			i:  int32(i),
		}
	}
	sortParallel(order, runtime.GOMAXPROCS(0), func(p, q tripleRef) int {
		if p.hi != q.hi {
			return cmp.Compare(p.hi, q.hi)
		}
		if p.lo != q.lo {
			return cmp.Compare(p.lo, q.lo)
		}
		if c := bytes.Compare(xt.key(int(p.i))[xPredAt:], xt.key(int(q.i))[xPredAt:]); c != 0 {
			return c
		}
		return cmp.Compare(p.i, q.i)
	})
	// An 'S' key is an 'X' key without the source, its value the sources.
	spo := newPacked(n, len(xt.keys)-numLen*n, numLen*n)
	var last []byte // the triple part of the last 'X' key grouped
	for _, r := range order {
		x := xt.key(int(r.i))
		if spo.len() > 0 && bytes.Equal(last, x[xSubjectAt:]) {
			spo.vals = append(spo.vals, x[1:xSubjectAt]...)
			spo.vend[len(spo.vend)-1] = uint32(len(spo.vals))
			continue
		}
		last = x[xSubjectAt:]
		spo.keys = appendSPOFromX(spo.keys, x)
		spo.kend = append(spo.kend, uint32(len(spo.keys)))
		spo.vals = append(spo.vals, x[1:xSubjectAt]...)
		spo.vend = append(spo.vend, uint32(len(spo.vals)))
		cnt.preds[predCode(binary.BigEndian.Uint16(x[xPredAt:]))]++
	}
	cnt.triples = int64(spo.len())
	bl.res.Triples = spo.len()
	return spo
}

// tripleRef is an 'X' entry of a bulk load, by index, with the first 16
// bytes of its triple as numbers: sorting these costs far fewer trips to the
// scattered keys than sorting the keys themselves.
type tripleRef struct {
	hi, lo uint64
	i      int32
}

// sortKVs sorts the keys of one table (all starting with its byte) and
// returns them. Many keys are sorted by the 24 bytes after the table byte,
// taken as three numbers, going to the keys only on ties, then put in
// that order into a new slice: comparing numbers beside each other costs
// far less than following every key to where it lies. (The names of the
// 'N' keys, the IDs of the 'I' keys and the literals of 'P' and 'O' keys,
// which are what it sorts in a big load, rarely tie in 24 bytes.)
func sortKVs(keys []kv) []kv {
	if len(keys) < 1<<10 {
		slices.SortFunc(keys, func(p, q kv) int { return bytes.Compare(p.key, q.key) })
		return keys
	}
	type ref struct {
		a, b, c uint64
		i       int
	}
	const prefix = 1 + 24 // the table byte and the three numbers
	refs := make([]ref, len(keys))
	var pad [prefix]byte
	for i, k := range keys {
		p := k.key
		if len(p) < prefix { // pad with zeros: a tie then goes to the keys
			p = append(pad[:0], p...)[:prefix]
		}
		refs[i] = ref{binary.BigEndian.Uint64(p[1:]), binary.BigEndian.Uint64(p[9:]), binary.BigEndian.Uint64(p[17:]), i}
	}
	slices.SortFunc(refs, func(p, q ref) int {
		switch {
		case p.a != q.a:
			return cmp.Compare(p.a, q.a)
		case p.b != q.b:
			return cmp.Compare(p.b, q.b)
		case p.c != q.c:
			return cmp.Compare(p.c, q.c)
		}
		return bytes.Compare(keys[p.i].key, keys[q.i].key)
	})
	out := make([]kv, len(keys))
	for i, r := range refs {
		out[i] = keys[r.i]
	}
	return out
}

// edgeIndex returns the 'P' or 'O' keys (table) of the triples whose 'S'
// keys spo are, in key order; size is the bytes of the 'S' keys (a 'P' or
// 'O' key is as long as its 'S' key) and nums one more than the highest
// entity number. The keys of triples between entities are put in order
// without comparing any: a stable counting sort by object number turns
// the 'S' order (s, p, o) into (o, s, p), the 'O' order, and a second one
// by predicate code into (p, o, s), the 'P' order. The keys of triples
// with a literal object, which come after those of entities with the same
// predicate ('P') or after all of them ('O'), are sorted as usual.
func edgeIndex(table byte, spo *packed, size, nums int) packed {
	// The triples between entities as numbers, read from the 'S' keys in
	// order: sorting these touches far less memory than the keys would.
	type edge struct {
		s, o uint32
		p    uint16
	}
	edges := make([]edge, 0, spo.len())
	var literals []kv
	maxPred := 0
	for i := range spo.len() {
		k := spo.key(i)
		if len(k) != edgeKeyLen || ValueKind(k[sObjectAt]) != KindEntity {
			literals = append(literals, kv{key: k})
			continue
		}
		e := edge{s: readNum(k[1:]), o: readNum(k[sObjectAt+1:]), p: binary.BigEndian.Uint16(k[sPredAt:])}
		edges = append(edges, e)
		maxPred = max(maxPred, int(e.p))
	}
	edges = countingSort(edges, nums, func(e edge) int { return int(e.o) })
	if table == tPOS {
		edges = countingSort(edges, maxPred+1, func(e edge) int { return int(e.p) })
	}
	appendKey := appendPOSFromSPO
	if table == tOSP {
		appendKey = appendOSPFromSPO
	}
	slab := make([]byte, 0, size-edgeKeyLen*len(edges))
	for j, t := range literals {
		at := len(slab)
		slab = appendKey(slab, t.key)
		literals[j] = kv{key: slab[at:len(slab):len(slab)]}
	}
	literals = sortKVs(literals)
	out := newPacked(spo.len(), size, 0)
	var key [edgeKeyLen]byte
	edgeKey := func(e edge) []byte {
		if table == tPOS {
			b := binary.BigEndian.AppendUint16(append(key[:0], tPOS), e.p)
			return appendNum(appendNum(append(b, byte(KindEntity)), e.o), e.s)
		}
		b := appendNum(appendNum(append(key[:0], tOSP, byte(KindEntity)), e.o), e.s)
		return binary.BigEndian.AppendUint16(b, e.p)
	}
	// Merge the two: for 'O' all the edges come first (an entity's kind
	// byte sorts first), for 'P' those of each predicate.
	for len(edges) > 0 || len(literals) > 0 {
		if len(literals) == 0 || len(edges) > 0 && bytes.Compare(edgeKey(edges[0]), literals[0].key) < 0 {
			out.add(edgeKey(edges[0]), nil)
			edges = edges[1:]
		} else {
			out.add(literals[0].key, nil)
			literals = literals[1:]
		}
	}
	return out
}

// countingSort returns items ordered by key (0 ≤ key < n), stably.
func countingSort[T any](items []T, n int, key func(T) int) []T {
	at := make([]int, n+1)
	for _, it := range items {
		at[key(it)+1]++
	}
	for k := 1; k <= n; k++ {
		at[k] += at[k-1]
	}
	out := make([]T, len(items))
	for _, it := range items {
		k := key(it)
		out[at[k]] = it
		at[k]++
	}
	return out
}

// packed holds the keys (and values) of one table end to end: key i is
// keys[kend[i-1]:kend[i]] (from 0 for the first), its value likewise in
// vals and vend. Unlike a []kv it holds no pointer per key, so the garbage
// collector has nothing in it to trace, and it takes a tenth of the
// memory besides the bytes themselves.
type packed struct {
	keys []byte
	kend []uint32
	vals []byte
	vend []uint32
}

// newPacked returns a packed table with room for n keys of keyBytes bytes
// in all and valBytes of values.
func newPacked(n, keyBytes, valBytes int) packed {
	p := packed{keys: make([]byte, 0, keyBytes), kend: make([]uint32, 0, n)}
	if valBytes > 0 {
		p.vals, p.vend = make([]byte, 0, valBytes), make([]uint32, 0, n)
	}
	return p
}

// pack packs keys, in their order.
func pack(keys []kv) packed {
	kb, vb := 0, 0
	for _, k := range keys {
		kb, vb = kb+len(k.key), vb+len(k.val)
	}
	p := newPacked(len(keys), kb, vb)
	for _, k := range keys {
		p.add(k.key, k.val)
	}
	return p
}

// add appends a key and its value (nil for none).
func (p *packed) add(key, val []byte) {
	p.keys = append(p.keys, key...)
	p.kend = append(p.kend, uint32(len(p.keys)))
	if val != nil || p.vend != nil {
		for len(p.vend) < len(p.kend)-1 { // keys added before without a value
			p.vend = append(p.vend, uint32(len(p.vals)))
		}
		p.vals = append(p.vals, val...)
		p.vend = append(p.vend, uint32(len(p.vals)))
	}
}

func (p *packed) len() int { return len(p.kend) }

// key returns key i.
func (p *packed) key(i int) []byte {
	var from uint32
	if i > 0 {
		from = p.kend[i-1]
	}
	return p.keys[from:p.kend[i]:p.kend[i]]
}

// val returns the value of key i (nil for none).
func (p *packed) val(i int) []byte {
	if i >= len(p.vend) {
		return nil
	}
	var from uint32
	if i > 0 {
		from = p.vend[i-1]
	}
	return p.vals[from:p.vend[i]:p.vend[i]]
}

// appendPOSFromSPO appends the 'P' key of the triple in 'S' key s.
func appendPOSFromSPO(b, s []byte) []byte {
	b = append(b, tPOS)
	b = append(b, s[sPredAt:]...)
	return append(b, s[1:sPredAt]...)
}

// appendOSPFromSPO appends the 'O' key of the triple in 'S' key s.
func appendOSPFromSPO(b, s []byte) []byte {
	b = append(b, tOSP)
	b = append(b, s[sObjectAt:]...)
	b = append(b, s[1:sPredAt]...)
	return append(b, s[sPredAt:sObjectAt]...)
}

// sortParallel sorts s with compare on several cores: it sorts one run
// per core (runs of them) side by side, then merges the runs pairwise,
// each round's merges side by side too.
func sortParallel[E any](s []E, runs int, compare func(a, b E) int) {
	if runs < 2 || len(s) < 1<<13 {
		slices.SortFunc(s, compare)
		return
	}
	bounds := make([]int, runs+1)
	for i := range bounds {
		bounds[i] = i * len(s) / runs
	}
	var wg sync.WaitGroup
	for i := range runs {
		wg.Go(func() { slices.SortFunc(s[bounds[i]:bounds[i+1]], compare) })
	}
	wg.Wait()
	src, dst := s, make([]E, len(s))
	for len(bounds) > 2 {
		next := []int{0}
		for i := 0; i+1 < len(bounds); i += 2 {
			lo := bounds[i]
			if i+2 >= len(bounds) { // an odd run out: carried over
				copy(dst[lo:], src[lo:bounds[i+1]])
				next = append(next, bounds[i+1])
				continue
			}
			mid, hi := bounds[i+1], bounds[i+2]
			wg.Go(func() { mergeRuns(dst[lo:hi], src[lo:mid], src[mid:hi], compare) })
			next = append(next, hi)
		}
		wg.Wait()
		src, dst, bounds = dst, src, next
	}
	if &src[0] != &s[0] {
		copy(s, src)
	}
}

// mergeRuns merges the sorted runs a and b into dst, a's first on ties.
func mergeRuns[E any](dst, a, b []E, compare func(a, b E) int) {
	i, j, k := 0, 0, 0
	for i < len(a) && j < len(b) {
		if compare(b[j], a[i]) < 0 {
			dst[k] = b[j]
			j++
		} else {
			dst[k] = a[i]
			i++
		}
		k++
	}
	k += copy(dst[k:], a[i:])
	copy(dst[k:], b[j:])
}

// bulkVersion is the Badger version of every key a bulk load writes.
const bulkVersion = 1

// bulkPart is keys lo to hi of a table.
type bulkPart struct {
	t      *bulkTable
	lo, hi int // hi is wholeTable for all of a deferred table
}

// wholeTable is the end of a part that takes all of a table.
const wholeTable = -1

// planStreams cuts the tables, in key order, into the streams Badger's
// StreamWriter writes: each stream builds its own table files from a
// contiguous run of keys, no two streams' runs overlap, and streams are
// written side by side. A table of at least bulkStreamMin keys starts a
// stream of its own (once the stream before it holds that many), so that
// one table can be sorted while another is written; smaller tables join
// the stream before them, or the first big one (so a small load is one
// stream: every stream costs files and syncs); and a stream is cut once it
// reaches limit keys, within a table if need be, and where the 'X' keys
// (xStream's) would lie.
func planStreams(tables []*bulkTable, limit int) [][]bulkPart {
	var streams [][]bulkPart
	var cur []bulkPart
	n := 0
	flush := func() {
		if len(cur) > 0 {
			streams = append(streams, cur)
		}
		cur, n = nil, 0
	}
	for _, t := range tables {
		if n >= bulkStreamMin && t.n >= bulkStreamMin {
			flush()
		}
		if len(cur) > 0 && cur[0].t.table < tSource && t.table > tSource {
			flush() // the 'X' keys, written by xStream, lie between
		}
		if t.deferred { // written whole, however many keys it turns out to have
			cur = append(cur, bulkPart{t, 0, wholeTable})
			t.users.Add(1)
			if n += t.n; n >= limit {
				flush()
			}
			continue
		}
		for lo := 0; lo < t.n; {
			hi := min(t.n, lo+limit-n)
			cur = append(cur, bulkPart{t, lo, hi})
			t.users.Add(1)
			n += hi - lo
			lo = hi
			if n >= limit {
				flush()
			}
		}
	}
	flush()
	return streams
}

// bulkStreamMin is the fewest keys worth a stream of their own.
const bulkStreamMin = 64 << 10

// streamWrite writes the tables with sw, the StreamWriter BulkLoad
// prepared, one stream per big table (see planStreams), by one worker per
// core, and flushes it: a worker builds and sorts the tables of a stream
// when no other has, then sends the stream's keys. The biggest streams go
// first. (The 'X' keys are written by then: xStream.)
func (s *Store) streamWrite(sw *badger.StreamWriter, tables []*bulkTable) error {
	total := 0
	for _, t := range tables {
		total += t.n
	}
	workers := runtime.GOMAXPROCS(0)
	limit := max(bulkStreamMin, (total+workers-1)/workers)
	if s.bulkStreams > 0 {
		limit = max(1, (total+s.bulkStreams-1)/s.bulkStreams)
	}
	streams := planStreams(tables, limit)
	size := func(parts []bulkPart) (n int) {
		for _, p := range parts {
			if p.hi == wholeTable {
				n += p.t.n // a guess
			} else {
				n += p.hi - p.lo
			}
		}
		return n
	}
	ids := make([]int, len(streams))
	for i := range ids {
		ids[i] = i
	}
	// A stream that builds a table others wait for goes first, then those
	// whose keys are at hand, then those that wait; the biggest first
	// within each.
	rank := func(parts []bulkPart) int {
		r := 1
		for _, p := range parts {
			switch {
			case p.t.waits:
				return 2
			case p.t.deferred:
				r = 0
			}
		}
		return r
	}
	slices.SortStableFunc(ids, func(i, j int) int {
		if c := cmp.Compare(rank(streams[i]), rank(streams[j])); c != 0 {
			return c
		}
		return cmp.Compare(size(streams[j]), size(streams[i]))
	})

	var (
		next   atomic.Int64
		failed atomic.Bool
		wg     sync.WaitGroup
	)
	errs := make([]error, len(streams))
	for range min(workers, len(streams)) {
		wg.Go(func() {
			for !failed.Load() {
				k := int(next.Add(1) - 1)
				if k >= len(ids) {
					return
				}
				i := ids[k]
				if errs[i] = writeStream(sw, xStreamID+1+uint32(i), streams[i]); errs[i] != nil {
					failed.Store(true)
				}
			}
		})
	}
	wg.Wait()
	if err := errors.Join(errs...); err != nil {
		return err
	}
	if err := sw.Flush(); err != nil {
		return fmt.Errorf("flush: %w", err)
	}
	return nil
}

// writeStream sends the keys of parts as stream id.
func writeStream(sw *badger.StreamWriter, id uint32, parts []bulkPart) error {
	const flushAt = 4 << 20
	buf := z.NewBuffer(flushAt+(1<<20), "govkg.bulk")
	defer buf.Release()
	sent := false // some keys went to Badger already
	for _, p := range parts {
		keys, err := p.t.get()
		if err != nil {
			return fmt.Errorf("stream %d: %w", id, err)
		}
		hi := p.hi
		if hi == wholeTable {
			hi = keys.len()
		}
		for i := p.lo; i < hi; i++ {
			putKV(buf, keys.key(i), keys.val(i), id)
			if buf.LenNoPadding() >= flushAt {
				if err := sw.Write(buf); err != nil {
					return fmt.Errorf("stream %d: %w", id, err)
				}
				buf.Reset()
				sent = true
			}
		}
		p.t.release()
	}
	if !sent && buf.LenNoPadding() == 0 {
		return nil // no key at all (deferred tables that came out empty): Badger knows no such stream
	}
	badger.KVToBuffer(&pb.KV{StreamId: id, StreamDone: true}, buf)
	if err := sw.Write(buf); err != nil {
		return fmt.Errorf("stream %d: %w", id, err)
	}
	return nil
}

// The protocol buffer tags of the pb.KV fields putKV writes: field
// number << 3 | wire type (2 for bytes, 0 for a varint).
const (
	kvKeyTag     = 1<<3 | 2
	kvValueTag   = 2<<3 | 2
	kvVersionTag = 4<<3 | 0
	kvStreamTag  = 10<<3 | 0
)

// putKV adds to buf what badger.KVToBuffer would for a pb.KV of key, val,
// bulkVersion and stream id: the KV encoded as a protocol buffer, here by
// hand, which costs a fraction of the reflective marshalling (the fields
// are written in field order and empty ones left out, as proto3 does).
func putKV(buf *z.Buffer, key, val []byte, id uint32) {
	n := 1 + uvarintLen(uint64(len(key))) + len(key) +
		1 + uvarintLen(bulkVersion) + 1 + uvarintLen(uint64(id))
	if len(val) > 0 {
		n += 1 + uvarintLen(uint64(len(val))) + len(val)
	}
	b := buf.SliceAllocate(n)[:0]
	b = append(b, kvKeyTag)
	b = binary.AppendUvarint(b, uint64(len(key)))
	b = append(b, key...)
	if len(val) > 0 {
		b = append(b, kvValueTag)
		b = binary.AppendUvarint(b, uint64(len(val)))
		b = append(b, val...)
	}
	b = append(b, kvVersionTag)
	b = binary.AppendUvarint(b, bulkVersion)
	b = append(b, kvStreamTag)
	b = binary.AppendUvarint(b, uint64(id))
	if len(b) != n {
		panic(fmt.Sprintf("bulk load: encoded a KV in %d bytes, %d were allocated", len(b), n))
	}
}

// uvarintLen is the length of v as a varint.
func uvarintLen(v uint64) int {
	return (bits.Len64(v|1) + 6) / 7
}
