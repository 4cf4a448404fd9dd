package schema

import (
	"bytes"
	"context"
	"slices"
	"sort"
	"strings"

	"github.com/govkg/govkg/graph"
)

// entityResolver resolves every entity type of the schema: the Entity
// interface, AnyDocument and each concrete type. One Go type serves them
// all; the To<Type> methods tell graphql-go which concrete type an entity
// is, and the typed relation fields look up their edges by entity type
// (see fieldRelation).
type entityResolver struct {
	r *resolver
	e *graph.Entity
}

// entityResolvers wraps entities for the resolvers.
func (r *resolver) entityResolvers(es []*graph.Entity) []*entityResolver {
	out := make([]*entityResolver, 0, len(es))
	for _, e := range es {
		if e != nil {
			out = append(out, &entityResolver{r: r, e: e})
		}
	}
	return out
}

// ID resolves Entity.id.
func (x *entityResolver) ID() outID { return idOf(x.e.ID) }

// Type resolves Entity.type.
func (x *entityResolver) Type() string { return string(x.e.Type) }

// Name resolves Entity.name.
func (x *entityResolver) Name() string { return x.e.Name }

// Aliases resolves Entity.aliases.
func (x *entityResolver) Aliases() []string {
	if x.e.Aliases == nil {
		return []string{}
	}
	return x.e.Aliases
}

// attributeResolver resolves Attribute.
type attributeResolver struct{ key, value string }

// Key resolves Attribute.key.
func (a attributeResolver) Key() string { return a.key }

// Value resolves Attribute.value.
func (a attributeResolver) Value() string { return a.value }

// Attributes resolves Entity.attributes, sorted by key.
func (x *entityResolver) Attributes() []attributeResolver {
	out := make([]attributeResolver, 0, len(x.e.Attrs))
	for k, v := range x.e.Attrs {
		out = append(out, attributeResolver{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].key < out[j].key })
	return out
}

// Sources resolves Entity.sources.
func (x *entityResolver) Sources(ctx context.Context) ([]*sourceResolver, error) {
	ids, err := x.r.store.EntitySources(ctx, x.e.ID)
	if err != nil {
		return nil, storeError(ctx, "sources of "+x.e.Name, err)
	}
	return x.r.sourcesByID(ctx, ids)
}

// Symbol resolves AnyDocument.symbol.
func (x *entityResolver) Symbol() *string {
	if s, ok := x.e.Attrs["symbol"]; ok && s != "" {
		return &s
	}
	return nil
}

// Kind resolves AnyDocument.kind.
func (x *entityResolver) Kind() string { return string(x.e.Type) }

// firstArgs are the arguments of a typed relation field.
type firstArgs struct{ First int32 }

// related returns the entities that field relates this entity to, sorted
// by name, at most first of them.
func (x *entityResolver) related(ctx context.Context, field string, first int32) ([]*entityResolver, error) {
	n, err := x.r.checkFirst("first", first)
	if err != nil {
		return nil, err
	}
	rel, ok := fieldRelation(field, x.e.Type)
	if !ok {
		return []*entityResolver{}, nil
	}
	ld := stateOf(ctx).loaders
	ts, err := ld.edgesOf(ctx, edgeKey{id: x.e.ID, pred: rel.pred, dir: rel.dir})
	if err != nil {
		return nil, storeError(ctx, string(rel.pred)+" of "+x.e.Name, err)
	}
	var ids []graph.ID
	seen := map[graph.ID]bool{}
	for _, t := range ts {
		if id, ok := otherEnd(t, rel.dir); ok && !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	x.r.prefetch(ctx, ids)
	es, err := ld.entitiesOf(ctx, ids)
	if err != nil {
		return nil, storeError(ctx, string(rel.pred)+" of "+x.e.Name, err)
	}
	kept := es[:0]
	for _, e := range es {
		if rel.want == "" || e.Type == rel.want {
			kept = append(kept, e)
		}
	}
	sortEntities(kept)
	if len(kept) > n {
		kept = kept[:n]
	}
	return x.r.entityResolvers(kept), nil
}

// literal returns the first literal object of this entity's pred edges.
func (x *entityResolver) literal(ctx context.Context, pred graph.Predicate) (*string, error) {
	ts, err := stateOf(ctx).loaders.edgesOf(ctx, edgeKey{id: x.e.ID, pred: pred, dir: graph.Out})
	if err != nil {
		return nil, storeError(ctx, string(pred)+" of "+x.e.Name, err)
	}
	for _, t := range ts {
		if !t.Object.IsEntity() {
			s := t.Object.String()
			return &s, nil
		}
	}
	return nil, nil
}

// sortEntities orders entities by name, then ID, for stable answers. It
// folds each name once rather than twice per comparison.
func sortEntities(es []*graph.Entity) {
	if len(es) < 2 {
		return
	}
	type keyed struct {
		fold string
		e    *graph.Entity
	}
	ks := make([]keyed, len(es))
	for i, e := range es {
		ks[i] = keyed{graph.Fold(e.Name), e}
	}
	slices.SortStableFunc(ks, func(a, b keyed) int {
		if c := strings.Compare(a.fold, b.fold); c != 0 {
			return c
		}
		return bytes.Compare(a.e.ID[:], b.e.ID[:])
	})
	for i, k := range ks {
		es[i] = k.e
	}
}

// IssuedOn resolves AnyDocument.issuedOn.
func (x *entityResolver) IssuedOn(ctx context.Context) (*string, error) {
	return x.literal(ctx, graph.IssuedOn)
}

// HeldOn resolves Event.heldOn.
func (x *entityResolver) HeldOn(ctx context.Context) (*string, error) {
	return x.literal(ctx, graph.HeldOn)
}

// IssuedBy resolves AnyDocument.issuedBy.
func (x *entityResolver) IssuedBy(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "issuedBy", a.First)
}

