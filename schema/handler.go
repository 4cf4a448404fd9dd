// Package schema is govkg's GraphQL API over the graph store: the schema
// (schema.graphql), its resolvers, and the HTTP handler that serves it with
// the offline GraphiQL playground, health and metrics endpoints, limits on
// every request, bearer-token mutations and per-request dataloaders.
package schema

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"crypto/subtle"
	_ "embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log/slog"
	"mime"
	"net/http"
	"regexp"
	"runtime/debug"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"

	"github.com/govkg/govkg/graph"
	"github.com/govkg/govkg/web"
)

//go:embed schema.graphql
var schemaText string

// SDL returns the schema in GraphQL's schema definition language.
func SDL() string { return schemaText }

// Options configure the handler. Zero values take the defaults below.
type Options struct {
	// Token is the bearer token mutations need. Empty: the server is
	// read-only and says so to any mutation.
	Token string
	// ReadOnly refuses every mutation even with a token.
	ReadOnly bool
	// MaxDepth caps the nesting depth of a query (default 15).
	// MaxQueryLen caps the bytes of a query (default 20000).
	// MaxBody caps the bytes of a request body (default 1 MiB); a larger
	// body gets 413.
	MaxDepth, MaxQueryLen, MaxBody int64
	// Timeout bounds each request (default 10s).
	Timeout time.Duration
	// CORSOrigins lists the origins that may call the API from a browser
	// (exact matches, such as https://example.org). None by default.
	CORSOrigins []string
	// DisableIntrospection turns GraphQL introspection off.
	DisableIntrospection bool
	// Logger receives one structured line per request (nil: discard).
	Logger *slog.Logger
	// Ingester serves the ingestText mutation (nil: it is refused).
	Ingester Ingester
	// Registry receives the metrics (nil: a registry of the handler's
	// own). /metrics serves it when it is also a prometheus.Gatherer.
	Registry prometheus.Registerer
	// MaxFirst caps first and the items of typed relation lists (default 1000).
	MaxFirst int
	// MaxHops caps neighbourhood depth and path maxDepth (default 6, at
	// most graph.MaxDepth).
	MaxHops int
	// MaxNodes caps neighbourhood limit and the entities a transitive
	// implements walk may reach (default 2000).
	MaxNodes int
}

// Defaults of Options.
const (
	DefaultMaxDepth    = 15
	DefaultMaxQueryLen = 20000
	DefaultMaxBody     = 1 << 20
	DefaultTimeout     = 10 * time.Second
	DefaultMaxFirst    = 1000
	DefaultMaxHops     = 6
	DefaultMaxNodes    = 2000
)

