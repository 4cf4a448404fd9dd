package ingest

import (
	"strings"

	"github.com/govkg/govkg/graph"
)

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
		m := &r.ms[mi]
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
		m := &r.ms[mi]
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
		if e, end, ok := r.x.trie.match(toks, i, s.t1, isTitle); ok && bc.dateIdx[i] < 0 {
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
	if o < 0 || v.r.ms[o].dropped {
		return -1
	}
	return o
}

// typ returns the type of mention mi ("" for -1).
func (v *sview) typ(mi int) graph.EntityType {
	if mi < 0 {
		return ""
	}
	return v.r.ms[mi].typ
}

// dateAtTok returns the date starting at token k.
func (v *sview) dateAtTok(k int) (dateHit, bool) {
	if k < v.lo || k >= v.hi || v.bc.dateIdx[k] < 0 {
		return dateHit{}, false
	}
	h := v.bc.dates[v.bc.dateIdx[k]]
	return h, h.t0 == k
}

// mentionAfter returns the mention starting at k after an optional "the".
func (v *sview) mentionAfter(k int) int {
	if k < v.hi && (v.toks[k].word("the") || v.toks[k].word("a")) {
		k++
	}
	if o := v.at(k); o >= 0 && v.r.ms[o].t0 == k {
		return o
	}
	return -1
}

func isIssuer(t graph.EntityType) bool {
	return t == graph.Organization || t == graph.Person || t == graph.Event
}

// issueVerb reports whether a folded word is a verb of issuing, and which.
func issueVerb(w string) string {
	switch w {
	case "issued", "issue", "issues", "issuing", "promulgated", "promulgate", "promulgates", "adopted", "adopt",
		"adopts", "passed", "enacted", "released", "ratified":
		return "issue"
	case "signed", "sign", "signs":
		return "sign"
	case "approved", "approve", "approves", "approving":
		return "approve"
	}
	return ""
}

