package export

import (
	"bytes"
	"context"
	"errors"
	"io"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/govkg/govkg/graph"
)

func TestParseFormat(t *testing.T) {
	for _, f := range Formats() {
		got, err := ParseFormat(strings.ToUpper(string(f)))
		if err != nil || got != f {
			t.Errorf("ParseFormat(%q) = %q, %v", strings.ToUpper(string(f)), got, err)
		}
	}
	_, err := ParseFormat("rdfxml")
	if err == nil {
		t.Fatal("ParseFormat accepted rdfxml")
	}
	for _, want := range []string{`"rdfxml"`, "nquads", "turtle", "graphml", "dot", "cytoscape", "csv", "dgraph"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("the error %q does not mention %s", err, want)
		}
	}
	s := openStore(t)
	if _, err := Write(context.Background(), s, Format("rdfxml"), io.Discard, Options{}); err == nil {
		t.Error("Write accepted an unknown format")
	}
	if _, err := Write(context.Background(), s, CSV, io.Discard, Options{}); err == nil || !strings.Contains(err.Error(), "WriteCSV") {
		t.Errorf("Write(csv) = %v, want an error pointing at WriteCSV", err)
	}
}

// failingWriter takes limit bytes, then fails.
type failingWriter struct {
	limit int
	err   error
}

func (w *failingWriter) Write(p []byte) (int, error) {
	if len(p) > w.limit {
		n := w.limit
		w.limit = 0
		return n, w.err
	}
	w.limit -= len(p)
	return len(p), nil
}

// TestWriteError: a writer that fails (a full disk, a closed pipe) makes
// every format return its error, whether it fails at once or half-way.
func TestWriteError(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	ctx := context.Background()
	diskFull := errors.New("no space left on device")
	for _, fm := range Formats() {
		for _, limit := range []int{0, 700} {
			w := &failingWriter{limit: limit, err: diskFull}
			var err error
			if fm == CSV {
				_, err = WriteCSV(ctx, s, w, io.Discard, Options{})
				edges := &failingWriter{limit: limit, err: diskFull}
				if _, err := WriteCSV(ctx, s, io.Discard, edges, Options{}); !errors.Is(err, diskFull) {
					t.Errorf("csv edges writer failing after %d bytes: err = %v", limit, err)
				}
			} else {
				_, err = Write(ctx, s, fm, w, Options{})
			}
			if !errors.Is(err, diskFull) {
				t.Errorf("%s, writer failing after %d bytes: err = %v, want the writer's error", fm, limit, err)
			}
		}
	}
}

func TestFocusErrors(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	ctx := context.Background()
	missing := graph.NewID("person:nobody at all")
	for _, fm := range []Format{NQuads, Turtle, DOT} {
		_, err := Write(ctx, s, fm, io.Discard, Options{Focus: missing, Depth: 2})
		if !errors.Is(err, graph.ErrNotFound) || !strings.Contains(err.Error(), missing.String()) {
			t.Errorf("%s with a missing focus: %v, want ErrNotFound naming %s", fm, err, missing)
		}
	}
	if _, err := WriteCSV(ctx, s, io.Discard, io.Discard, Options{Focus: missing}); !errors.Is(err, graph.ErrNotFound) {
		t.Errorf("csv with a missing focus: %v", err)
	}
	if _, err := Write(ctx, s, NQuads, io.Discard, Options{Focus: f.person.ID, Depth: graph.MaxDepth + 1}); err == nil {
		t.Error("a depth beyond MaxDepth was accepted")
	}
}

