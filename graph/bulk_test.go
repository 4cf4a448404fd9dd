package graph_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/graph/gen"
)

const bulkTestSeed = 7

// genBatches returns the generated batches of about n assertions.
func genBatches(n int) []graph.Batch {
	g := gen.New(bulkTestSeed, n)
	var out []graph.Batch
	for !g.Done() {
		out = append(out, g.Next(64)...)
	}
	return out
}

// feed hands bs out chunk at a time, then io.EOF.
func feed(bs []graph.Batch, chunk int) func() ([]graph.Batch, error) {
	return func() ([]graph.Batch, error) {
		if len(bs) == 0 {
			return nil, io.EOF
		}
		n := min(chunk, len(bs))
		out := bs[:n]
		bs = bs[n:]
		return out, nil
	}
}

func openStore(t *testing.T) *graph.Store {
	t.Helper()
	s, err := graph.Open(graph.Options{Dir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// rawKeys returns every key and value in the store, in order.
func rawKeys(t testing.TB, s *graph.Store) [][2]string {
	t.Helper()
	var out [][2]string
	err := s.DB().View(func(txn *badger.Txn) error {
		it := txn.NewIterator(badger.DefaultIteratorOptions)
		defer it.Close()
		for it.Rewind(); it.Valid(); it.Next() {
			v, err := it.Item().ValueCopy(nil)
			if err != nil {
				return err
			}
			out = append(out, [2]string{string(it.Item().Key()), string(v)})
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

func sameRawKeys(t *testing.T, a, b *graph.Store) {
	t.Helper()
	ka, kb := rawKeys(t, a), rawKeys(t, b)
	if len(ka) != len(kb) {
		t.Errorf("ApplyAll store has %d keys, BulkLoad store %d", len(ka), len(kb))
	}
	for i := range min(len(ka), len(kb)) {
		if ka[i] != kb[i] {
			t.Fatalf("key %d differs: ApplyAll %x=%x, BulkLoad %x=%x", i, ka[i][0], ka[i][1], kb[i][0], kb[i][1])
		}
	}
}

func checkOK(t *testing.T, s *graph.Store, what string) {
	t.Helper()
	rep, err := s.Check(context.Background())
	if err != nil {
		t.Fatalf("check %s: %v", what, err)
	}
	if !rep.OK() {
		t.Fatalf("check %s: %d problems, first: %s", what, len(rep.Problems), rep.Problems[0])
	}
}

func entities(t *testing.T, s *graph.Store) []graph.Entity {
	t.Helper()
	var out []graph.Entity
	if err := s.ForEachEntity(context.Background(), func(e graph.Entity) error {
		out = append(out, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func triples(t *testing.T, s *graph.Store) []graph.Triple {
	t.Helper()
	var out []graph.Triple
	if err := s.ForEachTriple(context.Background(), func(x graph.Triple) error {
		out = append(out, x)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

// sameThroughAPI compares the two stores through the read API.
func sameThroughAPI(t *testing.T, applied, bulk *graph.Store) {
	t.Helper()
	ctx := context.Background()
	if a, b := entities(t, applied), entities(t, bulk); !reflect.DeepEqual(a, b) {
		t.Errorf("ForEachEntity: ApplyAll gives %d entities, BulkLoad %d, and they differ", len(a), len(b))
	}
	ta, tb := triples(t, applied), triples(t, bulk)
	if !reflect.DeepEqual(ta, tb) {
		t.Errorf("ForEachTriple: ApplyAll gives %d triples, BulkLoad %d, and they differ", len(ta), len(tb))
	}
	sa, err := applied.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	sb, err := bulk.Stats(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(sa, sb) {
		t.Errorf("Stats: ApplyAll %+v, BulkLoad %+v", sa, sb)
	}
	ra, err := applied.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	rb, err := bulk.Sources(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(ra, rb) {
		t.Errorf("Sources: ApplyAll gives %d, BulkLoad %d, and they differ", len(ra), len(rb))
	}
	multi := 0
	for i := 0; i < len(ta); i += max(1, len(ta)/500) {
		pa, err := applied.Provenance(ctx, ta[i])
		if err != nil {
			t.Fatal(err)
		}
		pb, err := bulk.Provenance(ctx, ta[i])
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(pa, pb) {
			t.Errorf("Provenance of %v: ApplyAll %+v, BulkLoad %+v", ta[i], pa, pb)
		}
		if len(pb) > 1 {
			multi++
		}
	}
	t.Logf("%d entities, %d triples, %d sources; %d sampled triples have several sources", sa.Entities, sa.Triples, sa.Sources, multi)
}

func TestBulkLoadMatchesApplyAll(t *testing.T) {
	ctx := context.Background()
	bs := genBatches(15_000)
	applied, bulk := openStore(t), openStore(t)
	if _, err := applied.ApplyAll(ctx, bs); err != nil {
		t.Fatal(err)
	}
	res, err := bulk.BulkLoad(ctx, feed(bs, 37))
	if err != nil {
		t.Fatal(err)
	}
	if res.Batches != len(bs) || res.Sources != len(bs) || res.Triples == 0 || res.Entities == 0 {
		t.Errorf("result %+v for %d batches", res, len(bs))
	}
	// A triple asserted by two sources is one 'S' key listing both.
	shared := 0
	for _, k := range rawKeys(t, bulk) {
		if k[0][0] == 'S' && len(k[1]) >= 8 { // two 4-byte source numbers
			shared++
		}
	}
	if shared == 0 {
		t.Error("no triple of the generated graph has two sources; the merge across batches went untested")
	}
	checkOK(t, applied, "ApplyAll store")
	checkOK(t, bulk, "BulkLoad store")
	sameRawKeys(t, applied, bulk)
	sameThroughAPI(t, applied, bulk)

	// Afterwards the bulk-loaded store takes ordinary writes.
	g := gen.New(bulkTestSeed+1, 600)
	more := g.Next(3)
	for _, s := range []*graph.Store{applied, bulk} {
		if _, err := s.ApplyAll(ctx, more); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Apply(ctx, bs[len(bs)/2]); err != nil { // unchanged
			t.Fatal(err)
		}
		for _, i := range []int{0, len(bs) / 3, len(bs) - 1} {
			if _, err := s.Retract(ctx, bs[i].Source.ID); err != nil {
				t.Fatal(err)
			}
		}
	}
	checkOK(t, applied, "ApplyAll store after more writes")
	checkOK(t, bulk, "BulkLoad store after more writes")
	sameRawKeys(t, applied, bulk)
}

func TestBulkLoadRefusesNonEmptyStore(t *testing.T) {
	ctx := context.Background()
	bs := genBatches(300)
	s := openStore(t)
	if _, err := s.Apply(ctx, bs[0]); err != nil {
		t.Fatal(err)
	}
	before := rawKeys(t, s)
	_, err := s.BulkLoad(ctx, feed(bs[1:], 10))
	if err == nil || !strings.Contains(err.Error(), "not empty") {
		t.Fatalf("BulkLoad into a store with a source: got %v, want a not-empty error", err)
	}
	if after := rawKeys(t, s); !slices.Equal(before, after) {
		t.Errorf("a refused BulkLoad changed the store: %d keys before, %d after", len(before), len(after))
	}
	checkOK(t, s, "after refusal")
}

func TestBulkLoadInvalidBatchWritesNothing(t *testing.T) {
	ctx := context.Background()
	bs := genBatches(3_000)
	mid := len(bs) / 2
	cases := []struct {
		name   string
		spoil  func(b *graph.Batch)
		expect string
	}{
		{"unknown predicate", func(b *graph.Batch) { b.Assertions[3].Predicate = "no_such_predicate" }, "no_such_predicate"},
		{"no subject", func(b *graph.Batch) { b.Assertions[1].Subject = graph.ID{} }, "no subject"},
		{"entity of unknown type", func(b *graph.Batch) { b.Entities[0].Type = "Spaceship" }, "Spaceship"},
		{"source twice", func(b *graph.Batch) { b.Source.ID = bs[0].Source.ID; b.Source.Hash = "other" }, "twice"},
		// The batch before comes in the same call to next, so this is
		// caught when the batches, prepared side by side, are kept.
		{"entity typed otherwise by the batch before", func(b *graph.Batch) {
			for _, e := range bs[mid-1].Entities {
				if !slices.ContainsFunc(b.Entities, func(x graph.Entity) bool { return x.ID == e.ID }) {
					e.Type = otherType(e.Type)
					b.Entities = append(b.Entities, e)
					return
				}
			}
			panic("every entity of the batch before is in the batch")
		}, "is stored as a"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			in := slices.Clone(bs)
			b := in[mid]
			b.Assertions = slices.Clone(b.Assertions)
			b.Entities = slices.Clone(b.Entities)
			tc.spoil(&b)
			in[mid] = b
			s := openStore(t)
			before := rawKeys(t, s)
			_, err := s.BulkLoad(ctx, feed(in, 16))
			if !errors.Is(err, graph.ErrInvalid) || !strings.Contains(err.Error(), fmt.Sprintf("batch %d ", mid)) ||
				!strings.Contains(err.Error(), tc.expect) {
				t.Fatalf("got %v, want ErrInvalid naming batch %d and %q", err, mid, tc.expect)
			}
			if after := rawKeys(t, s); !slices.Equal(before, after) {
				t.Fatalf("a failed BulkLoad changed the store: %d keys before, %d after", len(before), len(after))
			}
			// The store is still empty, so a good load goes through.
			if _, err := s.BulkLoad(ctx, feed(bs[:20], 7)); err != nil {
				t.Fatal(err)
			}
			checkOK(t, s, "after a good load")
		})
	}
}

// otherType returns an entity type other than t.
func otherType(t graph.EntityType) graph.EntityType {
	if t == graph.Person {
		return graph.Organization
	}
	return graph.Person
}

// TestBulkLoadEntityOfAnEarlierBatch loads batches that name entities
// only an earlier batch of the same call to next brings, which the
// batches' preparation side by side cannot see: the load must still match
// ApplyAll.
func TestBulkLoadEntityOfAnEarlierBatch(t *testing.T) {
	ctx := context.Background()
	bs := genBatches(3_000)
	dropped := 0
	for i := 1; i < len(bs); i++ {
		earlier := map[graph.ID]bool{}
		for _, e := range bs[i-1].Entities {
			earlier[e.ID] = true
		}
		b := &bs[i]
		b.Entities = slices.DeleteFunc(slices.Clone(b.Entities), func(e graph.Entity) bool {
			if earlier[e.ID] {
				dropped++
				return true
			}
			return false
		})
	}
	if dropped == 0 {
		t.Fatal("no generated batch shares an entity with the batch before it")
	}
	applied, bulk := openStore(t), openStore(t)
	if _, err := applied.ApplyAll(ctx, bs); err != nil {
		t.Fatal(err)
	}
	if _, err := bulk.BulkLoad(ctx, feed(bs, len(bs))); err != nil {
		t.Fatal(err)
	}
	t.Logf("%d entities named only by the batch before", dropped)
	checkOK(t, bulk, "BulkLoad store")
	sameRawKeys(t, applied, bulk)
}

func TestBulkLoadStopsOnReadError(t *testing.T) {
	s := openStore(t)
	calls := 0
	boom := errors.New("disk on fire")
	_, err := s.BulkLoad(context.Background(), func() ([]graph.Batch, error) {
		calls++
		if calls == 3 {
			return nil, boom
		}
		return genBatches(100)[:1], nil
	})
	if !errors.Is(err, boom) {
		t.Fatalf("got %v, want the reader's error", err)
	}
	if n := len(rawKeys(t, s)); n != 1 {
		t.Errorf("store holds %d keys after a failed load, want only the format key", n)
	}
}
