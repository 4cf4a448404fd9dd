package schema

// Load benchmarks of the API over real HTTP, beside the same operations
// called directly on graph.Store in the same run.
//
// The store holds GOVKG_BENCH_TRIPLES generated assertions (graph/gen,
// default 1,000,000). It is built once and cached between runs in the
// system temp directory (govkg-schema-bench-<triples>-<seed>); set
// GOVKG_BENCH_FRESH=1 to rebuild it. Each operation runs with
// loadClients (32) concurrent clients, for throughput, and with one, for
// the latency of an op with the cores to itself (with 32 clients in a
// closed loop, an op's latency is mostly its wait for a core: about
// 32 / throughput). The direct variants call the store from goroutines;
// the graphql ones POST to the handler served by an httptest server on
// 127.0.0.1, keeping their connections alive. One op is one lookup or one
// neighbourhood; each sub-benchmark reports ops/s and the p50 and p99
// latency of single ops, and the graphql ones their ratios to the direct
// one measured just before (p50-x-direct: latency; ops-x-direct: direct
// ops/s over GraphQL ops/s; cpu-x-direct: CPU time per op, the process's
// user and system time, which includes the HTTP client's share and varies
// least when other work shares the machine). Nothing here runs without
// -bench:
//
//	go test ./schema -run '^$' -bench APILoad -benchtime 4000x -timeout 30m
//
// (GOVKG_BENCH_TRIPLES=100000 for a quick run.)

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/graph/gen"
)

const (
	loadSeed    = 20240601
	loadClients = 32   // concurrent clients of every load benchmark
	loadSample  = 4096 // start nodes and names the benchmarks cycle through
	loadDepth   = 2    // neighbourhood hops
	loadLimit   = 200  // neighbourhood node cap
	loadVersion = "1"  // bump when the generator's output or the build changes
)

// The GraphQL operations of the load benchmarks. They ask for what the
// direct variants read: the entities a name finds, and the nodes (with
// their names and types) and edges of a neighbourhood.
const (
	lookupQuery        = `query Lookup($name: String!) { lookup(name: $name) { id type name } }`
	neighbourhoodQuery = `query Hood($id: String!) { neighbourhood(id: $id, depth: 2, limit: 200) ` +
		`{ truncated nodes { id type name } edges { source predicate target } } }`
)

// loadStore is the store of the load benchmarks with what they start from.
type loadStore struct {
	store *graph.Store
	built string
	ids   []graph.ID // random entities
	names []string   // names of other random entities
}

// loadOp is one operation of a load benchmark: it returns how many items
// (entities or nodes) it got.
type loadOp func(ctx context.Context, i int) (int, error)

// loadResult is what one load run measured.
type loadResult struct {
	ops      int
	elapsed  time.Duration
	cpu      time.Duration // CPU time of the whole process (user and system)
	p50, p99 time.Duration
	items    int
}

// cpuPerOp is the process's CPU time per op: unlike ops/s and latency it
// hardly changes when other work shares the machine.
func (r loadResult) cpuPerOp() time.Duration { return r.cpu / time.Duration(max(r.ops, 1)) }

func (r loadResult) opsPerSec() float64 { return float64(r.ops) / r.elapsed.Seconds() }

// runLoad runs n ops of op from clients goroutines and measures each.
func runLoad(ctx context.Context, n, clients int, op loadOp) (loadResult, error) {
	lat := make([]time.Duration, n)
	var next atomic.Int64
	var items atomic.Int64
	var firstErr error
	var errOnce sync.Once
	var wg sync.WaitGroup
	cpu0 := processCPU()
	start := time.Now()
	for range clients {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1) - 1)
				if i >= n {
					return
				}
				t0 := time.Now()
				got, err := op(ctx, i)
				lat[i] = time.Since(t0)
				if err != nil {
					errOnce.Do(func() { firstErr = err })
					next.Store(int64(n)) // stop the others
					return
				}
				items.Add(int64(got))
			}
		}()
	}
	wg.Wait()
	res := loadResult{ops: n, elapsed: time.Since(start), cpu: processCPU() - cpu0, items: int(items.Load())}
	if firstErr != nil {
		return res, firstErr
	}
	slices.Sort(lat)
	res.p50, res.p99 = percentile(lat, 50), percentile(lat, 99)
	return res, nil
}

