package ingest

import (
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/govkg/govkg/graph"
)

// Mention recognition works sentence by sentence on the block's tokens.
// Every recogniser proposes spans; the longest win (ties by how sure the
// recogniser is), and the winners become the sentence's mentions. Dates
// and titles are found first: dates are never names, and titles anchor
// person names and end organization names.

// blockCtx holds one block's tokens and the per-token tables the
// recognisers and rules share.
type blockCtx struct {
	r        *run
	b        int
	toks     []token
	text     string
	titleEnd []int32 // end of the title starting at a token (0: none)
	titleID  []uint8 // 1 + that title's index in Extractor.titles
	dateIdx  []int32 // index into dates of the date covering a token (-1)
	dates    []dateHit
	owner    []int32 // the mention holding a token (-1)
	cands    []candidate
	order    []int32     // recognise's ranking of cands
	items    []titleItem // titleChains' items of a sentence
	inTitle  []bool      // tokens inside a title that names a body (recognise)
	// recognised is set once recognition has filled the date and title
	// tables for the whole block (the relation pass then reuses them).
	recognised bool
}

func newBlockCtx(r *run, b int, toks []token) *blockCtx {
	bc := r.x.scratch.Get().(*blockCtx)
	n := len(toks)
	*bc = blockCtx{r: r, b: b, toks: toks, text: r.text,
		titleEnd: resize(bc.titleEnd, n), titleID: resize(bc.titleID, n), dateIdx: resize(bc.dateIdx, n),
		owner: resize(bc.owner, n), inTitle: resize(bc.inTitle, n), dates: bc.dates[:0],
		cands: bc.cands[:0], order: bc.order[:0], items: bc.items[:0]}
	for i := range toks {
		bc.dateIdx[i] = -1
		bc.owner[i] = -1
	}
	return bc
}

// release returns the block's tables for another block to use; the
// candidates' references to this text are dropped.
func (bc *blockCtx) release() {
	x := bc.r.x
	clear(bc.cands[:cap(bc.cands)])
	bc.r, bc.toks, bc.text = nil, nil, ""
	x.scratch.Put(bc)
}

// resize returns s with length n and zero values, reusing its storage.
func resize[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	s = s[:n]
	clear(s)
	return s
}

// setTitle records the title d at tokens [i, end).
func (bc *blockCtx) setTitle(i, end int, d *titleDef) {
	bc.titleEnd[i], bc.titleID[i] = int32(end), uint8(d.index+1)
}

// titleDef returns the title starting at token k, or nil.
func (bc *blockCtx) titleDef(k int) *titleDef {
	if id := bc.titleID[k]; id > 0 {
		return &bc.r.x.titles[id-1]
	}
	return nil
}

// titleOfBodyBefore returns the title of "Chairwoman of the Vietnam
// Fatherland Front Central Committee Ha Thi Nga": a title, "of (the)" and a
// run of capitalised words right before token i, or nil.
func (bc *blockCtx) titleOfBodyBefore(i, lo int) *titleDef {
	j := i - 1
	for j >= lo && i-j <= maxNameWords && (bc.nameWord(j) || bc.toks[j].kind == tkPoss && j-1 >= lo && bc.nameWord(j-1)) {
		j--
	}
	if j == i-1 || j < lo {
		return nil
	}
	for j >= lo && localWord(bc.toks[j].fold) { // "of the provincial People's Committee"
		j--
	}
	if j >= lo && bc.toks[j].word("the") {
		j--
	}
	if j <= lo || !bc.toks[j].word("of") {
		return nil
	}
	return bc.titleEndingAt(j)
}

// titleEndingAt returns the title ending just before token i, preferring
// a position to a rank or honorific ("General Secretary" over "General"),
// or nil.
func (bc *blockCtx) titleEndingAt(i int) *titleDef {
	var best *titleDef
	for k := i - 1; k >= 0 && k >= i-8; k-- {
		if int(bc.titleEnd[k]) != i {
			continue
		}
		d := bc.titleDef(k)
		if best == nil || best.role == roleRank || best.role == roleHonor {
			best = d
		}
	}
	return best
}

