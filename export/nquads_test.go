package export

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/internal/graphtest"
)

func exportString(t testing.TB, s *graph.Store, f Format, opt Options) (string, Counts) {
	t.Helper()
	var buf bytes.Buffer
	c, err := Write(context.Background(), s, f, &buf, opt)
	if err != nil {
		t.Fatalf("export %s: %v", f, err)
	}
	return buf.String(), c
}

// TestNQuadsRoundTrip: export, import into a fresh store, export again:
// the same bytes, and the second store holds what the first held.
func TestNQuadsRoundTrip(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	s1 := f.load(t)
	first, c1 := exportString(t, s1, NQuads, Options{})
	if c1.Entities != len(f.entities()) || c1.Triples != f.distinctTriples() {
		t.Errorf("export counts %+v, want %d entities and %d triples", c1, len(f.entities()), f.distinctTriples())
	}

	s2 := openStore(t)
	c2, err := ImportNQuads(ctx, s2, strings.NewReader(first))
	if err != nil {
		t.Fatalf("import: %v", err)
	}
	if c2 != c1 {
		t.Errorf("import counts %+v, export counts %+v", c2, c1)
	}
	second, _ := exportString(t, s2, NQuads, Options{})
	if first != second {
		t.Fatalf("export → import → export changed the output:\n%s", firstDiff(first, second))
	}
	if a, b := takeSnapshot(t, s1), takeSnapshot(t, s2); !a.equal(b) {
		t.Errorf("the imported store differs:\n%+v\n%+v", a, b)
	}
	rep, err := s2.Check(ctx)
	if err != nil || !rep.OK() {
		t.Errorf("check after import: %v %v", err, rep.Problems)
	}
	// Provenance came back with each source's own details.
	for _, b := range f.batches {
		got, err := s2.SourceAssertions(ctx, b.Source.ID)
		if err != nil {
			t.Fatal(err)
		}
		want, err := s1.SourceAssertions(ctx, b.Source.ID)
		if err != nil {
			t.Fatal(err)
		}
		byTriple := func(a, b graph.Assertion) int { return compareTriples(a.Triple, b.Triple) }
		slices.SortFunc(got, byTriple)
		slices.SortFunc(want, byTriple)
		if len(got) != len(want) {
			t.Fatalf("source %s: %d assertions after import, %d before", b.Source.ID, len(got), len(want))
		}
		for i := range got {
			if got[i] != want[i] {
				t.Errorf("assertion %d of %s: %+v, want %+v", i, b.Source.ID, got[i], want[i])
			}
		}
	}
	// Importing the same export again changes nothing (same hashes).
	if _, err := ImportNQuads(ctx, s2, strings.NewReader(first)); err != nil {
		t.Fatalf("second import: %v", err)
	}
	if third, _ := exportString(t, s2, NQuads, Options{}); third != first {
		t.Errorf("a second import changed the store:\n%s", firstDiff(first, third))
	}
}

// firstDiff shows the first line where a and b differ.
func firstDiff(a, b string) string { return graphtest.FirstDiff(a, b) }