// percentile returns the p-th percentile of sorted by nearest rank.
func percentile(sorted []time.Duration, p int) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	rank := (p*len(sorted) + 99) / 100 // ceil(p/100 * n)
	return sorted[max(rank, 1)-1]
}

// directOps are the operations called on the store itself: what the API
// answers without HTTP, JSON or GraphQL.
func directOps(s *graph.Store, ls *loadStore) (lookup, hood loadOp) {
	lookup = func(ctx context.Context, i int) (int, error) {
		es, err := s.Lookup(ctx, ls.names[i%len(ls.names)])
		if err != nil {
			return 0, err
		}
		if len(es) == 0 {
			return 0, fmt.Errorf("lookup %q found nothing", ls.names[i%len(ls.names)])
		}
		return len(es), nil
	}
	hood = func(ctx context.Context, i int) (int, error) {
		sg, err := s.Neighbourhood(ctx, ls.ids[i%len(ls.ids)], graph.TraverseOptions{
			Depth: loadDepth, Direction: graph.Both, MaxNodes: loadLimit})
		if err != nil {
			return 0, err
		}
		es, err := s.EntitiesByID(ctx, sg.Nodes)
		if err != nil {
			return 0, err
		}
		n := 0
		for _, e := range es {
			if e != nil && e.Name != "" {
				n++
			}
		}
		return n, nil
	}
	return lookup, hood
}

