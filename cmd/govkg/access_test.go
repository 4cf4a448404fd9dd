package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestDataDirIsPrivate checks that a store directory the command creates
// is readable by its owner alone, and so is a backup file.
func TestDataDirIsPrivate(t *testing.T) {
	data := filepath.Join(t.TempDir(), "new", "store")
	if code, out, errs := govkg(t, "", "ingest", "-q", "--data", data, "testdata/articles"); code != exitOK {
		t.Fatalf("ingest: exit %d\n%s\n%s", code, out, errs)
	}
	info, err := os.Stat(data)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o700 {
		t.Errorf("a fresh --data directory has mode %o, want 700", perm)
	}
	backup := filepath.Join(t.TempDir(), "store.backup")
	if code, _, errs := govkg(t, "", "backup", "--data", data, "--out", backup); code != exitOK {
		t.Fatalf("backup: exit %d: %s", code, errs)
	}
	if info, err := os.Stat(backup); err != nil || info.Mode().Perm() != 0o600 {
		t.Errorf("backup file: %v, mode %o, want 600", err, info.Mode().Perm())
	}
}

// inProcessServe runs `govkg serve` in this process on a free port (with
// the bearer token, unless it is empty) until the returned stop function
// is called, which checks that serve ended cleanly.
func inProcessServe(t *testing.T, data, token string) (base string, stop func()) {
	t.Helper()
	addr := freeAddr(t)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan int, 1)
	args := []string{"serve", "--data", data, "--addr", addr}
	if token != "" {
		args = append(args, "--token", token)
	}
	go func() {
		done <- run(ctx, args, strings.NewReader(""), io.Discard, io.Discard)
	}()
	base = "http://" + addr
	deadline := time.Now().Add(30 * time.Second)
	for {
		res, err := http.Get(base + "/healthz")
		if err == nil {
			res.Body.Close()
			break
		}
		if time.Now().After(deadline) {
			cancel()
			t.Fatalf("serve did not come up: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
	return base, func() {
		cancel()
		select {
		case code := <-done:
			if code != exitOK {
				t.Errorf("serve exited %d", code)
			}
		case <-time.After(30 * time.Second):
			t.Error("serve did not stop")
		}
	}
}

// TestBackupFromServer backs up a running server with `backup --from`:
// refused without the token or with a wrong one (leaving no file); taken
// while ingestText mutations run, it restores (restore checks the store)
// with every mutation's source whole; taken when the server is quiet, it
// restores to the same graph as an offline backup of the same store.
func TestBackupFromServer(t *testing.T) {
	const token = "backup-from-token"
	data := filepath.Join(t.TempDir(), "store")
	base, stop := inProcessServe(t, data, token)
	stopped := false
	defer func() {
		if !stopped {
			stop()
		}
	}()
	out := t.TempDir()

	t.Setenv("GOVKG_TOKEN", "")
	if code, _, errs := govkg(t, "", "backup", "--from", base, "--out", filepath.Join(out, "a")); code != exitUsage || !strings.Contains(errs, "token") {
		t.Errorf("without a token: exit %d: %s", code, errs)
	}
	if code, _, errs := govkg(t, "", "backup", "--from", base, "--token", "wrong", "--out", filepath.Join(out, "b")); code != exitFailure ||
		!strings.Contains(errs, "401") || !strings.Contains(errs, "Authorization: Bearer") {
		t.Errorf("with a wrong token: exit %d: %s", code, errs)
	}
	if code, _, errs := govkg(t, "", "backup", "--from", "ftp://x", "--token", token, "--out", filepath.Join(out, "c")); code != exitUsage {
		t.Errorf("with a bad address: exit %d: %s", code, errs)
	}
	if entries, _ := os.ReadDir(out); len(entries) != 0 {
		t.Errorf("refused backups left files: %v", entries)
	}

	// The store is locked while served: an offline backup says how to
	// back it up instead.
	if code, _, errs := govkg(t, "", "backup", "--data", data, "--out", filepath.Join(out, "locked")); code != exitFailure ||
		!strings.Contains(errs, "locked") || !strings.Contains(errs, "backup --from") {
		t.Errorf("offline backup of a served store: exit %d: %s", code, errs)
	}

	// A backup while mutations run.
	var wg sync.WaitGroup
	client := &http.Client{Timeout: 30 * time.Second}
	const texts = 60
	errc := make(chan error, texts)
	for w := 0; w < 3; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := w; i < texts; i += 3 {
				title, text := synthArticle(i)
				if ok, err := ingestText(client, base, token, title, fmt.Sprintf("https://news.example/backup/%03d", i), text); !ok {
					errc <- err
					return
				}
			}
		}()
	}
	during := filepath.Join(out, "during.backup")
	if code, _, errs := govkg(t, "", "backup", "--from", base, "--token", token, "--out", during); code != exitOK {
		t.Fatalf("backup --from during mutations: exit %d: %s", code, errs)
	}
	wg.Wait()
	close(errc)
	for err := range errc {
		t.Fatal(err)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if code, _, errs := govkg(t, "", "restore", "--in", during, "--data", restored); code != exitOK {
		t.Fatalf("restore of a backup taken during mutations: exit %d: %s", code, errs)
	}
	for url, s := range sourceStates(t, restored) {
		if s.triples != s.assertions {
			t.Errorf("restored source %s is torn: %+v", url, s)
		}
	}

	// Quiet: the server's backup equals an offline one.
	online := filepath.Join(out, "online.backup")
	if code, _, errs := govkg(t, "", "backup", "--from", base, "--token", token, "--out", online); code != exitOK {
		t.Fatalf("backup --from: exit %d: %s", code, errs)
	}
	if code, _, errs := govkg(t, "", "backup", "--from", base, "--token", token, "--out", online); code != exitFailure || !strings.Contains(errs, "exists") {
		t.Errorf("backup --from over an existing file: exit %d: %s", code, errs)
	}
	stop()
	stopped = true
	offline := filepath.Join(out, "offline.backup")
	if code, _, errs := govkg(t, "", "backup", "--data", data, "--out", offline); code != exitOK {
		t.Fatalf("offline backup: exit %d: %s", code, errs)
	}
	ra, rb := filepath.Join(t.TempDir(), "a"), filepath.Join(t.TempDir(), "b")
	for in, dir := range map[string]string{online: ra, offline: rb} {
		if code, _, errs := govkg(t, "", "restore", "--in", in, "--data", dir); code != exitOK {
			t.Fatalf("restore %s: exit %d: %s", in, code, errs)
		}
	}
	a, b := dumpStore(t, ra, true), dumpStore(t, rb, true)
	if a != b {
		t.Fatalf("the online and offline backups restore differently at %s", firstDiff(a, b))
	}
	if live := dumpStore(t, data, true); live != a {
		t.Fatalf("the restored backup differs from the store at %s", firstDiff(live, a))
	}
	if n := strings.Count(a, "\nS "); n < texts {
		t.Errorf("the backup holds %d sources, want the %d texts and the seeds", n, texts)
	}
}
