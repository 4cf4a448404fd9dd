package graph

import (
	"encoding/binary"
	"fmt"
	"math"
	"sync"

	"github.com/dgraph-io/badger/v4"
)

// Entities and sources are known by their 16-byte IDs outside the store,
// but inside its keys by a 4-byte number each: an ID appears in five keys
// of every assertion, and the shorter keys make a store about half the
// bytes, which is what Badger's write and read costs follow.
//
// The numbers are given in the order IDs are first written (1, 2, 3, …;
// 0 numbers nothing) and are never given again: an entity that is deleted
// and comes back gets its old number. Each is kept under
//
//	'I' id → number (4 bytes, big endian)
//
// and a numbering holds them all in memory, both ways, for the life of
// the Store.

// numLen is the length of a number in a key.
const numLen = 4

// numKey returns 'I' id.
func numKey(id ID) []byte { return append([]byte{tNumber}, id[:]...) }

// numbering maps IDs to their numbers and back. Readers look numbers up
// concurrently; the one writer (who holds the Store's writeMu) adds them.
//
// A number is published here before the transaction that writes its 'I'
// key commits, so a reader never meets a number in a key that it cannot
// turn back into an ID. Until that commit the number is pending: a writer
// that meets it again writes its 'I' key again, so a transaction that
// failed leaves no number without a key behind once another one commits.
type numbering struct {
	mu      sync.RWMutex
	byID    map[ID]uint32
	ids     []ID // ids[n] is the ID numbered n; ids[0] is unused
	pending map[ID]bool
}

func newNumbering() *numbering {
	return &numbering{byID: map[ID]uint32{}, ids: []ID{{}}, pending: map[ID]bool{}}
}

// load reads every 'I' key.
func (n *numbering) load(txn *badger.Txn) error {
	it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{tNumber}, PrefetchValues: true})
	defer it.Close()
	n.mu.Lock()
	defer n.mu.Unlock()
	for it.Rewind(); it.Valid(); it.Next() {
		id, x, err := readNumberKey(it.Item())
		if err != nil {
			return err
		}
		if err := n.put(id, x); err != nil {
			return err
		}
	}
	return nil
}

// readNumberKey reads an 'I' key: the ID and its number, which is never 0.
func readNumberKey(item *badger.Item) (ID, uint32, error) {
	k := item.Key()
	if len(k) != 1+idLen {
		return ID{}, 0, fmt.Errorf("bad number key %x", k)
	}
	var x uint32
	err := item.Value(func(v []byte) error {
		if len(v) != numLen || readNum(v) == 0 {
			return fmt.Errorf("bad number %x for %s", v, ID(k[1:]))
		}
		x = readNum(v)
		return nil
	})
	return ID(k[1:]), x, err
}

// put records that x numbers id, as an 'I' key says; it refuses a number
// given to another ID already. The caller holds mu, or owns n.
func (n *numbering) put(id ID, x uint32) error {
	for uint32(len(n.ids)) <= x {
		n.ids = append(n.ids, ID{})
	}
	if n.ids[x] != (ID{}) {
		return fmt.Errorf("number %d is given to both %s and %s", x, n.ids[x], id)
	}
	n.ids[x], n.byID[id] = id, x
	return nil
}

// of returns the number of id, or 0 when id has none: a key built with 0
// matches nothing.
func (n *numbering) of(id ID) uint32 {
	n.mu.RLock()
	x := n.byID[id]
	n.mu.RUnlock()
	return x
}

// id returns the ID numbered x, or the nil ID when x numbers nothing.
func (n *numbering) id(x uint32) ID {
	n.mu.RLock()
	defer n.mu.RUnlock()
	if x >= uint32(len(n.ids)) {
		return ID{}
	}
	return n.ids[x]
}

// view returns the IDs by number as they are now, for a reader that
// turns many numbers into IDs without taking the lock each time: it holds
// every number its Badger transaction can meet, if it is taken after the
// transaction began, since a number is published before the keys that
// use it commit. Numbers are only appended, so the entries it holds never
// change.
func (n *numbering) view() []ID {
	n.mu.RLock()
	defer n.mu.RUnlock()
	return n.ids
}

// ensure returns the number of id, giving it the next one when it has
// none. write reports that the caller must set the 'I' key (numKey, the
// number as its value) in its transaction: the number is new or still
// pending. The caller holds the Store's writeMu.
func (n *numbering) ensure(id ID) (x uint32, write bool, err error) {
	n.mu.RLock()
	x, ok := n.byID[id]
	pending := n.pending[id]
	n.mu.RUnlock()
	if ok {
		return x, pending, nil
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	if uint64(len(n.ids)) > math.MaxUint32 {
		return 0, false, fmt.Errorf("the store has given all %d entity and source numbers", uint64(math.MaxUint32))
	}
	x = uint32(len(n.ids))
	n.ids = append(n.ids, id)
	n.byID[id] = x
	n.pending[id] = true
	return x, true, nil
}

// settle records that the 'I' keys of ids have committed.
func (n *numbering) settle(ids []ID) {
	if len(ids) == 0 {
		return
	}
	n.mu.Lock()
	defer n.mu.Unlock()
	for _, id := range ids {
		delete(n.pending, id)
	}
}

// reset forgets every number, for a store that holds none ('I' keys):
// BulkLoad and its undoing, which start from an empty store.
func (n *numbering) reset() {
	n.mu.Lock()
	defer n.mu.Unlock()
	n.byID, n.ids, n.pending = map[ID]uint32{}, []ID{{}}, map[ID]bool{}
}

// settleAll records that every number has its 'I' key (a bulk load
// wrote them all).
func (n *numbering) settleAll() {
	n.mu.Lock()
	defer n.mu.Unlock()
	clear(n.pending)
}

// appendNum appends the 4 bytes of number x.
func appendNum(b []byte, x uint32) []byte { return binary.BigEndian.AppendUint32(b, x) }

// readNum reads the number at the front of b.
func readNum(b []byte) uint32 { return binary.BigEndian.Uint32(b) }
