// Command govkg-bench runs the comparison benchmark (package bench): govkg
// beside PostgreSQL, Cayley, Dgraph and raw Badger on the same generated
// graph and the same questions, and writes the "Comparison with other
// systems" section of BENCHMARKS.md and a plot in bench/results/.
//
//	go run ./bench/cmd/govkg-bench                 # 100k triples, a few minutes
//	go run ./bench/cmd/govkg-bench -full           # 100k, 1M and 10M triples
//	go run ./bench/cmd/govkg-bench -systems govkg,postgres -queries 500
//
// Baselines that are not installed are skipped with a message. Run it from
// the module root (it finds tools/ and BENCHMARKS.md there).
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/govkg/govkg/bench"
)

func main() {
	if len(os.Args) > 1 && os.Args[1] == bench.ChildCommand {
		if err := bench.ChildMain(os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		return
	}
	if err := run(); err != nil {
		fmt.Fprintln(os.Stderr, "govkg-bench:", err)
		os.Exit(1)
	}
}

func run() error {
	sizes := flag.String("sizes", "100000", "comma-separated graph sizes in triples")
	full := flag.Bool("full", false, "run 100000,1000000,10000000 (overrides -sizes)")
	seed := flag.Int64("seed", 20240901, "seed of the generator and of the starting points")
	queries := flag.Int("queries", 100, "measured queries per question")
	warmup := flag.Int("warmup", 20, "warm-up queries per question")
	budget := flag.Duration("budget", time.Minute, "measured time per question and system; queries past it are not asked (0: no limit)")
	clients := flag.Int("clients", 32, "concurrent clients in the throughput run")
	duration := flag.Duration("duration", 5*time.Second, "length of each throughput run")
	timeout := flag.Duration("timeout", 30*time.Second, "time limit of one query")
	systems := flag.String("systems", "", "comma-separated systems to run (default all: "+strings.Join(bench.SystemNames(), ",")+")")
	maxSize := flag.String("max-size", "", "comma-separated system=triples: the largest size each named system runs at (for example cayley=1000000,dgraph=1000000)")
	work := flag.String("work", "", "working directory (default: a new temp directory, removed at the end)")
	keep := flag.Bool("keep", false, "keep the working directory")
	out := flag.String("out", "BENCHMARKS.md", "Markdown file whose comparison section is rewritten (\"\": none)")
	plot := flag.String("plot", "bench/results/latency.png", "PNG plot to write (\"\": none)")
	pgBin := flag.String("pg-bin", firstDir(os.Getenv("GOVKG_PG_BIN"), "/usr/lib/postgresql/15/bin"), "directory holding PostgreSQL's initdb and postgres")
	cayley := flag.String("cayley", firstFile(os.Getenv("GOVKG_CAYLEY"), "tools/cayley/bin/cayley"), "cayley binary")
	dgraph := flag.String("dgraph", firstFile(os.Getenv("GOVKG_DGRAPH"), "tools/dgraph/bin/dgraph"), "dgraph binary")
	flag.Parse()

	cfg := bench.Config{
		Seed: *seed, Queries: *queries, Warmup: *warmup, Clients: *clients, Duration: *duration,
		Timeout: *timeout, Budget: *budget, WorkDir: *work, Keep: *keep,
		Tools:   bench.Tools{PostgresBin: *pgBin, Cayley: abs(*cayley), Dgraph: abs(*dgraph)},
		Logger:  slog.New(slog.NewTextHandler(os.Stderr, nil)),
		Command: "go run ./bench/cmd/govkg-bench " + strings.Join(os.Args[1:], " "),
	}
	if *full {
		cfg.Sizes = []int{100000, 1000000, 10000000}
	} else {
		for _, s := range strings.Split(*sizes, ",") {
			n, err := strconv.Atoi(strings.TrimSpace(s))
			if err != nil || n <= 0 {
				return fmt.Errorf("-sizes: %q is not a positive number", s)
			}
			cfg.Sizes = append(cfg.Sizes, n)
		}
	}
	if *systems != "" {
		cfg.Systems = strings.Split(*systems, ",")
	}
	if *maxSize != "" {
		cfg.MaxSize = map[string]int{}
		for _, kv := range strings.Split(*maxSize, ",") {
			name, v, ok := strings.Cut(strings.TrimSpace(kv), "=")
			n, err := strconv.Atoi(v)
			if !ok || err != nil || n <= 0 || !slices.Contains(bench.SystemNames(), name) {
				return fmt.Errorf("-max-size: %q is not system=triples (systems: %s)", kv, strings.Join(bench.SystemNames(), ","))
			}
			cfg.MaxSize[name] = n
		}
	}
	if *plot != "" && *out != "" {
		rel, err := filepath.Rel(filepath.Dir(*out), *plot)
		if err == nil {
			cfg.PlotRelPath = filepath.ToSlash(rel)
		}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	res, err := bench.Run(ctx, cfg)
	if err != nil {
		return err
	}
	md := res.Markdown()
	fmt.Println(md)
	if *plot != "" {
		if err := os.MkdirAll(filepath.Dir(*plot), 0o755); err != nil {
			return err
		}
		f, err := os.Create(*plot)
		if err != nil {
			return err
		}
		if err := bench.WritePlot(f, "p50 latency against graph size (log-log)", bench.PanelsOf(res)); err != nil {
			f.Close()
			return err
		}
		if err := f.Close(); err != nil {
			return err
		}
	}
	if *out != "" {
		return bench.UpdateFile(*out, md)
	}
	return nil
}

// firstDir returns the first of dirs that exists, or "".
func firstDir(dirs ...string) string {
	for _, d := range dirs {
		if d == "" {
			continue
		}
		if st, err := os.Stat(d); err == nil && st.IsDir() {
			return d
		}
	}
	return ""
}

// firstFile returns the first of paths that exists, or "".
func firstFile(paths ...string) string {
	for _, p := range paths {
		if p == "" {
			continue
		}
		if _, err := os.Stat(p); err == nil {
			return p
		}
	}
	return ""
}

func abs(p string) string {
	if p == "" {
		return ""
	}
	a, err := filepath.Abs(p)
	if err != nil {
		return p
	}
	return a
}
