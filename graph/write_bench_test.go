package graph_test

// A quick measure of bulk writes: BenchmarkApplyAllThroughput loads a
// fixed set of generated articles into a fresh on-disk store with
// ApplyAll; BenchmarkRawBadgerSetFloor writes the same number of triples
// as four plain keys each (the S, P, O and X keys, same sizes) in
// transactions of the same size, with no reads, no validation and no
// entities, mentions or counters: the floor under ApplyAll on this machine.
// Run both in one go:
//
//	go test ./graph -run '^$' -bench 'ApplyAllThroughput|RawBadgerSetFloor' -benchtime 3x

import (
	"context"
	"encoding/binary"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/graph/gen"
)

const (
	writeBenchTriples = 100_000 // assertions generated for one run
	writeBenchChunk   = 256     // batches per ApplyAll call
	writeBenchTxn     = 20_000  // triples per txn of the raw floor
)

// writeBenchBatches returns the articles every run loads.
func writeBenchBatches() ([]graph.Batch, int) {
	g := gen.New(7, writeBenchTriples)
	var all []graph.Batch
	n := 0
	for bs := g.Next(writeBenchChunk); len(bs) > 0; bs = g.Next(writeBenchChunk) {
		all = append(all, bs...)
		for _, b := range bs {
			n += len(b.Assertions)
		}
	}
	return all, n
}

func BenchmarkApplyAllThroughput(b *testing.B) {
	ctx := context.Background()
	batches, n := writeBenchBatches()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := graph.Open(graph.Options{Dir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		start := time.Now()
		for i := 0; i < len(batches); i += writeBenchChunk {
			if _, err := s.ApplyAll(ctx, batches[i:min(i+writeBenchChunk, len(batches))]); err != nil {
				b.Fatal(err)
			}
		}
		elapsed += time.Since(start)
		b.StopTimer()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "triples/s")
}

func BenchmarkRawBadgerSetFloor(b *testing.B) {
	batches, n := writeBenchBatches()
	var elapsed time.Duration
	for b.Loop() {
		b.StopTimer()
		s, err := graph.Open(graph.Options{Dir: b.TempDir()})
		if err != nil {
			b.Fatal(err)
		}
		db := s.DB()
		b.StartTimer()
		start := time.Now()
		txn := db.NewTransaction(true)
		inTxn := 0
		var obj []byte
		// Entities and sources by 4-byte numbers, as the store keys them.
		nums := map[graph.ID][]byte{}
		num := func(id graph.ID) []byte {
			n, ok := nums[id]
			if !ok {
				n = binary.BigEndian.AppendUint32(nil, uint32(len(nums)+1))
				nums[id] = n
			}
			return n
		}
		for _, bt := range batches {
			src := num(bt.Source.ID)
			for _, a := range bt.Assertions {
				obj = append(obj[:0], byte(a.Object.Kind))
				if a.Object.Kind == graph.KindEntity {
					obj = append(obj, num(a.Object.Entity)...)
				} else {
					obj = binary.BigEndian.AppendUint16(obj, uint16(len(a.Object.Text)))
					obj = append(obj, a.Object.Text...)
				}
				p := []byte{0, byte(len(a.Predicate))}
				subj := num(a.Subject)
				keys := [][]byte{
					cat([]byte{'S'}, subj, p, obj),
					cat([]byte{'P'}, p, obj, subj),
					cat([]byte{'O'}, obj, subj, p),
					cat([]byte{'X'}, src, subj, p, obj),
				}
				vals := [][]byte{src, nil, nil, []byte(a.Sentence + a.Rule)}
				for i, k := range keys {
					if err := txn.Set(k, vals[i]); err != nil {
						b.Fatal(err)
					}
				}
				if inTxn++; inTxn == writeBenchTxn {
					if err := txn.Commit(); err != nil {
						b.Fatal(err)
					}
					txn, inTxn = db.NewTransaction(true), 0
				}
			}
		}
		if err := txn.Commit(); err != nil {
			b.Fatal(err)
		}
		elapsed += time.Since(start)
		b.StopTimer()
		if err := s.Close(); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
	}
	b.ReportMetric(float64(n)*float64(b.N)/elapsed.Seconds(), "triples/s")
}

func cat(parts ...[]byte) []byte {
	n := 0
	for _, p := range parts {
		n += len(p)
	}
	out := make([]byte, 0, n)
	for _, p := range parts {
		out = append(out, p...)
	}
	return out
}
