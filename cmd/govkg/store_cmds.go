package main

import (
	"fmt"
	"os"
	"sort"
	"text/tabwriter"

	"github.com/spf13/cobra"

	"github.com/govkg/govkg/graph"
)

func (a *app) statsCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "stats",
		Short: "Count entities by type, triples by predicate, and sources",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.openStore(true)
			if err != nil {
				return err
			}
			defer s.Close()
			st, err := s.Stats(cmd.Context())
			if err != nil {
				return err
			}
			w := tabwriter.NewWriter(a.stdout, 2, 4, 2, ' ', 0)
			fmt.Fprintf(w, "store\t%s\n", a.dataDir)
			fmt.Fprintf(w, "entities\t%d\n", st.Entities)
			fmt.Fprintf(w, "triples\t%d\n", st.Triples)
			fmt.Fprintf(w, "sources\t%d\n", st.Sources)
			for _, t := range graph.EntityTypes() {
				if n := st.ByType[t]; n > 0 {
					fmt.Fprintf(w, "  %s\t%d\n", t, n)
				}
			}
			preds := make([]string, 0, len(st.ByPredicate))
			for p, n := range st.ByPredicate {
				if n > 0 {
					preds = append(preds, string(p))
				}
			}
			sort.Strings(preds)
			for _, p := range preds {
				fmt.Fprintf(w, "  %s\t%d\n", p, st.ByPredicate[graph.Predicate(p)])
			}
			return w.Flush()
		},
	}
}

func (a *app) checkCommand() *cobra.Command {
	return &cobra.Command{
		Use:   "check",
		Short: "Verify that every index agrees with every other (exit 3 if not)",
		Long: `check reads every index of the store (SPO, POS, OSP, the source index,
entities, names, types, mentions and counters) and reports each
disagreement. It exits 0 when the store is sound and 3 when it is not.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			s, err := a.openStore(true)
			if err != nil {
				return err
			}
			defer s.Close()
			rep, err := s.Check(cmd.Context())
			if err != nil {
				return err
			}
			for _, p := range rep.Problems {
				fmt.Fprintln(a.stdout, "problem:", p)
			}
			fmt.Fprintf(a.stdout, "checked %d entities and %d triples: %d problems\n", rep.Entities, rep.Triples, len(rep.Problems))
			if !rep.OK() {
				return withCode(exitCheck, fmt.Errorf("check found %d problems", len(rep.Problems)))
			}
			return nil
		},
	}
}

func (a *app) backupCommand() *cobra.Command {
	var out, from, token string
	c := &cobra.Command{
		Use:   "backup --out FILE",
		Short: "Write a consistent snapshot of the store (Badger stream backup)",
		Long: `backup writes a consistent snapshot of the store to FILE ("-" for standard
output), in Badger's stream backup format; "govkg restore" reads it back.
A store that "govkg serve" holds is locked: back it up through the server
with --from http://ADDR and the server's token.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if out == "" {
				return usageError{fmt.Errorf("backup: --out FILE is required")}
			}
			if from != "" {
				return a.backupFrom(cmd.Context(), from, token, out) // backup_remote.go
			}
			s, err := a.openStore(true)
			if err != nil {
				return lockedHint(err) // backup_remote.go
			}
			defer s.Close()
			w := a.stdout
			if out != "-" {
				f, err := os.OpenFile(out, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
				if err != nil {
					return fmt.Errorf("backup: %w", err)
				}
				defer f.Close()
				w = f
				if err := s.Backup(cmd.Context(), f); err != nil {
					os.Remove(out)
					return fmt.Errorf("backup to %s: %w", out, err)
				}
				if err := f.Sync(); err != nil {
					return fmt.Errorf("backup to %s: %w", out, err)
				}
				return f.Close()
			}
			return s.Backup(cmd.Context(), w)
		},
	}
	c.Flags().StringVarP(&out, "out", "o", "", `file to write ("-" for standard output); must not exist`)
	c.Flags().StringVar(&from, "from", "", "back up a running server (http://ADDR) instead of --data, which it holds locked")
	c.Flags().StringVar(&token, "token", "", "the server's bearer token for --from (env GOVKG_TOKEN)")
	return c
}

func (a *app) restoreCommand() *cobra.Command {
	var in string
	c := &cobra.Command{
		Use:   "restore --in FILE",
		Short: "Restore a backup into an empty data directory",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			if in == "" {
				return usageError{fmt.Errorf("restore: --in FILE is required")}
			}
			r := a.stdin
			if in != "-" {
				f, err := os.Open(in)
				if err != nil {
					return fmt.Errorf("restore: %w", err)
				}
				defer f.Close()
				r = f
			}
			if err := graph.Restore(cmd.Context(), graph.Options{Dir: a.dataDir, Logger: a.logger}, r); err != nil {
				return fmt.Errorf("restore %s into %s: %w", in, a.dataDir, err)
			}
			fmt.Fprintf(a.stdout, "restored %s into %s\n", in, a.dataDir)
			return nil
		},
	}
	c.Flags().StringVarP(&in, "in", "i", "", `backup file to read ("-" for standard input)`)
	return c
}
