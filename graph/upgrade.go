package graph

import (
	"bytes"
	"errors"
	"fmt"
	"math"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// The formats before formatVersion, which Open upgrades in place. Both
// hold the tables of keys.go with an entity or source's 16-byte ID
// wherever formatVersion has its 4-byte number (numbers.go), and no 'I'
// table:
//
//	'E' id, 'T' type id, 'N' folded 0x00 id, 'R' src, 'U' id src
//	'S' s p obj → the 16-byte IDs of the sources, ascending
//	'P' p obj s, 'O' obj s p, 'X' src s p obj
//	'u' src     → the 16-byte IDs of the entities src mentions (govkg-2)
//	'u' src id  → ∅, one key per mention (govkg-1)
//
// where an entity object is its kind byte and a 16-byte ID. The values
// of 'E', 'X' and 'R' keys are the same in every format. A govkg-1 store
// whose upgrade to govkg-2 stopped half way holds both kinds of 'u' key
// for a source: its mentions are their union.
const (
	formatVersion1 = "govkg-1"
	formatVersion2 = "govkg-2"
)

// An upgrade rewrites every key that holds an ID, which is most of the
// store, in steps that the next Open resumes when the process stops at
// any point. A marker under upgradeMarkerKey records the last step done:
//
//  1. stageNewKeys numbers every ID and writes each key translated to the
//     new layout, and the 'I' keys, under stagePrefix: a byte no table
//     uses, so that the old keys and the new never share a key. Then the
//     marker says "staged". Without a marker, the staging keys an earlier
//     attempt left are cleared first and the step starts again.
//  2. dropOldTables drops every table of the old layout that holds IDs.
//     Then the marker says "dropped". Dropping again is harmless.
//  3. unstage copies every staged key to its real key and drops the
//     staging keys. Copying again writes the same keys and values.
//  4. finishUpgrade sets the format key to formatVersion and deletes the
//     marker, in one transaction.
//
// The format key keeps the old version until the last step, so a store
// whose upgrade stopped still asks for it (and is refused read-only).
const (
	stagePrefix   byte = '~'
	markerStaged       = "staged"
	markerDropped      = "dropped"
)

// upgradeMarkerKey returns the key of the upgrade's marker.
func upgradeMarkerKey() []byte { return []byte{tMeta, 'u'} }

// oldIDTables returns the tables whose keys hold IDs in the old formats:
// every one that the upgrade translates and drops.
func oldIDTables() []byte {
	return []byte{tEntity, tType, tName, tSPO, tPOS, tOSP, tSource, tSourceRec, tMentionBy, tMentions}
}

// upgrade brings a store written in an older format up to formatVersion,
// or finishes an upgrade that stopped, before anything else reads it
// (init loads the numbers after it). A store opened read-only is refused
// with a message instead.
func (s *Store) upgrade(readOnly bool) error {
	version, marker, err := s.upgradeState()
	if err != nil {
		return fmt.Errorf("read the store's format: %w", err)
	}
	if version != formatVersion1 && version != formatVersion2 {
		return nil // current, or unknown: init says which
	}
	if readOnly {
		return fmt.Errorf("the store is in format %q and needs an upgrade to %q: open it once for writing", version, formatVersion)
	}
	if marker == "" {
		s.log.Info("upgrading the store's format", "dir", s.dir, "from", version, "to", formatVersion)
	} else {
		s.log.Info("resuming the upgrade of the store's format", "dir", s.dir, "from", version, "to", formatVersion, "done", marker)
	}
	if err := s.upgradeFrom(marker); err != nil {
		return fmt.Errorf("upgrade from format %q to %q: %w", version, formatVersion, err)
	}
	s.log.Info("upgraded the store's format", "dir", s.dir, "to", formatVersion)
	return nil
}

// upgradeState returns the format version and the upgrade's marker ("" for
// none).
func (s *Store) upgradeState() (version, marker string, err error) {
	err = s.db.View(func(txn *badger.Txn) error {
		var err error
		if version, err = metaValue(txn, formatKey()); err != nil {
			return err
		}
		marker, err = metaValue(txn, upgradeMarkerKey())
		return err
	})
	return version, marker, err
}

// metaValue returns the value of key k, or "" when it is missing.
func metaValue(txn *badger.Txn, k []byte) (string, error) {
	item, err := txn.Get(k)
	if errors.Is(err, badger.ErrKeyNotFound) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	v, err := item.ValueCopy(nil)
	return string(v), err
}

// upgradeFrom runs the steps after the one marker names.
func (s *Store) upgradeFrom(marker string) error {
	switch marker {
	case "":
		if err := s.stageNewKeys(); err != nil {
			return err
		}
		fallthrough
	case markerStaged:
		if err := s.dropOldTables(); err != nil {
			return err
		}
		fallthrough
	case markerDropped:
		if err := s.unstage(); err != nil {
			return err
		}
		return s.finishUpgrade()
	}
	return fmt.Errorf("unknown upgrade marker %q", marker)
}

// upgradeStepDone tells the upgradeHook, if any, that step is done.
func (s *Store) upgradeStepDone(step string) error {
	if s.upgradeHook == nil {
		return nil
	}
	if err := s.upgradeHook(step); err != nil {
		return fmt.Errorf("after step %s: %w", step, err)
	}
	return nil
}

// setUpgradeMarker records that the step named marker is done.
func (s *Store) setUpgradeMarker(marker string) error {
	if err := s.db.Update(func(txn *badger.Txn) error {
		return txn.Set(upgradeMarkerKey(), []byte(marker))
	}); err != nil {
		return fmt.Errorf("set the upgrade marker to %q: %w", marker, err)
	}
	return s.upgradeStepDone(marker)
}

// stageNewKeys is step 1. It numbers the sources (in the order of their
// 'R' keys), then the entities (their 'E' keys), then any other ID the
// keys name, from 1; and writes under stagePrefix every old key
// translated, with its value ('S' and 'u' lists as numLists), and the 'I'
// key of every number.
func (s *Store) stageNewKeys() error {
	if err := s.dropStaging("clearing the keys an interrupted upgrade staged"); err != nil {
		return err
	}
	r := &renumbering{byID: map[ID]uint32{}}
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	staged := 0
	stage := func(k, v []byte) error {
		staged++
		return wb.Set(k, v)
	}
	err := s.db.View(func(txn *badger.Txn) error {
		for _, table := range []byte{tSourceRec, tEntity} {
			if err := eachKey(txn, table, false, func(k, _ []byte) error {
				if len(k) != 1+idLen {
					return fmt.Errorf("key %x is not a record's", k)
				}
				_, err := r.number(k[1:])
				return err
			}); err != nil {
				return fmt.Errorf("number the %c records: %w", table, err)
			}
		}
		for _, table := range oldIDTables() {
			var err error
			if table == tMentions {
				err = stageMentions(txn, r, stage)
			} else {
				err = stageTable(txn, r, table, stage)
			}
			if err != nil {
				return fmt.Errorf("translate the %c keys: %w", table, err)
			}
		}
		return nil
	})
	if err != nil {
		return err
	}
	for i, id := range r.ids {
		if err := stage(stagedKey(numKey(id)), appendNum(nil, uint32(i+1))); err != nil {
			return fmt.Errorf("stage the number of %s: %w", id, err)
		}
	}
	if err := wb.Flush(); err != nil {
		return fmt.Errorf("write the staged keys: %w", err)
	}
	s.log.Info("upgrade: staged the keys of the new layout", "keys", staged, "numbers", len(r.ids))
	if err := s.upgradeStepDone("stage"); err != nil {
		return err
	}
	return s.setUpgradeMarker(markerStaged)
}

// stageTable stages the translation of every key of table, which is not
// 'u'.
func stageTable(txn *badger.Txn, r *renumbering, table byte, stage func(k, v []byte) error) error {
	return eachKey(txn, table, true, func(k, v []byte) error {
		nk, err := r.translateKey(k)
		if err != nil {
			return err
		}
		if table == tSPO {
			ids, err := r.idList(v)
			if err != nil {
				return fmt.Errorf("sources of triple %x: %w", k, err)
			}
			v = numListOf(ids)
		}
		return stage(nk, v)
	})
}

// stageMentions stages one 'u' key per source: a numList of the entities
// its old 'u' keys name, lists and per-mention keys together. A source's
// keys are next to each other, its list first.
func stageMentions(txn *badger.Txn, r *renumbering, stage func(k, v []byte) error) error {
	var (
		src  []byte   // the current source's old ID
		nums []uint32 // the numbers of the entities it mentions
	)
	flush := func() error {
		if src == nil {
			return nil
		}
		x, err := r.number(src)
		if err != nil {
			return fmt.Errorf("source %x: %w", src, err)
		}
		return stage(stagedKey(appendNum([]byte{tMentions}, x)), numListOf(nums))
	}
	err := eachKey(txn, tMentions, true, func(k, v []byte) error {
		if len(k) != 1+idLen && len(k) != 1+2*idLen {
			return fmt.Errorf("mention key %x is malformed", k)
		}
		if src == nil || !bytes.Equal(k[1:1+idLen], src) {
			if err := flush(); err != nil {
				return err
			}
			src, nums = bytes.Clone(k[1:1+idLen]), nil
		}
		ids := v // a list
		if len(k) == 1+2*idLen {
			ids = k[1+idLen:] // one mention (govkg-1)
		}
		xs, err := r.idList(ids)
		if err != nil {
			return fmt.Errorf("mentions of source %x: %w", src, err)
		}
		nums = append(nums, xs...)
		return nil
	})
	if err != nil {
		return err
	}
	return flush()
}

// dropOldTables is step 2: it drops every table of the old layout that
// holds IDs (their keys are all staged).
func (s *Store) dropOldTables() error {
	prefixes := make([][]byte, len(oldIDTables()))
	for i, t := range oldIDTables() {
		prefixes[i] = []byte{t}
	}
	if err := s.db.DropPrefix(prefixes...); err != nil {
		return fmt.Errorf("drop the tables of the old layout: %w", err)
	}
	s.log.Info("upgrade: dropped the tables of the old layout")
	if err := s.upgradeStepDone("drop"); err != nil {
		return err
	}
	return s.setUpgradeMarker(markerDropped)
}

// unstage is step 3: it copies every staged key to its real key, then
// drops the staging keys.
func (s *Store) unstage() error {
	wb := s.db.NewWriteBatch()
	defer wb.Cancel()
	copied := 0
	err := s.db.View(func(txn *badger.Txn) error {
		return eachKey(txn, stagePrefix, true, func(k, v []byte) error {
			copied++
			return wb.Set(bytes.Clone(k[1:]), v)
		})
	})
	if err == nil {
		err = wb.Flush()
	}
	if err != nil {
		return fmt.Errorf("copy the staged keys: %w", err)
	}
	s.log.Info("upgrade: copied the staged keys to the new layout", "keys", copied)
	if err := s.upgradeStepDone("copy"); err != nil {
		return err
	}
	if err := s.dropStaging(""); err != nil {
		return err
	}
	return s.upgradeStepDone("unstage")
}

// finishUpgrade is step 4: it sets the format version and deletes the
// marker.
func (s *Store) finishUpgrade() error {
	if err := s.db.Update(func(txn *badger.Txn) error {
		if err := txn.Set(formatKey(), []byte(formatVersion)); err != nil {
			return err
		}
		return txn.Delete(upgradeMarkerKey())
	}); err != nil {
		return fmt.Errorf("set the format version: %w", err)
	}
	return s.upgradeStepDone("done")
}

// dropStaging drops the staging keys when there are any, logging why
// when why is not "".
func (s *Store) dropStaging(why string) error {
	found := false
	if err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(keysOnly([]byte{stagePrefix}))
		defer it.Close()
		it.Rewind()
		found = it.Valid()
		return nil
	}); err != nil {
		return fmt.Errorf("look for staged keys: %w", err)
	}
	if !found {
		return nil
	}
	if why != "" {
		s.log.Info("upgrade: " + why)
	}
	if err := s.db.DropPrefix([]byte{stagePrefix}); err != nil {
		return fmt.Errorf("drop the staged keys: %w", err)
	}
	return nil
}

