package export

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/graph/gen"
)

// dgraphBinary finds the Dgraph binary that tools/dgraph/build.sh builds.
func dgraphBinary(t *testing.T) string {
	t.Helper()
	bin := os.Getenv("GOVKG_DGRAPH")
	if bin == "" {
		bin = filepath.Join("..", "tools", "dgraph", "bin", "dgraph")
	}
	abs, err := filepath.Abs(bin)
	if err != nil {
		t.Fatal(err)
	}
	if st, err := os.Stat(abs); err != nil || st.IsDir() {
		skipOptional(t, "no Dgraph binary at "+abs+" (build it with tools/dgraph/build.sh, or set GOVKG_DGRAPH)")
	}
	return abs
}

// dgraphCluster is one Dgraph Zero and one Alpha on loopback ports.
type dgraphCluster struct {
	bin, dir string
	offset   int
	http     *http.Client
}

func (c *dgraphCluster) zeroAddr() string  { return fmt.Sprintf("127.0.0.1:%d", 5080+c.offset) }
func (c *dgraphCluster) alphaGRPC() string { return fmt.Sprintf("127.0.0.1:%d", 9080+c.offset) }
func (c *dgraphCluster) alphaHTTP() string { return fmt.Sprintf("http://127.0.0.1:%d", 8080+c.offset) }

// freeOffset finds a port offset at which every port Zero and Alpha use
// is free on loopback.
func freeOffset(t *testing.T) int {
	t.Helper()
	for range 50 {
		o := 1000 + rand.IntN(40000)
		ok := true
		for _, base := range []int{5080, 6080, 7080, 8080, 9080} {
			l, err := net.Listen("tcp", fmt.Sprintf("127.0.0.1:%d", base+o))
			if err != nil {
				ok = false
				break
			}
			l.Close()
		}
		if ok {
			return o
		}
	}
	t.Fatal("no free port offset for Dgraph")
	return 0
}

