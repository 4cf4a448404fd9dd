package graph

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// TestUpgradeFromFormat1 writes a store, turns its 'u' lists back into
// format 1's one key per mention (one source's as an upgrade stopped half
// way would leave them: list written, old keys not yet deleted), and opens
// it again: read-only is refused, a writable open upgrades it, and the
// upgraded store has the lists it started with and passes the check.
func TestUpgradeFromFormat1(t *testing.T) {
	dir := t.TempDir()
	open := func(readOnly bool) (*Store, error) {
		return Open(Options{Dir: dir, ReadOnly: readOnly, memTableSize: 8 << 20})
	}
	s, err := open(false)
	if err != nil {
		t.Fatal(err)
	}
	batches := []Batch{
		{Source: srcA, Entities: []Entity{eToLam, eMPS, ePolit, eRes12}, Assertions: []Assertion{
			assert(srcA, eToLam, Leads, EntityValue(eMPS.ID)),
			assert(srcA, eRes12, IssuedBy, EntityValue(ePolit.ID)),
		}},
		{Source: srcB, Entities: []Entity{eToLam, eConf77, eHanoi}, Assertions: []Assertion{
			assert(srcB, eToLam, Chairs, EntityValue(eConf77.ID)),
		}},
	}
	if _, err := s.ApplyAll(testCtx, batches); err != nil {
		t.Fatal(err)
	}
	want := mentionLists(t, s)
	if len(want) != 2 {
		t.Fatalf("%d 'u' lists, want 2", len(want))
	}

	// Back to format 1.
	err = s.db.Update(func(txn *badger.Txn) error {
		for src, list := range want {
			ids, err := decodeIDList(list)
			if err != nil {
				return err
			}
			if src == srcA.ID {
				if err := txn.Delete(mentionsKey(src)); err != nil {
					return err
				}
			}
			for _, id := range ids {
				k := append(mentionsKey(src), id[:]...)
				if err := txn.Set(k, nil); err != nil {
					return err
				}
			}
		}
		return txn.Set(formatKey(), []byte(formatVersion1))
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}

	if ro, err := open(true); err == nil {
		ro.Close()
		t.Fatal("read-only open of a format 1 store: no error")
	} else if !strings.Contains(err.Error(), "open it once for writing") {
		t.Fatalf("read-only open of a format 1 store: %v", err)
	}

	s, err = open(false)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if got := mentionLists(t, s); len(got) != len(want) {
		t.Errorf("after the upgrade: %d 'u' keys, want %d", len(got), len(want))
	} else {
		for src, list := range want {
			if !bytes.Equal(got[src], list) {
				t.Errorf("after the upgrade, source %s mentions %x, want %x", src, got[src], list)
			}
		}
	}
	rep, err := s.Check(testCtx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("check after the upgrade: %v", rep.Problems)
	}
	if _, err := s.Retract(testCtx, srcB.ID); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.Check(testCtx); err != nil || !rep.OK() {
		t.Fatalf("check after retracting a source of the upgraded store: %v %v", err, rep.Problems)
	}
	if got := mentionLists(t, s); len(got) != 1 || !bytes.Equal(got[srcA.ID], want[srcA.ID]) {
		t.Errorf("after retracting B: 'u' lists %x", got)
	}
}

// mentionLists returns every key under 'u' by source, failing on a key
// that is not one source's list.
func mentionLists(t *testing.T, s *Store) map[ID][]byte {
	t.Helper()
	out := map[ID][]byte{}
	err := s.db.View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.IteratorOptions{Prefix: []byte{tMentions}, PrefetchValues: true})
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			k := it.Item().Key()
			if len(k) != 1+idLen {
				t.Errorf("'u' key %x is not a source's list", k)
				continue
			}
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out[ID(k[1:])] = v
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}
