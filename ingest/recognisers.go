package ingest

import (
	"strings"

	"github.com/govkg/govkg/graph"
)

// Name-shape recognisers: events, bodies, programmes and persons, in
// English ("the 77th National Public Security Conference", "the Central
// Public Security Party Committee", "National Security Protection
// Strategy", "General To Lam") and Vietnamese ("Hội nghị Công an toàn
// quốc lần thứ 77", "Đảng ủy Công an Trung ương", "Đại tướng Tô Lâm").

// maxNameWords bounds how far a name's words are followed from its head:
// names of bodies, events and programmes are never longer.
const maxNameWords = 14

// events proposes conferences, congresses and plenums, and "Resolution of
// the <event>" documents around them.
func (bc *blockCtx) events(si, lo, hi int, add func(candidate)) {
	toks := bc.toks
	for h := lo; h < hi; h++ {
		t := &toks[h]
		if t.kind != tkWord || !(t.is(tfCap) || t.is(tfOrdinal)) {
			continue
		}
		var m mention
		var ok bool
		if t.is(tfOrdinal) && h+1 < hi && eventHead(toks[h+1].fold) && !toks[h+1].is(tfCap) {
			m, ok = bc.ordinalEvent(si, h, hi)
		} else if eventHead(t.fold) {
			m, ok = bc.englishEvent(si, h, lo, hi)
		} else if h+1 < hi && vietEventHead(t.fold, toks[h+1].fold) {
			m, ok = bc.vietEvent(si, h, lo, hi)
		}
		if !ok {
			continue
		}
		add(candidate{m: m, prio: prioEvent})
		// "Resolution of the <event>", "Nghị quyết (của) <event>".
		if res, ok := bc.resolutionOf(si, m, lo); ok {
			in := m
			add(candidate{m: res, prio: prioCitation, inner: &in})
		}
	}
}

func vietEventHead(a, b string) bool {
	switch a {
	case "hoi":
		return b == "nghi" || b == "thao"
	case "dai":
		return b == "hoi"
	case "ky", "phien":
		return b == "hop"
	}
	return false
}

// englishEvent reads an event name ending in the head word at h.
func (bc *blockCtx) englishEvent(si, h, lo, hi int) (mention, bool) {
	toks := bc.toks
	l, ord := h, 0
	for l-1 >= lo && h-l < maxNameWords {
		p := &toks[l-1]
		if bc.nameWord(l - 1) {
			l--
			continue
		}
		if p.is(tfOrdinal) {
			l--
			ord = ordinalValue(p)
			break
		}
		if p.kind == tkPoss && l-2 >= lo && bc.nameWord(l-2) {
			l--
			continue
		}
		break
	}
	if l == h {
		return mention{}, false
	}
	// "Party Congress", "National Conference" with no ordinal name no
	// one event (a headline's "Party Congress resolution …").
	if h-l == 1 && !toks[l].is(tfOrdinal) && !toks[l].is(tfUpper) {
		switch toks[l].fold {
		case "party", "national", "central", "annual":
			if !(h+1 < hi && (toks[h+1].word("of") || toks[h+1].word("on"))) {
				return mention{}, false
			}
		}
	}
	end := h + 1
	if end+1 < hi && toks[end].word("of") {
		j := end + 1
		if toks[j].word("the") {
			j++
		}
		k := j
		if k < hi && toks[k].is(tfOrdinal) {
			k++
		}
		if e := bc.capRun(k, hi); e > k {
			end = e
		}
	} else if end+1 < hi && toks[end].word("on") && toks[end+1].is(tfCap) {
		// "National Conference on Party Building and Organisation Work".
		if e := bc.orgTail(end+1, hi); e > end+1 {
			end = e
		}
	}
	if ord == 0 && toks[l].kind == tkWord && toks[l].is(tfUpper) {
		ord = romanValue(toks[l].fold)
	}
	name := bc.span(l, end)
	m := bc.newMention(si, graph.Event, l, end, eventCanon(name, ord))
	m.ord = ord
	return m, true
}

