package graph

import (
	"errors"
	"fmt"
	"maps"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"testing"
)

// TestRandomizedAgainstModel runs a few thousand mixed writes (apply,
// replace, re-apply, retract, apply-all, invalid batches) with a fixed seed
// against the store on disk and against a plain in-memory model written
// from the contract, and compares them as it goes: results of every write,
// Match for random patterns with random page sizes, Stats, Lookup,
// Entity, Provenance, and Check. Midway the store is closed and reopened.
func TestRandomizedAgainstModel(t *testing.T) {
	ops := 3000
	if testing.Short() {
		ops = 600
	}
	const every = 100
	rng := rand.New(rand.NewPCG(20240501, 7))
	dir := t.TempDir()
	opts := Options{Dir: dir, memTableSize: 8 << 20}
	s, err := Open(opts)
	if err != nil {
		t.Fatal(err)
	}
	defer func() { s.Close() }()
	m := newModel()
	g := newGenerator(rng)

	for i := 0; i < ops; i++ {
		switch r := rng.IntN(100); {
		case r < 55: // a new version of a source (or a new source)
			b := g.batch(m, false)
			checkApply(t, i, s, m, b)
		case r < 62: // the same version again
			if src, ok := g.lastOf(m, rng); ok {
				checkApply(t, i, s, m, src)
			}
		case r < 64: // an invalid batch
			b := g.batch(m, true)
			_, err := s.Apply(testCtx, b)
			if !errors.Is(err, ErrInvalid) {
				t.Fatalf("op %d: invalid batch gave %v", i, err)
			}
		case r < 78: // retract
			id := g.sources[rng.IntN(len(g.sources))]
			want, found := m.retract(id)
			n, err := s.Retract(testCtx, id)
			switch {
			case !found && !errors.Is(err, ErrNotFound):
				t.Fatalf("op %d: retract of an unknown source: %v", i, err)
			case found && err != nil:
				t.Fatalf("op %d: retract: %v", i, err)
			case found && n != want:
				t.Fatalf("op %d: retract removed %d, model %d", i, n, want)
			}
		default: // several at once, sometimes with an invalid one
			n := 2 + rng.IntN(5)
			bad := -1
			if rng.IntN(4) == 0 {
				bad = rng.IntN(n)
			}
			var bs []Batch
			for k := 0; k < n; k++ {
				// Every end in the batch: an earlier batch of the list may
				// drop an entity the model holds now.
				bs = append(bs, g.batch(nil, k == bad))
			}
			var want []ApplyResult
			for k := 0; k < n && k != bad; k++ {
				want = append(want, m.apply(bs[k]))
			}
			got, err := s.ApplyAll(testCtx, bs)
			if (bad >= 0) != errors.Is(err, ErrInvalid) || (bad < 0 && err != nil) {
				t.Fatalf("op %d: apply all (invalid at %d): %v", i, bad, err)
			}
			compareResults(t, i, got, want)
		}
		if i == ops/2 {
			if err := s.Close(); err != nil {
				t.Fatal(err)
			}
			if s, err = Open(opts); err != nil {
				t.Fatalf("reopen: %v", err)
			}
		}
		if i%every == every-1 || i == ops-1 {
			compareStore(t, i, s, m, g, rng)
		}
	}
	st, _ := s.Stats(testCtx)
	t.Logf("after %d ops: %d entities, %d triples, %d sources", ops, st.Entities, st.Triples, st.Sources)
}

func checkApply(t *testing.T, i int, s *Store, m *model, b Batch) {
	t.Helper()
	want := m.apply(b)
	got, err := s.Apply(testCtx, b)
	if err != nil {
		t.Fatalf("op %d: apply: %v", i, err)
	}
	compareResults(t, i, []ApplyResult{got}, []ApplyResult{want})
}

func compareResults(t *testing.T, i int, got, want []ApplyResult) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("op %d: %d results, model %d", i, len(got), len(want))
	}
	for k := range got {
		if got[k] != want[k] {
			t.Fatalf("op %d: result %d is %+v, model %+v", i, k, got[k], want[k])
		}
	}
}

