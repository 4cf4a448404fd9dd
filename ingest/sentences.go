package ingest

// Sentences: news text has headings and captions without final punctuation,
// abbreviations ("No.", "Dr."), initials, numbers with inner points
// (86.37%) and quotations that close after the full stop. sentencesOf cuts a
// token slice into sentences with those in mind; a sentence never crosses a
// line break unless the next line plainly continues it, and a sentence that
// runs on too long is cut at its last comma or semicolon so that no rule
// ever works on an unbounded span.

// sentence is a span of tokens [t0, t1) and of bytes [start, end).
type sentence struct {
	t0, t1     int
	start, end int
	paraStart  bool // first sentence of its line
}

// Bounds on one sentence: longer runs are cut.
const (
	maxSentenceTokens = 400
	maxSentenceBytes  = 16 << 10
)

// splitSentences returns the byte spans of the sentences of text.
func splitSentences(text string) [][2]int {
	toks := tokenize(text)
	var out [][2]int
	for _, s := range sentencesOf(toks) {
		out = append(out, [2]int{s.start, s.end})
	}
	return out
}

// sentencesOf cuts toks into sentences.
func sentencesOf(toks []token) []sentence {
	var out []sentence
	start := 0
	para := true
	emit := func(end int) {
		if end <= start {
			return
		}
		for end-start > 0 {
			cut := end
			if cut-start > maxSentenceTokens || toks[cut-1].end-toks[start].start > maxSentenceBytes {
				cut = longCut(toks, start, end)
			}
			out = append(out, sentence{t0: start, t1: cut, start: toks[start].start, end: toks[cut-1].end, paraStart: para})
			para = false
			start = cut
		}
	}
	for i := 0; i < len(toks); i++ {
		if i > 0 && toks[i].is(tfNewline) && lineBreakEnds(toks, i) {
			emit(i)
			para = true
		}
		if j, ok := stopEnds(toks, i); ok {
			emit(j)
			i = j - 1
		}
	}
	emit(len(toks))
	return out
}

// longCut picks where to cut an overlong sentence starting at start: the
// last semicolon or comma inside the bounds, else the bound itself.
func longCut(toks []token, start, end int) int {
	limit := start + maxSentenceTokens
	if limit > end {
		limit = end
	}
	for limit > start+1 && toks[limit-1].end-toks[start].start > maxSentenceBytes {
		limit--
	}
	for j := limit - 1; j > start+maxSentenceTokens/2 && j > start; j-- {
		if toks[j].punct(";") || toks[j].punct(",") {
			return j + 1
		}
	}
	return limit
}

// lineBreakEnds reports whether the line break before toks[i] ends a
// sentence: yes, unless the next line plainly continues this one.
func lineBreakEnds(toks []token, i int) bool {
	t, p := &toks[i], &toks[i-1]
	if t.is(tfBlank) {
		return true
	}
	if t.kind == tkWord && !t.is(tfCap) && t.fold != "" && t.fold[0] >= 'a' && t.fold[0] <= 'z' {
		return false
	}
	if p.punct(",") || p.punct("-") {
		return false
	}
	if p.kind == tkWord && !p.is(tfCap) {
		switch p.fold {
		case "of", "the", "and", "to", "by", "in", "on", "for", "a", "an", "cua", "va":
			return false
		}
	}
	return true
}

// stopEnds reports whether toks[i] is a full stop that ends a sentence and
// returns the index of the first token after it and any closing quotes or
// brackets that belong to the sentence.
func stopEnds(toks []token, i int) (int, bool) {
	t := &toks[i]
	if t.kind != tkPunct {
		return 0, false
	}
	switch t.fold {
	case ".", "!", "?", "…":
	default:
		return 0, false
	}
	j := i + 1
	// Absorb more stops and closing marks written without a space.
	for j < len(toks) && !toks[j].is(tfSpace) && toks[j].kind == tkPunct {
		switch toks[j].fold {
		case ".", "!", "?", "…", "\"", "'", ")", "]", "/":
			j++
			continue
		}
		break
	}
	if j >= len(toks) {
		return j, true
	}
	n := &toks[j]
	if !n.is(tfSpace) {
		return 0, false
	}
	if t.fold == "." && i > 0 && abbreviationBefore(toks, i) {
		return 0, false
	}
	// The next sentence starts with a capital, a digit, a quote or a mark.
	if n.kind == tkWord && !n.is(tfCap) {
		return 0, false
	}
	if n.kind == tkPunct {
		switch n.fold {
		case ",", ";", ":", ")", "]", "%":
			return 0, false
		}
	}
	return j, true
}

// abbreviationBefore reports whether the period toks[i] closes an
// abbreviation or an initial rather than a sentence.
func abbreviationBefore(toks []token, i int) bool {
	p := &toks[i-1]
	if p.kind != tkWord || p.end != toks[i].start {
		return false
	}
	if p.end-p.start == 1 && p.is(tfCap) {
		return true // an initial: "Nguyen V. A"
	}
	switch p.fold {
	case "no", "nos", "mr", "mrs", "ms", "dr", "st", "prof", "assoc", "gen", "lt", "col",
		"maj", "capt", "sen", "rep", "gov", "jr", "sr", "vs", "art", "fig", "dept",
		"ltd", "co", "corp", "inc", "jan", "feb", "mar", "apr", "jun", "jul", "aug",
		"sep", "sept", "oct", "nov", "dec", "tp", "ths", "ts", "gs", "pgs", "approx", "e", "i":
		// "Co." and "Inc." can close a sentence; a capital after them is
		// still more often a name.
		return true
	}
	return false
}