// ordinalEvent reads "8th plenum of the 13th Party Central Committee",
// "sixth session of the 15th National Assembly": an ordinal, a lower-case
// event word and the body it belongs to.
func (bc *blockCtx) ordinalEvent(si, h, hi int) (mention, bool) {
	toks := bc.toks
	j := h + 2
	if j+1 >= hi || !toks[j].word("of") {
		return mention{}, false
	}
	j++
	if toks[j].word("the") && j+1 < hi {
		j++
	}
	k := j
	if toks[k].is(tfOrdinal) {
		k++
	}
	e := bc.capRun(k, hi)
	if e == k {
		return mention{}, false
	}
	m := bc.newMention(si, graph.Event, h, e, bc.span(h, e))
	m.ord = ordinalValue(&toks[h])
	if toks[h].kind == tkWord && toks[h].fold[0] > '9' && m.ord > 0 {
		// "eighth session of …" is also written "8th session of …".
		m.forms = append(m.forms, ordinalName(m.ord)+" "+bc.span(h+1, e))
	}
	return m, true
}

// vietEvent reads "Hội nghị … lần thứ 77", "Đại hội XIII của Đảng",
// "Hội nghị Trung ương 8", "Hội nghị tổng kết công tác năm 2024" (lo is
// where the sentence starts).
func (bc *blockCtx) vietEvent(si, h, lo, hi int) (mention, bool) {
	toks := bc.toks
	end, ord, caps := h+2, 0, 0
	for k := h + 2; k < hi && k < h+16; k++ {
		t := &toks[k]
		if t.kind == tkPunct || t.kind == tkPoss || bc.dateIdx[k] >= 0 {
			break
		}
		if t.word("lan") && k+2 < hi && toks[k+1].word("thu") {
			if n := ordinalValue(&toks[k+2]); n > 0 {
				ord, end = n, k+3
				if end+1 < hi && toks[end].word("cua") && toks[end+1].word("dang") {
					end += 2
				}
			}
			break
		}
		if n := ordinalValue(t); n > 0 && (t.kind == tkNum || t.is(tfUpper)) {
			ord, end = n, k+1
			if end+1 < hi && toks[end].word("cua") && toks[end+1].word("dang") {
				end += 2
			}
			break
		}
		if vietStop(t.fold) && !t.is(tfCap) {
			break
		}
		if t.is(tfCap) {
			caps++
		}
		end = k + 1
	}
	if ord == 0 && caps == 0 {
		// "Hội nghị tổng kết công tác tư pháp năm 2024 và triển khai
		// nhiệm vụ năm 2025": a capitalised head and what it is for. At
		// the start of a sentence "Hội nghị tổng kết …" is rather "the
		// conference reviewed …".
		if e, ok := bc.vietEventPurpose(h+2, hi); ok && toks[h].is(tfCap) && h > lo {
			end = e
		} else {
			return mention{}, false
		}
	}
	// Trim trailing lower-case words after the last capitalised one when
	// there is no ordinal: "Hội nghị Công an toàn quốc" keeps "toàn quốc",
	// but not the verb that follows.
	name := bc.span(h, end)
	m := bc.newMention(si, graph.Event, h, end, eventCanon(name, ord))
	m.ord = ord
	return m, true
}

// vietEventPurpose reads what a Vietnamese conference is for, from token
// k: a verb that names one ("tổng kết", "sơ kết", "triển khai", "quán
// triệt") and its object, up to punctuation or a word that ends a name
// but keeps "năm 2024" and a second purpose after "và". It returns the
// end of the name.
func (bc *blockCtx) vietEventPurpose(k, hi int) (int, bool) {
	toks := bc.toks
	purpose := func(k int) bool {
		if k+1 >= hi {
			return false
		}
		a, b := toks[k].fold, toks[k+1].fold
		return (a == "tong" || a == "so") && b == "ket" || a == "trien" && b == "khai" || a == "quan" && b == "triet"
	}
	if !purpose(k) {
		return 0, false
	}
	end := k + 2
	for j := k + 2; j < hi && j < k+20; j++ {
		t := &toks[j]
		switch {
		case t.word("nam") && j+1 < hi && yearOf(&toks[j+1]) > 0:
			end = j + 2
			j++
			continue
		case t.word("va") && purpose(j+1):
			j += 1
			continue
		case t.kind != tkWord || bc.dateIdx[j] >= 0 || t.is(tfCap) || purposeStop(t.fold):
			return end, true
		}
		end = j + 1
	}
	return end, true
}

