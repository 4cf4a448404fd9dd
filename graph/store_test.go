package graph

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
)

// openTemp opens a store on disk in a fresh temporary directory, with a
// memtable of 8 MB (Badger's 64 MB default makes opening slow, and the
// tests hold little).
func openTemp(t testing.TB) *Store {
	t.Helper()
	s, err := Open(Options{Dir: t.TempDir(), memTableSize: 8 << 20})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// The cast of the tests: names written for these tests.
var (
	eToLam   = person("Tô Lâm")
	eMPS     = org("Bộ Công an", "MPS", "Ministry of Public Security")
	eGov     = org("Chính phủ", "Government")
	ePolit   = org("Bộ Chính trị", "Politburo")
	eMinPos  = Entity{ID: NewID(Key(Position, "Bộ trưởng Bộ Công an")), Type: Position, Name: "Bộ trưởng Bộ Công an"}
	eRes12   = doc(Resolution, "12-NQ/TW", "bo chinh tri")
	eDec01   = doc(Decree, "01/2018/NĐ-CP", "")
	eProj06  = Entity{ID: NewID(Key(Programme, "Đề án 06")), Type: Programme, Name: "Đề án 06", Aliases: []string{"Project 06"}}
	eHanoi   = Entity{ID: NewID(Key(Place, "Hà Nội")), Type: Place, Name: "Hà Nội", Aliases: []string{"Hanoi"}}
	eConf77  = Entity{ID: NewID(Key(Event, "Hội nghị Công an toàn quốc lần thứ 77")), Type: Event, Name: "Hội nghị Công an toàn quốc lần thứ 77"}
	srcA     = source("https://example.test/a", "hash-a1")
	srcB     = source("https://example.test/b", "hash-b1")
	testCtx  = context.Background()
	allCasts = []Entity{eToLam, eMPS, eGov, ePolit, eMinPos, eRes12, eDec01, eProj06, eHanoi, eConf77}
)

func person(name string, aliases ...string) Entity {
	return Entity{ID: NewID(Key(Person, name)), Type: Person, Name: name, Aliases: aliases}
}

func org(name string, aliases ...string) Entity {
	return Entity{ID: NewID(Key(Organization, name)), Type: Organization, Name: name, Aliases: aliases}
}

func doc(t EntityType, symbol, qualifier string) Entity {
	return Entity{ID: NewID(DocumentKey(t, symbol, qualifier)), Type: t, Name: string(t) + " " + symbol,
		Attrs: map[string]string{"symbol": symbol}}
}

func source(url, hash string) Source {
	return Source{ID: SourceID(url), URL: url, Title: "Test article " + url, Hash: hash, Date: "2024-05-01"}
}

func assert(src Source, s Entity, p Predicate, o Value) Assertion {
	return Assertion{
		Triple:     Triple{Subject: s.ID, Predicate: p, Object: o},
		Provenance: Provenance{Source: src.ID, Sentence: fmt.Sprintf("%s %s %s.", s.Name, p, o), Rule: "test", Confidence: 0.9, End: 10},
	}
}

func mustDate(s string) Value {
	v, err := DateValue(s)
	if err != nil {
		panic(err)
	}
	return v
}

// batchA: a first article.
func batchA() Batch {
	return Batch{
		Source:   srcA,
		Entities: []Entity{eToLam, eMPS, eMinPos, eRes12, ePolit, eProj06, eGov},
		Assertions: []Assertion{
			assert(srcA, eToLam, HoldsPosition, EntityValue(eMinPos.ID)),
			assert(srcA, eToLam, Leads, EntityValue(eMPS.ID)),
			assert(srcA, eRes12, IssuedBy, EntityValue(ePolit.ID)),
			assert(srcA, eRes12, IssuedOn, mustDate("2019-03-05")),
			assert(srcA, eProj06, ApprovedBy, EntityValue(eGov.ID)),
		},
	}
}

// batchB: a second article repeating one fact of A and adding others.
func batchB() Batch {
	return Batch{
		Source:   srcB,
		Entities: []Entity{eToLam, eMPS, eConf77, eHanoi, eDec01},
		Assertions: []Assertion{
			assert(srcB, eToLam, Leads, EntityValue(eMPS.ID)),
			assert(srcB, eToLam, Chairs, EntityValue(eConf77.ID)),
			assert(srcB, eConf77, HeldIn, EntityValue(eHanoi.ID)),
			assert(srcB, eConf77, HeldOn, mustDate("2022-01-01")),
			assert(srcB, eDec01, IssuedOn, mustDate("2018-01-01")),
		},
	}
}

func mustApply(t testing.TB, s *Store, b Batch) ApplyResult {
	t.Helper()
	r, err := s.Apply(testCtx, b)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func mustCheck(t testing.TB, s *Store) {
	t.Helper()
	rep, err := s.Check(testCtx)
	if err != nil {
		t.Fatal(err)
	}
	if !rep.OK() {
		t.Fatalf("check found %d problems:\n%s", len(rep.Problems), strings.Join(rep.Problems, "\n"))
	}
}

// allTriples lists every triple through ForEachTriple, rendered.
func allTriples(t testing.TB, s *Store) []string {
	t.Helper()
	var out []string
	if err := s.ForEachTriple(testCtx, func(tr Triple) error {
		out = append(out, tripleString(tr))
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func tripleString(tr Triple) string {
	return fmt.Sprintf("%s %s %s:%s", tr.Subject, tr.Predicate, tr.Object.Kind, tr.Object)
}

// matchAll pages through every match of pat with pages of size n.
func matchAll(t testing.TB, s *Store, pat Pattern, n int) []string {
	t.Helper()
	var out []string
	page := PageRequest{First: n}
	for i := 0; ; i++ {
		tp, err := s.Match(testCtx, pat, page)
		if err != nil {
			t.Fatal(err)
		}
		if len(tp.Triples) > n {
			t.Fatalf("page of %d triples, asked for %d", len(tp.Triples), n)
		}
		for _, tr := range tp.Triples {
			out = append(out, tripleString(tr))
		}
		if !tp.HasNext {
			break
		}
		if i > 100000 {
			t.Fatal("paging does not end")
		}
		page.After = tp.EndCursor
	}
	return out
}

// dump renders every key and value of the store, to see that nothing
// changed.
func dump(t testing.TB, s *Store) string {
	t.Helper()
	var b strings.Builder
	err := s.DB().View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			fmt.Fprintf(&b, "%x=%x\n", it.Item().Key(), v)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return b.String()
}

func TestStoreScenarios(t *testing.T) {
	tests := []struct {
		name string
		run  func(t *testing.T, s *Store)
	}{
		{"apply stores entities, triples, provenance and source", func(t *testing.T, s *Store) {
			r := mustApply(t, s, batchA())
			want := ApplyResult{Source: srcA.ID, NewEntities: 7, Entities: 7, Added: 5, Assertions: 5}
			if r != want {
				t.Fatalf("result %+v, want %+v", r, want)
			}
			e, err := s.Entity(testCtx, eMPS.ID)
			if err != nil {
				t.Fatal(err)
			}
			if e.Name != "Bộ Công an" || !slices.Equal(e.Aliases, []string{"MPS", "Ministry of Public Security"}) || e.Type != Organization {
				t.Fatalf("entity %+v", e)
			}
			if e, _ := s.Entity(testCtx, eRes12.ID); e.Attrs["symbol"] != "12-NQ/TW" {
				t.Fatalf("attrs %v", e.Attrs)
			}
			if _, err := s.Entity(testCtx, eHanoi.ID); !errors.Is(err, ErrNotFound) {
				t.Fatalf("missing entity: %v", err)
			}
			got := matchAll(t, s, Pattern{Subject: eToLam.ID}, 10)
			if len(got) != 2 {
				t.Fatalf("out-edges of To Lam: %v", got)
			}
			prov, err := s.Provenance(testCtx, Triple{Subject: eRes12.ID, Predicate: IssuedOn, Object: mustDate("2019-03-05")})
			if err != nil || len(prov) != 1 || prov[0].Source != srcA.ID || prov[0].Rule != "test" || prov[0].Confidence != 0.9 {
				t.Fatalf("provenance %+v, %v", prov, err)
			}
			src, err := s.Source(testCtx, srcA.ID)
			if err != nil || src.Triples != 5 || src.Hash != "hash-a1" || src.URL != srcA.URL || src.IngestedAt.IsZero() {
				t.Fatalf("source %+v, %v", src, err)
			}
			as, err := s.SourceAssertions(testCtx, srcA.ID)
			if err != nil || len(as) != 5 {
				t.Fatalf("assertions %d, %v", len(as), err)
			}
			for _, a := range as {
				if a.Provenance.Source != srcA.ID || a.Sentence == "" {
					t.Fatalf("assertion %+v", a)
				}
			}
			ids, err := s.EntitySources(testCtx, eToLam.ID)
			if err != nil || !slices.Equal(ids, []ID{srcA.ID}) {
				t.Fatalf("entity sources %v, %v", ids, err)
			}
			byID, err := s.EntitiesByID(testCtx, []ID{eGov.ID, eHanoi.ID, eToLam.ID})
			if err != nil || byID[0] == nil || byID[0].Name != "Chính phủ" || byID[1] != nil || byID[2] == nil || byID[2].ID != eToLam.ID {
				t.Fatalf("entities by ID %v, %v", byID, err)
			}
		}},
		{"re-applying the same hash is unchanged and writes nothing", func(t *testing.T, s *Store) {
			mustApply(t, s, batchA())
			before := dump(t, s)
			r := mustApply(t, s, batchA())
			if !r.Unchanged || r.Assertions != 5 || r.Added != 0 {
				t.Fatalf("result %+v", r)
			}
			if dump(t, s) != before {
				t.Fatal("an unchanged source changed the store")
			}
		}},
		{"a changed source replaces its assertions and drops what only it mentioned", func(t *testing.T, s *Store) {
			mustApply(t, s, batchA())
			b := batchA()
			b.Source.Hash = "hash-a2"
			b.Entities = []Entity{eToLam, eMPS, eRes12, ePolit}
			b.Assertions = []Assertion{
				assert(srcA, eToLam, Leads, EntityValue(eMPS.ID)),
				assert(srcA, eRes12, IssuedBy, EntityValue(ePolit.ID)),
				assert(srcA, eToLam, MemberOf, EntityValue(ePolit.ID)),
			}
			r := mustApply(t, s, b)
			want := ApplyResult{Source: srcA.ID, Replaced: true, Entities: 4, Added: 1, Removed: 3, Assertions: 3}
			if r != want {
				t.Fatalf("result %+v, want %+v", r, want)
			}
			for _, gone := range []Entity{eMinPos, eProj06, eGov} {
				if _, err := s.Entity(testCtx, gone.ID); !errors.Is(err, ErrNotFound) {
					t.Errorf("%s should be gone: %v", gone.Name, err)
				}
			}
			if n := len(allTriples(t, s)); n != 3 {
				t.Fatalf("%d triples, want 3", n)
			}
			if src, _ := s.Source(testCtx, srcA.ID); src.Triples != 3 || src.Hash != "hash-a2" {
				t.Fatalf("source %+v", src)
			}
		}},
		{"retract removes the source, its triples and orphaned entities", func(t *testing.T, s *Store) {
			mustApply(t, s, batchA())
			mustApply(t, s, batchB())
			n, err := s.Retract(testCtx, srcA.ID)
			if err != nil || n != 5 {
				t.Fatalf("retract: %d, %v", n, err)
			}
			if _, err := s.Source(testCtx, srcA.ID); !errors.Is(err, ErrNotFound) {
				t.Fatalf("source after retract: %v", err)
			}
			if _, err := s.Retract(testCtx, srcA.ID); !errors.Is(err, ErrNotFound) {
				t.Fatalf("second retract: %v", err)
			}
			// To Lam and MPS stay (B mentions them), the shared edge stays with one source.
			if _, err := s.Entity(testCtx, eToLam.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Entity(testCtx, eRes12.ID); !errors.Is(err, ErrNotFound) {
				t.Fatalf("resolution 12 should be gone: %v", err)
			}
			prov, err := s.Provenance(testCtx, Triple{Subject: eToLam.ID, Predicate: Leads, Object: EntityValue(eMPS.ID)})
			if err != nil || len(prov) != 1 || prov[0].Source != srcB.ID {
				t.Fatalf("provenance %+v, %v", prov, err)
			}
			if n := len(allTriples(t, s)); n != 5 {
				t.Fatalf("%d triples, want 5", n)
			}
			if _, err := s.Retract(testCtx, srcB.ID); err != nil {
				t.Fatal(err)
			}
			st, _ := s.Stats(testCtx)
			if st.Triples != 0 || st.Entities != 0 || st.Sources != 0 || len(st.ByType) != 0 || len(st.ByPredicate) != 0 {
				t.Fatalf("stats of an emptied store %+v", st)
			}
		}},
		{"the same fact from two sources is one edge with two provenances", func(t *testing.T, s *Store) {
			mustApply(t, s, batchA())
			r := mustApply(t, s, batchB())
			if r.Added != 4 {
				t.Fatalf("B added %d triples, want 4 (one is shared)", r.Added)
			}
			leads := matchAll(t, s, Pattern{Subject: eToLam.ID, Predicate: Leads}, 10)
			if len(leads) != 1 {
				t.Fatalf("leads edges %v", leads)
			}
			prov, err := s.Provenance(testCtx, Triple{Subject: eToLam.ID, Predicate: Leads, Object: EntityValue(eMPS.ID)})
			if err != nil || len(prov) != 2 {
				t.Fatalf("provenance %+v, %v", prov, err)
			}
			got := []ID{prov[0].Source, prov[1].Source}
			if !slices.Contains(got, srcA.ID) || !slices.Contains(got, srcB.ID) {
				t.Fatalf("provenance sources %v", got)
			}
			ids, _ := s.EntitySources(testCtx, eMPS.ID)
			if len(ids) != 2 {
				t.Fatalf("MPS sources %v", ids)
			}
		}},
		{"lookup folds case and diacritics; aliases merge", func(t *testing.T, s *Store) {
			mustApply(t, s, batchA())
			for _, q := range []string{"tô lâm", "TO LAM", "To  Lam", "Tô Lâm"} {
				got, err := s.Lookup(testCtx, q)
				if err != nil || len(got) != 1 || got[0].ID != eToLam.ID {
					t.Fatalf("lookup %q: %v, %v", q, got, err)
				}
			}
			if got, _ := s.Lookup(testCtx, "ministry of public security"); len(got) != 1 || got[0].ID != eMPS.ID {
				t.Fatalf("lookup by alias: %v", got)
			}
			if got, _ := s.Lookup(testCtx, "to"); len(got) != 0 {
				t.Fatalf("lookup of a partial name: %v", got)
			}
			// An ASCII spelling of a stored name is an alias, not a new display name.
			b := batchB()
			b.Entities[1] = org("Bo Cong an", "Bộ CA")
			b.Entities[1].ID = eMPS.ID
			mustApply(t, s, b)
			e, _ := s.Entity(testCtx, eMPS.ID)
			if e.Name != "Bộ Công an" || !slices.Contains(e.Aliases, "Bo Cong an") || !slices.Contains(e.Aliases, "Bộ CA") {
				t.Fatalf("merged %+v", e)
			}
			if got, _ := s.Lookup(testCtx, "bo ca"); len(got) != 1 {
				t.Fatalf("lookup of a merged alias: %v", got)
			}
		}},
		{"a name with diacritics replaces a stored one without", func(t *testing.T, s *Store) {
			plain := person("Pham Minh Chinh")
			b := Batch{Source: srcA, Entities: []Entity{plain}}
			mustApply(t, s, b)
			fancy := plain
			fancy.Name = "Phạm Minh Chính"
			mustApply(t, s, Batch{Source: srcB, Entities: []Entity{fancy}})
			e, _ := s.Entity(testCtx, plain.ID)
			if e.Name != "Phạm Minh Chính" || !slices.Equal(e.Aliases, []string{"Pham Minh Chinh"}) {
				t.Fatalf("merged %+v", e)
			}
		}},
		{"prefix lookup in folded-name order, by type", func(t *testing.T, s *Store) {
			mustApply(t, s, batchA())
			mustApply(t, s, batchB())
			got, err := s.LookupPrefix(testCtx, "BỘ", nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, e := range got {
				names = append(names, e.Name)
			}
			want := []string{"Bộ Chính trị", "Bộ Công an", "Bộ trưởng Bộ Công an"}
			if !slices.Equal(names, want) {
				t.Fatalf("prefix bo: %v, want %v", names, want)
			}
			got, _ = s.LookupPrefix(testCtx, "bo", []EntityType{Position}, 0)
			if len(got) != 1 || got[0].ID != eMinPos.ID {
				t.Fatalf("prefix bo, positions: %v", got)
			}
			got, _ = s.LookupPrefix(testCtx, "", nil, 2)
			if len(got) != 2 {
				t.Fatalf("limit 2: %d", len(got))
			}
			if _, err := s.LookupPrefix(testCtx, "x", []EntityType{"Animal"}, 1); !errors.Is(err, ErrInvalid) {
				t.Fatalf("unknown type: %v", err)
			}
		}},
		{"entities of a type, paged", func(t *testing.T, s *Store) {
			mustApply(t, s, batchA())
			mustApply(t, s, batchB())
			var all []string
			page := PageRequest{First: 3}
			for {
				p, err := s.EntitiesOfType(testCtx, "", page)
				if err != nil {
					t.Fatal(err)
				}
				for _, e := range p.Entities {
					all = append(all, e.Name)
				}
				if !p.HasNext {
					break
				}
				page.After = p.EndCursor
			}
			if len(all) != len(allCasts) {
				t.Fatalf("%d entities: %v", len(all), all)
			}
			orgs, err := s.EntitiesOfType(testCtx, Organization, PageRequest{})
			if err != nil || len(orgs.Entities) != 3 || orgs.HasNext {
				t.Fatalf("organizations %+v, %v", orgs, err)
			}
			if _, err := s.EntitiesOfType(testCtx, Organization, PageRequest{After: page.After}); !errors.Is(err, ErrInvalid) {
				t.Fatalf("a cursor of another listing: %v", err)
			}
		}},
		{"stats come from counters", func(t *testing.T, s *Store) {
			mustApply(t, s, batchA())
			mustApply(t, s, batchB())
			st, err := s.Stats(testCtx)
			if err != nil {
				t.Fatal(err)
			}
			if st.Triples != 9 || st.Sources != 2 || st.Entities != len(allCasts) {
				t.Fatalf("stats %+v", st)
			}
			if st.ByType[Organization] != 3 || st.ByType[Person] != 1 || st.ByPredicate[Leads] != 1 || st.ByPredicate[IssuedOn] != 2 {
				t.Fatalf("stats by type/predicate %+v", st)
			}
			sources, err := s.Sources(testCtx)
			if err != nil || len(sources) != 2 {
				t.Fatalf("sources %v, %v", sources, err)
			}
		}},
		{"apply all batches several per transaction", func(t *testing.T, s *Store) {
			a2 := batchA()
			a2.Source.Hash = "hash-a2"
			a2.Assertions = a2.Assertions[:2]
			rs, err := s.ApplyAll(testCtx, []Batch{batchA(), batchB(), batchA(), a2})
			if err != nil {
				t.Fatal(err)
			}
			if len(rs) != 4 || rs[0].Added != 5 || rs[1].Added != 4 || !rs[2].Unchanged || !rs[3].Replaced || rs[3].Removed != 3 {
				t.Fatalf("results %+v", rs)
			}
			if n := len(allTriples(t, s)); n != 6 {
				t.Fatalf("%d triples", n)
			}
		}},
		{"apply all stops at an invalid batch and keeps the ones before", func(t *testing.T, s *Store) {
			bad := batchB()
			bad.Assertions[0].Predicate = "likes"
			rs, err := s.ApplyAll(testCtx, []Batch{batchA(), bad})
			if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "batch 1 of 2") || len(rs) != 1 {
				t.Fatalf("results %v, err %v", rs, err)
			}
			if _, err := s.Source(testCtx, srcA.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := s.Source(testCtx, srcB.ID); !errors.Is(err, ErrNotFound) {
				t.Fatalf("the invalid batch was stored: %v", err)
			}
		}},
		{"duplicate assertions in one batch are one", func(t *testing.T, s *Store) {
			b := batchA()
			b.Assertions = append(b.Assertions, b.Assertions[0], b.Assertions[1])
			b.Entities = append(b.Entities, eToLam)
			r := mustApply(t, s, b)
			if r.Assertions != 5 || r.Added != 5 || r.Entities != 7 {
				t.Fatalf("result %+v", r)
			}
		}},
		{"assertions may name stored entities without repeating them", func(t *testing.T, s *Store) {
			mustApply(t, s, batchA())
			b := Batch{Source: srcB, Assertions: []Assertion{assert(srcB, eToLam, MemberOf, EntityValue(ePolit.ID))}}
			mustApply(t, s, b)
			if _, err := s.Retract(testCtx, srcA.ID); err != nil {
				t.Fatal(err)
			}
			// B's triple still stands on entities that B now keeps alive.
			if _, err := s.Entity(testCtx, ePolit.ID); err != nil {
				t.Fatal(err)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t)
			tc.run(t, s)
			mustCheck(t, s)
		})
	}
}

func TestApplyInvalid(t *testing.T) {
	long := strings.Repeat("ô", MaxNameLen)
	tests := []struct {
		name   string
		mutate func(b *Batch)
		want   string // in the message
	}{
		{"unknown entity type", func(b *Batch) { b.Entities[0].Type = "Animal" }, `unknown entity type "Animal"`},
		{"unknown predicate", func(b *Batch) { b.Assertions[2].Predicate = "likes" }, `assertion 2`},
		{"signature: a person cannot be issued by", func(b *Batch) {
			b.Assertions[0].Predicate = IssuedBy
		}, "issued_by does not join a Person to a Position"},
		{"signature: a literal where an entity belongs", func(b *Batch) {
			b.Assertions[1].Object = StringValue("the ministry")
		}, "leads does not join a Person to a string literal"},
		{"over-long name", func(b *Batch) { b.Entities[1].Name = long }, "at most 1024"},
		{"over-long alias", func(b *Batch) { b.Entities[1].Aliases = []string{long} }, "at most 1024"},
		{"name without letters", func(b *Batch) { b.Entities[1].Name = " -- " }, "no letters or digits"},
		{"subject neither in batch nor store", func(b *Batch) { b.Entities = b.Entities[1:] }, "assertion 0"},
		{"object neither in batch nor store", func(b *Batch) {
			b.Assertions[0].Object = EntityValue(NewID("position:nobody"))
		}, "object: invalid: entity"},
		{"provenance of another source", func(b *Batch) { b.Assertions[3].Provenance.Source = srcB.ID }, "provenance names source"},
		{"confidence out of range", func(b *Batch) { b.Assertions[3].Confidence = 1.5 }, "confidence 1.5"},
		{"bad date literal", func(b *Batch) { b.Assertions[3].Object = Value{Kind: KindDate, Text: "5/3/2019"} }, "not an ISO 8601 date"},
		{"over-long literal", func(b *Batch) {
			b.Assertions[4].Predicate = ReportsOn
			b.Assertions[4].Object = StringValue(strings.Repeat("x", MaxLiteralLen+1))
		}, "literal of 4097 bytes"},
		{"type differs from the stored one", func(b *Batch) {
			b.Entities[1].Type = Place
		}, "stored as a Organization"},
		{"one entity with two types in a batch", func(b *Batch) {
			e := b.Entities[0]
			e.Type = Place
			b.Entities = append(b.Entities, e)
		}, "both a Person and a Place"},
		{"source without an ID", func(b *Batch) { b.Source.ID = ID{} }, "source has no ID"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t)
			// The stored MPS makes "type differs" testable; the batch under test is another source.
			mustApply(t, s, Batch{Source: srcB, Entities: []Entity{eMPS}})
			before := dump(t, s)
			b := batchA()
			b.Entities = slices.Clone(b.Entities)
			b.Assertions = slices.Clone(b.Assertions)
			tc.mutate(&b)
			_, err := s.Apply(testCtx, b)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("err %v, want ErrInvalid", err)
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("message %q does not say %q", err, tc.want)
			}
			if dump(t, s) != before {
				t.Fatal("a rejected batch changed the store")
			}
			mustCheck(t, s)
		})
	}
}

// TestMatchPagination pages through every bound-combination of a store
// with many triples and checks that every triple comes exactly once.
func TestMatchPagination(t *testing.T) {
	s := openTemp(t)
	ents := []Entity{eMPS, ePolit, eGov}
	var people []Entity
	for i := range 30 {
		people = append(people, person(fmt.Sprintf("Người Thử %d", i)))
	}
	b := Batch{Source: srcA, Entities: append(slices.Clone(ents), people...)}
	for i, p := range people {
		for j, o := range ents {
			if (i+j)%2 == 0 {
				b.Assertions = append(b.Assertions, assert(srcA, p, MemberOf, EntityValue(o.ID)))
			}
			if (i+j)%3 == 0 {
				b.Assertions = append(b.Assertions, assert(srcA, p, Leads, EntityValue(o.ID)))
			}
		}
	}
	mustApply(t, s, b)
	all := allTriples(t, s)
	if len(all) < 50 {
		t.Fatalf("%d triples", len(all))
	}
	o := EntityValue(eMPS.ID)
	patterns := []Pattern{
		{},
		{Subject: people[0].ID},
		{Predicate: MemberOf},
		{Object: &o},
		{Subject: people[0].ID, Predicate: MemberOf},
		{Subject: people[0].ID, Object: &o},
		{Predicate: Leads, Object: &o},
		{Subject: people[0].ID, Predicate: MemberOf, Object: &o},
		{Predicate: Chairs},
	}
	for _, pat := range patterns {
		var want []string
		for _, tr := range all {
			if matches(tr, pat) {
				want = append(want, tr)
			}
		}
		for _, n := range []int{1, 2, 7, 1000} {
			got := matchAll(t, s, pat, n)
			sort.Strings(got)
			sort.Strings(want)
			if !slices.Equal(got, want) {
				t.Fatalf("pattern %+v, pages of %d: got %d triples, want %d", pat, n, len(got), len(want))
			}
		}
	}
	if _, err := s.Match(testCtx, Pattern{Predicate: "likes"}, PageRequest{}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("unknown predicate: %v", err)
	}
	p, _ := s.Match(testCtx, Pattern{Predicate: MemberOf}, PageRequest{First: 2})
	if _, err := s.Match(testCtx, Pattern{Predicate: Leads}, PageRequest{After: p.EndCursor}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("cursor of another pattern: %v", err)
	}
	if _, err := s.Match(testCtx, Pattern{}, PageRequest{After: "!!!"}); !errors.Is(err, ErrInvalid) {
		t.Fatalf("garbage cursor: %v", err)
	}
}

// matches reports whether rendered triple tr (tripleString) fits pat.
func matches(tr string, pat Pattern) bool {
	parts := strings.SplitN(tr, " ", 3)
	if pat.Subject != (ID{}) && parts[0] != pat.Subject.String() {
		return false
	}
	if pat.Predicate != "" && parts[1] != string(pat.Predicate) {
		return false
	}
	if pat.Object != nil && parts[2] != fmt.Sprintf("%s:%s", pat.Object.Kind, pat.Object) {
		return false
	}
	return true
}

func TestOpenErrors(t *testing.T) {
	t.Run("a second open of the same dir says it is locked", func(t *testing.T) {
		dir := t.TempDir()
		s, err := Open(Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		_, err = Open(Options{Dir: dir})
		if err == nil {
			t.Fatal("second open succeeded")
		}
		if msg := err.Error(); !strings.Contains(msg, dir) || !(strings.Contains(msg, "locked") || strings.Contains(msg, "in use")) {
			t.Fatalf("message %q does not say the dir is locked", msg)
		}
	})
	t.Run("garbage files give an error naming the dir", func(t *testing.T) {
		dir := t.TempDir()
		for _, f := range []string{"MANIFEST", "000001.vlog", "000001.sst"} {
			if err := os.WriteFile(filepath.Join(dir, f), bytes.Repeat([]byte("not badger "), 100), 0o600); err != nil {
				t.Fatal(err)
			}
		}
		s, err := Open(Options{Dir: dir})
		if err == nil {
			s.Close()
			t.Fatal("open of a garbage dir succeeded")
		}
		if !strings.Contains(err.Error(), dir) {
			t.Fatalf("message %q does not name %s", err, dir)
		}
		t.Log(err)
	})
	t.Run("a folder of other files is not taken for a store", func(t *testing.T) {
		dir := t.TempDir()
		if err := os.WriteFile(filepath.Join(dir, "notes.txt"), []byte("hello"), 0o600); err != nil {
			t.Fatal(err)
		}
		_, err := Open(Options{Dir: dir})
		if err == nil || !strings.Contains(err.Error(), dir) || !strings.Contains(err.Error(), "no store") {
			t.Fatalf("open of a folder of notes: %v", err)
		}
	})
	t.Run("no dir given", func(t *testing.T) {
		if _, err := Open(Options{}); err == nil {
			t.Fatal("open without a dir succeeded")
		}
	})
	t.Run("read-only open of a missing store", func(t *testing.T) {
		dir := filepath.Join(t.TempDir(), "none")
		if s, err := Open(Options{Dir: dir, ReadOnly: true}); err == nil {
			s.Close()
			t.Fatal("read-only open of nothing succeeded")
		}
	})
}

// orgBatches makes n batches of people joining and leading organizations,
// each from its own source, per assertions each.
func orgBatches(prefix string, n, per int) []Batch {
	orgs := []Entity{eMPS, eGov, ePolit}
	var out []Batch
	for i := 0; i < n; i++ {
		src := source(fmt.Sprintf("test://%s/%d", prefix, i), fmt.Sprintf("h%d", i))
		b := Batch{Source: src, Entities: slices.Clone(orgs)}
		for j := 0; j < per; j++ {
			p := person(fmt.Sprintf("Cán Bộ %d", (i*7+j)%(per*3)))
			b.Entities = append(b.Entities, p)
			pred := MemberOf
			if j%3 == 0 {
				pred = Leads
			}
			b.Assertions = append(b.Assertions, assert(src, p, pred, EntityValue(orgs[(i+j)%3].ID)))
		}
		out = append(out, b)
	}
	return out
}

// TestApplyAllAcrossTransactions loads the same batches three ways: one
// Apply each with Badger's defaults, ApplyAll into a store whose small
// memtable forces many transactions, and ApplyAll with the size estimate
// switched off so that Badger's ErrTxnTooBig forces the replay path. All
// three must agree and check clean.
func TestApplyAllAcrossTransactions(t *testing.T) {
	bs := orgBatches("bulk", 40, 25)
	// Replacements and unchanged repeats along the way.
	again := bs[3]
	changed := bs[5]
	changed.Source.Hash = "changed"
	changed.Assertions = changed.Assertions[:10]
	bs = append(bs, again, changed)

	ref := openTemp(t)
	var want []ApplyResult
	for _, b := range bs {
		want = append(want, mustApply(t, ref, b))
	}
	wantTriples := allTriples(t, ref)
	wantStats, _ := ref.Stats(testCtx)

	for _, tc := range []struct {
		name   string
		budget int64
	}{{"estimate commits early", 0}, {"badger says too big", 1 << 40}} {
		t.Run(tc.name, func(t *testing.T) {
			s, err := Open(Options{Dir: t.TempDir(), memTableSize: 1 << 20})
			if err != nil {
				t.Fatal(err)
			}
			defer s.Close()
			s.txnBudget = tc.budget
			got, err := s.ApplyAll(testCtx, bs)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, want) {
				t.Fatalf("results differ from one Apply each:\n%+v\n%+v", got, want)
			}
			if !slices.Equal(allTriples(t, s), wantTriples) {
				t.Fatal("triples differ from one Apply each")
			}
			if st, _ := s.Stats(testCtx); !reflect.DeepEqual(st, wantStats) {
				t.Fatalf("stats %+v, want %+v", st, wantStats)
			}
			mustCheck(t, s)
		})
	}

	t.Run("a batch too big for one transaction is refused whole", func(t *testing.T) {
		s, err := Open(Options{Dir: t.TempDir(), memTableSize: 1 << 20})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		huge := orgBatches("huge", 1, 3000)[0]
		small := orgBatches("small", 1, 5)[0]
		rs, err := s.ApplyAll(testCtx, []Batch{small, huge})
		if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "more than one transaction holds") || len(rs) != 1 {
			t.Fatalf("results %v, err %v", rs, err)
		}
		if _, err := s.Source(testCtx, small.Source.ID); err != nil {
			t.Fatalf("the small batch before it: %v", err)
		}
		before := dump(t, s)
		if _, err := s.Apply(testCtx, huge); !errors.Is(err, ErrInvalid) {
			t.Fatalf("apply of a huge batch: %v", err)
		}
		if dump(t, s) != before {
			t.Fatal("a refused batch changed the store")
		}
		mustCheck(t, s)
	})
}

// TestCheckFindsDamage breaks one thing at a time behind the store's back
// and expects Check to say what.
func TestCheckFindsDamage(t *testing.T) {
	lamLeads := Triple{Subject: eToLam.ID, Predicate: Leads, Object: EntityValue(eMPS.ID)}
	tests := []struct {
		name   string
		damage func(s *Store, txn *badger.Txn) error
		want   string
	}{
		{"a missing POS key", func(s *Store, txn *badger.Txn) error {
			return txn.Delete(s.nums.posKey(lamLeads.Subject, code(s, Leads), lamLeads.Object))
		}, "has no P key"},
		{"a missing OSP key", func(s *Store, txn *badger.Txn) error {
			return txn.Delete(s.nums.ospKey(lamLeads.Subject, code(s, Leads), lamLeads.Object))
		}, "has no O key"},
		{"a stray OSP key", func(s *Store, txn *badger.Txn) error {
			return txn.Set(s.nums.ospKey(eGov.ID, code(s, Leads), EntityValue(eMPS.ID)), nil)
		}, "has no triple"},
		{"a missing provenance", func(s *Store, txn *badger.Txn) error {
			return txn.Delete(s.nums.sourceKey(srcB.ID, lamLeads.Subject, code(s, Leads), lamLeads.Object))
		}, "which has no provenance for it"},
		{"a triple that forgot a source", func(s *Store, txn *badger.Txn) error {
			return txn.Set(s.nums.spoKey(lamLeads.Subject, code(s, Leads), lamLeads.Object), appendNum(nil, s.nums.of(srcA.ID)))
		}, "the triple does not list source"},
		{"a wrong assertion count", func(s *Store, txn *badger.Txn) error {
			src := srcA
			src.Triples = 4
			return txn.Set(s.nums.sourceRecKey(src.ID), appendSource(nil, &src))
		}, "says it holds 4 assertions, it has 5"},
		{"a missing source record", func(s *Store, txn *badger.Txn) error {
			return txn.Delete(s.nums.sourceRecKey(srcA.ID))
		}, "but no source record"},
		{"a one-sided mention", func(s *Store, txn *badger.Txn) error {
			return txn.Delete(s.nums.mentionByKey(eToLam.ID, srcA.ID))
		}, "but the entity does not list it"},
		{"a mention the source's list lacks", func(s *Store, txn *badger.Txn) error {
			return editMentions(s, txn, srcA.ID, func(ids []ID) []ID {
				return slices.DeleteFunc(ids, func(id ID) bool { return id == eToLam.ID })
			})
		}, "the source's 'u' list lacks it"},
		{"a mentions list out of order", func(s *Store, txn *badger.Txn) error {
			return editMentions(s, txn, srcA.ID, func(ids []ID) []ID {
				slices.Reverse(ids)
				return ids
			})
		}, "out of order"},
		{"a missing entity", func(s *Store, txn *badger.Txn) error {
			return txn.Delete(s.nums.entityKey(eMPS.ID))
		}, "does not exist"},
		{"a missing type key", func(s *Store, txn *badger.Txn) error {
			c, _ := typeCode(Person)
			return txn.Delete(s.nums.typeKey(c, eToLam.ID))
		}, "has no type key"},
		{"a missing name key", func(s *Store, txn *badger.Txn) error {
			return txn.Delete(s.nums.nameKey("mps", eMPS.ID))
		}, `has no name key for "mps"`},
		{"a stray name key", func(s *Store, txn *badger.Txn) error {
			return txn.Set(s.nums.nameKey("bo ngoai giao", eMPS.ID), nil)
		}, "which has no such name"},
		{"a counter off by one", func(s *Store, txn *badger.Txn) error {
			return bumpCounter(txn, counterTriples, 1)
		}, "counter triples is 10, a recount gives 9"},
		{"a number no 'I' key gives", func(s *Store, txn *badger.Txn) error {
			return txn.Delete(numKey(eMPS.ID))
		}, "numbers nothing"},
		{"a number given twice", func(s *Store, txn *badger.Txn) error {
			return txn.Set(numKey(eMPS.ID), appendNum(nil, s.nums.of(eToLam.ID)))
		}, "is given to both"},
		{"an entity nobody mentions", func(s *Store, txn *badger.Txn) error {
			for _, src := range []ID{srcA.ID, srcB.ID} {
				if err := txn.Delete(s.nums.mentionByKey(eToLam.ID, src)); err != nil {
					return err
				}
			}
			return nil
		}, "is mentioned by no source"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t)
			mustApply(t, s, batchA())
			mustApply(t, s, batchB())
			mustCheck(t, s)
			if err := s.DB().Update(func(txn *badger.Txn) error { return tc.damage(s, txn) }); err != nil {
				t.Fatal(err)
			}
			rep, err := s.Check(testCtx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK() {
				t.Fatal("check found nothing")
			}
			found := false
			for _, p := range rep.Problems {
				found = found || strings.Contains(p, tc.want)
			}
			if !found {
				t.Fatalf("no problem says %q:\n%s", tc.want, strings.Join(rep.Problems, "\n"))
			}
		})
	}
}

// code returns the dictionary code of p, which the test store must have.
func code(s *Store, p Predicate) predCode {
	c, ok := s.codeOf(p)
	if !ok {
		panic("no code for " + p)
	}
	return c
}

// TestConcurrentReadsDuringWrites reads while one goroutine writes, new
// predicates included, so that the race detector can see the store's
// shared state (the predicate dictionary above all).
func TestConcurrentReadsDuringWrites(t *testing.T) {
	s := openTemp(t)
	bs := orgBatches("conc", 30, 10)
	done := make(chan error, 1)
	go func() {
		defer close(done)
		for i := range bs {
			if _, err := s.ApplyAll(testCtx, bs[i:i+1]); err != nil {
				done <- err
				return
			}
			if i == 10 {
				if _, err := s.Apply(testCtx, batchB()); err != nil { // brings new predicates
					done <- err
					return
				}
			}
		}
	}()
	reads := 0
	for running := true; running; reads++ {
		select {
		case err, ok := <-done:
			if ok && err != nil {
				t.Fatal(err)
			}
			running = false
		default:
		}
		if _, err := s.Match(testCtx, Pattern{}, PageRequest{First: 50}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Match(testCtx, Pattern{Predicate: Chairs}, PageRequest{}); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Stats(testCtx); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Lookup(testCtx, "bo cong an"); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d rounds of reads during the writes", reads)
	mustCheck(t, s)
}

// editMentions rewrites the 'u' list of source src with what edit makes
// of it.
func editMentions(s *Store, txn *badger.Txn, src ID, edit func([]ID) []ID) error {
	item, err := txn.Get(s.nums.mentionsKey(src))
	if err != nil {
		return err
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return err
	}
	ids, err := s.nums.decodeNumList(v)
	if err != nil {
		return err
	}
	var list []byte
	for _, id := range edit(ids) {
		list = s.nums.appendID(list, id)
	}
	return txn.Set(s.nums.mentionsKey(src), list)
}