// httpOps are the same operations as GraphQL POSTs to url. They check the
// status and that the answer has data and no errors; counting the items
// would mean decoding every answer on the cores the server uses, so they
// count bytes instead.
func httpOps(client *http.Client, url string, ls *loadStore) (lookup, hood loadOp) {
	bufPool := sync.Pool{New: func() any { return new(bytes.Buffer) }} // response buffers
	post := func(ctx context.Context, body []byte) (int, error) {
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
		if err != nil {
			return 0, err
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		buf := bufPool.Get().(*bytes.Buffer)
		defer bufPool.Put(buf)
		buf.Reset()
		_, err = buf.ReadFrom(res.Body)
		res.Body.Close()
		if err != nil {
			return 0, err
		}
		raw := buf.Bytes()
		if res.StatusCode != http.StatusOK || !bytes.HasPrefix(raw, []byte(`{"data":`)) || bytes.Contains(raw, []byte(`"errors":`)) {
			return 0, fmt.Errorf("status %d: %.300s", res.StatusCode, raw)
		}
		return len(raw), nil
	}
	lookupBodies := requestBodies(lookupQuery, "name", ls.names)
	ids := make([]string, len(ls.ids))
	for i, id := range ls.ids {
		ids[i] = id.String()
	}
	hoodBodies := requestBodies(neighbourhoodQuery, "id", ids)
	lookup = func(ctx context.Context, i int) (int, error) { return post(ctx, lookupBodies[i%len(lookupBodies)]) }
	hood = func(ctx context.Context, i int) (int, error) { return post(ctx, hoodBodies[i%len(hoodBodies)]) }
	return lookup, hood
}

// requestBodies encodes one GraphQL request per value of the variable.
func requestBodies(query, variable string, values []string) [][]byte {
	out := make([][]byte, len(values))
	for i, v := range values {
		b, err := json.Marshal(map[string]any{"query": query, "variables": map[string]any{variable: v}})
		if err != nil {
			panic(err) // strings always encode
		}
		out[i] = b
	}
	return out
}

// loadClient is an HTTP client that keeps a connection per client alive.
func loadClient() *http.Client {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns = 2 * loadClients
	tr.MaxIdleConnsPerHost = 2 * loadClients
	return &http.Client{Transport: tr, Timeout: 30 * time.Second}
}

// BenchmarkAPILoad measures lookup and a depth-2 neighbourhood capped at
// 200 nodes, called directly on the store and through the API over HTTP,
// under loadClients concurrent clients (throughput; latency then includes
// the wait for a core) and with one client (the latency of an op alone).
func BenchmarkAPILoad(b *testing.B) {
	ls := sharedLoadStore(b)
	h, err := NewHandler(ls.store, Options{})
	if err != nil {
		b.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()
	client := loadClient()
	defer client.CloseIdleConnections()
	dLookup, dHood := directOps(ls.store, ls)
	hLookup, hHood := httpOps(client, srv.URL+"/graphql", ls)
	if err := checkAgreement(b, client, srv.URL+"/graphql", ls); err != nil {
		b.Fatal(err)
	}
	floor, err := newTransportFloor(client, srv.URL+"/graphql", ls)
	if err != nil {
		b.Fatal(err)
	}
	defer floor.Close()
	fLookup, fHood := httpOps(client, floor.URL, ls)
	direct := map[string]loadResult{} // by operation and clients, for the ratios
	for _, op := range []struct {
		name               string
		direct, api, floor loadOp
		directUnit         string
	}{
		{"lookup", dLookup, hLookup, fLookup, "entities/op"},
		{"neighbourhood", dHood, hHood, fHood, "nodes/op"},
	} {
		for _, clients := range []int{loadClients, 1} {
			for _, way := range []string{"direct", "graphql", "http-floor"} {
				name := fmt.Sprintf("%s/clients=%d/%s", op.name, clients, way)
				b.Run(name, func(b *testing.B) {
					run, unit := op.direct, op.directUnit
					switch way {
					case "graphql":
						run, unit = op.api, "bytes/op"
					case "http-floor":
						run, unit = op.floor, "bytes/op"
					}
					res, err := runLoad(context.Background(), b.N, clients, run)
					if err != nil {
						b.Fatal(err)
					}
					b.ReportMetric(res.opsPerSec(), "ops/s")
					b.ReportMetric(float64(res.p50.Microseconds())/1000, "p50-ms")
					b.ReportMetric(float64(res.p99.Microseconds())/1000, "p99-ms")
					b.ReportMetric(float64(res.cpuPerOp().Nanoseconds())/1000, "cpu-µs/op")
					b.ReportMetric(float64(res.items)/float64(res.ops), unit)
					key := fmt.Sprintf("%s/%d", op.name, clients)
					if way == "direct" {
						direct[key] = res
					} else if d, ok := direct[key]; ok && d.p50 > 0 {
						b.ReportMetric(float64(res.p50)/float64(d.p50), "p50-x-direct")
						b.ReportMetric(d.opsPerSec()/res.opsPerSec(), "ops-x-direct")
						if d.cpu > 0 {
							b.ReportMetric(float64(res.cpuPerOp())/float64(d.cpuPerOp()), "cpu-x-direct")
						}
					}
				})
			}
		}
	}
}

// newTransportFloor starts an HTTP server that answers every request
// with a canned GraphQL answer, captured from the API for the first sample
// of each operation: the same request bodies, the same answer sizes and
// the same client, with no GraphQL and no store behind them. What the
// clients pay against it is what HTTP alone costs an operation.
func newTransportFloor(client *http.Client, url string, ls *loadStore) (*httptest.Server, error) {
	capture := func(query, variable, value string) ([]byte, error) {
		res, err := client.Post(url, "application/json", bytes.NewReader(requestBodies(query, variable, []string{value})[0]))
		if err != nil {
			return nil, err
		}
		defer res.Body.Close()
		return io.ReadAll(res.Body)
	}
	lookup, err := capture(lookupQuery, "name", ls.names[0])
	if err != nil {
		return nil, err
	}
	hood, err := capture(neighbourhoodQuery, "id", ls.ids[0].String())
	if err != nil {
		return nil, err
	}
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, err := io.ReadAll(r.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		answer := lookup
		if bytes.Contains(body, []byte("neighbourhood")) {
			answer = hood
		}
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Content-Length", strconv.Itoa(len(answer)))
		w.Write(answer)
	})), nil
}

