// Package gen generates a synthetic knowledge graph shaped like the govkg
// domain, for benchmarks and load tests: officials, Party and State bodies
// in a part_of hierarchy, positions, documents of every kind with symbols,
// their issuers and dates, programmes implementing resolutions, chains of
// documents implementing or citing one another, and events with chairs,
// attendees and places.
//
// Degrees are heavy-tailed on purpose: a few bodies issue most documents, a
// few officials sign and attend most of what there is, and a few documents
// are cited and implemented far more than the rest. Implementation runs
// down a hierarchy of levels (laws and Party resolutions at the top,
// provincial plans at the bottom), so chains are a few hops long and a
// transitive closure over implements is meaningful.
//
// The graph comes as a stream of graph.Batch values, one per generated
// "article" with 50 to 200 assertions and the entities it mentions, so a
// caller can load millions of triples without holding them. The same seed
// and size always give the same stream.
package gen

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/govkg/govkg/graph"
)

// The pools of officials and bodies grow with the size asked for, up to
// these.
const (
	maxPersons = 2_000_000
	maxOrgs    = 100_000
)

// Sizes of an article, in assertions.
const (
	minArticle = 50
	maxArticle = 200
)

// firstDay is the date of the first article; articles then advance through
// span days, evenly over the expected number of articles.
var firstDay = time.Date(2010, 1, 1, 0, 0, 0, 0, time.UTC)

const span = 16 * 365

// Generator produces the stream. It is not safe for concurrent use.
type Generator struct {
	seed     int64
	target   int // assertions wanted
	made     int // assertions produced so far
	articles int // articles produced so far
	expected int // articles expected in all, to spread dates
	rng      *rand.Rand

	orgs      []org
	places    []entity
	persons   map[int]*entity // officials made so far, by number
	docs      []doc           // documents and programmes, in order of creation
	byLevel   [][]int         // per level, indices into docs; repeated once per citation (preferential attachment)
	numbers   map[string]int
	events    int
	orgZipf   *rand.Zipf
	perZipf   *rand.Zipf
	placeZipf *rand.Zipf
}

// entity is what the generator keeps of an entity it has made.
type entity struct {
	id    graph.ID
	typ   graph.EntityType
	name  string
	attrs map[string]string
}

// org is a body: its entity, its issuer code, whether it numbers
// documents the Party way, its parent (-1: none) and whether an article
// has introduced it yet.
type org struct {
	entity
	code    string
	party   bool
	local   bool
	parent  int
	defined bool
}

// doc is a document or programme with its level in the hierarchy.
type doc struct {
	entity
	level int
}

// New returns a generator of at least triples assertions (it finishes the
// article in which the count is reached) from seed.
func New(seed int64, triples int) *Generator {
	g := &Generator{
		seed:     seed,
		target:   triples,
		expected: max(1, triples/((minArticle+maxArticle)/2)),
		rng:      rand.New(rand.NewPCG(uint64(seed), 0x676f766b67)), // "govkg"
		byLevel:  make([][]int, maxLevel+1),
		numbers:  map[string]int{},
	}
	g.buildOrgs(triples)
	for _, p := range provinces {
		g.places = append(g.places, newEntity(graph.Place, p, nil))
	}
	for _, c := range countries {
		g.places = append(g.places, newEntity(graph.Place, c, nil))
	}
	g.persons = map[int]*entity{}
	officials := min(maxPersons, max(60, triples/150))
	g.orgZipf = rand.NewZipf(g.rng, 1.3, 1.5, uint64(len(g.orgs)-1))
	g.perZipf = rand.NewZipf(g.rng, 1.2, 3, uint64(officials-1))
	g.placeZipf = rand.NewZipf(g.rng, 1.4, 2, uint64(len(g.places)-1))
	return g
}

func newEntity(t graph.EntityType, name string, attrs map[string]string) entity {
	return entity{id: graph.NewID(graph.Key(t, name)), typ: t, name: name, attrs: attrs}
}

// buildOrgs lays out the bodies: the core, then provincial bodies, then
// departments of the core bodies, as many as the size calls for.
func (g *Generator) buildOrgs(triples int) {
	add := func(name, code string, party, local bool, parent int) {
		g.orgs = append(g.orgs, org{
			entity: newEntity(graph.Organization, name, map[string]string{"code": code}),
			code:   code, party: party, local: local, parent: parent,
		})
	}
	for _, b := range coreBodies {
		add(b.name, b.code, b.party, false, b.parent)
	}
	want := min(maxOrgs, max(len(coreBodies)+3*len(provinces), triples/4000))
	for i, p := range provinces {
		short := initials(p)
		add("Tỉnh ủy "+p, "TU"+short, true, true, 0)
		add("Ủy ban nhân dân "+p, "UBND"+short, false, true, 1)
		add("Công an "+p, "CA"+short, false, true, 3)
		if len(g.orgs) >= want && i >= 4 {
			break
		}
	}
	for n := 1; len(g.orgs) < want; n++ {
		parent := n % len(coreBodies)
		b := coreBodies[parent]
		add(fmt.Sprintf("Cục %d thuộc %s", n, b.name), fmt.Sprintf("C%d-%s", n, b.code), b.party, false, parent)
	}
}

