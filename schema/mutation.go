package schema

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"sort"
	"strings"
	"time"

	graphql "github.com/graph-gophers/graphql-go"

	"github.com/govkg/govkg/graph"
)

// Ingester turns a news text into entities and relations and stores them
// as one source. The CLI supplies the ingest pipeline.
type Ingester interface {
	IngestText(ctx context.Context, title, url, text string) (graph.ApplyResult, error)
}

// mayWrite refuses a mutation unless the server takes writes and the
// request carries the right bearer token over POST.
func (r *resolver) mayWrite(ctx context.Context) error {
	st := stateOf(ctx)
	switch {
	case r.opts.ReadOnly || r.opts.Token == "":
		return &publicError{code: codeReadOnly, msg: "this server is read-only: it was started without a token, so it accepts no mutations"}
	case st.method != "POST":
		return &publicError{code: codeBadInput, msg: "mutations must be sent with POST"}
	case !st.authorized:
		return &publicError{code: codeUnauthorized, msg: "mutations need the header Authorization: Bearer <token> with this server's token"}
	}
	return nil
}

// applyResult resolves ApplyResult.
type applyResult struct{ a graph.ApplyResult }

// Source resolves ApplyResult.source.
func (a applyResult) Source() outID { return idOf(a.a.Source) }

// Unchanged resolves ApplyResult.unchanged.
func (a applyResult) Unchanged() bool { return a.a.Unchanged }

// Replaced resolves ApplyResult.replaced.
func (a applyResult) Replaced() bool { return a.a.Replaced }

// NewEntities resolves ApplyResult.newEntities.
func (a applyResult) NewEntities() int32 { return int32(a.a.NewEntities) }

// Entities resolves ApplyResult.entities.
func (a applyResult) Entities() int32 { return int32(a.a.Entities) }

// Added resolves ApplyResult.added.
func (a applyResult) Added() int32 { return int32(a.a.Added) }

// Removed resolves ApplyResult.removed.
func (a applyResult) Removed() int32 { return int32(a.a.Removed) }

// Assertions resolves ApplyResult.assertions.
func (a applyResult) Assertions() int32 { return int32(a.a.Assertions) }

// IngestText resolves Mutation.ingestText.
func (r *resolver) IngestText(ctx context.Context, a struct {
	Text  string
	Title *string
	URL   *string
}) (applyResult, error) {
	if err := r.mayWrite(ctx); err != nil {
		return applyResult{}, err
	}
	if r.opts.Ingester == nil {
		return applyResult{}, &publicError{code: codeUnavailable, msg: "this server has no extractor, so it cannot ingest text"}
	}
	if strings.TrimSpace(a.Text) == "" {
		return applyResult{}, userError("text: empty")
	}
	var title, url string
	if a.Title != nil {
		title = *a.Title
	}
	if a.URL != nil {
		url = *a.URL
	}
	res, err := r.opts.Ingester.IngestText(ctx, title, url, a.Text)
	if err != nil {
		return applyResult{}, storeError(ctx, "ingest text", err)
	}
	r.log.Info("ingested text", "source", res.Source, "title", title, "url", url,
		"added", res.Added, "removed", res.Removed, "unchanged", res.Unchanged)
	return applyResult{res}, nil
}

// retractResult resolves RetractResult.
type retractResult struct {
	source  graph.ID
	removed int
}

// Source resolves RetractResult.source.
func (x retractResult) Source() outID { return idOf(x.source) }

// Removed resolves RetractResult.removed.
func (x retractResult) Removed() int32 { return int32(x.removed) }

// RetractSource resolves Mutation.retractSource.
func (r *resolver) RetractSource(ctx context.Context, a struct{ ID graphql.ID }) (retractResult, error) {
	if err := r.mayWrite(ctx); err != nil {
		return retractResult{}, err
	}
	id, err := parseID("id", string(a.ID))
	if err != nil {
		return retractResult{}, err
	}
	n, err := r.store.Retract(ctx, id)
	if err != nil {
		if errors.Is(err, graph.ErrNotFound) {
			return retractResult{}, notFound("id: no source has the ID %s", id)
		}
		return retractResult{}, storeError(ctx, "retract source "+id.String(), err)
	}
	r.log.Info("retracted source", "source", id, "removed", n)
	return retractResult{source: id, removed: n}, nil
}

// assertResult resolves AssertResult.
type assertResult struct {
	source  graph.ID
	subject *entityResolver
	pred    graph.Predicate
	value   string
	added   bool
}

// Source resolves AssertResult.source.
func (x *assertResult) Source() outID { return idOf(x.source) }

// Subject resolves AssertResult.subject.
func (x *assertResult) Subject() *entityResolver { return x.subject }

// Predicate resolves AssertResult.predicate.
func (x *assertResult) Predicate() string { return string(x.pred) }

// Value resolves AssertResult.value.
func (x *assertResult) Value() string { return x.value }

// Added resolves AssertResult.added.
func (x *assertResult) Added() bool { return x.added }

