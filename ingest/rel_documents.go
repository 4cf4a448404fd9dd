package ingest

import (
	"strings"

	"github.com/govkg/govkg/graph"
)

// Rules about documents: who issued a document and when, who signed it,
// what it is about, what it implements, replaces or amends, and who
// approved a programme. They read the words that follow a citation (its
// "tail"), the words that stand before it, and the verbs around it.

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

// issuedVerbAt reports whether token k is a past form of a verb of
// issuing or signing ("issued", "adopted", "signed").
func issuedVerbAt(toks []token, k int) bool {
	t := &toks[k]
	kind := issueVerb(t.fold)
	return t.kind == tkWord && (kind == "issue" || kind == "sign") && strings.HasSuffix(t.fold, "ed")
}

// documentTail reads what follows a document or programme mention: its
// date ("dated D", "ngày D", "of D"), its issuer ("issued by X on D",
// "of the Politburo", "của Bộ Chính trị", "do X ban hành"), its basis
// ("under Resolution …", "to implement …": implements; "approved under
// Decision …": approved_by), who carries it out ("implemented by X") and
// its subject ("on …", "về …", "stating that …": concerns).
func (v *sview) documentTail(mi int) {
	r, toks := v.r, v.toks
	m := r.m(mi)
	isDoc := m.typ.IsDocument()
	// "The Politburo issued Resolution No. 57 on D", "… passed the Law on
	// Data … on D": the object of a verb of issuing or signing takes a
	// date after it as its issue date.
	prev := m.t0 - 1
	if prev > v.lo && (toks[prev].word("the") || toks[prev].word("a") || toks[prev].word("its")) {
		prev--
	}
	issued := isDoc && prev >= v.lo && issuedVerbAt(toks, prev)
	k := m.t1
	for steps := 0; k < v.hi && steps < 12; steps++ {
		t := &toks[k]
		// "…, which the Government issued on D": the issuer in a relative
		// clause, before its verb.
		if t.word("which") && isDoc {
			if o := v.mentionAfter(k + 1); o >= 0 && isIssuer(v.typ(o)) {
				e := r.m(o).t1
				if e+1 < v.hi && (toks[e].word("had") || toks[e].word("has") || toks[e].word("have")) {
					e++ // "which the National Assembly had adopted"
				}
				if e < v.hi && issuedVerbAt(toks, e) {
					v.issuer(mi, o, "which-active")
					k, issued = e+1, true
					continue
				}
			}
		}
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
				k = r.m(o).t1
				continue
			}
			return
		}
		// do X ban hành; do <title> X ký (ban hành)
		if t.word("do") {
			if o := v.mentionAfter(k + 1); o >= 0 && isIssuer(v.typ(o)) {
				e := r.m(o).t1
				if e+1 < v.hi && toks[e].word("ban") && toks[e+1].word("hanh") {
					v.issuer(mi, o, "do-ban-hanh")
					k, issued = e+2, true
					continue
				}
			}
			if o := v.agentAfter(k + 1); o >= 0 && v.typ(o) == graph.Person && isDoc {
				if e := r.m(o).t1; e < v.hi && toks[e].word("ky") {
					r.addRel(mi, graph.SignedBy, o, "", v.si, "signed_by/do-ky", confSymbol)
					k, issued = e+1, true
					if k+1 < v.hi && toks[k].word("ban") && toks[k+1].word("hanh") {
						k += 2
					}
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
				o := v.mentionAfter(k + 1)
				if o < 0 && toks[k].word("by") {
					o = v.agentAfter(k + 1)
				}
				// "signed by Politburo member X": the body names the
				// signer's title, the signer is the person after it.
				if kind == "sign" && o >= 0 && v.typ(o) == graph.Organization {
					if p := v.personInTitle(r.m(o).t1); p >= 0 {
						o = p
					}
				}
				if o >= 0 {
					switch {
					case kind == "sign" && v.typ(o) == graph.Person:
						r.addRel(mi, graph.SignedBy, o, "", v.si, "signed_by/passive-by", confSymbol)
					case kind == "approve" && !isDoc:
						r.addRel(mi, graph.ApprovedBy, o, "", v.si, "approved_by/passive-"+toks[k].fold, confSymbol)
					case isIssuer(v.typ(o)) && toks[k].word("by"):
						v.issuer(mi, o, "passive-by")
					}
					k = r.m(o).t1
				} else if kind == "approve" && !isDoc && toks[k].word("by") {
					// "approved by the Prime Minister in Decision No. …":
					// an agent that names no entity, then the decision.
					for j := k + 1; j+1 < v.hi && j < k+6; j++ {
						if toks[j].word("in") || toks[j].word("under") {
							if d := v.mentionAfter(j + 1); d >= 0 && v.typ(d).IsDocument() {
								r.addRel(mi, graph.ApprovedBy, d, "", v.si, "approved_by/passive-by-in", confSymbol)
								k = r.m(d).t1
							}
							break
						}
					}
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
					k = r.m(o).t1
					continue
				}
			}
			return
		}
		// "drafted by the MPS and promulgated by …": another verb's agent.
		if t.kind == tkWord && strings.HasSuffix(t.fold, "ed") && k+2 < v.hi && toks[k+1].word("by") {
			if o := v.mentionAfter(k + 2); o >= 0 {
				k = r.m(o).t1
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
		// "Decree … detailing (a number of articles of) the Land Law",
		// "Circular … guiding (the implementation of) the law": a
		// document that details another carries it out.
		if isDoc && (t.word("detailing") || t.word("guiding")) {
			j := v.skipArticlesOf(k + 1)
			if j+2 < v.hi && toks[j].word("the") && toks[j+1].word("implementation") && toks[j+2].word("of") {
				j += 3
			}
			for _, o := range v.listAfter(j) {
				if v.typ(o).IsDocument() {
					r.addRel(mi, graph.Implements, o, "", v.si, "implements/detailing", confCue)
				}
			}
			return
		}
		// "adopted … at its fifth extraordinary session on D": the sitting
		// between the issuer and the date.
		if issued && t.word("at") {
			j := k + 1
			for j < v.hi && j < k+8 && !(toks[j].kind == tkWord && eventHead(toks[j].fold)) && !toks[j].punct(",") {
				j++
			}
			if j < v.hi && j < k+8 && toks[j].kind == tkWord && eventHead(toks[j].fold) {
				k = j + 1
				if o := v.at(j); o >= 0 { // the sitting is a named event
					k = r.m(o).t1
				}
				continue
			}
		}
		// "to implement …", "implementing …", "để thực hiện …"; a report
		// "on the implementation of …" reports on it.
		if n := v.purposeImplements(k); n > 0 {
			p, rule := graph.Implements, "implements/purpose"
			if m.doc != nil && m.doc.report {
				p, rule = graph.ReportsOn, "reports_on/report-on"
			}
			for _, o := range v.listAfter(n) {
				r.addRel(mi, p, o, "", v.si, rule, confCue)
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
			if p, _, _ := docVerb(v.toks, j+1, v.hi); p != "" {
				return j // "…, replacing Resolution No. 22"
			}
		}
		if v.bc.dateIdx[j] >= 0 && j == k {
			return v.hi // "on March 16": a date, not a topic
		}
		// "… on private economic development on May 4, 2025": the date
		// after the topic is the tail's again.
		if j > k && t.word("on") {
			if _, ok := v.dateAtTok(j + 1); ok {
				return j
			}
		}
		// "… on the Party's tasks and discussed …": a second verb of the
		// sentence's subject ends the topic.
		if t.word("and") && j+1 < v.hi && v.toks[j+1].kind == tkWord && !v.toks[j+1].is(tfCap) &&
			strings.HasSuffix(v.toks[j+1].fold, "ed") {
			return j
		}
		if o := v.at(j); o >= 0 && o != mi {
			if v.typ(o) != graph.Position {
				if d := v.r.m(mi).doc; d != nil && d.report {
					v.r.addRel(mi, graph.ReportsOn, o, "", v.si, "reports_on/report-topic", confClause)
				} else {
					v.r.addRel(mi, graph.Concerns, o, "", v.si, "concerns/topic", confClause)
				}
			}
			return v.hi
		}
	}
	return v.hi
}

// issuer records who issued document (or approved programme) mi.
func (v *sview) issuer(mi, o int, how string) {
	if v.r.m(mi).typ == graph.Programme {
		v.r.addRel(mi, graph.ApprovedBy, o, "", v.si, "approved_by/"+how, confCue)
		return
	}
	v.r.addRel(mi, graph.IssuedBy, o, "", v.si, "issued_by/"+how, confCue)
}

// issuedOn records the issue date of document mi when the date has a year.
func (v *sview) issuedOn(mi int, h dateHit, rule string) {
	if iso := h.iso(); iso != "" && v.r.m(mi).typ.IsDocument() {
		v.r.addRel(mi, graph.IssuedOn, -1, iso, v.si, rule, confSymbol)
	}
}

// documentHead reads what stands before a document mention: a possessive
// issuer ("the Politburo's Resolution No. 22") or a body written before
// the kind word ("Government Resolution 01/NQ-CP").
func (v *sview) documentHead(mi int) {
	m := v.r.m(mi)
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
	if o := v.at(k); o >= 0 && v.r.m(o).t1 == m.t0 && v.typ(o) == graph.Organization && v.toks[m.t0].is(tfSpace) {
		v.issuer(mi, o, "attributive")
	}
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
		case t.word("thong") && k+1 < v.hi && toks[k+1].word("qua"):
			kind, n = "issue", 2 // "Quốc hội đã thông qua Luật …": adopted
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
		// "signed and issued Resolution …": the first verb's documents
		// are the second's.
		if k+n+1 < v.hi && toks[k+n].word("and") && issuedVerbAt(toks, k+n+1) {
			n += 2
		}
		// The documents after the verb.
		objs := v.listAfter(k + n)
		if len(objs) == 0 {
			continue
		}
		// "Under Decision No. 1446/QD-TTg, the Prime Minister approved …".
		if kind == "approve" {
			if d := v.leadingUnder(k); d >= 0 {
				for _, o := range objs {
					if r.m(o).typ == graph.Programme {
						r.addRel(o, graph.ApprovedBy, d, "", v.si, "approved_by/under-leading", confCue)
					}
				}
			}
		}
		// The subject right before it (auxiliaries and "to" between).
		j := k - 1
		if j-1 >= v.lo && toks[j].word("and") && issuedVerbAt(toks, j-1) {
			j -= 2 // "signed and issued": the subject is before the first verb
		}
		for j >= v.lo && (toks[j].word("has") || toks[j].word("have") || toks[j].word("had") || toks[j].word("to") ||
			toks[j].word("da") || toks[j].word("vua") || toks[j].word("also") || toks[j].word("recently") ||
			toks[j].word("officially") || toks[j].word("just") || toks[j].word("moi")) {
			j--
		}
		// "Prime Minister X on January 6, 2022 signed …": the date between
		// the subject and the verb.
		j, between := v.dateEndingAt(j)
		subj := v.at(j)
		if subj < 0 || r.m(subj).t1 != j+1 {
			continue
		}
		subj = v.headOfBody(subj)
		for _, o := range objs {
			om := r.m(o)
			switch {
			case kind == "sign" && v.typ(subj) == graph.Person && om.typ.IsDocument():
				r.addRel(o, graph.SignedBy, subj, "", v.si, "signed_by/active", confCue)
			case kind == "approve" && om.typ == graph.Programme:
				r.addRel(o, graph.ApprovedBy, subj, "", v.si, "approved_by/active", confCue)
			case kind == "issue" && isIssuer(v.typ(subj)):
				if b := v.onBehalfOf(subj); b >= 0 {
					v.issuer(o, b, "on-behalf-of") // the body issues what its leader signs
				} else {
					v.issuer(o, subj, "active")
				}
			}
			// "On March 16, 2022, the Politburo issued …" (or "… signed"):
			// the date before.
			if (kind == "issue" || kind == "sign") && om.typ.IsDocument() {
				if between != nil {
					v.issuedOn(o, *between, "issued_on/date-before-verb")
				} else if h, ok := v.leadingDate(subj); ok {
					v.issuedOn(o, h, "issued_on/leading-date")
				}
			}
		}
	}
}

// onBehalfOf returns the body of "On behalf of the Politburo, …" opening
// the clause of subject subj, or -1.
func (v *sview) onBehalfOf(subj int) int {
	j := v.afterDateline(v.clauseStart(v.r.m(subj).t0))
	if j+2 >= v.hi || !v.toks[j].word("on") || !v.toks[j+1].word("behalf") || !v.toks[j+2].word("of") {
		return -1
	}
	if o := v.mentionAfter(j + 3); o >= 0 && v.typ(o) == graph.Organization && v.r.m(o).t1 <= v.r.m(subj).t0 {
		return o
	}
	return -1
}

// leadingUnder returns the document of "Under Decision …," opening the
// clause of the verb at k, or -1.
func (v *sview) leadingUnder(k int) int {
	j := v.afterDateline(v.clauseStart(k))
	if j >= k || !(v.toks[j].word("under") || v.toks[j].word("theo")) {
		return -1
	}
	d := v.mentionAfter(j + 1)
	if d < 0 || !v.typ(d).IsDocument() {
		return -1
	}
	if e := v.r.m(d).t1; e >= k || !v.toks[e].punct(",") {
		return -1
	}
	return d
}

// headOfBody returns, for a body named as part of another ("the
// Secretariat of the Communist Party of Vietnam Central Committee"), the
// first of them, which is the one that acts; o itself otherwise.
func (v *sview) headOfBody(o int) int {
	for v.typ(o) == graph.Organization {
		j := v.r.m(o).t0 - 1
		if j >= v.lo && v.toks[j].word("the") {
			j--
		}
		if j < v.lo || !v.toks[j].word("of") {
			break
		}
		h := v.at(j - 1)
		if h < 0 || v.r.m(h).t1 != j || v.typ(h) != graph.Organization {
			break
		}
		o = h
	}
	return o
}

// personInTitle returns the person a title run starting at token k
// leads to ("member (and permanent member of the Secretariat) X"), or -1:
// title words and the bodies inside them, up to the first person, within
// a few tokens and without a verb or a comma between.
func (v *sview) personInTitle(k int) int {
	for j := k; j < v.hi && j < k+14; {
		if o := v.at(j); o >= 0 {
			if v.typ(o) == graph.Person {
				return o
			}
			j = v.r.m(o).t1
			continue
		}
		if e := int(v.bc.titleEnd[j]); e > j {
			j = e
			continue
		}
		if t := &v.toks[j]; t.word("and") || t.word("of") || t.word("the") || t.word("member") {
			j++
			continue
		}
		return -1
	}
	return -1
}

// leadingDate returns a date opening the clause before mention subj
// ("On March 16, 2022, the Politburo …", "Ngày 16/3/2022, Bộ Chính trị …").
func (v *sview) leadingDate(subj int) (dateHit, bool) {
	start := v.clauseStart(v.r.m(subj).t0)
	k := v.afterDateline(start)
	// "Earlier, on January 26, 2025, …", "Trước đó, ngày 23/6/2023, …".
	if k+1 < v.hi && v.toks[k+1].punct(",") {
		switch v.toks[k].fold {
		case "earlier", "previously", "later", "meanwhile", "also", "recently":
			k += 2
		}
	} else if k+2 < v.hi && (v.toks[k].word("truoc") || v.toks[k].word("sau")) && v.toks[k+1].word("do") && v.toks[k+2].punct(",") {
		k += 3
	}
	if k < v.hi && (v.toks[k].word("on") || v.toks[k].word("vao")) {
		k++
	}
	h, ok := v.dateAtTok(k)
	if !ok || h.t1 > v.r.m(subj).t0 {
		return dateHit{}, false
	}
	return h, true
}

// afterDateline returns where the text after a dateline starts when one
// opens the sentence at k ("Hanoi (VNA) – …", "Hà Nội – …"), else k.
func (v *sview) afterDateline(k int) int {
	o := v.at(k)
	if o < 0 || v.r.m(o).t0 != k || v.typ(o) != graph.Place {
		return k
	}
	j := v.r.m(o).t1
	if j+2 < v.hi && v.toks[j].punct("(") && v.toks[j+2].punct(")") {
		j += 3
	}
	if j < v.hi && (v.toks[j].punct("–") || v.toks[j].punct("-") || v.toks[j].punct("—")) {
		return j + 1
	}
	return k
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
		return graph.Replaces, 1, false // "Decree A replaced Decree B"
	case "amends", "amending":
		return graph.Amends, 1, false
	case "amended":
		if by {
			return graph.Amends, 2, true
		}
		// "Decree A amended (and supplemented) Decree B".
		if k+2 < hi && toks[k+1].word("and") && toks[k+2].word("supplemented") {
			return graph.Amends, 3, false
		}
		return graph.Amends, 1, false
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
// skipArticlesOf skips "(a number of | some) articles of" at k, which
// names part of the document after it; it returns k when there is none.
func (v *sview) skipArticlesOf(k int) int {
	j := k
	switch {
	case j+2 < v.hi && v.toks[j].word("a") && v.toks[j+1].word("number") && v.toks[j+2].word("of"):
		j += 3
	case j < v.hi && (v.toks[j].word("some") || v.toks[j].word("several") || v.toks[j].word("certain")):
		j++
	}
	if j+1 < v.hi && (v.toks[j].word("articles") || v.toks[j].word("provisions")) && v.toks[j+1].word("of") {
		return j + 2
	}
	return k
}

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
		for _, o := range v.listAfter(v.skipArticlesOf(k + n)) {
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