// initials returns the upper-case initials of a name's words.
func initials(s string) string {
	var b strings.Builder
	for _, w := range strings.Fields(s) {
		r := []rune(w)
		if len(r) > 0 && r[0] != '-' {
			b.WriteString(strings.ToUpper(string(r[0])))
		}
	}
	return b.String()
}

// Done reports whether the stream has ended.
func (g *Generator) Done() bool { return g.made >= g.target }

// Assertions returns how many assertions the stream has produced so far.
func (g *Generator) Assertions() int { return g.made }

// Next returns the next n batches, fewer at the end of the stream, and none
// once it has ended.
func (g *Generator) Next(n int) []graph.Batch {
	var out []graph.Batch
	for len(out) < n && !g.Done() {
		out = append(out, g.article())
	}
	return out
}

// article is one batch under construction.
type article struct {
	g        *Generator
	src      graph.ID
	date     time.Time
	mentions map[graph.ID]bool
	asserted map[string]bool // triples already asserted, so none twice
	batch    graph.Batch
	offset   int
}

// article generates the next batch.
func (g *Generator) article() graph.Batch {
	n := g.articles
	g.articles++
	day := firstDay.AddDate(0, 0, min(span, n*span/g.expected))
	url := fmt.Sprintf("https://gen.govkg.invalid/%d/%d", g.seed, n)
	sum := sha256.Sum256([]byte(url))
	a := &article{
		g:        g,
		src:      graph.SourceID(url),
		date:     day,
		mentions: map[graph.ID]bool{},
		asserted: map[string]bool{},
		batch: graph.Batch{Source: graph.Source{
			ID:         graph.SourceID(url),
			Title:      fmt.Sprintf("Bản tin số %d", n+1),
			URL:        url,
			Hash:       hex.EncodeToString(sum[:]),
			Date:       day.Format(time.DateOnly),
			IngestedAt: firstDay.Add(time.Duration(n) * time.Second),
		}},
	}
	size := minArticle + g.rng.IntN(maxArticle-minArticle+1)
	size = min(size, max(1, g.target-g.made))
	for len(a.batch.Assertions) < size {
		switch r := g.rng.IntN(100); {
		case r < 55:
			g.newDocument(a)
		case r < 72:
			g.newEvent(a)
		case r < 82:
			g.newProgramme(a)
		default:
			g.profile(a)
		}
	}
	g.made += len(a.batch.Assertions)
	return a.batch
}

// mention adds e to the article's entities once.
func (a *article) mention(e *entity) graph.ID {
	if !a.mentions[e.id] {
		a.mentions[e.id] = true
		a.batch.Entities = append(a.batch.Entities, graph.Entity{ID: e.id, Type: e.typ, Name: e.name, Attrs: e.attrs})
	}
	return e.id
}

// assert adds one assertion with a sentence that states it, unless the
// article asserts it already.
func (a *article) assert(s *entity, p graph.Predicate, o graph.Value, object string) {
	key := string(s.id[:]) + string(p) + "|" + o.String()
	if a.asserted[key] {
		return
	}
	a.asserted[key] = true
	sentence := s.name + " " + strings.ReplaceAll(string(p), "_", " ") + " " + object + "."
	a.batch.Assertions = append(a.batch.Assertions, graph.Assertion{
		Triple: graph.Triple{Subject: s.id, Predicate: p, Object: o},
		Provenance: graph.Provenance{
			Source: a.src, Sentence: sentence, Start: a.offset, End: a.offset + len(sentence),
			Rule: "gen", Confidence: 0.9,
		},
	})
	a.offset += len(sentence) + 1
}

// link asserts s p o between two entities, mentioning both.
func (a *article) link(s *entity, p graph.Predicate, o *entity) {
	a.mention(s)
	a.mention(o)
	a.assert(s, p, graph.EntityValue(o.id), o.name)
}

// dated asserts s p d for a date literal.
func (a *article) dated(s *entity, p graph.Predicate, d time.Time) {
	a.mention(s)
	text := d.Format(time.DateOnly)
	a.assert(s, p, graph.Value{Kind: graph.KindDate, Text: text}, text)
}

