package bench

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"

	"github.com/dgraph-io/badger/v4"

	"github.com/govkg/govkg/graph"
)

// rawBadger answers the questions by scanning govkg's own Badger keys
// directly, keys only, with no decoding beyond slicing numbers out of
// keys: the floor that govkg's storage layer cannot beat. It mirrors the
// key layout documented in graph/keys.go, where an entity is its 4-byte
// number:
//
//	'I' id(16) → number(4)            the one lookup of the start's number
//	'S' s(4) p(2) kind(1) object      out-edges
//	'O' kind(1) object s(4) p(2)      in-edges
//	'T' type(1) n(4)                  type index
//	'D' predicate-name → code(2)      predicate dictionary
//
// It answers no shortest path: that is a search algorithm, not a scan.
type rawBadger struct {
	db         *badger.DB
	implements uint16 // dictionary code of implements
	resolution byte   // type code of Resolution
}

const (
	keySPO     = 'S'
	keyOSP     = 'O'
	keyType    = 'T'
	keyDict    = 'D'
	keyNumber  = 'I'
	kindEntity = 1
	numLen     = 4
)

func newRawBadger(s *graph.Store) (*rawBadger, error) {
	r := &rawBadger{db: s.DB()}
	err := r.db.View(func(txn *badger.Txn) error {
		item, err := txn.Get(append([]byte{keyDict}, graph.Implements...))
		if err != nil {
			return fmt.Errorf("dictionary code of %s: %w", graph.Implements, err)
		}
		return item.Value(func(v []byte) error {
			if len(v) != 2 {
				return fmt.Errorf("dictionary code of %s is %d bytes", graph.Implements, len(v))
			}
			r.implements = binary.BigEndian.Uint16(v)
			return nil
		})
	})
	if err != nil {
		return nil, fmt.Errorf("raw badger: %w", err)
	}
	for i, t := range graph.EntityTypes() {
		if t == graph.Resolution {
			r.resolution = byte(i)
		}
	}
	return r, nil
}

func (r *rawBadger) Version() string {
	return "Badger v4 (the store's own DB handle), keys-only iteration"
}

func (r *rawBadger) Load(context.Context, *Dataset) (LoadResult, error) {
	return LoadResult{}, nil // the same keys as govkg: nothing of its own to load
}

func (r *rawBadger) Supports(q Question) bool { return q != QPath }
func (r *rawBadger) Networked() bool          { return false }
func (r *rawBadger) Close() error             { return nil }

func (r *rawBadger) Notes() []string {
	return []string{"badger-raw: govkg's own keys read through store.DB() keys-only, the same BFS without predicate decoding, entity records or edges: a floor, not a usable system; no shortest path, no load of its own."}
}

// scanner walks keys under prefixes with one keys-only iterator.
type scanner struct {
	it  *badger.Iterator
	buf []byte
}

func newScanner(txn *badger.Txn) *scanner {
	opt := badger.DefaultIteratorOptions
	opt.PrefetchValues = false
	return &scanner{it: txn.NewIterator(opt)}
}

// each calls fn with every key under prefix.
func (s *scanner) each(prefix []byte, fn func(key []byte)) {
	for s.it.Seek(prefix); s.it.ValidForPrefix(prefix); s.it.Next() {
		fn(s.it.Item().Key())
	}
}

// number returns the number of entity id, or false when it has none.
func number(txn *badger.Txn, id graph.ID) (uint32, bool, error) {
	item, err := txn.Get(append([]byte{keyNumber}, id[:]...))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return 0, false, nil
	}
	if err != nil {
		return 0, false, err
	}
	var n uint32
	err = item.Value(func(v []byte) error {
		if len(v) != numLen {
			return fmt.Errorf("number of %s is %d bytes", id, len(v))
		}
		n = binary.BigEndian.Uint32(v)
		return nil
	})
	return n, err == nil, err
}

