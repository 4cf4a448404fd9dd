package main

import (
	"context"
	"testing"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/seeds"
)

// seedStore creates a store at dir holding the curated seeds.
func seedStore(t *testing.T, dir string) {
	t.Helper()
	kb, err := seeds.Load()
	if err != nil {
		t.Fatal(err)
	}
	s, err := graph.Open(graph.Options{Dir: dir})
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := s.Apply(context.Background(), kb.Batch()); err != nil {
		t.Fatal(err)
	}
}