// compareStore compares the store with the model and checks it.
func compareStore(t *testing.T, i int, s *Store, m *model, g *generator, rng *rand.Rand) {
	t.Helper()
	mustCheck(t, s)
	st, err := s.Stats(testCtx)
	if err != nil {
		t.Fatal(err)
	}
	if want := m.stats(); !reflect.DeepEqual(st, want) {
		t.Fatalf("op %d: stats %+v, model %+v", i, st, want)
	}
	var ents []Entity
	if err := s.ForEachEntity(testCtx, func(e Entity) error {
		ents = append(ents, e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(ents) != len(m.entities) {
		t.Fatalf("op %d: %d entities, model %d", i, len(ents), len(m.entities))
	}
	for _, e := range ents {
		if me := m.entities[e.ID]; me == nil || !reflect.DeepEqual(e, *me) {
			t.Fatalf("op %d: entity %+v, model %+v", i, e, me)
		}
	}
	all := m.triples()
	var stored []Triple
	if err := s.ForEachTriple(testCtx, func(tr Triple) error {
		stored = append(stored, tr)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	if len(stored) != len(all) {
		t.Fatalf("op %d: %d triples, model %d", i, len(stored), len(all))
	}
	for k := 0; k < 12; k++ {
		pat := g.pattern(all, rng)
		got := matchAll(t, s, pat, 1+rng.IntN(8))
		var want []string
		for _, tr := range all {
			if fitsPattern(tr, pat) {
				want = append(want, tripleString(tr))
			}
		}
		sort.Strings(got)
		sort.Strings(want)
		if !slices.Equal(got, want) {
			t.Fatalf("op %d: match %+v: %d triples, model %d", i, pat, len(got), len(want))
		}
	}
	for k := 0; k < 5 && len(all) > 0; k++ {
		tr := all[rng.IntN(len(all))]
		prov, err := s.Provenance(testCtx, tr)
		if err != nil {
			t.Fatal(err)
		}
		var got []ID
		for _, p := range prov {
			got = append(got, p.Source)
		}
		want := slices.Collect(maps.Keys(m.edges[tr]))
		slices.SortFunc(got, compareIDs)
		slices.SortFunc(want, compareIDs)
		if !slices.Equal(got, want) {
			t.Fatalf("op %d: provenance of %v from %v, model %v", i, tr, got, want)
		}
	}
	for k := 0; k < 8; k++ {
		pe := g.pool[rng.IntN(len(g.pool))]
		name := pe.variants[rng.IntN(len(pe.variants))]
		got, err := s.Lookup(testCtx, name)
		if err != nil {
			t.Fatal(err)
		}
		want := m.lookup(name)
		if len(got) != len(want) {
			t.Fatalf("op %d: lookup %q: %d entities, model %d", i, name, len(got), len(want))
		}
		for j := range got {
			if !reflect.DeepEqual(got[j], want[j]) {
				t.Fatalf("op %d: lookup %q: %+v, model %+v", i, name, got[j], want[j])
			}
		}
		e, err := s.Entity(testCtx, pe.id)
		if me, ok := m.entities[pe.id]; ok {
			if err != nil || !reflect.DeepEqual(e, *me) {
				t.Fatalf("op %d: entity %+v (%v), model %+v", i, e, err, *me)
			}
		} else if !errors.Is(err, ErrNotFound) {
			t.Fatalf("op %d: entity %s should not exist: %v", i, pe.id, err)
		}
	}
}

func fitsPattern(tr Triple, pat Pattern) bool {
	return (pat.Subject == ID{} || tr.Subject == pat.Subject) &&
		(pat.Predicate == "" || tr.Predicate == pat.Predicate) &&
		(pat.Object == nil || tr.Object == *pat.Object)
}

// model is the contract in plain Go maps.
type model struct {
	entities map[ID]*Entity
	sources  map[ID]*modelSource
	edges    map[Triple]map[ID]bool // triple → sources asserting it
}

type modelSource struct {
	hash     string
	asserted map[Triple]bool
	mentions map[ID]bool
}

func newModel() *model {
	return &model{entities: map[ID]*Entity{}, sources: map[ID]*modelSource{}, edges: map[Triple]map[ID]bool{}}
}

// apply does what the contract says Apply does.
func (m *model) apply(b Batch) ApplyResult {
	src := b.Source.ID
	old, replaced := m.sources[src]
	if replaced && b.Source.Hash != "" && old.hash == b.Source.Hash {
		return ApplyResult{Source: src, Unchanged: true, Assertions: len(old.asserted)}
	}
	res := ApplyResult{Source: src, Replaced: replaced}
	ns := &modelSource{hash: b.Source.Hash, asserted: map[Triple]bool{}, mentions: map[ID]bool{}}
	for _, a := range b.Assertions {
		ns.asserted[a.Triple] = true
		ns.mentions[a.Subject] = true
		if a.Object.Kind == KindEntity {
			ns.mentions[a.Object.Entity] = true
		}
	}
	// Entities of the batch, duplicates merged in order, then into the store.
	var order []ID
	merged := map[ID]*Entity{}
	for _, e := range b.Entities {
		ns.mentions[e.ID] = true
		if c, ok := merged[e.ID]; ok {
			modelMerge(c, &e)
			continue
		}
		c := &Entity{ID: e.ID, Type: e.Type, Name: e.Name}
		for _, a := range e.Aliases {
			if a != c.Name && !slices.Contains(c.Aliases, a) {
				c.Aliases = append(c.Aliases, a)
			}
		}
		if len(e.Attrs) > 0 {
			c.Attrs = maps.Clone(e.Attrs)
		}
		merged[e.ID] = c
		order = append(order, e.ID)
	}
	if replaced {
		for tr := range old.asserted {
			if !ns.asserted[tr] {
				delete(m.edges[tr], src)
				if len(m.edges[tr]) == 0 {
					delete(m.edges, tr)
					res.Removed++
				}
			}
		}
	}
	for tr := range ns.asserted {
		if m.edges[tr] == nil {
			m.edges[tr] = map[ID]bool{}
			res.Added++
		}
		m.edges[tr][src] = true
	}
	m.sources[src] = ns
	if replaced {
		for id := range old.mentions {
			if !ns.mentions[id] {
				m.collect(id)
			}
		}
	}
	for _, id := range order {
		e := merged[id]
		if stored, ok := m.entities[id]; ok {
			modelMerge(stored, e)
			continue
		}
		m.entities[id] = e
		res.NewEntities++
	}
	res.Entities = len(order)
	res.Assertions = len(ns.asserted)
	return res
}

// collect deletes entity id when no source mentions it.
func (m *model) collect(id ID) {
	for _, s := range m.sources {
		if s.mentions[id] {
			return
		}
	}
	delete(m.entities, id)
}

// retract does what Retract does; it returns the assertions removed.
func (m *model) retract(src ID) (int, bool) {
	old, ok := m.sources[src]
	if !ok {
		return 0, false
	}
	for tr := range old.asserted {
		delete(m.edges[tr], src)
		if len(m.edges[tr]) == 0 {
			delete(m.edges, tr)
		}
	}
	delete(m.sources, src)
	for id := range old.mentions {
		m.collect(id)
	}
	return len(old.asserted), true
}

// modelMerge is the merge rule of the contract: a new name becomes an
// alias, except that it replaces a stored name without diacritics that it
// equals once folded (which then becomes an alias); new attributes are
// added, stored ones kept.
func modelMerge(stored, e *Entity) {
	for _, n := range append([]string{e.Name}, e.Aliases...) {
		if n == stored.Name || slices.Contains(stored.Aliases, n) {
			continue
		}
		if isASCII(stored.Name) && !isASCII(n) && Fold(n) == Fold(stored.Name) {
			stored.Aliases = append(stored.Aliases, stored.Name)
			stored.Name = n
			continue
		}
		stored.Aliases = append(stored.Aliases, n)
	}
	for k, v := range e.Attrs {
		if _, ok := stored.Attrs[k]; !ok {
			if stored.Attrs == nil {
				stored.Attrs = map[string]string{}
			}
			stored.Attrs[k] = v
		}
	}
}

func (m *model) triples() []Triple {
	out := slices.Collect(maps.Keys(m.edges))
	sort.Slice(out, func(i, j int) bool { return tripleString(out[i]) < tripleString(out[j]) })
	return out
}

func (m *model) stats() Stats {
	st := Stats{ByType: map[EntityType]int{}, ByPredicate: map[Predicate]int{}, Sources: len(m.sources), Triples: len(m.edges)}
	for _, e := range m.entities {
		st.ByType[e.Type]++
		st.Entities++
	}
	for tr := range m.edges {
		st.ByPredicate[tr.Predicate]++
	}
	return st
}

// lookup returns the entities with a name that folds like name, in ID order.
func (m *model) lookup(name string) []Entity {
	f := Fold(name)
	var out []Entity
	for _, e := range m.entities {
		for _, n := range e.Names() {
			if Fold(n) == f {
				out = append(out, *e)
				break
			}
		}
	}
	slices.SortFunc(out, func(a, b Entity) int { return compareIDs(a.ID, b.ID) })
	return out
}

// generator makes random batches over a fixed pool of entities and sources.
type generator struct {
	rng     *rand.Rand
	pool    []poolEntity
	byType  map[EntityType][]int
	sources []ID
	last    map[ID]Batch // the last batch applied per source
	version int
}

type poolEntity struct {
	id       ID
	typ      EntityType
	variants []string // spellings: with and without diacritics
	aliases  []string
}

func newGenerator(rng *rand.Rand) *generator {
	g := &generator{rng: rng, byType: map[EntityType][]int{}, last: map[ID]Batch{}}
	add := func(t EntityType, names []string, aliases ...string) {
		g.byType[t] = append(g.byType[t], len(g.pool))
		g.pool = append(g.pool, poolEntity{id: NewID(Key(t, names[0])), typ: t, variants: names, aliases: aliases})
	}
	people := [][]string{
		{"Tô Lâm", "To Lam"}, {"Phạm Minh Chính", "Pham Minh Chinh"}, {"Lương Tam Quang", "Luong Tam Quang"},
		{"Nguyễn Văn Thử", "Nguyen Van Thu"}, {"Trần Thị Mẫu", "Tran Thi Mau"}, {"Lê Văn Giả", "Le Van Gia"},
	}
	for _, p := range people {
		add(Person, p)
	}
	add(Organization, []string{"Bộ Công an", "Bo Cong an"}, "MPS", "Ministry of Public Security")
	add(Organization, []string{"Chính phủ", "Chinh phu"}, "Government")
	add(Organization, []string{"Bộ Chính trị", "Bo Chinh tri"}, "Politburo")
	add(Organization, []string{"Công an Thành phố Thử", "Cong an Thanh pho Thu"}, "CATPT")
	add(Position, []string{"Bộ trưởng", "Bo truong"}, "Minister")
	add(Position, []string{"Thứ trưởng", "Thu truong"}, "Deputy Minister")
	add(Place, []string{"Hà Nội", "Ha Noi"}, "Hanoi")
	add(Place, []string{"Đà Nẵng", "Da Nang"})
	add(Event, []string{"Hội nghị thử nghiệm", "Hoi nghi thu nghiem"}, "Test conference")
	add(Event, []string{"Đại hội mẫu", "Dai hoi mau"})
	add(Programme, []string{"Đề án 06", "De an 06"}, "Project 06")
	add(Programme, []string{"Chương trình thử", "Chuong trinh thu"})
	for i, t := range []EntityType{Resolution, Decree, Decision, Directive, Law, Plan, Circular, Conclusion} {
		sym := fmt.Sprintf("%02d/2024/TH-%d", i+1, i)
		add(t, []string{string(t) + " số " + sym, string(t) + " so " + sym})
	}
	for i := 0; i < 24; i++ {
		g.sources = append(g.sources, SourceID(fmt.Sprintf("test://source/%d", i)))
	}
	return g
}

// lastOf returns the last batch applied for a random source the model has.
func (g *generator) lastOf(m *model, rng *rand.Rand) (Batch, bool) {
	id := g.sources[rng.IntN(len(g.sources))]
	b, ok := g.last[id]
	if _, live := m.sources[id]; !ok || !live {
		return Batch{}, false
	}
	return b, true
}

// entity renders pool entry i as a batch would: a random spelling and
// some of its aliases.
func (g *generator) entity(i int) Entity {
	pe := g.pool[i]
	e := Entity{ID: pe.id, Type: pe.typ, Name: pe.variants[g.rng.IntN(len(pe.variants))]}
	for _, a := range pe.aliases {
		if g.rng.IntN(3) == 0 {
			e.Aliases = append(e.Aliases, a)
		}
	}
	if g.rng.IntN(4) == 0 {
		e.Attrs = map[string]string{fmt.Sprintf("k%d", g.rng.IntN(3)): fmt.Sprintf("v%d", g.rng.IntN(3))}
	}
	return e
}

// pick returns a pool index of one of the types.
func (g *generator) pick(types []EntityType) (int, bool) {
	var cands []int
	for _, t := range types {
		cands = append(cands, g.byType[t]...)
	}
	if len(cands) == 0 {
		return 0, false
	}
	return cands[g.rng.IntN(len(cands))], true
}

// batch makes a batch for a random source: valid, or with exactly one
// fault when invalid is set. Ends of triples are in the batch, or (for
// entities m holds) sometimes left out.
func (g *generator) batch(m *model, invalid bool) Batch {
	g.version++
	src := Source{ID: g.sources[g.rng.IntN(len(g.sources))], Hash: fmt.Sprintf("v%d", g.version), Title: "random", Date: "2024-01-02"}
	b := Batch{Source: src}
	include := map[int]bool{}
	for k := g.rng.IntN(4); k > 0; k-- {
		include[g.rng.IntN(len(g.pool))] = true
	}
	preds := Predicates()
	for k := g.rng.IntN(10); k > 0; k-- {
		p := preds[g.rng.IntN(len(preds))]
		sig := SignatureOf(p)
		si, ok := g.pick(sig.Subjects)
		if !ok {
			continue
		}
		var obj Value
		if sig.Literal == KindDate {
			obj = Value{Kind: KindDate, Text: fmt.Sprintf("20%02d-0%d-1%d", g.rng.IntN(25), 1+g.rng.IntN(9), g.rng.IntN(10))}
		} else {
			oi, ok := g.pick(sig.Objects)
			if !ok {
				continue
			}
			obj = EntityValue(g.pool[oi].id)
			g.need(m, include, oi)
		}
		g.need(m, include, si)
		b.Assertions = append(b.Assertions, Assertion{
			Triple:     Triple{Subject: g.pool[si].id, Predicate: p, Object: obj},
			Provenance: Provenance{Source: src.ID, Sentence: "random sentence", Rule: "random", Confidence: 0.5, Start: k, End: k + 5},
		})
	}
	idx := slices.Sorted(maps.Keys(include))
	g.rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
	for _, i := range idx {
		b.Entities = append(b.Entities, g.entity(i))
		if g.rng.IntN(8) == 0 {
			b.Entities = append(b.Entities, g.entity(i)) // the same entity twice
		}
	}
	if invalid {
		person, _ := g.pick([]EntityType{Person})
		org, _ := g.pick([]EntityType{Organization})
		b.Entities = append(b.Entities, g.entity(person), g.entity(org))
		fault := Assertion{Triple: Triple{Subject: g.pool[person].id, Predicate: HoldsPosition, Object: EntityValue(g.pool[org].id)}}
		if g.rng.IntN(2) == 0 {
			fault = Assertion{Triple: Triple{Subject: NewID("person:nobody at all"), Predicate: MemberOf, Object: EntityValue(g.pool[org].id)}}
		}
		at := g.rng.IntN(len(b.Assertions) + 1)
		b.Assertions = slices.Insert(b.Assertions, at, fault)
	} else {
		g.last[src.ID] = b
	}
	return b
}

// need makes entity i available to a batch: in it, or left out when m
// holds it (half the time); m nil: always in it.
func (g *generator) need(m *model, include map[int]bool, i int) {
	if m != nil {
		if _, ok := m.entities[g.pool[i].id]; ok && g.rng.IntN(2) == 0 {
			return
		}
	}
	include[i] = true
}

// pattern makes a random pattern, often from a stored triple with some
// parts left open.
func (g *generator) pattern(all []Triple, rng *rand.Rand) Pattern {
	var pat Pattern
	if len(all) > 0 && rng.IntN(4) != 0 {
		tr := all[rng.IntN(len(all))]
		mask := rng.IntN(8)
		if mask&1 != 0 {
			pat.Subject = tr.Subject
		}
		if mask&2 != 0 {
			pat.Predicate = tr.Predicate
		}
		if mask&4 != 0 {
			o := tr.Object
			pat.Object = &o
		}
		return pat
	}
	if rng.IntN(2) == 0 {
		pat.Subject = g.pool[rng.IntN(len(g.pool))].id
	}
	if rng.IntN(2) == 0 {
		pat.Predicate = Predicates()[rng.IntN(len(Predicates()))]
	}
	if rng.IntN(3) == 0 {
		o := EntityValue(g.pool[rng.IntN(len(g.pool))].id)
		pat.Object = &o
	}
	return pat
}
