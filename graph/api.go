package graph

// This file is the contract of the store: the types its methods take and
// return. The methods themselves live in store.go (open, close, options),
// write.go (entities, batches, retraction), read.go (patterns, lookups,
// stats), traverse.go (neighbourhood, path, closure) and check.go.

// Pattern selects triples; a zero field matches anything.
type Pattern struct {
	Subject   ID        // uuid.Nil: any subject
	Predicate Predicate // "": any predicate
	Object    *Value    // nil: any object
}

// PageRequest asks for at most First items after an opaque cursor.
type PageRequest struct {
	First int    // at most this many (the store caps it at MaxPage)
	After string // cursor from a previous page's EndCursor; "" for the first page
}

// MaxPage caps PageRequest.First.
const MaxPage = 10000

// TriplePage is one page of triples.
type TriplePage struct {
	Triples   []Triple
	EndCursor string // pass as After for the next page
	HasNext   bool
}

// EntityPage is one page of entities.
type EntityPage struct {
	Entities  []Entity
	EndCursor string
	HasNext   bool
}

// Stats counts what the store holds.
type Stats struct {
	Entities    int
	Triples     int
	Sources     int
	ByType      map[EntityType]int
	ByPredicate map[Predicate]int
}

// ApplyResult says what a Batch changed.
type ApplyResult struct {
	Source      ID
	Unchanged   bool // the source was stored with the same hash: nothing done
	Replaced    bool // an earlier version of the source was replaced
	NewEntities int  // entities that did not exist before
	Entities    int  // entities upserted
	Added       int  // triples that did not exist before (from any source)
	Removed     int  // triples that no longer exist (no source asserts them)
	Assertions  int  // assertions now held by the source
}

// Direction restricts a traversal to out-edges, in-edges or both.
type Direction int

// Directions of a traversal.
const (
	Both Direction = iota
	Out
	In
)

// Edge is a triple between two entities as a traversal returns it.
type Edge struct {
	Subject   ID
	Predicate Predicate
	Object    ID
}

// Subgraph is what a neighbourhood or a path returns.
type Subgraph struct {
	Nodes     []ID   // in discovery order; the start first
	Edges     []Edge // edges between returned nodes
	Truncated bool   // a cap stopped the walk early
}

// TraverseOptions bound a neighbourhood walk or a closure.
type TraverseOptions struct {
	Depth      int         // hops from the start (at least 1, at most MaxDepth)
	Direction  Direction   // Out, In or Both
	Predicates []Predicate // only these predicates; empty: all
	MaxNodes   int         // stop after this many nodes (at most MaxNodesCap)
	// Types keeps, of the nodes the walk reaches, only those of these
	// types (and the edges between the nodes kept); the start is kept
	// whatever its type. The walk itself still goes through nodes of
	// every type, and MaxNodes counts them all. Empty: every type.
	Types []EntityType
}

// PathOptions bound a shortest-path search.
type PathOptions struct {
	MaxDepth   int         // longest path tried (at most MaxDepth)
	Predicates []Predicate // only these predicates; empty: all
	Direction  Direction   // Both follows edges either way
	MaxVisited int         // give up after visiting this many nodes (0: MaxNodesCap)
}

// Caps on traversals, whatever the caller asks.
const (
	MaxDepth    = 10
	MaxNodesCap = 100000
)

// CheckReport lists disagreements between the indexes.
type CheckReport struct {
	Triples  int      // SPO keys read
	Entities int      // entity records read
	Problems []string // each disagreement, human-readable; empty when sound
}

// OK reports whether the check found nothing wrong.
func (r CheckReport) OK() bool { return len(r.Problems) == 0 }
