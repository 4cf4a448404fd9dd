package schema

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"sort"
	"strings"
	"sync"

	"github.com/google/uuid"
	graphql "github.com/graph-gophers/graphql-go"

	"github.com/govkg/govkg/graph"
)

// resolver is the root of the schema: the Query and Mutation fields.
type resolver struct {
	store *graph.Store
	opts  Options // defaults filled in
	log   *slog.Logger

	assertMu sync.Mutex // assertFact reads, then rewrites, its source
}

// checkFirst refuses a page size below zero or over the cap.
func (r *resolver) checkFirst(arg string, first int32) (int, error) {
	if first < 0 {
		return 0, userError("%s: %d is negative", arg, first)
	}
	if int(first) > r.opts.MaxFirst {
		return 0, limitError("%s: %d is over the limit of %d", arg, first, r.opts.MaxFirst)
	}
	return int(first), nil
}

// entityByID returns the resolver of entity id, nil when there is none.
func (r *resolver) entityByID(ctx context.Context, id graph.ID) (*entityResolver, error) {
	e, err := stateOf(ctx).loaders.entity(ctx, id)
	if err != nil {
		return nil, storeError(ctx, "entity "+id.String(), err)
	}
	if e == nil {
		return nil, nil
	}
	return &entityResolver{r: r, e: e}, nil
}

// parseID parses an ID argument, naming it when it is not one.
func parseID(arg, s string) (graph.ID, error) {
	id, err := uuid.Parse(s)
	if err != nil {
		return graph.ID{}, userError("%s: %q is not an ID (a UUID)", arg, s)
	}
	return id, nil
}

// Entity resolves Query.entity.
func (r *resolver) Entity(ctx context.Context, a struct{ ID graphql.ID }) (*entityResolver, error) {
	id, err := parseID("id", string(a.ID))
	if err != nil {
		return nil, err
	}
	r.prefetch(ctx, []graph.ID{id})
	return r.entityByID(ctx, id)
}

// lookupNames finds the entities called name; when the whole string names
// nothing, it drops leading words one at a time ("General To Lam" → "To
// Lam").
func (r *resolver) lookupNames(ctx context.Context, name string) ([]graph.Entity, error) {
	words := strings.Fields(name)
	for i := range words {
		es, err := r.store.Lookup(ctx, strings.Join(words[i:], " "))
		if err != nil {
			return nil, storeError(ctx, "lookup "+name, err)
		}
		if len(es) > 0 {
			return es, nil
		}
	}
	return nil, nil
}

// Lookup resolves Query.lookup.
func (r *resolver) Lookup(ctx context.Context, a struct{ Name string }) ([]*entityResolver, error) {
	if strings.TrimSpace(a.Name) == "" {
		return nil, userError("name: empty")
	}
	es, err := r.lookupNames(ctx, a.Name)
	if err != nil {
		return nil, err
	}
	return r.wrapFound(ctx, es), nil
}

// wrapFound sorts entities the store returned, prefetches what the query
// selects on them and wraps them for the resolvers.
func (r *resolver) wrapFound(ctx context.Context, es []graph.Entity) []*entityResolver {
	ptrs := make([]*graph.Entity, len(es))
	ids := make([]graph.ID, len(es))
	for i := range es {
		ptrs[i] = &es[i]
		ids[i] = es[i].ID
	}
	sortEntities(ptrs)
	ld := stateOf(ctx).loaders
	for _, e := range ptrs {
		ld.entities.Prime(ctx, e.ID, e)
	}
	r.prefetch(ctx, ids)
	return r.entityResolvers(ptrs)
}

