package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/ingest"
	"github.com/govkg/govkg/seeds"
)

var longFlag = flag.Bool("long", false, "run the long versions of the reliability tests (as GOVKG_SOAK=1)")

// runBin runs the built command to the end and returns its exit code
// and output.
func runBin(t testing.TB, bin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = &out, &errb
	err := cmd.Run()
	var ee *exec.ExitError
	switch {
	case err == nil:
		return 0, out.String(), errb.String()
	case errors.As(err, &ee):
		return ee.ExitCode(), out.String(), errb.String()
	}
	t.Fatalf("run %s %v: %v", bin, args, err)
	return -1, "", ""
}

// mustCheck runs `govkg check` on dir and fails unless it passes.
func mustCheck(t testing.TB, bin, dir, when string) {
	t.Helper()
	if code, out, errs := runBin(t, bin, "check", "--data", dir); code != exitOK {
		t.Fatalf("%s: check exited %d\n%s\n%s", when, code, out, errs)
	}
}

// TestCrashSafety builds the command once and kills it, as ingest and as
// serve, at random moments (see crashIngest and crashServe).
func TestCrashSafety(t *testing.T) {
	bin := buildGovkg(t)
	t.Run("ingest", func(t *testing.T) { crashIngest(t, bin) })
	t.Run("serve", func(t *testing.T) { crashServe(t, bin) })
}

