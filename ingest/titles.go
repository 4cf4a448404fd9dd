package ingest

import (
	"strings"

	"github.com/govkg/govkg/graph"
)

// Title chains: "Politburo member, Secretary of the Central Public
// Security Party Committee, Minister of Public Security General To Lam"
// and "Le Tan Toi, Member of the Party Central Committee and Chairman of
// the National Assembly's Committee for Defense and Security". Each item
// of a chain before a name, or after it between commas, gives the person a
// position, a body to lead or a body to belong to. Ranks and honorifics
// anchor the name and give nothing.

// titleItem is one item of a chain.
type titleItem struct {
	t0, t1 int
	role   titleRole
	org    int    // the body (member_of, leads), or -1
	pos    string // the position's name (holds_position), or ""
	posVN  string // the Vietnamese form of the position, when written so
}

// itemAt parses the title item starting at token k, if any.
func (v *sview) itemAt(k int) (titleItem, bool) {
	bc, toks := v.bc, v.toks
	if k >= v.hi {
		return titleItem{}, false
	}
	// A body followed by a title: "Politburo member", "Politburo's Member",
	// "Hanoi Party Committee Secretary".
	if o := v.at(k); o >= 0 && v.r.m(o).t0 == k && v.typ(o) == graph.Organization {
		e := v.r.m(o).t1
		if e < v.hi && toks[e].kind == tkPoss {
			e++
		}
		if e < v.hi && bc.titleEnd[e] != 0 {
			d := bc.titleDef(e)
			switch d.role {
			case roleMember, roleLeads:
				return titleItem{t0: k, t1: int(bc.titleEnd[e]), role: d.role, org: o}, true
			}
		}
		return titleItem{}, false
	}
	if bc.titleEnd[k] == 0 {
		return titleItem{}, false
	}
	d := bc.titleDef(k)
	end := int(bc.titleEnd[k])
	it := titleItem{t0: k, t1: end, role: d.role, org: -1}
	switch d.role {
	case roleRank, roleHonor:
		return it, true
	case rolePosition:
		// "President of the Vietnam Fatherland Front" leads the body.
		if o, e := v.ofBody(end); o >= 0 {
			it.role, it.org, it.t1 = roleLeads, o, e
			return it, true
		}
		it.pos = d.canon
		if f := bc.span(k, end); foldText(f) != foldText(d.canon) && !isASCIIText(f) {
			it.posVN = f
		}
		return it, true
	}
	// Titles of a body: "Secretary of the X Committee", "Bí thư Đảng ủy …",
	// "Minister of Public Security", "Bộ trưởng Bộ Công an".
	if o, e := v.ofBody(end); o >= 0 {
		it.t1 = e
		om := v.r.m(o)
		switch {
		case d.canon == "Minister" || d.canon == "Deputy Minister" || d.role == roleOfPos:
			// A minister's title states a position, not that he leads.
			it.role, it.org = roleOfPos, -1
			it.pos = positionOf(d.canon, om)
			if toks[end].word("of") && !strings.HasPrefix(lexName(om), "Ministry of ") {
				it.pos = d.canon + " " + bc.span(end, e) // "Deputy Secretary of the Central Military Commission"
				// "Deputy Secretary of the CMC": the position is named
				// with what the abbreviation stands for.
				if om.t1 == om.t0+1 && toks[om.t0].is(tfUpper) {
					full := lexName(om)
					if def, ok := v.r.abbrs[om.abbr]; ok && om.abbr != "" {
						full = lexName(v.r.m(def))
					}
					if full != strings.ToUpper(full) { // the full name, not the abbreviation again
						it.pos = d.canon + " of the " + full
					}
				}
			}
			if f := bc.span(k, e); !isASCIIText(f) {
				it.posVN = f
			}
		case d.canon == "Secretary" && lexName(om) == "Party Central Committee":
			// "Secretary of the Party Central Committee" (Bí thư Trung
			// ương Đảng) sits on the Secretariat; the General Secretary
			// leads the Committee.
			it.role, it.org = roleOfPos, -1
			it.pos = "Secretary of the Party Central Committee"
		default:
			it.org = o
		}
		return it, true
	}
	// "Minister of Public Security": of + name words that are no body.
	if end+1 < v.hi && (toks[end].word("of") || toks[end].word("for")) && (d.role == roleOfPos || d.role == roleLeads) {
		j := end + 1
		if toks[j].word("the") {
			j++
		}
		if e := bc.orgTail(j, v.hi); e > j {
			it.t1 = e
			it.role = roleOfPos
			it.pos = d.canon + " of " + bc.span(j, e)
			return it, true
		}
	}
	// A bare title ("Minister To Lam"): an anchor only.
	it.role = roleHonor
	return it, true
}