// resolveRef finds the one entity ref names: an ID, or a name, alias or
// document symbol. When a name fits several entities, those whose type
// prefer accepts win; if that still leaves several, the answer is an error
// that lists them.
func (r *resolver) resolveRef(ctx context.Context, arg, ref string, prefer func(graph.EntityType) bool) (*graph.Entity, error) {
	ref = strings.TrimSpace(ref)
	if ref == "" {
		return nil, userError("%s: empty", arg)
	}
	if id, err := uuid.Parse(ref); err == nil {
		e, err := stateOf(ctx).loaders.entityNow(ctx, id)
		if err != nil {
			return nil, storeError(ctx, arg, err)
		}
		if e == nil {
			return nil, notFound("%s: no entity has the ID %s", arg, id)
		}
		return e, nil
	}
	es, err := r.lookupNames(ctx, ref)
	if err != nil {
		return nil, err
	}
	if len(es) == 0 && strings.ContainsAny(ref, "/0123456789") {
		// A bare symbol such as 12-NQ/TW: documents are named with their kind.
		for _, t := range graph.EntityTypes() {
			if !t.IsDocument() {
				continue
			}
			found, err := r.store.Lookup(ctx, string(t)+" "+ref)
			if err != nil {
				return nil, storeError(ctx, arg, err)
			}
			es = append(es, found...)
		}
	}
	if len(es) == 0 {
		return nil, notFound("%s: no entity is called %q", arg, ref)
	}
	if len(es) > 1 && prefer != nil {
		var kept []graph.Entity
		for _, e := range es {
			if prefer(e.Type) {
				kept = append(kept, e)
			}
		}
		if len(kept) > 0 {
			es = kept
		}
	}
	if len(es) > 1 {
		names := make([]string, len(es))
		for i, e := range es {
			names[i] = fmt.Sprintf("%s (%s %s)", e.Name, e.Type, e.ID)
		}
		sort.Strings(names)
		return nil, userError("%s: %q is ambiguous, it names %d entities: %s; pass an ID", arg, ref, len(es), strings.Join(names, "; "))
	}
	return &es[0], nil
}

// connectionArgs are the paging arguments of a connection.
type connectionArgs struct {
	First int32
	After *string
}

// pageArgs checks the paging arguments of a connection: it returns the
// page size, refused below zero or over the cap, and the decoded cursor.
func (r *resolver) pageArgs(a connectionArgs) (int, cursor, error) {
	n, err := r.checkFirst("first", a.First)
	if err != nil {
		return 0, cursor{}, err
	}
	c, err := decodeCursor(a.After)
	if err != nil {
		return 0, cursor{}, err
	}
	return n, c, nil
}

// entityConnection resolves EntityConnection.
type entityConnection struct {
	edges []*entityEdge
	info  pageInfoResolver
}

// entityEdge resolves EntityEdge.
type entityEdge struct {
	node   *entityResolver
	cursor string
}

// Edges resolves EntityConnection.edges.
func (c *entityConnection) Edges() []*entityEdge { return c.edges }

// Nodes resolves EntityConnection.nodes.
func (c *entityConnection) Nodes() []*entityResolver {
	out := make([]*entityResolver, len(c.edges))
	for i, e := range c.edges {
		out[i] = e.node
	}
	return out
}

// PageInfo resolves EntityConnection.pageInfo.
func (c *entityConnection) PageInfo() pageInfoResolver { return c.info }

// Cursor resolves EntityEdge.cursor.
func (e *entityEdge) Cursor() string { return e.cursor }

// Node resolves EntityEdge.node.
func (e *entityEdge) Node() *entityResolver { return e.node }

// newEntityConnection builds a connection from a page of entities.
func (r *resolver) newEntityConnection(ctx context.Context, es []graph.Entity, cs []cursor, after *string, hasNext bool) *entityConnection {
	conn := &entityConnection{}
	ld := stateOf(ctx).loaders
	ids := make([]graph.ID, len(es))
	cursors := make([]string, len(es))
	for i := range es {
		e := &es[i]
		ids[i] = e.ID
		cursors[i] = cs[i].encode()
		ld.entities.Prime(ctx, e.ID, e)
		conn.edges = append(conn.edges, &entityEdge{node: &entityResolver{r: r, e: e}, cursor: cursors[i]})
	}
	conn.info = newPageInfo(cursors, after, hasNext)
	r.prefetch(ctx, ids)
	return conn
}

