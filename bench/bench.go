// Package bench is the comparison benchmark: it puts govkg beside the
// systems a user would pick instead (PostgreSQL with recursive CTEs,
// Cayley, Dgraph) and beside raw Badger, the floor govkg's storage cannot
// beat, on the same generated graph and the same questions, in one run on
// one machine.
//
// For each size it generates the graph with graph/gen (a fixed seed), loads
// it into govkg (in a child process, so that its peak memory is its own),
// exports it for the other systems, loads each of them (timed, with disk
// size and peak memory), draws the starting points of every question once
// (a fixed seed, the same points for every system), warms each system up,
// then measures the latency of each question at p50 and p99 and the
// throughput of a mixed workload under 32 concurrent clients over each
// system's own network API. A system that is not installed is skipped
// with a message saying why; nothing is copied from elsewhere.
package bench

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"time"

	"github.com/govkg/govkg/graph"
)

// Config is what one run measures.
type Config struct {
	Sizes       []int          // triples (assertions) to generate, e.g. 100000
	Seed        int64          // the generator's and the sampler's seed
	Queries     int            // starting points per question
	Warmup      int            // starting points per question run before measuring
	Clients     int            // concurrent clients in the throughput run
	Duration    time.Duration  // length of each throughput run
	Timeout     time.Duration  // one query's time limit
	Budget      time.Duration  // measured time per question and system (0: none); queries past it are not asked
	Systems     []string       // systems to run (names as in SystemNames); empty: all
	MaxSize     map[string]int // largest size (triples requested) at which a system runs; above it the system is reported as not run
	WorkDir     string         // temp directory for data; "" : os.MkdirTemp
	Keep        bool           // keep WorkDir at the end
	Exe         string         // this program, re-run as the govkg load child
	Tools       Tools          // where the baselines' programs are
	Logger      *slog.Logger
	Command     string // the command line, for the report
	PlotPath    string // where to write the plot ("" : none)
	PlotRelPath string // the plot's path relative to the report
}

// Tools locates the baselines' programs; an empty field means "not
// installed" and the system is skipped.
type Tools struct {
	PostgresBin string // directory holding initdb and postgres
	Cayley      string // the cayley binary
	Dgraph      string // the dgraph binary
}

// The systems, in report order.
const (
	SysGovkg      = "govkg"      // in-process graph.Store calls
	SysGovkgHTTP  = "govkg-http" // the GraphQL API over loopback HTTP
	SysBadger     = "badger-raw" // raw Badger keys-only scans
	SysPostgres   = "postgres"
	SysCayley     = "cayley"
	SysDgraph     = "dgraph"
	defaultWarmup = 20
)

// SystemNames lists every system in report order.
func SystemNames() []string {
	return []string{SysGovkg, SysGovkgHTTP, SysBadger, SysPostgres, SysCayley, SysDgraph}
}

// Result is everything one run measured.
type Result struct {
	Started  time.Time
	Machine  Machine
	Config   Config
	Sizes    []SizeResult
	Versions map[string]string // system → version string
}

// SizeResult is what one graph size measured.
type SizeResult struct {
	Triples  int // distinct triples stored
	Entities int
	Systems  []SystemResult
}

// SystemResult is one system at one size.
type SystemResult struct {
	Name    string
	Skipped string // why the system was not run; "" when it was
	Load    LoadResult
	// Questions holds the latency of each question, by QuestionNames order.
	Questions []QuestionResult
	// Throughput of the mixed workload over the network API; zero when the
	// system has none.
	Throughput Throughput
	Notes      []string
}

// LoadResult describes one load.
type LoadResult struct {
	Duration  time.Duration // wall time of the load (and index build)
	Triples   int           // triples loaded
	DiskBytes int64         // allocated bytes of the data directory after load
	PeakRSS   int64         // bytes: high-water mark of the system's process(es)
	Measured  bool          // false for systems that load nothing of their own
}

