package graph

import (
	"bytes"
	"context"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
)

func TestBackupRestore(t *testing.T) {
	s := openTemp(t)
	mustApply(t, s, batchA())
	mustApply(t, s, batchB())
	changed := batchA()
	changed.Source.Hash = "hash-a2"
	changed.Assertions = changed.Assertions[1:]
	mustApply(t, s, changed) // deletions too must survive the round trip

	var buf bytes.Buffer
	if err := s.Backup(testCtx, &buf); err != nil {
		t.Fatal(err)
	}
	wantStats, err := s.Stats(testCtx)
	if err != nil {
		t.Fatal(err)
	}
	wantTriples := allTriples(t, s)
	wantSources, _ := s.Sources(testCtx)

	dir := filepath.Join(t.TempDir(), "restored")
	if err := Restore(testCtx, Options{Dir: dir}, bytes.NewReader(buf.Bytes())); err != nil {
		t.Fatal(err)
	}
	r, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer r.Close()
	mustCheck(t, r)
	gotStats, err := r.Stats(testCtx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotStats, wantStats) {
		t.Fatalf("stats after restore %+v, want %+v", gotStats, wantStats)
	}
	if got := allTriples(t, r); !slices.Equal(got, wantTriples) {
		t.Fatalf("triples after restore:\n%v\nwant\n%v", got, wantTriples)
	}
	gotSources, _ := r.Sources(testCtx)
	if !reflect.DeepEqual(gotSources, wantSources) {
		t.Fatalf("sources after restore %+v, want %+v", gotSources, wantSources)
	}
	// The restored store takes writes, with the predicate dictionary intact.
	if _, err := r.Retract(testCtx, srcB.ID); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, r)

	t.Run("refuses a store that holds data", func(t *testing.T) {
		other := t.TempDir()
		o, err := Open(Options{Dir: other})
		if err != nil {
			t.Fatal(err)
		}
		mustApply(t, o, batchB())
		o.Close()
		err = Restore(testCtx, Options{Dir: other}, bytes.NewReader(buf.Bytes()))
		if err == nil || !strings.Contains(err.Error(), "not empty") || !strings.Contains(err.Error(), other) {
			t.Fatalf("restore into a full store: %v", err)
		}
	})
	t.Run("garbage is an error", func(t *testing.T) {
		err := Restore(testCtx, Options{Dir: t.TempDir()}, strings.NewReader("this is not a backup at all"))
		if err == nil {
			t.Fatal("restore of garbage succeeded")
		}
	})
	t.Run("a cancelled backup stops", func(t *testing.T) {
		ctx, cancel := context.WithCancel(testCtx)
		cancel()
		if err := s.Backup(ctx, &bytes.Buffer{}); err == nil {
			t.Fatal("cancelled backup succeeded")
		}
	})
}