// span returns the text of tokens [i, j).
func (bc *blockCtx) span(i, j int) string { return bc.text[bc.toks[i].start:bc.toks[j-1].end] }

// nameWord reports whether toks[i] can be part of a proper name: a
// capitalised word that is not a function word, a title, a month or part
// of a date.
func (bc *blockCtx) nameWord(i int) bool {
	t := &bc.toks[i]
	if t.kind != tkWord || !t.is(tfCap) || bc.titleEnd[i] != 0 || bc.dateIdx[i] >= 0 {
		return false
	}
	return !capStop(t.fold) && monthOfWord(t.fold) == 0
}

// capStop lists words that are capitalised at a sentence start but never
// begin or continue a name.
func capStop(w string) bool {
	switch w {
	case "the", "a", "an", "this", "that", "these", "those", "in", "on", "at", "for", "of", "and",
		"by", "with", "from", "to", "as", "under", "after", "before", "during", "since", "its",
		"their", "his", "her", "our", "my", "your", "all", "every", "each", "both", "some", "many",
		"other", "another", "according", "regarding", "addressing", "following", "last", "next",
		"also", "meanwhile", "however", "additionally", "moreover", "remarkably", "notably",
		"especially", "particularly", "it", "they", "we", "he", "she", "there", "here", "what",
		"how", "when", "where", "which", "who", "why", "if", "but", "or", "so", "thus", "then",
		"could", "would", "will", "can", "may", "must", "should", "is", "are", "was", "were",
		"be", "has", "have", "had", "do", "does", "did", "not", "no", "yes", "thank", "please",
		"over", "about", "into", "through", "than", "via", "per", "upon", "within", "without",
		"while", "because", "although", "though", "once", "now", "today", "yesterday", "recently",
		"further", "first", "second", "third", "finally", "previously", "later", "earlier",
		"former", "current", "newly", "said", "says", "reporter", "pv", "photo",
		"source", "comment", "link", "read", "more", "see", "entire", "whole", "key":
		return true
	}
	return false
}

// maxNameBytes bounds a mention's name: longer runs are not names.
const maxNameBytes = 256

// candidate is a proposed mention with its rank.
type candidate struct {
	m     mention
	prio  int
	inner *mention // a mention it contains (the event of "Resolution of the ... Congress")
}

// Recogniser ranks: the longer span wins; at equal length, the higher rank.
const (
	prioAbbr = iota + 1
	prioAnaphor
	prioPattern
	prioPerson
	prioEvent
	prioLexicon
	prioKnown
	prioCitation
)