// TestNQuadsContent checks the vocabulary and escaping on the quads
// themselves: every line parses, quads per (triple, source), literals
// typed, provenance in the metadata graph.
func TestNQuadsContent(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	out, _ := exportString(t, s, NQuads, Options{})
	r := newNQReader(strings.NewReader(out))
	graphs := map[string]int{}
	var quads []quad
	for {
		q, err := r.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("the export does not parse: %v", err)
		}
		graphs[q.g.value]++
		quads = append(quads, q)
	}
	// One quad per (triple, source) in the sources' graphs.
	assertions := 0
	for _, b := range f.batches {
		assertions += len(b.Assertions)
		if n := graphs[SourceIRI(b.Source.ID)]; n != len(b.Assertions) {
			t.Errorf("graph of source %s holds %d quads, want %d", b.Source.ID, n, len(b.Assertions))
		}
	}
	prov := EntityIRI(f.programme.ID)
	res := EntityIRI(f.resolution.ID)
	twice := 0
	for _, q := range quads {
		if q.s.value == prov && q.p.value == OntologyNS+"implements" && q.o.value == res {
			twice++
		}
	}
	if twice != 2 {
		t.Errorf("the fact two sources assert appears in %d quads, want 2", twice)
	}
	wantLines := []string{
		// A date literal typed by its precision.
		`<` + res + `> <` + OntologyNS + `issued_on> "2019-09-05"^^<` + xsdDate + `> <` + SourceIRI(f.srcA.ID) + `> .`,
		`<` + EntityIRI(f.event.ID) + `> <` + OntologyNS + `held_on> "2021-03"^^<` + xsdGYearMonth + `> <` + SourceIRI(f.srcA.ID) + `> .`,
		`<` + EntityIRI(f.decree.ID) + `> <` + OntologyNS + `issued_on> "2021"^^<` + xsdGYear + `> <` + SourceIRI(f.srcB.ID) + `> .`,
		// Names with diacritics and quotes, escaped per the grammar.
		`<` + EntityIRI(f.person.ID) + `> <` + skosAltLabel + `> "Anh \"Thử\" Nguyễn" .`,
		`<` + EntityIRI(f.lonely.ID) + `> <` + skosAltLabel + `> "Co Don\tcommune" .`,
		// An attribute key that is not IRI-safe, a backslash in the value.
		`<` + EntityIRI(f.deputy.ID) + `> <` + OntologyNS + `attr_ghi%20ch%C3%BA%2Fnote> "phó \\ trưởng ban" .`,
		// The source records and a mention without an assertion.
		`<` + SourceIRI(f.srcA.ID) + `> <` + dcTitle + `> "Bộ Kiểm thử triển khai \"Nghị quyết 77\""^^<` + xsdString + `> <` + MetaGraph + `> .`,
		`<` + SourceIRI(f.srcB.ID) + `> <` + dcDate + `> "2022-11-30T08:15:00+07:00"^^<` + xsdString + `> <` + MetaGraph + `> .`,
		`<` + SourceIRI(f.srcA.ID) + `> <` + govIngestedAt + `> "2024-05-06T07:08:09.123456789Z"^^<` + xsdDateTime + `> <` + MetaGraph + `> .`,
		`<` + SourceIRI(f.srcC.ID) + `> <` + govMentions + `> <` + EntityIRI(f.lonely.ID) + `> <` + MetaGraph + `> .`,
	}
	for _, l := range wantLines {
		if !strings.Contains(out, l+"\n") {
			t.Errorf("the export lacks\n  %s", l)
		}
	}
	// The sentence with a quote, a newline, a tab and a backslash.
	if !strings.Contains(out, `thực hiện \"Nghị quyết 77-NQ/ĐUKT\".\nĐề án 99`) ||
		!strings.Contains(out, `Thử Nghiệm\t(trực tuyến) \\ trực tiếp.`) {
		t.Errorf("sentences are not escaped as expected")
	}
	// Provenance nodes: one per assertion with rdf:subject.
	if n := strings.Count(out, "> <"+rdfSubject+"> "); n != assertions {
		t.Errorf("%d provenance records, want %d", n, assertions)
	}
}

// TestNQuadsNeighbourhood exports the neighbourhood of one entity: only
// its nodes and the triples among them (with literals), and the export
// imports on its own.
func TestNQuadsNeighbourhood(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	s := f.load(t)
	out, c := exportString(t, s, NQuads, Options{Focus: f.programme.ID, Depth: 1})
	// programme → resolution (implements), ministry (approved_by); decree is
	// two hops away, the city too.
	want := []graph.Entity{f.programme, f.resolution, f.ministry}
	if c.Entities != len(want) {
		t.Errorf("%d entities, want %d", c.Entities, len(want))
	}
	for _, e := range want {
		if !strings.Contains(out, "<"+EntityIRI(e.ID)+"> <"+rdfsLabel+">") {
			t.Errorf("the neighbourhood lacks %s", e.Name)
		}
	}
	for _, e := range []graph.Entity{f.decree, f.city, f.person} {
		if strings.Contains(out, "<"+EntityIRI(e.ID)+"> <"+rdfsLabel+">") {
			t.Errorf("the neighbourhood holds %s, more than one hop away", e.Name)
		}
	}
	// implements, approved_by, and the resolution's issued_on date; not
	// issued_by (the party is two hops away).
	if c.Triples != 3 {
		t.Errorf("%d triples, want 3", c.Triples)
	}
	s2 := openStore(t)
	if _, err := ImportNQuads(ctx, s2, strings.NewReader(out)); err != nil {
		t.Fatalf("import the neighbourhood: %v", err)
	}
	again, _ := exportString(t, s2, NQuads, Options{})
	if again != out {
		t.Errorf("the imported neighbourhood exports differently:\n%s", firstDiff(out, again))
	}
}

// TestAssertionID: the provenance node IDs are UUID v5 and agree with the
// uuid package's own v5 of the same bytes.
func TestAssertionID(t *testing.T) {
	f := newFixture()
	var scratch []byte
	seen := map[graph.ID]bool{}
	for _, b := range f.batches {
		for _, a := range b.Assertions {
			id := assertionID(&scratch, a.Provenance.Source, a.Triple)
			want := uuid.NewSHA1(uuid.NameSpaceURL, scratch[len(uuid.NameSpaceURL):])
			if id != want || id.Version() != 5 {
				t.Errorf("assertionID = %s, want %s (v5)", id, want)
			}
			if seen[id] {
				t.Errorf("assertionID %s twice", id)
			}
			seen[id] = true
		}
	}
}
