package graph

import (
	"errors"
	"slices"
	"testing"
)

// TestSnapshot checks that a snapshot keeps answering from the moment it
// was taken while the store is written, through every kind of read, and
// that it refuses writes.
func TestSnapshot(t *testing.T) {
	s := openTemp(t)
	mustApply(t, s, batchA())
	before := allTriples(t, s)
	beforeStats, err := s.Stats(testCtx)
	if err != nil {
		t.Fatal(err)
	}

	sn := s.Snapshot()
	// The store moves on: B added, A retracted.
	mustApply(t, s, batchB())
	if _, err := s.Retract(testCtx, srcA.ID); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if now := allTriples(t, s); slices.Equal(now, before) {
		t.Fatal("the writes changed nothing: the test proves nothing")
	}

	if got := allTriples(t, sn.Store); !slices.Equal(got, before) {
		t.Errorf("snapshot triples:\n%v\nwant\n%v", got, before)
	}
	st, err := sn.Stats(testCtx)
	if err != nil {
		t.Fatal(err)
	}
	if st.Triples != beforeStats.Triples || st.Sources != beforeStats.Sources || st.Entities != beforeStats.Entities {
		t.Errorf("snapshot stats %+v, want %+v", st, beforeStats)
	}
	srcs, err := sn.Sources(testCtx)
	if err != nil || len(srcs) != 1 || srcs[0].ID != srcA.ID {
		t.Errorf("snapshot sources = %v, %v; want only A", srcs, err)
	}
	if _, err := sn.Entity(testCtx, eConf77.ID); !errors.Is(err, ErrNotFound) {
		t.Errorf("snapshot sees B's conference: %v", err)
	}
	if got, err := sn.Lookup(testCtx, "to lam"); err != nil || len(got) != 1 {
		t.Errorf("snapshot lookup = %v, %v", got, err)
	}
	sub, err := sn.Neighbourhood(testCtx, eToLam.ID, TraverseOptions{Depth: 1, Direction: Both})
	if err != nil {
		t.Fatal(err)
	}
	if slices.Contains(sub.Nodes, eConf77.ID) || !slices.Contains(sub.Nodes, eMPS.ID) {
		t.Errorf("snapshot neighbourhood of To Lam = %v", sub.Nodes)
	}
	n := 0
	if err := sn.ForEachAssertion(testCtx, func(a Assertion) error {
		if a.Provenance.Source != srcA.ID {
			t.Errorf("snapshot assertion from %s", a.Provenance.Source)
		}
		n++
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if n != len(batchA().Assertions) {
		t.Errorf("snapshot has %d assertions, want %d", n, len(batchA().Assertions))
	}
	if rep, err := sn.Check(testCtx); err != nil || !rep.OK() {
		t.Errorf("snapshot check: %v %v", rep.Problems, err)
	}

	// Writes through the snapshot are refused and change nothing.
	if _, err := sn.Apply(testCtx, batchA()); !errors.Is(err, ErrSnapshot) {
		t.Errorf("Apply through a snapshot: %v", err)
	}
	if _, err := sn.ApplyAll(testCtx, []Batch{batchA()}); !errors.Is(err, ErrSnapshot) {
		t.Errorf("ApplyAll through a snapshot: %v", err)
	}
	if _, err := sn.Retract(testCtx, srcB.ID); !errors.Is(err, ErrSnapshot) {
		t.Errorf("Retract through a snapshot: %v", err)
	}
	if err := sn.Close(); err != nil {
		t.Fatal(err)
	}
	// Closing the Store a snapshot embeds releases the snapshot again
	// (Badger's Discard is idempotent), never the shared database.
	if err := sn.Store.Close(); err != nil {
		t.Fatal(err)
	}
	// The store is still open and holds B.
	if _, err := s.Entity(testCtx, eConf77.ID); err != nil {
		t.Errorf("after closing the snapshot: %v", err)
	}
	mustCheck(t, s)
}
