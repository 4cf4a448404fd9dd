package schema

import (
	"bytes"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"
)

// TestLimits checks that every limit refuses with a clear error rather
// than answering partly or falling over.
func TestLimits(t *testing.T) {
	srv := newTestServer(t, Options{MaxQueryLen: 5000, MaxBody: 1 << 20})
	r12 := srv.ids["r12"].String()
	deep := "{ entity(id: \"" + r12 + "\") { " + strings.Repeat("relations { edges { node { ", 33) + "id" +
		strings.Repeat(" } } }", 33) + " } }"
	cases := []struct {
		name     string
		body     []byte
		status   int
		contains string // in the error text
		code     string // extension code, when the resolver refuses
	}{
		{name: "depth 100", body: gql(deep, nil), status: 200, contains: "exceeds max depth 15"},
		{name: "first 1000000", body: gql(`{ entities(first: 1000000) { nodes { id } } }`, nil), status: 200,
			contains: "first: 1000000 is over the limit of 1000", code: codeLimit},
		{name: "first negative", body: gql(`{ entities(first: -1) { nodes { id } } }`, nil), status: 200,
			contains: "first: -1 is negative", code: codeBadInput},
		{name: "relation list first", body: gql(`{ entity(id: "`+r12+`") { ... on Resolution { issuedBy(first: 5000) { id } } } }`, nil),
			status: 200, contains: "over the limit", code: codeLimit},
		{name: "neighbourhood depth", body: gql(`{ neighbourhood(id: "Politburo", depth: 50) { nodes { id } } }`, nil),
			status: 200, contains: "depth: 50 is over the limit of 6", code: codeLimit},
		{name: "neighbourhood limit", body: gql(`{ neighbourhood(id: "Politburo", limit: 1000000) { nodes { id } } }`, nil),
			status: 200, contains: "limit: 1000000 is over the limit", code: codeLimit},
		{name: "path depth", body: gql(`{ path(from: "Politburo", to: "Hanoi", maxDepth: 99) { nodes { id } } }`, nil),
			status: 200, contains: "maxDepth: 99 is over the limit", code: codeLimit},
		{name: "query too long", body: gql("{ stats { entities } }"+strings.Repeat(" ", 6000), nil), status: 200,
			contains: "exceeds the maximum allowed query length"},
		{name: "10 MB body", body: append(gql(`{ stats { entities } }`, nil)[:1], bytes.Repeat([]byte(" "), 10<<20)...),
			status: 413, contains: "request body is over the limit of 1048576 bytes"},
		{name: "malformed JSON", body: []byte(`{"query": "{ stats { entities } }"`), status: 400, contains: "malformed JSON"},
		{name: "not an object", body: []byte(`["query"]`), status: 400, contains: "malformed JSON"},
		{name: "no query", body: []byte(`{"variables": {}}`), status: 400, contains: "no query"},
		{name: "unknown field", body: gql(`{ stats { entities colour } }`, nil), status: 200,
			contains: `Cannot query field "colour" on type "Stats"`},
		{name: "wrong variable type", body: gql(`query($n: Int!) { entities(first: $n) { nodes { id } } }`, map[string]any{"n": "many"}),
			status: 200, contains: `could not unmarshal "many" (string) into int32`},
		{name: "unknown enum", body: gql(`{ entities(type: Dragon) { nodes { id } } }`, nil), status: 200,
			contains: "Dragon"},
		{name: "syntax error", body: gql(`{ stats { entities }`, nil), status: 200, contains: "syntax error"},
		{name: "bad cursor", body: gql(`{ entities(after: "not-a-cursor") { nodes { id } } }`, nil), status: 200,
			contains: "is not a cursor this server gave out", code: codeBadInput},
		{name: "bad ID", body: gql(`{ entity(id: "nobody") { id } }`, nil), status: 200,
			contains: `id: "nobody" is not an ID`, code: codeBadInput},
		{name: "ambiguous name", body: gql(`{ resolutionsImplementedBy(programme: "Public Security") { id } }`, nil), status: 200,
			contains: "no entity is called", code: codeNotFound},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, r := srv.postRaw(t, c.body, "")
			if status != c.status {
				t.Fatalf("status %d, want %d (%s)", status, c.status, r.errorText())
			}
			if len(r.Errors) == 0 {
				t.Fatalf("no error; data: %s", r.Data)
			}
			if !strings.Contains(r.errorText(), c.contains) {
				t.Errorf("error %q does not say %q", r.errorText(), c.contains)
			}
			if c.code != "" && r.code() != c.code {
				t.Errorf("code %q, want %q", r.code(), c.code)
			}
			if d := string(r.Data); d != "" && d != "null" && d != "{}" && c.code == "" {
				t.Errorf("a refused request answered data: %s", d)
			}
		})
	}
}