// documentTail reads what follows a document or programme mention: its
// date ("dated D", "ngày D", "of D"), its issuer ("issued by X on D",
// "of the Politburo", "của Bộ Chính trị", "do X ban hành"), its basis
// ("under Resolution …", "to implement …": implements; "approved under
// Decision …": approved_by), who carries it out ("implemented by X") and
// its subject ("on …", "về …", "stating that …": concerns).
func (v *sview) documentTail(mi int) {
	r, toks := v.r, v.toks
	m := &r.ms[mi]
	isDoc := m.typ.IsDocument()
	issued := false
	k := m.t1
	for steps := 0; k < v.hi && steps < 12; steps++ {
		t := &toks[k]
		switch {
		case t.punct(","):
			k++
			continue
		case t.punct("(") && k+2 < v.hi && toks[k+2].punct(")"):
			k += 3
			continue
		case t.kind == tkWord && strings.HasSuffix(t.fold, "ly") && len(t.fold) > 4:
			k++ // clearly, officially
			continue
		case t.word("which") || t.word("was") || t.word("were") || t.word("jointly") || t.word("being") ||
			t.word("has") || t.word("been") || t.word("and"):
			k++
			continue
		}
		// ngày 16/3/2022
		if h, ok := v.dateAtTok(k); ok && t.word("ngay") {
			v.issuedOn(mi, h, "issued_on/ngay")
			k = h.t1
			continue
		}
		if (t.word("dated") || t.word("of") || (t.word("on") && issued)) && k+1 < v.hi {
			if h, ok := v.dateAtTok(k + 1); ok {
				v.issuedOn(mi, h, "issued_on/"+t.fold)
				k = h.t1
				continue
			}
		}
		if t.word("in") && issued && k+1 < v.hi {
			if h, ok := v.dateAtTok(k + 1); ok {
				v.issuedOn(mi, h, "issued_on/in")
				k = h.t1
				continue
			}
			if y := &toks[k+1]; yearOf(y) > 0 && isDoc {
				r.addRel(mi, graph.IssuedOn, -1, y.fold, v.si, "issued_on/in-year", confCue)
				k += 2
				continue
			}
		}
		// of the Politburo / của Bộ Chính trị
		if t.word("of") || t.word("cua") {
			if o := v.mentionAfter(k + 1); o >= 0 && isIssuer(v.typ(o)) {
				v.issuer(mi, o, "of")
				k = r.ms[o].t1
				continue
			}
			return
		}
		// do X ban hành
		if t.word("do") {
			if o := v.mentionAfter(k + 1); o >= 0 && isIssuer(v.typ(o)) {
				e := r.ms[o].t1
				if e+1 < v.hi && toks[e].word("ban") && toks[e+1].word("hanh") {
					v.issuer(mi, o, "do-ban-hanh")
					k, issued = e+2, true
					continue
				}
			}
			return
		}
		if t.word("ban") && k+1 < v.hi && toks[k+1].word("hanh") {
			k, issued = k+2, true
			continue
		}
		if kind := issueVerb(t.fold); kind != "" && strings.HasSuffix(t.fold, "ed") {
			issued = true
			k++
			if k+1 < v.hi && (toks[k].word("by") || (kind == "approve" && (toks[k].word("under") || toks[k].word("in")))) {
				if o := v.mentionAfter(k + 1); o >= 0 {
					switch {
					case kind == "sign" && v.typ(o) == graph.Person:
						r.addRel(mi, graph.SignedBy, o, "", v.si, "signed_by/passive-by", confSymbol)
					case kind == "approve" && !isDoc:
						r.addRel(mi, graph.ApprovedBy, o, "", v.si, "approved_by/passive-"+toks[k].fold, confSymbol)
					case isIssuer(v.typ(o)) && toks[k].word("by"):
						v.issuer(mi, o, "passive-by")
					}
					k = r.ms[o].t1
				}
			}
			continue
		}
		if t.word("implemented") || t.word("executed") || (t.word("carried") && k+1 < v.hi && toks[k+1].word("out")) {
			j := k + 1
			if t.word("carried") {
				j++
			}
			if j < v.hi && toks[j].word("by") {
				if o := v.mentionAfter(j + 1); o >= 0 && (v.typ(o) == graph.Organization || v.typ(o) == graph.Programme) {
					r.addRel(o, graph.Implements, mi, "", v.si, "implements/passive-by", confCue)
					k = r.ms[o].t1
					continue
				}
			}
			return
		}
		// "drafted by the MPS and promulgated by …": another verb's agent.
		if t.kind == tkWord && strings.HasSuffix(t.fold, "ed") && k+2 < v.hi && toks[k+1].word("by") {
			if o := v.mentionAfter(k + 2); o >= 0 {
				k = r.ms[o].t1
				continue
			}
		}
		if t.word("under") || t.word("theo") {
			if o := v.mentionAfter(k + 1); o >= 0 && v.typ(o).IsDocument() && m.typ == graph.Programme {
				if v.typ(o) == graph.Decision {
					r.addRel(mi, graph.ApprovedBy, o, "", v.si, "approved_by/under-decision", confCue)
				} else {
					r.addRel(mi, graph.Implements, o, "", v.si, "implements/under", confCue)
				}
			}
			return
		}
		if t.word("approving") || (t.word("phe") && k+1 < v.hi && toks[k+1].word("duyet")) {
			j := k + 1
			if t.word("phe") {
				j++
			}
			if o := v.mentionAfter(j); o >= 0 && v.typ(o) == graph.Programme && isDoc {
				r.addRel(o, graph.ApprovedBy, mi, "", v.si, "approved_by/approving", confCue)
			}
			return
		}
		// "to implement …", "implementing …", "để thực hiện …".
		if n := v.purposeImplements(k); n > 0 {
			for _, o := range v.listAfter(n) {
				r.addRel(mi, graph.Implements, o, "", v.si, "implements/purpose", confCue)
			}
			return
		}
		if isDoc && topicCue(toks, k, v.hi) > 0 {
			k = v.concerns(mi, k+topicCue(toks, k, v.hi))
			continue
		}
		return
	}
}

// purposeImplements recognises an implementation cue of purpose at k ("to
// implement", "implementing", "for the implementation of", "để thực hiện",
// "nhằm triển khai") and returns where its objects start, or 0.
func (v *sview) purposeImplements(k int) int {
	toks := v.toks
	j := k
	switch {
	case toks[j].word("to") || toks[j].word("de") || toks[j].word("nham"):
		j++
	case (toks[j].word("for") || toks[j].word("on")) && j+1 < v.hi && toks[j+1].word("the"):
		j += 2
	case toks[j].word("on") || toks[j].word("for"):
		j++
	}
	if j >= v.hi {
		return 0
	}
	n, noun := implCue(toks, j, v.hi)
	if n == 0 || (noun && j == k) {
		return 0
	}
	if !noun && j == k && toks[j].fold != "implementing" {
		return 0
	}
	return j + n
}

// topicCue returns how many tokens a topic cue at k takes ("on", "about",
// "về", "stating that"), or 0.
func topicCue(toks []token, k, hi int) int {
	t := &toks[k]
	switch {
	case t.word("on") && k+1 < hi && (toks[k+1].word("behalf") || toks[k+1].word("the") && k+2 < hi && toks[k+2].word("occasion")):
		return 0 // "on behalf of", "on the occasion of"
	case t.word("on") || t.word("about") || t.word("regarding") || t.word("concerning") || t.word("ve"):
		return 1
	case t.word("stating") || t.word("stipulating") || t.word("providing") || t.word("saying"):
		if k+1 < hi && toks[k+1].word("that") {
			return 2
		}
		return 1
	}
	return 0
}

