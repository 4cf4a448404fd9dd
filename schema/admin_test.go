package schema

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/govkg/govkg/graph"
)

// getBackup fetches /admin/backup with token ("" for none) and returns
// the status, the body and the checksum trailer.
func (s *testServer) getBackup(t testing.TB, method, scheme, token string) (int, []byte, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, s.URL+BackupPath, nil)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", scheme+" "+token)
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
	return res.StatusCode, body, res.Trailer.Get(BackupSHA256Trailer), res.Header
}

// TestBackupEndpointRefusals checks that only a holder of the token gets
// a backup, and that refusals say why without a byte of the store.
func TestBackupEndpointRefusals(t *testing.T) {
	open := newTestServer(t, Options{})
	if status, body, _, _ := open.getBackup(t, http.MethodGet, "Bearer", "anything"); status != http.StatusForbidden ||
		!strings.Contains(string(body), "started without a token") {
		t.Errorf("server without a token: %d %s", status, body)
	}
	srv := newTestServer(t, Options{Token: "s3cret-token"})
	cases := []struct {
		name, method, scheme, token string
		status                      int
		says                        string
	}{
		{"no token", http.MethodGet, "", "", http.StatusUnauthorized, "Authorization: Bearer"},
		{"wrong token", http.MethodGet, "Bearer", "s3cret-tokem", http.StatusUnauthorized, "Authorization: Bearer"},
		{"prefix of the token", http.MethodGet, "Bearer", "s3cret", http.StatusUnauthorized, "Authorization: Bearer"},
		{"token and more", http.MethodGet, "Bearer", "s3cret-token2", http.StatusUnauthorized, "Authorization: Bearer"},
		{"basic scheme", http.MethodGet, "Basic", "s3cret-token", http.StatusUnauthorized, "Authorization: Bearer"},
		{"POST", http.MethodPost, "Bearer", "s3cret-token", http.StatusMethodNotAllowed, "use GET"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, body, sum, hd := srv.getBackup(t, c.method, c.scheme, c.token)
			if status != c.status || !strings.Contains(string(body), c.says) || sum != "" {
				t.Fatalf("status %d, trailer %q, body %s", status, sum, body)
			}
			if c.status == http.StatusUnauthorized && !strings.HasPrefix(hd.Get("WWW-Authenticate"), "Bearer") {
				t.Errorf("no WWW-Authenticate challenge: %v", hd)
			}
			if len(body) > 300 || bytes.Contains(body, []byte("Politburo")) {
				t.Errorf("a refusal carries data: %s", body)
			}
		})
	}
	status, body, sum, _ := srv.getBackup(t, http.MethodGet, "bearer", "s3cret-token")
	h := sha256.Sum256(body)
	if status != 200 || len(body) == 0 || sum != hex.EncodeToString(h[:]) {
		t.Fatalf("backup with the token: %d, %d bytes, trailer %q", status, len(body), sum)
	}
}

