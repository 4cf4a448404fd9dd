package graph

import (
	"context"
	"errors"
	"io"
	"log/slog"
	"strings"
	"testing"
	"time"
)

// TestBulkLoadSpeculation covers what BulkLoad's side-by-side preparation
// of the batches of one call to next cannot see, with batches small enough
// that nothing else makes the guess fail: an entity that only an earlier
// batch of the same call brings, an entity typed otherwise by an earlier
// batch of the same call, and a predicate no batch before has used.
func TestBulkLoadSpeculation(t *testing.T) {
	ctx := context.Background()
	srcC, srcD := source("https://example.org/c", "c"), source("https://example.org/d", "d")
	// Fixed times, so that the two loads write the same source records.
	srcC.IngestedAt = time.Date(2024, 5, 1, 8, 0, 0, 0, time.UTC)
	srcD.IngestedAt = srcC.IngestedAt.Add(time.Hour)
	cases := []struct {
		name    string
		batches []Batch
		want    string // "" when the load must succeed
	}{
		{
			name: "entity from the batch before",
			batches: []Batch{
				{Source: srcC, Entities: []Entity{eToLam, eMPS}, Assertions: []Assertion{assert(srcC, eToLam, Leads, EntityValue(eMPS.ID))}},
				// eToLam is not among D's entities: only C brings it.
				{Source: srcD, Entities: []Entity{eConf77}, Assertions: []Assertion{assert(srcD, eToLam, Chairs, EntityValue(eConf77.ID))}},
			},
		},
		{
			name: "entity typed otherwise by the batch before",
			batches: []Batch{
				{Source: srcC, Entities: []Entity{eToLam}},
				{Source: srcD, Entities: []Entity{{ID: eToLam.ID, Type: Organization, Name: eToLam.Name}}},
			},
			want: "batch 1 ",
		},
		{
			name: "a new predicate in every batch",
			batches: []Batch{
				{Source: srcC, Entities: []Entity{eRes12, ePolit}, Assertions: []Assertion{assert(srcC, eRes12, IssuedBy, EntityValue(ePolit.ID))}},
				{Source: srcD, Entities: []Entity{eRes12}, Assertions: []Assertion{assert(srcD, eRes12, IssuedOn, mustDate("2019-03-05"))}},
			},
		},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			bulk := openTemp(t)
			given := false
			_, err := bulk.BulkLoad(ctx, func() ([]Batch, error) {
				if given {
					return nil, io.EOF
				}
				given = true
				return tc.batches, nil // all at once, so they are prepared side by side
			})
			if tc.want != "" {
				if !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "is stored as a") {
					t.Fatalf("got %v, want ErrInvalid naming %q", err, tc.want)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			mustCheck(t, bulk)
			applied := openTemp(t)
			if _, err := applied.ApplyAll(ctx, tc.batches); err != nil {
				t.Fatal(err)
			}
			if a, b := dump(t, applied), dump(t, bulk); a != b {
				t.Errorf("BulkLoad and ApplyAll differ:\n%s\n---\n%s", a, b)
			}
		})
	}
}

// TestBulkLoadNothing loads no batch at all (every input of an ingest
// skipped): the store stays a valid empty store that takes writes, and
// Badger is not told of streams that never had a key.
func TestBulkLoadNothing(t *testing.T) {
	var logged strings.Builder
	s, err := Open(Options{Dir: t.TempDir(), Logger: slog.New(slog.NewTextHandler(&logged, nil))})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	res, err := s.BulkLoad(testCtx, func() ([]Batch, error) { return nil, io.EOF })
	if err != nil {
		t.Fatal(err)
	}
	if res.Sources != 0 || res.Triples != 0 {
		t.Errorf("result %+v, want nothing", res)
	}
	mustCheck(t, s)
	mustApply(t, s, batchA())
	mustCheck(t, s)
	if strings.Contains(logged.String(), "no sorted writer") {
		t.Errorf("Badger was told to close a stream it never saw:\n%s", logged.String())
	}
}
