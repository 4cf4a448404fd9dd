package graph

import (
	"errors"
	"testing"
)

// TestNumbersOutliveFailuresAndRetraction checks the two ways a number can
// be met again: after a batch that was refused once it had numbered its
// source and entities (their 'I' keys were never committed, so the next
// batch that names them must write them), and after a retraction that
// deleted an entity (its 'I' key stays, and it comes back under its old
// number). Each state must pass the check, before and after a reopen,
// which reads the numbers from the 'I' keys alone.
func TestNumbersOutliveFailuresAndRetraction(t *testing.T) {
	dir := t.TempDir()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	reopen := func() {
		t.Helper()
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if s, err = Open(Options{Dir: dir}); err != nil {
			t.Fatal(err)
		}
		mustCheck(t, s)
	}
	defer func() { s.Close() }()

	// Refused after numbering: the last assertion names an entity that is
	// neither in the batch nor in the store.
	bad := batchB()
	bad.Assertions = append(bad.Assertions, assert(srcB, eToLam, Leads, EntityValue(eGov.ID)))
	if _, err := s.Apply(testCtx, bad); !errors.Is(err, ErrInvalid) {
		t.Fatalf("apply of a batch naming an unknown entity: %v", err)
	}
	if got := s.nums.of(eToLam.ID); got == 0 {
		t.Fatal("the refused batch numbered nothing; the test no longer tests what it says")
	}
	mustCheck(t, s)

	// The same entities in a batch that is whole: their 'I' keys go with it.
	mustApply(t, s, batchB())
	mustCheck(t, s)
	reopen()
	if _, err := s.Entity(testCtx, eConf77.ID); err != nil {
		t.Fatalf("entity of the batch after the refused one, after a reopen: %v", err)
	}

	// Retracted and back: the same number.
	mustApply(t, s, batchA())
	before := s.nums.of(eDec01.ID)
	if _, err := s.Retract(testCtx, srcB.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Entity(testCtx, eDec01.ID); !errors.Is(err, ErrNotFound) {
		t.Fatalf("entity only source B mentioned, after B's retraction: %v", err)
	}
	mustCheck(t, s)
	reopen()
	mustApply(t, s, batchB())
	if after := s.nums.of(eDec01.ID); after != before {
		t.Errorf("entity back after a retraction has number %d, had %d", after, before)
	}
	mustCheck(t, s)
	reopen()
	got, err := s.Match(testCtx, Pattern{Subject: eDec01.ID}, PageRequest{})
	if err != nil || len(got.Triples) != 1 {
		t.Fatalf("triples of the entity back after a retraction: %v, %v", got.Triples, err)
	}
}
