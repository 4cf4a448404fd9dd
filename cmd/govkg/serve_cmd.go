package main

import (
	"fmt"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/govkg/govkg/ingest"
	"github.com/govkg/govkg/schema"
	"github.com/govkg/govkg/seeds"
)

func (a *app) serveCommand() *cobra.Command {
	var (
		addr, token, cors string
		noIntrospection   bool
		timeout           time.Duration
	)
	c := &cobra.Command{
		Use:   "serve",
		Short: "Serve the GraphQL API, the playground and the visualiser",
		Long: `serve opens the store (loading the curated seeds into it when it is empty)
and serves, on --addr:
  /          the GraphiQL playground, with an example query
  /graph     the visualiser
  /graphql   the GraphQL API (POST or GET)
  /healthz   liveness
  /metrics   Prometheus metrics
  /admin/backup  a consistent backup, with the token (govkg backup --from)
Mutations need --token (or $GOVKG_TOKEN) as a bearer token; without one the
server is read-only. It stops gracefully on SIGINT or SIGTERM.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			ctx := cmd.Context()
			if token == "" {
				token = os.Getenv("GOVKG_TOKEN")
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
			loaded, err := loadSeedsIfEmpty(cmd, s, kb)
			if err != nil {
				return err
			}
			if loaded {
				a.logger.Info("loaded the curated seeds into an empty store", "dir", a.dataDir)
			}
			opts := schema.Options{
				Token:                token,
				Timeout:              timeout,
				DisableIntrospection: noIntrospection,
				Logger:               a.logger,
				Ingester:             &ingest.Pipeline{Store: s, Extractor: ingest.NewExtractor(kb)},
			}
			if cors != "" {
				opts.CORSOrigins = strings.Split(cors, ",")
			}
			h, err := schema.NewHandler(s, opts)
			if err != nil {
				return err
			}
			mode := "read-only (no --token)"
			if token != "" {
				mode = "mutations need the bearer token"
			}
			fmt.Fprintf(a.stdout, "govkg serving %s on http://%s/ (playground), /graph (visualiser), /graphql; %s\n",
				a.dataDir, addr, mode)
			return schema.Serve(ctx, addr, h, a.logger)
		},
	}
	c.Flags().StringVar(&addr, "addr", "127.0.0.1:8080", "address to listen on")
	c.Flags().StringVar(&token, "token", "", "bearer token that mutations need (env GOVKG_TOKEN); none: read-only")
	c.Flags().StringVar(&cors, "cors", "", "comma-separated origins allowed by CORS (none by default)")
	c.Flags().BoolVar(&noIntrospection, "no-introspection", false, "turn GraphQL introspection off")
	c.Flags().DurationVar(&timeout, "timeout", 10*time.Second, "per-request timeout")
	return c
}
