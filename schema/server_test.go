package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

// get fetches path from the test server.
func (s *testServer) get(t *testing.T, path string, header map[string]string) (*http.Response, string) {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	res, err := s.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(body)
}

// TestPlaygroundOffline checks that the playground page and every script
// and style it names are served from the binary, and that nothing in them
// points at another host.
func TestPlaygroundOffline(t *testing.T) {
	srv := newTestServer(t, Options{})
	res, page := srv.get(t, "/", nil)
	if res.StatusCode != 200 || !strings.Contains(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("GET /: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if csp := res.Header.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
		t.Errorf("no restrictive CSP: %q", csp)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(page, -1)
	if len(refs) < 5 {
		t.Fatalf("the page names %d assets: %s", len(refs), page)
	}
	for _, m := range refs {
		ref := m[1]
		if strings.Contains(ref, "//") {
			t.Errorf("the page loads %s from another host", ref)
			continue
		}
		res, body := srv.get(t, "/"+ref, nil)
		if res.StatusCode != 200 || len(body) < 100 {
			t.Errorf("GET /%s: %d, %d bytes", ref, res.StatusCode, len(body))
		}
		if strings.HasPrefix(ref, "playground/") && regexp.MustCompile(`https?://`).MatchString(body) {
			t.Errorf("%s names a URL on another host", ref)
		}
	}
	for _, p := range []string{"/vendor/VERSIONS", "/vendor/graphiql/LICENSE", "/vendor/react/LICENSE",
		"/vendor/react-dom/LICENSE", "/vendor/cytoscape/LICENSE", "/vendor/cytoscape/cytoscape.min.js"} {
		if res, _ := srv.get(t, p, nil); res.StatusCode != 200 {
			t.Errorf("GET %s: %d", p, res.StatusCode)
		}
	}
	for _, p := range []string{"/nothing-here", "/vendor/", "/vendor/graphiql/", "/../go.mod"} {
		if res, _ := srv.get(t, p, nil); res.StatusCode != 404 {
			t.Errorf("GET %s: %d, want 404", p, res.StatusCode)
		}
	}
}

// TestHealthAndMetrics checks /healthz and that /metrics counts requests
// by operation and status.
func TestHealthAndMetrics(t *testing.T) {
	reg := prometheus.NewRegistry()
	srv := newTestServer(t, Options{Registry: reg})
	if res, body := srv.get(t, "/healthz", nil); res.StatusCode != 200 || !strings.Contains(body, `"ok"`) {
		t.Fatalf("healthz: %d %s", res.StatusCode, body)
	}
	srv.mustQuery(t, `query CountThem { stats { entities } }`, nil)
	srv.mustQuery(t, `query CountThem { stats { entities } }`, nil)
	srv.post(t, `{ stats { colour } }`, nil, "")
	srv.postRaw(t, []byte("{"), "")
	_, body := srv.get(t, "/metrics", nil)
	for _, want := range []string{
		`govkg_graphql_requests_total{operation="CountThem",status="ok"} 2`,
		`govkg_graphql_requests_total{operation="anonymous",status="error"} 1`,
		`govkg_graphql_requests_total{operation="anonymous",status="400"} 1`,
		`govkg_graphql_request_duration_seconds_count{operation="CountThem",status="ok"} 2`,
	} {
		if !strings.Contains(body, want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
	// A second handler on the same registry is refused, not double counted.
	if _, err := newHandler(srv.store, Options{Registry: reg}, batchHooks{}); err == nil {
		t.Error("a second handler registered the same metrics")
	}
}

// syncBuffer is a buffer safe for the concurrent writes of a logger.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// TestRequestLog checks the structured line logged for each request.
func TestRequestLog(t *testing.T) {
	var buf syncBuffer
	logger := slog.New(slog.NewJSONHandler(&buf, nil))
	srv := newTestServer(t, Options{Logger: logger})
	srv.mustQuery(t, `query WhoIssued { lookup(name: "Politburo") { name } }`, nil)
	var found bool
	for _, line := range strings.Split(strings.TrimSpace(buf.String()), "\n") {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("log line is not JSON: %s", line)
		}
		if rec["msg"] == "request" && rec["operation"] == "WhoIssued" {
			found = true
			if rec["status"] != float64(200) || rec["path"] != "/graphql" || rec["request_id"] == "" || rec["duration"] == nil {
				t.Errorf("request log: %v", rec)
			}
		}
	}
	if !found {
		t.Errorf("no request line for WhoIssued in:\n%s", buf.String())
	}
}

// TestCORS checks that only the listed origins get CORS headers.
func TestCORS(t *testing.T) {
	srv := newTestServer(t, Options{CORSOrigins: []string{"https://allowed.example"}})
	preflight := func(origin string) *http.Response {
		req, _ := http.NewRequest(http.MethodOptions, srv.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", "POST")
		res, err := srv.Client().Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		return res
	}
	if res := preflight("https://allowed.example"); res.StatusCode != 204 ||
		res.Header.Get("Access-Control-Allow-Origin") != "https://allowed.example" ||
		!strings.Contains(res.Header.Get("Access-Control-Allow-Headers"), "Authorization") {
		t.Errorf("allowed preflight: %d %v", res.StatusCode, res.Header)
	}
	if res := preflight("https://evil.example"); res.StatusCode != 403 || res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("refused preflight: %d %v", res.StatusCode, res.Header)
	}
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/graphql", strings.NewReader(`{"query":"{ stats { entities } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Origin", "https://evil.example")
	res, err := srv.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.Header.Get("Access-Control-Allow-Origin") != "" {
		t.Errorf("a POST from an unlisted origin got CORS headers: %v", res.Header)
	}
}

// TestServeShutsDownGracefully serves on a real port, runs a query, then
// cancels the context and expects Serve to return nil.
func TestServeShutsDownGracefully(t *testing.T) {
	srv := newTestServer(t, Options{})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- serveListener(ctx, ln, srv.h, nil) }()
	url := "http://" + ln.Addr().String()
	res, err := http.Post(url+"/graphql", "application/json", strings.NewReader(`{"query":"{ stats { sources } }"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if !strings.Contains(string(body), `"sources":2`) {
		t.Fatalf("answer: %s", body)
	}
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("Serve returned %v after cancel", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Serve did not stop after cancel")
	}
	if _, err := http.Get(url + "/healthz"); err == nil {
		t.Error("the server still answers after shutdown")
	}
	if err := Serve(context.Background(), "256.0.0.1:1", srv.h, nil); err == nil || !strings.Contains(err.Error(), "listen") {
		t.Errorf("Serve on a bad address: %v", err)
	}
}
