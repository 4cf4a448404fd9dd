package export

import (
	"bytes"
	"context"
	"testing"

	"github.com/govkg/govkg/graph/gen"
)

// hookWriter calls hook once, on the first write, before taking the bytes.
type hookWriter struct {
	buf  bytes.Buffer
	hook func() error
	err  error
}

func (w *hookWriter) Write(p []byte) (int, error) {
	if w.hook != nil {
		w.err, w.hook = w.hook(), nil
	}
	return w.buf.Write(p)
}

// TestExportIsOneSnapshot writes to the store while an export is half way
// (from inside the export's first write of output): the export must show
// the graph as it was when it started, whole, in every format.
func TestExportIsOneSnapshot(t *testing.T) {
	ctx := context.Background()
	batches := gen.New(7, 3000).Next(40)
	extra := batches[len(batches)-1]
	for _, f := range []Format{NQuads, Turtle, GraphML, DOT, Cytoscape, Dgraph} {
		t.Run(string(f), func(t *testing.T) {
			s := openStore(t)
			if _, err := s.ApplyAll(ctx, batches[:len(batches)-1]); err != nil {
				t.Fatal(err)
			}
			srcs, err := s.Sources(ctx)
			if err != nil {
				t.Fatal(err)
			}
			last := srcs[len(srcs)-1].ID // listed last: retracting it shows in a late part
			want, _ := exportString(t, s, f, Options{})
			if len(want) < 2*(1<<16) {
				t.Fatalf("the export is %d bytes: too small to be written in several parts", len(want))
			}
			w := &hookWriter{hook: func() error {
				if _, err := s.Retract(ctx, last); err != nil {
					return err
				}
				_, err := s.Apply(ctx, extra)
				return err
			}}
			if _, err := Write(ctx, s, f, w, Options{}); err != nil {
				t.Fatal(err)
			}
			if w.err != nil {
				t.Fatalf("writing during the export: %v", w.err)
			}
			if got := w.buf.String(); got != want {
				t.Fatalf("the export changed under writes made while it ran:\n%s", firstDiff(want, got))
			}
			if now, _ := exportString(t, s, f, Options{}); now == want {
				t.Fatal("the writes changed nothing: the test proves nothing")
			}
		})
	}
}