// ofBody reads "of (the) <body>" after a title, or in Vietnamese the body
// written right after it ("Bí thư Đảng ủy …"), returning the body mention
// and the end of the phrase.
func (v *sview) ofBody(k int) (int, int) {
	if k >= v.hi {
		return -1, k
	}
	j := k
	english := v.toks[j].word("of") || v.toks[j].word("for")
	if english {
		j++
		if j < v.hi && v.toks[j].word("the") {
			j++
		}
		// "Secretary of the municipal Party Committee".
		for j < v.hi && localWord(v.toks[j].fold) && !v.toks[j].is(tfCap) {
			j++
		}
	}
	o := v.at(j)
	if o < 0 || v.r.m(o).t0 != j || v.typ(o) != graph.Organization {
		return -1, k
	}
	if !english && !vietName(*v.r.m(o)) {
		return -1, k
	}
	return o, v.r.m(o).t1
}

// localWord lists the lower-case words that place a body before its name
// ("the municipal Party Committee", "the provincial People's Committee").
func localWord(w string) bool {
	switch w {
	case "municipal", "provincial", "city", "city's", "district", "local", "commune", "town":
		return true
	}
	return false
}

// vietName reports whether a mention was written in Vietnamese.
func vietName(m mention) bool {
	if !isASCIIText(m.name) {
		return true
	}
	for _, f := range m.forms {
		if !isASCIIText(f) {
			return true
		}
	}
	return false
}

func isASCIIText(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
}

// positionOf names the position a title gives in a body: "Minister of
// Public Security" for a minister of the Ministry of Public Security,
// "Deputy Secretary of Hanoi Party Committee" otherwise.
func positionOf(title string, org *mention) string {
	name := lexName(org)
	if strings.HasPrefix(name, "Ministry of ") && strings.HasSuffix(title, "Minister") {
		return title + " of " + strings.TrimPrefix(name, "Ministry of ")
	}
	return title + " of " + name
}

// chainSep reports whether tokens [i, j) only separate chain items: a
// comma, "and", "cum", "và", "kiêm".
func (v *sview) chainSep(i, j int) bool {
	if j-i > 2 {
		return false
	}
	for k := i; k < j; k++ {
		t := &v.toks[k]
		if !(t.punct(",") || t.word("and") || t.word("cum") || t.word("va") || t.word("kiem")) {
			return false
		}
	}
	return true
}