// crashIngest kills `govkg ingest` with SIGKILL (every fifth round:
// interrupts it with SIGINT) at random moments
// while it stores a few thousand articles, through transactions in odd
// rounds and (into an empty directory) with the bulk loader in even ones. After each kill `govkg check`
// must pass and every stored source must be exactly as a clean run stores
// it (whole or absent); runs go on in the same directory, crash after
// crash, and when one completes its graph must equal that of an
// uninterrupted run into a fresh directory. GOVKG_SOAK=1 or -long: 100
// rounds.
func crashIngest(t *testing.T, bin string) {
	rounds, articles := 5, 2000
	if soak() {
		rounds, articles = 100, 3000
	}
	arts := writeSynthArticles(t, filepath.Join(t.TempDir(), "articles"), articles, 42)

	ref := filepath.Join(t.TempDir(), "reference")
	start := time.Now()
	if code, out, errs := runBin(t, bin, "ingest", "-q", "--data", ref, arts); code != exitOK {
		t.Fatalf("reference ingest: exit %d\n%s\n%s", code, out, errs)
	}
	full := time.Since(start)
	mustCheck(t, bin, ref, "reference")
	want := sourceStates(t, ref)
	wantDump := dumpStore(t, ref, false)
	if len(want) != articles+1 {
		t.Fatalf("the reference holds %d sources, want %d articles and the seeds", len(want), articles)
	}
	checkAgainstExtraction(t, arts, want)

	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 1))
	dir := filepath.Join(t.TempDir(), "crash-0")
	var killed, completed, lastPresent int
	for r := 0; r < rounds; r++ {
		// A moment within the work left: a run over a directory that holds
		// part of the sources reads and extracts every file in order, and
		// skips the stored ones quickly, so its writes come in the last
		// part of the time of a clean run.
		left := float64(len(want)-lastPresent) / float64(len(want))
		// The clean run was the first over these files: later runs are
		// faster (warm caches), so aim within 70% of its time.
		skip := time.Duration(float64(full) * (1 - left) * 0.5)
		delay := skip + time.Duration(rng.Int64N(int64(float64(full)*left*0.7)+int64(50*time.Millisecond)))
		// Odd rounds store through transactions; even ones bulk-load
		// when the directory is empty (as the reference run did).
		args := []string{"ingest", "-q", "--data", dir, arts}
		if r%2 == 1 {
			args = append(args, "--bulk-max-mb", "0")
		}
		cmd := exec.Command(bin, args...)
		var errb bytes.Buffer
		cmd.Stderr = &errb
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		exited := make(chan error, 1)
		go func() { exited <- cmd.Wait() }()
		// Every fifth round interrupts (SIGINT, as Ctrl-C) instead: ingest
		// must stop by itself, promptly, keeping what it stored.
		sig := syscall.SIGKILL
		if r%5 == 4 {
			sig = syscall.SIGINT
		}
		var err error
		signalled := false
		select {
		case err = <-exited:
		case <-time.After(delay):
			signalled = true
			_ = cmd.Process.Signal(sig)
			select {
			case err = <-exited:
			case <-time.After(30 * time.Second):
				_ = cmd.Process.Signal(syscall.SIGKILL)
				<-exited
				t.Fatalf("round %d: ingest did not stop within 30 s of %v", r, sig)
			}
		}
		wasKilled := false
		if ee := (*exec.ExitError)(nil); errors.As(err, &ee) {
			ws, _ := ee.Sys().(syscall.WaitStatus)
			switch {
			case ws.Signaled() && ws.Signal() == sig:
				wasKilled = true // a SIGINT before the handler is installed ends the process like a kill
			case signalled && sig == syscall.SIGINT && ee.ExitCode() == exitFailure && strings.Contains(errb.String(), "context canceled"):
				wasKilled = true // stopped by the interrupt, saying so
			default:
				t.Fatalf("round %d: ingest failed on its own (after %v: %v): %v\n%s", r, sig, signalled, err, errb.String())
			}
		} else if err != nil {
			t.Fatal(err)
		}
		if _, err := os.Stat(dir); err != nil {
			continue // killed before it made the directory
		}
		mustCheck(t, bin, dir, fmt.Sprintf("round %d (killed after %s)", r, delay))
		got := sourceStates(t, dir)
		lastPresent = wholeOrAbsent(t, got, want)
		if t.Failed() {
			t.Fatalf("round %d: killed after %s with %d of %d sources stored", r, delay, lastPresent, len(want))
		}
		how := "finished before the signal"
		if wasKilled {
			how = "stopped by " + sig.String()
		}
		t.Logf("round %d: %s at %s, %d of %d sources stored, all whole", r, how, delay.Round(time.Millisecond), lastPresent, len(want))
		if wasKilled {
			killed++
		} else {
			completed++
		}
		if wasKilled && lastPresent < len(want) {
			continue // the next round goes on in the same directory
		}
		// Every source is stored: the graph must be the clean one. The
		// next round starts afresh, so that kills keep landing early too.
		if d := dumpStore(t, dir, false); d != wantDump {
			t.Fatalf("round %d: a complete graph differs from the uninterrupted one at %s", r, firstDiff(wantDump, d))
		}
		dir = filepath.Join(t.TempDir(), fmt.Sprintf("crash-%d", r+1))
		lastPresent = 0
	}
	// Finish the last directory and compare.
	if code, out, errs := runBin(t, bin, "ingest", "-q", "--data", dir, arts); code != exitOK {
		t.Fatalf("final ingest: exit %d\n%s\n%s", code, out, errs)
	}
	mustCheck(t, bin, dir, "after the final ingest")
	if d := dumpStore(t, dir, false); d != wantDump {
		t.Fatalf("after %d kills the completed graph differs from the uninterrupted one at %s", killed, firstDiff(wantDump, d))
	}
	t.Logf("%d rounds over %d articles (clean run %s): %d stopped by a signal, %d finished first; the final graph equals the clean one",
		rounds, articles, full.Round(time.Millisecond), killed, completed)
}

// checkAgainstExtraction ties the reference run to the extractor: for a
// sample of the articles, the assertions stored under each equal those an
// in-process extraction of the file gives.
func checkAgainstExtraction(t *testing.T, dir string, want map[string]sourceState) {
	t.Helper()
	kb, err := seeds.Load()
	if err != nil {
		t.Fatal(err)
	}
	x := ingest.NewExtractor(kb)
	files, err := ingest.Walk([]string{dir})
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i < len(files); i += len(files)/50 + 1 {
		docs, err := ingest.ReadFile(files[i], ingest.FormatAuto)
		if err != nil || len(docs) != 1 {
			t.Fatalf("%s: %d documents, %v", files[i], len(docs), err)
		}
		ex, err := x.Extract(context.Background(), docs[0])
		if err != nil {
			t.Fatal(err)
		}
		w, ok := want[ex.Source.URL]
		if !ok || w.assertions != len(ex.Assertions) || w.hash != ex.Source.Hash {
			t.Fatalf("%s: stored %+v (present %v), extracted %d assertions, hash %s", files[i], w, ok, len(ex.Assertions), ex.Source.Hash)
		}
	}
}