// checkAgreement asks the API and the store the same questions for a few
// samples and fails when their answers differ.
func checkAgreement(tb testing.TB, client *http.Client, url string, ls *loadStore) error {
	tb.Helper()
	ctx := context.Background()
	for i := range min(20, len(ls.ids), len(ls.names)) {
		// lookup: the same entities.
		want, err := ls.store.Lookup(ctx, ls.names[i])
		if err != nil {
			return err
		}
		var lk struct {
			Lookup []struct{ ID, Type, Name string }
		}
		if err := postDecode(client, url, lookupQuery, map[string]any{"name": ls.names[i]}, &lk); err != nil {
			return err
		}
		if len(lk.Lookup) != len(want) || len(want) == 0 {
			return fmt.Errorf("lookup %q: API found %d entities, the store %d", ls.names[i], len(lk.Lookup), len(want))
		}
		for _, e := range want {
			if !slices.ContainsFunc(lk.Lookup, func(x struct{ ID, Type, Name string }) bool {
				return x.ID == e.ID.String() && x.Name == e.Name && x.Type == string(e.Type)
			}) {
				return fmt.Errorf("lookup %q: the API left out %s (%s)", ls.names[i], e.ID, e.Name)
			}
		}
		// neighbourhood: the same nodes, names and edges.
		sg, err := ls.store.Neighbourhood(ctx, ls.ids[i], graph.TraverseOptions{Depth: loadDepth, Direction: graph.Both, MaxNodes: loadLimit})
		if err != nil {
			return err
		}
		es, err := ls.store.EntitiesByID(ctx, sg.Nodes)
		if err != nil {
			return err
		}
		var nb struct {
			Neighbourhood struct {
				Truncated bool
				Nodes     []struct{ ID, Type, Name string }
				Edges     []struct{ Source, Predicate, Target string }
			}
		}
		if err := postDecode(client, url, neighbourhoodQuery, map[string]any{"id": ls.ids[i].String()}, &nb); err != nil {
			return err
		}
		got := nb.Neighbourhood
		if len(got.Nodes) != len(es) || len(got.Edges) != len(sg.Edges) || got.Truncated != sg.Truncated {
			return fmt.Errorf("neighbourhood of %s: API %d nodes, %d edges, truncated %v; store %d, %d, %v",
				ls.ids[i], len(got.Nodes), len(got.Edges), got.Truncated, len(es), len(sg.Edges), sg.Truncated)
		}
		for j, e := range es {
			if n := got.Nodes[j]; n.ID != e.ID.String() || n.Name != e.Name || n.Type != string(e.Type) {
				return fmt.Errorf("neighbourhood of %s: node %d is %v in the API, %s %q in the store", ls.ids[i], j, n, e.ID, e.Name)
			}
		}
	}
	return nil
}

// postDecode runs one GraphQL query and decodes its data into out.
func postDecode(client *http.Client, url, query string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	res, err := client.Post(url, "application/json", bytes.NewReader(body))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var r gqlResponse
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		return fmt.Errorf("%s: %w", query, err)
	}
	if res.StatusCode != http.StatusOK || len(r.Errors) > 0 {
		return fmt.Errorf("%s: status %d: %s", query, res.StatusCode, r.errorText())
	}
	return json.Unmarshal(r.Data, out)
}

var (
	loadOnce   sync.Once
	loadShared *loadStore
	loadErr    error
)