// purposeStop lists the words that end what a conference is for: its
// place, its time, its organiser, a verb of the sentence. (vietStop's
// list would cut "công tác tư pháp", whose "tư" folds like "từ".)
func purposeStop(w string) bool {
	switch w {
	case "tai", "do", "voi", "vao", "ngay", "sang", "chieu", "toi", "da", "duoc", "se", "dang", "va", "cua", "theo", "nham", "khi":
		return true
	}
	return false
}

// vietStop lists Vietnamese function words and verbs that end a name.
func vietStop(w string) bool {
	switch w {
	case "da", "duoc", "ve", "cua", "va", "tai", "ngay", "voi", "cho", "trong", "theo", "de", "la",
		"co", "se", "dang", "thuc", "trien", "chu", "du", "tham", "khai", "phe", "thong", "tong",
		"danh", "nham", "so", "nam", "lan", "khi", "thi", "nay", "do", "vao", "tu", "den", "ban",
		"nhu", "cac", "nhung", "mot", "tren", "duoi", "sau", "truoc", "bi", "boi", "ra", "len":
		return true
	}
	return false
}

// eventCanon names Party congresses the same way however they are
// written ("13th National Congress of the Party", "Đại hội XIII của
// Đảng"): "13th National Party Congress". Other names stay as written.
func eventCanon(name string, ord int) string {
	if ord <= 0 {
		return name
	}
	party, congress := false, false
	for _, w := range strings.Fields(foldText(name)) {
		switch w {
		case "party", "dang":
			party = true
		case "congress":
			congress = true
		case "dai":
			congress = strings.HasPrefix(foldText(name), "dai hoi")
		case "national", "of", "the", "communist", "vietnam", "viet", "nam", "cpv", "hoi", "bieu",
			"toan", "quoc", "lan", "thu", "cua", "cong", "san":
		default:
			if ordinalValue(&token{fold: w, flags: tfOrdinal}) != ord && romanValue(w) != ord {
				return name
			}
		}
	}
	if party && congress {
		return ordinalName(ord) + " National Party Congress"
	}
	return name
}

// resolutionOf proposes "Resolution of the <event>" when the event m is
// preceded by that phrase.
func (bc *blockCtx) resolutionOf(si int, ev mention, lo int) (mention, bool) {
	toks := bc.toks
	i := ev.t0
	if i-1 >= lo && toks[i-1].word("the") {
		i--
	}
	switch {
	case i-2 >= lo && toks[i-1].word("of") && toks[i-2].word("resolution") && toks[i-2].is(tfCap):
		i -= 2
	case i-2 >= lo && toks[i-1].word("cua") && toks[i-2].word("quyet") && i-3 >= lo && toks[i-3].word("nghi"):
		i -= 3
	case i-2 >= lo && toks[i-1].word("quyet") && toks[i-2].word("nghi") && toks[i-2].is(tfCap):
		i -= 2
	default:
		return mention{}, false
	}
	name := "Resolution of the " + ev.name
	m := bc.newMention(si, graph.Resolution, i, ev.t1, name)
	m.doc = &docInfo{kind: graph.Resolution, event: -1, named: "of " + foldText(ev.name)}
	return m, true
}

// headFirst lists heads that can open a name: "Ministry of Justice".
func headFirst(w string) bool {
	switch w {
	case "ministry", "department", "office", "committee", "commission", "council", "academy",
		"institute", "university", "union", "federation", "association", "bank", "bureau", "board",
		"agency", "administration", "court", "directorate", "authority", "inspectorate":
		return true
	}
	return false
}

