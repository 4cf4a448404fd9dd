package bench

import (
	"bufio"
	"bytes"
	"context"
	"crypto/sha256"
	"debug/buildinfo"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"github.com/govkg/govkg/export"
	"github.com/govkg/govkg/graph"
)

// Cayley: govkg's N-Quads export, less the provenance graph, loaded into
// the bolt backend with `cayley load`, served by `cayley http` on loopback
// and asked in Gizmo over HTTP.
//
// Two workarounds a Cayley user would also need: Out and In restricted to
// a list of predicates that includes a literal one were hundreds of times
// slower than Out(null)/In(null) here, so the edge questions ask for every
// predicate and keep the ontology's predicates on the client; and
// FollowRecursive over a Both() morphism returned nothing in v0.7.7, and
// Gizmo has no shortest-path step, so the neighbourhood and the path run a
// breadth-first search from the client, one Gizmo query per level.
type cayley struct {
	bin     string
	dir     string
	db      string
	url     string
	cmd     *exec.Cmd
	client  *http.Client
	version string
	notes   []string

	preds    map[string]bool // every predicate IRI of the ontology
	relPreds string          // JS array of the predicates between entities
	implPred string
	typeRes  string
}

func newCayley(ctx context.Context, cfg Config, sizeDir string) (*cayley, error) {
	bin := cfg.Tools.Cayley
	if bin == "" {
		return nil, skipf("Cayley not found (build it with tools/cayley/build.sh, or pass -cayley)")
	}
	if _, err := os.Stat(bin); err != nil {
		return nil, skipf("Cayley not installed: %v (build it with tools/cayley/build.sh)", err)
	}
	c := &cayley{bin: bin, dir: filepath.Join(sizeDir, "cayley"), client: newHTTPClient()}
	c.db = filepath.Join(c.dir, "db")
	if err := os.MkdirAll(c.db, 0o755); err != nil {
		return nil, fmt.Errorf("cayley: %w", err)
	}
	out, err := exec.CommandContext(ctx, bin, "version").CombinedOutput()
	if err != nil {
		return nil, skipf("cayley version: %v: %s", err, lastLines(out, 3))
	}
	c.version = strings.TrimSpace(lastLines(out, 1))
	if info, err := buildinfo.ReadFile(bin); err == nil {
		for _, dep := range info.Deps {
			if dep.Path == "github.com/cayleygraph/cayley" {
				c.version = dep.Version + " (module version; the binary says: " + c.version + ")"
			}
		}
	}
	var rel []string
	c.preds = map[string]bool{}
	for _, p := range graph.Predicates() {
		iri := "<" + export.OntologyNS + string(p) + ">"
		c.preds[iri] = true
		if graph.SignatureOf(p).Literal == 0 {
			rel = append(rel, jsString(iri))
		}
	}
	c.relPreds = "[" + strings.Join(rel, ",") + "]"
	c.implPred = jsString("<" + export.OntologyNS + string(graph.Implements) + ">")
	c.typeRes = jsString("<" + export.OntologyNS + string(graph.Resolution) + ">")
	return c, nil
}

func (c *cayley) Version() string { return "Cayley " + c.version + " (bolt backend)" }

func (c *cayley) Supports(Question) bool { return true }
func (c *cayley) Networked() bool        { return true }
func (c *cayley) Notes() []string        { return c.notes }

// Load exports the graph (not timed), then times `cayley load` into a new
// bolt database and starts `cayley http` on it.
func (c *cayley) Load(ctx context.Context, d *Dataset) (LoadResult, error) {
	nq := filepath.Join(d.Dir, "cayley.nq")
	if err := WriteCayleyQuads(ctx, d.Store, nq); err != nil {
		return LoadResult{}, err
	}
	load := exec.CommandContext(ctx, c.bin, "load", "--init", "-d", "bolt", "-a", c.db, "-i", nq)
	load.Dir = c.dir
	var stderr bytes.Buffer
	load.Stdout, load.Stderr = io.Discard, &stderr
	t0 := time.Now()
	if err := load.Run(); err != nil {
		return LoadResult{}, fmt.Errorf("cayley load: %w: %s", err, lastLines(stderr.Bytes(), 5))
	}
	took := time.Since(t0)
	var peak int64
	if ru, ok := load.ProcessState.SysUsage().(*syscall.Rusage); ok {
		peak = ru.Maxrss * 1024
	}
	disk, err := DiskUsage(c.db)
	if err != nil {
		return LoadResult{}, err
	}
	port, err := freePort()
	if err != nil {
		return LoadResult{}, err
	}
	c.cmd = exec.CommandContext(context.WithoutCancel(ctx), c.bin, "http", "-d", "bolt", "-a", c.db,
		"--host", fmt.Sprintf("127.0.0.1:%d", port), "--timeout", "60s")
	c.cmd.Dir = c.dir
	logf, err := os.Create(filepath.Join(c.dir, "http.log"))
	if err != nil {
		return LoadResult{}, fmt.Errorf("cayley: %w", err)
	}
	defer logf.Close()
	c.cmd.Stdout, c.cmd.Stderr = logf, logf
	if err := c.cmd.Start(); err != nil {
		return LoadResult{}, fmt.Errorf("cayley http: %w", err)
	}
	c.url = fmt.Sprintf("http://127.0.0.1:%d/api/v1/query/gizmo?limit=-1", port)
	if err := waitHTTP(ctx, fmt.Sprintf("http://127.0.0.1:%d/", port), 60*time.Second); err != nil {
		return LoadResult{}, fmt.Errorf("cayley http: %w", err)
	}
	c.notes = append(c.notes, "cayley: the N-Quads export without the provenance graph and without source labels (one quad per distinct triple, plus each entity's type, label and attributes); `cayley load --init -d bolt`, then `cayley http`; Gizmo over POST /api/v1/query/gizmo?limit=-1. Peak memory is that of `cayley load`. Out/In over a predicate list were far slower than Out(null)/In(null), so edges are fetched for all predicates and the ontology's kept on the client; FollowRecursive over Both() returned nothing in v0.7.7 and Gizmo has no shortest path, so neighbourhood and path are breadth-first searches from the client, one Gizmo query per level (FollowRecursive over implements works and is used).")
	return LoadResult{Duration: took, Triples: d.Triples, DiskBytes: disk, PeakRSS: peak, Measured: true}, nil
}

