package graph

import (
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"

	"github.com/dgraph-io/badger/v4"
)

// Traversals: a breadth-first neighbourhood, a bidirectional shortest path
// and the transitive closure of one predicate. Each runs inside one read
// transaction, so it sees one consistent snapshot; each is bounded in depth
// (MaxDepth) and in nodes (MaxNodesCap), says Truncated when a cap stopped
// it, and checks ctx as it goes. Only edges between entities are walked:
// triples whose object is a literal are skipped.
//
// Out-edges of a node are read from the 'S' keys under 'S' and its number,
// in-edges from the 'O' keys under 'O', the entity kind and its number,
// keys only. A traversal opens at most one
// iterator per direction and moves it with Seek from node to node.

// Neighbourhood returns the nodes within opt.Depth hops of start (at least 1,
// at most MaxDepth; 0 means 1) in breadth-first discovery order, start first,
// and the edges walked to reach them: every edge from an expanded node to a
// returned node. Edges among the nodes of the outermost ring are not walked,
// so they are not returned. opt.MaxNodes (0: MaxNodesCap) caps the nodes;
// reaching it stops the walk and sets Truncated. A Depth above MaxDepth is
// lowered to MaxDepth, and Truncated is then set when the walk could have
// gone further. An unknown start is ErrNotFound.
func (s *Store) Neighbourhood(ctx context.Context, start ID, opt TraverseOptions) (Subgraph, error) {
	spec, err := walkSpecOf(opt, 1)
	if err != nil {
		return Subgraph{}, fmt.Errorf("neighbourhood of %s: %w", start, err)
	}
	// A walk over every predicate soon meets a hub and reaches its cap:
	// its index is sized for up to 1,024 nodes at once. A closure follows
	// one predicate and mostly stays small, and its index grows as needed.
	spec.expect = min(spec.maxNodes, 1024)
	var sg Subgraph
	err = s.view(func(txn *badger.Txn) error {
		w, err := s.newWalker(ctx, txn, opt.Predicates)
		if err != nil {
			return err
		}
		defer w.close()
		sg, err = w.walk(start, spec)
		return err
	})
	if err != nil {
		return Subgraph{}, fmt.Errorf("neighbourhood of %s: %w", start, err)
	}
	return sg, nil
}

// Closure returns everything reachable from start over predicate p alone:
// for example every document a programme implements, directly or through
// intermediate documents. opt.Direction In walks p backwards (everything
// that reaches start over p); Out, and the zero value Both, walk it forwards.
// opt.Depth 0 means as deep as MaxDepth allows, with Truncated set when the
// chain goes on beyond it; opt.MaxNodes caps the nodes as for Neighbourhood;
// opt.Predicates is ignored. Nodes come in discovery order, start first,
// with the edges walked.
func (s *Store) Closure(ctx context.Context, start ID, p Predicate, opt TraverseOptions) (Subgraph, error) {
	if _, err := ParsePredicate(string(p)); err != nil {
		return Subgraph{}, fmt.Errorf("closure of %s: %w: %v", start, ErrInvalid, err)
	}
	if opt.Direction == Both {
		opt.Direction = Out
	}
	spec, err := walkSpecOf(opt, MaxDepth)
	if err != nil {
		return Subgraph{}, fmt.Errorf("closure of %s over %s: %w", start, p, err)
	}
	var sg Subgraph
	err = s.view(func(txn *badger.Txn) error {
		w, err := s.newWalker(ctx, txn, []Predicate{p})
		if err != nil {
			return err
		}
		defer w.close()
		sg, err = w.walk(start, spec)
		return err
	})
	if err != nil {
		return Subgraph{}, fmt.Errorf("closure of %s over %s: %w", start, p, err)
	}
	return sg, nil
}