// Entities resolves Query.entities.
func (r *resolver) Entities(ctx context.Context, a struct {
	Type *string
	connectionArgs
}) (*entityConnection, error) {
	n, c, err := r.pageArgs(a.connectionArgs)
	if err != nil {
		return nil, err
	}
	var t graph.EntityType
	if a.Type != nil {
		t = graph.EntityType(*a.Type)
	}
	es, cs, hasNext, err := readPage(c, n, func(after string, n int) (storePage[graph.Entity], error) {
		p, err := r.store.EntitiesOfType(ctx, t, graph.PageRequest{First: n, After: after})
		if err != nil {
			return storePage[graph.Entity]{}, storeError(ctx, "entities", err)
		}
		return storePage[graph.Entity]{items: p.Entities, end: p.EndCursor, hasNext: p.HasNext}, nil
	})
	if err != nil {
		return nil, err
	}
	return r.newEntityConnection(ctx, es, cs, a.After, hasNext), nil
}

// searchCap bounds the ranked list a search builds.
const searchCap = 2000

// errEnough stops a scan that has found enough.
var errEnough = errors.New("enough")

// Search resolves Query.search: exact folded matches first, then names
// that start with the text, then names with a word that starts with it.
func (r *resolver) Search(ctx context.Context, a struct {
	Text  string
	Types *[]string
	connectionArgs
}) (*entityConnection, error) {
	n, c, err := r.pageArgs(a.connectionArgs)
	if err != nil {
		return nil, err
	}
	if c.After != "" || c.Phase != "" {
		return nil, userError("after: the cursor does not belong to a search")
	}
	q := graph.Fold(a.Text)
	if q == "" {
		return nil, userError("text: %q has no letters or digits to search for", a.Text)
	}
	var types []graph.EntityType
	allowed := map[graph.EntityType]bool{}
	if a.Types != nil {
		for _, t := range *a.Types {
			types = append(types, graph.EntityType(t))
			allowed[graph.EntityType(t)] = true
		}
	}
	need := c.Skip + n + 1 // one more than the page, to know if there is a next
	ranked, err := r.rankedSearch(ctx, q, types, allowed, need)
	if err != nil {
		return nil, err
	}
	var page []graph.Entity
	var cs []cursor
	for i := c.Skip; i < len(ranked) && len(page) < n; i++ {
		page = append(page, ranked[i])
		cs = append(cs, cursor{Skip: i + 1})
	}
	hasNext := len(ranked) > c.Skip+len(page)
	return r.newEntityConnection(ctx, page, cs, a.After, hasNext), nil
}

// rankedSearch lists at least need matches of the folded text q (fewer
// when there are no more), best first.
func (r *resolver) rankedSearch(ctx context.Context, q string, types []graph.EntityType, allowed map[graph.EntityType]bool, need int) ([]graph.Entity, error) {
	if need > searchCap {
		return nil, limitError("search: results past the first %d are not served; narrow the text or the types", searchCap)
	}
	type hit struct {
		e    graph.Entity
		rank int
		key  string
	}
	seen := map[graph.ID]bool{}
	var hits []hit
	rankOf := func(e graph.Entity) (int, string) {
		best, key := 3, ""
		for _, name := range e.Names() {
			f := graph.Fold(name)
			rank := 3
			switch {
			case f == q:
				rank = 0
			case strings.HasPrefix(f, q):
				rank = 1
			case strings.Contains(" "+f, " "+q):
				rank = 2
			}
			if rank < best {
				best, key = rank, f
			}
		}
		return best, key
	}
	add := func(e graph.Entity) {
		if seen[e.ID] || (len(allowed) > 0 && !allowed[e.Type]) {
			return
		}
		if rank, key := rankOf(e); rank < 3 {
			seen[e.ID] = true
			hits = append(hits, hit{e, rank, key})
		}
	}
	exact, err := r.store.Lookup(ctx, q)
	if err != nil {
		return nil, storeError(ctx, "search", err)
	}
	for _, e := range exact {
		add(e)
	}
	prefixed, err := r.store.LookupPrefix(ctx, q, types, searchCap)
	if err != nil {
		return nil, storeError(ctx, "search", err)
	}
	for _, e := range prefixed {
		add(e)
	}
	if len(hits) < need {
		// Word prefixes have no index: scan the entities, stopping once the
		// ranked list is long enough.
		err := r.store.ForEachEntity(ctx, func(e graph.Entity) error {
			add(e)
			if len(hits) >= searchCap {
				return errEnough
			}
			return nil
		})
		if err != nil && !errors.Is(err, errEnough) {
			return nil, storeError(ctx, "search", err)
		}
	}
	sort.SliceStable(hits, func(i, j int) bool {
		if hits[i].rank != hits[j].rank {
			return hits[i].rank < hits[j].rank
		}
		if hits[i].key != hits[j].key {
			return hits[i].key < hits[j].key
		}
		return hits[i].e.ID.String() < hits[j].e.ID.String()
	})
	out := make([]graph.Entity, len(hits))
	for i, h := range hits {
		out[i] = h.e
	}
	return out, nil
}