// TriplesPerSecond is the load rate.
func (l LoadResult) TriplesPerSecond() float64 {
	if l.Duration <= 0 {
		return 0
	}
	return float64(l.Triples) / l.Duration.Seconds()
}

// Run measures every size and system in cfg.
func Run(ctx context.Context, cfg Config) (*Result, error) {
	cfg = cfg.withDefaults()
	log := cfg.Logger
	res := &Result{Started: time.Now(), Machine: DescribeMachine(), Config: cfg, Versions: map[string]string{}}
	work := cfg.WorkDir
	if work == "" {
		d, err := os.MkdirTemp("", "govkg-bench-")
		if err != nil {
			return nil, fmt.Errorf("bench: temp dir: %w", err)
		}
		work = d
	}
	if !cfg.Keep {
		defer os.RemoveAll(work)
	}
	log.Info("bench: working directory", "dir", work)
	for _, n := range cfg.Sizes {
		sr, err := runSize(ctx, cfg, filepath.Join(work, fmt.Sprintf("n%d", n)), n, res.Versions)
		if err != nil {
			return res, err
		}
		res.Sizes = append(res.Sizes, sr)
	}
	return res, nil
}

func (c Config) withDefaults() Config {
	if len(c.Sizes) == 0 {
		c.Sizes = []int{100000}
	}
	if c.Queries <= 0 {
		c.Queries = 100
	}
	if c.Warmup < 0 {
		c.Warmup = 0
	} else if c.Warmup == 0 {
		c.Warmup = defaultWarmup
	}
	if c.Clients <= 0 {
		c.Clients = 32
	}
	if c.Duration <= 0 {
		c.Duration = 5 * time.Second
	}
	if c.Timeout <= 0 {
		c.Timeout = 30 * time.Second
	}
	if c.Logger == nil {
		c.Logger = slog.New(slog.NewTextHandler(os.Stderr, nil))
	}
	return c
}

// wants reports whether the run includes system name.
func (c Config) wants(name string) bool {
	if len(c.Systems) == 0 {
		return true
	}
	for _, s := range c.Systems {
		if s == name {
			return true
		}
	}
	return false
}

// runSize generates and loads one size and runs every system on it.
func runSize(ctx context.Context, cfg Config, dir string, n int, versions map[string]string) (SizeResult, error) {
	log := cfg.Logger.With("size", n)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return SizeResult{}, fmt.Errorf("bench: %w", err)
	}
	storeDir := filepath.Join(dir, "govkg")
	log.Info("loading govkg (child process)")
	load, err := LoadGovkgChild(ctx, cfg.Exe, storeDir, cfg.Seed, n)
	if err != nil {
		return SizeResult{}, err
	}
	store, err := graph.Open(graph.Options{Dir: storeDir})
	if err != nil {
		return SizeResult{}, fmt.Errorf("bench: reopen govkg store: %w", err)
	}
	defer store.Close()
	stats, err := store.Stats(ctx)
	if err != nil {
		return SizeResult{}, fmt.Errorf("bench: stats: %w", err)
	}
	sr := SizeResult{Triples: stats.Triples, Entities: stats.Entities}
	log.Info("govkg loaded", "triples", stats.Triples, "entities", stats.Entities, "took", load.Duration)

	w, err := NewWorkload(ctx, store, cfg.Seed, cfg.Queries+cfg.Warmup)
	if err != nil {
		return sr, err
	}
	data := &Dataset{Dir: dir, Store: store, Triples: stats.Triples, Entities: stats.Entities}

	for _, name := range SystemNames() {
		if !cfg.wants(name) {
			continue
		}
		if limit, ok := cfg.MaxSize[name]; ok && n > limit {
			r := SystemResult{Name: name, Skipped: fmt.Sprintf("not run at this size: this run limited it to %d triples (-max-size %s=%d)", limit, name, limit)}
			log.Warn("skipped", "system", name, "why", r.Skipped)
			sr.Systems = append(sr.Systems, r)
			continue
		}
		log.Info("system", "name", name)
		r := runSystem(ctx, cfg, name, data, w, load, versions)
		if r.Skipped != "" {
			log.Warn("skipped", "system", name, "why", r.Skipped)
		}
		sr.Systems = append(sr.Systems, r)
	}
	return sr, nil
}

