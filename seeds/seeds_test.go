package seeds

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
)

// loadKB loads the embedded knowledge base or stops the test.
func loadKB(t *testing.T) *KB {
	t.Helper()
	kb, err := Load()
	if err != nil {
		t.Fatalf("Load: %v", err)
	}
	return kb
}

// readFixtures reads the named files under testdata into a Parse input
// keyed by base name.
func readFixtures(t *testing.T, paths ...string) map[string][]byte {
	t.Helper()
	files := map[string][]byte{}
	for _, p := range paths {
		b, err := os.ReadFile(filepath.Join("testdata", p))
		if err != nil {
			t.Fatal(err)
		}
		files[filepath.Base(p)] = b
	}
	return files
}

func TestEmbeddedDataParsesAndValidates(t *testing.T) {
	kb := loadKB(t)
	ents := kb.Entities()
	facts := kb.Facts()
	if len(ents) < 100 || len(facts) < 100 {
		t.Fatalf("the embedded knowledge base is small: %d entities, %d facts", len(ents), len(facts))
	}
	types := map[graph.ID]graph.EntityType{}
	for _, e := range ents {
		if err := e.Validate(); err != nil {
			t.Errorf("entity %q: %v", e.Name, err)
		}
		if _, dup := types[e.ID]; dup {
			t.Errorf("entity %q: ID %s used twice", e.Name, e.ID)
		}
		types[e.ID] = e.Type
		if e.Type.IsDocument() && e.Attrs["kind"] != string(e.Type) {
			t.Errorf("document %q: kind attribute %q, want %q", e.Name, e.Attrs["kind"], e.Type)
		}
	}
	src := kb.Source()
	for _, a := range facts {
		subj, ok := types[a.Subject]
		if !ok {
			t.Errorf("fact %s: subject %s is not a curated entity", a.Rule, a.Subject)
			continue
		}
		var obj graph.EntityType
		if a.Object.IsEntity() {
			if obj, ok = types[a.Object.Entity]; !ok {
				t.Errorf("fact %s: object %s is not a curated entity", a.Rule, a.Object.Entity)
				continue
			}
		}
		if !graph.SignatureOf(a.Predicate).Accepts(subj, obj, a.Object.Kind) {
			t.Errorf("fact %s: %s does not accept %s → %s/%s", a.Rule, a.Predicate, subj, obj, a.Object.Kind)
		}
		if err := a.Object.Validate(); err != nil {
			t.Errorf("fact %s: %v", a.Rule, err)
		}
		if a.Provenance.Source != src.ID || a.Confidence != 1 || !strings.HasPrefix(a.Rule, "curated:data/") {
			t.Errorf("fact %s: provenance %+v", a.Rule, a.Provenance)
		}
		if !strings.Contains(a.Sentence, "<http") && !strings.Contains(a.Sentence, "[corpus: ") {
			t.Errorf("fact %s: citation %q has neither a URL nor a corpus file", a.Rule, a.Sentence)
		}
	}
	if src.ID != graph.SourceID("govkg:seeds") || src.URL != "govkg:seeds" || src.Title != "govkg curated seeds" {
		t.Errorf("source record %+v", src)
	}
	if len(src.Hash) != 64 {
		t.Errorf("source hash %q is not a hex SHA-256", src.Hash)
	}
}

func TestEmbeddedFactSpansPointAtTheirLines(t *testing.T) {
	kb := loadKB(t)
	files := map[string][]byte{}
	for _, a := range kb.Facts() {
		file, line := ruleLocation(t, a.Rule)
		if files[file] == nil {
			b, err := dataFS.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			files[file] = b
		}
		checkSpan(t, a, files[file], line)
	}
}

// ruleLocation splits "curated:FILE:LINE".
func ruleLocation(t *testing.T, rule string) (string, int) {
	t.Helper()
	rest, ok := strings.CutPrefix(rule, "curated:")
	i := strings.LastIndexByte(rest, ':')
	if !ok || i < 0 {
		t.Fatalf("rule %q is not curated:FILE:LINE", rule)
	}
	n, err := strconv.Atoi(rest[i+1:])
	if err != nil {
		t.Fatalf("rule %q: %v", rule, err)
	}
	return rest[:i], n
}

