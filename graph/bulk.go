package graph

import (
	"bytes"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"runtime"
	"slices"
	"sync"
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
// the LSM tables directly instead of going through transactions.
//
// next is called until it returns io.EOF (with any batches it returns
// alongside ignored); any other error aborts the load with nothing written.
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
// and nothing is written. It refuses a store that already holds any
// source or entity. Everything is held in memory and sorted there until
// the write: BenchmarkBulkLoad of 1 million assertions peaked at 2.9 GB
// resident, the benchmark's own batches (all held at once) included, so
// plan on up to 3 KiB per assertion, about 7 million assertions on 24 GiB
// (not the 10 million once hoped for); apply what does not fit with
// ApplyAll afterwards. The write replaces the store's contents (Badger
// drops them first): should it fail half way (a disk error), the store is
// left partly written and must be rebuilt. Do not serve reads while it
// runs.
func (s *Store) BulkLoad(ctx context.Context, next func() ([]Batch, error)) (BulkResult, error) {
	s.writeMu.Lock()
	defer s.writeMu.Unlock()
	kept, err := s.bulkPreconditions()
	if err != nil {
		return BulkResult{}, fmt.Errorf("bulk load: %w", err)
	}
	bl := newBulkLoader(s, ctx)
	for {
		if err := checkCtx(ctx); err != nil {
			return BulkResult{}, fmt.Errorf("bulk load after %d batches: %w", bl.res.Batches, err)
		}
		bs, err := next()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return BulkResult{}, fmt.Errorf("bulk load: reading batches after %d: %w", bl.res.Batches, err)
		}
		for i := range bs {
			if err := bl.add(&bs[i]); err != nil {
				return BulkResult{}, fmt.Errorf("bulk load batch %d (source %s%s): %w", bl.res.Batches, bs[i].Source.ID, titled(bs[i].Source.Title), err)
			}
			bl.res.Batches++
		}
	}
	if err := checkCtx(ctx); err != nil {
		return BulkResult{}, fmt.Errorf("bulk load: %w", err)
	}
	tables := bl.keys(kept)
	if err := s.streamWrite(tables); err != nil {
		return BulkResult{}, fmt.Errorf("bulk load: write: %w", err)
	}
	s.commitCodes(bl.w.codes)
	for _, t := range tables {
		bl.res.Keys += len(t)
	}
	return bl.res, nil
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

// bulkLoader collects validated batches in memory.
type bulkLoader struct {
	w        *writer // for the shared staging code; it never opens a txn
	ents     map[ID]*bulkEntity
	sources  map[ID]string // hash of each stored source
	recs     []kv          // 'R' keys
	xs       []xent        // every 'X' entry
	mentions [][2]ID       // (source, entity)
	res      BulkResult
	now      time.Time
}

func newBulkLoader(s *Store, ctx context.Context) *bulkLoader {
	return &bulkLoader{
		w:       s.newWriter(ctx),
		ents:    map[ID]*bulkEntity{},
		sources: map[ID]string{},
		now:     time.Now().UTC(),
	}
}

// add validates batch b with the staging code Apply uses, against what the
// batches before it hold, and keeps its entities and assertions.
func (bl *bulkLoader) add(b *Batch) error {
	src := b.Source.ID
	if src == uuid.Nil {
		return fmt.Errorf("%w: the source has no ID", ErrInvalid)
	}
	if hash, seen := bl.sources[src]; seen {
		if b.Source.Hash != "" && hash == b.Source.Hash {
			bl.res.Unchanged++
			return nil
		}
		return fmt.Errorf("%w: source %s comes twice with different content; BulkLoad does not replace sources (apply the newer one with Apply afterwards)", ErrInvalid, src)
	}
	if err := validateSource(&b.Source); err != nil {
		return err
	}
	st := &staged{cnt: newCounts()}
	// Entities loaded so far are merged into only once the whole batch is
	// valid.
	upsert := func(e *Entity) (bool, error) {
		if be, ok := bl.ents[e.ID]; ok {
			if err := sameType(&be.e, e); err != nil {
				return false, err
			}
			return false, nil
		}
		return true, nil
	}
	stored := func(id ID) (EntityType, error) {
		if be, ok := bl.ents[id]; ok {
			return be.e.Type, nil
		}
		return "", fmt.Errorf("%w: entity %s is neither in the batch nor in the store", ErrInvalid, id)
	}
	ents, newX, mentioned, err := bl.w.encodeBatch(st, b, upsert, stored)
	if err != nil {
		return err
	}
	// The batch is valid: keep it.
	for p, c := range st.codes {
		bl.w.codes[p] = c
	}
	for i := range ents {
		e := &ents[i]
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
		bl.ents[e.ID] = &bulkEntity{e: *e, folds: nameFolds(e)}
	}
	bl.xs = append(bl.xs, newX...)
	for _, id := range mentioned {
		bl.mentions = append(bl.mentions, [2]ID{src, id})
	}
	rec := b.Source
	rec.Triples = len(newX)
	if rec.IngestedAt.IsZero() {
		rec.IngestedAt = bl.now
	}
	bl.recs = append(bl.recs, kv{sourceRecKey(src), appendSource(nil, &rec)})
	bl.sources[src] = b.Source.Hash
	bl.res.Sources++
	bl.res.Assertions += len(newX)
	return nil
}

// keys returns every key of the loaded store, sorted, one slice per table
// (by table byte, in order), with kept (metadata and dictionary) added.
func (bl *bulkLoader) keys(kept []kv) [][]kv {
	var byTable [256][]kv
	for _, k := range kept {
		byTable[k.key[0]] = append(byTable[k.key[0]], k)
	}
	folds := 0
	for _, be := range bl.ents {
		folds += len(be.folds)
	}
	for t, n := range map[byte]int{
		tEntity: len(bl.ents), tType: len(bl.ents), tName: folds,
		tSource: len(bl.xs), tSPO: len(bl.xs), tPOS: len(bl.xs), tOSP: len(bl.xs),
		tMentions: len(bl.mentions), tMentionBy: len(bl.mentions), tSourceRec: len(bl.recs),
	} {
		byTable[t] = slices.Grow(byTable[t], n)
	}
	a := &bl.w.a
	cnt := newCounts()

	// Entities.
	for id, be := range bl.ents {
		code, _ := typeCode(be.e.Type)
		byTable[tEntity] = append(byTable[tEntity], kv{entityKey(id), appendEntity(nil, &be.e)})
		byTable[tType] = append(byTable[tType], kv{typeKey(code, id), nil})
		for _, f := range be.folds {
			byTable[tName] = append(byTable[tName], kv{nameKey(f, id), nil})
		}
		cnt.types[code]++
	}
	bl.res.Entities = len(bl.ents)

	// Provenance, and the triples grouped from it: sort the 'X' entries by
	// triple, then source, so each triple's sources come out sorted.
	xs := byTable[tSource][:0]
	for _, x := range bl.xs {
		xs = append(xs, kv(x))
	}
	byTable[tSource] = xs
	order := make([]int32, len(bl.xs))
	for i := range order {
		order[i] = int32(i)
	}
	slices.SortFunc(order, func(i, j int32) int {
		p, q := bl.xs[i].key, bl.xs[j].key
		if c := bytes.Compare(p[xSubjectAt:], q[xSubjectAt:]); c != 0 {
			return c
		}
		return bytes.Compare(p[1:xSubjectAt], q[1:xSubjectAt])
	})
	var buf, kb []byte
	for i := 0; i < len(order); {
		x := bl.xs[order[i]].key
		j := i
		srcs := buf[:0]
		for ; j < len(order) && bytes.Equal(bl.xs[order[j]].key[xSubjectAt:], x[xSubjectAt:]); j++ {
			srcs = append(srcs, bl.xs[order[j]].key[1:xSubjectAt]...)
		}
		buf = srcs
		kb = appendSPOFromX(kb[:0], x)
		byTable[tSPO] = append(byTable[tSPO], kv{a.copy(kb), a.copy(srcs)})
		kb = appendPOSFromX(kb[:0], x)
		byTable[tPOS] = append(byTable[tPOS], kv{a.copy(kb), nil})
		kb = appendOSPFromX(kb[:0], x)
		byTable[tOSP] = append(byTable[tOSP], kv{a.copy(kb), nil})
		cnt.triples++
		cnt.preds[predCode(binary.BigEndian.Uint16(x[xPredAt:]))]++
		i = j
	}
	bl.res.Triples = int(cnt.triples)

	// Mentions and source records.
	for _, m := range bl.mentions {
		byTable[tMentions] = append(byTable[tMentions], kv{a.copy(mentionsKey(m[0], m[1])), nil})
		byTable[tMentionBy] = append(byTable[tMentionBy], kv{a.copy(mentionByKey(m[1], m[0])), nil})
	}
	byTable[tSourceRec] = append(byTable[tSourceRec], bl.recs...)
	cnt.sources = int64(len(bl.recs))

	// Dictionary entries of the codes this load assigned, and counters.
	fresh := make(map[predCode]Predicate, len(bl.w.codes))
	for p, c := range bl.w.codes {
		fresh[c] = p
		rev, revVal, fwd, fwdVal := dictKeys(p, c)
		byTable[tDictRev] = append(byTable[tDictRev], kv{rev, revVal})
		byTable[tDict] = append(byTable[tDict], kv{fwd, fwdVal})
	}
	counter := func(name string, n int64) {
		if n > 0 {
			byTable[tCounter] = append(byTable[tCounter], kv{counterKey(name), binary.BigEndian.AppendUint64(nil, uint64(n))})
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

	// Sort each table, in parallel.
	var tables [][]kv
	for _, t := range byTable {
		if len(t) > 0 {
			tables = append(tables, t)
		}
	}
	var wg sync.WaitGroup
	sem := make(chan struct{}, runtime.GOMAXPROCS(0))
	for _, t := range tables {
		wg.Add(1)
		sem <- struct{}{}
		go func() {
			defer wg.Done()
			defer func() { <-sem }()
			slices.SortFunc(t, func(p, q kv) int { return bytes.Compare(p.key, q.key) })
		}()
	}
	wg.Wait()
	return tables
}

// bulkVersion is the Badger version of every key a bulk load writes.
const bulkVersion = 1

// streamWrite writes the sorted tables with Badger's StreamWriter. Each
// stream builds its own table files, so the keys, in order, are cut into
// one contiguous stream per core (one for a small load: every stream costs
// files and syncs), written side by side.
func (s *Store) streamWrite(tables [][]kv) error {
	total := 0
	for _, t := range tables {
		total += len(t)
	}
	n := min(runtime.GOMAXPROCS(0), max(1, total/bulkStreamMin))
	if s.bulkStreams > 0 {
		n = min(s.bulkStreams, max(total, 1))
	}
	sw := s.db.NewStreamWriter()
	defer sw.Cancel()
	if err := sw.Prepare(); err != nil {
		return fmt.Errorf("prepare: %w", err)
	}
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = writeStream(sw, uint32(i+1), cut(tables, i*total/n, (i+1)*total/n))
		}()
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

// cut returns keys lo to hi of the concatenated tables, as parts of them.
func cut(tables [][]kv, lo, hi int) [][]kv {
	var out [][]kv
	off := 0
	for _, t := range tables {
		a, b := max(lo-off, 0), min(hi-off, len(t))
		if a < b {
			out = append(out, t[a:b])
		}
		off += len(t)
	}
	return out
}

// bulkStreamMin is the fewest keys worth a stream of their own.
const bulkStreamMin = 64 << 10

// writeStream sends the sorted keys of parts as stream id.
func writeStream(sw *badger.StreamWriter, id uint32, parts [][]kv) error {
	const flushAt = 4 << 20
	buf := z.NewBuffer(flushAt+(1<<20), "govkg.bulk")
	defer buf.Release()
	e := &pb.KV{Version: bulkVersion, StreamId: id}
	for _, t := range parts {
		for _, x := range t {
			e.Key, e.Value = x.key, x.val
			badger.KVToBuffer(e, buf)
			if buf.LenNoPadding() >= flushAt {
				if err := sw.Write(buf); err != nil {
					return fmt.Errorf("stream %d: %w", id, err)
				}
				buf.Reset()
			}
		}
	}
	badger.KVToBuffer(&pb.KV{StreamId: id, StreamDone: true}, buf)
	if err := sw.Write(buf); err != nil {
		return fmt.Errorf("stream %d: %w", id, err)
	}
	return nil
}