// organizations proposes bodies named in English: capitalised words
// ending in a head word ("Central Public Security Party Committee",
// "People's Public Security Force", "Public Security force"), with an
// "of/for …" tail ("Ministry of Public Security", "Committee for Defense
// and Security"), a topic tail for steering committees ("Central Steering
// Committee on preventing and combating corruption"), and the ordinal of
// a term ("the 13th Party Central Committee").
func (bc *blockCtx) organizations(si, lo, hi int, add func(candidate)) {
	toks := bc.toks
	for h := lo; h < hi; h++ {
		t := &toks[h]
		if t.kind != tkWord || !orgHead(t.fold) {
			continue
		}
		lower := !t.is(tfCap)
		if lower && t.fold != "force" && t.fold != "forces" {
			continue
		}
		if bc.titleEnd[h] != 0 || bc.hyphenJoined(h, h+1, lo, hi) {
			continue
		}
		l, words := h, 0
		for l-1 >= lo && h-l < maxNameWords {
			p := &toks[l-1]
			if bc.nameWord(l-1) && !bc.hyphenJoined(l-1, l, lo, hi) || (bc.nameWord(l-1) && p.end == toks[l].start) {
				l--
				words++
				continue
			}
			if p.kind == tkPoss && l-2 >= lo && bc.nameWord(l-2) && toks[l].is(tfCap) {
				l--
				continue
			}
			if p.punct("-") && glued(toks, l-1) && glued(toks, l) && l-2 >= lo && bc.nameWord(l-2) {
				l--
				continue
			}
			break
		}
		// "The Ministry of Public Security's Department of …": a known
		// body that begins before the name words owns what follows its
		// possessive, which is a name of its own.
		for k := l; k < h; k++ {
			if toks[k].kind == tkPoss && bc.knownBodyEndingAt(l, k) {
				l, words = k+1, 0
				for w := l; w < h; w++ {
					if bc.nameWord(w) {
						words++
					}
				}
				break
			}
		}
		if lower && words < 2 {
			continue
		}
		start := l
		if l-1 >= lo && toks[l-1].is(tfOrdinal) && words > 0 {
			start = l - 1
		}
		end := h + 1
		tail := false
		if end+1 < hi && (toks[end].word("of") || toks[end].word("for")) && !lower {
			j := end + 1
			if toks[j].word("the") && j+1 < hi {
				j++
			}
			if e := bc.orgTail(j, hi); e > j {
				end, tail = e, true
			}
			// "Police Department for Administrative Management of Social
			// Order": a second "of" phrase of capitalised words.
			if tail && end+1 < hi && toks[end].word("of") && toks[end+1].is(tfCap) && !bc.personStart(end+1, hi) && bc.placeEnd(end+1, hi) == end+1 {
				if e := bc.orgTail(end+1, hi); e > end+1 {
					end = e
				}
			}
		}
		name := bc.span(l, end)
		head := ""
		steering := false
		for k := l; k < end; k++ {
			steering = steering || toks[k].fold == "steering"
		}
		if steering && end+1 < hi && (toks[end].word("on") || toks[end].word("for")) {
			if e := bc.topicTail(end+1, hi); e > end+1 {
				head = name
				end, tail = e, true
				name = bc.span(l, end)
			}
		}
		if words == 0 && !(tail && headFirst(t.fold)) {
			continue
		}
		if t.fold == "party" && words == 0 {
			continue
		}
		m := bc.newMention(si, graph.Organization, start, end, name)
		if head != "" {
			m.head = head
			m.forms = append(m.forms, head)
		}
		if start != l {
			m.forms = append(m.forms, bc.span(start, end))
		}
		// "National Assembly's Committee for Defense and Security" is also
		// "Committee for Defense and Security".
		for k := l; k < h; k++ {
			if toks[k].kind == tkPoss && h-k >= 1 && (end-k > 2) {
				m.forms = append(m.forms, bc.span(k+1, end))
				break
			}
		}
		add(candidate{m: m, prio: prioPattern})
	}
	bc.vietOrganizations(si, lo, hi, add)
}

// orgTail returns the end of the name words after "of/for (the)" in a
// body's name: "Public Security", "Planning and Investment", "Labour,
// Invalids and Social Affairs". It stops before a title or a person.
func (bc *blockCtx) orgTail(j, hi int) int {
	toks := bc.toks
	end := j
	for k := j; k < hi && k < j+maxNameWords; k++ {
		if bc.nameWord(k) && !bc.personStart(k, hi) {
			end = k + 1
			continue
		}
		t := &toks[k]
		if end == k && k > j && k+1 < hi && bc.nameWord(k+1) && !orgHead(toks[k+1].fold) && !bc.personStart(k+1, hi) &&
			(t.word("and") || t.punct(",") || (t.punct("-") && glued(toks, k)) || t.kind == tkPoss) {
			continue
		}
		// "New-style": a name word joined to a lower-case word.
		if end == k && k > j && k+1 < hi && t.punct("-") && glued(toks, k) && glued(toks, k+1) && toks[k+1].kind == tkWord {
			end = k + 2
			k++
			continue
		}
		break
	}
	return end
}