// sharedLoadStore returns the store of the load benchmarks, building it on
// first use.
func sharedLoadStore(b *testing.B) *loadStore {
	b.Helper()
	n, err := loadTriples()
	if err != nil {
		b.Fatal(err)
	}
	first := false
	loadOnce.Do(func() {
		first = true
		loadShared, loadErr = openLoadStore(n)
	})
	if loadErr != nil {
		b.Fatal(loadErr)
	}
	if first {
		b.Logf("store: %s", loadShared.built)
	}
	return loadShared
}

// loadTriples reads GOVKG_BENCH_TRIPLES (default 1,000,000).
func loadTriples() (int, error) {
	v := os.Getenv("GOVKG_BENCH_TRIPLES")
	if v == "" {
		return 1_000_000, nil
	}
	n, err := strconv.Atoi(strings.ReplaceAll(v, "_", ""))
	if err != nil || n <= 0 {
		return 0, fmt.Errorf("GOVKG_BENCH_TRIPLES=%q is not a positive number", v)
	}
	return n, nil
}

// openLoadStore opens the cached store of n generated assertions, building
// it first when the cache has none (or GOVKG_BENCH_FRESH=1), and samples
// start nodes and names.
func openLoadStore(n int) (*loadStore, error) {
	dir := filepath.Join(os.TempDir(), fmt.Sprintf("govkg-schema-bench-%d-%d", n, loadSeed))
	marker := filepath.Join(dir, "complete")
	want := "govkg schema bench store " + loadVersion + "\n"
	got, err := os.ReadFile(marker)
	if os.Getenv("GOVKG_BENCH_FRESH") == "1" || err != nil || !strings.HasPrefix(string(got), want) {
		note, err := buildLoadStore(dir, n)
		if err != nil {
			return nil, fmt.Errorf("bench store %s: %w", dir, err)
		}
		got = []byte(want + note + "\n")
		if err := os.WriteFile(marker, got, 0o600); err != nil {
			return nil, fmt.Errorf("bench store %s: %w", dir, err)
		}
	}
	s, err := graph.Open(graph.Options{Dir: dir})
	if err != nil {
		return nil, err
	}
	ls, err := sampleLoadStore(context.Background(), s)
	if err != nil {
		s.Close()
		return nil, fmt.Errorf("bench store %s: %w", dir, err)
	}
	st, err := s.Stats(context.Background())
	if err != nil {
		s.Close()
		return nil, err
	}
	ls.built = fmt.Sprintf("%s: %s; %d entities, %d triples, %d sources", dir,
		strings.TrimSpace(strings.TrimPrefix(string(got), want)), st.Entities, st.Triples, st.Sources)
	return ls, nil
}

// buildLoadStore loads n generated assertions into a new store in dir and
// settles its LSM tree, so that reads do not run beside the compactions
// the load leaves behind.
func buildLoadStore(dir string, n int) (string, error) {
	if err := os.RemoveAll(dir); err != nil {
		return "", err
	}
	s, err := graph.Open(graph.Options{Dir: dir})
	if err != nil {
		return "", err
	}
	start := time.Now()
	applied, err := applyGenerated(context.Background(), s, gen.New(loadSeed, n))
	took := time.Since(start)
	if err == nil {
		err = s.DB().Flatten(2)
	}
	if cerr := s.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("built %d assertions in %s on %s", applied, took.Round(time.Millisecond), time.Now().Format(time.RFC3339)), nil
}

// applyGenerated applies every batch of g, 256 at a time.
func applyGenerated(ctx context.Context, s *graph.Store, g *gen.Generator) (int, error) {
	n := 0
	for bs := g.Next(256); len(bs) > 0; bs = g.Next(256) {
		if _, err := s.ApplyAll(ctx, bs); err != nil {
			return n, err
		}
		for _, b := range bs {
			n += len(b.Assertions)
		}
	}
	return n, nil
}