// TestBackupDuringMutations takes backups through the endpoint while
// ingestText mutations keep writing. Each backup must restore (Restore
// checks every index), every source in it must be whole (all K of its
// facts), it must hold every source acknowledged before it was asked for
// and none that had not been sent when it ended. Once the writers stop,
// a backup through the endpoint and one taken straight from the store
// (what `govkg backup` does offline) restore to the same graph.
func TestBackupDuringMutations(t *testing.T) {
	const (
		facts   = 6
		writers = 4
		token   = "backup-token"
	)
	sources := 32
	if soak() {
		sources = 400
	}
	store := openStore(t)
	loadFixture(t, store)
	srv := serveStore(t, store, nil, Options{Token: token, Ingester: lineIngester{store}}, batchHooks{})

	var mu sync.Mutex
	acked := map[string]bool{}
	sent := map[string]bool{}
	snapshot := func(m map[string]bool) map[string]bool {
		mu.Lock()
		defer mu.Unlock()
		c := make(map[string]bool, len(m))
		for k := range m {
			c[k] = true
		}
		return c
	}
	next := make(chan int)
	go func() {
		for i := 0; i < sources; i++ {
			next <- i
		}
		close(next)
	}()
	const mut = `mutation($text: String!, $url: String) { ingestText(text: $text, url: $url) { assertions } }`
	var wg sync.WaitGroup
	errs := make(chan error, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				url := fmt.Sprintf("test:src-%03d", i)
				mu.Lock()
				sent[url] = true
				mu.Unlock()
				status, r := srv.post(t, mut, map[string]any{"text": markerText(i, facts), "url": url}, token)
				if status != 200 || len(r.Errors) > 0 || !strings.Contains(string(r.Data), fmt.Sprintf(`"assertions":%d`, facts)) {
					errs <- fmt.Errorf("ingestText %s: %d %s %s", url, status, r.errorText(), r.Data)
					return
				}
				mu.Lock()
				acked[url] = true
				mu.Unlock()
			}
		}()
	}

	type taken struct {
		body          []byte
		before, after map[string]bool
	}
	// Backups back to back while the writers run, so that they overlap
	// mutations, at most maxBackups of them.
	maxBackups := 6
	if soak() {
		maxBackups = 30
	}
	var backups []taken
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	during := 0
	for running := true; running && len(backups) < maxBackups; {
		before := snapshot(acked)
		status, body, sum, _ := srv.getBackup(t, http.MethodGet, "Bearer", token)
		after := snapshot(sent)
		h := sha256.Sum256(body)
		if status != 200 || sum != hex.EncodeToString(h[:]) {
			t.Fatalf("backup %d: status %d, trailer %q for %d bytes", len(backups), status, sum, len(body))
		}
		backups = append(backups, taken{body, before, after})
		if len(snapshot(acked)) > len(before) {
			during++ // a mutation finished while the backup ran
		}
		select {
		case <-done:
			running = false
		default:
		}
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if during == 0 {
		t.Fatalf("none of the %d backups overlapped a mutation", len(backups))
	}
	t.Logf("%d backups, %d of them while mutations finished", len(backups), during)

	for i, b := range backups {
		dir := filepath.Join(t.TempDir(), "restored")
		if err := graph.Restore(context.Background(), graph.Options{Dir: dir}, bytes.NewReader(b.body)); err != nil {
			t.Fatalf("backup %d: restore: %v", i, err)
		}
		rs, err := graph.Open(graph.Options{Dir: dir})
		if err != nil {
			t.Fatal(err)
		}
		checkStore(t, rs)
		srcs, err := rs.Sources(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		got := map[string]bool{}
		for _, s := range srcs {
			if !strings.HasPrefix(s.URL, "test:src-") {
				continue
			}
			got[s.URL] = true
			as, err := rs.SourceAssertions(context.Background(), s.ID)
			if err != nil {
				t.Fatal(err)
			}
			if s.Triples != facts || len(as) != facts {
				t.Errorf("backup %d: source %s holds %d (%d assertions) of its %d facts", i, s.URL, s.Triples, len(as), facts)
			}
			if !b.after[s.URL] {
				t.Errorf("backup %d holds %s, which had not been sent when it ended", i, s.URL)
			}
		}
		for url := range b.before {
			if !got[url] {
				t.Errorf("backup %d lacks %s, acknowledged before it was asked for", i, url)
			}
		}
		t.Logf("backup %d: %d bytes, %d of %d sources (%d acknowledged before, %d sent by the end)",
			i, len(b.body), len(got), sources, len(b.before), len(b.after))
		rs.Close()
	}

	// Quiet now: the endpoint's backup equals the store's own.
	_, viaHTTP, _, _ := srv.getBackup(t, http.MethodGet, "Bearer", token)
	var direct bytes.Buffer
	if err := store.Backup(context.Background(), &direct); err != nil {
		t.Fatal(err)
	}
	restore := func(raw []byte) string {
		dir := filepath.Join(t.TempDir(), "r")
		if err := graph.Restore(context.Background(), graph.Options{Dir: dir}, bytes.NewReader(raw)); err != nil {
			t.Fatal(err)
		}
		s, err := graph.Open(graph.Options{Dir: dir, ReadOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		defer s.Close()
		return dumpGraph(t, s, true)
	}
	a, b := restore(viaHTTP), restore(direct.Bytes())
	if a != b {
		t.Fatalf("the endpoint's backup and the store's differ at %s", firstDiff(a, b))
	}
	if live := dumpGraph(t, store, true); live != a {
		t.Fatalf("the restored backup differs from the live store at %s", firstDiff(live, a))
	}
}