// withDefaults fills in zero options.
func (o Options) withDefaults() Options {
	if o.MaxDepth <= 0 {
		o.MaxDepth = DefaultMaxDepth
	}
	if o.MaxQueryLen <= 0 {
		o.MaxQueryLen = DefaultMaxQueryLen
	}
	if o.MaxBody <= 0 {
		o.MaxBody = DefaultMaxBody
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.MaxFirst <= 0 {
		o.MaxFirst = DefaultMaxFirst
	}
	if o.MaxFirst > graph.MaxPage {
		o.MaxFirst = graph.MaxPage
	}
	if o.MaxHops <= 0 {
		o.MaxHops = DefaultMaxHops
	}
	if o.MaxHops > graph.MaxDepth {
		o.MaxHops = graph.MaxDepth
	}
	if o.MaxNodes <= 0 {
		o.MaxNodes = DefaultMaxNodes
	}
	if o.MaxNodes > graph.MaxNodesCap {
		o.MaxNodes = graph.MaxNodesCap
	}
	if o.Logger == nil {
		o.Logger = slog.New(slog.DiscardHandler)
	}
	return o
}

// handler serves the API, the playground, /healthz and /metrics.
type handler struct {
	store   *graph.Store
	opts    Options
	log     *slog.Logger
	schema  *graphql.Schema
	assets  fs.FS
	files   http.Handler
	metrics *metrics
	mux     *http.ServeMux
	hooks   batchHooks
	tokenH  [32]byte // SHA-256 of the token, compared in constant time
}

// NewHandler returns the HTTP handler of the API over store:
//
//	/          the GraphiQL playground (also /playground/..., /vendor/...)
//	/graphql   GraphQL over POST (JSON) and GET (query string)
//	/healthz   liveness
//	/metrics   Prometheus metrics
func NewHandler(store *graph.Store, opts Options) (http.Handler, error) {
	return newHandler(store, opts, batchHooks{})
}

func newHandler(store *graph.Store, opts Options, hooks batchHooks) (*handler, error) {
	if store == nil {
		return nil, errors.New("schema: no store")
	}
	opts = opts.withDefaults()
	h := &handler{store: store, opts: opts, log: opts.Logger, assets: web.Assets(), hooks: hooks}
	h.tokenH = sha256.Sum256([]byte(opts.Token))
	root := &resolver{store: store, opts: opts, log: opts.Logger}
	schemaOpts := []graphql.SchemaOpt{
		graphql.MaxDepth(int(opts.MaxDepth)),
		graphql.MaxQueryLength(int(opts.MaxQueryLen)),
		graphql.PanicHandler(panicHandler{}),
		graphql.Logger(panicLogger{opts.Logger}),
		graphql.UseStringDescriptions(),
		graphql.UseFieldResolvers(), // for the types that hold their fields ready (graphNode, graphEdge)
	}
	if opts.DisableIntrospection {
		schemaOpts = append(schemaOpts, graphql.RestrictIntrospection(func(context.Context) bool { return false }))
	}
	s, err := graphql.ParseSchema(schemaText, root, schemaOpts...)
	if err != nil {
		return nil, fmt.Errorf("schema: parse: %w", err)
	}
	h.schema = s
	m, err := newMetrics(opts.Registry)
	if err != nil {
		return nil, err
	}
	h.metrics = m
	h.files = http.FileServerFS(h.assets)
	mux := http.NewServeMux()
	mux.HandleFunc("/graphql", h.serveGraphQL)
	mux.HandleFunc("/healthz", h.serveHealth)
	mux.HandleFunc(BackupPath, h.serveBackup) // admin.go
	mux.Handle("/metrics", m.handler)
	mux.HandleFunc("/{$}", h.servePlayground)
	mux.HandleFunc("/", h.serveAsset) // playground/, vendor/ and any page web.Assets adds
	h.mux = mux
	return h, nil
}

// ServeHTTP logs every request and recovers from panics outside the
// resolvers (graphql-go recovers those).
func (h *handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rid := requestID()
	rec := &recorder{ResponseWriter: w, status: http.StatusOK}
	rec.Header().Set("X-Request-Id", rid)
	ctx := context.WithValue(r.Context(), requestIDKey{}, rid)
	defer func() {
		if v := recover(); v != nil {
			h.log.Error("panic serving request", "request_id", rid, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
			if !rec.wrote {
				writeErrors(rec, http.StatusInternalServerError, "internal error (request "+rid+")")
			}
		}
		h.log.LogAttrs(ctx, slog.LevelInfo, "request",
			slog.String("request_id", rid),
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", rec.status),
			slog.Int64("bytes", rec.bytes),
			slog.Duration("duration", time.Since(start)),
			slog.String("operation", rec.operation),
			slog.Int("errors", rec.errors),
			slog.String("remote", r.RemoteAddr),
		)
	}()
	h.mux.ServeHTTP(rec, r.WithContext(ctx))
}

// recorder remembers what was written, for the request log.
type recorder struct {
	http.ResponseWriter
	status    int
	bytes     int64
	wrote     bool
	operation string
	errors    int
}

func (r *recorder) WriteHeader(code int) {
	if !r.wrote {
		r.status, r.wrote = code, true
	}
	r.ResponseWriter.WriteHeader(code)
}

func (r *recorder) Write(b []byte) (int, error) {
	r.wrote = true
	n, err := r.ResponseWriter.Write(b)
	r.bytes += int64(n)
	return n, err
}

type requestIDKey struct{}

// requestID returns a random ID naming one request in logs and errors.
func requestID() string {
	var b [8]byte
	_, _ = rand.Read(b[:]) // crypto/rand.Read never fails on supported platforms
	return hex.EncodeToString(b[:])
}

// securityHeaders are sent with every page and asset: the playground loads
// nothing from any other host.
func securityHeaders(w http.ResponseWriter) {
	hd := w.Header()
	hd.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "+
		"img-src 'self' data:; font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "+
		"frame-ancestors 'none'; base-uri 'none'; form-action 'none'")
	hd.Set("X-Content-Type-Options", "nosniff")
	hd.Set("Referrer-Policy", "no-referrer")
	hd.Set("X-Frame-Options", "DENY")
}

// servePlayground serves the GraphiQL page at /.
func (h *handler) servePlayground(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	page, err := fs.ReadFile(h.assets, "playground/index.html")
	if err != nil {
		h.log.Error("playground page missing from the embedded assets", "err", err)
		http.Error(w, "playground unavailable", http.StatusInternalServerError)
		return
	}
	securityHeaders(w)
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-cache")
	_, _ = w.Write(page)
}

// serveAsset serves the embedded pages, scripts, styles and licences of
// web.Assets: /vendor/..., /playground/..., and a directory's index.html
// (so a page added under web/ is served at /<dir>/). Directories without
// an index.html are not listed.
func (h *handler) serveAsset(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "method not allowed", http.StatusMethodNotAllowed)
		return
	}
	name := strings.Trim(r.URL.Path, "/")
	info, err := fs.Stat(h.assets, name)
	if err != nil || name == "" {
		http.NotFound(w, r)
		return
	}
	if info.IsDir() {
		if _, err := fs.Stat(h.assets, name+"/index.html"); err != nil {
			http.NotFound(w, r)
			return
		}
	}
	securityHeaders(w)
	if strings.HasPrefix(r.URL.Path, "/vendor/") {
		w.Header().Set("Cache-Control", "public, max-age=86400")
	} else {
		w.Header().Set("Cache-Control", "no-cache")
	}
	h.files.ServeHTTP(w, r)
}