// servedProcess is `govkg serve` running as a child process.
type servedProcess struct {
	cmd    *exec.Cmd
	base   string
	exited chan error
	stderr *bytes.Buffer
}

// startServe starts `govkg serve` on a free loopback port and waits until
// it answers.
func startServe(t *testing.T, bin, dir, token string) *servedProcess {
	t.Helper()
	addr := freeAddr(t)
	p := &servedProcess{base: "http://" + addr, exited: make(chan error, 1), stderr: &bytes.Buffer{}}
	p.cmd = exec.Command(bin, "serve", "--data", dir, "--addr", addr, "--token", token)
	p.cmd.Stderr = p.stderr
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() { p.exited <- p.cmd.Wait() }()
	deadline := time.Now().Add(60 * time.Second)
	for {
		res, err := http.Get(p.base + "/healthz")
		if err == nil {
			res.Body.Close()
			return p
		}
		select {
		case err := <-p.exited:
			t.Fatalf("serve exited before answering: %v\n%s", err, p.stderr)
		default:
		}
		if time.Now().After(deadline) {
			p.kill()
			t.Fatalf("serve did not answer within a minute: %v", err)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill sends SIGKILL and waits for the process to go.
func (p *servedProcess) kill() {
	_ = p.cmd.Process.Signal(syscall.SIGKILL)
	<-p.exited
}

// stop sends SIGTERM and waits for a graceful exit.
func (p *servedProcess) stop(t *testing.T) {
	t.Helper()
	_ = p.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case err := <-p.exited:
		if err != nil {
			t.Fatalf("serve did not exit cleanly on SIGTERM: %v\n%s", err, p.stderr)
		}
	case <-time.After(30 * time.Second):
		p.kill()
		t.Fatal("serve did not stop within 30s of SIGTERM")
	}
}

// ingestText sends one ingestText mutation and reports whether the server
// acknowledged it.
func ingestText(client *http.Client, base, token, title, url, text string) (bool, error) {
	body, _ := json.Marshal(map[string]any{
		"query":     `mutation($text: String!, $title: String, $url: String) { ingestText(text: $text, title: $title, url: $url) { assertions } }`,
		"variables": map[string]any{"text": text, "title": title, "url": url},
	})
	req, err := http.NewRequest(http.MethodPost, base+"/graphql", bytes.NewReader(body))
	if err != nil {
		return false, err
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := client.Do(req)
	if err != nil {
		return false, err // the server went away mid-request: the outcome is unknown
	}
	defer res.Body.Close()
	raw, err := io.ReadAll(res.Body)
	if err != nil {
		return false, err
	}
	if res.StatusCode != 200 || strings.Contains(string(raw), `"errors"`) {
		return false, fmt.Errorf("ingestText %s: %d %s", url, res.StatusCode, raw)
	}
	return true, nil
}

// crashServe kills `govkg serve` with SIGKILL while clients
// send ingestText mutations. After each kill `govkg check` must pass,
// every mutation's source must be whole or absent, and every mutation the
// server acknowledged must be there. At the end all texts are sent again
// and the graph must equal that of the same texts ingested in process
// into a fresh store. GOVKG_SOAK=1 or -long: 30 rounds.
func crashServe(t *testing.T, bin string) {
	const token, writers = "crash-token", 4
	rounds, texts := 3, 1000
	if soak() {
		rounds, texts = 30, 20000
	}
	g := newSynthArticles(7)
	type mutation struct{ title, url, text string }
	muts := make([]mutation, texts)
	for i := range muts {
		title, text := g.article(i)
		muts[i] = mutation{title, fmt.Sprintf("https://news.example/crash/%05d", i), text}
	}

	// The reference: the same texts through the same pipeline in process.
	kb, err := seeds.Load()
	if err != nil {
		t.Fatal(err)
	}
	refDir := filepath.Join(t.TempDir(), "reference")
	ref, err := graph.Open(graph.Options{Dir: refDir})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := ref.Apply(context.Background(), kb.Batch()); err != nil {
		t.Fatal(err)
	}
	pipe := &ingest.Pipeline{Store: ref, Extractor: ingest.NewExtractor(kb)}
	for _, m := range muts {
		if _, err := pipe.IngestText(context.Background(), m.title, m.url, m.text); err != nil {
			t.Fatal(err)
		}
	}
	ref.Close()
	want := sourceStates(t, refDir)
	wantDump := dumpStore(t, refDir, false)

	dir := filepath.Join(t.TempDir(), "served")
	rng := rand.New(rand.NewPCG(uint64(time.Now().UnixNano()), 2))
	acked := map[string]bool{}
	next := 0
	var sentTotal, unknownTotal, kills int
	for r := 0; r < rounds && next < len(muts); r++ {
		kills++
		p := startServe(t, bin, dir, token)
		client := &http.Client{Timeout: 30 * time.Second}
		var mu sync.Mutex
		var wg sync.WaitGroup
		var firstErr error
		for w := 0; w < writers; w++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					mu.Lock()
					if next >= len(muts) {
						mu.Unlock()
						return
					}
					m := muts[next]
					next++
					sentTotal++
					mu.Unlock()
					ok, err := ingestText(client, p.base, token, m.title, m.url, m.text)
					mu.Lock()
					if ok {
						acked[m.url] = true
					} else if err != nil {
						unknownTotal++
						if strings.Contains(err.Error(), "ingestText") && firstErr == nil {
							firstErr = err // the server answered with an error: not a crash effect
						}
					}
					mu.Unlock()
					if err != nil {
						return // the server is gone
					}
				}
			}()
		}
		// Kill once a random share of this round's part of the texts is
		// acknowledged, a few milliseconds on, so that requests are in flight.
		mu.Lock()
		share := max(1, (len(muts)-next)/(rounds-r))
		target := len(acked) + 1 + rng.IntN(share)
		mu.Unlock()
		for {
			mu.Lock()
			n, all := len(acked), next >= len(muts)
			mu.Unlock()
			if n >= target || all {
				break
			}
			time.Sleep(2 * time.Millisecond)
		}
		time.Sleep(time.Duration(rng.IntN(20)) * time.Millisecond)
		p.kill()
		wg.Wait()
		if firstErr != nil {
			t.Fatalf("round %d: %v", r, firstErr)
		}
		mustCheck(t, bin, dir, fmt.Sprintf("round %d", r))
		got := sourceStates(t, dir)
		wholeOrAbsent(t, got, want)
		for url := range acked {
			if _, ok := got[url]; !ok {
				t.Errorf("round %d: the acknowledged mutation %s is lost", r, url)
			}
		}
		if t.Failed() {
			t.Fatalf("round %d failed with %d of %d mutations sent", r, next, len(muts))
		}
		t.Logf("round %d: killed with %d of %d texts sent, %d acknowledged; %d sources stored, all whole", r, next, len(muts), len(acked), len(got))
		// Mutations cut off by the kill are sent again next round.
		mu.Lock()
		for i := 0; i < next; i++ {
			if _, ok := got[muts[i].url]; !ok {
				next = i
				break
			}
		}
		mu.Unlock()
	}

	// Send everything again to a fresh server, stop it gracefully, compare.
	p := startServe(t, bin, dir, token)
	client := &http.Client{Timeout: 30 * time.Second}
	for _, m := range muts {
		if ok, err := ingestText(client, p.base, token, m.title, m.url, m.text); !ok {
			t.Fatalf("resending %s: %v", m.url, err)
		}
	}
	p.stop(t)
	mustCheck(t, bin, dir, "after resending")
	if d := dumpStore(t, dir, false); d != wantDump {
		t.Fatalf("after %d kills the graph differs from the in-process one at %s", kills, firstDiff(wantDump, d))
	}
	t.Logf("%d kills, %d mutations sent (%d cut off by a kill, %d acknowledged before one); the final graph equals the in-process one",
		kills, sentTotal, unknownTotal, len(acked))
}