// tripleConnection resolves TripleConnection.
type tripleConnection struct {
	edges []*tripleEdge
	info  pageInfoResolver
}

// tripleEdge resolves TripleEdge.
type tripleEdge struct {
	node   *tripleResolver
	cursor string
}

// Edges resolves TripleConnection.edges.
func (c *tripleConnection) Edges() []*tripleEdge { return c.edges }

// PageInfo resolves TripleConnection.pageInfo.
func (c *tripleConnection) PageInfo() pageInfoResolver { return c.info }

// Cursor resolves TripleEdge.cursor.
func (e *tripleEdge) Cursor() string { return e.cursor }

// Node resolves TripleEdge.node.
func (e *tripleEdge) Node() *tripleResolver { return e.node }

// Triples resolves Query.triples.
func (r *resolver) Triples(ctx context.Context, a struct {
	Subject   *graphql.ID
	Predicate *string
	Object    *string
	connectionArgs
}) (*tripleConnection, error) {
	n, c, err := r.pageArgs(a.connectionArgs)
	if err != nil {
		return nil, err
	}
	if c.Phase != "" {
		return nil, userError("after: the cursor does not belong to a triples query")
	}
	var pat graph.Pattern
	if a.Subject != nil {
		if pat.Subject, err = parseID("subject", string(*a.Subject)); err != nil {
			return nil, err
		}
	}
	if a.Predicate != nil {
		pat.Predicate = graph.Predicate(*a.Predicate)
	}
	if a.Object != nil {
		v, err := objectValue(*a.Object)
		if err != nil {
			return nil, err
		}
		pat.Object = &v
	}
	ts, cs, hasNext, err := readPage(c, n, func(after string, n int) (storePage[graph.Triple], error) {
		p, err := r.store.Match(ctx, pat, graph.PageRequest{First: n, After: after})
		if err != nil {
			return storePage[graph.Triple]{}, storeError(ctx, "triples", err)
		}
		return storePage[graph.Triple]{items: p.Triples, end: p.EndCursor, hasNext: p.HasNext}, nil
	})
	if err != nil {
		return nil, err
	}
	conn := &tripleConnection{}
	var ids []graph.ID
	cursors := make([]string, len(ts))
	for i, t := range ts {
		cursors[i] = cs[i].encode()
		conn.edges = append(conn.edges, &tripleEdge{node: &tripleResolver{r: r, t: t}, cursor: cursors[i]})
		ids = append(ids, t.Subject)
		if t.Object.IsEntity() {
			ids = append(ids, t.Object.Entity)
		}
	}
	conn.info = newPageInfo(cursors, a.After, hasNext)
	if len(ids) > 0 && selectsTripleEntities(ctx) {
		stateOf(ctx).loaders.entities.loadAll(ctx, ids) // one read; the resolvers find them cached
	}
	return conn, nil
}

// selectsTripleEntities reports whether a triples query selects the
// subject or object entity of its triples, which are then worth loading
// together before the fields ask for them one by one.
func selectsTripleEntities(ctx context.Context) bool {
	for _, p := range graphql.SelectedFieldNames(ctx) {
		if p == "edges.node.subject" || p == "edges.node.object" {
			return true
		}
	}
	return false
}

// objectValue reads an object argument: an entity ID, else an ISO date,
// else a number, else a string literal.
func objectValue(s string) (graph.Value, error) {
	if id, err := uuid.Parse(s); err == nil {
		return graph.EntityValue(id), nil
	}
	if v, err := graph.DateValue(s); err == nil {
		return v, nil
	}
	if len(s) > graph.MaxLiteralLen {
		return graph.Value{}, userError("object: literal of %d bytes is over the limit of %d", len(s), graph.MaxLiteralLen)
	}
	return graph.StringValue(s), nil
}

