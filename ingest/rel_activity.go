package ingest

import "github.com/govkg/govkg/graph"

// Rules about carrying out and reviewing: who implements which documents
// and programmes ("the PSF's implementation of …", "… implemented by the
// Ministry"), and which documents and programmes an event reviews.

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
	case "implementing", "implement", "implements", "implemented", "realizing", "realising", "realize", "realise",
		"realized", "realised", "executing", "execute":
		return 1, false
	case "carry", "carrying", "carries", "carried":
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
			if v.directs(j) {
				return -1 // "X asked ministries to carry out …": X does not
			}
			continue
		}
		m := v.r.m(o)
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
				if eventHead(v.toks[p-1].fold) {
					continue // "a meeting of the Government's Standing Board on the implementation of …"
				}
			}
		}
		return o
	}
	return -1
}

// directs reports whether token j is an active verb that tells others to
// act ("asked", "urged", "yêu cầu"): the cue after it is the others' task,
// not its subject's. A passive ("was tasked to") keeps the subject.
func (v *sview) directs(j int) bool {
	t := &v.toks[j]
	switch t.fold {
	case "asked", "asks", "urged", "urges", "requested", "requests", "told", "directed", "directs",
		"instructed", "instructs", "ordered", "orders", "called", "calls", "demanded", "demands":
	case "cau": // "yêu cầu"
		return j > v.lo && v.toks[j-1].word("yeu")
	case "nghi": // "đề nghị"
		return j > v.lo && v.toks[j-1].word("de")
	default:
		return false
	}
	if j > v.lo {
		switch v.toks[j-1].fold {
		case "was", "were", "is", "are", "be", "been", "being":
			return false
		}
	}
	return true
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
			if !r.m(mi).dropped && !r.m(mi).inner && r.m(mi).typ == graph.Organization {
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
	// A sentence with its own subject ("The Ministry … will …") ends the
	// list; an imperative item ("Promote …", "Continue …") keeps it.
	if v.at(v.lo) >= 0 || capStop(toks[v.lo].fold) {
		r.carry = -1
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
			if o < 0 || r.m(o).t0 != j {
				continue
			}
			j = r.m(o).t1 - 1
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
