package schema

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"
)

// leakMarkers must never appear in an answer: they would mean a stack
// trace, a source path or a Go error value reached a client.
var leakMarkers = []string{"goroutine ", ".go:", "runtime/", "/work/", "/home/", "panic:", "badger"}

// FuzzDecodeRequest sends arbitrary bodies (as POST) and query strings (as
// GET) through the handler over a real store holding the fixture: no
// panic, never a 5xx, always a JSON answer that has data or errors, no
// INTERNAL error code (that is what a resolver panic or an unexpected
// store error becomes) and nothing in it that looks like a stack trace or
// an internal path. Seeds are in testdata/fuzz/FuzzDecodeRequest.
func FuzzDecodeRequest(f *testing.F) {
	store := openStore(f)
	ids := loadFixture(f, store)
	r12 := ids["r12"].String()
	for _, q := range []string{
		`{"query":"{ stats { entities triples sources } }"}`,
		`{"query":"query($id: ID!) { entity(id: $id) { name ... on Resolution { issuedBy { name } } } }","variables":{"id":"` + r12 + `"}}`,
		`{"query":"{ neighbourhood(id: \"Politburo\", depth: 2) { nodes { id } edges { source target } } }"}`,
		`{"query":"{ path(from: \"Politburo\", to: \"Hanoi\") { nodes { name } } }"}`,
		`{"query":"{ search(text: \"Bo\", first: 3) { nodes { name } pageInfo { endCursor } } }"}`,
		`{"query":"query A { stats { entities } } query B { sources { url } }","operationName":"B"}`,
		`{"query":"mutation { ingestText(text: \"x\") { added } }"}`,
		`{"query":"{ ...F } fragment F on Query { ...F }"}`,
		`{"query":"{ entities(first: 2147483647) { nodes { id } } }"}`,
		`{"query": 5}`, `[]`, `{"query":"{ stats { entities } }","variables":[1]}`, "\xff\xfe{",
	} {
		f.Add([]byte(q), false)
	}
	f.Add([]byte("query=%7B+stats+%7B+entities+%7D+%7D&variables=%7B%7D"), true)
	h, err := newHandler(store, Options{Timeout: 2 * time.Second}, batchHooks{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, data []byte, asGet bool) {
		var req *http.Request
		if asGet {
			q, err := url.ParseQuery(string(data))
			if err != nil {
				return // not a query string a client could send
			}
			req = httptest.NewRequest(http.MethodGet, "/graphql?"+q.Encode(), nil)
		} else {
			req = httptest.NewRequest(http.MethodPost, "/graphql", bytes.NewReader(data))
			req.Header.Set("Content-Type", "application/json")
		}
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		body := rec.Body.String()
		if rec.Code >= 500 {
			t.Fatalf("status %d for %q: %s", rec.Code, data, body)
		}
		var out struct {
			Data   json.RawMessage `json:"data"`
			Errors []struct {
				Message    string         `json:"message"`
				Extensions map[string]any `json:"extensions"`
			} `json:"errors"`
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &out); err != nil {
			t.Fatalf("status %d: answer is not JSON (%v): %s", rec.Code, err, body)
		}
		if len(out.Errors) == 0 && (len(out.Data) == 0 || string(out.Data) == "null") {
			t.Fatalf("status %d: neither data nor errors: %s", rec.Code, body)
		}
		for _, e := range out.Errors {
			if e.Extensions["code"] == codeInternal {
				t.Fatalf("internal error for %q: %s", data, body)
			}
		}
		for _, m := range leakMarkers {
			if strings.Contains(strings.ToLower(body), strings.ToLower(m)) && !strings.Contains(strings.ToLower(string(data)), strings.ToLower(m)) {
				t.Fatalf("the answer leaks %q: %s", m, body)
			}
		}
	})
}
