package ingest

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"github.com/govkg/govkg/graph"
)

// Knowledge is the curated knowledge extraction may use to name and link
// entities: canonical names, aliases, abbreviations, document symbols (the
// "symbol" attribute). Extraction never takes relations from it.
type Knowledge interface{ Entities() []graph.Entity }

// Extractor turns Documents into Extractions. It holds the vocabulary and
// the gazetteer index, built once by NewExtractor; Extract is safe for
// concurrent use.
type Extractor struct {
	trie     *phraseTrie
	known    []graph.Entity
	byFold   map[string][]int  // folded name or alias → indexes into known
	bySymbol map[string][]int  // folded "symbol" attribute → indexes into known
	orgNames map[string]string // word key of a built-in body's name → its canonical name
	sigs     map[graph.Predicate]graph.Signature
	titles   []titleDef // the built-in titles; lexEntry.title points here
	scratch  sync.Pool  // *blockCtx tables, reused from block to block
}

// NewExtractor builds an extractor. k may be nil: the extractor then names
// entities from the text and its built-in vocabulary alone.
func NewExtractor(k Knowledge) *Extractor {
	x := &Extractor{trie: newPhraseTrie(), byFold: map[string][]int{}, bySymbol: map[string][]int{},
		orgNames: map[string]string{}, sigs: map[graph.Predicate]graph.Signature{}}
	x.scratch.New = func() any { return new(blockCtx) }
	for _, p := range graph.Predicates() {
		x.sigs[p] = graph.SignatureOf(p)
	}
	x.titles = builtinTitles()
	for i := range x.titles {
		d := &x.titles[i]
		d.index = i
		for _, p := range d.phrases {
			x.trie.add(p, lexEntry{kind: lexTitle, title: d, known: -1, marked: markedWords(p)})
		}
	}
	for _, o := range builtinOrgs() {
		for _, n := range append([]string{o.canon}, o.names...) {
			x.trie.add(n, lexEntry{kind: lexOrg, typ: graph.Organization, canon: o.canon, known: -1})
			x.orgNames[orgWordKey(n)] = o.canon
		}
	}
	for _, p := range builtinPlaces() {
		x.trie.add(p.canon, lexEntry{kind: lexPlace, typ: graph.Place, canon: p.canon, known: -1})
		for _, n := range p.names {
			x.trie.add(n, lexEntry{kind: lexPlace, typ: graph.Place, canon: p.canon, known: -1})
		}
	}
	if k != nil {
		x.known = k.Entities()
	}
	for i := range x.known {
		e := &x.known[i]
		for _, n := range e.Names() {
			f := foldText(n)
			if f == "" {
				continue
			}
			x.byFold[f] = appendUnique(x.byFold[f], i)
			if recognisable(e.Type, n) && !(e.Type == graph.Person && x.startsWithTitle(n)) {
				x.trie.add(n, lexEntry{kind: lexKnown, typ: e.Type, canon: e.Name, known: i})
			}
		}
		if s := e.Attrs["symbol"]; s != "" {
			f := graph.FoldSymbol(s)
			x.bySymbol[f] = appendUnique(x.bySymbol[f], i)
		}
	}
	return x
}

func appendUnique(s []int, v int) []int {
	for _, u := range s {
		if u == v {
			return s
		}
	}
	return append(s, v)
}

// recognisable reports whether a gazetteer name may be looked for in text
// as it stands: documents and positions are found by their own rules, and
// a single ordinary word ("Party", "State") would match everywhere.
func recognisable(t graph.EntityType, name string) bool {
	if t.IsDocument() || t == graph.Position {
		return false
	}
	f := foldText(name)
	if strings.IndexByte(f, ' ') < 0 {
		switch f {
		case "party", "state", "army", "police", "assembly", "central", "people", "nation",
			"congress", "ministry", "committee", "front", "union", "government", "force", "forces":
			return false
		}
		if len(f) < 2 {
			return false
		}
	}
	return true
}

// Extraction is what one document yields: its source record, the entities
// it names and the assertions it makes, each with provenance.
type Extraction struct {
	Source     graph.Source
	Entities   []graph.Entity
	Assertions []graph.Assertion
	// Truncated is set when the text named more things than one
	// extraction keeps (far beyond any article): the end was not read.
	Truncated bool
}

// Extract reads one document. It fails only when ctx is done.
func (x *Extractor) Extract(ctx context.Context, d Document) (*Extraction, error) {
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("extract %s: %w", d.Location(), err)
	}
	r := newRun(x, d.Text)
	if err := r.extract(ctx); err != nil {
		return nil, fmt.Errorf("extract %s: %w", d.Location(), err)
	}
	src := graph.Source{
		ID:    d.SourceID(),
		Title: d.Title,
		URL:   d.Location(),
		Hash:  d.Hash(),
		Date:  d.Date,
	}
	ents, asserts := r.finish(src.ID)
	return &Extraction{Source: src, Entities: ents, Assertions: asserts, Truncated: r.truncated}, nil
}

// Batch returns the extraction as one store batch.
func (e *Extraction) Batch() graph.Batch {
	return graph.Batch{Source: e.Source, Entities: e.Entities, Assertions: e.Assertions}
}

// startsWithTitle reports whether a name begins with a title or honorific
// ("Uncle Ho", "General To Lam"): such names are found by the title rules,
// which want the full name written in the text.
func (x *Extractor) startsWithTitle(name string) bool {
	toks := tokenize(name)
	e, end, ok := x.trie.match(toks, 0, len(toks), func(e *lexEntry) bool { return e.kind == lexTitle })
	return ok && e.marksFit(name, toks[:end])
}
