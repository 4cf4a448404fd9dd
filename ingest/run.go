package ingest

import (
	"context"

	"github.com/govkg/govkg/graph"
)

// A run is one extraction. The text is read in blocks of whole lines so
// that the token slices held at any time stay small however long the text:
//
//  1. recognise: each block is tokenized and cut into sentences, and every
//     sentence's mentions (documents, persons, bodies, events, programmes,
//     places, abbreviations) are found;
//  2. between the passes, abbreviations defined anywhere in the text are
//     bound and the text's main event is chosen (for "the conference");
//  3. relate: each block is tokenized again (the same tokens) and the
//     relation rules run over each sentence's tokens and mentions;
//  4. finish: mentions are resolved into entities (short names to full
//     names, bare document numbers to full symbols, variant names of one
//     body to one body, gazetteer names), identities are keyed, and the
//     assertions are checked against the ontology and deduplicated.

// blockBytes is the size a block grows to before it is cut at a line end.
const blockBytes = 64 << 10

// maxMentions bounds the mentions one text may yield: far above any
// article, it keeps memory bounded on absurd input. Sentences past it are
// read for nothing and the extraction says it was truncated.
const maxMentions = 200_000

// sentInfo is one sentence as the passes keep it.
type sentInfo struct {
	block      int
	t0, t1     int // token range within the block's tokens
	start, end int // byte span in the text
	m0, m1     int // its mentions are m0 … m1-1 (recognised, in order)
	paraStart  bool
}

// mention is a stretch of text that names an entity, or a position a
// title gives (synthetic), or an abbreviation waiting to be bound.
type mention struct {
	typ        graph.EntityType
	t0, t1     int // token range within the block
	start      int // byte offsets in the text
	end        int
	sent       int
	name       string   // display name this mention proposes
	forms      []string // other names it was written with
	lex        *lexEntry
	doc        *docInfo
	ord        int    // events: the ordinal
	given      string // persons: folded given name (last syllable)
	short      bool   // persons: the given name only, to resolve
	weak       bool   // persons: name shape alone, kept only if confirmed
	title      string // persons: canonical title written before the name
	titleStart int    // persons: where that title starts in the text (short names)
	abbr       string // abbreviations: folded, bound between the passes
	head       string // bodies named with a topic: the name before it ("Central Steering Committee")
	anaph      int    // "the decree", "this project": 1 + the mention it stands for (0: none)
	aside      bool   // written after "replaces", "under", "amending", ...: not what its sentence is about
	local      bool   // written after "municipal", "provincial", ...: "the municipal Party Committee"
	inner      bool   // inside another mention: not a relation end by position
	dropped    bool
	quoteTtl   bool // a quoted title waiting to become an alias
}

// docInfo is what a document mention says about the document.
type docInfo struct {
	kind   graph.EntityType
	sym    *docSymbol // nil for bare numbers and named documents
	number string     // bare number ("12")
	named  string     // named document key part ("law on cybersecurity")
	event  int        // the event whose resolution it is, or -1
	report bool       // a report ("Report No. …", "Báo cáo số …", a BC symbol): its topic is what it reports on
}

// prel is a relation found by a rule, between mentions.
type prel struct {
	subj int
	pred graph.Predicate
	obj  int    // mention, or -1 for a literal
	lit  string // ISO date
	sent int
	rule string
	conf float64
}

type run struct {
	x      *Extractor
	text   string
	blocks [][2]int
	sents  []sentInfo
	ms     [][]mention // mentions in chunks of mentionChunk: they never move
	nms    int         // how many
	rels   []prel
	abbrs  map[string]int // folded abbreviation → defining mention
	main   int            // the main event mention, or -1
	carry  int            // agent carried into following sentences, or -1
	parent []int          // union-find over mentions
	relsOf map[int][]int  // relations by subject mention (finish)

	truncated bool              // maxMentions was reached
	wordKeys  map[string]string // orgKey's memory
	folds     map[string]string // foldName's memory
	docYears  map[int]string    // document group root → year of issue (group)
}

func newRun(x *Extractor, text string) *run {
	return &run{x: x, text: text, abbrs: map[string]int{}, main: -1, carry: -1}
}

// cutBlocks cuts the text into blocks of whole lines.
func (r *run) cutBlocks() {
	start := 0
	for start < len(r.text) {
		end := start + blockBytes
		if end >= len(r.text) {
			end = len(r.text)
		} else {
			// End at a line break after the limit, or at the text's end.
			k := end
			for k < len(r.text) && r.text[k] != '\n' {
				k++
			}
			end = k
		}
		r.blocks = append(r.blocks, [2]int{start, end})
		start = end
	}
}

// blockTokens tokenizes one block with offsets into the whole text.
func (r *run) blockTokens(b int) []token {
	lo, hi := r.blocks[b][0], r.blocks[b][1]
	toks := tokenize(r.text[lo:hi])
	if lo != 0 {
		for i := range toks {
			toks[i].start += lo
			toks[i].end += lo
		}
	}
	return toks
}

// extract runs the passes; it stops early when ctx is done.
func (r *run) extract(ctx context.Context) error {
	r.cutBlocks()
	var bc *blockCtx
	for b := range r.blocks {
		if err := ctx.Err(); err != nil {
			return err
		}
		toks := r.blockTokens(b)
		if bc != nil {
			bc.release()
		}
		bc = newBlockCtx(r, b, toks)
		for _, s := range sentencesOf(toks) {
			si := len(r.sents)
			r.sents = append(r.sents, sentInfo{block: b, t0: s.t0, t1: s.t1, start: s.start, end: s.end, paraStart: s.paraStart})
			if r.nm() >= maxMentions {
				r.truncated = true
				r.sents[si].m0, r.sents[si].m1 = r.nm(), r.nm()
				continue
			}
			bc.recognise(si)
		}
		bc.recognised = true
	}
	r.bindAbbreviations()
	r.confirmWeakPersons()
	r.main = r.mainEvent()
	// The last block's tables serve again (the tokens are the same); others
	// are tokenized anew.
	for si := range r.sents {
		if b := r.sents[si].block; bc == nil || bc.b != b {
			if err := ctx.Err(); err != nil {
				return err
			}
			bc.release()
			bc = newBlockCtx(r, b, r.blockTokens(b))
		}
		bc.relate(si)
	}
	if bc != nil {
		bc.release()
	}
	return nil
}

// mentionChunk is how many mentions one chunk holds. Chunks keep
// mentions in place as they grow (pointers to them stay good) and spare
// copying a large slice.
const mentionChunk = 64

// addMention appends a mention and returns its index.
func (r *run) addMention(m mention) int {
	n := r.nms
	if n%mentionChunk == 0 {
		r.ms = append(r.ms, make([]mention, 0, mentionChunk))
	}
	c := &r.ms[len(r.ms)-1]
	*c = append(*c, m)
	r.nms++
	return n
}

// m returns mention i.
func (r *run) m(i int) *mention { return &r.ms[i/mentionChunk][i%mentionChunk] }

// nm returns how many mentions there are.
func (r *run) nm() int { return r.nms }

// addRel records a relation between mentions (obj -1: literal lit).
func (r *run) addRel(subj int, p graph.Predicate, obj int, lit string, sent int, rule string, conf float64) {
	if subj < 0 || (obj < 0 && lit == "") || subj == obj {
		return
	}
	r.rels = append(r.rels, prel{subj: subj, pred: p, obj: obj, lit: lit, sent: sent, rule: rule, conf: conf})
}
