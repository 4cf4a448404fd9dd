package schema

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// hostileServer serves the fixture through serveWith, the server Serve
// runs, on a loopback port with short timeouts, so that the real
// http.Server limits apply.
type hostileServer struct {
	url, addr string
	client    *http.Client
}

var testTimeouts = serverTimeouts{
	readHeader: 400 * time.Millisecond,
	read:       2 * time.Second,
	write:      10 * time.Second,
	idle:       5 * time.Second,
	shutdown:   5 * time.Second,
}

func startHostileServer(t *testing.T, h http.Handler) *hostileServer {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveWith(ctx, ln, h, nil, testTimeouts) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; err != nil {
			t.Errorf("serve: %v", err)
		}
	})
	addr := ln.Addr().String()
	return &hostileServer{url: "http://" + addr, addr: addr, client: &http.Client{Timeout: 20 * time.Second}}
}

// send posts body (with Content-Type JSON) and returns the status and body.
func (s *hostileServer) send(t *testing.T, body []byte) (int, string) {
	t.Helper()
	res, err := s.client.Post(s.url+"/graphql", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res.StatusCode, string(raw)
}

// alive checks that a normal query still answers.
func (s *hostileServer) alive(t *testing.T) {
	t.Helper()
	status, body := s.send(t, gql(`{ stats { entities sources } }`, nil))
	if status != 200 || !strings.Contains(body, `"sources":`) || strings.Contains(body, `"errors"`) {
		t.Fatalf("the server no longer answers a normal query: %d %s", status, body)
	}
}

// noLeaks fails when an answer carries a stack trace or a path.
func noLeaks(t *testing.T, body string) {
	t.Helper()
	for _, m := range leakMarkers {
		if strings.Contains(strings.ToLower(body), strings.ToLower(m)) {
			t.Errorf("the answer leaks %q: %.300s", m, body)
		}
	}
}

// TestHostileRequests sends what an attacker or a broken client might,
// to a real server: each gets a GraphQL error or a 4xx with a message that
// says what was wrong, no stack trace or path; a normal query answers
// after each; and the data is the same at the end.
func TestHostileRequests(t *testing.T) {
	store := openStore(t)
	ids := loadFixture(t, store)
	before := dumpGraph(t, store, true)
	h, err := newHandler(store, Options{Token: "hostile-token", Ingester: lineIngester{store}}, batchHooks{})
	if err != nil {
		t.Fatal(err)
	}
	srv := startHostileServer(t, h)
	r12 := ids["r12"].String()

	deep := `{ entity(id: "` + r12 + `") { ` + strings.Repeat("relations { edges { node { ", 33) + "id" +
		strings.Repeat(" } } }", 33) + ` } }` // 100 levels of selections
	var aliases strings.Builder
	aliases.WriteString("{ ")
	for i := 0; i < 10000; i++ {
		fmt.Fprintf(&aliases, "a%d: stats { entities } ", i)
	}
	aliases.WriteString("}")
	var manyAliases strings.Builder // as many as fit the length limit
	manyAliases.WriteString("{")
	for i := 0; manyAliases.Len() < DefaultMaxQueryLen-40; i++ {
		fmt.Fprintf(&manyAliases, "a%d:search(text:\"o\"){nodes{id}} ", i)
	}
	manyAliases.WriteString("}")

	cases := []struct {
		name   string
		body   []byte
		status int
		says   string // in the error text
	}{
		{"query 100 levels deep", gql(deep, nil), 200, "exceeds max depth 15"},
		{"10,000 repeated aliases", gql(aliases.String(), nil), 200, "exceeds the maximum allowed query length"},
		{"aliases up to the length limit", gql(manyAliases.String(), nil), 200, ""},
		{"first: 2147483647", gql(`{ entities(first: 2147483647) { nodes { id } } }`, nil), 200, "over the limit of 1000"},
		{"first: 2147483648", gql(`{ entities(first: 2147483648) { nodes { id } } }`, nil), 200, "2147483648"},
		{"relations first: 2147483647", gql(`{ entity(id: "`+r12+`") { relations(first: 2147483647) { edges { predicate } } } }`, nil), 200, "over the limit"},
		{"neighbourhood limit: 2147483647", gql(`{ neighbourhood(id: "Politburo", limit: 2147483647) { nodes { id } } }`, nil), 200, "over the limit"},
		{"cyclic fragments", gql(`{ ...A } fragment A on Query { stats { entities } ...B } fragment B on Query { ...A }`, nil), 200, "Cannot spread fragment"},
		{"self-spreading fragment", gql(`query { entity(id: "`+r12+`") { ...E } } fragment E on Entity { id ...E }`, nil), 200, "Cannot spread fragment"},
		{"10 MB body", append([]byte(`{"query":"`), bytes.Repeat([]byte("x"), 10<<20)...), 413, "over the limit of 1048576 bytes"},
		{"malformed JSON", []byte(`{"query": "{ stats { entities } }",`), 400, "malformed JSON"},
		{"JSON with NUL and invalid UTF-8", []byte("{\"query\": \"{ stats \x00 \xff }\"}"), 400, "malformed JSON"},
		{"deeply nested JSON", append(bytes.Repeat([]byte(`{"a":`), 100000), '1'), 400, "malformed JSON"},
		{"variables 10,000 deep", []byte(`{"query":"{ stats { entities } }","variables":{"v":` + strings.Repeat("[", 10000) + strings.Repeat("]", 10000) + `}}`), 400, "malformed JSON"},
		{"mutation without the token", gql(`mutation { ingestText(text: "Person \"A\" member_of Organization \"B\".") { added } }`, nil), 200, "Authorization: Bearer"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body := srv.send(t, c.body)
			if status != c.status {
				t.Fatalf("status %d, want %d: %.300s", status, c.status, body)
			}
			var r gqlResponse
			if err := json.Unmarshal([]byte(body), &r); err != nil {
				t.Fatalf("answer is not JSON: %.300s", body)
			}
			if c.says != "" && !strings.Contains(r.errorText(), c.says) {
				t.Errorf("error %q does not say %q", r.errorText(), c.says)
			}
			if c.says == "" && len(r.Errors) == 0 && (len(r.Data) == 0 || string(r.Data) == "null") {
				t.Errorf("neither data nor an error: %.300s", body)
			}
			for _, e := range r.Errors {
				if e.Extensions["code"] == codeInternal {
					t.Errorf("an internal error: %s", e.Message)
				}
			}
			noLeaks(t, body)
			srv.alive(t)
		})
	}

	t.Run("slowloris headers", func(t *testing.T) {
		// Clients that send their headers a byte at a time are cut off
		// by the header timeout, and the server goes on answering.
		const n = 20
		var wg sync.WaitGroup
		cut := make(chan time.Duration, n)
		for i := 0; i < n; i++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				cut <- slowHeaders(t, srv.addr, 100*time.Millisecond)
			}()
		}
		time.Sleep(testTimeouts.readHeader / 2)
		srv.alive(t) // while they trickle
		wg.Wait()
		close(cut)
		for d := range cut {
			if d < 0 {
				t.Fatal("a slowloris connection was never cut")
			}
			if d > testTimeouts.readHeader+3*time.Second {
				t.Errorf("a slowloris connection was cut only after %s (header timeout %s)", d, testTimeouts.readHeader)
			}
		}
		srv.alive(t)
	})

	t.Run("slow body", func(t *testing.T) {
		// Headers on time, then a body that never completes: the read
		// timeout closes the connection.
		conn, err := net.Dial("tcp", srv.addr)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close()
		fmt.Fprintf(conn, "POST /graphql HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"query\":")
		start := time.Now()
		conn.SetReadDeadline(time.Now().Add(testTimeouts.read + 10*time.Second))
		resp, _ := io.ReadAll(conn)
		if time.Since(start) > testTimeouts.read+5*time.Second {
			t.Errorf("a stalled body held the connection for %s (read timeout %s)", time.Since(start), testTimeouts.read)
		}
		noLeaks(t, string(resp))
		if len(resp) > 0 && !bytes.HasPrefix(resp, []byte("HTTP/1.1 4")) {
			t.Errorf("a stalled body got %.200q", resp)
		}
		srv.alive(t)
	})

	t.Run("oversized headers", func(t *testing.T) {
		req, _ := http.NewRequest(http.MethodPost, srv.url+"/graphql", strings.NewReader(`{"query":"{ stats { entities } }"}`))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("X-Junk", strings.Repeat("j", 1<<20))
		res, err := srv.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
			t.Errorf("1 MiB of headers: %d %.200s", res.StatusCode, body)
		}
		noLeaks(t, string(body))
		srv.alive(t)
	})

	if after := dumpGraph(t, store, true); after != before {
		t.Fatalf("the data changed under hostile requests: %s", firstDiff(before, after))
	}
	checkStore(t, store)
}

// slowHeaders opens a connection and sends a request's headers a byte
// every gap, never finishing them. It returns how long the server took to
// close the connection, or -1 if it never did within 10 s.
func slowHeaders(t *testing.T, addr string, gap time.Duration) time.Duration {
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Error(err)
		return -1
	}
	defer conn.Close()
	start := time.Now()
	closed := make(chan struct{})
	go func() {
		defer close(closed)
		conn.SetReadDeadline(time.Now().Add(10 * time.Second))
		_, _ = bufio.NewReader(conn).ReadByte() // EOF or an error answer, either way the server gave up
	}()
	header := "POST /graphql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nX-Slow: " + strings.Repeat("s", 200)
	for i := 0; i < len(header); i++ {
		select {
		case <-closed:
			return time.Since(start)
		case <-time.After(gap):
		}
		if _, err := conn.Write([]byte{header[i]}); err != nil {
			<-closed
			return time.Since(start)
		}
	}
	select {
	case <-closed:
		return time.Since(start)
	case <-time.After(10 * time.Second):
		return -1
	}
}