// start runs a Dgraph command in the cluster's directory, its output in a
// log file there, killed when the test ends.
func (c *dgraphCluster) start(t *testing.T, name string, args ...string) {
	t.Helper()
	logf, err := os.Create(filepath.Join(c.dir, name+".log"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(c.bin, args...)
	cmd.Dir = c.dir
	cmd.Stdout, cmd.Stderr = logf, logf
	if err := cmd.Start(); err != nil {
		t.Fatalf("start dgraph %s: %v", name, err)
	}
	t.Cleanup(func() {
		cmd.Process.Kill()
		cmd.Wait()
		logf.Close()
		if t.Failed() {
			b, _ := os.ReadFile(logf.Name())
			t.Logf("dgraph %s log (last 3000 bytes):\n%s", name, b[max(0, len(b)-3000):])
		}
	})
}

func startDgraph(t *testing.T) *dgraphCluster {
	bin := dgraphBinary(t)
	c := &dgraphCluster{bin: bin, dir: t.TempDir(), offset: freeOffset(t), http: &http.Client{Timeout: 60 * time.Second}}
	telemetry := "reports=false; sentry=false;"
	o := strconv.Itoa(c.offset)
	c.start(t, "zero", "zero", "--my", c.zeroAddr(), "--port_offset", o, "--wal", "zw", "--bindall=false", "--telemetry", telemetry)
	c.start(t, "alpha", "alpha", "--my", fmt.Sprintf("127.0.0.1:%d", 7080+c.offset), "--zero", c.zeroAddr(),
		"--port_offset", o, "--postings", "p", "--wal", "w", "--tmp", "t", "--bindall=false",
		"--security", "whitelist=127.0.0.1/32", "--cache", "size-mb=256", "--telemetry", telemetry)
	deadline := time.Now().Add(90 * time.Second)
	for {
		resp, err := c.http.Get(c.alphaHTTP() + "/health")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK && strings.Contains(string(body), "healthy") {
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("Dgraph Alpha did not become healthy in 90 s: %v", err)
		}
		time.Sleep(500 * time.Millisecond)
	}
	return c
}

// post sends body to an Alpha HTTP endpoint and decodes the JSON answer.
func (c *dgraphCluster) post(t *testing.T, path, contentType, body string, out any) {
	t.Helper()
	for attempt := 0; ; attempt++ {
		resp, err := c.http.Post(c.alphaHTTP()+path, contentType, strings.NewReader(body))
		if err != nil {
			t.Fatalf("POST %s: %v", path, err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		var env struct {
			Data   json.RawMessage            `json:"data"`
			Errors []struct{ Message string } `json:"errors"`
		}
		if err := json.Unmarshal(b, &env); err != nil {
			t.Fatalf("POST %s: %v: %s", path, err, b)
		}
		if len(env.Errors) > 0 {
			// A fresh cluster may still be electing or applying the schema.
			if attempt < 20 && (strings.Contains(env.Errors[0].Message, "Please retry") || strings.Contains(env.Errors[0].Message, "not ready")) {
				time.Sleep(time.Second)
				continue
			}
			t.Fatalf("POST %s: %s", path, env.Errors[0].Message)
		}
		if out != nil {
			if err := json.Unmarshal(env.Data, out); err != nil {
				t.Fatalf("POST %s: %v: %s", path, err, env.Data)
			}
		}
		return
	}
}

func (c *dgraphCluster) query(t *testing.T, q string, out any) {
	t.Helper()
	c.post(t, "/query", "application/dql", q, out)
}

// TestDgraphLiveLoad loads the Dgraph export into a real Dgraph (Zero and
// Alpha on loopback, the schema applied over HTTP, dgraph live) and checks
// that Dgraph holds what the store holds: entities, edges per predicate,
// and which resolutions programmes implement, directly and transitively.
func TestDgraphLiveLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a Dgraph cluster: not in -short")
	}
	c := startDgraph(t)
	ctx := context.Background()

	f := newFixture()
	s := f.load(t)
	g := gen.New(7, 5000)
	for !g.Done() {
		if _, err := s.ApplyAll(ctx, g.Next(50)); err != nil {
			t.Fatal(err)
		}
	}
	var schema bytes.Buffer
	if err := DgraphSchema(&schema); err != nil {
		t.Fatal(err)
	}
	c.post(t, "/alter", "application/dql", schema.String(), nil)

	rdf := filepath.Join(c.dir, "govkg.rdf")
	fh, err := os.Create(rdf)
	if err != nil {
		t.Fatal(err)
	}
	counts, err := Write(ctx, s, Dgraph, fh, Options{})
	if cerr := fh.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		t.Fatal(err)
	}
	live := exec.Command(c.bin, "live", "--files", rdf, "--format", "rdf", "--alpha", c.alphaGRPC(), "--zero", c.zeroAddr())
	live.Dir = c.dir
	liveOut, err := live.CombinedOutput()
	if err != nil {
		t.Fatalf("dgraph live: %v\n%s", err, liveOut)
	}
	if m := regexp.MustCompile(`N-Quads processed\s*:\s*(\d+)`).FindSubmatch(liveOut); m != nil {
		t.Logf("dgraph live: %s N-Quads processed", m[1])
	}

	// Entities.
	var ents struct{ Q []struct{ Count int } }
	c.query(t, `{ q(func: has(xid)) { count(uid) } }`, &ents)
	if len(ents.Q) != 1 || ents.Q[0].Count != counts.Entities {
		t.Errorf("Dgraph holds %v entities, the store %d", ents.Q, counts.Entities)
	}
	// Edges, predicate by predicate.
	st, err := s.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range graph.Predicates() {
		if graph.SignatureOf(p).Literal != 0 {
			continue
		}
		var r struct{ Q []struct{ N float64 } }
		c.query(t, fmt.Sprintf(`{ var(func: has(%[1]s)) { c as count(%[1]s) } q() { n: sum(val(c)) } }`, p), &r)
		got := 0
		if len(r.Q) > 0 {
			got = int(r.Q[0].N)
		}
		if got != st.ByPredicate[p] {
			t.Errorf("%s: Dgraph holds %d edges, the store %d", p, got, st.ByPredicate[p])
		}
	}
	// Which resolutions do programmes implement?
	progs, err := s.EntitiesOfType(ctx, graph.Programme, graph.PageRequest{First: 50})
	if err != nil {
		t.Fatal(err)
	}
	checked := 0
	for _, prog := range progs.Entities {
		direct, err := s.Match(ctx, graph.Pattern{Subject: prog.ID, Predicate: graph.Implements}, graph.PageRequest{First: graph.MaxPage})
		if err != nil {
			t.Fatal(err)
		}
		var objs []graph.ID
		for _, tr := range direct.Triples {
			objs = append(objs, tr.Object.Entity)
		}
		want := resolutionsAmong(t, s, objs)
		var r struct {
			Q []struct {
				Implements []struct{ Xid string } `json:"implements"`
			}
		}
		c.query(t, fmt.Sprintf(`{ q(func: eq(xid, %q)) { implements @filter(type(Resolution)) { xid } } }`, prog.ID), &r)
		var got []string
		for _, q := range r.Q {
			for _, i := range q.Implements {
				got = append(got, i.Xid)
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s implements %v in Dgraph, %v in the store", prog.Name, got, want)
		}

		closure, err := s.Closure(ctx, prog.ID, graph.Implements, graph.TraverseOptions{Depth: graph.MaxDepth, Direction: graph.Out})
		if err != nil {
			t.Fatal(err)
		}
		wantAll := resolutionsAmong(t, s, closure.Nodes[1:])
		var rr struct{ Q []map[string]any }
		c.query(t, fmt.Sprintf(`{ q(func: eq(xid, %q)) @recurse(depth: %d, loop: false) { xid dgraph.type implements } }`, prog.ID, graph.MaxDepth+1), &rr)
		seen := map[string]bool{}
		for _, n := range rr.Q {
			collectResolutions(n, seen, true)
		}
		gotAll := slices.Sorted(maps.Keys(seen))
		if !slices.Equal(gotAll, wantAll) {
			t.Errorf("%s implements, transitively, %v in Dgraph, %v in the store", prog.Name, gotAll, wantAll)
		}
		if len(want) > 0 {
			checked++
		}
	}
	if checked == 0 {
		t.Error("no programme implements a resolution: the check compared nothing")
	}
	t.Logf("Dgraph holds the store's %d entities and %d triples; %d programmes' resolutions agree (directly and transitively)",
		counts.Entities, counts.Triples, checked)
}

// resolutionsAmong returns the IDs of the Resolutions among ids, sorted.
func resolutionsAmong(t *testing.T, s *graph.Store, ids []graph.ID) []string {
	t.Helper()
	ents, err := s.EntitiesByID(context.Background(), ids)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range ents {
		if e != nil && e.Type == graph.Resolution {
			out = append(out, e.ID.String())
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// collectResolutions walks a @recurse answer, gathering the xids of the
// Resolutions below the root.
func collectResolutions(n map[string]any, seen map[string]bool, root bool) {
	if !root {
		isRes := false
		switch ty := n["dgraph.type"].(type) {
		case []any:
			for _, x := range ty {
				isRes = isRes || x == string(graph.Resolution)
			}
		case string:
			isRes = ty == string(graph.Resolution)
		}
		if xid, ok := n["xid"].(string); ok && isRes {
			seen[xid] = true
		}
	}
	children, _ := n["implements"].([]any)
	for _, ch := range children {
		if m, ok := ch.(map[string]any); ok {
			collectResolutions(m, seen, false)
		}
	}
}