// serveHealth answers liveness probes.
func (h *handler) serveHealth(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Cache-Control", "no-store")
	_, _ = io.WriteString(w, `{"status":"ok"}`+"\n")
}

// gqlRequest is a GraphQL request as POST and GET carry it.
type gqlRequest struct {
	Query         string          `json:"query"`
	OperationName string          `json:"operationName"`
	Variables     map[string]any  `json:"variables"`
	Extensions    json.RawMessage `json:"extensions"`
}

// requestState is what the resolvers of one request share.
type requestState struct {
	id         string
	method     string
	authorized bool
	loaders    *loaders
}

type stateKey struct{}

// stateOf returns the request's state; the handler always sets it.
func stateOf(ctx context.Context) *requestState {
	return ctx.Value(stateKey{}).(*requestState)
}

// serveGraphQL runs one GraphQL request.
func (h *handler) serveGraphQL(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	rec, _ := w.(*recorder)
	if !h.cors(w, r) {
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	var req gqlRequest
	status, msg := h.readRequest(w, r, &req)
	op := h.metrics.operation(req.OperationName, req.Query)
	if rec != nil {
		rec.operation = op
	}
	if status != 0 {
		if status == http.StatusNoContent {
			w.WriteHeader(status)
			return
		}
		writeErrors(w, status, msg)
		h.metrics.observe(op, fmt.Sprint(status), time.Since(start))
		if rec != nil {
			rec.errors = 1
		}
		return
	}

	ctx, cancel := context.WithTimeout(r.Context(), h.opts.Timeout)
	defer cancel()
	rid, _ := ctx.Value(requestIDKey{}).(string)
	st := &requestState{
		id:         rid,
		method:     r.Method,
		authorized: h.authorized(r),
		loaders:    newLoaders(h.store, h.opts.MaxFirst, h.hooks),
	}
	ctx = context.WithValue(ctx, stateKey{}, st)
	resp := h.schema.Exec(ctx, req.Query, req.OperationName, req.Variables)
	outcome := "ok"
	if ctx.Err() != nil {
		outcome = "timeout"
		resp.Errors = append(resp.Errors, &gqlerrors.QueryError{
			Message:    fmt.Sprintf("the request did not finish within the %s limit", h.opts.Timeout),
			Extensions: map[string]any{"code": codeTimeout},
		})
	} else if len(resp.Errors) > 0 {
		outcome = "error"
	}
	h.sanitize(ctx, rid, resp.Errors)
	if rec != nil {
		rec.errors = len(resp.Errors)
	}
	parts, err := encodeResponse(resp)
	if err != nil {
		h.log.Error("encode response", "request_id", rid, "err", err)
		writeErrors(w, http.StatusInternalServerError, "internal error (request "+rid+")")
		h.metrics.observe(op, "500", time.Since(start))
		return
	}
	size := 0
	for _, p := range parts {
		size += len(p)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(size)) // known: no chunked framing
	for _, p := range parts {
		if _, err := w.Write(p); err != nil {
			break // the client went away
		}
	}
	h.metrics.observe(op, outcome, time.Since(start))
}

// encodeResponse encodes resp as json.Marshal would (errors, then data,
// then extensions), in parts to be written one after the other: the data
// graphql-go wrote is already compact JSON, so it goes out as it is,
// neither scanned again by json.Marshal nor copied.
func encodeResponse(resp *graphql.Response) ([][]byte, error) {
	head := []byte{'{'}
	if len(resp.Errors) > 0 {
		b, err := json.Marshal(resp.Errors)
		if err != nil {
			return nil, err
		}
		head = append(append(head, `"errors":`...), b...)
	}
	parts := [][]byte{head}
	if len(resp.Data) > 0 {
		if len(head) > 1 {
			head = append(head, ',')
		}
		parts = [][]byte{append(head, `"data":`...), resp.Data}
	}
	tail := []byte{}
	if len(resp.Extensions) > 0 {
		b, err := json.Marshal(resp.Extensions)
		if err != nil {
			return nil, err
		}
		if len(head) > 1 || len(resp.Data) > 0 {
			tail = append(tail, ',')
		}
		tail = append(append(tail, `"extensions":`...), b...)
	}
	return append(parts, append(tail, '}')), nil
}

// readRequest reads the GraphQL request of r into req. It returns 0 when
// the request is good to run, else the HTTP status and message to answer
// with (204 for a CORS preflight).
func (h *handler) readRequest(w http.ResponseWriter, r *http.Request, req *gqlRequest) (int, string) {
	switch r.Method {
	case http.MethodOptions:
		return http.StatusNoContent, ""
	case http.MethodGet:
		q := r.URL.Query()
		req.Query = q.Get("query")
		req.OperationName = q.Get("operationName")
		if v := q.Get("variables"); v != "" {
			if err := json.Unmarshal([]byte(v), &req.Variables); err != nil {
				return http.StatusBadRequest, "variables: not a JSON object: " + jsonProblem(err)
			}
		}
	case http.MethodPost:
		ct := r.Header.Get("Content-Type")
		if mt, _, err := mime.ParseMediaType(ct); err != nil || (mt != "application/json" && mt != "application/graphql-response+json") {
			return http.StatusUnsupportedMediaType, fmt.Sprintf("Content-Type %q: send the request as application/json", ct)
		}
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.opts.MaxBody))
		if err != nil {
			var tooBig *http.MaxBytesError
			if errors.As(err, &tooBig) {
				return http.StatusRequestEntityTooLarge, fmt.Sprintf("request body is over the limit of %d bytes", h.opts.MaxBody)
			}
			return http.StatusBadRequest, "could not read the request body"
		}
		if err := json.Unmarshal(body, req); err != nil {
			return http.StatusBadRequest, "malformed JSON request body: " + jsonProblem(err)
		}
	default:
		w.Header().Set("Allow", "GET, POST, OPTIONS")
		return http.StatusMethodNotAllowed, "method " + r.Method + " not allowed: use POST or GET"
	}
	if strings.TrimSpace(req.Query) == "" {
		return http.StatusBadRequest, "no query: send {\"query\": \"...\"}"
	}
	return 0, ""
}