// recognise finds the mentions of sentence si.
func (bc *blockCtx) recognise(si int) {
	r := bc.r
	s := &r.sents[si]
	lo, hi := s.t0, s.t1
	s.m0 = r.nm()
	toks := bc.toks

	for i := lo; i < hi; i++ {
		if h, ok := dateAt(toks, i, hi); ok {
			for k := h.t0; k < h.t1; k++ {
				bc.dateIdx[k] = int32(len(bc.dates))
			}
			bc.dates = append(bc.dates, h)
			i = h.t1 - 1
		}
	}
	isTitle := func(e *lexEntry) bool { return e.kind == lexTitle }
	for i := lo; i < hi; i++ {
		if e, end, ok := r.x.trie.match(toks, i, hi, isTitle); ok && bc.dateIdx[i] < 0 && e.marksFit(bc.text, toks[i:end]) {
			bc.setTitle(i, end, e.title)
		}
	}

	cs := bc.cands[:0]
	add := func(c candidate) { cs = append(cs, c) }
	defer func() { bc.cands = cs[:0] }()
	bc.citations(si, lo, hi, add)
	bc.lexical(si, lo, hi, add)
	bc.events(si, lo, hi, add)
	bc.organizations(si, lo, hi, add)
	bc.programmes(si, lo, hi, add)
	bc.persons(si, lo, hi, add)
	bc.abbreviations(si, lo, hi, add)
	bc.anaphora(si, lo, hi, add)

	// Rank by index: candidates are large to move.
	order := bc.order[:0]
	for n := range cs {
		order = append(order, int32(n))
	}
	bc.order = order
	slices.SortFunc(order, func(x, y int32) int {
		a, b := &cs[x], &cs[y]
		if la, lb := a.m.t1-a.m.t0, b.m.t1-b.m.t0; la != lb {
			return lb - la
		}
		if a.prio != b.prio {
			return b.prio - a.prio
		}
		if a.m.t0 != b.m.t0 {
			return a.m.t0 - b.m.t0
		}
		return int(x - y)
	})
	// Titles that name a body ("Thủ tướng Chính phủ", "National Assembly
	// Chairman") are positions: no body or place is taken from inside them.
	inTitle := bc.inTitle
	for i := lo; i < hi; i++ {
		if e := int(bc.titleEnd[i]); e > i+1 && bc.titleDef(i).role != roleRank && bc.titleDef(i).role != roleHonor {
			for k := i; k < e; k++ {
				inTitle[k] = true
			}
		}
	}
	var sel []*candidate
	for _, n := range order {
		c := &cs[n]
		if len(c.m.name) > maxNameBytes {
			continue
		}
		free := true
		for k := c.m.t0; k < c.m.t1 && free; k++ {
			if bc.owner[k] >= 0 || (bc.dateIdx[k] >= 0 && c.prio != prioCitation) {
				free = false
			}
		}
		if free && (c.m.typ == graph.Organization || c.m.typ == graph.Place) && inTitle[c.m.t0] && inTitle[c.m.t1-1] {
			free = false
		}
		if !free {
			continue
		}
		for k := c.m.t0; k < c.m.t1; k++ {
			bc.owner[k] = int32(len(sel)) // provisional
		}
		sel = append(sel, c)
	}
	// The sentence's mentions in text order, then the inner ones.
	slices.SortFunc(sel, func(a, b *candidate) int { return a.m.t0 - b.m.t0 })
	first := r.nm()
	for _, c := range sel {
		m := c.m
		m.start, m.end = toks[m.t0].start, toks[m.t1-1].end
		mi := r.addMention(m)
		for k := m.t0; k < m.t1; k++ {
			bc.owner[k] = int32(mi)
		}
	}
	for n, c := range sel {
		if c.inner == nil {
			continue
		}
		in := *c.inner
		in.inner = true
		in.start, in.end = toks[in.t0].start, toks[in.t1-1].end
		r.m(first + n).doc.event = r.addMention(in)
	}
	s.m1 = r.nm()
	bc.parentheticals(si)
}

// newMention fills the common fields of a mention of tokens [i, j).
func (bc *blockCtx) newMention(si int, t graph.EntityType, i, j int, name string) mention {
	m := mention{typ: t, t0: i, t1: j, sent: si, name: name}
	if surface := bc.span(i, j); surface != name {
		m.forms = append(m.forms, surface)
	}
	k := i - 1
	if k >= 0 && bc.toks[k].word("the") {
		k--
	}
	m.aside = k >= 0 && asideWord(bc.toks[k].fold)
	m.local = k >= 0 && localWord(bc.toks[k].fold)
	return m
}

// asideWord lists words after which a document is a side reference of
// its sentence ("…, which replaces Decree No. 100", "under Decision …"),
// not what "the decree" of the next sentence stands for.
func asideWord(w string) bool {
	switch w {
	case "replaces", "replacing", "replaced", "replace", "amends", "amending", "amended", "amend", "under",
		"to", "implementing", "implement", "of", "with", "than", "theo", "thay":
		return true
	}
	return false
}