// TestImportMalformed: every kind of bad input is refused with its line
// number, and the store is left exactly as it was.
func TestImportMalformed(t *testing.T) {
	f := newFixture()
	src := newFixture()
	good, _ := exportString(t, src.load(t), NQuads, Options{})
	lines := strings.Split(strings.TrimSuffix(good, "\n"), "\n")
	// Find a statement line (in a source's graph) to spoil.
	stmt := -1
	for i, l := range lines {
		if strings.Contains(l, "> <"+OntologyNS+"implements> ") && strings.HasSuffix(l, "<"+SourceIRI(f.srcA.ID)+"> .") {
			stmt = i
			break
		}
	}
	if stmt < 0 {
		t.Fatal("no implements statement in the export")
	}
	spoil := func(at int, fn func(string) string) (string, int) {
		ls := slices.Clone(lines)
		ls[at] = fn(ls[at])
		return strings.Join(ls, "\n") + "\n", at + 1
	}
	type tc struct {
		name  string
		input string
		line  int
		want  string
	}
	var cases []tc
	add := func(name, want string, at int, fn func(string) string) {
		in, line := spoil(at, fn)
		cases = append(cases, tc{name, in, line, want})
	}
	add("bad IRI (space)", "bad IRI", stmt, func(l string) string {
		return strings.Replace(l, "https://govkg.org/id/", "https://govkg.org/id/ x", 1)
	})
	add("bad IRI (not closed)", "bad IRI", stmt, func(l string) string { return strings.Replace(l, "> <", " <", 1) })
	add("bad IRI (relative)", "not absolute", stmt, func(l string) string { return strings.Replace(l, "<https://govkg.org/id/", "<id/", 1) })
	add("bad IRI (not a UUID)", "not a lower-case UUID", stmt, func(l string) string { return strings.Replace(l, "https://govkg.org/id/", "https://govkg.org/id/x", 1) })
	sentence := -1
	for i, l := range lines {
		if strings.Contains(l, "<"+govSentence+">") {
			sentence = i
			break
		}
	}
	add("unterminated literal", "unterminated literal", sentence, func(l string) string {
		return l[:strings.Index(l, "\"^^")] + " <" + MetaGraph + "> ."
	})
	add("bad escape", "unknown escape", sentence, func(l string) string { return strings.Replace(l, `"`, `"\q`, 1) })
	add("two terms", "found 2 terms", stmt, func(l string) string {
		parts := strings.SplitN(l, " ", 3)
		return parts[0] + " " + parts[1] + " ."
	})
	add("five terms", "more than 4 terms", stmt, func(l string) string { return strings.TrimSuffix(l, " .") + " <https://example.test/g> ." })
	add("no final dot", `does not end with " ."`, stmt, func(l string) string { return strings.TrimSuffix(l, " .") })
	add("unknown predicate", `unknown predicate "enacts"`, stmt, func(l string) string { return strings.Replace(l, "#implements>", "#enacts>", 1) })
	add("foreign predicate", "unknown predicate <http://xmlns.com/foaf/0.1/knows>", stmt, func(l string) string {
		return strings.Replace(l, "<"+OntologyNS+"implements>", "<http://xmlns.com/foaf/0.1/knows>", 1)
	})
	add("unknown graph", "unknown graph", stmt, func(l string) string {
		return strings.Replace(l, "https://govkg.org/source/", "https://example.test/g/", 1)
	})
	add("not UTF-8", "not valid UTF-8", sentence, func(l string) string { return strings.Replace(l, `"`, "\"\xff", 1) })
	add("wrong signature", "does not join", stmt, func(l string) string {
		// programme implements ministry: an Organization is not implementable.
		return strings.Replace(l, EntityIRI(f.resolution.ID), EntityIRI(f.ministry.ID), 1)
	})
	add("undescribed entity", "is used but not described", stmt, func(l string) string {
		return strings.Replace(l, EntityIRI(f.resolution.ID), EntityIRI(graph.NewID("resolution:nowhere")), 1)
	})
	cases = append(cases, tc{name: "bad date", want: `"2019-13-45" is not`, line: 1, input: "<" + EntityIRI(f.resolution.ID) + "> <" + OntologyNS + "issued_on> \"2019-13-45\"^^<" + xsdDate + "> <" + SourceIRI(f.srcA.ID) + "> .\n" + good})
	// An error at the very end: the earlier lines were fine, nothing may
	// have been stored from them.
	cases = append(cases, tc{name: "error on the last line", want: "unknown predicate", line: len(lines) + 1, input: good + "<" + EntityIRI(f.person.ID) + "> <" + OntologyNS + "nickname> \"x\" .\n"})

	ctx := context.Background()
	s := f.load(t)
	// A second source already stored, so that "unchanged" is a real check.
	before := takeSnapshot(t, s)
	beforeOut, _ := exportString(t, s, NQuads, Options{})
	empty := openStore(t)
	emptyBefore := takeSnapshot(t, empty)
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for _, st := range []*graph.Store{s, empty} {
				_, err := ImportNQuads(ctx, st, strings.NewReader(c.input))
				if err == nil {
					t.Fatalf("accepted")
				}
				if !strings.Contains(err.Error(), "line "+strconv.Itoa(c.line)+":") || !strings.Contains(err.Error(), c.want) {
					t.Errorf("error %q, want line %d and %q", err, c.line, c.want)
				}
			}
			if after := takeSnapshot(t, s); !before.equal(after) {
				t.Errorf("the store changed")
			}
			if after, _ := exportString(t, s, NQuads, Options{}); after != beforeOut {
				t.Errorf("the store's export changed:\n%s", firstDiff(beforeOut, after))
			}
			if after := takeSnapshot(t, empty); !emptyBefore.equal(after) {
				t.Errorf("the empty store changed")
			}
		})
	}
}

// TestImportTypeClash: an entity the store holds with another type is
// refused before anything is written.
func TestImportTypeClash(t *testing.T) {
	ctx := context.Background()
	f := newFixture()
	good, _ := exportString(t, f.load(t), NQuads, Options{})
	bad := strings.Replace(good, "<"+EntityIRI(f.lonely.ID)+"> <"+rdfType+"> <"+OntologyNS+"Place>",
		"<"+EntityIRI(f.lonely.ID)+"> <"+rdfType+"> <"+OntologyNS+"Event>", 1)
	if bad == good {
		t.Fatal("the type line was not found")
	}
	s := f.load(t)
	before := takeSnapshot(t, s)
	_, err := ImportNQuads(ctx, s, strings.NewReader(bad))
	if err == nil || !strings.Contains(err.Error(), "is a Place in the store") {
		t.Fatalf("err = %v", err)
	}
	if !before.equal(takeSnapshot(t, s)) {
		t.Error("the store changed")
	}
}

func TestImportEmpty(t *testing.T) {
	s := openStore(t)
	c, err := ImportNQuads(context.Background(), s, bytes.NewReader(nil))
	if err != nil || c != (Counts{}) {
		t.Errorf("empty input: %+v, %v", c, err)
	}
}
