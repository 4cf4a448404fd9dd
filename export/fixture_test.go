package export

import (
	"context"
	"os"
	"slices"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
)

// requireAll reports whether optional tests must run (CI sets it).
func requireAll() bool { return os.Getenv("GOVKG_REQUIRE_ALL") == "1" }

// skipOptional skips a test that needs something absent, or fails it when
// GOVKG_REQUIRE_ALL=1.
func skipOptional(t testing.TB, why string) {
	t.Helper()
	if requireAll() {
		t.Fatalf("GOVKG_REQUIRE_ALL=1 but %s", why)
	}
	t.Skip(why)
}

// openStore opens a fresh store on disk in a temporary directory.
func openStore(t testing.TB) *graph.Store {
	t.Helper()
	s, err := graph.Open(graph.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// fixture is an invented graph with the awkward cases an export must
// carry: Vietnamese names with diacritics, quotes, backslashes, tabs and
// newlines in names and sentences, one fact asserted by two sources, dates
// of every precision, attributes whose keys are not IRI-safe, and an
// entity that a source mentions without asserting anything about it.
type fixture struct {
	person, deputy, ministry, party, council   graph.Entity
	resolution, decree, programme, event, city graph.Entity
	position, lonely                           graph.Entity
	srcA, srcB, srcC                           graph.Source
	batches                                    []graph.Batch
}

func ent(t graph.EntityType, name string, aliases []string, attrs map[string]string) graph.Entity {
	key := graph.Key(t, name)
	if sym, ok := attrs["symbol"]; ok {
		key = graph.DocumentKey(t, sym, "")
	}
	return graph.Entity{ID: graph.NewID(key), Type: t, Name: name, Aliases: aliases, Attrs: attrs}
}

func newFixture() *fixture {
	f := &fixture{}
	f.person = ent(graph.Person, "Nguyễn Văn Thử", []string{"Nguyen Van Thu", "Anh \"Thử\" Nguyễn"}, nil)
	f.deputy = ent(graph.Person, "Trần Thị Mẫu", nil, map[string]string{"ghi chú/note": "phó \\ trưởng ban", "born": "1970"})
	f.ministry = ent(graph.Organization, "Bộ Kiểm thử", []string{"MOT", "Ministry of Testing"}, nil)
	f.party = ent(graph.Organization, "Đảng ủy Kiểm thử Trung ương", []string{"ĐUKT"}, nil)
	f.council = ent(graph.Organization, "Hội đồng <Thẩm định> & Tư vấn", nil, nil)
	f.resolution = ent(graph.Resolution, "Nghị quyết 77-NQ/ĐUKT", nil, map[string]string{"symbol": "77-NQ/ĐUKT"})
	f.decree = ent(graph.Decree, "Nghị định 05/2021/NĐ-CP", []string{"Decree 05/2021/ND-CP"}, map[string]string{"symbol": "05/2021/NĐ-CP"})
	f.programme = ent(graph.Programme, "Đề án 99 về chuyển đổi số", []string{"Project 99"}, nil)
	f.event = ent(graph.Event, "Hội nghị \"Kiểm thử\" toàn quốc lần thứ 7", nil, nil)
	f.city = ent(graph.Place, "Thành phố Thử Nghiệm", nil, nil)
	f.position = ent(graph.Position, "Bộ trưởng Bộ Kiểm thử", nil, nil)
	f.lonely = ent(graph.Place, "Xã Cô Đơn", []string{"Co Don\tcommune"}, nil)

	ingested := time.Date(2024, 5, 6, 7, 8, 9, 123456789, time.UTC)
	f.srcA = graph.Source{ID: graph.SourceID("https://example.test/tin-tuc/1"), Title: "Bộ Kiểm thử triển khai \"Nghị quyết 77\"",
		URL: "https://example.test/tin-tuc/1", Hash: "aa11", Date: "2021-03-04", IngestedAt: ingested}
	f.srcB = graph.Source{ID: graph.SourceID("/data/curated/seed.yaml"), Title: "curated seed", URL: "/data/curated/seed.yaml",
		Hash: "bb22", Date: "2022-11-30T08:15:00+07:00", IngestedAt: ingested.Add(time.Hour)}
	f.srcC = graph.Source{ID: graph.SourceID("urn:sha256:cc33"), Hash: "cc33", IngestedAt: ingested.Add(2 * time.Hour)}

	date := func(s string) graph.Value {
		v, err := graph.DateValue(s)
		if err != nil {
			panic(err)
		}
		return v
	}
	as := func(src graph.Source, s graph.Entity, p graph.Predicate, o graph.Value, sentence, rule string, start, end int, conf float64) graph.Assertion {
		return graph.Assertion{
			Triple:     graph.Triple{Subject: s.ID, Predicate: p, Object: o},
			Provenance: graph.Provenance{Source: src.ID, Sentence: sentence, Start: start, End: end, Rule: rule, Confidence: conf},
		}
	}
	e := graph.EntityValue
	s1 := "Ngày 4/3, Bộ Kiểm thử đã ban hành kế hoạch thực hiện \"Nghị quyết 77-NQ/ĐUKT\".\nĐề án 99 được phê duyệt."
	s2 := "Ông Nguyễn Văn Thử, Bộ trưởng, chủ trì hội nghị tại Thành phố Thử Nghiệm\t(trực tuyến) \\ trực tiếp."
	f.batches = []graph.Batch{
		{
			Source:   f.srcA,
			Entities: []graph.Entity{f.person, f.ministry, f.party, f.resolution, f.programme, f.event, f.city, f.position},
			Assertions: []graph.Assertion{
				as(f.srcA, f.resolution, graph.IssuedBy, e(f.party.ID), s1, "doc-issuer", 0, 52, 0.9),
				as(f.srcA, f.resolution, graph.IssuedOn, date("2019-09-05"), s1, "doc-date", 5, 9, 0.75),
				as(f.srcA, f.programme, graph.Implements, e(f.resolution.ID), s1, "implements-under", 40, 90, 0.8),
				as(f.srcA, f.programme, graph.ApprovedBy, e(f.ministry.ID), s1, "approved", 60, 95, 1),
				as(f.srcA, f.person, graph.Chairs, e(f.event.ID), s2, "chairs", 0, 48, 0.6),
				as(f.srcA, f.event, graph.HeldIn, e(f.city.ID), s2, "held-in", 49, 80, 0.55),
				as(f.srcA, f.event, graph.HeldOn, date("2021-03"), s2, "held-on", 0, 10, 0.5),
				as(f.srcA, f.person, graph.HoldsPosition, e(f.position.ID), s2, "title", 0, 30, 0.95),
				as(f.srcA, f.person, graph.Leads, e(f.ministry.ID), s2, "", 0, 0, 0),
			},
		},
		{
			Source:   f.srcB,
			Entities: []graph.Entity{f.person, f.deputy, f.ministry, f.council, f.resolution, f.decree, f.programme},
			Assertions: []graph.Assertion{
				// The same fact as source A, with its own provenance.
				as(f.srcB, f.programme, graph.Implements, e(f.resolution.ID), "", "curated", 0, 0, 1),
				as(f.srcB, f.decree, graph.IssuedOn, date("2021"), "", "curated", 0, 0, 1),
				as(f.srcB, f.decree, graph.Implements, e(f.resolution.ID), "", "curated", 0, 0, 1),
				as(f.srcB, f.decree, graph.SignedBy, e(f.deputy.ID), "", "curated", 0, 0, 1),
				as(f.srcB, f.deputy, graph.MemberOf, e(f.council.ID), "", "curated", 0, 0, 1),
				as(f.srcB, f.council, graph.PartOf, e(f.ministry.ID), "", "curated", 0, 0, 1),
				as(f.srcB, f.person, graph.MemberOf, e(f.party.ID), "", "curated", 0, 0, 1),
			},
		},
		{
			Source:     f.srcC,
			Entities:   []graph.Entity{f.lonely},
			Assertions: nil,
		},
	}
	return f
}

// load applies the fixture to a fresh store.
func (f *fixture) load(t testing.TB) *graph.Store {
	t.Helper()
	s := openStore(t)
	if _, err := s.ApplyAll(context.Background(), f.batches); err != nil {
		t.Fatalf("load fixture: %v", err)
	}
	return s
}

// distinctTriples counts the fixture's distinct triples.
func (f *fixture) distinctTriples() int {
	seen := map[graph.Triple]bool{}
	for _, b := range f.batches {
		for _, a := range b.Assertions {
			seen[a.Triple] = true
		}
	}
	return len(seen)
}

func (f *fixture) entities() []graph.Entity {
	return []graph.Entity{f.person, f.deputy, f.ministry, f.party, f.council, f.resolution, f.decree, f.programme, f.event, f.city, f.position, f.lonely}
}

// snapshot is everything a store holds, for before/after comparisons.
type snapshot struct {
	stats    graph.Stats
	triples  []graph.Triple
	entities []graph.Entity
	sources  []graph.Source
}

func takeSnapshot(t testing.TB, s *graph.Store) snapshot {
	t.Helper()
	ctx := context.Background()
	var sn snapshot
	var err error
	if sn.stats, err = s.Stats(ctx); err != nil {
		t.Fatal(err)
	}
	if err := s.ForEachTriple(ctx, func(tr graph.Triple) error { sn.triples = append(sn.triples, tr); return nil }); err != nil {
		t.Fatal(err)
	}
	if err := s.ForEachEntity(ctx, func(e graph.Entity) error { sn.entities = append(sn.entities, e); return nil }); err != nil {
		t.Fatal(err)
	}
	if sn.sources, err = s.Sources(ctx); err != nil {
		t.Fatal(err)
	}
	// The store orders triples by its own predicate codes, which depend on
	// the order predicates first arrived: compare in a canonical order.
	slices.SortFunc(sn.triples, compareTriples)
	return sn
}

func (a snapshot) equal(b snapshot) bool {
	return a.stats.Entities == b.stats.Entities && a.stats.Triples == b.stats.Triples && a.stats.Sources == b.stats.Sources &&
		slices.Equal(a.triples, b.triples) &&
		slices.EqualFunc(a.entities, b.entities, entityEqual) &&
		slices.EqualFunc(a.sources, b.sources, func(x, y graph.Source) bool { return x == y })
}

func entityEqual(x, y graph.Entity) bool {
	if x.ID != y.ID || x.Type != y.Type || x.Name != y.Name || !slices.Equal(x.Aliases, y.Aliases) || len(x.Attrs) != len(y.Attrs) {
		return false
	}
	for k, v := range x.Attrs {
		if y.Attrs[k] != v {
			return false
		}
	}
	return true
}