// topicTail returns the end of a lower-case topic after "on": "preventing
// and combating corruption and negativity". It stops at punctuation, a
// capital or a verb.
func (bc *blockCtx) topicTail(j, hi int) int {
	toks := bc.toks
	end := j
	for k := j; k < hi && k < j+12; k++ {
		t := &toks[k]
		switch {
		case t.kind == tkWord && !t.is(tfCap) && !topicStop(t.fold):
			end = k + 1
		case t.punct("-") && glued(toks, k) && k+1 < hi && glued(toks, k+1):
		default:
			return trimTopic(toks, j, end)
		}
	}
	return trimTopic(toks, j, end)
}

func trimTopic(toks []token, j, end int) int {
	for end > j && (toks[end-1].word("and") || toks[end-1].word("of") || toks[end-1].word("the")) {
		end--
	}
	return end
}

func topicStop(w string) bool {
	switch w {
	case "is", "are", "was", "were", "has", "have", "had", "will", "would", "to", "in", "at", "with",
		"by", "under", "that", "which", "who", "as", "from", "been", "be", "being", "can", "could":
		return true
	}
	return false
}

// personStart reports whether a Vietnamese name starts at toks[i].
func (bc *blockCtx) personStart(i, hi int) bool {
	t := &bc.toks[i]
	if t.kind != tkWord || !t.is(tfCap) || surnameStrength(t.fold) == 0 || !vietSyllable(t.fold) {
		return false
	}
	return i+1 < hi && bc.toks[i+1].kind == tkWord && bc.toks[i+1].is(tfCap) && vietSyllable(bc.toks[i+1].fold) &&
		!orgHead(bc.toks[i+1].fold)
}

// vietOrganizations proposes bodies named in Vietnamese that the built-in
// list does not hold: a head ("Đảng ủy", "Tỉnh ủy", "Công an", "Ủy ban
// nhân dân", "Ban Chỉ đạo", "Sở", "Cục") followed by capitalised
// components ("Công an Trung ương", "tỉnh Bắc Ninh").
func (bc *blockCtx) vietOrganizations(si, lo, hi int, add func(candidate)) {
	toks := bc.toks
	for h := lo; h+1 < hi; h++ {
		t := &toks[h]
		if t.kind != tkWord || !t.is(tfCap) {
			continue
		}
		n := vietOrgHead(toks, h, hi)
		if n == 0 || isASCIIText(bc.span(h, h+n)) {
			continue // Vietnamese heads carry diacritics ("Trường", not "Truong")
		}
		end, comps := h+n, 0
		lowers := 0
		for k := h + n; k < hi && k < h+n+10; k++ {
			w := &toks[k]
			if w.kind != tkWord {
				if w.punct("-") && glued(toks, k) && k+1 < hi && toks[k+1].is(tfCap) {
					continue
				}
				break
			}
			if w.is(tfCap) {
				// A place the lexicon knows is one component ("Tỉnh ủy
				// Bắc Ninh"); a person's name after the body ends it
				// ("Bộ trưởng Bộ Công an Trần Đại Quang").
				if e := bc.placeEnd(k, hi); e > k {
					comps++
					lowers = 0
					end = e
					k = e - 1
					continue
				}
				if bc.personStart(k, hi) {
					break
				}
				comps++
				lowers = 0
				end = k + 1
				continue
			}
			if vietAdminWord(w.fold) {
				lowers = 0
				end = k + 1
				continue
			}
			if comps > 0 && lowers < 2 && !vietStop(w.fold) && vietSyllable(w.fold) && !isASCIIText(bc.span(k, k+1)) {
				lowers++
				end = k + 1
				continue
			}
			break
		}
		if comps == 0 {
			continue
		}
		// Do not end on a dangling lower-case word after the last component
		// when it is a verb-like stop: trimmed above by vietStop.
		add(candidate{m: bc.newMention(si, graph.Organization, h, end, bc.span(h, end)), prio: prioPattern})
	}
}

// knownBodyEndingAt reports whether a body the lexicon knows starts a few
// tokens before l and ends at token k ("Ministry of Public Security" in
// "… of Public Security's Department").
func (bc *blockCtx) knownBodyEndingAt(l, k int) bool {
	isBody := func(e *lexEntry) bool { return e.kind != lexTitle && e.typ == graph.Organization }
	for s := l - 1; s >= 0 && s >= l-6; s-- {
		if _, end, ok := bc.r.x.trie.match(bc.toks, s, k, isBody); ok && end == k {
			return true
		}
	}
	return false
}