// org returns body i, introducing it (and its parents) the first time.
func (g *Generator) org(a *article, i int) *entity {
	o := &g.orgs[i]
	if !o.defined {
		o.defined = true
		if o.parent >= 0 {
			a.link(&o.entity, graph.PartOf, g.org(a, o.parent))
		}
	}
	a.mention(&o.entity)
	return &o.entity
}

// anyOrg draws a body, most often one of the first few.
func (g *Generator) anyOrg(a *article) (int, *entity) {
	i := int(g.orgZipf.Uint64())
	return i, g.org(a, i)
}

// place draws a place, most often one of the first few.
func (g *Generator) place(a *article) *entity {
	p := &g.places[g.placeZipf.Uint64()]
	a.mention(p)
	return p
}

// person draws an official, most often one of the first few, and makes
// and introduces them the first time: their positions and bodies.
func (g *Generator) person(a *article) *entity {
	i := int(g.perZipf.Uint64())
	p, ok := g.persons[i]
	if !ok {
		e := newEntity(graph.Person, personName(i), nil)
		p = &e
		g.persons[i] = p
		a.mention(p)
		oi, body := g.anyOrg(a)
		a.link(p, graph.HoldsPosition, g.position(a, oi, i%5))
		a.link(p, graph.MemberOf, body)
		if i < len(g.orgs) && i%3 == 0 {
			a.link(p, graph.Leads, g.org(a, i))
		}
	}
	a.mention(p)
	return p
}

// personName is the name of official i: unique for every i.
func personName(i int) string {
	f, m, gv := len(familyNames), len(middleNames), len(givenNames)
	name := familyNames[i%f] + " " + middleNames[(i/f)%m] + " " + givenNames[(i/(f*m))%gv]
	if round := i / (f * m * gv); round > 0 {
		name += " " + strconv.Itoa(round+1)
	}
	return name
}

// position returns the rank-th title of body oi.
func (g *Generator) position(a *article, oi, rank int) *entity {
	o := &g.orgs[oi]
	titles := stateTitles
	switch {
	case o.local:
		titles = localTitles
	case o.party:
		titles = partyTitles
	}
	e := newEntity(graph.Position, titles[rank%len(titles)]+" "+o.name, nil)
	a.mention(&e)
	return &e
}

// newDocument issues a document: its issuer, date, signer, the documents it
// implements and cites, and what it concerns.
func (g *Generator) newDocument(a *article) {
	k := g.kind()
	level := k.lo + g.rng.IntN(k.hi-k.lo+1)
	var oi int
	var issuer *entity
	if k.typ == "Law" {
		oi, issuer = 4, g.org(a, 4) // the National Assembly
	} else {
		oi, issuer = g.anyOrg(a)
	}
	issued := a.date.AddDate(0, 0, -g.rng.IntN(30))
	o := &g.orgs[oi]
	qualifier := "" // State symbols carry their year; Party ones restart each term
	if o.party && k.typ != "Law" {
		qualifier = strconv.Itoa(issued.Year())
	}
	d := g.addDoc(graph.EntityType(k.typ), g.symbol(k, o, issued.Year()), k.word, qualifier, level)
	a.mention(d)
	a.link(d, graph.IssuedBy, issuer)
	a.dated(d, graph.IssuedOn, issued)
	if g.rng.IntN(10) < 8 {
		a.link(d, graph.SignedBy, g.person(a))
	}
	g.cite(a, d, level, graph.Implements, g.rng.IntN(3), false)
	g.cite(a, d, level, graph.PursuantTo, g.rng.IntN(4), true)
	for range g.rng.IntN(3) {
		switch g.rng.IntN(3) {
		case 0:
			a.link(d, graph.Concerns, g.place(a))
		case 1:
			_, o := g.anyOrg(a)
			a.link(d, graph.Concerns, o)
		default:
			if t := g.pick(0, maxLevel, false); t != nil {
				a.link(d, graph.Concerns, t)
			}
		}
	}
	if g.rng.IntN(20) == 0 {
		if t := g.pick(level, level, true); t != nil && t.id != d.id {
			p := graph.Amends
			if g.rng.IntN(2) == 0 {
				p = graph.Replaces
			}
			a.link(d, p, t)
		}
	}
}

// kind draws a kind of document by weight.
func (g *Generator) kind() docKind {
	total := 0
	for _, k := range docKinds {
		total += k.weight
	}
	r := g.rng.IntN(total)
	for _, k := range docKinds {
		if r < k.weight {
			return k
		}
		r -= k.weight
	}
	return docKinds[len(docKinds)-1]
}