// stagedKey returns k under stagePrefix.
func stagedKey(k []byte) []byte { return append([]byte{stagePrefix}, k...) }

// eachKey calls fn with every key under the one-byte prefix table, and
// with a copy of its value when values is set. The key is valid only
// during the call.
func eachKey(txn *badger.Txn, table byte, values bool, fn func(k, v []byte) error) error {
	opts := keysOnly([]byte{table})
	if values {
		opts = withValues([]byte{table})
	}
	it := txn.NewIterator(opts)
	defer it.Close()
	for it.Rewind(); it.Valid(); it.Next() {
		item := it.Item()
		var v []byte
		if values {
			var err error
			if v, err = item.ValueCopy(nil); err != nil {
				return fmt.Errorf("key %x: %w", item.Key(), err)
			}
		}
		if err := fn(item.Key(), v); err != nil {
			return err
		}
	}
	return nil
}

// renumbering gives the upgrade's numbers: 1, 2, 3, … to IDs in the order
// it meets them.
type renumbering struct {
	byID map[ID]uint32
	ids  []ID // ids[x-1] is the ID numbered x
}

// number returns the number of the 16-byte ID at the front of b, giving
// it the next one when it has none.
func (r *renumbering) number(b []byte) (uint32, error) {
	if len(b) < idLen {
		return 0, fmt.Errorf("ID %x is short", b)
	}
	id := ID(b[:idLen])
	if x, ok := r.byID[id]; ok {
		return x, nil
	}
	if id == (ID{}) {
		return 0, errors.New("a key names the nil ID")
	}
	if uint64(len(r.ids)) >= math.MaxUint32 {
		return 0, fmt.Errorf("more than %d entities and sources", uint64(math.MaxUint32))
	}
	r.ids = append(r.ids, id)
	x := uint32(len(r.ids))
	r.byID[id] = x
	return x, nil
}