// predicates converts a Predicate list argument.
func predicates(list *[]string) []graph.Predicate {
	if list == nil {
		return nil
	}
	out := make([]graph.Predicate, len(*list))
	for i, p := range *list {
		out[i] = graph.Predicate(p)
	}
	return out
}

// subgraphResolver resolves Subgraph.
type subgraphResolver struct {
	nodes     []*graphNode
	edges     []*graphEdge
	truncated bool
}

// graphNode resolves GraphNode. Subgraphs have hundreds of nodes and
// edges, so these two types hold their fields ready and graphql-go reads
// them directly (UseFieldResolvers) instead of calling a method per field.
type graphNode struct {
	ID   outID
	Type string
	Name string
}

// graphEdge resolves GraphEdge.
type graphEdge struct {
	Source    outID
	Target    outID
	Predicate string
}

// Nodes resolves Subgraph.nodes.
func (s *subgraphResolver) Nodes() []*graphNode { return s.nodes }

// Edges resolves Subgraph.edges.
func (s *subgraphResolver) Edges() []*graphEdge { return s.edges }

// Truncated resolves Subgraph.truncated.
func (s *subgraphResolver) Truncated() bool { return s.truncated }

// ID resolves GraphEdge.id.
func (e *graphEdge) ID() outID {
	return e.Source + "|" + outID(e.Predicate) + "|" + e.Target
}

// subgraphWants says what the query selects on a subgraph: anything on
// its nodes besides their IDs (graphql-go leaves __typename out), and its
// edges.
func subgraphWants(ctx context.Context) (entities, edges bool) {
	for _, p := range graphql.SelectedFieldNames(ctx) {
		if f, ok := strings.CutPrefix(p, "nodes."); ok && f != "id" {
			entities = true
		}
		if p == "edges" {
			edges = true
		}
	}
	return entities, edges
}

// newSubgraph wraps sg; nodes keep their order. It builds only what the
// query selects: when that is more than the nodes' IDs, it loads the
// entities (one read) and leaves out the nodes that have none and the
// edges to them; the edges only when they are selected.
func (r *resolver) newSubgraph(ctx context.Context, sg graph.Subgraph) (*subgraphResolver, error) {
	wantEntities, wantEdges := subgraphWants(ctx)
	ids := sg.Nodes
	var es []*graph.Entity
	if wantEntities {
		var err error
		if es, err = stateOf(ctx).loaders.entitiesOf(ctx, sg.Nodes); err != nil {
			return nil, storeError(ctx, "subgraph", err)
		}
		if len(es) < len(ids) { // some have no entity
			ids = make([]graph.ID, len(es))
			for i, e := range es {
				ids[i] = e.ID
			}
		}
	}
	out := &subgraphResolver{truncated: sg.Truncated, nodes: make([]*graphNode, len(ids)), edges: []*graphEdge{}}
	nodes := make([]graphNode, len(ids))
	for i, id := range idsOf(ids) {
		nodes[i].ID = id
		if es != nil {
			nodes[i].Type, nodes[i].Name = string(es[i].Type), es[i].Name
		}
		out.nodes[i] = &nodes[i]
	}
	if !wantEdges {
		return out, nil
	}
	at := make(map[graph.ID]int, len(ids))
	for i, id := range ids {
		at[id] = i
	}
	edges := make([]graphEdge, 0, len(sg.Edges))
	for _, e := range sg.Edges {
		s, ok := at[e.Subject]
		o, ok2 := at[e.Object]
		if ok && ok2 {
			edges = append(edges, graphEdge{Source: nodes[s].ID, Target: nodes[o].ID, Predicate: string(e.Predicate)})
		}
	}
	out.edges = make([]*graphEdge, len(edges))
	for i := range edges {
		out.edges[i] = &edges[i]
	}
	return out, nil
}

// checkHops refuses a depth below one or over the cap.
func (r *resolver) checkHops(arg string, d int32) (int, error) {
	return checkPositive(arg, d, r.opts.MaxHops)
}

// checkPositive refuses a count below one or over most, naming arg.
func checkPositive(arg string, v int32, most int) (int, error) {
	if v < 1 {
		return 0, userError("%s: %d is below 1", arg, v)
	}
	if int(v) > most {
		return 0, limitError("%s: %d is over the limit of %d", arg, v, most)
	}
	return int(v), nil
}

