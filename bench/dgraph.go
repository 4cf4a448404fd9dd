package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/govkg/govkg/export"
	"github.com/govkg/govkg/graph"
)

// Dgraph: a zero and an alpha on loopback (every port shifted by one
// offset, --bindall=false), the schema posted to /alter, govkg's Dgraph
// export loaded with `dgraph live`, and DQL over HTTP: @recurse for the
// neighbourhood and the implements closure, shortest for the path.
type dgraph struct {
	bin     string
	dir     string
	offset  int
	zero    *exec.Cmd
	alpha   *exec.Cmd
	client  *http.Client
	version string
	notes   []string
	rel     []graph.Predicate
	all     []graph.Predicate
}

func newDgraph(ctx context.Context, cfg Config, sizeDir string) (*dgraph, error) {
	bin := cfg.Tools.Dgraph
	if bin == "" {
		return nil, skipf("Dgraph not found (build it into tools/dgraph/bin/dgraph or set GOVKG_DGRAPH)")
	}
	if _, err := os.Stat(bin); err != nil {
		return nil, skipf("Dgraph not installed: %v (build it into tools/dgraph/bin/dgraph or set GOVKG_DGRAPH)", err)
	}
	d := &dgraph{bin: bin, dir: filepath.Join(sizeDir, "dgraph"), client: newHTTPClient()}
	if err := os.MkdirAll(d.dir, 0o755); err != nil {
		return nil, fmt.Errorf("dgraph: %w", err)
	}
	out, err := exec.CommandContext(ctx, bin, "version").CombinedOutput()
	if err != nil {
		return nil, skipf("dgraph version: %v: %s", err, lastLines(out, 3))
	}
	for _, line := range strings.Split(string(out), "\n") {
		if k, v, ok := strings.Cut(line, ":"); ok && strings.TrimSpace(k) == "Dgraph version" {
			d.version = strings.TrimSpace(v)
		}
	}
	for _, p := range graph.Predicates() {
		d.all = append(d.all, p)
		if graph.SignatureOf(p).Literal == 0 {
			d.rel = append(d.rel, p)
		}
	}
	if d.offset, err = freeOffset([]int{5080, 6080, 7080, 8080, 9080}); err != nil {
		return nil, err
	}
	if err := d.start(ctx); err != nil {
		d.Close()
		return nil, err
	}
	return d, nil
}

// freeOffset finds a port offset at which every base port is free.
func freeOffset(bases []int) (int, error) {
	for range 50 {
		off := 1000 + rand.IntN(20000)
		ok := true
		for _, b := range bases {
			ln, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", b+off))
			if err != nil {
				ok = false
				break
			}
			ln.Close()
		}
		if ok {
			return off, nil
		}
	}
	return 0, fmt.Errorf("dgraph: no free port offset found")
}

func (d *dgraph) port(base int) string { return "127.0.0.1:" + strconv.Itoa(base+d.offset) }

func (d *dgraph) http(path string) string { return "http://" + d.port(8080) + path }

// start runs zero and alpha and waits until alpha is healthy.
func (d *dgraph) start(ctx context.Context) error {
	run := func(name string, args ...string) (*exec.Cmd, error) {
		cmd := exec.CommandContext(context.WithoutCancel(ctx), d.bin, args...)
		cmd.Dir = d.dir
		logf, err := os.Create(filepath.Join(d.dir, name+".log"))
		if err != nil {
			return nil, fmt.Errorf("dgraph: %w", err)
		}
		defer logf.Close()
		cmd.Stdout, cmd.Stderr = logf, logf
		if err := cmd.Start(); err != nil {
			return nil, fmt.Errorf("dgraph %s: %w", name, err)
		}
		return cmd, nil
	}
	off := strconv.Itoa(d.offset)
	var err error
	d.zero, err = run("zero", "zero", "--my="+d.port(5080), "--port_offset="+off, "--bindall=false",
		"--wal="+filepath.Join(d.dir, "zw"))
	if err != nil {
		return err
	}
	d.alpha, err = run("alpha", "alpha", "--my="+d.port(7080), "--zero="+d.port(5080), "--port_offset="+off,
		"--bindall=false", "--postings="+filepath.Join(d.dir, "p"), "--wal="+filepath.Join(d.dir, "w"),
		"--tmp="+filepath.Join(d.dir, "t"), "--cache=size-mb=2048", "--security=whitelist=127.0.0.1/32")
	if err != nil {
		return err
	}
	deadline := time.Now().Add(120 * time.Second)
	for {
		resp, err := d.client.Get(d.http("/health"))
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && bytes.Contains(body, []byte("healthy")) {
				break
			}
		}
		if time.Now().After(deadline) {
			log, _ := os.ReadFile(filepath.Join(d.dir, "alpha.log"))
			return fmt.Errorf("dgraph alpha not healthy after 120s: %v; log: %s", err, lastLines(log, 10))
		}
		time.Sleep(500 * time.Millisecond)
	}
	d.notes = append(d.notes, "dgraph: zero and alpha on 127.0.0.1 (--bindall=false, cache size-mb=2048); schema from export.DgraphSchema posted to /alter; `dgraph live` on govkg's Dgraph export (entities with xid, edges with provenance facets); DQL over HTTP /query. Peak memory is alpha's VmHWM after the load. Its @recurse has no node cap: the server walks the whole depth-3 neighbourhood and the client keeps the first 1,000.")
	return nil
}

