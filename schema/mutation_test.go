package schema

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/govkg/govkg/graph"
)

const (
	assertQ  = `mutation($s: String!, $p: Predicate!, $o: String!, $src: String) { assertFact(subject: $s, predicate: $p, object: $o, source: $src) { source subject { name } predicate value added } }`
	ingestQ  = `mutation($text: String!, $title: String, $url: String) { ingestText(text: $text, title: $title, url: $url) { source unchanged replaced newEntities entities added removed assertions } }`
	retractQ = `mutation($id: ID!) { retractSource(id: $id) { source removed } }`
)

// TestMutationsRefused checks every way a mutation is refused.
func TestMutationsRefused(t *testing.T) {
	fact := map[string]any{"s": "Tô Lâm", "p": "attends", "o": "Hanoi Data Forum"}
	noToken := newTestServer(t, Options{})
	readOnly := newTestServer(t, Options{Token: "tok", ReadOnly: true})
	guarded := newTestServer(t, Options{Token: "tok", Ingester: lineIngester{}})
	cases := []struct {
		name   string
		srv    *testServer
		query  string
		vars   map[string]any
		header string
		code   string
		says   string
	}{
		{"no token configured", noToken, assertQ, fact, "Bearer tok", codeReadOnly, "read-only"},
		{"no token configured, ingest", noToken, ingestQ, map[string]any{"text": "x"}, "", codeReadOnly, "read-only"},
		{"no token configured, retract", noToken, retractQ, map[string]any{"id": graph.SourceID("x").String()}, "", codeReadOnly, "read-only"},
		{"read-only option", readOnly, assertQ, fact, "Bearer tok", codeReadOnly, "read-only"},
		{"no header", guarded, assertQ, fact, "", codeUnauthorized, "Authorization: Bearer"},
		{"wrong token", guarded, assertQ, fact, "Bearer tok2", codeUnauthorized, "Authorization: Bearer"},
		{"token prefix", guarded, assertQ, fact, "Bearer to", codeUnauthorized, "Authorization: Bearer"},
		{"wrong scheme", guarded, assertQ, fact, "Basic tok", codeUnauthorized, "Authorization: Bearer"},
		{"wrong token, ingest", guarded, ingestQ, map[string]any{"text": "x"}, "Bearer nope", codeUnauthorized, "Authorization: Bearer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, c.srv.URL+"/graphql", strings.NewReader(string(gql(c.query, c.vars))))
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Content-Type", "application/json")
			if c.header != "" {
				req.Header.Set("Authorization", c.header)
			}
			_, r := c.srv.do(t, req)
			if r.code() != c.code || !strings.Contains(r.errorText(), c.says) {
				t.Fatalf("got %q (%s), want code %s saying %q", r.errorText(), r.code(), c.code, c.says)
			}
		})
	}
	// Nothing was written.
	data := noToken.mustQuery(t, `{ lookup(name: "To Lam") { ... on Person { attends { name } } } }`, nil)
	if strings.Contains(string(data), "Hanoi Data Forum") {
		t.Errorf("a refused mutation wrote: %s", data)
	}
}