// titleChains finds every person's chain and records what it says.
func (v *sview) titleChains() {
	r := v.r
	s := &r.sents[v.si]
	items := v.bc.items[:0]
	defer func() { v.bc.items = items[:0] }()
	for k := v.lo; k < v.hi; k++ {
		if it, ok := v.itemAt(k); ok {
			// "Secretary of the … Committee (PSCPC)": the abbreviation
			// belongs to the item.
			if e := it.t1; e+2 < v.hi && v.toks[e].punct("(") && v.toks[e+1].is(tfUpper) && v.toks[e+2].punct(")") {
				it.t1 = e + 3
			}
			items = append(items, it)
			k = it.t1 - 1
		}
	}
	if len(items) == 0 {
		return
	}
	v.titleOrg = map[int]bool{}
	for _, it := range items {
		if it.org >= 0 {
			v.titleOrg[it.org] = true
		}
	}
	used := make([]bool, len(items))
	for mi := s.m0; mi < s.m1; mi++ {
		m := r.m(mi)
		if m.dropped || m.inner || m.typ != graph.Person {
			continue
		}
		// Prefix chain: the item ending at the name, and those before it.
		next := m.t0
		var chain []int
		for n := len(items) - 1; n >= 0; n-- {
			it := items[n]
			if it.t1 > next || used[n] {
				continue
			}
			if it.t1 == next || (len(chain) > 0 && v.chainSep(it.t1, next)) {
				chain = append(chain, n)
				next = it.t0
				continue
			}
			break
		}
		memorial, former := v.memorial(next), v.former(next)
		for _, n := range chain {
			used[n] = true
			if !former {
				v.itemRelations(mi, items[n], "title-prefix", memorial)
			}
		}
		// Appositive chain: ", item, item and item," after the name, or
		// ", who is also item, …".
		k := m.t1
		if k >= v.hi || !v.toks[k].punct(",") {
			continue
		}
		k = v.skipWhoIs(k + 1)
		for n := range items {
			it := items[n]
			if it.t0 < k || used[n] {
				continue
			}
			if it.t0 != k || it.role == roleRank || it.role == roleHonor {
				break
			}
			// A chain of items that ends right before another person is
			// that person's titles: "Binh, Politburo member and Secretary
			// of the Hanoi Party Committee Bui Thi Minh Hoai".
			last := n
			for last+1 < len(items) && v.chainSep(items[last].t1, items[last+1].t0) {
				last++
			}
			if o := v.at(items[last].t1); o >= 0 && v.typ(o) == graph.Person {
				break
			}
			used[n] = true
			v.itemRelations(mi, it, "title-appositive", false)
			k = it.t1
			for k < v.hi && (v.toks[k].punct(",") || v.toks[k].word("and") || v.toks[k].word("va") || v.toks[k].word("cum")) {
				k++
			}
		}
	}
	v.appointments(items, used)
}

// appointments reads a person appointed or elected to a post: "appoint
// Nguyen Van A as Chief of …", "Luong Tam Quang was appointed Minister of
// Public Security", "was elected to the post of …". The person then holds
// (or leads) what the title item says.
func (v *sview) appointments(items []titleItem, used []bool) {
	r, toks := v.r, v.toks
	itemAt := func(k int) int {
		for n := range items {
			if items[n].t0 == k && !used[n] {
				return n
			}
		}
		return -1
	}
	// post returns the item that the words from k lead to: "as X", "to the
	// post (position) of X", "X" itself.
	post := func(k int) int {
		if k < v.hi && (toks[k].word("as") || toks[k].word("to")) {
			k++
			if k+2 < v.hi && toks[k].word("the") && (toks[k+1].word("post") || toks[k+1].word("position")) && toks[k+2].word("of") {
				k += 3
			} else if k < v.hi && toks[k].word("be") {
				k++
			}
			if k < v.hi && (toks[k].word("a") || toks[k].word("an") || toks[k].word("the")) {
				k++
			}
		}
		return itemAt(k)
	}
	for mi := r.sents[v.si].m0; mi < r.sents[v.si].m1; mi++ {
		m := r.m(mi)
		if m.dropped || m.inner || m.typ != graph.Person {
			continue
		}
		n := -1
		// "Nguyen Van A was (re-)appointed …".
		if k := m.t1; k+1 < v.hi && (toks[k].word("was") || toks[k].word("is") || toks[k].word("has")) {
			k++
			if k < v.hi && toks[k].word("been") {
				k++
			}
			if k+2 < v.hi && toks[k].word("re") && toks[k+1].punct("-") { // "re-elected"
				k += 2
			}
			if k < v.hi && appointVerb(toks[k].fold) {
				n = post(k + 1)
			}
		}
		// "appoint(ing) Nguyen Van A as …".
		if n < 0 && m.t0 > v.lo && appointVerb(toks[m.t0-1].fold) {
			n = post(m.t1)
		}
		if n >= 0 {
			used[n] = true
			v.itemRelations(mi, items[n], "appointed", false)
		}
	}
}