// jsonProblem describes a JSON decoding error without echoing the input.
func jsonProblem(err error) string {
	var syn *json.SyntaxError
	var typ *json.UnmarshalTypeError
	switch {
	case errors.As(err, &syn):
		return fmt.Sprintf("syntax error at byte %d", syn.Offset)
	case errors.As(err, &typ):
		return fmt.Sprintf("field %q must be %s, not %s", typ.Field, typ.Type, typ.Value)
	case errors.Is(err, io.ErrUnexpectedEOF):
		return "unexpected end of input"
	}
	return "not valid JSON"
}

// authorized reports whether r carries the server's bearer token.
func (h *handler) authorized(r *http.Request) bool {
	if h.opts.Token == "" {
		return false
	}
	auth := r.Header.Get("Authorization")
	scheme, tok, ok := strings.Cut(auth, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	given := sha256.Sum256([]byte(strings.TrimSpace(tok)))
	return subtle.ConstantTimeCompare(given[:], h.tokenH[:]) == 1
}

// cors sets the CORS headers for an allowed origin. It returns false, having
// answered, when a browser preflight comes from an origin not allowed.
func (h *handler) cors(w http.ResponseWriter, r *http.Request) bool {
	origin := r.Header.Get("Origin")
	w.Header().Add("Vary", "Origin")
	if origin == "" {
		return true
	}
	if !slices.Contains(h.opts.CORSOrigins, origin) {
		if r.Method == http.MethodOptions {
			writeErrors(w, http.StatusForbidden, "origin "+origin+" is not allowed to call this API")
			return false
		}
		return true // no CORS headers: the browser keeps the answer from the page
	}
	hd := w.Header()
	hd.Set("Access-Control-Allow-Origin", origin)
	hd.Set("Access-Control-Allow-Methods", "GET, POST, OPTIONS")
	hd.Set("Access-Control-Allow-Headers", "Content-Type, Authorization")
	hd.Set("Access-Control-Max-Age", "600")
	return true
}

// writeErrors answers with a GraphQL-shaped error body.
func writeErrors(w http.ResponseWriter, status int, msg string) {
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(status)
	body, _ := json.Marshal(map[string]any{"errors": []map[string]any{{"message": msg}}})
	_, _ = w.Write(append(body, '\n'))
}

// sanitize replaces the message of every resolver error that is not meant
// for clients with a generic one, after logging it.
func (h *handler) sanitize(ctx context.Context, rid string, errs []*gqlerrors.QueryError) {
	for _, e := range errs {
		if e.ResolverError == nil {
			continue
		}
		var pe *publicError
		if errors.As(e.ResolverError, &pe) {
			continue
		}
		if errors.Is(e.ResolverError, context.DeadlineExceeded) {
			e.Message = "the request ran out of time"
			e.Extensions = map[string]any{"code": codeTimeout}
			continue
		}
		h.log.LogAttrs(ctx, slog.LevelError, "resolver error", slog.String("request_id", rid),
			slog.Any("path", e.Path), slog.String("err", e.ResolverError.Error()))
		e.Message = "internal error (request " + rid + ")"
		e.Extensions = map[string]any{"code": codeInternal}
	}
}

// panicHandler turns a panic in a resolver into a plain GraphQL error.
type panicHandler struct{}

// MakePanicError implements errors.PanicHandler.
func (panicHandler) MakePanicError(ctx context.Context, _ any) *gqlerrors.QueryError {
	rid, _ := ctx.Value(requestIDKey{}).(string)
	return &gqlerrors.QueryError{
		Message:    "internal error (request " + rid + ")",
		Extensions: map[string]any{"code": codeInternal},
	}
}

// panicLogger logs a resolver's panic with its stack, on the server only.
type panicLogger struct{ log *slog.Logger }

// LogPanic implements graphql-go's log.Logger.
func (l panicLogger) LogPanic(ctx context.Context, v any) {
	rid, _ := ctx.Value(requestIDKey{}).(string)
	l.log.Error("panic in resolver", "request_id", rid, "panic", fmt.Sprint(v), "stack", string(debug.Stack()))
}

// metrics counts and times GraphQL requests.
type metrics struct {
	requests *prometheus.CounterVec
	duration *prometheus.HistogramVec
	handler  http.Handler

	mu  sync.Mutex
	ops map[string]bool // operation names seen, to bound label values
}

// maxOperations bounds the distinct operation labels; later names count
// as "other".
const maxOperations = 200

func newMetrics(reg prometheus.Registerer) (*metrics, error) {
	m := &metrics{ops: map[string]bool{}}
	if reg == nil {
		own := prometheus.NewRegistry()
		own.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
		reg = own
	}
	m.requests = prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "govkg_graphql_requests_total",
		Help: "GraphQL requests by operation and status (ok, error, timeout, or the HTTP status of a refused request).",
	}, []string{"operation", "status"})
	m.duration = prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "govkg_graphql_request_duration_seconds",
		Help:    "Time to answer a GraphQL request, by operation and status.",
		Buckets: prometheus.ExponentialBuckets(0.0005, 4, 9),
	}, []string{"operation", "status"})
	for _, c := range []prometheus.Collector{m.requests, m.duration} {
		if err := reg.Register(c); err != nil {
			return nil, fmt.Errorf("schema: register metrics: %w", err)
		}
	}
	if g, ok := reg.(prometheus.Gatherer); ok {
		m.handler = promhttp.HandlerFor(g, promhttp.HandlerOpts{})
	} else {
		m.handler = http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
			http.Error(w, "metrics are registered with a registry this handler cannot read", http.StatusNotFound)
		})
	}
	return m, nil
}

// opName finds the name of the first operation of a query.
var opName = regexp.MustCompile(`^\s*(?:#[^\n]*\n\s*)*(?:query|mutation|subscription)\s+([A-Za-z_][A-Za-z0-9_]{0,63})`)

// operation names the operation for the labels: its name when it has a
// short one and fewer than maxOperations names were seen, else
// "anonymous" or "other".
func (m *metrics) operation(name, query string) string {
	if name == "" {
		if mm := opName.FindStringSubmatch(query); mm != nil {
			name = mm[1]
		}
	}
	if name == "" {
		return "anonymous"
	}
	if len(name) > 64 || strings.ContainsFunc(name, func(r rune) bool {
		return !(r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		return "other"
	}
	m.mu.Lock()
	defer m.mu.Unlock()
	if !m.ops[name] {
		if len(m.ops) >= maxOperations {
			return "other"
		}
		m.ops[name] = true
	}
	return name
}

// observe records one request.
func (m *metrics) observe(op, status string, d time.Duration) {
	m.requests.WithLabelValues(op, status).Inc()
	m.duration.WithLabelValues(op, status).Observe(d.Seconds())
}