// ShortestPath returns a shortest path from one entity to another: Nodes in
// path order (from first, to last) and the Edges along it, each as stored
// (subject to object), so with Direction Both or In an edge may point
// backwards along the path. Direction Out follows edges from subject to
// object, In from object to subject, Both either way. The search is a
// bidirectional breadth-first search that always expands the smaller
// frontier. opt.MaxDepth (0 or above MaxDepth: MaxDepth) bounds the path
// length; opt.MaxVisited (0: MaxNodesCap) bounds the nodes visited by both
// sides together. No path within the bounds gives empty Nodes and a nil
// error; Truncated says that a cap, not the graph, ended the search. An
// unknown endpoint is ErrNotFound.
func (s *Store) ShortestPath(ctx context.Context, from, to ID, opt PathOptions) (Subgraph, error) {
	spec, err := pathSpecOf(opt)
	if err != nil {
		return Subgraph{}, fmt.Errorf("path from %s to %s: %w", from, to, err)
	}
	var sg Subgraph
	err = s.view(func(txn *badger.Txn) error {
		w, err := s.newWalker(ctx, txn, opt.Predicates)
		if err != nil {
			return err
		}
		defer w.close()
		sg, err = w.path(from, to, spec)
		return err
	})
	if err != nil {
		return Subgraph{}, fmt.Errorf("path from %s to %s: %w", from, to, err)
	}
	return sg, nil
}

// walkSpec is a checked TraverseOptions.
type walkSpec struct {
	depth    int
	dir      Direction
	maxNodes int
	probe    bool   // the depth was set by the cap, not the caller: report whether the walk could go on
	types    []byte // codes of the types of the nodes returned; empty: all
	expect   int    // nodes the walk is likely to reach, to size its index
}

// walkSpecOf checks opt and fills in its defaults; defDepth is the depth
// that a zero Depth stands for.
func walkSpecOf(opt TraverseOptions, defDepth int) (walkSpec, error) {
	sp := walkSpec{depth: opt.Depth, dir: opt.Direction, maxNodes: opt.MaxNodes}
	if err := checkDirection(opt.Direction); err != nil {
		return sp, err
	}
	switch {
	case sp.depth < 0:
		return sp, fmt.Errorf("%w: depth %d is negative", ErrInvalid, opt.Depth)
	case sp.depth == 0:
		sp.depth = defDepth
		sp.probe = defDepth == MaxDepth
	case sp.depth > MaxDepth:
		sp.depth = MaxDepth
		sp.probe = true
	}
	switch {
	case sp.maxNodes < 0:
		return sp, fmt.Errorf("%w: max nodes %d is negative", ErrInvalid, opt.MaxNodes)
	case sp.maxNodes == 0, sp.maxNodes > MaxNodesCap:
		sp.maxNodes = MaxNodesCap
	}
	for _, t := range opt.Types {
		c, ok := typeCode(t)
		if !ok {
			return sp, fmt.Errorf("%w: unknown entity type %q", ErrInvalid, t)
		}
		sp.types = append(sp.types, c)
	}
	return sp, nil
}

// pathSpec is a checked PathOptions.
type pathSpec struct {
	depth      int
	dir        Direction
	maxVisited int
	capped     bool // the depth was set by the cap, not the caller
}

// pathSpecOf checks opt and fills in its defaults.
func pathSpecOf(opt PathOptions) (pathSpec, error) {
	sp := pathSpec{depth: opt.MaxDepth, dir: opt.Direction, maxVisited: opt.MaxVisited}
	if err := checkDirection(opt.Direction); err != nil {
		return sp, err
	}
	switch {
	case sp.depth < 0:
		return sp, fmt.Errorf("%w: max depth %d is negative", ErrInvalid, opt.MaxDepth)
	case sp.depth == 0, sp.depth > MaxDepth:
		sp.depth = MaxDepth
		sp.capped = true
	}
	switch {
	case sp.maxVisited < 0:
		return sp, fmt.Errorf("%w: max visited %d is negative", ErrInvalid, opt.MaxVisited)
	case sp.maxVisited == 0, sp.maxVisited > MaxNodesCap:
		sp.maxVisited = MaxNodesCap
	}
	return sp, nil
}

func checkDirection(d Direction) error {
	switch d {
	case Both, Out, In:
		return nil
	}
	return fmt.Errorf("%w: direction %d", ErrInvalid, d)
}

// ctxEvery is how many keys a walker reads between two looks at ctx.
const ctxEvery = 512

// errStop ends an edge scan early without being an error.
var errStop = errors.New("stop")

// walker reads the edges of nodes inside one read transaction.
type walker struct {
	ctx    context.Context
	txn    *badger.Txn
	out    *badger.Iterator // over 'S' keys, opened on first use
	in     *badger.Iterator // over 'O' keys, opened on first use
	codes  []predCode       // the predicate filter; nil: every predicate
	none   bool             // a filter was given and none of it is in the store: no edges at all
	names  []Predicate      // the predicate dictionary as it was when the walk began
	prefix []byte           // scratch for seek prefixes
	reads  int              // keys read since ctx was last checked
	nums   *numbering       // the store's numbers, for seek prefixes
	ids    []ID             // the IDs by number, as the walk began (numbering.view)
}