// idList returns the numbers of a list of 16-byte IDs.
func (r *renumbering) idList(v []byte) ([]uint32, error) {
	if len(v)%idLen != 0 {
		return nil, fmt.Errorf("ID list of %d bytes is not a multiple of %d", len(v), idLen)
	}
	xs := make([]uint32, 0, len(v)/idLen)
	for i := 0; i < len(v); i += idLen {
		x, err := r.number(v[i:])
		if err != nil {
			return nil, err
		}
		xs = append(xs, x)
	}
	return xs, nil
}

// numListOf returns xs as a numList: sorted, without repeats.
func numListOf(xs []uint32) []byte {
	slices.Sort(xs)
	xs = slices.Compact(xs)
	b := make([]byte, 0, len(xs)*numLen)
	for _, x := range xs {
		b = appendNum(b, x)
	}
	return b
}

// translateKey returns old key k (of a table other than 'u') in the new
// layout, under stagePrefix.
func (r *renumbering) translateKey(k []byte) ([]byte, error) {
	t := keyTranslator{r: r, in: k[1:], out: append(make([]byte, 0, 2+len(k)), stagePrefix, k[0])}
	switch k[0] {
	case tEntity, tSourceRec:
		t.id()
	case tType:
		t.copy(1)
		t.id()
	case tName:
		if len(t.in) < 1+idLen || t.in[len(t.in)-idLen-1] != 0 {
			return nil, fmt.Errorf("name key %x is malformed", k)
		}
		t.copy(len(t.in) - idLen)
		t.id()
	case tSPO:
		t.id()
		t.copy(predLen)
		t.object()
	case tPOS:
		t.copy(predLen)
		t.object()
		t.id()
	case tOSP:
		t.object()
		t.id()
		t.copy(predLen)
	case tSource:
		t.id()
		t.id()
		t.copy(predLen)
		t.object()
	case tMentionBy:
		t.id()
		t.id()
	default:
		return nil, fmt.Errorf("key %x: no translation for table %c", k, k[0])
	}
	if t.err == nil && len(t.in) > 0 {
		t.err = fmt.Errorf("%d bytes left over", len(t.in))
	}
	if t.err != nil {
		return nil, fmt.Errorf("key %x: %w", k, t.err)
	}
	return t.out, nil
}

// keyTranslator reads an old key's parts from the front of in and appends
// them, translated, to out. The first error stops it.
type keyTranslator struct {
	r   *renumbering
	in  []byte
	out []byte
	err error
}

// id translates a 16-byte ID into its number.
func (t *keyTranslator) id() {
	if t.err != nil {
		return
	}
	x, err := t.r.number(t.in)
	if err != nil {
		t.err = err
		return
	}
	t.out = appendNum(t.out, x)
	t.in = t.in[idLen:]
}

// copy copies n bytes unchanged.
func (t *keyTranslator) copy(n int) {
	if t.err != nil {
		return
	}
	if len(t.in) < n {
		t.err = fmt.Errorf("%d bytes where %d are needed", len(t.in), n)
		return
	}
	t.out = append(t.out, t.in[:n]...)
	t.in = t.in[n:]
}

// object translates an object: an entity's ID into its number; a
// literal is the same in both layouts.
func (t *keyTranslator) object() {
	if t.err != nil {
		return
	}
	if len(t.in) > 0 && ValueKind(t.in[0]) == KindEntity {
		t.copy(1)
		t.id()
		return
	}
	n, err := objectLen(t.in)
	if err != nil {
		t.err = err
		return
	}
	t.copy(n)
}