func (d *dgraph) Version() string { return "Dgraph " + d.version }

func (d *dgraph) Supports(Question) bool { return true }
func (d *dgraph) Networked() bool        { return true }
func (d *dgraph) Notes() []string        { return d.notes }

// Close stops alpha, then zero.
func (d *dgraph) Close() error {
	for _, c := range []**exec.Cmd{&d.alpha, &d.zero} {
		cmd := *c
		if cmd == nil || cmd.Process == nil {
			continue
		}
		_ = cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			<-done
		}
		*c = nil
	}
	return nil
}

// Load exports the graph and schema (not timed), then times the schema
// alteration and `dgraph live`.
func (d *dgraph) Load(ctx context.Context, ds *Dataset) (LoadResult, error) {
	rdf := filepath.Join(ds.Dir, "dgraph.rdf")
	f, err := os.Create(rdf)
	if err != nil {
		return LoadResult{}, fmt.Errorf("dgraph: %w", err)
	}
	if _, err := export.Write(ctx, ds.Store, export.Dgraph, f, export.Options{}); err != nil {
		f.Close()
		return LoadResult{}, err
	}
	if err := f.Close(); err != nil {
		return LoadResult{}, fmt.Errorf("dgraph: %w", err)
	}
	var schema bytes.Buffer
	if err := export.DgraphSchema(&schema); err != nil {
		return LoadResult{}, err
	}
	t0 := time.Now()
	if err := postJSON(ctx, d.client, d.http("/alter"), "application/dql", schema.Bytes(), nil); err != nil {
		return LoadResult{}, fmt.Errorf("dgraph alter: %w", err)
	}
	live := exec.CommandContext(ctx, d.bin, "live", "-f", rdf, "--alpha", d.port(9080), "--zero", d.port(5080))
	live.Dir = d.dir
	var out bytes.Buffer
	live.Stdout, live.Stderr = &out, &out
	if err := live.Run(); err != nil {
		return LoadResult{}, fmt.Errorf("dgraph live: %w: %s", err, lastLines(out.Bytes(), 8))
	}
	took := time.Since(t0)
	peak, err := PeakRSS(d.alpha.Process.Pid)
	if err != nil {
		return LoadResult{}, err
	}
	if z, err := PeakRSS(d.zero.Process.Pid); err == nil {
		peak += z // separate processes, separate memory
	}
	var disk int64
	for _, sub := range []string{"p", "w", "zw"} {
		n, err := DiskUsage(filepath.Join(d.dir, sub))
		if err != nil {
			return LoadResult{}, err
		}
		disk += n
	}
	return LoadResult{Duration: took, Triples: ds.Triples, DiskBytes: disk, PeakRSS: peak, Measured: true}, nil
}

// predicateBlock lists predicates (reversed with ~ when in) selecting uid.
func predicateBlock(ps []graph.Predicate, out, in bool) string {
	var b strings.Builder
	for _, p := range ps {
		lit := graph.SignatureOf(p).Literal != 0
		if out {
			if lit {
				fmt.Fprintf(&b, " %s", p)
			} else {
				fmt.Fprintf(&b, " %s { uid }", p)
			}
		}
		if in && !lit {
			fmt.Fprintf(&b, " ~%s { uid }", p)
		}
	}
	return b.String()
}

