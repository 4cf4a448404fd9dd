package graph

import (
	"bufio"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dgraph-io/badger/v4"
)

// The fixtures under testdata/upgrade are stores in the old formats, one
// "hexkey hexvalue" line per key, written by the old code from
// upgradeBatches applied with ApplyAll to an empty store. govkg-1.kv is
// the same store with one source's 'u' list turned into one key per
// mention, and another's kept beside such keys (an upgrade to govkg-2
// stopped half way).
var upgradeFixtures = []string{"govkg-2", "govkg-1"}

// upgradeBatches are what the fixtures hold.
func upgradeBatches() []Batch {
	return append([]Batch{batchA(), batchB()}, orgBatches("old", 3, 4)...)
}

// upgradeNext is what the tests do to an upgraded store after comparing
// it: retract a source and apply a batch with a new source and new
// entities, which must get numbers after the upgrade's.
func upgradeNext() Batch { return orgBatches("new", 1, 3)[0] }

// upgradeRefs are the stores the upgraded ones must equal: upgradeBatches
// applied to an empty store, before and after upgradeNext's changes.
type upgradeRefs struct {
	before, after *Store
	next          ApplyResult // what applying upgradeNext() did
}

func newUpgradeRefs(t *testing.T) upgradeRefs {
	t.Helper()
	var r upgradeRefs
	r.before, r.after = openTemp(t), openTemp(t)
	for _, s := range []*Store{r.before, r.after} {
		if _, err := s.ApplyAll(testCtx, upgradeBatches()); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := r.after.Retract(testCtx, srcB.ID); err != nil {
		t.Fatal(err)
	}
	r.next = mustApply(t, r.after, upgradeNext())
	return r
}

// TestUpgrade loads each fixture, checks that a read-only open is refused
// and that a writable one upgrades the store to what applying the same
// batches makes, and that it then takes a retraction and new batches.
func TestUpgrade(t *testing.T) {
	refs := newUpgradeRefs(t)
	for _, fixture := range upgradeFixtures {
		t.Run(fixture, func(t *testing.T) {
			dir := loadFixture(t, fixture)
			checkReadOnlyRefused(t, dir)
			checkUpgraded(t, dir, refs)
		})
	}
}

// errKilled stops an upgrade in the restart tests, as if the process had
// been killed.
var errKilled = errors.New("stopped by the test")

// TestUpgradeResumes stops the upgrade of each fixture after each of its
// steps in turn and opens the store again: the next Open finishes the
// upgrade, whatever step it stopped after. Then it stops one upgrade
// after every step, one after the other, each resumed run going one step
// further.
func TestUpgradeResumes(t *testing.T) {
	refs := newUpgradeRefs(t)
	for _, fixture := range upgradeFixtures {
		t.Run(fixture, func(t *testing.T) {
			var steps []string
			if err := upgradeWithHook(t, loadFixture(t, fixture), func(step string) error {
				steps = append(steps, step)
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			want := []string{"stage", markerStaged, "drop", markerDropped, "copy", "unstage", "done"}
			if !slices.Equal(steps, want) {
				t.Fatalf("steps %q, want %q", steps, want)
			}

			for _, stop := range steps {
				t.Run("stopped after "+stop, func(t *testing.T) {
					dir := loadFixture(t, fixture)
					err := upgradeWithHook(t, dir, func(step string) error {
						if step == stop {
							return errKilled
						}
						return nil
					})
					if !errors.Is(err, errKilled) {
						t.Fatalf("upgrade stopped after %s: %v", stop, err)
					}
					if stop != "done" {
						checkReadOnlyRefused(t, dir)
					}
					checkUpgraded(t, dir, refs)
				})
			}

			t.Run("stopped after every step in turn", func(t *testing.T) {
				dir := loadFixture(t, fixture)
				stopped := map[string]bool{}
				hook := func(step string) error {
					if stopped[step] {
						return nil
					}
					stopped[step] = true
					return errKilled
				}
				for runs := 1; ; runs++ {
					err := upgradeWithHook(t, dir, hook)
					if err == nil {
						break
					}
					if !errors.Is(err, errKilled) || runs > 2*len(steps) {
						t.Fatalf("run %d: %v", runs, err)
					}
				}
				if len(stopped) != len(steps) {
					t.Fatalf("stopped after %d steps, want %d", len(stopped), len(steps))
				}
				checkUpgraded(t, dir, refs)
			})
		})
	}
}

// loadFixture writes the keys of testdata/upgrade/name.kv into a new
// Badger store and returns its directory.
func loadFixture(t *testing.T, name string) string {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", "upgrade", name+".kv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	dir := t.TempDir()
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	wb := db.NewWriteBatch()
	defer wb.Cancel()
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		n++
		hk, hv, _ := strings.Cut(sc.Text(), " ")
		k, err := hex.DecodeString(hk)
		if err == nil && len(k) == 0 {
			err = errors.New("empty key")
		}
		var v []byte
		if err == nil {
			v, err = hex.DecodeString(hv)
		}
		if err != nil {
			t.Fatalf("%s.kv line %d: %v", name, n, err)
		}
		if err := wb.Set(k, v); err != nil {
			t.Fatal(err)
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	if n == 0 {
		t.Fatalf("%s.kv holds no keys", name)
	}
	if err := wb.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := db.Close(); err != nil {
		t.Fatal(err)
	}
	return dir
}

// upgradeWithHook runs the upgrade of the store in dir as Open does, alone,
// telling hook each step done.
func upgradeWithHook(t *testing.T, dir string, hook func(step string) error) error {
	t.Helper()
	db, err := badger.Open(badger.DefaultOptions(dir).WithLogger(nil))
	if err != nil {
		t.Fatal(err)
	}
	s := &Store{db: db, log: slog.New(slog.NewTextHandler(io.Discard, nil)), dir: dir, upgradeHook: hook}
	err = s.upgrade(false)
	if cerr := db.Close(); cerr != nil {
		t.Fatal(cerr)
	}
	return err
}

// checkReadOnlyRefused checks that a read-only open of the store in dir
// is refused with a message that says how to upgrade it.
func checkReadOnlyRefused(t *testing.T, dir string) {
	t.Helper()
	s, err := Open(Options{Dir: dir, ReadOnly: true})
	if err == nil {
		s.Close()
		t.Fatal("read-only open of an old store: no error")
	}
	if !strings.Contains(err.Error(), "open it once for writing") {
		t.Fatalf("read-only open of an old store: %v", err)
	}
}

// checkUpgraded opens the store in dir for writing and checks that it is
// refs.before, with nothing of the upgrade left; then that it takes
// upgradeNext's changes to become refs.after, passing its check all along.
func checkUpgraded(t *testing.T, dir string, refs upgradeRefs) {
	t.Helper()
	s, err := Open(Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkNoUpgradeLeft(t, s)
	mustCheck(t, s)
	sameStore(t, s, refs.before)

	if _, err := s.Retract(testCtx, srcB.ID); err != nil {
		t.Fatal(err)
	}
	mustCheck(t, s)
	if got := mustApply(t, s, upgradeNext()); got != refs.next {
		t.Errorf("applying a new batch after the upgrade: %+v, want %+v", got, refs.next)
	}
	mustCheck(t, s)
	sameStore(t, s, refs.after)
}

// checkNoUpgradeLeft checks that s is in the current format and holds no
// staged key and no upgrade marker.
func checkNoUpgradeLeft(t *testing.T, s *Store) {
	t.Helper()
	err := s.db.View(func(txn *badger.Txn) error {
		if v, err := metaValue(txn, formatKey()); err != nil || v != formatVersion {
			return fmt.Errorf("format %q (%v), want %q", v, err, formatVersion)
		}
		if v, err := metaValue(txn, upgradeMarkerKey()); err != nil || v != "" {
			return fmt.Errorf("upgrade marker %q (%v) left", v, err)
		}
		it := txn.NewIterator(keysOnly([]byte{stagePrefix}))
		defer it.Close()
		if it.Rewind(); it.Valid() {
			return fmt.Errorf("staged key %x left", it.Item().Key())
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// sameStore checks that got holds what want holds, through the API:
// sources, what each asserts, entities, triples, provenance, stats. The
// numbers may differ, and with them the order of what is listed in key
// order, so lists are compared sorted.
func sameStore(t *testing.T, got, want *Store) {
	t.Helper()
	wantSrcs := sources(t, want)
	if g := sources(t, got); !reflect.DeepEqual(g, wantSrcs) {
		t.Errorf("sources:\n%+v\nwant\n%+v", g, wantSrcs)
	}
	for _, src := range wantSrcs {
		sameSorted(t, "assertions of "+src.URL, sourceAssertions(t, got, src.ID), sourceAssertions(t, want, src.ID))
	}
	sameSorted(t, "entities", allEntities(t, got), allEntities(t, want))
	triples := matchEverything(t, want)
	sameSorted(t, "triples", matchEverything(t, got), triples)
	for _, tr := range triples {
		g, err := got.Provenance(testCtx, tr)
		if err != nil {
			t.Fatal(err)
		}
		w, err := want.Provenance(testCtx, tr)
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(g, w) {
			t.Errorf("provenance of %+v:\n%+v\nwant\n%+v", tr, g, w)
		}
	}
	gs, err := got.Stats(testCtx)
	if err != nil {
		t.Fatal(err)
	}
	ws, err := want.Stats(testCtx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gs, ws) {
		t.Errorf("stats %+v, want %+v", gs, ws)
	}
}

// sources returns every source record, without the time it was ingested
// (the fixtures were ingested at another time than the reference).
func sources(t *testing.T, s *Store) []Source {
	t.Helper()
	srcs, err := s.Sources(testCtx)
	if err != nil {
		t.Fatal(err)
	}
	for i := range srcs {
		if srcs[i].IngestedAt.IsZero() {
			t.Errorf("source %s has no ingestion time", srcs[i].URL)
		}
		srcs[i].IngestedAt = time.Time{}
	}
	return srcs
}

func sourceAssertions(t *testing.T, s *Store, src ID) []Assertion {
	t.Helper()
	as, err := s.SourceAssertions(testCtx, src)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

func allEntities(t *testing.T, s *Store) []Entity {
	t.Helper()
	var out []Entity
	if err := s.ForEachEntity(testCtx, func(e Entity) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// matchEverything pages through Match of the empty pattern.
func matchEverything(t *testing.T, s *Store) []Triple {
	t.Helper()
	var out []Triple
	page := PageRequest{First: 7}
	for {
		tp, err := s.Match(testCtx, Pattern{}, page)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, tp.Triples...)
		if !tp.HasNext {
			return out
		}
		page.After = tp.EndCursor
	}
}

// sameSorted checks that got and want hold the same items, each rendered
// with %+v, in any order.
func sameSorted[T any](t *testing.T, what string, got, want []T) {
	t.Helper()
	render := func(xs []T) []string {
		out := make([]string, len(xs))
		for i, x := range xs {
			out[i] = fmt.Sprintf("%+v", x)
		}
		slices.Sort(out)
		return out
	}
	g, w := render(got), render(want)
	if !slices.Equal(g, w) {
		t.Errorf("%s:\n%s\nwant\n%s", what, strings.Join(g, "\n"), strings.Join(w, "\n"))
	}
	if len(w) == 0 {
		t.Errorf("%s: the reference holds none", what)
	}
}
