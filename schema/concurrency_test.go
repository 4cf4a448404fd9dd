package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"

	"github.com/govkg/govkg/graph"
)

// soak reports whether the long versions of the reliability tests run
// (GOVKG_SOAK=1).
func soak() bool { return os.Getenv("GOVKG_SOAK") == "1" }

// markerWorld is the data of the concurrency test: markers people, each
// with an anchor fact that never changes (so the marker always exists)
// and a source that asserts exactly facts member_of facts about it, in
// versions that name different bodies.
type markerWorld struct {
	markers, facts int
	anchorBody     graph.Entity
}

func (w markerWorld) marker(i int) graph.Entity {
	name := fmt.Sprintf("Marker Person %d", i)
	return graph.Entity{ID: graph.NewID(graph.Key(graph.Person, name)), Type: graph.Person, Name: name}
}

func (w markerWorld) body(i, version, j int) graph.Entity {
	name := fmt.Sprintf("Marker Body %d-%d-%d", i, version, j)
	return graph.Entity{ID: graph.NewID(graph.Key(graph.Organization, name)), Type: graph.Organization, Name: name}
}

func (w markerWorld) sourceID(i int) graph.ID {
	return graph.SourceID(fmt.Sprintf("test:marker-%d", i))
}

// batch is version v of marker i's source: facts member_of facts.
func (w markerWorld) batch(i, v int) graph.Batch {
	src := graph.Source{ID: w.sourceID(i), URL: fmt.Sprintf("test:marker-%d", i), Title: "marker",
		Hash: fmt.Sprintf("v%d", v), IngestedAt: fixtureTime}
	m := w.marker(i)
	b := graph.Batch{Source: src, Entities: []graph.Entity{m}}
	for j := 0; j < w.facts; j++ {
		o := w.body(i, v, j)
		b.Entities = append(b.Entities, o)
		sentence := fmt.Sprintf("%s belongs to %s.", m.Name, o.Name)
		b.Assertions = append(b.Assertions, graph.Assertion{
			Triple:     graph.Triple{Subject: m.ID, Predicate: graph.MemberOf, Object: graph.EntityValue(o.ID)},
			Provenance: graph.Provenance{Source: src.ID, Sentence: sentence, Start: 0, End: len(sentence), Rule: "test", Confidence: 1},
		})
	}
	return b
}

// anchors is the source keeping every marker alive.
func (w markerWorld) anchors() graph.Batch {
	src := graph.Source{ID: graph.SourceID("test:anchors"), URL: "test:anchors", Title: "anchors", Hash: "1", IngestedAt: fixtureTime}
	b := graph.Batch{Source: src, Entities: []graph.Entity{w.anchorBody}}
	for i := 0; i < w.markers; i++ {
		m := w.marker(i)
		b.Entities = append(b.Entities, m)
		b.Assertions = append(b.Assertions, graph.Assertion{
			Triple:     graph.Triple{Subject: m.ID, Predicate: graph.MemberOf, Object: graph.EntityValue(w.anchorBody.ID)},
			Provenance: graph.Provenance{Source: src.ID, Sentence: "anchor", End: 6, Rule: "test", Confidence: 1},
		})
	}
	return b
}