// concerns links document mi to the first thing named in its topic,
// starting at token k, and returns where the topic ends: at a comma that
// opens another phrase of the document ("…, issued by …", "…, which"),
// at a clause end, or after the thing named.
func (v *sview) concerns(mi, k int) int {
	for j := k; j < v.hi && j < k+30; j++ {
		t := &v.toks[j]
		if t.punct(";") || t.punct(":") {
			return v.hi
		}
		if t.punct(",") && j+1 < v.hi {
			n := &v.toks[j+1]
			if n.word("which") || n.word("dated") || (n.kind == tkWord && strings.HasSuffix(n.fold, "ed") && issueVerb(n.fold) != "") {
				return j
			}
		}
		if v.bc.dateIdx[j] >= 0 && j == k {
			return v.hi // "on March 16": a date, not a topic
		}
		if o := v.at(j); o >= 0 && o != mi {
			if v.typ(o) != graph.Position {
				v.r.addRel(mi, graph.Concerns, o, "", v.si, "concerns/topic", confClause)
			}
			return v.hi
		}
	}
	return v.hi
}

// issuer records who issued document (or approved programme) mi.
func (v *sview) issuer(mi, o int, how string) {
	if v.r.ms[mi].typ == graph.Programme {
		v.r.addRel(mi, graph.ApprovedBy, o, "", v.si, "approved_by/"+how, confCue)
		return
	}
	v.r.addRel(mi, graph.IssuedBy, o, "", v.si, "issued_by/"+how, confCue)
}

// issuedOn records the issue date of document mi when the date has a year.
func (v *sview) issuedOn(mi int, h dateHit, rule string) {
	if iso := h.iso(); iso != "" && v.r.ms[mi].typ.IsDocument() {
		v.r.addRel(mi, graph.IssuedOn, -1, iso, v.si, rule, confSymbol)
	}
}

