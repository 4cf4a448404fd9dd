package bench

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"syscall"
	"time"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/graph/gen"
)

// ChildCommand is the first argument that makes the benchmark program act
// as the govkg load child (see ChildMain).
const ChildCommand = "__govkg-load-child"

// childReport is what the load child prints on its standard output.
type childReport struct {
	ApplyNanos int64 `json:"apply_ns"` // time inside BulkLoad, ApplyAll and Close, generation excluded
	GenNanos   int64 `json:"gen_ns"`   // time generating batches
	Assertions int   `json:"assertions"`
	Triples    int   `json:"triples"`
	VmHWM      int64 `json:"vmhwm"` // bytes
}

// LoadGovkgChild loads the generated graph of n assertions into a new
// store at dir in a child process (exe run with ChildCommand), so that
// the peak memory measured is that of the load alone. The load time is
// the time the child spent in Store.BulkLoad, Store.ApplyAll and
// Store.Close, not the time it spent generating.
func LoadGovkgChild(ctx context.Context, exe, dir string, seed int64, n int) (LoadResult, error) {
	if exe == "" {
		var err error
		if exe, err = os.Executable(); err != nil {
			return LoadResult{}, fmt.Errorf("bench: find own executable for the load child: %w", err)
		}
	}
	cmd := exec.CommandContext(ctx, exe, ChildCommand, "-dir", dir, "-seed", fmt.Sprint(seed), "-triples", fmt.Sprint(n))
	cmd.Stderr = os.Stderr
	out, err := cmd.Output()
	if err != nil {
		return LoadResult{}, fmt.Errorf("bench: govkg load child (%s): %w", exe, err)
	}
	var rep childReport
	if err := json.Unmarshal(out, &rep); err != nil {
		return LoadResult{}, fmt.Errorf("bench: govkg load child printed %q: %w", out, err)
	}
	peak := rep.VmHWM
	if ru, ok := cmd.ProcessState.SysUsage().(*syscall.Rusage); ok && ru.Maxrss*1024 > peak {
		peak = ru.Maxrss * 1024 // kilobytes on Linux
	}
	disk, err := DiskUsage(dir)
	if err != nil {
		return LoadResult{}, err
	}
	return LoadResult{
		Duration: time.Duration(rep.ApplyNanos), Triples: rep.Triples,
		DiskBytes: disk, PeakRSS: peak, Measured: true,
	}, nil
}

// bulkMax is the most assertions the load child hands to one BulkLoad,
// which holds everything in memory until it writes (5 million peaked at
// 9.6 GiB on 2026-11-22, about 2 KiB per assertion, so 7 million stay well
// inside this machine's 23.5 GiB); the rest go through ApplyAll.
const bulkMax = 7_000_000

// ChildMain is the load child: it generates the graph and loads it into a
// new store, then prints a childReport as JSON. args are those after
// ChildCommand.
func ChildMain(args []string, stdout io.Writer) error {
	fs := flag.NewFlagSet(ChildCommand, flag.ContinueOnError)
	dir := fs.String("dir", "", "store directory (new)")
	seed := fs.Int64("seed", 1, "generator seed")
	n := fs.Int("triples", 100000, "assertions to generate")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *dir == "" {
		return errors.New("load child: -dir is required")
	}
	ctx := context.Background()
	store, err := graph.Open(graph.Options{Dir: *dir})
	if err != nil {
		return fmt.Errorf("load child: %w", err)
	}
	g := gen.New(*seed, *n)
	var rep childReport
	// The store is empty: load it the way a first import should, with
	// BulkLoad, up to what its in-memory sort can hold (bulkMax); apply
	// anything past that with ApplyAll. Generation is timed apart.
	bulked := 0
	t0 := time.Now()
	_, err = store.BulkLoad(ctx, func() ([]graph.Batch, error) {
		if bulked >= bulkMax {
			return nil, io.EOF
		}
		t := time.Now()
		bs := g.Next(64)
		rep.GenNanos += time.Since(t).Nanoseconds()
		if len(bs) == 0 {
			return nil, io.EOF
		}
		for _, b := range bs {
			bulked += len(b.Assertions)
		}
		return bs, nil
	})
	if err != nil {
		store.Close()
		return fmt.Errorf("load child: bulk load: %w", err)
	}
	rep.ApplyNanos = time.Since(t0).Nanoseconds() - rep.GenNanos
	for {
		t0 := time.Now()
		bs := g.Next(64)
		t1 := time.Now()
		rep.GenNanos += t1.Sub(t0).Nanoseconds()
		if len(bs) == 0 {
			break
		}
		if _, err := store.ApplyAll(ctx, bs); err != nil {
			store.Close()
			return fmt.Errorf("load child: apply: %w", err)
		}
		rep.ApplyNanos += time.Since(t1).Nanoseconds()
	}
	rep.Assertions = g.Assertions()
	st, err := store.Stats(ctx)
	if err != nil {
		store.Close()
		return fmt.Errorf("load child: stats: %w", err)
	}
	rep.Triples = st.Triples
	t0 = time.Now()
	if err := store.Close(); err != nil {
		return fmt.Errorf("load child: close: %w", err)
	}
	rep.ApplyNanos += time.Since(t0).Nanoseconds()
	if rep.VmHWM, err = PeakRSS(os.Getpid()); err != nil {
		return err
	}
	return json.NewEncoder(stdout).Encode(rep)
}

