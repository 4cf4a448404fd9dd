package ingest

import (
	"strings"

	"github.com/govkg/govkg/graph"
	"golang.org/x/text/unicode/norm"
)

// A phraseTrie finds known phrases (titles, bodies, places, gazetteer
// names) in a token slice: the phrases are tokenized with the text's own
// tokenizer, so matching is a walk over folded tokens, one map look-up per
// token, and the capital letters the phrase has are required in the text
// (an all-capital abbreviation must stay all capitals).

// lexKind says where a phrase comes from.
type lexKind uint8

const (
	lexTitle lexKind = iota + 1 // a title or rank (titleDef)
	lexOrg                      // a built-in body
	lexPlace                    // a built-in place
	lexKnown                    // an entity of the Knowledge given to NewExtractor
)

// lexEntry is one phrase's meaning.
type lexEntry struct {
	kind  lexKind
	typ   graph.EntityType // entity type (not for titles)
	canon string           // canonical display name
	title *titleDef        // for lexTitle
	known int              // index into Extractor.known for lexKnown
	caps  []uint8          // per phrase token: 0 any case, 1 capital, 2 all capitals
	// marked is a title phrase's words in lower case when they carry
	// Vietnamese marks, which folding drops: "Bác" (Uncle) must not match
	// "Bắc" (north). Empty for other phrases.
	marked []string
}

// marksFit reports whether the words toks spell in text carry the marks
// of the phrase (letter case aside); phrases without marks always fit.
func (e *lexEntry) marksFit(text string, toks []token) bool {
	if len(e.marked) == 0 {
		return true
	}
	if len(toks) != len(e.marked) {
		return false
	}
	for k := range toks {
		if strings.ToLower(norm.NFC.String(text[toks[k].start:toks[k].end])) != e.marked[k] {
			return false
		}
	}
	return true
}

// markedWords returns the lower-cased tokens of a phrase that carries
// marks, or nil.
func markedWords(phrase string) []string {
	if isASCIIText(phrase) {
		return nil
	}
	phrase = norm.NFC.String(phrase)
	toks := tokenize(phrase)
	out := make([]string, len(toks))
	for k, t := range toks {
		out[k] = strings.ToLower(phrase[t.start:t.end])
	}
	return out
}

type trieNode struct {
	next map[string]int32
	ends []int32 // indexes into entries
}

type phraseTrie struct {
	nodes   []trieNode
	entries []lexEntry
}

func newPhraseTrie() *phraseTrie { return &phraseTrie{nodes: []trieNode{{}}} }

// add registers phrase with meaning e. Phrases without a word are ignored.
func (p *phraseTrie) add(phrase string, e lexEntry) {
	toks := tokenize(phrase)
	if len(toks) == 0 || len(toks) > 24 {
		return
	}
	words := 0
	e.caps = make([]uint8, len(toks))
	for i := range toks {
		if toks[i].kind == tkWord || toks[i].kind == tkNum {
			words++
		}
		switch {
		case toks[i].is(tfUpper):
			e.caps[i] = 2
		case toks[i].is(tfCap):
			e.caps[i] = 1
		}
	}
	if words == 0 {
		return
	}
	n := int32(0)
	for i := range toks {
		key := toks[i].fold
		next, ok := p.nodes[n].next[key]
		if !ok {
			next = int32(len(p.nodes))
			p.nodes = append(p.nodes, trieNode{})
			if p.nodes[n].next == nil {
				p.nodes[n].next = map[string]int32{}
			}
			p.nodes[n].next[key] = next
		}
		n = next
	}
	// The same phrase with the same meaning once only, with the capitals
	// every spelling of it requires.
	for _, ei := range p.nodes[n].ends {
		o := &p.entries[ei]
		if o.kind == e.kind && o.typ == e.typ && o.canon == e.canon && o.known == e.known && o.title == e.title {
			for k := range o.caps {
				o.caps[k] = min(o.caps[k], e.caps[k])
			}
			return
		}
	}
	p.entries = append(p.entries, e)
	p.nodes[n].ends = append(p.nodes[n].ends, int32(len(p.entries)-1))
}

// match returns the longest phrase of one of the kinds in want that starts
// at toks[i] and ends before lim, with its end; ok is false when none does.
func (p *phraseTrie) match(toks []token, i, lim int, want func(*lexEntry) bool) (best *lexEntry, end int, ok bool) {
	n := int32(0)
	for j := i; j < lim; j++ {
		next, found := p.nodes[n].next[toks[j].fold]
		if !found {
			break
		}
		n = next
		for _, ei := range p.nodes[n].ends {
			e := &p.entries[ei]
			if !want(e) || !casesFit(toks[i:j+1], e.caps) {
				continue
			}
			if !ok || j+1 > end || preferEntry(e, best) {
				best, end, ok = e, j+1, true
			}
		}
	}
	return best, end, ok
}

// preferEntry breaks ties between phrases of the same length: the
// gazetteer before the built-in vocabulary.
func preferEntry(a, b *lexEntry) bool { return a.kind == lexKnown && b.kind != lexKnown }

// casesFit reports whether the tokens have the capitals the phrase has.
func casesFit(toks []token, caps []uint8) bool {
	for k := range toks {
		switch caps[k] {
		case 1:
			if !toks[k].is(tfCap) && toks[k].kind == tkWord {
				return false
			}
		case 2:
			if !toks[k].is(tfUpper) {
				return false
			}
		}
	}
	return true
}