// placeEnd returns the end of a place the lexicon knows named from
// toks[k], or k.
func (bc *blockCtx) placeEnd(k, hi int) int {
	if _, end, ok := bc.r.x.trie.match(bc.toks, k, hi, func(e *lexEntry) bool { return e.typ == graph.Place }); ok {
		return end
	}
	return k
}

// vietOrgHead returns how many tokens a Vietnamese body head takes at h.
func vietOrgHead(toks []token, h, hi int) int {
	a, b := toks[h].fold, ""
	if h+1 < hi {
		b = toks[h+1].fold
	}
	two := false // a two-word head; no string is built for other pairs
	switch a {
	case "dang":
		two = b == "uy" || b == "bo"
	case "tinh", "thanh", "huyen", "quan":
		two = b == "uy"
	case "cong":
		two = b == "an"
	case "uy":
		two = b == "ban"
	case "hoc":
		two = b == "vien"
	case "van":
		two = b == "phong"
	case "tong":
		two = b == "cuc"
	case "ban":
		if b == "chi" {
			if h+2 < hi && toks[h+2].fold == "dao" {
				return 3 // "Ban Chỉ đạo"
			}
			return 0
		}
	}
	if two {
		return 2
	}
	switch a {
	case "so", "cuc", "vien", "truong":
		if toks[h].is(tfCap) && h+1 < hi && toks[h+1].is(tfCap) {
			return 1
		}
	}
	return 0
}

func vietAdminWord(w string) bool {
	switch w {
	case "tinh", "thanh", "pho", "huyen", "quan", "xa", "phuong", "nhan", "dan", "trung", "uong":
		return true
	}
	return false
}

// programmes proposes projects, programmes, strategies and movements:
// "Project 06" ("Đề án 06"), "National Security Protection Strategy",
// "Strategy for National Security Protection", the emulation movement
// "For National Security", and a quoted project title.
func (bc *blockCtx) programmes(si, lo, hi int, add func(candidate)) {
	toks := bc.toks
	for h := lo; h < hi; h++ {
		t := &toks[h]
		if t.kind == tkPunct && t.fold == "\"" {
			bc.quotedProgramme(si, h, lo, hi, add)
			continue
		}
		if t.kind != tkWord || !t.is(tfCap) {
			continue
		}
		// Project 06, Đề án 06.
		vn := h+1 < hi && (t.fold == "de" && toks[h+1].fold == "an")
		if t.fold == "project" || t.fold == "programme" || t.fold == "program" || t.fold == "scheme" || vn {
			j := h + 1
			if vn {
				j++
			}
			j = skipNumberWord(toks, j, hi)
			if j < hi && toks[j].kind == tkNum && len(toks[j].fold) <= 4 && yearOf(&toks[j]) < 0 &&
				!(j+1 < hi && glued(toks, j+1) && toks[j+1].kind == tkPunct && strings.Contains("/-", toks[j+1].fold)) {
				word := "Project"
				if t.fold == "programme" || t.fold == "program" {
					word = "Programme"
				}
				m := bc.newMention(si, graph.Programme, h, j+1, word+" "+toks[j].fold)
				add(candidate{m: m, prio: prioCitation})
				h = j
				continue
			}
		}
		if !programmeHead(t.fold) || bc.titleEnd[h] != 0 {
			continue
		}
		l := h
		for l-1 >= lo && h-l < maxNameWords && bc.nameWord(l-1) {
			l--
		}
		end := h + 1
		if end+1 < hi && (toks[end].word("for") || toks[end].word("on") || toks[end].word("of")) {
			j := end + 1
			if toks[j].word("the") && j+1 < hi {
				j++
			}
			if e := bc.orgTail(j, hi); e > j {
				end = e
			}
		}
		// "… Strategy for Fatherland Protection in the New Situation".
		if end > h+1 && end+2 < hi && toks[end].word("in") && toks[end+1].word("the") {
			if e := bc.orgTail(end+2, hi); e > end+2 {
				end = e
			}
		}
		if l == h && end == h+1 {
			continue
		}
		if t.fold == "plan" && l == h {
			continue
		}
		m := bc.newMention(si, graph.Programme, l, end, bc.span(l, end))
		// "… for 2021-2025", "… to 2030": the period is part of the name;
		// the name without it stays an alias.
		if e := periodTail(toks, end, hi); e > end {
			m = bc.newMention(si, graph.Programme, l, e, bc.span(l, e))
			m.forms = append(m.forms, bc.span(l, end))
		}
		add(candidate{m: m, prio: prioPattern})
	}
}