// checkSpan checks that a's Start..End is exactly line n of data.
func checkSpan(t *testing.T, a graph.Assertion, data []byte, n int) {
	t.Helper()
	lines := strings.Split(string(data), "\n")
	if n < 1 || n > len(lines) {
		t.Fatalf("%s: no line %d", a.Rule, n)
	}
	if a.End > len(data) || a.Start > a.End {
		t.Fatalf("%s: span %d..%d outside the file", a.Rule, a.Start, a.End)
	}
	if got, want := string(data[a.Start:a.End]), strings.TrimRight(lines[n-1], "\r"); got != want {
		t.Errorf("%s: span text %q, line text %q", a.Rule, got, want)
	}
}

func TestFind(t *testing.T) {
	kb := loadKB(t)
	person := func(name string) graph.ID { return graph.NewID(graph.Key(graph.Person, name)) }
	org := func(name string) graph.ID { return graph.NewID(graph.Key(graph.Organization, name)) }
	pos := func(name string) graph.ID { return graph.NewID(graph.Key(graph.Position, name)) }
	doc := func(t graph.EntityType, sym, q string) graph.ID { return graph.NewID(graph.DocumentKey(t, sym, q)) }
	tests := []struct {
		query string
		want  []graph.ID
	}{
		{"Tô Lâm", []graph.ID{person("To Lam")}},
		{"to lam", []graph.ID{person("Tô Lâm")}},
		{"TO LAM", []graph.ID{person("To Lam")}},
		{"Nguyễn Phú Trọng", []graph.ID{person("Nguyen Phu Trong")}},
		{"MPS", []graph.ID{org("Ministry of Public Security")}},
		{"Bộ Công an", []graph.ID{org("Ministry of Public Security")}},
		{"bo cong an", []graph.ID{org("Ministry of Public Security")}},
		{"CAND", []graph.ID{org("People's Public Security Force")}},
		{"PSF", []graph.ID{org("People's Public Security Force")}},
		{"Public Security Forces", []graph.ID{org("People's Public Security Force")}},
		{"PSCPC", []graph.ID{org("Central Public Security Party Committee")}},
		{"ĐUCA", []graph.ID{org("Central Public Security Party Committee")}},
		{"DUCA", []graph.ID{org("Central Public Security Party Committee")}},
		{"Đảng ủy Công an Trung ương", []graph.ID{org("Central Public Security Party Committee")}},
		{"Bộ Chính trị", []graph.ID{org("Politburo")}},
		{"Ban Bí thư", []graph.ID{org("Secretariat")}},
		{"Chính phủ", []graph.ID{org("Government")}},
		{"Quốc hội", []graph.ID{org("National Assembly")}},
		{"Central Executive Committee", []graph.ID{org("Party Central Committee")}},
		{"Thủ tướng Chính phủ", []graph.ID{pos("Prime Minister")}},
		{"Tổng Bí thư", []graph.ID{pos("General Secretary")}},
		{"Hà Nội", []graph.ID{graph.NewID(graph.Key(graph.Place, "Hanoi"))}},
		{"Đề án 06", []graph.ID{graph.NewID(graph.Key(graph.Programme, "Project 06"))}},
		{"Hội nghị Công an toàn quốc lần thứ 77", []graph.ID{graph.NewID(graph.Key(graph.Event, "77th National Public Security Conference"))}},
		{"Resolution No. 12-NQ/TW", []graph.ID{doc(graph.Resolution, "12-NQ/TW", "2022")}},
		{"Nghị quyết số 51-NQ/TW", []graph.ID{doc(graph.Resolution, "51-NQ/TW", "2019")}},
		{"22-NQ/TW", []graph.ID{doc(graph.Resolution, "22-NQ/TW", "2018")}},
		{"Decree 01/2018/ND-CP", []graph.ID{doc(graph.Decree, "01/2018/NĐ-CP", "")}},
		{"Nghị định số 01/2018/NĐ-CP", []graph.ID{doc(graph.Decree, "01/2018/NĐ-CP", "")}},
		{"Decision No. 06/QD-TTg", []graph.ID{doc(graph.Decision, "06/QĐ-TTg", "2022")}},
		{"Resolution 18-NQ/TW", []graph.ID{doc(graph.Resolution, "18-NQ/TW", "2017"), doc(graph.Resolution, "18-NQ/TW", "2022")}},
		{"Law on Cybersecurity", []graph.ID{doc(graph.Law, "24/2018/QH14", ""), doc(graph.Law, "116/2025/QH15", "")}},
		{"Ministry of Truth", nil},
		{"", nil},
	}
	for _, tc := range tests {
		t.Run(tc.query, func(t *testing.T) {
			var got []graph.ID
			for _, e := range kb.Find(tc.query) {
				got = append(got, e.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Find(%q) = %v, want %v", tc.query, names(kb, got), tc.want)
			}
		})
	}
}

func names(kb *KB, ids []graph.ID) []string {
	var out []string
	for _, e := range kb.Entities() {
		if slices.Contains(ids, e.ID) {
			out = append(out, e.Name)
		}
	}
	return out
}

func TestDocumentRecords(t *testing.T) {
	kb := loadKB(t)
	tests := []struct {
		query, name, symbol, year string
	}{
		{"Resolution 12-NQ/TW", "Resolution 12-NQ/TW", "12-NQ/TW", "2022"},
		{"Decree 01/2018/ND-CP", "Decree 01/2018/NĐ-CP", "01/2018/NĐ-CP", "2018"},
		{"Decision 06/QĐ-TTg", "Decision 06/QĐ-TTg", "06/QĐ-TTg", "2022"},
		{"Law 26/2023/QH15", "Law on Identification", "26/2023/QH15", "2023"},
	}
	for _, tc := range tests {
		got := kb.Find(tc.query)
		if len(got) != 1 {
			t.Errorf("Find(%q): %d entities", tc.query, len(got))
			continue
		}
		e := got[0]
		if e.Name != tc.name || e.Attrs["symbol"] != tc.symbol || e.Attrs["year"] != tc.year || e.Attrs["title"] == "" {
			t.Errorf("Find(%q) = %q %v", tc.query, e.Name, e.Attrs)
		}
	}
}

// TestNoUnintendedAmbiguity checks that every folded name shared by two
// entities is one the data declares shared, and that each declared one
// really is shared.
func TestNoUnintendedAmbiguity(t *testing.T) {
	kb := loadKB(t)
	byName := map[string][]graph.ID{}
	for _, e := range kb.Entities() {
		seen := map[string]bool{}
		for _, n := range e.Names() {
			f := graph.Fold(n)
			if !seen[f] {
				seen[f] = true
				byName[f] = append(byName[f], e.ID)
			}
		}
	}
	declared := map[string][]graph.ID{}
	for _, a := range kb.Ambiguous() {
		declared[a.Name] = a.IDs
		if len(a.IDs) < 2 || len(kb.Find(a.Name)) != len(a.IDs) {
			t.Errorf("declared ambiguity %q: %d IDs, Find gives %d", a.Name, len(a.IDs), len(kb.Find(a.Name)))
		}
	}
	for f, ids := range byName {
		if len(ids) > 1 && !slices.Equal(declared[f], ids) {
			t.Errorf("%q names %v but is not declared shared", f, names(kb, ids))
		}
	}
	for _, want := range []string{"resolution 18 nq tw", "law on cybersecurity"} {
		if _, ok := declared[want]; !ok {
			t.Errorf("expected the shared name %q to be reported", want)
		}
	}
}

func TestParseValidFixture(t *testing.T) {
	files := readFixtures(t, "valid/valid.kb")
	kb, err := Parse(files)
	if err != nil {
		t.Fatalf("Parse: %v", err)
	}
	if got := len(kb.Entities()); got != 11 {
		t.Errorf("%d entities, want 11", got)
	}
	find := func(q string) []graph.Entity { return kb.Find(q) }
	doc := func(t graph.EntityType, sym, q string) graph.ID { return graph.NewID(graph.DocumentKey(t, sym, q)) }

	t.Run("generated document names", func(t *testing.T) {
		tests := []struct {
			query string
			want  []graph.ID
		}{
			{"Resolution No. 7-NQ/TW", []graph.ID{doc(graph.Resolution, "7-NQ/TW", "2099"), doc(graph.Resolution, "7-NQ/TW", "2094")}},
			{"Nghị quyết số 7-NQ/TW", []graph.ID{doc(graph.Resolution, "7-NQ/TW", "2099"), doc(graph.Resolution, "7-NQ/TW", "2094")}},
			{"Decree No. 12/2099/ND-CP", []graph.ID{doc(graph.Decree, "12/2099/NĐ-CP", "")}},
			{"12/2099/NĐ-CP", []graph.ID{doc(graph.Decree, "12/2099/NĐ-CP", "")}},
			{"Quyết định 5/QĐ-TTg", []graph.ID{doc(graph.Decision, "5/QĐ-TTg", "2098")}},
			{"Law 1/2099/QH99", []graph.ID{doc(graph.Law, "1/2099/QH99", "")}},
			{"Luật số 1/2099/QH99", []graph.ID{doc(graph.Law, "1/2099/QH99", "")}},
			{"Testing Law", []graph.ID{doc(graph.Law, "1/2099/QH99", ""), doc(graph.Law, "2/2100/QH99", "")}},
			{"Bộ Kiểm thử", []graph.ID{graph.NewID(graph.Key(graph.Organization, "Ministry of Testing"))}},
			{"nguyen van thu", []graph.ID{graph.NewID(graph.Key(graph.Person, "Nguyễn Văn Thử"))}},
		}
		for _, tc := range tests {
			var got []graph.ID
			for _, e := range find(tc.query) {
				got = append(got, e.ID)
			}
			if !slices.Equal(got, tc.want) {
				t.Errorf("Find(%q) = %v, want %v", tc.query, got, tc.want)
			}
		}
		d := find("Resolution 7-NQ/TW")[0]
		if d.Name != "Resolution 7-NQ/TW" || d.Attrs["symbol"] != "7-NQ/TW" || d.Attrs["kind"] != "Resolution" ||
			d.Attrs["title"] != "On testing" || d.Attrs["year"] != "2099" {
			t.Errorf("document record %+v", d)
		}
		law := find("Law on Tests")[0]
		if law.Name != "Law on Tests" || !slices.Contains(law.Aliases, "Law 1/2099/QH99") {
			t.Errorf("law record %+v", law)
		}
	})

	t.Run("ambiguity report", func(t *testing.T) {
		var got []string
		for _, a := range kb.Ambiguous() {
			got = append(got, a.Name)
		}
		for _, want := range []string{"7 nq tw", "resolution 7 nq tw", "testing law"} {
			if !slices.Contains(got, want) {
				t.Errorf("Ambiguous() = %v, missing %q", got, want)
			}
		}
	})

	t.Run("facts and citations", func(t *testing.T) {
		type fact struct{ pred, sentence string }
		var got []fact
		for _, a := range kb.Facts() {
			_, line := ruleLocation(t, a.Rule)
			checkSpan(t, a, files["valid.kb"], line)
			got = append(got, fact{string(a.Predicate), a.Sentence})
		}
		want := []fact{
			{"holds_position", "The Paper <https://example.org/paper> [from 2019-04 until 2021-12-31]"},
			{"member_of", "The Paper <https://example.org/paper>; The Archive Copy [corpus: 2099-01-01_archive.txt]"},
		}
		for _, w := range want {
			if !slices.Contains(got, w) {
				t.Errorf("no fact %+v among %+v", w, got)
			}
		}
		if len(got) != 12 {
			t.Errorf("%d facts, want 12", len(got))
		}
	})

	t.Run("literal objects", func(t *testing.T) {
		var dates []string
		for _, a := range kb.Facts() {
			if a.Object.Kind == graph.KindDate {
				dates = append(dates, string(a.Predicate)+"="+a.Object.Text)
			}
		}
		slices.Sort(dates)
		want := []string{"held_on=2099-03", "issued_on=2098-12-30", "issued_on=2099-02-03"}
		if !slices.Equal(dates, want) {
			t.Errorf("date facts %v, want %v", dates, want)
		}
	})

	t.Run("copies", func(t *testing.T) {
		e := kb.Entities()[0]
		e.Aliases[0] = "changed"
		e.Attrs["x"] = "y"
		again := kb.Entities()[0]
		if again.Aliases[0] == "changed" || again.Attrs["x"] != "" {
			t.Error("Entities returns the KB's own slices and maps")
		}
	})
}

func TestParseErrorsNameFileAndLine(t *testing.T) {
	tests := []struct {
		fixture string
		want    []string // "FILE:LINE: fragment"
	}{
		{"unknown-type", []string{`unknown-type.kb:1: unknown entity type "Persn"`}},
		{"unknown-predicate", []string{`unknown-predicate.kb:3: p1: unknown predicate "likes"`}},
		{"undefined-entity", []string{`undefined-entity.kb:3: p1 member_of: undefined entity "nobody"`}},
		{"undefined-source", []string{`undefined-source.kb:3: p1 member_of body: undefined source "nowhere"`}},
		{"bad-date", []string{`bad-date.kb:3: r1 issued_on: bad date "2022-13-40"`}},
		{"bad-since", []string{`bad-since.kb:3: bad date "yesterday" after "since"`}},
		{"until-before-since", []string{`until-before-since.kb:3: p1 holds_position chief: until 2019 is before since 2020`}},
		{"duplicate-handle", []string{`duplicate-handle.kb:1: duplicate entity handle "someone" (first at base.kb:14)`}},
		{"duplicate-id", []string{`duplicate-id.kb:1: duplicate id: p1 is the same Person as someone (base.kb:14)`}},
		{"ambiguous-alias", []string{`ambiguous-alias.kb:3: b2: name "TB" is ambiguous: it folds to "tb" like body`}},
		{"missing-name", []string{`missing-name.kb:1: nameless has no name`}},
		{"party-symbol-without-year", []string{`party-symbol-without-year.kb:1: r1: symbol 4-NQ/TW is not unique without its year`}},
		{"signature", []string{`signature.kb:3: p1 issued_by body: issued_by does not take a Person subject and a Organization object`}},
		{"unknown-key", []string{`unknown-key.kb:3: p1: unknown key "born"`}},
		{"outside-record", []string{`outside-record.kb:1: indented line outside a record`}},
		{"uncited-fact", []string{`uncited-fact.kb:3: fact member_of body cites no source`}},
		{"unused-source", []string{`unused-source.kb:1: source "lonely" is never cited`}},
		{"bad-symbol", []string{`bad-symbol.kb:2: d1: symbol "hello world" is neither a Party symbol`}},
		{"year-mismatch", []string{`year-mismatch.kb:1: d1: symbol 9/2020/NĐ-CP carries the year 2020 but the document is of 2021`}},
		{"source-without-url", []string{`source-without-url.kb:1: source s2 has neither a url nor a corpus file`}},
		{"duplicate-fact", []string{`duplicate-fact.kb:4: p1: fact member_of body given twice (first at line 3)`}},
		{"two-mistakes", []string{`two-mistakes.kb:3: p1 member_of: undefined entity "nobody"`, `two-mistakes.kb:6: p2: unknown predicate "likes"`}},
	}
	for _, tc := range tests {
		t.Run(tc.fixture, func(t *testing.T) {
			files := readFixtures(t, "base.kb", "errors/"+tc.fixture+".kb")
			kb, err := Parse(files)
			if err == nil {
				t.Fatalf("Parse accepted %s (%d entities)", tc.fixture, len(kb.Entities()))
			}
			for _, w := range tc.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error does not contain %q:\n%v", w, err)
				}
			}
			for _, line := range strings.Split(err.Error(), "\n") {
				if !regexp.MustCompile(`^[^\s:]+\.kb:\d+: `).MatchString(line) {
					t.Errorf("error line %q does not start with FILE:LINE:", line)
				}
			}
		})
	}
}