// WriteCayleyQuads writes govkg's N-Quads export of s to path, keeping the
// default graph (entities) and the statements with their source label
// removed, once each: the provenance graph is left out.
func WriteCayleyQuads(ctx context.Context, s *graph.Store, path string) error {
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("cayley quads: %w", err)
	}
	defer f.Close()
	pr, pw := io.Pipe()
	go func() {
		_, err := export.Write(ctx, s, export.NQuads, pw, export.Options{})
		pw.CloseWithError(err)
	}()
	w := bufio.NewWriterSize(f, 1<<20)
	if err := filterQuads(pr, w); err != nil {
		pr.CloseWithError(err)
		return fmt.Errorf("cayley quads: %w", err)
	}
	if err := w.Flush(); err != nil {
		return fmt.Errorf("cayley quads: %w", err)
	}
	return f.Close()
}

// filterQuads copies N-Quads from r to w, dropping the quads of the
// metadata graph, removing source graph labels, and dropping a quad
// written before (the export writes one quad per asserting source, source
// by source, so a triple from two sources comes twice, far apart; Cayley
// would keep both and answer every such edge twice). A quad is known by
// the first 16 bytes of its SHA-256, so that 10 million of them take
// about half a gigabyte.
func filterQuads(r io.Reader, w io.Writer) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	meta := " <" + export.MetaGraph + "> ."
	srcLabel := " <" + export.SourceNS
	seen := map[[16]byte]struct{}{}
	for sc.Scan() {
		line := sc.Text()
		if strings.HasSuffix(line, meta) {
			continue
		}
		if body, ok := strings.CutSuffix(line, " ."); ok {
			if i := strings.LastIndex(body, srcLabel); i >= 0 && !strings.Contains(body[i+1:], " ") {
				line = body[:i] + " ."
			}
		}
		sum := sha256.Sum256([]byte(line))
		key := [16]byte(sum[:16])
		if _, dup := seen[key]; dup {
			continue
		}
		seen[key] = struct{}{}
		if _, err := io.WriteString(w, line+"\n"); err != nil {
			return err
		}
	}
	return sc.Err()
}

// Close stops the server.
func (c *cayley) Close() error {
	if c.cmd == nil || c.cmd.Process == nil {
		return nil
	}
	_ = c.cmd.Process.Signal(syscall.SIGTERM)
	done := make(chan error, 1)
	go func() { done <- c.cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = c.cmd.Process.Kill()
		<-done
	}
	c.cmd = nil
	return nil
}

// The Gizmo queries of each question; %[1]s is the node.
const (
	gizmoOut  = `g.V(%[1]s).Out(null, "p").All()`
	gizmoIn   = `g.V(%[1]s).In(null, "p").All()`
	gizmoImpl = `g.V(%[1]s).FollowRecursive(%[2]s).Has("<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>", %[3]s).All()`
	// gizmoStep returns every neighbour of the given nodes, tagged with the
	// node it was reached from.
	gizmoStep = `g.V(%[1]s).Tag("from").Both(%[2]s).All()`
)

func (c *cayley) Ask(ctx context.Context, q Question, a Arg) (int, error) {
	node := jsString("<" + export.EntityIRI(a.Node) + ">")
	switch q {
	case QOut, QIn:
		js := fmt.Sprintf(gizmoOut, node)
		if q == QIn {
			js = fmt.Sprintf(gizmoIn, node)
		}
		rows, err := c.query(ctx, js)
		n := 0
		for _, r := range rows {
			if p, _ := r["p"].(string); c.preds[p] {
				n++
			}
		}
		return n, err
	case QNeighbourhood:
		return bfsCount(ctx, a.Node, NeighbourhoodDepth, NeighbourhoodCap, c.neighbours)
	case QPath:
		return bidiBFS(ctx, a.Node, a.To, PathMaxDepth, c.neighbours)
	case QImplements:
		return c.count(ctx, fmt.Sprintf(gizmoImpl, node, c.implPred, c.typeRes))
	}
	return 0, fmt.Errorf("cayley: unknown question %d", q)
}

