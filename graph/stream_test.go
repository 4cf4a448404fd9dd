package graph

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// TestStreams checks ForEachMention and ForEachAssertion against the
// per-entity and per-source reads they replace, on stores filled in
// different ways.
func TestStreams(t *testing.T) {
	replacedA := batchA()
	replacedA.Source.Hash = "hash-a2"
	replacedA.Assertions = replacedA.Assertions[:2]
	replacedA.Entities = replacedA.Entities[:3]
	tests := []struct {
		name           string
		batches        []Batch
		wantMentions   int
		wantAssertions int
	}{
		{"empty store", nil, 0, 0},
		{"one source", []Batch{batchA()}, 7, 5},
		{"two sources sharing a fact", []Batch{batchA(), batchB()}, 12, 10},
		{"a source replaced by a smaller version", []Batch{batchA(), batchB(), replacedA}, -1, 7},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			s := openTemp(t)
			for _, b := range tc.batches {
				mustApply(t, s, b)
			}

			var want []string
			if err := s.ForEachEntity(testCtx, func(e Entity) error {
				srcs, err := s.EntitySources(testCtx, e.ID)
				for _, src := range srcs {
					want = append(want, fmt.Sprintf("%s<-%s", e.ID, src))
				}
				return err
			}); err != nil {
				t.Fatal(err)
			}
			var got []string
			if err := s.ForEachMention(testCtx, func(e, src ID) error {
				got = append(got, fmt.Sprintf("%s<-%s", e, src))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			sameLines(t, "mentions", got, want)
			if tc.wantMentions >= 0 && len(got) != tc.wantMentions {
				t.Errorf("%d mentions, want %d", len(got), tc.wantMentions)
			}

			sources, err := s.Sources(testCtx)
			if err != nil {
				t.Fatal(err)
			}
			want = want[:0]
			for _, src := range sources {
				as, err := s.SourceAssertions(testCtx, src.ID)
				if err != nil {
					t.Fatal(err)
				}
				for _, a := range as {
					want = append(want, assertionString(a))
				}
			}
			got = got[:0]
			if err := s.ForEachAssertion(testCtx, func(a Assertion) error {
				got = append(got, assertionString(a))
				return nil
			}); err != nil {
				t.Fatal(err)
			}
			sameLines(t, "assertions", got, want)
			if len(got) != tc.wantAssertions {
				t.Errorf("%d assertions, want %d", len(got), tc.wantAssertions)
			}
		})
	}
}

// TestStreamsStop checks that an error from fn, or a cancelled context,
// ends each stream and comes back.
func TestStreamsStop(t *testing.T) {
	s := openTemp(t)
	mustApply(t, s, batchA())
	mustApply(t, s, batchB())
	stop := errors.New("enough")
	cancelled, cancel := context.WithCancel(testCtx)
	cancel()
	tests := []struct {
		name string
		run  func(ctx context.Context, fn func() error) error
	}{
		{"mentions", func(ctx context.Context, fn func() error) error {
			return s.ForEachMention(ctx, func(ID, ID) error { return fn() })
		}},
		{"assertions", func(ctx context.Context, fn func() error) error {
			return s.ForEachAssertion(ctx, func(Assertion) error { return fn() })
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			calls := 0
			err := tc.run(testCtx, func() error { calls++; return stop })
			if !errors.Is(err, stop) || calls != 1 {
				t.Errorf("after fn's error: %v with %d calls, want %v after 1", err, calls, stop)
			}
			err = tc.run(cancelled, func() error { return nil })
			if !errors.Is(err, context.Canceled) {
				t.Errorf("cancelled: %v", err)
			}
		})
	}
}

func assertionString(a Assertion) string {
	return fmt.Sprintf("%s %s %+v", a.Provenance.Source, tripleString(a.Triple), a.Provenance)
}

func sameLines(t *testing.T, what string, got, want []string) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d, want %d\ngot  %q\nwant %q", what, len(got), len(want), got, want)
	}
	for i := range got {
		if got[i] != want[i] {
			t.Errorf("%s %d: got %s, want %s", what, i, got[i], want[i])
		}
	}
}