// symbol numbers a new document of kind k from body o in year: Party style
// (12-NQ/TW) or State style (01/2018/NĐ-CP), the number running on per
// kind, body and year.
func (g *Generator) symbol(k docKind, o *org, year int) string {
	key := k.typ + "|" + o.code + "|" + strconv.Itoa(year)
	g.numbers[key]++
	n := g.numbers[key]
	switch {
	case k.typ == "Law":
		return fmt.Sprintf("%d/%d/QH%d", n, year, 12+(year-2006)/5)
	case o.party:
		return fmt.Sprintf("%d-%s/%s", n, k.code, o.code)
	}
	return fmt.Sprintf("%02d/%d/%s-%s", n, year, k.code, o.code)
}

// addDoc records a new document of type t called word and symbol, keyed
// by its symbol and qualifier, and returns it. A Programme is keyed by its
// name, given as the symbol.
func (g *Generator) addDoc(t graph.EntityType, symbol, word, qualifier string, level int) *entity {
	var e entity
	if t == graph.Programme {
		e = newEntity(t, symbol, nil)
	} else {
		e = entity{
			id:    graph.NewID(graph.DocumentKey(t, symbol, qualifier)),
			typ:   t,
			name:  word + " " + symbol,
			attrs: map[string]string{"symbol": symbol},
		}
	}
	g.docs = append(g.docs, doc{entity: e, level: level})
	i := len(g.docs) - 1
	g.byLevel[level] = append(g.byLevel[level], i)
	return &g.docs[i].entity
}

// cite links d to n documents above its level with predicate p, most
// often to the level just above and to documents already much cited; with
// docsOnly, never to a programme.
func (g *Generator) cite(a *article, d *entity, level int, p graph.Predicate, n int, docsOnly bool) {
	if level == 0 {
		return
	}
	seen := map[graph.ID]bool{d.id: true}
	for range n {
		up := level - 1
		if g.rng.IntN(10) < 3 {
			up = g.rng.IntN(level)
		}
		t := g.pick(up, up, docsOnly)
		if t == nil || seen[t.id] {
			continue
		}
		seen[t.id] = true
		a.link(d, p, t)
	}
}

// pick draws a document (or, unless docsOnly, a programme) of a level in
// [lo, hi], in proportion to how often each has been cited (preferential
// attachment), and counts the citation. It returns nil when it finds none.
func (g *Generator) pick(lo, hi int, docsOnly bool) *entity {
	for range 4 {
		level := lo + g.rng.IntN(hi-lo+1)
		list := g.byLevel[level]
		if len(list) == 0 {
			continue
		}
		i := list[g.rng.IntN(len(list))]
		if docsOnly && g.docs[i].typ == graph.Programme {
			continue
		}
		g.byLevel[level] = append(list, i)
		return &g.docs[i].entity
	}
	return nil
}

// newProgramme starts a programme that implements documents above its
// level and is approved by a body or a document.
func (g *Generator) newProgramme(a *article) {
	g.events++
	topic := topics[g.rng.IntN(len(topics))]
	level := 1 + g.rng.IntN(3)
	p := g.addDoc(graph.Programme, fmt.Sprintf("Chương trình %s số %d", topic, g.events), "", "", level)
	a.mention(p)
	g.cite(a, p, level, graph.Implements, 1+g.rng.IntN(2), false)
	if g.rng.IntN(2) == 0 {
		_, o := g.anyOrg(a)
		a.link(p, graph.ApprovedBy, o)
	} else if t := g.pick(0, level-1, true); t != nil {
		a.link(p, graph.ApprovedBy, t)
	}
}

// newEvent holds a conference: where, when, who chaired and who attended,
// and what it reviewed.
func (g *Generator) newEvent(a *article) {
	g.events++
	topic := topics[g.rng.IntN(len(topics))]
	e := newEntity(graph.Event, fmt.Sprintf("Hội nghị %s lần thứ %d", topic, g.events), nil)
	a.mention(&e)
	a.link(&e, graph.HeldIn, g.place(a))
	a.dated(&e, graph.HeldOn, a.date)
	a.link(g.person(a), graph.Chairs, &e)
	seen := map[graph.ID]bool{}
	for range 3 + g.rng.IntN(20) {
		p := g.person(a)
		if !seen[p.id] {
			seen[p.id] = true
			a.link(p, graph.Attends, &e)
		}
	}
	for range g.rng.IntN(3) {
		if t := g.pick(0, maxLevel, false); t != nil {
			a.link(&e, graph.ReportsOn, t)
		}
	}
}

// profile reports on an official: a new position and body.
func (g *Generator) profile(a *article) {
	p := g.person(a)
	oi, body := g.anyOrg(a)
	a.link(p, graph.HoldsPosition, g.position(a, oi, g.rng.IntN(5)))
	a.link(p, graph.MemberOf, body)
}