func TestBaseFixtureAloneParses(t *testing.T) {
	if _, err := Parse(readFixtures(t, "base.kb")); err != nil {
		t.Fatalf("base.kb: %v", err)
	}
}

func TestParseRejectsInvalidUTF8(t *testing.T) {
	_, err := Parse(map[string][]byte{"bad.kb": {'P', 0xff, '\n'}})
	if err == nil || !strings.Contains(err.Error(), "bad.kb:1: file is not valid UTF-8") {
		t.Fatalf("err = %v", err)
	}
}

func TestSourceHashCoversNamesAndContent(t *testing.T) {
	files := readFixtures(t, "valid/valid.kb")
	hash := func(files map[string][]byte) string {
		t.Helper()
		kb, err := Parse(files)
		if err != nil {
			t.Fatal(err)
		}
		return kb.Source().Hash
	}
	h := sha256.New()
	h.Write([]byte("valid.kb\x00"))
	h.Write(files["valid.kb"])
	h.Write([]byte{0})
	if got, want := hash(files), hex.EncodeToString(h.Sum(nil)); got != want {
		t.Errorf("hash %s, want %s", got, want)
	}
	base := hash(files)
	edited := map[string][]byte{"valid.kb": append(bytes.Clone(files["valid.kb"]), []byte("# edited\n")...)}
	renamed := map[string][]byte{"other.kb": files["valid.kb"]}
	for name, f := range map[string]map[string][]byte{"edited": edited, "renamed": renamed} {
		if hash(f) == base {
			t.Errorf("%s files hash like the original", name)
		}
	}
	if hash(files) != base {
		t.Error("the same files hash differently")
	}
}

