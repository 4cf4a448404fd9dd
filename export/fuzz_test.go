package export

import (
	"bytes"
	"context"
	"testing"

	"github.com/govkg/govkg/graph"
)

// FuzzImportNQuads feeds arbitrary bytes to the importer: it must never
// panic, and whatever it accepts must leave a store that passes Check and
// exports again. The seeds (testdata/fuzz/FuzzImportNQuads) are a full
// export, a minimal one and one of each kind of malformed line.
func FuzzImportNQuads(f *testing.F) {
	// One store for the whole run: opening Badger costs far more than one
	// input. Inputs accumulate in it, which Check must survive too.
	s, err := graph.Open(graph.Options{InMemory: true})
	if err != nil {
		f.Fatal(err)
	}
	f.Cleanup(func() { s.Close() })
	ctx := context.Background()
	f.Fuzz(func(t *testing.T, data []byte) {
		if _, err := ImportNQuads(ctx, s, bytes.NewReader(data)); err != nil {
			return
		}
		rep, err := s.Check(ctx)
		if err != nil {
			t.Fatalf("check: %v", err)
		}
		if !rep.OK() {
			t.Fatalf("the import left a store that fails Check: %v", rep.Problems)
		}
		var out bytes.Buffer
		if _, err := Write(ctx, s, NQuads, &out, Options{}); err != nil {
			t.Fatalf("export after import: %v", err)
		}
	})
}