// assertRule marks the provenance of facts stated through the API.
const assertRule = "api:assertFact"

// AssertFact resolves Mutation.assertFact. The fact joins the other facts
// of its source: the source's assertions are read and applied again with
// the new one, since a batch replaces everything its source asserted.
func (r *resolver) AssertFact(ctx context.Context, a struct {
	Subject   string
	Predicate string
	Object    string
	Source    *string
}) (*assertResult, error) {
	if err := r.mayWrite(ctx); err != nil {
		return nil, err
	}
	pred := graph.Predicate(a.Predicate)
	sig := graph.SignatureOf(pred)
	subj, err := r.resolveRef(ctx, "subject", a.Subject, func(t graph.EntityType) bool { return containsType(sig.Subjects, t) })
	if err != nil {
		return nil, err
	}
	var obj graph.Value
	var objEntity *graph.Entity
	if sig.Literal != 0 {
		if obj, err = graph.DateValue(strings.TrimSpace(a.Object)); err != nil {
			return nil, userError("object: %s takes a date such as 2022-03-16, not %q", pred, a.Object)
		}
	} else {
		objEntity, err = r.resolveRef(ctx, "object", a.Object, func(t graph.EntityType) bool { return containsType(sig.Objects, t) })
		if err != nil {
			return nil, err
		}
		obj = graph.EntityValue(objEntity.ID)
	}
	var objType graph.EntityType
	if objEntity != nil {
		objType = objEntity.Type
	}
	if !sig.Accepts(subj.Type, objType, obj.Kind) {
		what := "a literal"
		if objEntity != nil {
			what = "a " + string(objEntity.Type)
		}
		return nil, userError("%s cannot join a %s (%s) to %s", pred, subj.Type, subj.Name, what)
	}
	label := assertRule
	if a.Source != nil && strings.TrimSpace(*a.Source) != "" {
		label = strings.TrimSpace(*a.Source)
	}
	loc := "api:" + strings.TrimPrefix(label, "api:")
	srcID := graph.SourceID(loc)

	r.assertMu.Lock()
	defer r.assertMu.Unlock()
	prev, err := r.store.SourceAssertions(ctx, srcID)
	if err != nil && !errors.Is(err, graph.ErrNotFound) {
		return nil, storeError(ctx, "read source "+loc, err)
	}
	triple := graph.Triple{Subject: subj.ID, Predicate: pred, Object: obj}
	for _, p := range prev {
		if p.Triple == triple {
			return &assertResult{source: srcID, subject: &entityResolver{r: r, e: subj}, pred: pred, value: obj.String()}, nil
		}
	}
	assertions := append(prev, graph.Assertion{Triple: triple, Provenance: graph.Provenance{
		Source: srcID, Sentence: fmt.Sprintf("Stated through the GraphQL API as %s.", label),
		Rule: assertRule, Confidence: 1,
	}})
	batch, err := r.sourceBatch(ctx, srcID, loc, label, assertions)
	if err != nil {
		return nil, err
	}
	res, err := r.store.Apply(ctx, batch)
	if err != nil {
		return nil, storeError(ctx, "assert fact", err)
	}
	r.log.Info("asserted fact", "source", loc, "subject", subj.ID, "predicate", pred, "object", obj.String(), "added", res.Added)
	return &assertResult{source: srcID, subject: &entityResolver{r: r, e: subj}, pred: pred, value: obj.String(), added: res.Added > 0}, nil
}

// sourceBatch builds the batch of an API source holding assertions: the
// entities they touch come along as stored, so that the source keeps them
// alive.
func (r *resolver) sourceBatch(ctx context.Context, id graph.ID, loc, title string, as []graph.Assertion) (graph.Batch, error) {
	seen := map[graph.ID]bool{}
	var ids []graph.ID
	keys := make([]string, len(as))
	for i, x := range as {
		for _, e := range []graph.ID{x.Subject, x.Object.Entity} {
			if e != (graph.ID{}) && !seen[e] {
				seen[e] = true
				ids = append(ids, e)
			}
		}
		keys[i] = x.Subject.String() + " " + string(x.Predicate) + " " + x.Object.Kind.String() + ":" + x.Object.String()
	}
	es, err := r.store.EntitiesByID(ctx, ids)
	if err != nil {
		return graph.Batch{}, storeError(ctx, "read entities", err)
	}
	b := graph.Batch{Assertions: as}
	for i, e := range es {
		if e == nil {
			return graph.Batch{}, notFound("entity %s of source %s no longer exists", ids[i], loc)
		}
		b.Entities = append(b.Entities, *e)
	}
	sort.Strings(keys)
	h := sha256.Sum256([]byte(strings.Join(keys, "\n")))
	b.Source = graph.Source{ID: id, Title: title, URL: loc, Hash: hex.EncodeToString(h[:]), IngestedAt: time.Now().UTC()}
	return b, nil
}

func containsType(list []graph.EntityType, t graph.EntityType) bool {
	for _, u := range list {
		if u == t {
			return true
		}
	}
	return false
}