// hyphenJoined reports whether toks[i] is glued to a hyphen on either side
// (a part of a compound such as e-Government).
func (bc *blockCtx) hyphenJoined(i, j, lo, hi int) bool {
	if i > lo && !bc.toks[i].is(tfSpace) && bc.toks[i-1].punct("-") {
		return true
	}
	if j < hi && !bc.toks[j].is(tfSpace) && bc.toks[j].punct("-") && j+1 < hi && !bc.toks[j+1].is(tfSpace) {
		return true
	}
	return false
}

// lexical proposes the built-in bodies and places and the gazetteer's names.
func (bc *blockCtx) lexical(si, lo, hi int, add func(candidate)) {
	want := func(e *lexEntry) bool { return e.kind != lexTitle }
	for i := lo; i < hi; i++ {
		t := &bc.toks[i]
		if t.kind != tkWord && t.kind != tkNum {
			continue
		}
		e, end, ok := bc.r.x.trie.match(bc.toks, i, hi, want)
		if !ok || bc.hyphenJoined(i, end, lo, hi) {
			continue
		}
		// A phrase must start with a capital unless it is all capitals.
		if !t.is(tfCap) {
			continue
		}
		m := bc.newMention(si, e.typ, i, end, e.canon)
		m.lex = e
		prio := prioLexicon
		if e.kind == lexKnown {
			prio = prioKnown
		}
		add(candidate{m: m, prio: prio})
	}
}

// abbreviations proposes all-capital words; they stay only if the text
// defines them ("(PSF)") or the gazetteer knows them.
func (bc *blockCtx) abbreviations(si, lo, hi int, add func(candidate)) {
	for i := lo; i < hi; i++ {
		t := &bc.toks[i]
		if t.kind != tkWord || !t.is(tfUpper) || t.end-t.start > 10 || bc.hyphenJoined(i, i+1, lo, hi) {
			continue
		}
		if i+1 < hi && !bc.toks[i+1].is(tfSpace) && bc.toks[i+1].punct("/") {
			continue
		}
		if romanValue(t.fold) > 0 && t.end-t.start <= 4 {
			continue
		}
		m := bc.newMention(si, "", i, i+1, bc.span(i, i+1))
		m.abbr = t.fold
		add(candidate{m: m, prio: prioAbbr})
	}
}

// parentheticals binds "Body (ABBR)" definitions and "“Long title”
// (Project 06)" aliases in sentence si.
func (bc *blockCtx) parentheticals(si int) {
	r := bc.r
	s := &r.sents[si]
	toks := bc.toks
	for mi := s.m0; mi < s.m1; mi++ {
		m := r.m(mi)
		if m.inner || m.dropped || m.t1+2 >= s.t1 || !toks[m.t1].punct("(") {
			continue
		}
		j := m.t1 + 1
		// (ABBR). A place takes only its initials ("Ho Chi Minh City
		// (HCMC)"): in "Hanoi (VNA) –" the brackets credit a news agency.
		if toks[j].kind == tkWord && toks[j].is(tfUpper) && toks[j+1].punct(")") && m.abbr == "" && m.typ != graph.Person &&
			(m.typ != graph.Place || initials(r.foldName(m.name)) == toks[j].fold) {
			if _, seen := r.abbrs[toks[j].fold]; !seen {
				r.abbrs[toks[j].fold] = mi
			}
			if o := int(bc.owner[j]); o >= 0 && r.m(o).abbr != "" {
				r.m(o).dropped = true
			}
			m.forms = append(m.forms, bc.span(j, j+1))
			continue
		}
		// “Title” (Project 06): the quoted title names what follows.
		if m.quoteTtl {
			if o := int(bc.owner[j]); o >= 0 && o != mi {
				n := r.m(o)
				if n.t1 < s.t1 && toks[n.t1].punct(")") && (n.typ == graph.Programme || n.typ.IsDocument()) {
					n.forms = append(n.forms, m.name)
					m.dropped = true
				}
			}
		}
	}
}

