// Package export writes the govkg graph in standard formats (RDF N-Quads
// and Turtle, GraphML, Graphviz DOT, Cytoscape.js JSON, CSV, and RDF for
// Dgraph's live loader) and reads its own N-Quads back.
//
// Every writer streams: it walks the store with ForEachEntity and
// ForEachTriple and never holds the whole graph in memory. Only the
// triples of one subject are held at a time, so that they can be put in an
// order that does not depend on the store's internal predicate codes: the
// same graph always gives the same bytes, in any store.
package export

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/google/uuid"

	"github.com/govkg/govkg/graph"
)

// Format names an export format.
type Format string

// The formats Write knows.
const (
	NQuads    Format = "nquads"
	Turtle    Format = "turtle"
	GraphML   Format = "graphml"
	DOT       Format = "dot"
	Cytoscape Format = "cytoscape"
	CSV       Format = "csv"
	Dgraph    Format = "dgraph"
)

// Formats lists every format in the order the help text gives them.
func Formats() []Format {
	return []Format{NQuads, Turtle, GraphML, DOT, Cytoscape, CSV, Dgraph}
}

// ParseFormat returns the format named s (case-insensitive), or an error
// that lists the known formats.
func ParseFormat(s string) (Format, error) {
	for _, f := range Formats() {
		if strings.EqualFold(string(f), strings.TrimSpace(s)) {
			return f, nil
		}
	}
	names := make([]string, 0, len(Formats()))
	for _, f := range Formats() {
		names = append(names, string(f))
	}
	return "", fmt.Errorf("unknown export format %q (known: %s)", s, strings.Join(names, ", "))
}

// Options choose what to export.
type Options struct {
	// Focus, when set, restricts the export to the neighbourhood of this
	// entity (edges followed in both directions); uuid.Nil exports the
	// whole graph.
	Focus graph.ID
	// Depth is the number of hops around Focus (0 means 1; at most
	// graph.MaxDepth).
	Depth int
}

// Counts says how much an export or import carried.
type Counts struct {
	Entities int // entity records
	Triples  int // distinct triples (a triple asserted by two sources counts once)
}

// Write streams the graph, or the neighbourhood that opt selects, to w in
// format f. The CSV format needs two writers: use WriteCSV.
func Write(ctx context.Context, s *graph.Store, f Format, w io.Writer, opt Options) (Counts, error) {
	if _, err := ParseFormat(string(f)); err != nil {
		return Counts{}, err
	}
	if f == CSV {
		return Counts{}, errors.New("export csv: the csv format writes two files (nodes and edges): use WriteCSV")
	}
	v, err := newView(ctx, s, opt)
	if err != nil {
		return Counts{}, err
	}
	defer v.close()
	out := newOut(w)
	var c Counts
	switch f {
	case NQuads:
		c, err = writeNQuads(ctx, v, out)
	case Turtle:
		c, err = writeTurtle(ctx, v, out)
	case GraphML:
		c, err = writeGraphML(ctx, v, out)
	case DOT:
		c, err = writeDOT(ctx, v, out)
	case Cytoscape:
		c, err = writeCytoscape(ctx, v, out)
	case Dgraph:
		c, err = writeDgraph(ctx, v, out)
	}
	if err == nil {
		err = out.flush()
	}
	if err != nil {
		return c, fmt.Errorf("export %s: %w", f, err)
	}
	return c, nil
}

// out is a buffered writer that remembers the first write error, so that
// the writers can append freely and check once per record.
type out struct {
	w   *bufio.Writer
	buf []byte // scratch for appending one record
	err error
}

func newOut(w io.Writer) *out {
	return &out{w: bufio.NewWriterSize(w, 1<<16), buf: make([]byte, 0, 4096)}
}

// emit writes the scratch buffer and resets it.
func (o *out) emit() error {
	if o.err == nil && len(o.buf) > 0 {
		if _, err := o.w.Write(o.buf); err != nil {
			o.err = fmt.Errorf("write: %w", err)
		}
	}
	o.buf = o.buf[:0]
	return o.err
}

// write writes b (which the writer may not keep).
func (o *out) write(b []byte) error {
	if err := o.emit(); err != nil {
		return err
	}
	if _, err := o.w.Write(b); err != nil {
		o.err = fmt.Errorf("write: %w", err)
	}
	return o.err
}

// str writes s (through the scratch buffer).
func (o *out) str(s string) error {
	o.buf = append(o.buf, s...)
	return o.emit()
}

func (o *out) flush() error {
	if err := o.emit(); err != nil {
		return err
	}
	if err := o.w.Flush(); err != nil {
		return fmt.Errorf("write: %w", err)
	}
	return nil
}

// focusError wraps err for a focus entity that cannot be used.
func focusError(id uuid.UUID, err error) error {
	return fmt.Errorf("focus %s: %w", id, err)
}