// newWalker checks the predicate filter and resolves it to codes.
func (s *Store) newWalker(ctx context.Context, txn *badger.Txn, preds []Predicate) (*walker, error) {
	if err := checkCtx(ctx); err != nil {
		return nil, err
	}
	w := &walker{ctx: ctx, txn: txn, prefix: make([]byte, 0, 1+entityObjLn), nums: s.nums, ids: s.nums.view()}
	for _, p := range preds {
		if _, err := ParsePredicate(string(p)); err != nil {
			return nil, fmt.Errorf("%w: %v", ErrInvalid, err)
		}
		if c, ok := s.codeOf(p); ok && !slices.Contains(w.codes, c) {
			w.codes = append(w.codes, c)
		}
	}
	slices.Sort(w.codes)
	w.none = len(preds) > 0 && len(w.codes) == 0
	s.dictMu.RLock()
	w.names = slices.Clone(s.preds)
	s.dictMu.RUnlock()
	return w, nil
}

// close closes the iterators; the transaction must not end before it.
func (w *walker) close() {
	if w.out != nil {
		w.out.Close()
	}
	if w.in != nil {
		w.in.Close()
	}
}

// tick counts one key read and looks at ctx every ctxEvery keys.
func (w *walker) tick() error {
	w.reads++
	if w.reads < ctxEvery {
		return nil
	}
	w.reads = 0
	return checkCtx(w.ctx)
}

// name returns the predicate of code c, from the dictionary snapshot or,
// for a code assigned after it was taken, from the store itself.
func (w *walker) name(c predCode) (Predicate, error) {
	if int(c) < len(w.names) && w.names[c] != "" {
		return w.names[c], nil
	}
	var k [1 + predLen]byte
	k[0] = tDictRev
	binary.BigEndian.PutUint16(k[1:], uint16(c))
	item, err := w.txn.Get(k[:])
	if err != nil {
		return "", fmt.Errorf("predicate code %d: %w", c, err)
	}
	v, err := item.ValueCopy(nil)
	if err != nil {
		return "", fmt.Errorf("predicate code %d: %w", c, err)
	}
	for len(w.names) <= int(c) {
		w.names = append(w.names, "")
	}
	w.names[c] = Predicate(v)
	return w.names[c], nil
}

// wanted reports whether code c passes the predicate filter.
func (w *walker) wanted(c predCode) bool {
	return w.codes == nil || slices.Contains(w.codes, c)
}

// exists reports whether an entity record with this id is stored.
func (w *walker) exists(id ID) error {
	_, err := w.txn.Get(w.nums.entityKey(id))
	if errors.Is(err, badger.ErrKeyNotFound) {
		return fmt.Errorf("entity %s: %w", id, ErrNotFound)
	}
	return err
}

// Lengths of the keys of an edge between two entities.
const (
	edgeKeyLen = 1 + numLen + predLen + entityObjLn // 'S' s p kind o, and 'O' kind o s p
	spoObjAt   = 1 + numLen + predLen               // where the object starts in an 'S' key
)

// idAt returns the ID numbered by the 4 bytes at the front of b.
func (w *walker) idAt(b []byte) (ID, error) { return w.idOf(readNum(b)) }

// idOf returns the ID numbered x.
func (w *walker) idOf(x uint32) (ID, error) {
	if x == 0 || x >= uint32(len(w.ids)) {
		return ID{}, fmt.Errorf("number %d numbers nothing (run check)", x)
	}
	return w.ids[x], nil
}

// outEdges calls fn for every out-edge of id to another entity that passes
// the filter, in key order, until fn returns errStop or an error.
func (w *walker) outEdges(x uint32, fn func(o ID, ox uint32, c predCode) error) error {
	if w.none {
		return nil
	}
	if w.out == nil {
		w.out = w.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{tSPO}})
	}
	if w.codes == nil {
		return w.scanOut(x, 0, fn)
	}
	for _, c := range w.codes {
		if err := w.scanOut(x, c, fn); err != nil {
			return err
		}
	}
	return nil
}

