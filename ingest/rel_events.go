package ingest

import (
	"strings"

	"github.com/govkg/govkg/graph"
)

// Rules about events: which event a sentence speaks of (named, or "the
// conference" for the text's main event), who chairs and attends it, and
// where and when it was held.

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
	// "The conference" stands for an event the text has named before,
	// not one it names later.
	if main < 0 || v.r.m(main).sent > v.si {
		return -1
	}
	head := eventHeadWord(v.r.m(main).name)
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
		case (t.word("were") || t.word("was") || t.word("included")) && v.attendanceCue(k):
			// "Attending the congress were X and Y", "Also present were …",
			// "Among the delegates attending the congress were …".
			v.attendees(k)
		case t.word("addressed"):
			v.personEvent(k, k+1, graph.Attends, "attends/addressed") // "X addressed the conference"
		case t.word("spoke") && k+1 < v.hi && toks[k+1].word("at"):
			v.personEvent(k, k+2, graph.Attends, "attends/spoke-at") // "X spoke at the conference"
		case t.word("delivered") || t.word("gave") || t.word("made"):
			// "X delivered a (keynote) speech at the conference".
			for j := k + 1; j+1 < v.hi && j < k+5; j++ {
				if toks[j].word("at") {
					if w := toks[j-1].fold; w == "speech" || w == "address" || w == "remarks" {
						v.personEvent(k, j+1, graph.Attends, "attends/speech-at")
					}
					break
				}
			}
		case t.word("du") && t.is(tfCap) && k == v.lo,
			t.word("tham") && t.is(tfCap) && k == v.lo && k+1 < v.hi && toks[k+1].word("du"):
			// "Dự hội nghị có …", "Tham dự Hội nghị có …": those listed
			// after "có" attend.
			for j := k + 1; j < v.hi && j < k+8; j++ {
				if toks[j].word("co") {
					// The list runs to the sentence's end, its items
					// often parted by semicolons.
					v.eventPersonsTo(j, j+1, v.hi, "attends/du-co")
					break
				}
			}
		case t.word("du") && !t.is(tfCap):
			// "X dự (và chỉ đạo) Hội nghị".
			from := k + 1
			if from+2 < v.hi && toks[from].word("va") {
				from += 3 // "và chỉ đạo", "và phát biểu"
			}
			v.personEvent(k, from, graph.Attends, "attends/du")
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
	v.eventPersonsTo(k, from, v.clauseEnd(from), rule)
}

// eventPersonsTo is eventPersons with the list ending at token end.
func (v *sview) eventPersonsTo(k, from, end int, rule string) {
	ev := v.eventBefore(k)
	if ev < 0 {
		return
	}
	for j := from; j < end; j++ {
		if o := v.at(j); o >= 0 && v.typ(o) == graph.Person {
			v.r.addRel(o, graph.Attends, ev, "", v.si, rule, confCue)
			j = v.r.m(o).t1 - 1
		}
	}
}

// attendanceCue reports whether the clause before the verb at k says
// that those after it attended: "Attending (the event)", "(Also) present
// (at …)", "Among the delegates/guests …". A verb right after it ("were
// told") is no list of people.
func (v *sview) attendanceCue(k int) bool {
	if k+1 >= v.hi {
		return false
	}
	if n := &v.toks[k+1]; n.kind == tkWord && !n.is(tfCap) && (strings.HasSuffix(n.fold, "ed") || strings.HasSuffix(n.fold, "ing")) {
		return false
	}
	for j := v.clauseStart(k); j < k; j++ {
		switch v.toks[j].fold {
		case "attending", "present", "delegates", "guests", "participants", "attendees":
			return true
		}
	}
	return false
}

// attendees links the people listed after the verb at k to the event the
// clause names, or, when a sentence opens with the cue and names none
// ("Also present were …"), to the text's main event named before.
func (v *sview) attendees(k int) {
	ev := v.eventBefore(k)
	if ev < 0 && !v.namesEvent(v.lo, k) {
		switch v.toks[v.lo].fold {
		case "attending", "also", "present", "among":
			if m := v.r.main; m >= 0 && v.r.m(m).sent < v.si {
				ev = m
			}
		}
	}
	if ev < 0 {
		return
	}
	for j := k + 1; j < v.clauseEnd(k+1); j++ {
		if o := v.at(j); o >= 0 && v.typ(o) == graph.Person {
			v.r.addRel(o, graph.Attends, ev, "", v.si, "attends/were", confCue)
			j = v.r.m(o).t1 - 1
		}
	}
}

// namesEvent reports whether tokens [i, j) speak of some event ("the
// opening session") that could not be resolved: the main event is then no
// safe guess.
func (v *sview) namesEvent(i, j int) bool {
	for k := i; k < j; k++ {
		if t := &v.toks[k]; t.kind == tkWord && (eventHead(t.fold) || t.fold == "event") {
			return true
		}
	}
	return false
}

// personEvent links the person right before the verb at k to the event
// right after it ("To Lam chaired the conference").
func (v *sview) personEvent(k, from int, p graph.Predicate, rule string) {
	j := k - 1
	for j >= v.lo && (v.toks[j].word("has") || v.toks[j].word("had") || v.toks[j].word("da") || v.toks[j].word("also")) {
		j--
	}
	j, _ = v.dateEndingAt(j) // "General Secretary To Lam on January 16 chaired …"
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
	j := v.r.m(p).t0 - 1
	for j >= v.lo && j > v.r.m(p).t0-60 {
		t := &v.toks[j]
		o := v.at(j)
		switch {
		case o >= 0 && v.typ(o) == graph.Person:
			out = append(out, o)
			j = v.r.m(o).t0 - 1
		case t.word("and") || t.word("va") || t.punct(",") || v.inTitle(j) || (o >= 0 && v.titleOrg[o]):
			if o >= 0 {
				j = v.r.m(o).t0 - 1
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
func (v *sview) anaphorAfter(from int) int { return v.anaphorBefore(min(from+4, v.hi)) }

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
		} else if k+2 < v.hi && toks[k+1].word("chuc") {
			v.organised(k, k+2) // "Sáng 10/1, Bộ Tư pháp tổ chức Hội nghị …"
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

// organised reads "(Sáng 10/1/2025,) X tổ chức <event> (tại <place>)":
// the event named right after the verb at k was held on the date that
// opens the sentence and at the place after it.
func (v *sview) organised(k, from int) {
	ev := v.at(from)
	if ev < 0 || v.r.m(ev).t0 != from || v.typ(ev) != graph.Event {
		return
	}
	j := v.afterDateline(v.clauseStart(k))
	if j < v.hi && (v.toks[j].word("sang") || v.toks[j].word("chieu") || v.toks[j].word("toi")) {
		j++ // "Sáng 10/1/2025": the morning of the date
	}
	if h, ok := v.dateAtTok(j); ok && h.iso() != "" && h.d > 0 && h.t1 <= k {
		v.r.addRel(ev, graph.HeldOn, -1, h.iso(), v.si, "held_on/to-chuc", confCue)
	}
	if e := v.r.m(ev).t1; e+1 < v.hi && v.toks[e].word("tai") {
		if o := v.mentionAfter(e + 1); o >= 0 && v.typ(o) == graph.Place {
			v.r.addRel(ev, graph.HeldIn, o, "", v.si, "held_in/to-chuc", confCue)
		}
	}
}