// TestMutationsAccepted asserts, ingests and retracts with the token.
func TestMutationsAccepted(t *testing.T) {
	store := openStore(t)
	srv := serveStore(t, store, loadFixture(t, store), Options{Token: "tok", Ingester: lineIngester{store: store}}, batchHooks{})

	mutate := func(query string, vars map[string]any) json.RawMessage {
		t.Helper()
		status, r := srv.post(t, query, vars, "tok")
		if status != 200 || len(r.Errors) > 0 {
			t.Fatalf("mutation failed (%d): %s", status, r.errorText())
		}
		return r.Data
	}
	// assertFact: a new fact, the same again, and a second one in the same source.
	var a struct {
		AssertFact struct {
			Source, Predicate, Value string
			Subject                  struct{ Name string }
			Added                    bool
		}
	}
	json.Unmarshal(mutate(assertQ, map[string]any{"s": "General To Lam", "p": "attends", "o": "Hanoi Data Forum"}), &a)
	if !a.AssertFact.Added || a.AssertFact.Subject.Name != "Tô Lâm" || a.AssertFact.Value != srv.ids["forum"].String() {
		t.Fatalf("assertFact: %+v", a.AssertFact)
	}
	src := a.AssertFact.Source
	json.Unmarshal(mutate(assertQ, map[string]any{"s": "To Lam", "p": "attends", "o": "Hanoi Data Forum"}), &a)
	if a.AssertFact.Added || a.AssertFact.Source != src {
		t.Fatalf("the same fact again: %+v", a.AssertFact)
	}
	mutate(assertQ, map[string]any{"s": "Hanoi Data Forum", "p": "held_on", "o": "2023-05-04"})
	data := srv.mustQuery(t, `{ lookup(name: "Hanoi Data Forum") { ... on Event { heldOn attendees { name }
		relations(predicate: held_on) { edges { provenance { rule confidence source { url } } } } } } }`, nil)
	for _, want := range []string{`"heldOn":"2023-05-04"`, `"Tô Lâm"`, `"rule":"api:assertFact"`, `"url":"api:assertFact"`} {
		if !strings.Contains(string(data), want) {
			t.Errorf("after assertFact, %s lacks %s", data, want)
		}
	}
	srcID, err := parseID("source", src)
	if err != nil {
		t.Fatal(err)
	}
	if as, err := srv.store.SourceAssertions(context.Background(), srcID); err != nil || len(as) != 2 {
		t.Fatalf("the API source holds %d assertions (%v), want 2", len(as), err)
	}

	// Bad facts are refused with what is wrong.
	for _, c := range []struct {
		vars map[string]any
		says string
	}{
		{map[string]any{"s": "Hanoi Data Forum", "p": "held_on", "o": "last spring"}, "takes a date"},
		{map[string]any{"s": "Hanoi", "p": "leads", "o": "Politburo"}, "leads cannot join a Place"},
		{map[string]any{"s": "Nobody Atall", "p": "leads", "o": "Politburo"}, `no entity is called "Nobody Atall"`},
	} {
		if _, r := srv.post(t, assertQ, c.vars, "tok"); !strings.Contains(r.errorText(), c.says) {
			t.Errorf("assertFact %v: %q does not say %q", c.vars, r.errorText(), c.says)
		}
	}

	// ingestText through the Ingester; the same text again changes nothing.
	text := "Programme \"Project 07\" implements Resolution \"Resolution 99-NQ/TW\".\n" +
		"Resolution \"Resolution 99-NQ/TW\" issued_by Organization \"Politburo\".\n"
	var in struct {
		IngestText struct {
			Source            string
			Unchanged         bool
			Added, Assertions int
		}
	}
	json.Unmarshal(mutate(ingestQ, map[string]any{"text": text, "title": "Line test", "url": "https://example.test/lines"}), &in)
	if in.IngestText.Unchanged || in.IngestText.Added != 2 || in.IngestText.Assertions != 2 {
		t.Fatalf("ingestText: %+v", in.IngestText)
	}
	if d := srv.mustQuery(t, `{ resolutionsImplementedBy(programme: "Project 07") { name issuedBy { name } } }`, nil); !strings.Contains(string(d), "Resolution 99-NQ/TW") ||
		!strings.Contains(string(d), "Politburo") {
		t.Errorf("after ingestText: %s", d)
	}
	json.Unmarshal(mutate(ingestQ, map[string]any{"text": text, "title": "Line test", "url": "https://example.test/lines"}), &in)
	if !in.IngestText.Unchanged {
		t.Errorf("the same text again: %+v", in.IngestText)
	}

	// retractSource removes what only that source said.
	var rr struct{ RetractSource struct{ Removed int } }
	json.Unmarshal(mutate(retractQ, map[string]any{"id": src}), &rr)
	if rr.RetractSource.Removed != 2 {
		t.Errorf("retract removed %d triples, want 2", rr.RetractSource.Removed)
	}
	data = srv.mustQuery(t, `{ lookup(name: "To Lam") { name ... on Person { attends { name } } } }`, nil)
	if strings.Contains(string(data), "Hanoi Data Forum") || !strings.Contains(string(data), "Tô Lâm") {
		t.Errorf("after retract: %s", data)
	}
	if _, r := srv.post(t, retractQ, map[string]any{"id": src}, "tok"); r.code() != codeNotFound {
		t.Errorf("retracting twice: %q (%s)", r.errorText(), r.code())
	}
}

// failingIngester fails or panics, to show what a client sees then.
type failingIngester struct{ panics bool }

func (f failingIngester) IngestText(context.Context, string, string, string) (graph.ApplyResult, error) {
	if f.panics {
		panic("ingester exploded at /srv/govkg/secret/path.go:42")
	}
	return graph.ApplyResult{}, errors.New("open /srv/govkg/data/MANIFEST: permission denied")
}

// TestErrorsDoNotLeak checks that internal errors and panics reach the
// client as a generic message with a request ID, never with paths or stacks.
func TestErrorsDoNotLeak(t *testing.T) {
	for _, panics := range []bool{false, true} {
		srv := newTestServer(t, Options{Token: "tok", Ingester: failingIngester{panics: panics}})
		status, r := srv.post(t, ingestQ, map[string]any{"text": "anything"}, "tok")
		text := r.errorText()
		if status != 200 || !strings.Contains(text, "internal error (request ") || r.code() != codeInternal {
			t.Errorf("panics=%v: status %d, %q (%s)", panics, status, text, r.code())
		}
		for _, leak := range []string{"/srv/govkg", "goroutine", ".go:", "MANIFEST", "exploded"} {
			if strings.Contains(text, leak) {
				t.Errorf("panics=%v: error leaks %q: %s", panics, leak, text)
			}
		}
		// The server still answers afterwards.
		srv.mustQuery(t, `{ stats { entities } }`, nil)
	}
}