// scanOut reads the 'S' keys of id (with predicate c when c is not 0).
func (w *walker) scanOut(x uint32, c predCode, fn func(o ID, ox uint32, c predCode) error) error {
	w.prefix = appendNum(append(w.prefix[:0], tSPO), x)
	if c != 0 {
		w.prefix = binary.BigEndian.AppendUint16(w.prefix, uint16(c))
	}
	it := w.out
	for it.Seek(w.prefix); it.ValidForPrefix(w.prefix); it.Next() {
		if err := w.tick(); err != nil {
			return err
		}
		k := it.Item().Key()
		if len(k) != edgeKeyLen || ValueKind(k[spoObjAt]) != KindEntity {
			continue // a literal object
		}
		o, err := w.idAt(k[spoObjAt+1:])
		if err != nil {
			return err
		}
		if err := fn(o, readNum(k[spoObjAt+1:]), predCode(binary.BigEndian.Uint16(k[1+numLen:]))); err != nil {
			return err
		}
	}
	return nil
}

// inEdges calls fn for every in-edge of id that passes the filter, in key
// order, until fn returns errStop or an error.
func (w *walker) inEdges(x uint32, fn func(s ID, sx uint32, c predCode) error) error {
	if w.none {
		return nil
	}
	if w.in == nil {
		w.in = w.txn.NewIterator(badger.IteratorOptions{Prefix: []byte{tOSP}})
	}
	w.prefix = appendNum(append(w.prefix[:0], tOSP, byte(KindEntity)), x)
	it := w.in
	for it.Seek(w.prefix); it.ValidForPrefix(w.prefix); it.Next() {
		if err := w.tick(); err != nil {
			return err
		}
		k := it.Item().Key()
		if len(k) != edgeKeyLen {
			return fmt.Errorf("bad OSP key %x", k)
		}
		c := predCode(binary.BigEndian.Uint16(k[edgeKeyLen-predLen:]))
		if !w.wanted(c) {
			continue
		}
		s, err := w.idAt(k[1+entityObjLn:])
		if err != nil {
			return err
		}
		if err := fn(s, readNum(k[1+entityObjLn:]), c); err != nil {
			return err
		}
	}
	return nil
}

// walk is the walk behind Neighbourhood and Closure: walkAll, then
// keepTypes when sp asks for some types only.
func (w *walker) walk(start ID, sp walkSpec) (Subgraph, error) {
	sg, err := w.walkAll(start, sp)
	if err != nil || len(sp.types) == 0 {
		return sg, err
	}
	return w.keepTypes(sg, sp.types)
}

// keepTypes keeps, of the nodes of sg after the start, those that the
// type index lists under one of types, and the edges between the nodes
// kept.
func (w *walker) keepTypes(sg Subgraph, types []byte) (Subgraph, error) {
	kept := make(map[ID]bool, len(sg.Nodes))
	kept[sg.Nodes[0]] = true
	nodes := sg.Nodes[:1]
	key := make([]byte, 0, 2+numLen)
	for _, id := range sg.Nodes[1:] {
		for _, c := range types {
			key = w.nums.appendID(append(key[:0], tType, c), id)
			_, err := w.txn.Get(key)
			if errors.Is(err, badger.ErrKeyNotFound) {
				continue
			}
			if err != nil {
				return Subgraph{}, err
			}
			kept[id] = true
			nodes = append(nodes, id)
			break
		}
	}
	edges := sg.Edges[:0]
	for _, e := range sg.Edges {
		if kept[e.Subject] && kept[e.Object] {
			edges = append(edges, e)
		}
	}
	return Subgraph{Nodes: nodes, Edges: edges, Truncated: sg.Truncated}, nil
}

