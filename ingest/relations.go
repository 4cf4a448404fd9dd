package ingest

import "github.com/govkg/govkg/graph"

// Relation rules run over one sentence's tokens and mentions. Each rule
// looks for a cue (a verb, a preposition, a possessive, a title) and the
// mentions the cue joins, and says nothing when the shape is not there:
// the rules prefer missing a relation to inventing one.

// Confidences by kind of evidence.
const (
	confSymbol  = 0.95 // the relation is written in a fixed form ("issued by X on D")
	confCue     = 0.85 // a cue word joins adjacent mentions
	confClause  = 0.7  // the subject is found in the clause, not next to the cue
	confCarried = 0.6  // the subject is carried from an earlier sentence
)

// sview is one sentence during the relation pass.
type sview struct {
	bc       *blockCtx
	r        *run
	si       int
	lo, hi   int
	toks     []token
	titleOrg map[int]bool // bodies named inside title items ("Secretary of the X Committee")
}

// relate runs every rule over sentence si.
func (bc *blockCtx) relate(si int) {
	r := bc.r
	s := &r.sents[si]
	v := &sview{bc: bc, r: r, si: si, lo: s.t0, hi: s.t1, toks: bc.toks}
	// Restore the block tables for this sentence (the pass is re-run on
	// fresh tokens): dates, titles and mention owners.
	bc.prepare(si)
	v.titleChains()
	for mi := s.m0; mi < s.m1; mi++ {
		m := r.m(mi)
		if m.dropped || m.inner {
			continue
		}
		if m.typ.IsDocument() || m.typ == graph.Programme {
			v.documentTail(mi)
			v.documentHead(mi)
		}
		if m.doc != nil && m.doc.event >= 0 {
			r.addRel(mi, graph.IssuedBy, m.doc.event, "", si, "issued_by/resolution-of-event", confSymbol)
		}
	}
	v.issueVerbs()
	v.documentVerbs()
	v.implementation()
	v.reviews()
	v.eventRoles()
	v.partOf()
	v.updateCarry()
}

// prepare fills the block tables for sentence si: dates, titles and
// which mention holds each token.
func (bc *blockCtx) prepare(si int) {
	r := bc.r
	s := &r.sents[si]
	toks := bc.toks
	for mi := s.m0; mi < s.m1; mi++ {
		m := r.m(mi)
		if m.dropped || m.inner {
			continue
		}
		for k := m.t0; k < m.t1; k++ {
			bc.owner[k] = int32(mi)
		}
	}
	if bc.recognised {
		return // the tables from recognition stand
	}
	for i := s.t0; i < s.t1; i++ {
		if h, ok := dateAt(toks, i, s.t1); ok {
			for k := h.t0; k < h.t1; k++ {
				bc.dateIdx[k] = int32(len(bc.dates))
			}
			bc.dates = append(bc.dates, h)
			i = h.t1 - 1
		}
	}
	isTitle := func(e *lexEntry) bool { return e.kind == lexTitle }
	for i := s.t0; i < s.t1; i++ {
		if e, end, ok := r.x.trie.match(toks, i, s.t1, isTitle); ok && bc.dateIdx[i] < 0 && e.marksFit(bc.text, toks[i:end]) {
			bc.setTitle(i, end, e.title)
		}
	}
}

// at returns the live mention holding token k, or -1.
func (v *sview) at(k int) int {
	if k < v.lo || k >= v.hi {
		return -1
	}
	o := int(v.bc.owner[k])
	if o < 0 || v.r.m(o).dropped {
		return -1
	}
	return o
}

// typ returns the type of mention mi ("" for -1).
func (v *sview) typ(mi int) graph.EntityType {
	if mi < 0 {
		return ""
	}
	return v.r.m(mi).typ
}

// dateAtTok returns the date starting at token k.
func (v *sview) dateAtTok(k int) (dateHit, bool) {
	if k < v.lo || k >= v.hi || v.bc.dateIdx[k] < 0 {
		return dateHit{}, false
	}
	h := v.bc.dates[v.bc.dateIdx[k]]
	return h, h.t0 == k
}

// dateEndingAt reads a date ("(on) January 6, 2022") or a day ("on
// Monday", "yesterday") that ends at token j, written between a subject
// and its verb. It returns the token before it and the date (nil for a
// day), or j and nil.
func (v *sview) dateEndingAt(j int) (int, *dateHit) {
	if j < v.lo {
		return j, nil
	}
	// "on Monday", "yesterday": a time without a date.
	switch v.toks[j].fold {
	case "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday":
		if j-1 >= v.lo && v.toks[j-1].word("on") {
			return j - 2, nil
		}
	case "yesterday", "today":
		return j - 1, nil
	}
	if v.bc.dateIdx[j] < 0 {
		return j, nil
	}
	h := v.bc.dates[v.bc.dateIdx[j]]
	if h.t1 != j+1 {
		return j, nil
	}
	j = h.t0 - 1
	if j >= v.lo && v.toks[j].word("on") {
		j--
	}
	return j, &h
}

// mentionAfter returns the mention starting at k after an optional "the".
func (v *sview) mentionAfter(k int) int {
	if k < v.hi && (v.toks[k].word("the") || v.toks[k].word("a")) {
		k++
	}
	if o := v.at(k); o >= 0 && v.r.m(o).t0 == k {
		return o
	}
	return -1
}