// Neighbourhood resolves Query.neighbourhood.
func (r *resolver) Neighbourhood(ctx context.Context, a struct {
	ID         string
	Depth      int32
	Predicates *[]string
	Direction  string
	Limit      int32
}) (*subgraphResolver, error) {
	depth, err := r.checkHops("depth", a.Depth)
	if err != nil {
		return nil, err
	}
	limit, err := checkPositive("limit", a.Limit, r.opts.MaxNodes)
	if err != nil {
		return nil, err
	}
	start, err := r.resolveRef(ctx, "id", a.ID, nil)
	if err != nil {
		return nil, err
	}
	dir := parseDirection(a.Direction)
	sg, err := r.store.Neighbourhood(ctx, start.ID, graph.TraverseOptions{
		Depth: depth, Direction: dir, Predicates: predicates(a.Predicates), MaxNodes: limit,
	})
	if err != nil {
		return nil, storeError(ctx, "neighbourhood of "+start.Name, err)
	}
	return r.newSubgraph(ctx, sg)
}

// Path resolves Query.path.
func (r *resolver) Path(ctx context.Context, a struct {
	From       string
	To         string
	Predicates *[]string
	MaxDepth   int32
}) (*subgraphResolver, error) {
	depth, err := r.checkHops("maxDepth", a.MaxDepth)
	if err != nil {
		return nil, err
	}
	from, err := r.resolveRef(ctx, "from", a.From, nil)
	if err != nil {
		return nil, err
	}
	to, err := r.resolveRef(ctx, "to", a.To, nil)
	if err != nil {
		return nil, err
	}
	sg, err := r.store.ShortestPath(ctx, from.ID, to.ID, graph.PathOptions{
		MaxDepth: depth, Predicates: predicates(a.Predicates), Direction: graph.Both, MaxVisited: r.opts.MaxNodes * 10,
	})
	if err != nil {
		return nil, storeError(ctx, "path from "+from.Name+" to "+to.Name, err)
	}
	return r.newSubgraph(ctx, sg)
}

// implementsClosure returns what start reaches over implements edges in
// dir: one hop, or every hop with transitive. Given types, the transitive
// walk returns only entities of those types (found from the type index,
// so that the others are never loaded); the caller filters one hop.
func (r *resolver) implementsClosure(ctx context.Context, start *graph.Entity, dir graph.Direction, transitive bool, types ...graph.EntityType) ([]graph.ID, error) {
	if !transitive {
		ts, err := stateOf(ctx).loaders.edgesOf(ctx, edgeKey{id: start.ID, pred: graph.Implements, dir: dir})
		if err != nil {
			return nil, storeError(ctx, "implements of "+start.Name, err)
		}
		var ids []graph.ID
		for _, t := range ts {
			if id, ok := otherEnd(t, dir); ok {
				ids = append(ids, id)
			}
		}
		return ids, nil
	}
	sg, err := r.store.Closure(ctx, start.ID, graph.Implements, graph.TraverseOptions{
		Depth: graph.MaxDepth, Direction: dir, MaxNodes: r.opts.MaxNodes, Types: types,
	})
	if err != nil {
		return nil, storeError(ctx, "implements closure of "+start.Name, err)
	}
	if sg.Truncated {
		return nil, limitError("the implements chain from %s is longer than %d hops or reaches more than %d entities; ask without transitive",
			start.Name, graph.MaxDepth, r.opts.MaxNodes)
	}
	var ids []graph.ID
	for _, id := range sg.Nodes {
		if id != start.ID {
			ids = append(ids, id)
		}
	}
	return ids, nil
}

// entitiesSorted loads ids, keeps those keep accepts, sorts them by name
// and prefetches what the query selects on them.
func (r *resolver) entitiesSorted(ctx context.Context, ids []graph.ID, keep func(graph.EntityType) bool) ([]*entityResolver, error) {
	es, err := stateOf(ctx).loaders.entitiesOf(ctx, ids)
	if err != nil {
		return nil, storeError(ctx, "entities", err)
	}
	kept := es[:0]
	var keptIDs []graph.ID
	for _, e := range es {
		if keep == nil || keep(e.Type) {
			kept = append(kept, e)
			keptIDs = append(keptIDs, e.ID)
		}
	}
	sortEntities(kept)
	r.prefetch(ctx, keptIDs)
	return r.entityResolvers(kept), nil
}

