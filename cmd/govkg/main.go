// Command govkg builds and serves a knowledge graph of Vietnamese Party and
// State resolutions, decrees, officials and programmes.
//
// Every subcommand takes --data DIR (or GOVKG_DATA) naming the store. Exit
// codes: 0 success, 1 failure, 2 bad usage, 3 the store failed its check,
// 4 the command finished but skipped some inputs.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"

	"github.com/spf13/cobra"

	"github.com/govkg/govkg/graph"
)

// Exit codes.
const (
	exitOK      = 0
	exitFailure = 1
	exitUsage   = 2
	exitCheck   = 3
	exitSkipped = 4
)

// exitError carries an exit code up to main.
type exitError struct {
	code int
	err  error
}

func (e *exitError) Error() string { return e.err.Error() }
func (e *exitError) Unwrap() error { return e.err }

// withCode wraps err so that main exits with code.
func withCode(code int, err error) error { return &exitError{code: code, err: err} }

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the command line args and returns the exit code; it is
// main without the process, so tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	app := &app{stdin: stdin, stdout: stdout, stderr: stderr}
	root := app.rootCommand()
	root.SetArgs(args)
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil && ee.code != exitCheck && ee.code != exitSkipped {
			fmt.Fprintln(stderr, "govkg:", ee.err)
		}
		return ee.code
	}
	fmt.Fprintln(stderr, "govkg:", err)
	if isUsageError(err) {
		return exitUsage
	}
	return exitFailure
}

// app holds what every subcommand shares: the global flags and the
// standard streams.
type app struct {
	stdin          io.Reader
	stdout, stderr io.Writer

	dataDir  string
	logLevel string
	logger   *slog.Logger
}

// usageError marks errors in the command line itself.
type usageError struct{ error }

func isUsageError(err error) bool {
	var u usageError
	return errors.As(err, &u)
}

func (a *app) rootCommand() *cobra.Command {
	root := &cobra.Command{
		Use:   "govkg",
		Short: "A knowledge graph of Vietnamese Party and State documents, officials and programmes",
		Long: `govkg extracts entities and relations from news about Vietnamese resolutions,
decrees, decisions, programmes and officials, stores them as triples with
provenance, and serves them over GraphQL with a playground and a visualiser.

Every command works on the store named by --data (or $GOVKG_DATA).`,
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			var lvl slog.Level
			if err := lvl.UnmarshalText([]byte(a.logLevel)); err != nil {
				return usageError{fmt.Errorf("--log-level %q: want debug, info, warn or error", a.logLevel)}
			}
			a.logger = slog.New(slog.NewTextHandler(a.stderr, &slog.HandlerOptions{Level: lvl}))
			return nil
		},
	}
	root.PersistentFlags().StringVar(&a.dataDir, "data", defaultDataDir(), "data directory of the store (env GOVKG_DATA)")
	root.PersistentFlags().StringVar(&a.logLevel, "log-level", "warn", "log level: debug, info, warn, error")
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return usageError{err} })
	root.AddCommand(
		a.ingestCommand(),
		a.extractCommand(),
		a.serveCommand(),
		a.exportCommand(),
		a.importCommand(),
		a.statsCommand(),
		a.checkCommand(),
		a.backupCommand(),
		a.restoreCommand(),
	)
	for _, c := range root.Commands() {
		c.Args = wrapArgs(c.Args)
	}
	return root
}

// wrapArgs turns argument-count errors into usage errors.
func wrapArgs(v cobra.PositionalArgs) cobra.PositionalArgs {
	if v == nil {
		return nil
	}
	return func(cmd *cobra.Command, args []string) error {
		if err := v(cmd, args); err != nil {
			return usageError{err}
		}
		return nil
	}
}

// defaultDataDir is $GOVKG_DATA, else $XDG_DATA_HOME/govkg, else
// ~/.local/share/govkg, else ./govkg-data.
func defaultDataDir() string {
	if d := os.Getenv("GOVKG_DATA"); d != "" {
		return d
	}
	if d := os.Getenv("XDG_DATA_HOME"); d != "" {
		return filepath.Join(d, "govkg")
	}
	if h, err := os.UserHomeDir(); err == nil {
		return filepath.Join(h, ".local", "share", "govkg")
	}
	return "govkg-data"
}

// openStore opens the store at --data.
func (a *app) openStore(readOnly bool) (*graph.Store, error) {
	return graph.Open(graph.Options{Dir: a.dataDir, ReadOnly: readOnly, Logger: a.logger})
}
