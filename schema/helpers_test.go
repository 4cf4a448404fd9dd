package schema

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
)

// fixture is testdata/graph.json: invented facts written for these tests.
type fixture struct {
	Entities []struct {
		Ref       string            `json:"ref"`
		Type      graph.EntityType  `json:"type"`
		Name      string            `json:"name"`
		Aliases   []string          `json:"aliases"`
		Symbol    string            `json:"symbol"`
		Qualifier string            `json:"qualifier"`
		Attrs     map[string]string `json:"attrs"`
	} `json:"entities"`
	Sources []struct {
		Title string `json:"title"`
		URL   string `json:"url"`
		Date  string `json:"date"`
		Facts []struct {
			S        string          `json:"s"`
			P        graph.Predicate `json:"p"`
			O        string          `json:"o"`
			Date     string          `json:"date"`
			Sentence string          `json:"sentence"`
		} `json:"facts"`
	} `json:"sources"`
}

// fixtureTime is the ingestion time of every fixture source, so that
// answers do not depend on when the test runs.
var fixtureTime = time.Date(2024, 1, 2, 3, 4, 5, 0, time.UTC)

// entityFor builds the graph entity of a fixture entity.
func (f *fixture) batches(t testing.TB) ([]graph.Batch, map[string]graph.ID) {
	t.Helper()
	ents := map[string]graph.Entity{}
	ids := map[string]graph.ID{}
	for _, e := range f.Entities {
		key := graph.Key(e.Type, e.Name)
		attrs := map[string]string{}
		for k, v := range e.Attrs {
			attrs[k] = v
		}
		if e.Symbol != "" {
			key = graph.DocumentKey(e.Type, e.Symbol, e.Qualifier)
			attrs["symbol"] = e.Symbol
		}
		id := graph.NewID(key)
		ents[e.Ref] = graph.Entity{ID: id, Type: e.Type, Name: e.Name, Aliases: e.Aliases, Attrs: attrs}
		ids[e.Ref] = id
	}
	var out []graph.Batch
	for _, s := range f.Sources {
		src := graph.Source{ID: graph.SourceID(s.URL), Title: s.Title, URL: s.URL, Date: s.Date, IngestedAt: fixtureTime}
		b := graph.Batch{}
		used := map[string]bool{}
		var text strings.Builder
		for _, fact := range s.Facts {
			subj, ok := ents[fact.S]
			if !ok {
				t.Fatalf("fixture: unknown entity %q", fact.S)
			}
			var obj graph.Value
			if fact.Date != "" {
				v, err := graph.DateValue(fact.Date)
				if err != nil {
					t.Fatalf("fixture: %v", err)
				}
				obj = v
			} else {
				o, ok := ents[fact.O]
				if !ok {
					t.Fatalf("fixture: unknown entity %q", fact.O)
				}
				obj = graph.EntityValue(o.ID)
				used[fact.O] = true
			}
			used[fact.S] = true
			if text.Len() > 0 {
				text.WriteByte(' ')
			}
			start := text.Len()
			text.WriteString(fact.Sentence)
			b.Assertions = append(b.Assertions, graph.Assertion{
				Triple: graph.Triple{Subject: subj.ID, Predicate: fact.P, Object: obj},
				Provenance: graph.Provenance{Source: src.ID, Sentence: fact.Sentence, Start: start, End: text.Len(),
					Rule: "fixture", Confidence: 0.9},
			})
		}
		for _, e := range f.Entities {
			if used[e.Ref] {
				b.Entities = append(b.Entities, ents[e.Ref])
			}
		}
		h := sha256.Sum256([]byte(text.String()))
		src.Hash = hex.EncodeToString(h[:])
		b.Source = src
		out = append(out, b)
	}
	return out, ids
}

// loadFixture fills store with testdata/graph.json and returns the IDs of
// its entities by ref.
func loadFixture(t testing.TB, store *graph.Store) map[string]graph.ID {
	t.Helper()
	raw, err := os.ReadFile(filepath.Join("testdata", "graph.json"))
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("testdata/graph.json: %v", err)
	}
	bs, ids := f.batches(t)
	for _, b := range bs {
		if _, err := store.Apply(context.Background(), b); err != nil {
			t.Fatalf("apply %s: %v", b.Source.URL, err)
		}
	}
	return ids
}

