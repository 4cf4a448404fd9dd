package main

import (
	"errors"
	"fmt"
	"io"
	"os"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"
	"golang.org/x/term"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/ingest"
	"github.com/govkg/govkg/seeds"
)

func (a *app) ingestCommand() *cobra.Command {
	var format string
	var noSeeds, quiet bool
	var bulkMB int64
	c := &cobra.Command{
		Use:   "ingest PATH...",
		Short: "Extract entities and relations from files and store them with provenance",
		Long: `ingest reads plain text, Markdown, HTML and JSON Lines ({title, url, date,
text} per line) files, directories (recursively) or "-" for standard input,
extracts the entities and relations they state, and stores each article as
its own source. An unchanged article is left as it is; a changed one
replaces its earlier version. Inputs that cannot be read are skipped with
a message naming them, the rest go on, and the exit code is then 4.

Into an empty store, inputs of up to --bulk-max-mb in all are loaded by the
bulk loader, which holds them in memory and writes the store's files
directly: several times faster, and all or nothing (interrupted, it leaves
the store empty).

The curated seeds are loaded first into an empty store (--no-seeds skips
them) and always serve as the gazetteer.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			f, err := ingest.ParseFormat(format)
			if err != nil {
				return usageError{err}
			}
			files, err := ingest.Walk(args)
			if err != nil {
				return err
			}
			kb, err := seeds.Load()
			if err != nil {
				return fmt.Errorf("seeds: %w", err)
			}
			s, err := a.openStore(false)
			if err != nil {
				return err
			}
			defer s.Close()
			p := &ingest.Pipeline{Store: s, Extractor: ingest.NewExtractor(kb), Stdin: a.stdin, BulkLimit: bulkMB << 20}
			if !noSeeds {
				// Into an empty store the seeds go first, in the same
				// load as the files.
				st, err := s.Stats(cmd.Context())
				if err != nil {
					return err
				}
				if st.Sources == 0 {
					p.Prelude = []graph.Batch{kb.Batch()}
				}
			}
			prog := a.newProgress(len(files), quiet)
			sum, err := p.IngestFiles(cmd.Context(), files, f, prog)
			prog.finish()
			for _, e := range sum.Errors {
				fmt.Fprintln(a.stderr, "skipped:", e)
			}
			printSummary(a.stdout, sum)
			if err != nil {
				return err
			}
			if sum.Skipped > 0 {
				return withCode(exitSkipped, fmt.Errorf("%d inputs skipped", sum.Skipped))
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "auto", "input format: auto, text, markdown, html, jsonl")
	c.Flags().BoolVar(&noSeeds, "no-seeds", false, "do not load the curated seeds into an empty store")
	c.Flags().BoolVarP(&quiet, "quiet", "q", false, "no progress bar")
	c.Flags().Int64Var(&bulkMB, "bulk-max-mb", 64, "into an empty store, load inputs of up to this many MB in all with the bulk loader (all in memory, several times faster; 0: never)")
	return c
}

// loadSeedsIfEmpty applies the curated seeds when the store holds no
// source yet, and reports whether it did.
func loadSeedsIfEmpty(cmd *cobra.Command, s *graph.Store, kb *seeds.KB) (bool, error) {
	st, err := s.Stats(cmd.Context())
	if err != nil {
		return false, err
	}
	if st.Sources > 0 {
		return false, nil
	}
	if _, err := s.Apply(cmd.Context(), kb.Batch()); err != nil {
		return false, fmt.Errorf("load seeds: %w", err)
	}
	return true, nil
}

func printSummary(w io.Writer, s ingest.Summary) {
	fmt.Fprintf(w, "files %d, documents %d (new or changed %d, unchanged %d, replaced %d), skipped %d\n",
		s.Files, s.Documents, s.Documents-s.Unchanged, s.Unchanged, s.Replaced, s.Skipped)
	fmt.Fprintf(w, "entities %d (new %d, known %d), triples added %d, removed %d, assertions %d\n",
		s.Entities, s.NewEntities, s.Entities-s.NewEntities, s.Added, s.Removed, s.Assertions)
	how := ""
	if s.Bulk {
		how = " (bulk load into an empty store)"
	}
	fmt.Fprintf(w, "time %s%s\n", s.Elapsed.Round(time.Millisecond), how)
}

// progress shows a bar on a terminal, nothing elsewhere.
type progress struct{ bar *progressbar.ProgressBar }

func (a *app) newProgress(n int, quiet bool) *progress {
	f, ok := a.stderr.(*os.File)
	if quiet || n < 2 || !ok || !term.IsTerminal(int(f.Fd())) {
		return &progress{}
	}
	return &progress{bar: progressbar.NewOptions(n,
		progressbar.OptionSetWriter(a.stderr),
		progressbar.OptionSetDescription("ingest"),
		progressbar.OptionShowCount(),
		progressbar.OptionShowIts(),
		progressbar.OptionSetItsString("files"),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)}
}

// Done implements ingest.Progress.
func (p *progress) Done(string, int, error) {
	if p.bar != nil {
		p.bar.Add(1)
	}
}

func (p *progress) finish() {
	if p.bar != nil {
		p.bar.Finish()
	}
}

func (a *app) extractCommand() *cobra.Command {
	var format, inFormat string
	c := &cobra.Command{
		Use:   "extract FILE...",
		Short: "Print the entities and relations extracted from files, without storing them",
		Long: `extract prints what ingest would store. --format json prints, for each
document, the extraction JSON of the eval contract (entities with id, type,
name, aliases; relations with subject, predicate, object, evidence and
confidence); --format table prints it for people.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			if format != "json" && format != "table" {
				return usageError{fmt.Errorf("--format %q: want json or table", format)}
			}
			f, err := ingest.ParseFormat(inFormat)
			if err != nil {
				return usageError{err}
			}
			kb, err := seeds.Load()
			if err != nil {
				return fmt.Errorf("seeds: %w", err)
			}
			x := ingest.NewExtractor(kb)
			var skipped []error
			for _, path := range args {
				var docs []ingest.Document
				if path == "-" {
					docs, err = ingest.Read("-", a.stdin, f)
				} else {
					docs, err = ingest.ReadFile(path, f)
				}
				if err != nil {
					if !errors.Is(err, ingest.ErrSkipped) {
						return err
					}
					skipped = append(skipped, err)
					fmt.Fprintln(a.stderr, "skipped:", err)
				}
				for _, d := range docs {
					ex, err := x.Extract(cmd.Context(), d)
					if err != nil {
						return fmt.Errorf("extract %s: %w", d.Location(), err)
					}
					if format == "json" {
						err = ex.WriteJSON(a.stdout)
					} else {
						err = ex.WriteTable(a.stdout)
					}
					if err != nil {
						return err
					}
				}
			}
			if len(skipped) > 0 {
				return withCode(exitSkipped, fmt.Errorf("%d inputs skipped", len(skipped)))
			}
			return nil
		},
	}
	c.Flags().StringVar(&format, "format", "table", "output: json or table")
	c.Flags().StringVar(&inFormat, "input-format", "auto", "input format: auto, text, markdown, html, jsonl")
	return c
}