// gql encodes a GraphQL request body.
func gql(query string, vars map[string]any) []byte {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return b
}

// TestTransportRefusals covers methods, content types and GET.
func TestTransportRefusals(t *testing.T) {
	srv := newTestServer(t, Options{Token: "s3cret"})
	send := func(method, path, ctype string, body string) (int, gqlResponse) {
		req, err := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if err != nil {
			t.Fatal(err)
		}
		if ctype != "" {
			req.Header.Set("Content-Type", ctype)
		}
		req.Header.Set("Authorization", "Bearer s3cret")
		return srv.do(t, req)
	}
	if status, r := send(http.MethodPut, "/graphql", "application/json", `{"query":"{stats{entities}}"}`); status != 405 ||
		!strings.Contains(r.errorText(), "not allowed") {
		t.Errorf("PUT: %d %s", status, r.errorText())
	}
	if status, r := send(http.MethodPost, "/graphql", "text/plain", `{"query":"{stats{entities}}"}`); status != 415 ||
		!strings.Contains(r.errorText(), "application/json") {
		t.Errorf("text/plain: %d %s", status, r.errorText())
	}
	q := url.Values{"query": {`query Count($t: EntityType) { entities(type: $t) { nodes { name } } }`},
		"variables": {`{"t": "Place"}`}}
	status, r := send(http.MethodGet, "/graphql?"+q.Encode(), "", "")
	if status != 200 || len(r.Errors) > 0 || !strings.Contains(string(r.Data), "Hanoi") {
		t.Errorf("GET query: %d %s %s", status, r.errorText(), r.Data)
	}
	q = url.Values{"query": {`mutation { retractSource(id: "` + srv.ids["pb"].String() + `") { removed } }`}}
	status, r = send(http.MethodGet, "/graphql?"+q.Encode(), "", "")
	if status != 200 || !strings.Contains(r.errorText(), "mutations must be sent with POST") {
		t.Errorf("GET mutation: %d %s", status, r.errorText())
	}
	q = url.Values{"query": {`{ stats { entities } }`}, "variables": {`{not json`}}
	if status, r = send(http.MethodGet, "/graphql?"+q.Encode(), "", ""); status != 400 {
		t.Errorf("GET with bad variables: %d %s", status, r.errorText())
	}
}

// TestTimeout checks that a request over its time gets an error saying so.
func TestTimeout(t *testing.T) {
	srv := newTestServer(t, Options{Timeout: time.Nanosecond})
	status, r := srv.post(t, `{ search(text: "a") { nodes { name } } }`, nil, "")
	if status != 200 || !strings.Contains(r.errorText(), "did not finish within the 1ns limit") {
		t.Fatalf("status %d, errors %q", status, r.errorText())
	}
}

// TestIntrospectionToggle checks that introspection answers by default
// and is refused when the options turn it off.
func TestIntrospectionToggle(t *testing.T) {
	const q = `{ __schema { queryType { name } } __type(name: "Resolution") { name } }`
	on := newTestServer(t, Options{})
	if data := on.mustQuery(t, q, nil); !strings.Contains(string(data), `"Resolution"`) {
		t.Errorf("introspection on: %s", data)
	}
	off := newTestServer(t, Options{DisableIntrospection: true})
	_, r := off.post(t, q, nil, "")
	if strings.Contains(string(r.Data), `"Resolution"`) || strings.Contains(string(r.Data), `"Query"`) {
		t.Errorf("introspection off still answers: %s", r.Data)
	}
}