// neighbours returns, for each node of ids, its neighbours either way.
func (c *cayley) neighbours(ctx context.Context, ids []graph.ID) (map[graph.ID][]graph.ID, error) {
	iris := make([]string, len(ids))
	for i, id := range ids {
		iris[i] = jsString("<" + export.EntityIRI(id) + ">")
	}
	rows, err := c.query(ctx, fmt.Sprintf(gizmoStep, strings.Join(iris, ","), c.relPreds))
	if err != nil {
		return nil, err
	}
	out := map[graph.ID][]graph.ID{}
	for _, r := range rows {
		from, err1 := entityOfIRI(r["from"])
		to, err2 := entityOfIRI(r["id"])
		if err1 != nil || err2 != nil {
			continue
		}
		out[from] = append(out[from], to)
	}
	return out, nil
}

// entityOfIRI parses an entity IRI as Cayley returns it (with or without
// angle brackets).
func entityOfIRI(v any) (graph.ID, error) {
	s, _ := v.(string)
	s = strings.TrimSuffix(strings.TrimPrefix(s, "<"), ">")
	rest, ok := strings.CutPrefix(s, export.EntityNS)
	if !ok {
		return graph.ID{}, fmt.Errorf("not an entity IRI: %q", s)
	}
	var id graph.ID
	err := id.UnmarshalText([]byte(rest))
	return id, err
}

func (c *cayley) count(ctx context.Context, js string) (int, error) {
	rows, err := c.query(ctx, js)
	return len(rows), err
}

// query runs one Gizmo query and returns its result rows.
func (c *cayley) query(ctx context.Context, js string) ([]map[string]any, error) {
	var resp struct {
		Result []map[string]any `json:"result"`
		Error  string           `json:"error"`
	}
	if err := postJSON(ctx, c.client, c.url, "application/javascript", []byte(js), &resp); err != nil {
		return nil, fmt.Errorf("cayley gizmo: %w", err)
	}
	if resp.Error != "" {
		return nil, fmt.Errorf("cayley gizmo: %s", resp.Error)
	}
	return resp.Result, nil
}

// jsString quotes s as a JavaScript string literal.
func jsString(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

// waitHTTP polls url until it answers.
func waitHTTP(ctx context.Context, url string, limit time.Duration) error {
	deadline := time.Now().Add(limit)
	for {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
		resp, err := http.DefaultClient.Do(req)
		if err == nil {
			resp.Body.Close()
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("%s not answering after %s: %w", url, limit, err)
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(200 * time.Millisecond):
		}
	}
}

// bfsCount returns how many nodes lie within depth hops of start, at most
// limit, by a breadth-first search from the client that asks step for the
// neighbours of one whole level at a time, stopping at the limit.
func bfsCount(ctx context.Context, start graph.ID, depth, limit int,
	step func(context.Context, []graph.ID) (map[graph.ID][]graph.ID, error)) (int, error) {
	seen := map[graph.ID]bool{start: true}
	frontier := []graph.ID{start}
	for d := 0; d < depth && len(frontier) > 0 && len(seen) < limit; d++ {
		nb, err := step(ctx, frontier)
		if err != nil {
			return 0, err
		}
		var next []graph.ID
		for _, u := range frontier {
			for _, v := range nb[u] {
				if !seen[v] && len(seen) < limit {
					seen[v] = true
					next = append(next, v)
				}
			}
		}
		frontier = next
	}
	return len(seen), nil
}

// bidiBFS returns the length in edges of a shortest path from one node to
// another of at most maxDepth edges, or -1 when there is none, by a
// breadth-first search from both ends that always expands the smaller
// frontier one whole level at a time; step returns the neighbours of a
// level's nodes.
func bidiBFS(ctx context.Context, from, to graph.ID, maxDepth int,
	step func(context.Context, []graph.ID) (map[graph.ID][]graph.ID, error)) (int, error) {
	if from == to {
		return 0, nil
	}
	distA := map[graph.ID]int{from: 0}
	distB := map[graph.ID]int{to: 0}
	frontA, frontB := []graph.ID{from}, []graph.ID{to}
	depthA, depthB := 0, 0
	for depthA+depthB < maxDepth && len(frontA) > 0 && len(frontB) > 0 {
		if len(frontB) < len(frontA) {
			distA, distB = distB, distA
			frontA, frontB = frontB, frontA
			depthA, depthB = depthB, depthA
		}
		nb, err := step(ctx, frontA)
		if err != nil {
			return 0, err
		}
		depthA++
		var next []graph.ID
		best := -1
		for _, u := range frontA {
			for _, v := range nb[u] {
				if _, seen := distA[v]; seen {
					continue
				}
				distA[v] = depthA
				next = append(next, v)
				if db, ok := distB[v]; ok && (best < 0 || depthA+db < best) {
					best = depthA + db
				}
			}
		}
		if best >= 0 {
			return best, nil
		}
		frontA = next
	}
	return -1, nil
}