// appointVerb reports whether a folded word appoints or elects someone.
func appointVerb(w string) bool {
	switch w {
	case "appoint", "appoints", "appointed", "appointing", "reappointed", "elect", "elects", "elected", "electing",
		"reelected", "named", "promoted", "assigned":
		return true
	}
	return false
}

// skipWhoIs skips "who is (also)" at k, which opens a relative clause
// that gives a person's titles, and returns where the titles start.
func (v *sview) skipWhoIs(k int) int {
	if k+1 >= v.hi || !v.toks[k].word("who") || !(v.toks[k+1].word("is") || v.toks[k+1].word("was")) {
		return k
	}
	k += 2
	for k < v.hi && (v.toks[k].word("also") || v.toks[k].word("concurrently") || v.toks[k].word("currently") || v.toks[k].word("now")) {
		k++
	}
	return k
}

// memorial reports whether the chain starting at k follows words of
// remembrance ("paid tribute to President Ho Chi Minh", "the late"): the
// title is then an honour, not a position the text says is held.
func (v *sview) memorial(k int) bool {
	for j := k - 1; j >= v.lo && j >= k-3; j-- {
		switch v.toks[j].fold {
		case "tribute", "late", "great", "memory", "memorial", "beloved", "uncle", "mausoleum":
			return true
		case "co": // "cố" (the late), not "có" (has)
			if w := v.bc.text[v.toks[j].start:v.toks[j].end]; w == "cố" || w == "Cố" {
				return true
			}
		}
	}
	return false
}

// former reports whether the chain starting at k is a past one ("former
// General Secretary", "ex-Minister", "nguyên Bộ trưởng"): the text then
// says nothing of what the person holds, leads or belongs to now.
func (v *sview) former(k int) bool {
	j := k - 1
	if j >= v.lo && v.toks[j].punct("-") {
		j--
	}
	if j < v.lo {
		return false
	}
	switch v.toks[j].fold {
	case "former", "ex", "outgoing", "retired":
		return true
	case "nguyen": // "nguyên" (former), not the family name Nguyễn
		w := v.bc.text[v.toks[j].start:v.toks[j].end]
		return w == "nguyên" || w == "Nguyên"
	}
	return false
}

// itemRelations records what one chain item says of person p.
func (v *sview) itemRelations(p int, it titleItem, how string, memorial bool) {
	r := v.r
	switch it.role {
	case roleMember:
		if it.org >= 0 {
			r.addRel(p, graph.MemberOf, it.org, "", v.si, "member_of/"+how, confCue)
		}
	case roleLeads:
		if it.org >= 0 {
			r.addRel(p, graph.Leads, it.org, "", v.si, "leads/"+how, confCue)
		}
	case rolePosition, roleOfPos:
		if it.pos == "" || memorial {
			return
		}
		pm := mention{typ: graph.Position, t0: it.t0, t1: it.t1, sent: v.si, name: it.pos, inner: true,
			start: v.toks[it.t0].start, end: v.toks[it.t1-1].end}
		if it.posVN != "" && it.posVN != it.pos {
			pm.forms = append(pm.forms, it.posVN)
		}
		r.addRel(p, graph.HoldsPosition, r.addMention(pm), "", v.si, "holds_position/"+how, confCue)
	}
}

// lexName is a mention's built-in canonical name, else its own.
func lexName(m *mention) string {
	if m.lex != nil {
		return m.lex.canon
	}
	return m.name
}