// agentAfter is mentionAfter past titles: "by Deputy Prime Minister Tran
// Hong Ha" names the person.
func (v *sview) agentAfter(k int) int {
	if o := v.mentionAfter(k); o >= 0 {
		return o
	}
	if k < v.hi && v.toks[k].word("the") {
		k++
	}
	for n := 0; k < v.hi && v.bc.titleEnd[k] != 0 && n < 4; n++ {
		k = int(v.bc.titleEnd[k])
	}
	if o := v.at(k); o >= 0 && v.r.m(o).t0 == k && v.typ(o) == graph.Person {
		return o
	}
	return -1
}

func isIssuer(t graph.EntityType) bool {
	return t == graph.Organization || t == graph.Person || t == graph.Event
}

// clauseStart returns the first token of the clause holding token k.
func (v *sview) clauseStart(k int) int {
	for j := k - 1; j >= v.lo; j-- {
		if v.toks[j].punct(";") || v.toks[j].punct(":") {
			return j + 1
		}
	}
	return v.lo
}

// clauseEnd returns the end of the clause holding token k.
func (v *sview) clauseEnd(k int) int {
	for j := k; j < v.hi; j++ {
		if v.toks[j].punct(";") || (v.toks[j].punct(":") && j+1 < v.hi && !v.toks[j+1].is(tfCap)) {
			return j
		}
	}
	return v.hi
}

// listAfter returns the documents and programmes listed from token k: the
// first right after it (after "the", possessive issuers, "No."), the rest
// joined by commas, "and", "as well as".
func (v *sview) listAfter(k int) []int {
	var out []int
	end := v.clauseEnd(k)
	first := true
	for j := k; j < end; {
		o := v.at(j)
		if o >= 0 && (v.typ(o).IsDocument() || v.typ(o) == graph.Programme) && v.r.m(o).t0 == j {
			lead := v.leadIn(o)
			if (first && lead <= k-1) || (!first && v.joins(lead)) {
				out = append(out, o)
				first = false
				j = v.r.m(o).t1
				continue
			}
		}
		if first {
			if o >= 0 && !(v.typ(o).IsDocument() || v.typ(o) == graph.Programme) && v.toks[j+0].kind != tkPoss {
				// A possessive issuer before the document: "the Politburo's".
				if e := v.r.m(o).t1; e < end && v.toks[e].kind == tkPoss {
					j = e + 1
					continue
				}
			}
			if v.toks[j].word("the") || v.toks[j].word("a") || v.toks[j].word("new") || v.toks[j].word("cac") ||
				v.toks[j].word("action") || v.toks[j].word("joint") { // "issued Action Plan No. …"
				j++
				continue
			}
			break
		}
		j++
		if j-k > 40 {
			break
		}
	}
	return out
}

// leadIn returns the token that introduces mention o: the token before
// it, passing over "the" and a possessive issuer ("the Politburo's").
func (v *sview) leadIn(o int) int {
	j := v.r.m(o).t0 - 1
	for j >= v.lo {
		t := &v.toks[j]
		if t.word("the") || t.word("a") || t.word("cac") || t.word("action") || t.word("joint") {
			j--
			continue
		}
		if t.kind == tkPoss {
			if p := v.at(j - 1); p >= 0 {
				j = v.r.m(p).t0 - 1
				continue
			}
			// A title's possessive: "the Prime Minister's Decision …".
			if t0 := v.bc.titleStartEndingAt(j, v.lo); t0 >= 0 {
				j = t0 - 1
				continue
			}
		}
		break
	}
	return j
}

// joins reports whether token j joins list items: a comma, "and", "or",
// "as well as", "và".
func (v *sview) joins(j int) bool {
	if j < v.lo {
		return false
	}
	t := &v.toks[j]
	return t.punct(",") || t.word("and") || t.word("or") || t.word("va") || t.punct("&") ||
		(t.word("as") && j-2 >= v.lo && v.toks[j-1].word("well") && v.toks[j-2].word("as"))
}

// partOf reads "Body under the Body" and "Body thuộc Body".
func (v *sview) partOf() {
	toks, r := v.toks, v.r
	s := &r.sents[v.si]
	for mi := s.m0; mi < s.m1; mi++ {
		m := r.m(mi)
		if m.dropped || m.inner || m.typ != graph.Organization || m.t1 >= v.hi {
			continue
		}
		k := m.t1
		if toks[k].word("truc") && k+1 < v.hi {
			k++
		}
		if toks[k].word("under") || toks[k].word("thuoc") {
			if o := v.mentionAfter(k + 1); o >= 0 && v.typ(o) == graph.Organization {
				r.addRel(mi, graph.PartOf, o, "", v.si, "part_of/"+toks[k].fold, confCue)
			}
		}
		// "the Ministry of Public Security's Department of …".
		if toks[k].kind == tkPoss {
			if o := v.at(k + 1); o >= 0 && r.m(o).t0 == k+1 && v.typ(o) == graph.Organization {
				r.addRel(o, graph.PartOf, mi, "", v.si, "part_of/possessive", confCue)
			}
		}
		// "…, a unit of (under) the Ministry of Public Security".
		if toks[k].punct(",") && k+3 < v.hi && (toks[k+1].word("a") || toks[k+1].word("an")) &&
			(toks[k+2].word("unit") || toks[k+2].word("agency") || toks[k+2].word("department") || toks[k+2].word("body")) &&
			(toks[k+3].word("of") || toks[k+3].word("under")) {
			if o := v.mentionAfter(k + 4); o >= 0 && v.typ(o) == graph.Organization {
				r.addRel(mi, graph.PartOf, o, "", v.si, "part_of/a-unit-of", confCue)
			}
		}
	}
}