func outPrefix(b []byte, n uint32) []byte {
	return binary.BigEndian.AppendUint32(append(b[:0], keySPO), n)
}

func inPrefix(b []byte, n uint32) []byte {
	return binary.BigEndian.AppendUint32(append(b[:0], keyOSP, kindEntity), n)
}

// outTarget returns the object number of an 'S' key whose object is an
// entity.
func outTarget(k []byte) (uint32, bool) {
	const at = 1 + numLen + 2
	if len(k) != at+1+numLen || k[at] != kindEntity {
		return 0, false
	}
	return binary.BigEndian.Uint32(k[at+1:]), true
}

// inSource returns the subject number of an 'O' key of an entity object.
func inSource(k []byte) uint32 { return binary.BigEndian.Uint32(k[2+numLen:]) }

var errCap = errors.New("cap reached")

func (r *rawBadger) Ask(ctx context.Context, q Question, a Arg) (int, error) {
	n := 0
	err := r.db.View(func(txn *badger.Txn) error {
		start, ok, err := number(txn, a.Node)
		if err != nil || !ok {
			return err
		}
		sc := newScanner(txn)
		defer sc.it.Close()
		switch q {
		case QOut:
			sc.each(outPrefix(sc.buf, start), func([]byte) { n++ })
		case QIn:
			sc.each(inPrefix(sc.buf, start), func([]byte) { n++ })
		case QNeighbourhood:
			n = r.bfs(ctx, sc, start)
		case QImplements:
			var err error
			n, err = r.implementsClosure(ctx, txn, sc, start)
			return err
		default:
			return fmt.Errorf("raw badger: question %s not supported", q)
		}
		return ctx.Err()
	})
	return n, err
}

// bfs counts the nodes within NeighbourhoodDepth hops either way, at most
// NeighbourhoodCap.
func (r *rawBadger) bfs(ctx context.Context, sc *scanner, start uint32) int {
	seen := map[uint32]bool{start: true}
	frontier := []uint32{start}
	for depth := 0; depth < NeighbourhoodDepth && len(frontier) > 0; depth++ {
		var next []uint32
		for _, id := range frontier {
			if ctx.Err() != nil || len(seen) >= NeighbourhoodCap {
				return len(seen)
			}
			visit := func(t uint32) {
				if !seen[t] && len(seen) < NeighbourhoodCap {
					seen[t] = true
					next = append(next, t)
				}
			}
			sc.each(outPrefix(sc.buf, id), func(k []byte) {
				if t, ok := outTarget(k); ok {
					visit(t)
				}
			})
			sc.each(inPrefix(sc.buf, id), func(k []byte) { visit(inSource(k)) })
		}
		frontier = next
	}
	return len(seen)
}

// implementsClosure counts the resolutions reachable from start over
// implements edges.
func (r *rawBadger) implementsClosure(ctx context.Context, txn *badger.Txn, sc *scanner, start uint32) (int, error) {
	seen := map[uint32]bool{start: true}
	frontier := []uint32{start}
	var prefix []byte
	for len(frontier) > 0 {
		var next []uint32
		for _, id := range frontier {
			prefix = binary.BigEndian.AppendUint16(outPrefix(prefix, id), r.implements)
			sc.each(prefix, func(k []byte) {
				if t, ok := outTarget(k); ok && !seen[t] {
					seen[t] = true
					next = append(next, t)
				}
			})
		}
		if err := ctx.Err(); err != nil {
			return 0, err
		}
		frontier = next
	}
	n := 0
	key := make([]byte, 0, 2+numLen)
	for id := range seen {
		if id == start {
			continue
		}
		key = binary.BigEndian.AppendUint32(append(key[:0], keyType, r.resolution), id)
		if _, err := txn.Get(key); err == nil {
			n++
		} else if !errors.Is(err, badger.ErrKeyNotFound) {
			return 0, err
		}
	}
	return n, nil
}