// walkAll is the breadth-first walk from start, returning every node it
// reaches.
//
// Nodes are expanded in discovery order, so a node's index in nodes tells
// whether it has been expanded. Walking both ways, an edge between two
// expanded nodes is met twice, once from each end; it is kept from the end
// expanded first (out-edges of a node are read before it counts as
// expanded, so a self-loop is kept once).
func (w *walker) walkAll(start ID, sp walkSpec) (Subgraph, error) {
	if err := w.exists(start); err != nil {
		return Subgraph{}, err
	}
	sg := Subgraph{Nodes: []ID{start}}
	nums := []uint32{w.nums.of(start)} // the numbers of sg.Nodes
	index := make(map[ID]int, min(sp.maxNodes, max(sp.expect, 8)))
	index[start] = 0
	var cur int // index of the node being expanded

	// reach handles an edge from the node being expanded to n (numbered
	// x); it returns n's index, or -1 when n is new and the node cap is
	// reached.
	reach := func(n ID, x uint32) int {
		j, ok := index[n]
		if ok {
			return j
		}
		if len(sg.Nodes) >= sp.maxNodes {
			sg.Truncated = true
			return -1
		}
		j = len(sg.Nodes)
		index[n] = j
		sg.Nodes = append(sg.Nodes, n)
		nums = append(nums, x)
		return j
	}
	var me ID
	addEdge := func(s ID, c predCode, o ID) error {
		p, err := w.name(c)
		if err != nil {
			return err
		}
		sg.Edges = append(sg.Edges, Edge{Subject: s, Predicate: p, Object: o})
		return nil
	}
	onOut := func(o ID, ox uint32, c predCode) error {
		j := reach(o, ox)
		switch {
		case j < 0:
			return errStop
		case sp.dir == Both && j < cur:
			return nil // kept when o was expanded
		}
		return addEdge(me, c, o)
	}
	onIn := func(s ID, sx uint32, c predCode) error {
		j := reach(s, sx)
		switch {
		case j < 0:
			return errStop
		case sp.dir == Both && j <= cur:
			return nil // kept when s was expanded, or as me's out-edge
		}
		return addEdge(s, c, me)
	}

	ringEnd := 1 // nodes before ringEnd are within the current depth
	for d := 0; d < sp.depth && cur < len(sg.Nodes); d++ {
		for ; cur < ringEnd; cur++ {
			if err := checkCtx(w.ctx); err != nil {
				return Subgraph{}, err
			}
			me = sg.Nodes[cur]
			if sp.dir != In {
				if err := w.outEdges(nums[cur], onOut); err != nil {
					if errors.Is(err, errStop) {
						return sg, nil
					}
					return Subgraph{}, err
				}
			}
			if sp.dir != Out {
				if err := w.inEdges(nums[cur], onIn); err != nil {
					if errors.Is(err, errStop) {
						return sg, nil
					}
					return Subgraph{}, err
				}
			}
		}
		ringEnd = len(sg.Nodes)
	}
	if sp.probe && cur < len(sg.Nodes) {
		more, err := w.anyBeyond(nums[cur:], index, sp.dir)
		if err != nil {
			return Subgraph{}, err
		}
		sg.Truncated = more
	}
	return sg, nil
}

// anyBeyond reports whether any of ring has an edge (in direction dir) to a
// node outside known: whether a walk stopped by the depth cap could have
// gone on.
func (w *walker) anyBeyond(ring []uint32, known map[ID]int, dir Direction) (bool, error) {
	found := false
	check := func(n ID, _ uint32, _ predCode) error {
		if _, ok := known[n]; !ok {
			found = true
			return errStop
		}
		return nil
	}
	for _, n := range ring {
		if err := checkCtx(w.ctx); err != nil {
			return false, err
		}
		var err error
		if dir != In {
			err = w.outEdges(n, check)
		}
		if err == nil && dir != Out {
			err = w.inEdges(n, check)
		}
		if errors.Is(err, errStop) {
			return true, nil
		}
		if err != nil {
			return false, err
		}
	}
	return found, nil
}

// link records how a search side reached a node: from the neighbour prev
// over an edge with predicate code c, stored as prev→node when fwd is set
// and node→prev otherwise.
type link struct {
	prev ID
	c    predCode
	fwd  bool
}

// side is one half of a bidirectional search.
type side struct {
	seen     map[ID]link
	frontier []uint32 // the numbers of the nodes reached last
	radius   int
	// useOut and useIn say which stored edges this side walks.
	useOut, useIn bool
}