// periodTail returns the end of a period after a programme's name at k
// ("for 2021-2025", "to 2030", "for the 2021–2025 period"), or k.
func periodTail(toks []token, k, hi int) int {
	if k+1 >= hi || !(toks[k].word("for") || toks[k].word("to") || toks[k].word("until") || toks[k].word("in")) {
		return k
	}
	j := k + 1
	if toks[j].word("the") && j+1 < hi {
		j++
	}
	if yearOf(&toks[j]) < 0 {
		return k
	}
	end := j + 1
	if end+1 < hi && (toks[end].punct("-") || toks[end].punct("–")) && yearOf(&toks[end+1]) > 0 {
		end += 2
	}
	if end < hi && toks[end].word("period") && j > k+1 {
		end++
	}
	return end
}

// quotedProgramme reads a quoted title at the open quote q: after a cue
// ("emulation movement", "campaign", "project", "phong trào thi đua") or
// before one ("… emulation movement").
func (bc *blockCtx) quotedProgramme(si, q, lo, hi int, add func(candidate)) {
	toks := bc.toks
	c := q + 1
	for c < hi && c < q+60 && !toks[c].punct("\"") {
		c++
	}
	if c >= hi || c == q+1 || !toks[q+1].is(tfCap) || c >= q+60 {
		return
	}
	title := bc.span(q+1, c)
	before := ""
	for k := q - 1; k >= lo && k >= q-3; k-- {
		if toks[k].kind != tkWord {
			break
		}
		before = toks[k].fold + " " + before
	}
	before = strings.TrimSpace(before)
	after := ""
	if c+1 < hi && toks[c+1].kind == tkWord {
		after = toks[c+1].fold
		if c+2 < hi && toks[c+2].kind == tkWord {
			after += " " + toks[c+2].fold
		}
	}
	switch {
	case strings.HasSuffix(before, "emulation movement") || strings.HasSuffix(before, "phong trao thi dua") ||
		strings.HasSuffix(before, "movement") || strings.HasSuffix(before, "campaign") ||
		strings.HasSuffix(before, "phong trao") || strings.HasSuffix(before, "cuoc van dong"):
		kind := "movement"
		if strings.HasSuffix(before, "campaign") || strings.HasSuffix(before, "cuoc van dong") {
			kind = "campaign"
		}
		if strings.HasSuffix(before, "emulation movement") {
			kind = "emulation movement"
		}
		i := q - len(strings.Fields(kind))
		if strings.HasPrefix(before, "phong") || strings.Contains(before, "cuoc") {
			i = q - len(strings.Fields(before))
			if !strings.HasPrefix(before, "phong") && !strings.HasPrefix(before, "cuoc") {
				i = q - 2
			}
		}
		m := bc.newMention(si, graph.Programme, i, c+1, title+" "+kind)
		m.forms = append(m.forms, title)
		add(candidate{m: m, prio: prioEvent})
	case strings.HasPrefix(after, "emulation movement") || strings.HasPrefix(after, "movement") || strings.HasPrefix(after, "campaign"):
		kind := strings.Fields(after)[0]
		end := c + 2
		if strings.HasPrefix(after, "emulation movement") {
			kind, end = "emulation movement", c+3
		}
		m := bc.newMention(si, graph.Programme, q, end, title+" "+kind)
		m.forms = append(m.forms, title)
		add(candidate{m: m, prio: prioEvent})
	case strings.HasSuffix(before, "project") || strings.HasSuffix(before, "programme") ||
		strings.HasSuffix(before, "program") || strings.HasSuffix(before, "strategy") ||
		strings.HasSuffix(before, "scheme") || strings.HasSuffix(before, "de an") || strings.HasSuffix(before, "chuong trinh"):
		if c-q < 4 {
			return
		}
		m := bc.newMention(si, graph.Programme, q, c+1, title)
		m.quoteTtl = true
		add(candidate{m: m, prio: prioPattern})
	}
}

