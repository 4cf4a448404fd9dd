package main

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/google/uuid"
	"github.com/spf13/cobra"

	"github.com/govkg/govkg/export"
	"github.com/govkg/govkg/graph"
)

func (a *app) exportCommand() *cobra.Command {
	var format, out, focus string
	var depth int
	var schemaOut string
	c := &cobra.Command{
		Use:   "export --format F [--out FILE]",
		Short: "Write the graph (or a neighbourhood) in a standard format",
		Long: `export streams the whole graph, or the neighbourhood of --focus to --depth,
in one of these formats:
  nquads     RDF N-Quads, provenance as the graph label (govkg import reads it)
  turtle     RDF Turtle
  graphml    GraphML (Gephi, yEd)
  dot        Graphviz DOT
  cytoscape  Cytoscape.js JSON
  csv        two files, FILE-nodes.csv and FILE-edges.csv (--out required)
  dgraph     RDF for Dgraph's live loader; --schema FILE writes the DQL schema
--focus takes an entity ID or a name.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			f, err := export.ParseFormat(format)
			if err != nil {
				return usageError{err}
			}
			if f == "csv" && (out == "" || out == "-") {
				return usageError{errors.New("--format csv writes two files: give --out PREFIX")}
			}
			s, err := a.openStore(true)
			if err != nil {
				return err
			}
			defer s.Close()
			var opt export.Options
			if focus != "" {
				id, err := resolveEntity(cmd, s, focus)
				if err != nil {
					return err
				}
				opt = export.Options{Focus: id, Depth: depth}
			}
			if schemaOut != "" {
				if err := writeFile(schemaOut, export.DgraphSchema); err != nil {
					return err
				}
			}
			var counts export.Counts
			if f == "csv" {
				err = writeFile(out+"-nodes.csv", func(nodes io.Writer) error {
					return writeFile(out+"-edges.csv", func(edges io.Writer) error {
						counts, err = export.WriteCSV(ctx, s, nodes, edges, opt)
						return err
					})
				})
			} else if out == "" || out == "-" {
				bw := bufio.NewWriterSize(a.stdout, 1<<16)
				counts, err = export.Write(ctx, s, f, bw, opt)
				if err == nil {
					err = bw.Flush()
				}
			} else {
				err = writeFile(out, func(w io.Writer) error {
					counts, err = export.Write(ctx, s, f, w, opt)
					return err
				})
			}
			if err != nil {
				return fmt.Errorf("export %s: %w", format, err)
			}
			fmt.Fprintf(a.stderr, "exported %d entities and %d triples as %s\n", counts.Entities, counts.Triples, format)
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "nquads", "nquads, turtle, graphml, dot, cytoscape, csv or dgraph")
	c.Flags().StringVarP(&out, "out", "o", "", "output file (standard output when absent or -)")
	c.Flags().StringVar(&focus, "focus", "", "export only the neighbourhood of this entity (ID or name)")
	c.Flags().IntVar(&depth, "depth", 2, "hops around --focus")
	c.Flags().StringVar(&schemaOut, "schema", "", "with --format dgraph: also write the DQL schema to this file")
	return c
}

// writeFile writes path through fn, atomically: into a temporary file in
// the same directory, renamed over path only when fn succeeds.
func writeFile(path string, fn func(io.Writer) error) error {
	dir := filepath.Dir(path)
	tmp, err := os.CreateTemp(dir, "."+filepath.Base(path)+".*")
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	defer os.Remove(tmp.Name())
	bw := bufio.NewWriterSize(tmp, 1<<16)
	if err := fn(bw); err != nil {
		tmp.Close()
		return err
	}
	if err := bw.Flush(); err != nil {
		tmp.Close()
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := tmp.Close(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	if err := os.Rename(tmp.Name(), path); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

// resolveEntity finds the entity an argument names: an ID, or a name or
// alias that only one entity has.
func resolveEntity(cmd *cobra.Command, s *graph.Store, arg string) (graph.ID, error) {
	if id, err := uuid.Parse(arg); err == nil {
		if _, err := s.Entity(cmd.Context(), id); err != nil {
			return uuid.Nil, fmt.Errorf("entity %s: %w", arg, err)
		}
		return id, nil
	}
	ents, err := s.Lookup(cmd.Context(), arg)
	if err != nil {
		return uuid.Nil, err
	}
	switch len(ents) {
	case 0:
		return uuid.Nil, fmt.Errorf("no entity is called %q", arg)
	case 1:
		return ents[0].ID, nil
	}
	msg := fmt.Sprintf("%d entities are called %q; give one ID:", len(ents), arg)
	for _, e := range ents {
		msg += fmt.Sprintf("\n  %s  %s %s", e.ID, e.Type, e.Name)
	}
	return uuid.Nil, errors.New(msg)
}

func (a *app) importCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "import FILE",
		Short: "Read an N-Quads export back into the store",
		Long: `import reads N-Quads written by "govkg export --format nquads" ("-" for
standard input). The whole file is checked before anything is stored: an
error names its line and leaves the store as it was.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			r := a.stdin
			if args[0] != "-" {
				f, err := os.Open(args[0])
				if err != nil {
					return fmt.Errorf("import: %w", err)
				}
				defer f.Close()
				r = f
			}
			s, err := a.openStore(false)
			if err != nil {
				return err
			}
			defer s.Close()
			counts, err := export.ImportNQuads(cmd.Context(), s, bufio.NewReaderSize(r, 1<<16))
			if err != nil {
				return fmt.Errorf("import %s: %w", args[0], err)
			}
			fmt.Fprintf(a.stdout, "imported %d entities and %d triples from %s\n", counts.Entities, counts.Triples, args[0])
			return nil
		},
	}
}