// TestConcurrentReadsDuringWrites runs writers that apply, replace and
// retract the marker sources through Store.Apply and Store.Retract while
// 32 clients query over HTTP. Every answer must come without error; a
// neighbourhood (one read transaction) must show each marker with 0 or
// exactly facts member_of edges besides its anchor, all of one version;
// the relations connection (one Match) must count 0 or facts; nothing may
// stall (no query or write finishing for 30 s); the heap and the goroutines must come back to
// about where they were. Run it with -race.
func TestConcurrentReadsDuringWrites(t *testing.T) {
	const clients = 32
	w := markerWorld{markers: 8, facts: 6}
	w.anchorBody = graph.Entity{ID: graph.NewID(graph.Key(graph.Organization, "Marker Anchor Body")), Type: graph.Organization, Name: "Marker Anchor Body"}
	writes, deadline := 120, 2*time.Minute
	if soak() {
		writes, deadline = 3000, 30*time.Minute
	}
	// stall is how long the run may go without a query or a write
	// finishing before it counts as a deadlock.
	const stall = 30 * time.Second
	store := openStore(t)
	loadFixture(t, store)
	ctx, cancel := context.WithTimeout(context.Background(), deadline)
	defer cancel()
	if _, err := store.Apply(ctx, w.anchors()); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < w.markers; i++ { // every marker starts whole
		if _, err := store.Apply(ctx, w.batch(i, 0)); err != nil {
			t.Fatal(err)
		}
	}
	srv := serveStore(t, store, nil, Options{}, batchHooks{})
	tr := &http.Transport{MaxIdleConnsPerHost: clients}
	client := &http.Client{Transport: tr}

	runtime.GC()
	var before runtime.MemStats
	runtime.ReadMemStats(&before)
	goroutines := runtime.NumGoroutine()

	var (
		stop      atomic.Bool
		progress  atomic.Int64 // UnixNano of the last query or write to finish
		queries   atomic.Int64
		seenFull  atomic.Int64
		seenEmpty atomic.Int64
		failures  = make(chan string, 64)
		wg        sync.WaitGroup
	)
	fail := func(format string, a ...any) {
		select {
		case failures <- fmt.Sprintf(format, a...):
		default:
		}
		stop.Store(true)
	}
	versionOf := map[graph.ID][2]int{} // body ID → (marker, version); read-only once built
	for i := 0; i < w.markers; i++ {
		for v := 0; v < 4; v++ {
			for j := 0; j < w.facts; j++ {
				versionOf[w.body(i, v, j).ID] = [2]int{i, v}
			}
		}
	}

	// Writers: two, each owning half the markers.
	for wr := 0; wr < 2; wr++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			rng := rand.New(rand.NewPCG(uint64(wr), 7))
			for n := 0; n < writes/2 && !stop.Load(); n++ {
				i := wr + 2*rng.IntN(w.markers/2)
				var err error
				if rng.IntN(4) == 0 {
					_, err = store.Retract(ctx, w.sourceID(i))
					if err != nil && strings.Contains(err.Error(), graph.ErrNotFound.Error()) {
						err = nil
					}
				} else {
					_, err = store.Apply(ctx, w.batch(i, rng.IntN(4)))
				}
				if err != nil {
					fail("writer %d: %v", wr, err)
					return
				}
				progress.Store(time.Now().UnixNano())
			}
		}()
	}
	writersDone := make(chan struct{})
	go func() { wg.Wait(); close(writersDone) }()

	post := func(query string, vars map[string]any) (gqlResponse, error) {
		body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, srv.URL+"/graphql", bytes.NewReader(body))
		if err != nil {
			return gqlResponse{}, err
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return gqlResponse{}, err
		}
		defer res.Body.Close()
		raw, err := io.ReadAll(res.Body)
		if err != nil {
			return gqlResponse{}, err
		}
		var out gqlResponse
		if err := json.Unmarshal(raw, &out); err != nil {
			return out, fmt.Errorf("status %d, not JSON: %s", res.StatusCode, raw)
		}
		if res.StatusCode != 200 || len(out.Errors) > 0 {
			return out, fmt.Errorf("status %d: %s", res.StatusCode, out.errorText())
		}
		return out, nil
	}
	const neighbourhoodQ = `query($id: String!) { neighbourhood(id: $id, depth: 1, predicates: [member_of], direction: OUT, limit: 100) { edges { source target predicate } truncated } }`
	const relationsQ = `query($id: ID!) { entity(id: $id) { relations(predicate: member_of, first: 100) { edges { predicate } } } }`
	const mixedQ = `{ stats { entities triples sources } search(text: "Marker", first: 5) { nodes { name } } sources { url triples } }`

	var readers sync.WaitGroup
	for c := 0; c < clients; c++ {
		readers.Add(1)
		go func() {
			defer readers.Done()
			rng := rand.New(rand.NewPCG(uint64(c), 99))
			for !stop.Load() {
				select {
				case <-writersDone:
					return
				default:
				}
				i := rng.IntN(w.markers)
				m := w.marker(i)
				switch k := rng.IntN(5); {
				case k < 3:
					r, err := post(neighbourhoodQ, map[string]any{"id": m.ID.String()})
					if err != nil {
						fail("neighbourhood: %v", err)
						return
					}
					var d struct {
						Neighbourhood struct {
							Edges []struct{ Source, Target, Predicate string }
						}
					}
					if err := json.Unmarshal(r.Data, &d); err != nil {
						fail("neighbourhood data: %v", err)
						return
					}
					count, versions := 0, map[int]bool{}
					for _, e := range d.Neighbourhood.Edges {
						if e.Target == w.anchorBody.ID.String() {
							continue
						}
						count++
						id, _ := uuid.Parse(e.Target)
						mv, ok := versionOf[id]
						if !ok || mv[0] != i {
							fail("marker %d has an edge to %s, no body of its own", i, e.Target)
							return
						}
						versions[mv[1]] = true
					}
					if (count != 0 && count != w.facts) || len(versions) > 1 {
						fail("torn read: marker %d shows %d of its %d facts, from %d versions", i, count, w.facts, len(versions))
						return
					}
					if count == 0 {
						seenEmpty.Add(1)
					} else {
						seenFull.Add(1)
					}
				case k == 3:
					r, err := post(relationsQ, map[string]any{"id": m.ID.String()})
					if err != nil {
						fail("relations: %v", err)
						return
					}
					if n := strings.Count(string(r.Data), `"predicate"`) - 1; n != 0 && n != w.facts {
						fail("torn read: marker %d relations show %d of its %d facts", i, n, w.facts)
						return
					}
				default:
					if _, err := post(mixedQ, nil); err != nil {
						fail("mixed: %v", err)
						return
					}
				}
				queries.Add(1)
				progress.Store(time.Now().UnixNano())
			}
		}()
	}
	readersDone := make(chan struct{})
	go func() { readers.Wait(); close(readersDone) }()
	progress.Store(time.Now().UnixNano())
	tick := time.NewTicker(time.Second)
	defer tick.Stop()
	for waiting := true; waiting; {
		select {
		case <-readersDone:
			waiting = false
		case <-tick.C:
			idle := time.Since(time.Unix(0, progress.Load()))
			if idle < stall && ctx.Err() == nil {
				continue
			}
			buf := make([]byte, 1<<20)
			n := runtime.Stack(buf, true)
			stop.Store(true)
			t.Fatalf("deadlock or stall: nothing finished for %s (deadline passed: %v)\n%s", idle.Round(time.Second), ctx.Err() != nil, buf[:n])
		}
	}
	<-writersDone
	close(failures)
	for f := range failures {
		t.Error(f)
	}
	if t.Failed() {
		return
	}
	if seenFull.Load() == 0 {
		t.Errorf("no reader saw a marker with its facts (%d empty): the test proves nothing", seenEmpty.Load())
	}
	checkStore(t, store)

	tr.CloseIdleConnections()
	srv.CloseClientConnections()
	var after runtime.MemStats
	settle := time.Now().Add(5 * time.Second)
	for {
		runtime.GC()
		runtime.ReadMemStats(&after)
		if runtime.NumGoroutine() <= goroutines+4 || time.Now().After(settle) {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	growth := int64(after.HeapAlloc) - int64(before.HeapAlloc)
	t.Logf("%d writes, %d queries from %d clients (%d full, %d empty markers seen); heap %d → %d KiB; goroutines %d → %d",
		writes, queries.Load(), clients, seenFull.Load(), seenEmpty.Load(), before.HeapAlloc>>10, after.HeapAlloc>>10,
		goroutines, runtime.NumGoroutine())
	if growth > 64<<20 {
		t.Errorf("the heap grew by %d MiB over the run", growth>>20)
	}
	if g := runtime.NumGoroutine(); g > goroutines+4 {
		t.Errorf("goroutines: %d before, %d after", goroutines, g)
	}
}