// persons proposes Vietnamese names: two to four capitalised syllables
// starting with a family name ("Pham Minh Chinh", "Tô Lâm", "Le-Tan
// Toi"), and a given name alone after a title ("Prime Minister Chinh").
// A name with no title before it and an ambiguous shape (two syllables,
// or a family name that is also an English word) is weak: it stays only if
// the text names the same person with a title elsewhere.
func (bc *blockCtx) persons(si, lo, hi int, add func(candidate)) {
	toks := bc.toks
	for i := lo; i < hi; i++ {
		t := &toks[i]
		if t.kind != tkWord || !t.is(tfCap) || !vietSyllable(t.fold) || bc.dateIdx[i] >= 0 || bc.titleEnd[i] != 0 {
			continue
		}
		if i > lo && glued(toks, i) && toks[i-1].punct("-") {
			continue
		}
		// A place of several words is no name's start: "Bí thư Tỉnh ủy
		// Bắc Ninh Nguyễn Anh Tuấn" ("Ninh" is also a family name).
		if e := bc.placeEnd(i, hi); e > i+1 {
			i = e - 1
			continue
		}
		anchor := bc.titleEndingAt(i)
		if anchor == nil {
			anchor = bc.titleOfBodyBefore(i, lo)
		}
		var parts []string
		j := i + 1
		parts = append(parts, bc.span(i, i+1))
		for j < hi && len(parts) < 4 {
			n := &toks[j]
			if n.kind == tkWord && n.is(tfCap) && n.is(tfSpace) && vietSyllable(n.fold) && bc.titleEnd[j] == 0 &&
				!orgHead(n.fold) && monthOfWord(n.fold) == 0 && bc.dateIdx[j] < 0 {
				parts = append(parts, bc.span(j, j+1))
				j++
				continue
			}
			if n.punct("-") && glued(toks, j) && j+1 < hi && glued(toks, j+1) && toks[j+1].kind == tkWord &&
				toks[j+1].is(tfCap) && vietSyllable(toks[j+1].fold) {
				parts = append(parts, bc.span(j+1, j+2))
				j += 2
				continue
			}
			break
		}
		strength := surnameStrength(t.fold)
		if len(parts) == 1 || strength == 0 {
			// No family name: the given name (the last syllable) after a
			// title, "Prime Minister Chinh", to be resolved to a full name.
			if anchor != nil {
				m := bc.newMention(si, graph.Person, i, j, strings.Join(parts, " "))
				m.short, m.given, m.title = true, toks[j-1].fold, titleCanon(anchor)
				m.titleStart = bc.titleStartBefore(i)
				add(candidate{m: m, prio: prioPerson})
			}
			i = j - 1
			continue
		}
		name := strings.Join(parts, " ")
		m := bc.newMention(si, graph.Person, i, j, name)
		m.given = toks[j-1].fold
		m.title = titleCanon(anchor)
		if anchor == nil && (len(parts) == 2 || strength == 1) {
			// A name of three syllables or more with a title right after
			// it ("elected Cao Tuong Huy as Chairman of …", "Cao Tuong
			// Huy, Chairman of …") is as sure as one with a title before.
			m.weak = !(len(parts) >= 3 && bc.titleAfter(j, hi))
		}
		add(candidate{m: m, prio: prioPerson})
		i = j - 1
	}
}

// titleAfter reports whether "as" or a comma and then a title follow
// token j.
func (bc *blockCtx) titleAfter(j, hi int) bool {
	return j+1 < hi && (bc.toks[j].word("as") || bc.toks[j].punct(",")) && bc.titleEnd[j+1] != 0
}

// titleCanon names a title for matching short names ("" for none).
func titleCanon(d *titleDef) string {
	if d == nil {
		return ""
	}
	if d.canon != "" {
		return d.canon
	}
	return d.phrases[0]
}

// titleStartBefore returns the byte offset where the title ending at
// token i starts (the longest such title), or the token's own start.
func (bc *blockCtx) titleStartBefore(i int) int {
	if k := bc.titleStartEndingAt(i, 0); k >= 0 {
		return bc.toks[k].start
	}
	return bc.toks[i].start
}

// titleStartEndingAt returns the first token of the longest title that
// ends right before token i and starts at lo or after ("Deputy Prime
// Minister", not "Minister"), or -1.
func (bc *blockCtx) titleStartEndingAt(i, lo int) int {
	start := -1
	for k := i - 1; k >= lo && k >= i-8; k-- {
		if int(bc.titleEnd[k]) == i {
			start = k
		}
	}
	return start
}