// sampleLoadStore picks, with a fixed seed, loadSample random entities to
// start neighbourhoods from and the names of loadSample others to look
// up, then warms the store's cache by walking from each start once.
func sampleLoadStore(ctx context.Context, s *graph.Store) (*loadStore, error) {
	ls := &loadStore{store: s}
	r := rand.New(rand.NewPCG(loadSeed, 2))
	seen := 0
	// Reservoir sampling over every entity, one reservoir per list.
	err := s.ForEachEntity(ctx, func(e graph.Entity) error {
		seen++
		if len(ls.ids) < loadSample {
			ls.ids = append(ls.ids, e.ID)
			ls.names = append(ls.names, e.Name)
			return nil
		}
		if j := r.IntN(seen); j < loadSample {
			ls.ids[j] = e.ID
		}
		if j := r.IntN(seen); j < loadSample {
			ls.names[j] = e.Name
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(ls.ids) == 0 {
		return nil, fmt.Errorf("no entities")
	}
	r.Shuffle(len(ls.ids), func(i, j int) { ls.ids[i], ls.ids[j] = ls.ids[j], ls.ids[i] })
	r.Shuffle(len(ls.names), func(i, j int) { ls.names[i], ls.names[j] = ls.names[j], ls.names[i] })
	lookup, hood := directOps(s, ls)
	for i := range ls.ids {
		if _, err := hood(ctx, i); err != nil {
			return nil, err
		}
		if _, err := lookup(ctx, i); err != nil {
			return nil, err
		}
	}
	return ls, nil
}

// TestLoadHarness runs the load benchmarks' machinery on a small generated
// store: the API and the store agree, every op succeeds, and the
// percentiles are read by nearest rank.
func TestLoadHarness(t *testing.T) {
	ctx := context.Background()
	s := openStore(t)
	if _, err := applyGenerated(ctx, s, gen.New(loadSeed, 3000)); err != nil {
		t.Fatal(err)
	}
	ls, err := sampleLoadStore(ctx, s)
	if err != nil {
		t.Fatal(err)
	}
	srv := serveStore(t, s, nil, Options{}, batchHooks{})
	client := loadClient()
	defer client.CloseIdleConnections()
	url := srv.URL + "/graphql"
	if err := checkAgreement(t, client, url, ls); err != nil {
		t.Fatal(err)
	}
	dLookup, dHood := directOps(s, ls)
	hLookup, hHood := httpOps(client, url, ls)
	for name, op := range map[string]loadOp{"direct lookup": dLookup, "direct neighbourhood": dHood,
		"graphql lookup": hLookup, "graphql neighbourhood": hHood} {
		res, err := runLoad(ctx, 100, 8, op)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if res.ops != 100 || res.items < 100 || res.p50 <= 0 || res.p99 < res.p50 {
			t.Errorf("%s: %+v", name, res)
		}
	}
	// A failing op stops the run with its error.
	lookupMissing, _ := directOps(s, &loadStore{names: []string{"no entity has this name at all"}, ids: ls.ids})
	if _, err := runLoad(ctx, 50, 4, lookupMissing); err == nil {
		t.Error("a lookup of an unknown name did not fail the run")
	}

	ms := func(v ...int) []time.Duration {
		out := make([]time.Duration, len(v))
		for i, x := range v {
			out[i] = time.Duration(x) * time.Millisecond
		}
		return out
	}
	for _, tc := range []struct {
		sorted []time.Duration
		p      int
		want   time.Duration
	}{
		{ms(1), 50, time.Millisecond},
		{ms(1, 2), 50, time.Millisecond},
		{ms(1, 2, 3, 4), 50, 2 * time.Millisecond},
		{ms(1, 2, 3, 4), 99, 4 * time.Millisecond},
		{ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 90, 9 * time.Millisecond},
		{nil, 50, 0},
	} {
		if got := percentile(tc.sorted, tc.p); got != tc.want {
			t.Errorf("percentile(%v, %d) = %v, want %v", tc.sorted, tc.p, got, tc.want)
		}
	}
}
