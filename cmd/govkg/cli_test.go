package main

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govkg/govkg/graph"
)

func TestIngestTwiceChangesNothing(t *testing.T) {
	data := filepath.Join(t.TempDir(), "store")
	code, out, errs := govkg(t, "", "ingest", "--data", data, "testdata/articles")
	if code != exitOK {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errs)
	}
	if !strings.Contains(out, "documents 2") {
		t.Fatalf("ingest summary %q does not count 2 documents", out)
	}
	_, before, _ := govkg(t, "", "stats", "--data", data)
	code, out, errs = govkg(t, "", "ingest", "--data", data, "testdata/articles")
	if code != exitOK || !strings.Contains(out, "unchanged 2") || !strings.Contains(out, "triples added 0") {
		t.Fatalf("second ingest: exit %d\n%s\n%s", code, out, errs)
	}
	_, after, _ := govkg(t, "", "stats", "--data", data)
	if before != after {
		t.Fatalf("second ingest changed the graph:\n%s\nthen\n%s", before, after)
	}
	if code, out, _ := govkg(t, "", "check", "--data", data); code != exitOK {
		t.Fatalf("check after ingest: exit %d: %s", code, out)
	}
}

func TestIngestSkipsBadInputAndGoesOn(t *testing.T) {
	dir := t.TempDir()
	good, err := os.ReadFile("testdata/articles/2024-03-02_cybersecurity-plan.txt")
	if err != nil {
		t.Fatal(err)
	}
	files := map[string][]byte{
		"good.txt":   good,
		"empty.txt":  nil,
		"binary.txt": {0x7f, 'E', 'L', 'F', 0, 0, 1, 2, 0, 0},
		"latin1.txt": []byte("Ngh\xe9 quy\xeat"),
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o600); err != nil {
			t.Fatal(err)
		}
	}
	data := filepath.Join(t.TempDir(), "store")
	code, out, errs := govkg(t, "", "ingest", "--data", data, dir)
	if code != exitSkipped {
		t.Fatalf("exit %d, want %d (skipped)\n%s\n%s", code, exitSkipped, out, errs)
	}
	for _, name := range []string{"empty.txt", "binary.txt", "latin1.txt"} {
		if !strings.Contains(errs, name) {
			t.Errorf("stderr does not name %s:\n%s", name, errs)
		}
	}
	if !strings.Contains(out, "documents 1") || !strings.Contains(out, "skipped 3") {
		t.Fatalf("summary %q: want the good file stored and 3 skipped", out)
	}
}

func TestExtractJSON(t *testing.T) {
	code, out, errs := govkg(t, "", "extract", "--format", "json", "testdata/articles/2024-03-02_cybersecurity-plan.txt")
	if code != exitOK {
		t.Fatalf("extract: exit %d: %s", code, errs)
	}
	var x struct {
		Entities []struct {
			ID, Type, Name string
		}
		Relations []struct {
			Subject, Predicate, Object string
		}
	}
	if err := json.Unmarshal([]byte(out), &x); err != nil {
		t.Fatalf("output is not JSON: %v\n%s", err, out)
	}
	names := map[string]string{}
	for _, e := range x.Entities {
		names[e.ID] = graph.Fold(e.Name)
	}
	want := map[string]bool{
		"resolution 12 nq tw issued_by politburo":           false,
		"resolution 12 nq tw issued_on 2022-03-16":          false,
		"pham minh chinh holds_position prime minister":     false,
		"to lam holds_position minister of public security": false,
	}
	for _, r := range x.Relations {
		obj := r.Object
		if n, ok := names[obj]; ok {
			obj = n
		}
		k := names[r.Subject] + " " + r.Predicate + " " + obj
		if _, ok := want[k]; ok {
			want[k] = true
		}
	}
	for k, found := range want {
		if !found {
			t.Errorf("extraction lacks %q", k)
		}
	}
	code, out, _ = govkg(t, "", "extract", "--format", "table", "testdata/articles/2024-05-10_hoi-nghi.md")
	if code != exitOK || !strings.Contains(graph.Fold(out), "to lam") {
		t.Fatalf("extract table: exit %d, no To Lam in:\n%s", code, out)
	}
}

func TestExportImportRoundTrip(t *testing.T) {
	data := filepath.Join(t.TempDir(), "store")
	if code, _, errs := govkg(t, "", "ingest", "--data", data, "testdata/articles"); code != exitOK {
		t.Fatalf("ingest: %s", errs)
	}
	first := filepath.Join(t.TempDir(), "first.nq")
	if code, _, errs := govkg(t, "", "export", "--data", data, "--format", "nquads", "--out", first); code != exitOK {
		t.Fatalf("export: %s", errs)
	}
	fresh := filepath.Join(t.TempDir(), "fresh")
	if code, _, errs := govkg(t, "", "import", "--data", fresh, first); code != exitOK {
		t.Fatalf("import: %s", errs)
	}
	second := filepath.Join(t.TempDir(), "second.nq")
	if code, _, errs := govkg(t, "", "export", "--data", fresh, "--format", "nquads", "--out", second); code != exitOK {
		t.Fatalf("export again: %s", errs)
	}
	a, _ := os.ReadFile(first)
	b, _ := os.ReadFile(second)
	if len(a) == 0 || string(a) != string(b) {
		t.Fatalf("export → import → export differs (%d vs %d bytes)", len(a), len(b))
	}
	for _, f := range []string{"turtle", "graphml", "dot", "cytoscape", "dgraph"} {
		if code, _, errs := govkg(t, "", "export", "--data", data, "--format", f, "--focus", "To Lam", "--depth", "1", "--out", filepath.Join(t.TempDir(), "x")); code != exitOK {
			t.Errorf("export %s: exit %d: %s", f, code, errs)
		}
	}
	if code, _, errs := govkg(t, "", "export", "--data", data, "--format", "xml"); code != exitUsage {
		t.Errorf("unknown format: exit %d: %s", code, errs)
	}
	if code, _, errs := govkg(t, "", "export", "--data", data, "--focus", "Nobody At All"); code != exitFailure || !strings.Contains(errs, "Nobody At All") {
		t.Errorf("missing focus: exit %d: %s", code, errs)
	}
	if code, _, errs := govkg(t, "", "export", "--data", data, "--out", "/nonexistent/dir/x.nq"); code != exitFailure || !strings.Contains(errs, "/nonexistent/dir") {
		t.Errorf("unwritable output: exit %d: %s", code, errs)
	}
}

func TestServe(t *testing.T) {
	data := filepath.Join(t.TempDir(), "store")
	base, stop := inProcessServe(t, data, "")
	defer stop()
	// The seeds were loaded into the empty store: the card's question
	// has an answer at once.
	q := `{"query":"{ lookup(name: \"Tô Lâm\") { name type } }"}`
	resp, err := http.Post(base+"/graphql", "application/json", strings.NewReader(q))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != 200 || !strings.Contains(string(body), "Person") {
		t.Fatalf("lookup: %d %s", resp.StatusCode, body)
	}
	for _, path := range []string{"/", "/metrics"} {
		resp, err := http.Get(base + path)
		if err != nil || resp.StatusCode != 200 {
			t.Fatalf("GET %s: %v %v", path, err, resp)
		}
		resp.Body.Close()
	}
}