// govkgDirect asks the store in-process: govkg used as a library.
type govkgDirect struct {
	store *graph.Store
	load  LoadResult
}

func newGovkgDirect(s *graph.Store, load LoadResult) *govkgDirect {
	return &govkgDirect{store: s, load: load}
}

func (g *govkgDirect) Version() string { return "govkg (this tree), in-process graph.Store" }

// Load reports the child's load: the store is already loaded.
func (g *govkgDirect) Load(context.Context, *Dataset) (LoadResult, error) { return g.load, nil }

func (g *govkgDirect) Supports(Question) bool { return true }
func (g *govkgDirect) Networked() bool        { return false }
func (g *govkgDirect) Close() error           { return nil }

func (g *govkgDirect) Notes() []string {
	return []string{
		"govkg stores, besides the triples, each assertion's provenance (source, sentence, span, rule, confidence), the entities with their names and aliases, a name index and counters; the store is empty, so it is loaded with Store.BulkLoad (validated like Apply, sorted in memory, written with Badger's StreamWriter), up to 7 million assertions, and the rest with Store.ApplyAll; the load time is the time spent in those and in Store.Close (generation excluded), peak memory that of the load child.",
	}
}

func (g *govkgDirect) Ask(ctx context.Context, q Question, a Arg) (int, error) {
	s := g.store
	switch q {
	case QOut:
		return countMatch(ctx, s, graph.Pattern{Subject: a.Node})
	case QIn:
		v := graph.EntityValue(a.Node)
		return countMatch(ctx, s, graph.Pattern{Object: &v})
	case QNeighbourhood:
		sg, err := s.Neighbourhood(ctx, a.Node, graph.TraverseOptions{
			Depth: NeighbourhoodDepth, Direction: graph.Both, MaxNodes: NeighbourhoodCap,
		})
		return len(sg.Nodes), err
	case QPath:
		sg, err := s.ShortestPath(ctx, a.Node, a.To, graph.PathOptions{MaxDepth: PathMaxDepth, Direction: graph.Both})
		return len(sg.Nodes) - 1, err
	case QImplements:
		sg, err := s.Closure(ctx, a.Node, graph.Implements, graph.TraverseOptions{
			Direction: graph.Out, Types: []graph.EntityType{graph.Resolution},
		})
		return max(len(sg.Nodes)-1, 0), err // the start comes first, whatever its type
	}
	return 0, fmt.Errorf("govkg: unknown question %d", q)
}

// countMatch counts the triples matching pat, page by page.
func countMatch(ctx context.Context, s *graph.Store, pat graph.Pattern) (int, error) {
	n, after := 0, ""
	for {
		p, err := s.Match(ctx, pat, graph.PageRequest{First: graph.MaxPage, After: after})
		if err != nil {
			return n, err
		}
		n += len(p.Triples)
		if !p.HasNext {
			return n, nil
		}
		after = p.EndCursor
	}
}