// path is the bidirectional breadth-first search behind ShortestPath.
//
// Before a level is expanded no node has been reached by both sides, so
// the distance exceeds the sum of the two radii; the first node that one
// side reaches and the other has already seen therefore closes a path of
// exactly that sum plus one, which is shortest, and the search stops there.
func (w *walker) path(from, to ID, sp pathSpec) (Subgraph, error) {
	if err := w.exists(from); err != nil {
		return Subgraph{}, err
	}
	if err := w.exists(to); err != nil {
		return Subgraph{}, err
	}
	if from == to {
		return Subgraph{Nodes: []ID{from}}, nil
	}
	// The forward side walks edges the way the path may run; the backward
	// side walks them the other way round.
	f := &side{seen: make(map[ID]link, 256), frontier: []uint32{w.nums.of(from)}, useOut: sp.dir != In, useIn: sp.dir != Out}
	b := &side{seen: make(map[ID]link, 256), frontier: []uint32{w.nums.of(to)}, useOut: sp.dir != Out, useIn: sp.dir != In}
	f.seen[from] = link{}
	b.seen[to] = link{}

	for f.radius+b.radius < sp.depth {
		if len(f.frontier) == 0 || len(b.frontier) == 0 {
			return Subgraph{}, nil // one side has run out: no path at all
		}
		me, other := f, b
		if len(b.frontier) < len(f.frontier) {
			me, other = b, f
		}
		meet, stopped, err := w.expand(me, other, len(f.seen)+len(b.seen), sp.maxVisited)
		if err != nil {
			return Subgraph{}, err
		}
		if stopped {
			return Subgraph{Truncated: true}, nil
		}
		if meet != nil {
			return w.joinPath(*meet, f, b)
		}
	}
	more := len(f.frontier) > 0 && len(b.frontier) > 0
	return Subgraph{Truncated: sp.capped && more}, nil
}

// expand moves me one level out. It returns the node where me met other,
// or stopped when the visited cap was reached first.
func (w *walker) expand(me, other *side, visited, maxVisited int) (meet *ID, stopped bool, err error) {
	var next []uint32
	var cur ID
	var met ID
	reach := func(n ID, x uint32, c predCode, fwd bool) error {
		if _, ok := me.seen[n]; ok {
			return nil
		}
		me.seen[n] = link{prev: cur, c: c, fwd: fwd}
		if _, ok := other.seen[n]; ok {
			met = n
			return errStop
		}
		visited++
		if visited > maxVisited {
			stopped = true
			return errStop
		}
		next = append(next, x)
		return nil
	}
	onOut := func(o ID, ox uint32, c predCode) error { return reach(o, ox, c, true) }
	onIn := func(s ID, sx uint32, c predCode) error { return reach(s, sx, c, false) }
	for _, x := range me.frontier {
		if err := checkCtx(w.ctx); err != nil {
			return nil, false, err
		}
		var err error
		if cur, err = w.idOf(x); err != nil {
			return nil, false, err
		}
		var serr error
		if me.useOut {
			serr = w.outEdges(x, onOut)
		}
		if serr == nil && me.useIn {
			serr = w.inEdges(x, onIn)
		}
		switch {
		case errors.Is(serr, errStop) && stopped:
			return nil, true, nil
		case errors.Is(serr, errStop):
			return &met, false, nil
		case serr != nil:
			return nil, false, serr
		}
	}
	me.frontier = next
	me.radius++
	return nil, false, nil
}

// joinPath builds the path through meet from the links of both sides.
func (w *walker) joinPath(meet ID, f, b *side) (Subgraph, error) {
	var sg Subgraph
	// From meet back to the start, then reversed.
	for n := meet; ; {
		sg.Nodes = append(sg.Nodes, n)
		l := f.seen[n]
		if len(sg.Nodes) == len(f.seen)+1 {
			return Subgraph{}, fmt.Errorf("path links form a loop at %s", n)
		}
		if l == (link{}) {
			break
		}
		e, err := w.edge(l, n)
		if err != nil {
			return Subgraph{}, err
		}
		sg.Edges = append(sg.Edges, e)
		n = l.prev
	}
	slices.Reverse(sg.Nodes)
	slices.Reverse(sg.Edges)
	// From meet on to the end.
	for n, steps := meet, 0; ; steps++ {
		l := b.seen[n]
		if l == (link{}) {
			break
		}
		if steps > len(b.seen) {
			return Subgraph{}, fmt.Errorf("path links form a loop at %s", n)
		}
		e, err := w.edge(l, n)
		if err != nil {
			return Subgraph{}, err
		}
		sg.Edges = append(sg.Edges, e)
		n = l.prev
		sg.Nodes = append(sg.Nodes, n)
	}
	return sg, nil
}

// edge turns the link by which a side reached n into the stored edge.
func (w *walker) edge(l link, n ID) (Edge, error) {
	p, err := w.name(l.c)
	if err != nil {
		return Edge{}, err
	}
	if l.fwd {
		return Edge{Subject: l.prev, Predicate: p, Object: n}, nil
	}
	return Edge{Subject: n, Predicate: p, Object: l.prev}, nil
}