// runSystem starts, loads, measures and stops one system. A system that
// cannot be started is reported as skipped with the reason.
func runSystem(ctx context.Context, cfg Config, name string, data *Dataset, w *Workload, govkgLoad LoadResult, versions map[string]string) SystemResult {
	r := SystemResult{Name: name}
	sys, err := newSystem(ctx, cfg, name, data, govkgLoad)
	if err != nil {
		var skip *SkipError
		if errors.As(err, &skip) {
			r.Skipped = skip.Reason
		} else {
			r.Skipped = "failed: " + err.Error()
		}
		return r
	}
	defer sys.Close()
	versions[name] = sys.Version()
	r.Load, err = sys.Load(ctx, data)
	if err != nil {
		r.Skipped = "load failed: " + err.Error()
		return r
	}
	for _, q := range Questions() {
		if !sys.Supports(q) {
			r.Questions = append(r.Questions, QuestionResult{Question: q, Unsupported: true})
			continue
		}
		cfg.Logger.Info("question", "system", name, "question", q)
		r.Questions = append(r.Questions, MeasureQuestion(ctx, sys, q, w, cfg.Warmup, cfg.Queries, cfg.Timeout, cfg.Budget))
	}
	if sys.Networked() {
		cfg.Logger.Info("throughput", "system", name, "clients", cfg.Clients)
		r.Throughput = MeasureThroughput(ctx, sys, w, cfg.Clients, cfg.Duration, cfg.Timeout)
	}
	r.Notes = sys.Notes()
	return r
}

// SkipError says a system is not installed or cannot run here.
type SkipError struct{ Reason string }

func (e *SkipError) Error() string { return e.Reason }

func skipf(format string, a ...any) error { return &SkipError{Reason: fmt.Sprintf(format, a...)} }

// Dataset is the generated graph, loaded in govkg, from which the other
// systems' inputs are exported.
type Dataset struct {
	Dir      string       // this size's working directory
	Store    *graph.Store // the govkg store, open
	Triples  int
	Entities int
}

// System is one system under test.
type System interface {
	// Version names the system and its version.
	Version() string
	// Load loads the dataset and reports how long it took, disk and memory.
	Load(ctx context.Context, d *Dataset) (LoadResult, error)
	// Supports reports whether the system can answer q.
	Supports(q Question) bool
	// Ask answers q for argument a and returns the size of the answer, so
	// that answers can be compared across systems.
	Ask(ctx context.Context, q Question, a Arg) (int, error)
	// Networked reports whether Ask goes over a network API (and so
	// whether the throughput run applies).
	Networked() bool
	// Notes says how the system was set up, for the report.
	Notes() []string
	// Close stops the system and frees what it holds.
	Close() error
}

// newSystem starts the named system, or returns a *SkipError.
func newSystem(ctx context.Context, cfg Config, name string, data *Dataset, govkgLoad LoadResult) (System, error) {
	switch name {
	case SysGovkg:
		return newGovkgDirect(data.Store, govkgLoad), nil
	case SysGovkgHTTP:
		return newGovkgHTTP(data.Store, govkgLoad)
	case SysBadger:
		return newRawBadger(data.Store)
	case SysPostgres:
		return newPostgres(ctx, cfg, data.Dir)
	case SysCayley:
		return newCayley(ctx, cfg, data.Dir)
	case SysDgraph:
		return newDgraph(ctx, cfg, data.Dir)
	}
	return nil, fmt.Errorf("bench: unknown system %q (known: %v)", name, SystemNames())
}