// openStore opens a store on disk in a temporary directory.
func openStore(t testing.TB) *graph.Store {
	t.Helper()
	s, err := graph.Open(graph.Options{Dir: filepath.Join(t.TempDir(), "store")})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// testServer is an httptest server over a real store.
type testServer struct {
	*httptest.Server
	store *graph.Store
	ids   map[string]graph.ID
	h     *handler
}

// newTestServer serves a store filled with the fixture.
func newTestServer(t testing.TB, opts Options) *testServer {
	t.Helper()
	store := openStore(t)
	ids := loadFixture(t, store)
	return serveStore(t, store, ids, opts, batchHooks{})
}

// serveStore serves store with opts and hooks.
func serveStore(t testing.TB, store *graph.Store, ids map[string]graph.ID, opts Options, hooks batchHooks) *testServer {
	t.Helper()
	h, err := newHandler(store, opts, hooks)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return &testServer{Server: srv, store: store, ids: ids, h: h}
}

// gqlResponse is a decoded GraphQL response.
type gqlResponse struct {
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// errorText joins the error messages of r.
func (r gqlResponse) errorText() string {
	var msgs []string
	for _, e := range r.Errors {
		msgs = append(msgs, e.Message)
	}
	return strings.Join(msgs, "; ")
}

// code returns the extension code of the first error.
func (r gqlResponse) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// post sends a GraphQL request and decodes the answer.
func (s *testServer) post(t testing.TB, query string, vars map[string]any, token string) (int, gqlResponse) {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		t.Fatal(err)
	}
	return s.postRaw(t, body, token)
}

// postRaw sends body as a GraphQL POST.
func (s *testServer) postRaw(t testing.TB, body []byte, token string) (int, gqlResponse) {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return s.do(t, req)
}

// do sends req and decodes the GraphQL answer.
func (s *testServer) do(t testing.TB, req *http.Request) (int, gqlResponse) {
	t.Helper()
	res, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	var out gqlResponse
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response %d is not JSON: %v: %s", res.StatusCode, err, raw)
	}
	return res.StatusCode, out
}

// mustQuery runs query and fails the test on any error.
func (s *testServer) mustQuery(t testing.TB, query string, vars map[string]any) json.RawMessage {
	t.Helper()
	status, r := s.post(t, query, vars, "")
	if status != http.StatusOK || len(r.Errors) > 0 {
		t.Fatalf("query failed (%d): %s\n%s", status, r.errorText(), query)
	}
	return r.Data
}

// lineIngester is a small real Ingester for the tests: every line of the
// form  Type "Name" predicate Type "Name".  becomes an assertion, stored
// through Store.Apply as one source.
type lineIngester struct{ store *graph.Store }

var lineFact = regexp.MustCompile(`(?m)^(\w+) "([^"]+)" (\w+) (\w+) "([^"]+)"\.$`)

// IngestText implements Ingester.
func (li lineIngester) IngestText(ctx context.Context, title, url, text string) (graph.ApplyResult, error) {
	h := sha256.Sum256([]byte(title + "\x00" + url + "\x00" + text))
	loc := url
	if loc == "" {
		loc = "sha256:" + hex.EncodeToString(h[:])
	}
	src := graph.Source{ID: graph.SourceID(loc), Title: title, URL: loc, Hash: hex.EncodeToString(h[:])}
	b := graph.Batch{Source: src}
	seen := map[graph.ID]bool{}
	entity := func(t, name string) graph.Entity {
		e := graph.Entity{ID: graph.NewID(graph.Key(graph.EntityType(t), name)), Type: graph.EntityType(t), Name: name}
		if !seen[e.ID] {
			seen[e.ID] = true
			b.Entities = append(b.Entities, e)
		}
		return e
	}
	for _, m := range lineFact.FindAllStringSubmatchIndex(text, -1) {
		g := func(i int) string { return text[m[2*i]:m[2*i+1]] }
		s, o := entity(g(1), g(2)), entity(g(4), g(5))
		b.Assertions = append(b.Assertions, graph.Assertion{
			Triple: graph.Triple{Subject: s.ID, Predicate: graph.Predicate(g(3)), Object: graph.EntityValue(o.ID)},
			Provenance: graph.Provenance{Source: src.ID, Sentence: text[m[0]:m[1]], Start: m[0], End: m[1],
				Rule: "test-line", Confidence: 1},
		})
	}
	return li.store.Apply(ctx, b)
}