// ResolutionsImplementedBy resolves Query.resolutionsImplementedBy.
func (r *resolver) ResolutionsImplementedBy(ctx context.Context, a struct {
	Programme  string
	Transitive bool
}) ([]*entityResolver, error) {
	prog, err := r.resolveRef(ctx, "programme", a.Programme, func(t graph.EntityType) bool { return t == graph.Programme })
	if err != nil {
		return nil, err
	}
	ids, err := r.implementsClosure(ctx, prog, graph.Out, a.Transitive, graph.Resolution)
	if err != nil {
		return nil, err
	}
	return r.entitiesSorted(ctx, ids, func(t graph.EntityType) bool { return t == graph.Resolution })
}

// ImplementersOf resolves Query.implementersOf.
func (r *resolver) ImplementersOf(ctx context.Context, a struct {
	Document   string
	Transitive bool
}) ([]*entityResolver, error) {
	doc, err := r.resolveRef(ctx, "document", a.Document, graph.EntityType.IsDocument)
	if err != nil {
		return nil, err
	}
	ids, err := r.implementsClosure(ctx, doc, graph.In, a.Transitive)
	if err != nil {
		return nil, err
	}
	return r.entitiesSorted(ctx, ids, nil)
}

// Sources resolves Query.sources.
func (r *resolver) Sources(ctx context.Context) ([]*sourceResolver, error) {
	srcs, err := r.store.Sources(ctx)
	if err != nil {
		return nil, storeError(ctx, "sources", err)
	}
	out := make([]*sourceResolver, len(srcs))
	for i, s := range srcs {
		out[i] = &sourceResolver{s: s}
	}
	return out, nil
}

// statsResolver resolves Stats.
type statsResolver struct{ s graph.Stats }

// typeCount resolves TypeCount.
type typeCount struct {
	t string
	n int
}

// predicateCount resolves PredicateCount.
type predicateCount struct {
	p string
	n int
}

// Stats resolves Query.stats.
func (r *resolver) Stats(ctx context.Context) (*statsResolver, error) {
	s, err := r.store.Stats(ctx)
	if err != nil {
		return nil, storeError(ctx, "stats", err)
	}
	return &statsResolver{s: s}, nil
}

// Entities resolves Stats.entities.
func (s *statsResolver) Entities() int32 { return int32(s.s.Entities) }

// Triples resolves Stats.triples.
func (s *statsResolver) Triples() int32 { return int32(s.s.Triples) }

// Sources resolves Stats.sources.
func (s *statsResolver) Sources() int32 { return int32(s.s.Sources) }

// ByType resolves Stats.byType, in the ontology's order, leaving out zeros.
func (s *statsResolver) ByType() []typeCount {
	return nonZeroCounts(graph.EntityTypes(), s.s.ByType, func(t string, n int) typeCount { return typeCount{t, n} })
}

// ByPredicate resolves Stats.byPredicate, in the ontology's order, leaving
// out zeros.
func (s *statsResolver) ByPredicate() []predicateCount {
	return nonZeroCounts(graph.Predicates(), s.s.ByPredicate, func(p string, n int) predicateCount { return predicateCount{p, n} })
}

// nonZeroCounts lists counts[k] for every key in the order of keys,
// leaving out zeros, each made into a result by count. The list is never
// nil, so an empty one answers [] rather than null.
func nonZeroCounts[K ~string, C any](keys []K, counts map[K]int, count func(key string, n int) C) []C {
	out := []C{}
	for _, k := range keys {
		if n := counts[k]; n > 0 {
			out = append(out, count(string(k), n))
		}
	}
	return out
}

// Type resolves TypeCount.type.
func (c typeCount) Type() string { return c.t }

// Count resolves TypeCount.count.
func (c typeCount) Count() int32 { return int32(c.n) }

// Predicate resolves PredicateCount.predicate.
func (c predicateCount) Predicate() string { return c.p }

// Count resolves PredicateCount.count.
func (c predicateCount) Count() int32 { return int32(c.n) }