// recurseBlock lists predicates for @recurse (no sub-selection).
func recurseBlock(ps []graph.Predicate, both bool) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, " %s", p)
		if both {
			fmt.Fprintf(&b, " ~%s", p)
		}
	}
	return b.String()
}

func (d *dgraph) Ask(ctx context.Context, q Question, a Arg) (int, error) {
	xid := jsString(a.Node.String())
	switch q {
	case QOut, QIn:
		block := predicateBlock(d.all, q == QOut, q == QIn)
		var out struct{ Q []map[string]json.RawMessage }
		if err := d.query(ctx, fmt.Sprintf(`{ q(func: eq(xid, %s)) {%s } }`, xid, block), &out); err != nil {
			return 0, err
		}
		n := 0
		for _, node := range out.Q {
			for _, v := range node {
				var list []json.RawMessage
				if json.Unmarshal(v, &list) == nil {
					n += len(list)
				} else {
					n++ // a scalar: one literal object
				}
			}
		}
		return n, nil
	case QNeighbourhood:
		var out struct{ Q []any }
		err := d.query(ctx, fmt.Sprintf(`{ q(func: eq(xid, %s)) @recurse(depth: %d, loop: false) { uid%s } }`,
			xid, NeighbourhoodDepth+1, recurseBlock(d.rel, true)), &out)
		if err != nil {
			return 0, err
		}
		seen := map[string]bool{}
		collectUIDs(out.Q, seen, nil)
		return min(len(seen), NeighbourhoodCap), nil
	case QPath:
		var out struct {
			Path []map[string]any `json:"path"`
		}
		query := fmt.Sprintf(`{ a as var(func: eq(xid, %s)) b as var(func: eq(xid, %s))
  p as shortest(from: uid(a), to: uid(b), depth: %d) {%s }
  path(func: uid(p)) { uid } }`, xid, jsString(a.To.String()), PathMaxDepth, recurseBlock(d.rel, true))
		if err := d.query(ctx, query, &out); err != nil {
			return 0, err
		}
		return len(out.Path) - 1, nil
	case QImplements:
		var out struct{ Q []any }
		err := d.query(ctx, fmt.Sprintf(`{ q(func: eq(xid, %s)) @recurse(depth: %d, loop: false) { uid dgraph.type %s } }`,
			xid, graph.MaxDepth+1, graph.Implements), &out)
		if err != nil {
			return 0, err
		}
		seen := map[string]bool{}
		res := map[string]bool{}
		collectUIDs(out.Q, seen, res)
		return len(res), nil
	}
	return 0, fmt.Errorf("dgraph: unknown question %d", q)
}

// collectUIDs walks a nested @recurse result and records every uid, and
// in res those whose dgraph.type is Resolution (the root excluded: it is
// a programme).
func collectUIDs(v any, seen, res map[string]bool) {
	switch x := v.(type) {
	case []any:
		for _, e := range x {
			collectUIDs(e, seen, res)
		}
	case map[string]any:
		if uid, ok := x["uid"].(string); ok {
			seen[uid] = true
			if res != nil && hasType(x["dgraph.type"], string(graph.Resolution)) {
				res[uid] = true
			}
		}
		for k, e := range x {
			if k != "uid" && k != "dgraph.type" {
				collectUIDs(e, seen, res)
			}
		}
	}
}

func hasType(v any, t string) bool {
	switch x := v.(type) {
	case string:
		return x == t
	case []any:
		for _, e := range x {
			if s, _ := e.(string); s == t {
				return true
			}
		}
	}
	return false
}

// query posts DQL and decodes its data into out.
func (d *dgraph) query(ctx context.Context, dql string, out any) error {
	var resp struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := postJSON(ctx, d.client, d.http("/query"), "application/dql", []byte(dql), &resp); err != nil {
		return fmt.Errorf("dgraph query: %w", err)
	}
	if len(resp.Errors) > 0 {
		return fmt.Errorf("dgraph query: %s", resp.Errors[0].Message)
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		return fmt.Errorf("dgraph query: decode: %w", err)
	}
	return nil
}