// documentHead reads what stands before a document mention: a possessive
// issuer ("the Politburo's Resolution No. 22") or a body written before
// the kind word ("Government Resolution 01/NQ-CP").
func (v *sview) documentHead(mi int) {
	m := &v.r.ms[mi]
	k := m.t0 - 1
	if k < v.lo {
		return
	}
	if v.toks[k].kind == tkPoss {
		if o := v.at(k - 1); o >= 0 && isIssuer(v.typ(o)) {
			v.issuer(mi, o, "possessive")
		}
		return
	}
	if o := v.at(k); o >= 0 && v.r.ms[o].t1 == m.t0 && v.typ(o) == graph.Organization && v.toks[m.t0].is(tfSpace) {
		v.issuer(mi, o, "attributive")
	}
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

// issueVerbs reads "X issued Resolution …", "advised X to issue …",
// "X ban hành Nghị quyết …", "the Prime Minister approved Project 06":
// the body or person right before the verb issued the documents right
// after it.
func (v *sview) issueVerbs() {
	toks, r := v.toks, v.r
	for k := v.lo; k < v.hi; k++ {
		t := &toks[k]
		kind := issueVerb(t.fold)
		n := 1
		switch {
		case t.word("ban") && k+1 < v.hi && toks[k+1].word("hanh"):
			kind, n = "issue", 2
		case t.word("phe") && k+1 < v.hi && toks[k+1].word("duyet"):
			kind, n = "approve", 2
		case t.word("ky") && !t.is(tfCap):
			// "đã ký (ban hành) Nghị định …"
			kind, n = "sign", 1
			if k+2 < v.hi && toks[k+1].word("ban") && toks[k+2].word("hanh") {
				n = 3
			}
		}
		if kind == "" || t.kind != tkWord || t.fold == "approving" {
			continue
		}
		// The documents after the verb.
		objs := v.listAfter(k + n)
		if len(objs) == 0 {
			continue
		}
		// The subject right before it (auxiliaries and "to" between).
		j := k - 1
		for j >= v.lo && (toks[j].word("has") || toks[j].word("have") || toks[j].word("had") || toks[j].word("to") ||
			toks[j].word("da") || toks[j].word("vua") || toks[j].word("also") || toks[j].word("recently") ||
			toks[j].word("officially") || toks[j].word("just") || toks[j].word("moi")) {
			j--
		}
		subj := v.at(j)
		if subj < 0 || r.ms[subj].t1 != j+1 {
			continue
		}
		for _, o := range objs {
			om := &r.ms[o]
			switch {
			case kind == "sign" && v.typ(subj) == graph.Person && om.typ.IsDocument():
				r.addRel(o, graph.SignedBy, subj, "", v.si, "signed_by/active", confCue)
			case kind == "approve" && om.typ == graph.Programme:
				r.addRel(o, graph.ApprovedBy, subj, "", v.si, "approved_by/active", confCue)
			case kind == "issue" && isIssuer(v.typ(subj)):
				v.issuer(o, subj, "active")
			}
			// "On March 16, 2022, the Politburo issued …": the date before.
			if kind == "issue" && om.typ.IsDocument() {
				if h, ok := v.leadingDate(subj); ok {
					v.issuedOn(o, h, "issued_on/leading-date")
				}
			}
		}
	}
}

// leadingDate returns a date opening the clause before mention subj
// ("On March 16, 2022, the Politburo …", "Ngày 16/3/2022, Bộ Chính trị …").
func (v *sview) leadingDate(subj int) (dateHit, bool) {
	start := v.clauseStart(v.r.ms[subj].t0)
	k := start
	if k < v.hi && (v.toks[k].word("on") || v.toks[k].word("vao")) {
		k++
	}
	h, ok := v.dateAtTok(k)
	if !ok || h.t1 > v.r.ms[subj].t0 {
		return dateHit{}, false
	}
	return h, true
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
		if o >= 0 && (v.typ(o).IsDocument() || v.typ(o) == graph.Programme) && v.r.ms[o].t0 == j {
			lead := v.leadIn(o)
			if (first && lead <= k-1) || (!first && v.joins(lead)) {
				out = append(out, o)
				first = false
				j = v.r.ms[o].t1
				continue
			}
		}
		if first {
			if o >= 0 && !(v.typ(o).IsDocument() || v.typ(o) == graph.Programme) && v.toks[j+0].kind != tkPoss {
				// A possessive issuer before the document: "the Politburo's".
				if e := v.r.ms[o].t1; e < end && v.toks[e].kind == tkPoss {
					j = e + 1
					continue
				}
			}
			if v.toks[j].word("the") || v.toks[j].word("a") || v.toks[j].word("new") || v.toks[j].word("cac") {
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
	j := v.r.ms[o].t0 - 1
	for j >= v.lo {
		t := &v.toks[j]
		if t.word("the") || t.word("a") || t.word("cac") {
			j--
			continue
		}
		if t.kind == tkPoss {
			if p := v.at(j - 1); p >= 0 {
				j = v.r.ms[p].t0 - 1
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

// activityNoun lists nouns whose "of" introduces what is carried out or
// reviewed: "implementation of", "results of".
func activityNoun(w string) bool {
	switch w {
	case "implementation", "realization", "realisation", "execution", "results", "result",
		"performance", "outcomes", "outcome", "review", "enforcement", "implementing", "achievements",
		"application", "progress":
		return true
	}
	return false
}

// implCue returns the number of tokens of an implementation cue at k and
// whether it is a noun ("implementation of") rather than a verb.
func implCue(toks []token, k, hi int) (n int, noun bool) {
	t := &toks[k]
	switch t.fold {
	case "implementation", "realization", "realisation", "execution":
		if k+1 < hi && toks[k+1].word("of") {
			return 2, true
		}
	case "implementing", "implement", "implements", "realizing", "realising", "realize", "realise",
		"executing", "execute":
		return 1, false
	case "carry", "carrying":
		if k+1 < hi && toks[k+1].word("out") {
			return 2, false
		}
	case "thuc":
		if k+1 < hi && toks[k+1].word("hien") {
			return 2, false
		}
	case "trien":
		if k+1 < hi && toks[k+1].word("khai") {
			if k+3 < hi && toks[k+2].word("thuc") && toks[k+3].word("hien") {
				return 4, false
			}
			return 2, false
		}
	case "thi":
		if k+1 < hi && toks[k+1].word("hanh") {
			return 2, false
		}
	}
	return 0, false
}

// implementation reads who carries out which documents and programmes:
// "the PSF's one-year implementation of Resolution …", "the Ministry …
// leading in the implementation of Project 06", "tasks of the Public
// Security force is to implement Resolution No. 12", "Strategy …
// implementing Resolution …".
func (v *sview) implementation() {
	toks, r := v.toks, v.r
	for k := v.lo; k < v.hi; k++ {
		if toks[k].kind != tkWord {
			continue
		}
		n, noun := implCue(toks, k, v.hi)
		if n == 0 {
			continue
		}
		objs := v.listAfter(k + n)
		if len(objs) == 0 {
			k += n - 1
			continue
		}
		agent, rule, conf := -1, "", 0.0
		if noun {
			if a := v.possessiveAgent(k); a >= 0 {
				agent, rule, conf = a, "implements/possessive", confCue
			}
		}
		if agent < 0 {
			if a := v.clauseAgent(k); a >= 0 {
				agent, rule, conf = a, "implements/clause-subject", confClause
			}
		}
		if agent < 0 && v.r.carry >= 0 && v.carryApplies(k) {
			agent, rule, conf = v.r.carry, "implements/carried-subject", confCarried
		}
		if agent < 0 {
			continue
		}
		for _, o := range objs {
			if o != agent {
				r.addRel(agent, graph.Implements, o, "", v.si, rule, conf)
			}
		}
		k += n - 1
	}
}

// possessiveAgent returns the body whose possessive stands before the cue
// at k, past a few modifiers: "the PSF's one-year implementation".
func (v *sview) possessiveAgent(k int) int {
	for j := k - 1; j >= v.lo && j >= k-5; j-- {
		t := &v.toks[j]
		if t.kind == tkPoss {
			if o := v.at(j - 1); o >= 0 && (v.typ(o) == graph.Organization || v.typ(o) == graph.Programme) {
				return o
			}
			return -1
		}
		if (t.kind == tkWord && !t.is(tfCap)) || t.kind == tkNum || t.punct("-") {
			continue
		}
		return -1
	}
	return -1
}

// clauseAgent returns the nearest body before the cue at k in its clause
// that is not itself the issuer or topic of a document, nor the object of
// "by", "to" or "with".
func (v *sview) clauseAgent(k int) int {
	start := v.clauseStart(k)
	for j := k - 1; j >= start; j-- {
		o := v.at(j)
		if o < 0 {
			continue
		}
		m := &v.r.ms[o]
		j = m.t0
		t := m.typ
		if t.IsDocument() {
			return -1 // "Resolution X … implementing": not an agent
		}
		if t != graph.Organization && t != graph.Programme || v.titleOrg[o] {
			continue
		}
		if p := v.leadIn(o); p >= v.lo {
			w := &v.toks[p]
			if w.word("by") || w.word("to") || w.word("with") || w.word("under") || w.word("on") || w.word("advised") {
				continue
			}
			if w.word("of") && p-1 >= v.lo {
				if d := v.at(p - 1); d >= 0 && (v.typ(d).IsDocument() || v.typ(d) == graph.Programme) {
					continue // "Resolution No. 12 of the Politburo"
				}
			}
		}
		return o
	}
	return -1
}

// carryApplies reports whether the carried subject may fill the cue at k:
// nothing before the cue in the sentence names a subject.
func (v *sview) carryApplies(k int) bool {
	for j := v.lo; j < k; j++ {
		if o := v.at(j); o >= 0 && (v.typ(o) == graph.Organization || v.typ(o) == graph.Person) {
			return false
		}
	}
	return true
}

// updateCarry keeps the subject of a sentence that opens a list ("… the
// Public Security force will focus on the following tasks:") for the
// subjectless items that follow; a heading or a new speaker ends it.
func (v *sview) updateCarry() {
	r, toks := v.r, v.toks
	s := &r.sents[v.si]
	last := &toks[v.hi-1]
	if last.punct(":") {
		r.carry = -1
		for mi := s.m0; mi < s.m1; mi++ {
			if !r.ms[mi].dropped && !r.ms[mi].inner && r.ms[mi].typ == graph.Organization {
				r.carry = mi
				break
			}
		}
		return
	}
	if !s.paraStart {
		return
	}
	terminal := last.punct(".") || last.punct("!") || last.punct("?") || last.punct("\"") || last.punct(";")
	question := false
	for k := v.lo; k < v.hi; k++ {
		if toks[k].punct("?") {
			question = true
		}
	}
	if !terminal || question || v.hi-v.lo < 4 {
		r.carry = -1 // a heading or a question
		return
	}
	first := &toks[v.lo]
	if v.at(v.lo) >= 0 || first.kind != tkWord || !first.is(tfCap) || capStop(first.fold) {
		// The sentence has its own subject: "The Ministry … will …".
		if v.at(v.lo) >= 0 || capStop(first.fold) {
			r.carry = -1
		}
	}
}

// reviewCue returns the number of tokens of a review cue at k, or 0:
// "review", "assess", "sum up", "report on", "tổng kết", "sơ kết".
func reviewCue(toks []token, k, hi int) int {
	switch toks[k].fold {
	case "review", "reviews", "reviewed", "reviewing", "assess", "assesses", "assessed", "assessing",
		"evaluate", "evaluates", "evaluated", "evaluating", "summarize", "summarise", "summarizes", "summarises":
		return 1
	case "sum", "sums", "summing", "summed":
		if k+1 < hi && toks[k+1].word("up") {
			return 2
		}
	case "report", "reports", "reported", "reporting":
		if k+1 < hi && toks[k+1].word("on") {
			return 2
		}
	case "tong", "so":
		if k+1 < hi && toks[k+1].word("ket") {
			return 2
		}
	case "danh":
		if k+1 < hi && toks[k+1].word("gia") {
			return 2
		}
	}
	return 0
}

// reviews reads "the conference aims to review … the implementation of
// X, the results of Y …": the event reports on every document and
// programme listed as what is reviewed.
func (v *sview) reviews() {
	toks, r := v.toks, v.r
	for k := v.lo; k < v.hi; k++ {
		if toks[k].kind != tkWord {
			continue
		}
		n := reviewCue(toks, k, v.hi)
		if n == 0 {
			continue
		}
		ev := v.eventBefore(k)
		if ev < 0 {
			continue
		}
		for j := k + n; j < v.hi; j++ {
			o := v.at(j)
			if o < 0 || r.ms[o].t0 != j {
				continue
			}
			j = r.ms[o].t1 - 1
			if !(v.typ(o).IsDocument() || v.typ(o) == graph.Programme) {
				continue
			}
			if v.listed(o, k+n) {
				r.addRel(ev, graph.ReportsOn, o, "", v.si, "reports_on/review", confClause)
			}
		}
		return
	}
}

// listed reports whether mention o is an item of a list that starts at
// token start: introduced by the start itself, a joining word, an
// activity noun's "of" or an implementation verb, not by "under", "by" or
// "on".
func (v *sview) listed(o, start int) bool {
	p := v.leadIn(o)
	if p < start {
		return true
	}
	t := &v.toks[p]
	if v.joins(p) {
		return true
	}
	if t.word("of") && p-1 >= v.lo && activityNoun(v.toks[p-1].fold) {
		return true
	}
	for back := 0; back < 4 && p-back >= v.lo; back++ {
		if n, noun := implCue(v.toks, p-back, v.hi); n == back+1 && !noun {
			return true
		}
	}
	return false
}

// eventBefore returns the event a sentence speaks of before token k: an
// event mention, or "the conference" / "the event" standing for the text's
// main event.
func (v *sview) eventBefore(k int) int {
	for j := k - 1; j >= v.lo; j-- {
		if o := v.at(j); o >= 0 && v.typ(o) == graph.Event {
			return o
		}
	}
	return v.anaphorBefore(k)
}

// anaphorBefore finds "the conference", "the event", "the meeting",
// "Hội nghị" before token k and returns the main event it stands for.
func (v *sview) anaphorBefore(k int) int {
	main := v.r.main
	if main < 0 {
		return -1
	}
	head := eventHeadWord(v.r.ms[main].name)
	for j := k - 1; j > v.lo; j-- {
		t := &v.toks[j]
		if v.at(j) >= 0 || t.kind != tkWord {
			continue
		}
		if !(t.fold == "event" || t.fold == head || (t.fold == "nghi" && head == "nghi")) {
			continue
		}
		// "the (significant) event", "The conference".
		for b := j - 1; b >= v.lo && b >= j-3; b-- {
			if v.toks[b].word("the") || v.toks[b].word("this") || (v.toks[b].word("hoi") && t.fold == "nghi") {
				return main
			}
			if v.toks[b].kind != tkWord || v.toks[b].is(tfCap) {
				break
			}
		}
	}
	return -1
}

// eventHeadWord returns the folded head word of an event name
// ("conference", "congress"; "nghi" for Vietnamese "Hội nghị").
func eventHeadWord(name string) string {
	ws := strings.Fields(foldText(name))
	for _, w := range ws {
		if eventHead(w) {
			return w
		}
	}
	if len(ws) > 1 && ws[0] == "hoi" {
		return ws[1]
	}
	return ""
}

// eventRoles reads who chairs and attends an event, and where and when it
// was held: "under the chair of … To Lam", "chaired by", "saw the presence
// of", "attended by", "X chaired the conference", "opened … in Hanoi".
func (v *sview) eventRoles() {
	toks := v.toks
	for k := v.lo; k < v.hi; k++ {
		t := &toks[k]
		if t.kind != tkWord {
			continue
		}
		switch {
		case (t.word("chair") || t.word("chairmanship") || t.word("presidency")) && k+1 < v.hi && toks[k+1].word("of") &&
			k-2 >= v.lo && toks[k-2].word("under"):
			v.eventPerson(k, k+2, graph.Chairs, "chairs/under-the-chair-of")
		case (t.word("chaired") || t.word("presided")) && k+1 < v.hi && (toks[k+1].word("by") || toks[k+1].word("over")):
			if toks[k+1].word("by") {
				v.eventPerson(k, k+2, graph.Chairs, "chairs/passive-by")
			} else {
				v.personEvent(k, k+2, graph.Chairs, "chairs/active")
			}
		case t.word("chairs") || (t.word("chaired") && !(k+1 < v.hi && toks[k+1].word("by"))):
			v.personEvent(k, k+1, graph.Chairs, "chairs/active")
		case t.word("chu") && k+1 < v.hi && toks[k+1].word("tri"):
			if k-2 >= v.lo && toks[k-1].word("su") {
				v.eventPerson(k, k+3, graph.Chairs, "chairs/duoi-su-chu-tri") // dưới sự chủ trì của
			} else {
				v.personEvent(k, k+2, graph.Chairs, "chairs/chu-tri")
			}
		case t.word("presence") || t.word("attendance") || t.word("participation"):
			if k+1 < v.hi && toks[k+1].word("of") {
				v.eventPersons(k, k+2, "attends/presence-of")
			}
		case t.word("attended") && k+1 < v.hi && toks[k+1].word("by"):
			v.eventPersons(k, k+2, "attends/passive-by")
		case t.word("attended") || t.word("attends") || t.word("attending"):
			v.personEvent(k, k+1, graph.Attends, "attends/active")
		case t.word("du") && t.is(tfCap) && k == v.lo:
			// "Dự hội nghị có …": those listed after "có" attend.
			for j := k + 1; j < v.hi && j < k+6; j++ {
				if toks[j].word("co") {
					v.eventPersons(j, j+1, "attends/du-co")
					break
				}
			}
		case (t.word("tham") && k+1 < v.hi && toks[k+1].word("du")):
			if k+2 < v.hi && toks[k+2].word("cua") {
				v.eventPersons(k, k+3, "attends/su-tham-du-cua")
			} else {
				v.personEvent(k, k+2, graph.Attends, "attends/tham-du")
			}
		}
		v.heldCue(k)
	}
}

// eventPerson links the first person after token from to the event the
// sentence speaks of before the cue at k.
func (v *sview) eventPerson(k, from int, p graph.Predicate, rule string) {
	ev := v.eventBefore(k)
	if ev < 0 {
		return
	}
	end := v.clauseEnd(from)
	for j := from; j < end && j < from+50; j++ {
		if o := v.at(j); o >= 0 && v.typ(o) == graph.Person {
			v.r.addRel(o, p, ev, "", v.si, rule, confCue)
			return
		}
	}
}

// eventPersons links every person listed after token from (up to the
// clause end) as attending the event before the cue at k.
func (v *sview) eventPersons(k, from int, rule string) {
	ev := v.eventBefore(k)
	if ev < 0 {
		return
	}
	end := v.clauseEnd(from)
	for j := from; j < end; j++ {
		if o := v.at(j); o >= 0 && v.typ(o) == graph.Person {
			v.r.addRel(o, graph.Attends, ev, "", v.si, rule, confCue)
			j = v.r.ms[o].t1 - 1
		}
	}
}

// personEvent links the person right before the verb at k to the event
// right after it ("To Lam chaired the conference").
func (v *sview) personEvent(k, from int, p graph.Predicate, rule string) {
	j := k - 1
	for j >= v.lo && (v.toks[j].word("has") || v.toks[j].word("had") || v.toks[j].word("da") || v.toks[j].word("also")) {
		j--
	}
	subj := v.at(j)
	if subj < 0 || v.typ(subj) != graph.Person {
		return
	}
	ev := v.mentionAfter(from)
	if ev < 0 || v.typ(ev) != graph.Event {
		if a := v.anaphorAfter(from); a >= 0 {
			ev = a
		} else {
			return
		}
	}
	for _, s := range v.coordinatedPersons(subj) {
		v.r.addRel(s, p, ev, "", v.si, rule, confCue)
	}
}

// coordinatedPersons returns person p and those joined to it before it
// by "and" or commas, each with its titles: "State President X and
// National Assembly Chairman Y attended".
func (v *sview) coordinatedPersons(p int) []int {
	out := []int{p}
	j := v.r.ms[p].t0 - 1
	for j >= v.lo && j > v.r.ms[p].t0-60 {
		t := &v.toks[j]
		o := v.at(j)
		switch {
		case o >= 0 && v.typ(o) == graph.Person:
			out = append(out, o)
			j = v.r.ms[o].t0 - 1
		case t.word("and") || t.word("va") || t.punct(",") || v.inTitle(j) || (o >= 0 && v.titleOrg[o]):
			if o >= 0 {
				j = v.r.ms[o].t0 - 1
			} else {
				j--
			}
		default:
			return out
		}
	}
	return out
}

// inTitle reports whether token j lies inside a title phrase.
func (v *sview) inTitle(j int) bool {
	for k := j; k >= v.lo && k > j-6; k-- {
		if e := int(v.bc.titleEnd[k]); e > j {
			return true
		}
	}
	return false
}

// anaphorAfter finds "the conference" right after token from.
func (v *sview) anaphorAfter(from int) int {
	hi := from + 4
	if hi > v.hi {
		hi = v.hi
	}
	if a := v.anaphorBefore(hi); a >= 0 {
		return a
	}
	return -1
}

// heldCue reads "X opened/was held … in <place> … on <date>" at verb k.
func (v *sview) heldCue(k int) {
	toks := v.toks
	t := &toks[k]
	n := 0
	switch t.fold {
	case "held", "opened", "opens", "open", "convened", "convenes", "closed", "closes", "began", "begins":
		n = 1
	case "took", "takes", "kicked", "kicks":
		if k+1 < v.hi && (toks[k+1].word("place") || toks[k+1].word("off")) {
			n = 2
		}
	case "dien":
		if k+1 < v.hi && toks[k+1].word("ra") {
			n = 2
		}
	case "khai", "be":
		if k+1 < v.hi && toks[k+1].word("mac") {
			n = 2
		}
	case "to":
		if k+1 < v.hi && toks[k+1].word("chuc") && k-1 >= v.lo && toks[k-1].word("duoc") {
			n = 2
		}
	}
	if n == 0 {
		return
	}
	ev := -1
	for j := k - 1; j >= v.lo && j >= k-60; j-- {
		if o := v.at(j); o >= 0 && v.typ(o) == graph.Event {
			ev = o
			break
		}
	}
	if ev < 0 {
		ev = v.anaphorBefore(k)
	}
	if ev < 0 {
		return
	}
	// The place may stand anywhere in the clause ("Tại Hà Nội, Hội nghị …
	// khai mạc", "… opened on December 27 in Hanoi").
	for j := v.clauseStart(k); j < k; j++ {
		if w := &toks[j]; w.word("in") || w.word("at") || w.word("tai") {
			if o := v.mentionAfter(j + 1); o >= 0 && v.typ(o) == graph.Place {
				v.r.addRel(ev, graph.HeldIn, o, "", v.si, "held_in/"+t.fold, confClause)
			}
		}
	}
	end := v.clauseEnd(k)
	for j := k + n; j < end && j < k+n+20; j++ {
		w := &toks[j]
		if w.word("in") || w.word("at") || w.word("tai") {
			if o := v.mentionAfter(j + 1); o >= 0 && v.typ(o) == graph.Place {
				v.r.addRel(ev, graph.HeldIn, o, "", v.si, "held_in/"+t.fold, confCue)
			}
		}
		if w.word("on") || w.word("ngay") || w.word("vao") {
			k2 := j + 1
			if w.word("ngay") {
				k2 = j
			}
			if h, ok := v.dateAtTok(k2); ok && h.iso() != "" && h.d > 0 {
				v.r.addRel(ev, graph.HeldOn, -1, h.iso(), v.si, "held_on/"+t.fold, confCue)
			}
		}
		if o := v.at(j); o >= 0 && v.typ(o) == graph.Event && o != ev {
			break
		}
	}
}

// partOf reads "Body under the Body" and "Body thuộc Body".
func (v *sview) partOf() {
	toks, r := v.toks, v.r
	s := &r.sents[v.si]
	for mi := s.m0; mi < s.m1; mi++ {
		m := &r.ms[mi]
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
	}
}

// docVerb recognises a verb between documents at k: it replaces, amends or
// is grounded on another ("replaces", "amending", "thay thế", "pursuant
// to", "căn cứ"). passive is set for "replaced by", "amended by".
func docVerb(toks []token, k, hi int) (p graph.Predicate, n int, passive bool) {
	t := &toks[k]
	by := k+1 < hi && toks[k+1].word("by")
	switch t.fold {
	case "replaces", "replacing", "supersedes", "superseding":
		return graph.Replaces, 1, false
	case "replaced", "superseded":
		if by {
			return graph.Replaces, 2, true
		}
	case "amends", "amending":
		return graph.Amends, 1, false
	case "amended":
		if by {
			return graph.Amends, 2, true
		}
	case "pursuant":
		if k+1 < hi && toks[k+1].word("to") {
			return graph.PursuantTo, 2, false
		}
	case "thay":
		if k+1 < hi && toks[k+1].word("the") {
			return graph.Replaces, 2, false
		}
	case "sua":
		if k+1 < hi && toks[k+1].word("doi") {
			return graph.Amends, 2, false
		}
	case "can":
		if k+1 < hi && toks[k+1].word("cu") && !toks[k].is(tfCap) {
			return graph.PursuantTo, 2, false
		}
	}
	return "", 0, false
}

// documentVerbs reads "The decree replaces Decree No. …", "Circular …
// amending Circular …", "…, pursuant to Law …": the document nearest
// before the verb in its clause and those listed after it.
func (v *sview) documentVerbs() {
	toks, r := v.toks, v.r
	for k := v.lo; k < v.hi; k++ {
		if toks[k].kind != tkWord {
			continue
		}
		p, n, passive := docVerb(toks, k, v.hi)
		if n == 0 {
			continue
		}
		subj := -1
		for j := k - 1; j >= v.clauseStart(k); j-- {
			if o := v.at(j); o >= 0 && v.typ(o).IsDocument() {
				subj = o
				break
			}
		}
		if subj < 0 {
			continue
		}
		for _, o := range v.listAfter(k + n) {
			if !v.typ(o).IsDocument() {
				continue
			}
			if passive {
				r.addRel(o, p, subj, "", v.si, string(p)+"/passive", confCue)
			} else {
				r.addRel(subj, p, o, "", v.si, string(p)+"/verb", confCue)
			}
		}
		k += n - 1
	}
}
