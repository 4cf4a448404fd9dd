package bench

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"strings"
	"time"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/schema"
)

// govkgHTTP asks govkg's GraphQL API (package schema) served on a loopback
// port, with the same store as govkgDirect.
type govkgHTTP struct {
	srv    *http.Server
	url    string
	client *http.Client
	load   LoadResult
}

func newGovkgHTTP(s *graph.Store, load LoadResult) (*govkgHTTP, error) {
	h, err := schema.NewHandler(s, schema.Options{
		ReadOnly: true,
		Timeout:  time.Minute,
		MaxFirst: graph.MaxPage,
		MaxHops:  graph.MaxDepth,
		MaxNodes: graph.MaxNodesCap,
	})
	if err != nil {
		return nil, fmt.Errorf("govkg http: %w", err)
	}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("govkg http: listen: %w", err)
	}
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	go srv.Serve(ln) //nolint:errcheck // ends with Close
	return &govkgHTTP{
		srv: srv, url: "http://" + ln.Addr().String() + "/graphql",
		client: newHTTPClient(), load: load,
	}, nil
}

// newHTTPClient keeps enough idle connections for every client of the
// throughput run.
func newHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{
		MaxIdleConns: 256, MaxIdleConnsPerHost: 256, IdleConnTimeout: time.Minute,
		DisableCompression: true,
	}}
}

func (g *govkgHTTP) Version() string {
	return "govkg (this tree), GraphQL over HTTP (graph-gophers/graphql-go)"
}

// Load reports the child's load: the store is already loaded.
func (g *govkgHTTP) Load(context.Context, *Dataset) (LoadResult, error) { return g.load, nil }

func (g *govkgHTTP) Supports(Question) bool { return true }
func (g *govkgHTTP) Networked() bool        { return true }

func (g *govkgHTTP) Close() error {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	return g.srv.Shutdown(ctx)
}

func (g *govkgHTTP) Notes() []string {
	return []string{"govkg-http: the same store served by schema.NewHandler on 127.0.0.1 in the harness's process; queries are GraphQL POSTs selecting only IDs; pages of 10,000."}
}

// The GraphQL queries of each question.
const (
	gqlTriples = `query($s: ID, $o: String, $after: String) {
  triples(subject: $s, object: $o, first: 10000, after: $after) {
    edges { node { predicate value } }
    pageInfo { hasNextPage endCursor }
  }
}`
	gqlNeighbourhood = `query($id: String!) {
  neighbourhood(id: $id, depth: 3, direction: BOTH, limit: 1000) { nodes { id } truncated }
}`
	gqlPath = `query($from: String!, $to: String!) {
  path(from: $from, to: $to, maxDepth: 4) { nodes { id } }
}`
	gqlImplements = `query($p: String!) {
  resolutionsImplementedBy(programme: $p, transitive: true) { id }
}`
)

func (g *govkgHTTP) Ask(ctx context.Context, q Question, a Arg) (int, error) {
	switch q {
	case QOut, QIn:
		vars := map[string]any{}
		if q == QOut {
			vars["s"] = a.Node.String()
		} else {
			vars["o"] = a.Node.String()
		}
		n := 0
		for {
			var out struct {
				Triples struct {
					Edges    []json.RawMessage
					PageInfo struct {
						HasNextPage bool
						EndCursor   string
					}
				}
			}
			if err := g.query(ctx, gqlTriples, vars, &out); err != nil {
				return n, err
			}
			n += len(out.Triples.Edges)
			if !out.Triples.PageInfo.HasNextPage {
				return n, nil
			}
			vars["after"] = out.Triples.PageInfo.EndCursor
		}
	case QNeighbourhood:
		var out struct {
			Neighbourhood struct{ Nodes []struct{ ID string } }
		}
		err := g.query(ctx, gqlNeighbourhood, map[string]any{"id": a.Node.String()}, &out)
		return len(out.Neighbourhood.Nodes), err
	case QPath:
		var out struct {
			Path struct{ Nodes []struct{ ID string } }
		}
		err := g.query(ctx, gqlPath, map[string]any{"from": a.Node.String(), "to": a.To.String()}, &out)
		return len(out.Path.Nodes) - 1, err
	case QImplements:
		var out struct {
			ResolutionsImplementedBy []struct{ ID string }
		}
		err := g.query(ctx, gqlImplements, map[string]any{"p": a.Node.String()}, &out)
		return len(out.ResolutionsImplementedBy), err
	}
	return 0, fmt.Errorf("govkg http: unknown question %d", q)
}

// query posts one GraphQL request and decodes its data into out.
func (g *govkgHTTP) query(ctx context.Context, query string, vars map[string]any, out any) error {
	body, err := json.Marshal(map[string]any{"query": query, "variables": vars})
	if err != nil {
		return err
	}
	var resp struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := postJSON(ctx, g.client, g.url, "application/json", body, &resp); err != nil {
		return fmt.Errorf("govkg graphql: %w", err)
	}
	if len(resp.Errors) > 0 {
		msgs := make([]string, len(resp.Errors))
		for i, e := range resp.Errors {
			msgs[i] = e.Message
		}
		return fmt.Errorf("govkg graphql: %s", strings.Join(msgs, "; "))
	}
	if err := json.Unmarshal(resp.Data, out); err != nil {
		return fmt.Errorf("govkg graphql: decode data: %w", err)
	}
	return nil
}

// postJSON posts body to url and decodes the JSON reply into out; a
// status other than 200 is an error carrying the start of the reply.
func postJSON(ctx context.Context, c *http.Client, url, contentType string, body []byte, out any) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", contentType)
	resp, err := c.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("%s: HTTP %d: %.300s", url, resp.StatusCode, data)
	}
	if out == nil {
		return nil
	}
	if err := json.Unmarshal(data, out); err != nil {
		return fmt.Errorf("%s: decode reply %.200q: %w", url, data, err)
	}
	return nil
}

// errNoAnswer marks a reply without the expected part.
var errNoAnswer = errors.New("no answer in the reply")
