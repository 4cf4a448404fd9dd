package graph_test

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
)

// The child process of TestBulkLoadKilled: it bulk-loads the generated
// batches into the store in GOVKG_BULK_CHILD_DIR and prints BulkLoad's
// phases as it reaches them.
func TestBulkLoadKilledChild(t *testing.T) {
	dir := os.Getenv("GOVKG_BULK_CHILD_DIR")
	if dir == "" {
		t.Skip("run by TestBulkLoadKilled")
	}
	s, err := graph.Open(graph.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	graph.SetBulkHook(s, func(phase string) { fmt.Println("phase", phase) })
	if _, err := s.BulkLoad(context.Background(), feed(genBatches(crashAssertions), 64)); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
}

// crashAssertions is the size of the load TestBulkLoadKilled interrupts.
const crashAssertions = 100_000

// TestBulkLoadKilled kills a process with SIGKILL while BulkLoad writes,
// at a random moment of the write, several times, and checks after each
// kill that the store opens, passes Check, and holds either nothing or
// the whole load.
func TestBulkLoadKilled(t *testing.T) {
	if testing.Short() {
		t.Skip("-short: skipping the kill test")
	}
	ctx := context.Background()
	// What the whole load holds.
	want := func() graph.Stats {
		s := openStore(t)
		if _, err := s.BulkLoad(ctx, feed(genBatches(crashAssertions), 64)); err != nil {
			t.Fatal(err)
		}
		st, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		return st
	}()
	seed := time.Now().UnixNano()
	rng := rand.New(rand.NewPCG(uint64(seed), 0))
	t.Logf("seed %d", seed)
	outcomes := map[string]int{}
	for round := range 6 {
		dir := t.TempDir()
		cmd := exec.Command(os.Args[0], "-test.run=^TestBulkLoadKilledChild$", "-test.count=1")
		cmd.Env = append(os.Environ(), "GOVKG_BULK_CHILD_DIR="+dir)
		out, err := cmd.StdoutPipe()
		if err != nil {
			t.Fatal(err)
		}
		cmd.Stderr = os.Stderr
		if err := cmd.Start(); err != nil {
			t.Fatal(err)
		}
		// The write of this load takes about a second; kill somewhere in
		// it, or (now and then) just after it.
		delay := time.Duration(rng.Int64N(int64(time.Second)))
		lines := bufio.NewScanner(out)
		killed := false
		for lines.Scan() {
			if strings.TrimSpace(lines.Text()) == "phase write" {
				time.Sleep(delay)
				killed = cmd.Process.Signal(syscall.SIGKILL) == nil
				break
			}
		}
		for lines.Scan() { // drain
		}
		cmd.Wait() // killed, or done before the signal
		s, err := graph.Open(graph.Options{Dir: dir})
		if err != nil {
			t.Fatalf("round %d (killed %v after %v): open: %v", round, killed, delay, err)
		}
		checkOK(t, s, fmt.Sprintf("round %d", round))
		got, err := s.Stats(ctx)
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case got.Sources == 0 && got.Entities == 0 && got.Triples == 0:
			outcomes["empty"]++
		case got.Sources == want.Sources && got.Entities == want.Entities && got.Triples == want.Triples:
			outcomes["whole"]++
		default:
			t.Fatalf("round %d (killed after %v into the write): %d sources, %d entities, %d triples; want none or all of %d, %d, %d",
				round, delay, got.Sources, got.Entities, got.Triples, want.Sources, want.Entities, want.Triples)
		}
		// Either way the store takes a new load or new writes.
		if got.Sources == 0 {
			if _, err := s.BulkLoad(ctx, feed(genBatches(3_000), 16)); err != nil {
				t.Fatalf("round %d: bulk load into the emptied store: %v", round, err)
			}
			checkOK(t, s, fmt.Sprintf("round %d, loaded again", round))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("after the kills: %v", outcomes)
	if outcomes["empty"] == 0 {
		t.Error("no kill landed inside the write: the test proved nothing")
	}
}