// initials is the first letter of every word of a folded name.
func initials(folded string) string {
	var b strings.Builder
	for _, w := range strings.Fields(folded) {
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	return b.String()
}

// citations proposes document citations: a kind word with a number or
// symbol ("Resolution No. 51-NQ/TW", "Nghị định số 01/2018/NĐ-CP",
// "Decree 13"), a symbol alone ("12-NQ/TW"), a named law ("Law on
// Cybersecurity"), and "Resolution of the <event>" (left to events).
func (bc *blockCtx) citations(si, lo, hi int, add func(candidate)) {
	toks := bc.toks
	for i := lo; i < hi; i++ {
		t := &toks[i]
		if t.kind == tkNum {
			if i > lo && (toks[i-1].punct("/") || toks[i-1].punct("-")) && glued(toks, i) {
				continue
			}
			if sym, end, ok := parseSymbol(bc.text, toks, i, hi); ok {
				kind := sym.kind()
				if kind == "" {
					kind = graph.Document
				}
				add(candidate{m: bc.docMention(si, i, end, kind, &sym, ""), prio: prioCitation})
				i = end - 1
			}
			continue
		}
		if t.kind != tkWord {
			continue
		}
		kind, j := graph.EntityType(""), i+1
		// "Luật Đấu thầu (số 22/2023/QH15)": a Vietnamese named law.
		if t.word("luat") && t.is(tfCap) {
			if m, end, ok := bc.vietNamedLaw(si, i, hi); ok {
				add(candidate{m: m, prio: prioCitation})
				i = end - 1
				continue
			}
		}
		if k := docKindWord(t.fold); k != "" && (t.is(tfCap) || (j < hi && toks[j].word("no"))) {
			kind = k
		} else if genericDocWord(t.fold) != "" && t.is(tfCap) && j < hi && (toks[j].word("no") || toks[j].kind == tkNum) {
			kind = graph.Document // "Report No. 123/BC-BNV", "Notice No. 45/TB-VPCP"; a bare "the report" is no citation
		} else if t.is(tfCap) && j < hi {
			if k := vietDocKind(t.fold, toks[j].fold); k != "" {
				kind, j = k, j+1
			}
		}
		if kind == "" {
			continue
		}
		// Joint circulars and the like: "Joint Circular" is one kind word.
		j = skipNumberWord(toks, j, hi)
		if j >= hi {
			continue
		}
		if sym, end, ok := parseSymbol(bc.text, toks, j, hi); ok {
			k := sym.kind()
			switch {
			case kind == graph.Regulation && sym.code == "qd":
				k = graph.Regulation
			case sym.code == "qh":
				// The National Assembly's symbol is the same for its laws
				// and its resolutions (25/2021/QH15): the kind word says.
				k = kind
			case k == "" || k == graph.Document:
				k = kind
			}
			add(candidate{m: bc.docMention(si, i, end, k, &sym, ""), prio: prioCitation})
			i = end - 1
			continue
		}
		if n := &toks[j]; kind != graph.Programme && n.kind == tkNum && len(n.fold) <= 4 && !strings.ContainsAny(n.fold, ".,") &&
			!(j+1 < hi && glued(toks, j+1) && toks[j+1].kind == tkPunct && strings.Contains("/-%", toks[j+1].fold)) &&
			yearOf(n) < 0 {
			add(candidate{m: bc.docMention(si, i, j+1, kind, nil, n.fold), prio: prioCitation})
			i = j
			continue
		}
		if kind == graph.Law && t.is(tfCap) && toks[i+1].word("on") {
			end := bc.capRun(i+2, hi)
			if end > i+2 {
				m := bc.namedLaw(si, i, end, bc.span(i+2, end))
				// "Law on Bidding No. 22/2023/QH15": one law, known by its
				// symbol, its name an alias.
				if sm, send, ok := bc.lawSymbolAfter(si, i, end, hi, m.doc.named, m.forms); ok {
					m, end = sm, send
				}
				add(candidate{m: m, prio: prioCitation})
				i = end - 1
			}
		}
	}
	// "Land Law", "Cybersecurity Law": the topic before the word.
	for i := lo + 1; i < hi; i++ {
		if t := &toks[i]; t.word("law") && t.is(tfCap) && bc.nameWord(i-1) {
			l := i - 1
			for l-1 >= lo && i-l < 6 && bc.nameWord(l-1) {
				l--
			}
			m := bc.namedLaw(si, l, i+1, bc.span(l, i))
			add(candidate{m: m, prio: prioCitation})
		}
	}
}

// namedLaw makes the mention of the law on topic written at [i, j):
// "Law on Land", also written "Land Law".
func (bc *blockCtx) namedLaw(si, i, j int, topic string) mention {
	name := "Law on " + topic
	m := bc.docMention(si, i, j, graph.Law, nil, "")
	m.name, m.doc.named = name, foldText(name)
	m.forms = append(m.forms[:0], bc.span(i, j))
	if s := topic + " Law"; s != m.forms[0] {
		m.forms = append(m.forms, s)
	}
	return m
}

// lawSymbolAfter reads the number a named law at [i, end) may have after
// it ("… No. 22/2023/QH15", "… số 22/2023/QH15"): then the law is the
// mention of [i, the symbol's end), known by its symbol, with forms (its
// names) as aliases and named (its folded name) to join the mentions of
// its name alone.
func (bc *blockCtx) lawSymbolAfter(si, i, end, hi int, named string, forms []string) (mention, int, bool) {
	k := skipNumberWord(bc.toks, end, hi)
	if k == end || k >= hi {
		return mention{}, 0, false
	}
	sym, send, ok := parseSymbol(bc.text, bc.toks, k, hi)
	if !ok || (sym.kind() != "" && sym.kind() != graph.Law && sym.code != "qh") {
		return mention{}, 0, false
	}
	m := bc.docMention(si, i, send, graph.Law, &sym, "")
	m.doc.named = named
	for _, f := range forms {
		if !slices.Contains(m.forms, f) {
			m.forms = append(m.forms, f)
		}
	}
	return m, send, true
}

// vietNamedLaw reads a Vietnamese named law at token i ("Luật"): its name
// is a capitalised word and the lower-case words after it, at most five
// and up to a word that ends a name ("Luật Đất đai năm 2024", "Luật Đấu
// thầu về …"), perhaps followed by its number ("Luật Đấu thầu số
// 22/2023/QH15"). A name of one word alone is too likely something else.
func (bc *blockCtx) vietNamedLaw(si, i, hi int) (mention, int, bool) {
	toks := bc.toks
	k := i + 1
	if k >= hi || toks[k].kind != tkWord || !toks[k].is(tfCap) || toks[k].word("so") {
		return mention{}, 0, false
	}
	end := k + 1
	for end < hi && end < k+5 && toks[end].kind == tkWord && !toks[end].is(tfCap) && !lawNameStop(toks[end].fold) {
		end++
	}
	name := "Luật " + bc.span(k, end)
	m := bc.docMention(si, i, end, graph.Law, nil, "")
	m.name, m.doc.named = name, foldText(name)
	m.forms = append(m.forms[:0], bc.span(i, end))
	if sm, send, ok := bc.lawSymbolAfter(si, i, end, hi, m.doc.named, m.forms); ok {
		return sm, send, true
	}
	if end-k < 2 {
		return mention{}, 0, false
	}
	return m, end, true
}

// lawNameStop reports whether a lower-case word ends a Vietnamese law's
// name rather than continuing it.
func lawNameStop(w string) bool {
	switch w {
	case "so", "nam", "ve", "cua", "va", "duoc", "da", "co", "do", "theo", "tai", "voi", "cho", "trong", "nay",
		"moi", "sua", "quy", "thi", "tu", "den", "la", "se", "dang", "nham", "de", "khi", "hien", "hanh":
		return true
	}
	return false
}

// skipNumberWord passes over "No.", "No", "Number", "số" before a number.
func skipNumberWord(toks []token, j, hi int) int {
	if j < hi && (toks[j].word("no") || toks[j].word("nos")) {
		j++
		if j < hi && toks[j].punct(".") {
			j++
		}
	} else if j < hi && (toks[j].word("number") || toks[j].word("so")) {
		j++
	}
	return j
}

// capRun returns the end of a run of name words starting at i, joined by
// "and", "of" or hyphens ("Cyber Security", "Planning and Investment").
func (bc *blockCtx) capRun(i, hi int) int {
	end := i
	for k := i; k < hi && k < i+maxNameWords; k++ {
		if bc.nameWord(k) {
			end = k + 1
			continue
		}
		t := &bc.toks[k]
		if (t.word("and") || t.word("of") || (t.punct("-") && glued(bc.toks, k))) && k+1 < hi && bc.nameWord(k+1) && end == k &&
			!bc.citationAt(k+1, hi) {
			continue
		}
		break
	}
	return end
}

// citationAt reports whether a document citation starts at token k: a
// kind word with a number ("and Decree No. 34/2016/ND-CP" ends a name).
func (bc *blockCtx) citationAt(k, hi int) bool {
	if docKindWord(bc.toks[k].fold) == "" || k+1 >= hi {
		return false
	}
	n := &bc.toks[k+1]
	return n.word("no") || n.kind == tkNum
}

// docMention builds a document mention of tokens [i, j).
func (bc *blockCtx) docMention(si, i, j int, kind graph.EntityType, sym *docSymbol, number string) mention {
	d := &docInfo{kind: kind, sym: sym, number: number, event: -1}
	cue := bc.toks[i].fold
	d.report = cue == "report" || (cue == "bao" && i+1 < len(bc.toks) && bc.toks[i+1].fold == "cao") || (sym != nil && sym.code == "bc")
	var name string
	switch {
	case sym != nil:
		name = docDisplayKind(kind, sym, bc.toks[i].fold) + " " + sym.display
	default:
		name = docDisplayKind(kind, nil, bc.toks[i].fold) + " " + number
	}
	typ := kind
	m := bc.newMention(si, typ, i, j, name)
	m.doc = d
	return m
}

// docDisplayKind is the English word a document's display name starts
// with: its kind, or for programmes "Project" (Đề án) or "Programme".
func docDisplayKind(kind graph.EntityType, sym *docSymbol, cue string) string {
	if kind == graph.Programme {
		if (sym != nil && sym.code == "ctr") || cue == "chuong" || cue == "programme" || cue == "program" {
			return "Programme"
		}
		return "Project"
	}
	if kind == graph.Document {
		if w := genericDocWord(cue); w != "" {
			return w
		}
		if sym != nil {
			switch sym.code {
			case "bc":
				return "Report"
			case "tb":
				return "Notice"
			case "hd":
				return "Guidance"
			}
		}
	}
	return kindName(kind)
}

// genericDocWord names the documents of no kind of their own that a
// citation may open with ("Report No. …", "Notice No. …"), or "".
func genericDocWord(w string) string {
	switch w {
	case "report":
		return "Report"
	case "notice", "announcement":
		return "Notice"
	case "guidance", "guideline":
		return "Guidance"
	case "dispatch":
		return "Dispatch"
	}
	return ""
}

// ordinalName renders n as an English ordinal (1st, 2nd, 13th).
func ordinalName(n int) string {
	suffix := "th"
	switch {
	case n%100 >= 11 && n%100 <= 13:
	case n%10 == 1:
		suffix = "st"
	case n%10 == 2:
		suffix = "nd"
	case n%10 == 3:
		suffix = "rd"
	}
	return strconv.Itoa(n) + suffix
}

// anaphora proposes "the decree", "this resolution", "the project",
// "Nghị quyết này": they stand for the last document or programme of that
// kind the text named before.
func (bc *blockCtx) anaphora(si, lo, hi int, add func(candidate)) {
	toks := bc.toks
	for i := lo; i+1 < hi; i++ {
		t, n := &toks[i], &toks[i+1]
		var want graph.EntityType
		s0, s1 := i+1, i+2
		switch {
		case n.kind != tkWord:
			continue
		case (t.word("the") || t.word("this") || t.word("that")) && docKindWord(n.fold) != "":
			want = docKindWord(n.fold)
		case (t.word("the") || t.word("this")) && (n.fold == "project" || n.fold == "programme" || n.fold == "strategy" ||
			n.fold == "movement" || n.fold == "campaign"):
			want = graph.Programme
		case (t.word("the") || t.word("this")) && n.fold == "document":
			want = graph.Document
		case i+2 < hi && t.is(tfCap) && vietDocKind(t.fold, n.fold) != "" && toks[i+2].word("nay"):
			want, s0, s1 = vietDocKind(t.fold, n.fold), i, i+3
		case t.is(tfCap) && !n.is(tfCap) && vietDocKind(t.fold, n.fold) != "" && bareVietKind(toks, i+2, hi):
			// "Nghị định có hiệu lực …", "… hướng dẫn thực hiện Nghị định.":
			// the kind alone, capitalised, stands for the last one named.
			want, s0, s1 = vietDocKind(t.fold, n.fold), i, i+2
		default:
			continue
		}
		// "the resolution No. 12", "the project “…”" are not anaphors.
		if s1 < hi && (toks[s1].word("no") || toks[s1].kind == tkNum || toks[s1].punct("\"")) {
			continue
		}
		ante := bc.r.antecedent(want, bc.r.sents[si].m0)
		if ante < 0 {
			continue
		}
		m := bc.newMention(si, bc.r.m(ante).typ, s0, s1, bc.r.m(ante).name)
		m.forms = nil
		m.anaph = ante + 1
		add(candidate{m: m, prio: prioAnaphor})
	}
}

// bareVietKind reports whether a Vietnamese document kind ends before
// token k with nothing after it that would name one: no number or symbol,
// no "số", no capitalised name ("Nghị quyết Đại hội XIII"), no quoted
// title, no "liên tịch".
func bareVietKind(toks []token, k, hi int) bool {
	if k >= hi {
		return true
	}
	t := &toks[k]
	switch {
	case t.kind == tkNum, t.is(tfCap), t.punct("\""), t.punct("“"):
		return false
	case t.word("so") || t.word("lien") || t.word("nay"):
		return false
	}
	return t.kind == tkWord || t.kind == tkPunct
}

// antecedent returns the last live document (of kind want, any kind for
// Document) or programme named before mention index before, looking back
// a bounded way.
func (r *run) antecedent(want graph.EntityType, before int) int {
	fits := func(m *mention) bool {
		return !(m.dropped || m.inner && m.doc == nil || m.typ == "") &&
			(m.typ == want || (want == graph.Document && m.typ.IsDocument()))
	}
	for i := before - 1; i >= 0 && i >= before-400; i-- {
		m := r.m(i)
		if !fits(m) {
			continue
		}
		// The last one named, unless it is a side reference of its
		// sentence ("Decree A, which replaces Decree B, …"): then the
		// sentence's first that is not.
		pick := i
		if m.aside {
			for j := r.sents[m.sent].m0; j < i; j++ {
				if n := r.m(j); fits(n) && !n.aside {
					pick = j
					break
				}
			}
		}
		if n := r.m(pick); n.anaph > 0 {
			return n.anaph - 1
		}
		return pick
	}
	return -1
}