// SignedBy resolves AnyDocument.signedBy.
func (x *entityResolver) SignedBy(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "signedBy", a.First)
}

// ImplementedBy resolves AnyDocument.implementedBy and Programme.implementedBy.
func (x *entityResolver) ImplementedBy(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "implementedBy", a.First)
}

// Implements resolves the implements field of documents, programmes and
// organizations.
func (x *entityResolver) Implements(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "implements", a.First)
}

// Concerns resolves AnyDocument.concerns.
func (x *entityResolver) Concerns(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "concerns", a.First)
}

// ReportsOn resolves AnyDocument.reportsOn and Event.reportsOn.
func (x *entityResolver) ReportsOn(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "reportsOn", a.First)
}

// PursuantTo resolves AnyDocument.pursuantTo.
func (x *entityResolver) PursuantTo(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "pursuantTo", a.First)
}

// Amends resolves AnyDocument.amends.
func (x *entityResolver) Amends(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "amends", a.First)
}

// Replaces resolves AnyDocument.replaces.
func (x *entityResolver) Replaces(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "replaces", a.First)
}

// Positions resolves Person.positions.
func (x *entityResolver) Positions(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "positions", a.First)
}

// Memberships resolves Person.memberships.
func (x *entityResolver) Memberships(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "memberships", a.First)
}

// Leads resolves Person.leads.
func (x *entityResolver) Leads(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "leads", a.First)
}

// Chairs resolves Person.chairs (events chaired) and Event.chairs (people
// chairing).
func (x *entityResolver) Chairs(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "chairs", a.First)
}

// Attends resolves Person.attends.
func (x *entityResolver) Attends(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "attends", a.First)
}

// Signed resolves Person.signed.
func (x *entityResolver) Signed(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "signed", a.First)
}

// Leaders resolves Organization.leaders.
func (x *entityResolver) Leaders(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "leaders", a.First)
}

// Members resolves Organization.members.
func (x *entityResolver) Members(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "members", a.First)
}

// PartOf resolves Organization.partOf.
func (x *entityResolver) PartOf(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "partOf", a.First)
}

// Parts resolves Organization.parts.
func (x *entityResolver) Parts(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "parts", a.First)
}

// Issued resolves Organization.issued and Event.issued.
func (x *entityResolver) Issued(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "issued", a.First)
}

// Holders resolves Position.holders.
func (x *entityResolver) Holders(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "holders", a.First)
}

// Events resolves Place.events.
func (x *entityResolver) Events(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "events", a.First)
}

// Attendees resolves Event.attendees.
func (x *entityResolver) Attendees(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "attendees", a.First)
}

// HeldIn resolves Event.heldIn.
func (x *entityResolver) HeldIn(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "heldIn", a.First)
}

// ApprovedBy resolves Programme.approvedBy.
func (x *entityResolver) ApprovedBy(ctx context.Context, a firstArgs) ([]*entityResolver, error) {
	return x.related(ctx, "approvedBy", a.First)
}

// The To<Type> methods tell graphql-go the concrete type of an entity.

func (x *entityResolver) is(t graph.EntityType) (*entityResolver, bool) { return x, x.e.Type == t }

// ToPerson is true for a Person.
func (x *entityResolver) ToPerson() (*entityResolver, bool) { return x.is(graph.Person) }

// ToOrganization is true for an Organization.
func (x *entityResolver) ToOrganization() (*entityResolver, bool) { return x.is(graph.Organization) }

// ToPosition is true for a Position.
func (x *entityResolver) ToPosition() (*entityResolver, bool) { return x.is(graph.Position) }

// ToPlace is true for a Place.
func (x *entityResolver) ToPlace() (*entityResolver, bool) { return x.is(graph.Place) }

// ToEvent is true for an Event.
func (x *entityResolver) ToEvent() (*entityResolver, bool) { return x.is(graph.Event) }

// ToProgramme is true for a Programme.
func (x *entityResolver) ToProgramme() (*entityResolver, bool) { return x.is(graph.Programme) }

// ToDocument is true for a Document of no stated kind.
func (x *entityResolver) ToDocument() (*entityResolver, bool) { return x.is(graph.Document) }

// ToResolution is true for a Resolution.
func (x *entityResolver) ToResolution() (*entityResolver, bool) { return x.is(graph.Resolution) }

// ToDecree is true for a Decree.
func (x *entityResolver) ToDecree() (*entityResolver, bool) { return x.is(graph.Decree) }

// ToDecision is true for a Decision.
func (x *entityResolver) ToDecision() (*entityResolver, bool) { return x.is(graph.Decision) }

// ToDirective is true for a Directive.
func (x *entityResolver) ToDirective() (*entityResolver, bool) { return x.is(graph.Directive) }

// ToConclusion is true for a Conclusion.
func (x *entityResolver) ToConclusion() (*entityResolver, bool) { return x.is(graph.Conclusion) }

// ToRegulation is true for a Regulation.
func (x *entityResolver) ToRegulation() (*entityResolver, bool) { return x.is(graph.Regulation) }

// ToCircular is true for a Circular.
func (x *entityResolver) ToCircular() (*entityResolver, bool) { return x.is(graph.Circular) }

// ToLaw is true for a Law.
func (x *entityResolver) ToLaw() (*entityResolver, bool) { return x.is(graph.Law) }

// ToPlan is true for a Plan.
func (x *entityResolver) ToPlan() (*entityResolver, bool) { return x.is(graph.Plan) }

// ToAnyDocument is true for Document and its kinds.
func (x *entityResolver) ToAnyDocument() (*entityResolver, bool) { return x, x.e.Type.IsDocument() }