// TestBatchAppliesToStore applies the embedded knowledge base to a real
// Badger store on disk and reads it back.
func TestBatchAppliesToStore(t *testing.T) {
	kb := loadKB(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	st, err := graph.Open(graph.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	defer st.Close()

	res, err := st.Apply(ctx, kb.Batch())
	if err != nil {
		t.Fatalf("Apply: %v", err)
	}
	if res.Assertions != len(kb.Facts()) || res.Entities != len(kb.Entities()) || res.Unchanged {
		t.Errorf("Apply result %+v for %d entities and %d facts", res, len(kb.Entities()), len(kb.Facts()))
	}
	again, err := st.Apply(ctx, kb.Batch())
	if err != nil || !again.Unchanged {
		t.Errorf("second Apply: %+v, %v (want Unchanged)", again, err)
	}

	found, err := st.Lookup(ctx, "Bộ Công an")
	if err != nil || len(found) != 1 || found[0].Name != "Ministry of Public Security" {
		t.Errorf("Lookup(Bộ Công an) = %v, %v", found, err)
	}
	res12 := kb.Find("Resolution 12-NQ/TW")[0]
	politburo := kb.Find("Politburo")[0]
	page, err := st.Match(ctx, graph.Pattern{Subject: res12.ID, Predicate: graph.IssuedBy}, graph.PageRequest{First: 10})
	if err != nil || len(page.Triples) != 1 || page.Triples[0].Object.Entity != politburo.ID {
		t.Fatalf("Match(12-NQ/TW issued_by) = %+v, %v", page, err)
	}
	prov, err := st.Provenance(ctx, page.Triples[0])
	if err != nil || len(prov) != 1 || !strings.HasPrefix(prov[0].Rule, "curated:data/documents.kb:") || prov[0].Source != kb.Source().ID {
		t.Errorf("Provenance = %+v, %v", prov, err)
	}
	src, err := st.Source(ctx, kb.Source().ID)
	if err != nil || src.Hash != kb.Source().Hash || src.Triples != len(kb.Facts()) {
		t.Errorf("Source = %+v, %v", src, err)
	}
	report, err := st.Check(ctx)
	if err != nil || !report.OK() {
		t.Errorf("Check: %v %v", report.Problems, err)
	}
}

// corpusDir is the shared corpus beside the module root.
const corpusDir = "../../shared/corpus"

// TestCorpusCitations checks the facts that cite an article of the shared
// corpus against the article: the file exists and every date the fact
// asserts is written in it ("September 5, 2019", "December 27" or
// "16/3/2022").
func TestCorpusCitations(t *testing.T) {
	if _, err := os.Stat(corpusDir); err != nil {
		if os.Getenv("GOVKG_REQUIRE_ALL") == "1" {
			t.Fatalf("GOVKG_REQUIRE_ALL=1 but the shared corpus is missing: %v", err)
		}
		t.Skipf("shared corpus not found at %s: skipping the citation check", corpusDir)
	}
	kb := loadKB(t)
	texts := map[string]string{}
	checked := 0
	for i, a := range kb.Facts() {
		for _, h := range kb.cites[i] {
			c := kb.citations[h]
			if c.corpus == "" {
				continue
			}
			text, ok := texts[c.corpus]
			if !ok {
				b, err := os.ReadFile(filepath.Join(corpusDir, c.corpus))
				if err != nil {
					t.Errorf("source %s: %v", h, err)
					continue
				}
				text = string(b)
				texts[c.corpus] = text
			}
			if a.Object.Kind != graph.KindDate {
				continue
			}
			checked++
			if !mentionsDate(text, a.Object.Text) {
				t.Errorf("fact %s: %s does not mention the date %s", a.Rule, c.corpus, a.Object.Text)
			}
		}
	}
	if checked == 0 {
		t.Error("no dated fact cites the corpus")
	}
}

func mentionsDate(text, iso string) bool {
	d, err := time.Parse("2006-01-02", iso)
	if err != nil {
		return false
	}
	forms := []string{
		fmt.Sprintf("%s %d", d.Month(), d.Day()),
		fmt.Sprintf("%d/%d/%d", d.Day(), int(d.Month()), d.Year()),
		fmt.Sprintf("%02d/%02d/%d", d.Day(), int(d.Month()), d.Year()),
	}
	for _, f := range forms {
		if strings.Contains(text, f) {
			return true
		}
	}
	return false
}

func TestParseNothing(t *testing.T) {
	kb, err := Parse(nil)
	if err != nil || len(kb.Entities()) != 0 || len(kb.Facts()) != 0 || len(kb.Find("x")) != 0 {
		t.Fatalf("Parse(nil) = %v, %v", kb, err)
	}
	b := kb.Batch()
	if b.Source.ID != graph.SourceID(SourceKey) || len(b.Entities) != 0 {
		t.Errorf("empty batch %+v", b)
	}
}
