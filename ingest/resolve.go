package ingest

import (
	"sort"
	"strings"

	"github.com/govkg/govkg/graph"
)

// Resolution: mentions become entities. Mentions of one thing are joined
// (union-find) by what the text shows — the same folded name, a short name
// and the full name it stands for, a bare number and the full symbol of
// the same kind, word-order variants of one body's name, an abbreviation
// and what it was defined as, a gazetteer entity they all name — and each
// group gets its identity key, its display name and its aliases.

// bindAbbreviations gives each abbreviation the type of what the text
// defined it as, and drops those the text never defines.
func (r *run) bindAbbreviations() {
	for i := range r.nm() {
		m := r.m(i)
		if m.abbr == "" || m.dropped {
			continue
		}
		if d, ok := r.abbrs[m.abbr]; ok && d != i {
			m.typ = r.m(d).typ
			continue
		}
		m.dropped = true
	}
}

// confirmWeakPersons keeps a name found by its shape alone only when the
// text also writes it with a title (or the gazetteer knows it).
func (r *run) confirmWeakPersons() {
	strong := map[string]bool{}
	for i := range r.nm() {
		m := r.m(i)
		if m.typ == graph.Person && !m.weak && !m.short && !m.dropped {
			strong[r.foldName(m.name)] = true
		}
	}
	for i := range r.nm() {
		m := r.m(i)
		if m.typ == graph.Person && m.weak && !strong[r.foldName(m.name)] {
			m.dropped = true
		}
	}
}

// mainEvent returns a mention of the event the text speaks of most (first
// on ties), for "the conference" and "the event"; -1 when it names none.
func (r *run) mainEvent() int {
	count := map[string]int{}
	first := map[string]int{}
	for i := range r.nm() {
		m := r.m(i)
		if m.typ != graph.Event || m.dropped || m.inner {
			continue
		}
		k := eventGroup(m)
		count[k]++
		if _, ok := first[k]; !ok {
			first[k] = i
		}
	}
	best, bestN := -1, 0
	for k, n := range count {
		if i := first[k]; n > bestN || (n == bestN && i < best) {
			best, bestN = i, n
		}
	}
	return best
}

// eventGroup is a coarse key under which variant names of one event fall:
// its ordinal and head word, or its folded name when it has no ordinal.
func eventGroup(m *mention) string {
	if m.ord > 0 {
		return itoa(m.ord) + " " + eventHeadWord(m.name)
	}
	return foldText(m.name)
}

func (r *run) find(i int) int {
	for r.parent[i] != i {
		r.parent[i] = r.parent[r.parent[i]]
		i = r.parent[i]
	}
	return i
}

func (r *run) union(a, b int) {
	ra, rb := r.find(a), r.find(b)
	if ra == rb {
		return
	}
	if rb < ra {
		ra, rb = rb, ra
	}
	r.parent[rb] = ra
}

// live reports whether mention i takes part in the result.
func (r *run) live(i int) bool { return !r.m(i).dropped && r.m(i).typ != "" }

// group joins the mentions of one thing.
func (r *run) group(src graph.ID) {
	r.parent = make([]int, r.nm())
	for i := range r.parent {
		r.parent[i] = i
	}
	for i := range r.nm() {
		m := r.m(i)
		if m.abbr != "" && !m.dropped {
			r.union(i, r.abbrs[m.abbr])
		}
		if m.anaph > 0 && !m.dropped && r.live(m.anaph-1) {
			r.union(i, m.anaph-1)
		}
	}
	r.resolveShortNames()
	byKey := map[string]int{}
	for i := range r.nm() {
		m := r.m(i)
		if !r.live(i) || m.doc != nil || m.abbr != "" || m.short || m.anaph > 0 {
			continue
		}
		k := r.mentionKey(m)
		if j, ok := byKey[k]; ok {
			r.union(i, j)
		} else {
			byKey[k] = i
		}
	}
	r.mergeEvents()
	r.mergeTopicBodies()
	r.mergeLocalBodies()
	r.groupDocuments(src)
	r.mergeKnown()
}

// placeLocalBodies names "Quang Ninh provincial People's Committee" as
// "Quang Ninh People's Committee", the way "Hanoi People's Committee" is
// written: a place right before the local word makes the body that
// place's, and a full name the other local mentions can join.
func (r *run) placeLocalBodies() {
	for i := range r.nm() {
		m := r.m(i)
		if !m.local || m.typ != graph.Organization || !r.live(i) {
			continue
		}
		for j := range r.nm() {
			n := r.m(j)
			if n.typ != graph.Place || n.sent != m.sent || n.end > m.start || !r.live(j) {
				continue
			}
			if w := strings.Fields(r.text[n.end:m.start]); len(w) == 1 && localWord(strings.ToLower(w[0])) {
				m.forms = append(m.forms, r.text[n.start:m.end])
				m.name, m.local = n.name+" "+m.name, false
				break
			}
		}
	}
}

// mergeLocalBodies joins "the municipal Party Committee" to the one body
// the text names in full with that ending ("Hanoi Party Committee"); the
// bare name does not become one of its aliases. With none or several such
// bodies it stays as written.
func (r *run) mergeLocalBodies() {
	r.placeLocalBodies()
	for i := range r.nm() {
		m := r.m(i)
		if !m.local || m.typ != graph.Organization || !r.live(i) {
			continue
		}
		suffix := " " + r.foldName(m.name)
		full, name := -1, ""
		for j := range r.nm() {
			n := r.m(j)
			if j == i || n.local || n.typ != graph.Organization || !r.live(j) {
				continue
			}
			f := r.foldName(n.name)
			if !strings.HasSuffix(f, suffix) {
				continue
			}
			if full >= 0 && f != name {
				full = -2 // two bodies end so
				break
			}
			full, name = j, f
		}
		if full < 0 {
			continue
		}
		m.name, m.forms = r.m(full).name, nil
		r.union(i, full)
	}
}

// resolveShortNames joins "Prime Minister Chinh" to the full name with
// that given name, preferring one written with the same title, then the
// nearest before it; a short name the text never writes in full is dropped.
func (r *run) resolveShortNames() {
	// Full names by given name: each distinct full name once, with the
	// titles it was written with and where it was written.
	type fullName struct {
		first  int             // its first mention
		at     []int           // its mentions, in text order
		titles map[string]bool // titles written before it
	}
	byGiven := map[string][]*fullName{}
	byFold := map[string]*fullName{}
	for i := range r.nm() {
		m := r.m(i)
		if m.typ != graph.Person || m.short || !r.live(i) {
			continue
		}
		f := r.foldName(m.name)
		fn := byFold[f]
		if fn == nil {
			fn = &fullName{first: i, titles: map[string]bool{}}
			byFold[f] = fn
			byGiven[m.given] = append(byGiven[m.given], fn)
		}
		fn.at = append(fn.at, i)
		fn.titles[m.title] = true
	}
	for i := range r.nm() {
		m := r.m(i)
		if m.typ != graph.Person || !m.short || !r.live(i) {
			continue
		}
		best, bestScore, bestAt := -1, -1, -1
		for _, fn := range byGiven[m.given] {
			// The last mention of this name before i, if any.
			n := sort.SearchInts(fn.at, i)
			before := -1
			if n > 0 {
				before = fn.at[n-1]
			}
			score := 1
			if m.title != "" && fn.titles[m.title] {
				score += 4
			}
			if before >= 0 {
				score += 2
			}
			// At equal scores the nearest name before wins.
			if score > bestScore || (score == bestScore && before > bestAt) {
				best, bestScore, bestAt = fn.first, score, before
			}
		}
		if best < 0 {
			m.dropped = true
			continue
		}
		r.union(i, best)
	}
}

// mentionKey is the key that joins mentions of one non-document thing.
func (r *run) mentionKey(m *mention) string {
	if m.lex != nil && m.lex.kind == lexKnown {
		return "known:" + itoa(m.lex.known)
	}
	switch m.typ {
	case graph.Organization:
		return "org:" + r.orgKey(r.orgCanon(m))
	case graph.Event:
		return "event:" + r.foldName(m.name)
	}
	return strings.ToLower(string(m.typ)) + ":" + r.foldName(m.name)
}

// orgCanon returns the canonical name of a body mention: the built-in
// name its name or a form folds to, else its own name.
func (r *run) orgCanon(m *mention) string {
	if m.lex != nil && m.lex.kind == lexOrg {
		return m.lex.canon
	}
	if c, ok := r.x.orgNames[r.orgKey(m.name)]; ok {
		return c
	}
	for _, n := range m.forms {
		if c, ok := r.x.orgNames[r.orgKey(n)]; ok {
			return c
		}
	}
	return m.name
}

// orgKey is orgWordKey remembered for the run: a body's names recur.
func (r *run) orgKey(name string) string {
	if k, ok := r.wordKeys[name]; ok {
		return k
	}
	if r.wordKeys == nil {
		r.wordKeys = map[string]string{}
	}
	k := orgWordKey(name)
	r.wordKeys[name] = k
	return k
}

// orgWordKey folds a body's name to the set of its words: order, case,
// articles, "of", plural heads and a leading "People's" or "Vietnam" do
// not make another body ("Public Security Central Party Committee" =
// "Central Party Committee of the Public Security").
func orgWordKey(name string) string {
	ws := strings.Fields(foldText(name))
	var out []string
	for _, w := range ws {
		switch w {
		case "the", "of", "for", "and", "s", "on", "to", "a":
			continue
		}
		if len(w) > 4 && strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && !strings.HasSuffix(w, "us") {
			w = strings.TrimSuffix(w, "s")
			if strings.HasSuffix(w, "ie") {
				w = strings.TrimSuffix(w, "ie") + "y"
			}
		}
		out = append(out, w)
	}
	drop := func(word string) {
		if len(out) <= 2 {
			return
		}
		for i, w := range out {
			if w == word {
				out = append(out[:i], out[i+1:]...)
				return
			}
		}
	}
	drop("vietnam")
	drop("people")
	sort.Strings(out)
	return strings.Join(out, " ")
}

// mergeEvents joins variant names of one event: the same ordinal and head
// word, and the words of one within the words of the other ("77th Public
// Security Conference" in "77th National Public Security Conference").
func (r *run) mergeEvents() {
	var evs []int
	seen := map[string]int{}
	for i := range r.nm() {
		if r.m(i).typ != graph.Event || !r.live(i) || r.m(i).ord == 0 {
			continue
		}
		f := r.foldName(r.m(i).name)
		if j, ok := seen[f]; ok {
			r.union(i, j)
			continue
		}
		seen[f] = i
		evs = append(evs, i)
	}
	if len(evs) > 200 {
		return // pathological input: variant merging is a nicety
	}
	for a := 0; a < len(evs); a++ {
		for b := a + 1; b < len(evs); b++ {
			ma, mb := r.m(evs[a]), r.m(evs[b])
			if r.find(evs[a]) == r.find(evs[b]) || ma.ord != mb.ord || eventHeadWord(ma.name) != eventHeadWord(mb.name) {
				continue
			}
			wa, wb := wordSet(ma.name), wordSet(mb.name)
			if subset(wa, wb) || subset(wb, wa) {
				r.union(evs[a], evs[b])
			}
		}
	}
}

func wordSet(s string) map[string]bool {
	out := map[string]bool{}
	for _, w := range strings.Fields(foldText(s)) {
		switch w {
		case "the", "of", "for", "and":
			continue
		}
		out[w] = true
	}
	return out
}

func subset(a, b map[string]bool) bool {
	for w := range a {
		if !b[w] {
			return false
		}
	}
	return true
}

// groupDocuments joins document mentions. Mentions of one symbol are one
// document unless the text gives them different years of issue (Party
// numbering restarts each term); a bare "Resolution No. 12" joins the
// nearest full citation of the same kind and number; bare numbers the
// text never cites in full join each other.
func (r *run) groupDocuments(src graph.ID) {
	years := map[int]string{}
	for _, rel := range r.rels {
		if rel.pred == graph.IssuedOn && len(rel.lit) >= 4 {
			years[rel.subj] = rel.lit[:4]
		}
	}
	type sub struct {
		year string
		root int
	}
	bySym := map[string][]sub{}
	var symOrder []string
	// Named documents ("Luật Đấu thầu", "Law on Bidding") by kind and
	// folded name: a name alone joins the document written with it and a
	// symbol ("Law on Bidding No. 22/2023/QH15"); two symbols that share
	// a name stay two documents.
	byName := map[string]int{}
	joinName := func(i int) {
		m := r.m(i)
		k := string(m.typ) + "|" + m.doc.named
		root, ok := byName[k]
		switch {
		case !ok:
			byName[k] = i
		case m.doc.sym == nil || r.m(root).doc.sym == nil || r.m(root).doc.sym.key() == m.doc.sym.key():
			r.union(i, root)
			if m.doc.sym != nil && r.m(root).doc.sym == nil {
				byName[k] = i // the one with the symbol answers for the name
			}
		}
	}
	var bare []int
	for i := range r.nm() {
		m := r.m(i)
		if !r.live(i) || m.doc == nil {
			continue
		}
		switch {
		case m.doc.sym != nil:
			k := string(m.typ) + "|" + m.doc.sym.key()
			subs := bySym[k]
			if len(subs) == 0 {
				symOrder = append(symOrder, k)
			}
			y := years[i]
			placed := false
			for _, s := range subs {
				if s.year == y || y == "" || s.year == "" {
					r.union(i, s.root)
					placed = true
					if s.year == "" && y != "" {
						for n := range subs {
							if subs[n].root == s.root {
								subs[n].year = y
							}
						}
					}
					break
				}
			}
			if !placed {
				subs = append(subs, sub{year: y, root: i})
			}
			bySym[k] = subs
			if m.doc.named != "" {
				joinName(i)
			}
		case m.doc.number != "":
			bare = append(bare, i)
		case m.doc.named != "":
			joinName(i)
		}
	}
	// Issuers the text gives, to tell documents with one number apart.
	issuers := map[int][]int{} // document mention → the mentions of its issuers
	for _, rel := range r.rels {
		if rel.pred == graph.IssuedBy && rel.obj >= 0 {
			issuers[rel.subj] = append(issuers[rel.subj], rel.obj)
		}
	}
	byNumber := map[string][]int{} // kind|number → the first mention of each full citation
	for _, k := range symOrder {
		for _, s := range bySym[k] {
			f := r.m(s.root)
			key := string(f.typ) + "|" + strings.TrimLeft(f.doc.sym.number, "0")
			byNumber[key] = append(byNumber[key], s.root)
		}
	}
	// The issuers each full citation's group was given (by their group),
	// under the citation's first mention (roots move as bare numbers join).
	byRoot := map[int]map[int]bool{}
	for i := range r.nm() {
		if !r.live(i) || r.m(i).doc == nil || r.m(i).doc.sym == nil {
			continue
		}
		root := r.find(i)
		for _, o := range issuers[i] {
			if byRoot[root] == nil {
				byRoot[root] = map[int]bool{}
			}
			byRoot[root][r.find(o)] = true
		}
	}
	citedBy := map[int]map[int]bool{}
	for _, firsts := range byNumber {
		for _, f := range firsts {
			citedBy[f] = byRoot[r.find(f)]
		}
	}
	bareRoot := map[string]int{}
	for _, i := range bare {
		m := r.m(i)
		best, bestIssuer := -1, false
		for _, first := range byNumber[string(m.typ)+"|"+strings.TrimLeft(m.doc.number, "0")] {
			// The citation with the same issuer, else the first cited.
			same := false
			for _, o := range issuers[i] {
				same = same || citedBy[first][r.find(o)]
			}
			if best < 0 || (same && !bestIssuer) {
				best, bestIssuer = first, same
			}
		}
		if best >= 0 {
			r.union(i, best)
			continue
		}
		k := string(m.typ) + "|" + strings.TrimLeft(m.doc.number, "0")
		if j, ok := bareRoot[k]; ok {
			r.union(i, j)
		} else {
			bareRoot[k] = i
		}
	}
	// The year of issue of each document group, for the gazetteer's
	// documents (mergeKnown).
	r.docYears = map[int]string{}
	for i, y := range years {
		if r.live(i) {
			r.docYears[r.find(i)] = y
		}
	}
}

// mergeKnown joins groups that name the same gazetteer entity.
func (r *run) mergeKnown() {
	if len(r.x.known) == 0 {
		return
	}
	byKnown := map[int]int{}
	for i := range r.nm() {
		if !r.live(i) {
			continue
		}
		k := r.knownOf(i)
		if k < 0 {
			continue
		}
		if j, ok := byKnown[k]; ok {
			r.union(j, i)
		} else {
			byKnown[k] = i
		}
	}
}

// knownOf returns the gazetteer entity a mention names, or -1: a matched
// phrase, a document's symbol, or a name or form that folds to a
// gazetteer name of a compatible type (and only one such entity).
func (r *run) knownOf(i int) int {
	m := r.m(i)
	if m.lex != nil && m.lex.kind == lexKnown {
		return m.lex.known
	}
	x := r.x
	if len(x.known) == 0 {
		return -1
	}
	if m.doc != nil && m.doc.sym != nil {
		// The gazetteer's document with this symbol and kind, unless its
		// year says it is another term's: one such document only.
		year := r.docYears[r.find(i)]
		found := -1
		for _, k := range x.bySymbol[m.doc.sym.key()] {
			ke := &x.known[k]
			if !compatible(ke.Type, m.typ) || (year != "" && ke.Attrs["year"] != "" && ke.Attrs["year"] != year) {
				continue
			}
			if found >= 0 {
				return -1
			}
			found = k
		}
		return found
	}
	if m.doc != nil && m.doc.sym == nil {
		return -1 // bare numbers are not unique enough to look up
	}
	names := append([]string{m.name}, m.forms...)
	if m.typ == graph.Organization {
		names = append(names, r.orgCanon(m))
	}
	for _, n := range names {
		found := -1
		for _, k := range x.byFold[r.foldName(n)] {
			if !compatible(x.known[k].Type, m.typ) {
				continue
			}
			if found >= 0 && found != k {
				found = -2
				break
			}
			found = k
		}
		if found >= 0 {
			return found
		}
	}
	return -1
}

// compatible reports whether a gazetteer type may stand for a text type.
func compatible(known, text graph.EntityType) bool {
	return known == text || (known.IsDocument() && text.IsDocument())
}

// mergeTopicBodies joins the names of a body written with its topic:
// "Central Steering Committee on preventing and combating corruption",
// "… on anti-corruption" (the same head, topics sharing a word) and the
// bare "Central Steering Committee" when only one body has that head.
func (r *run) mergeTopicBodies() {
	type topical struct {
		i     int
		words map[string]bool
	}
	byHead := map[string][]topical{}
	seen := map[string]int{} // one mention per distinct name is compared
	for i := range r.nm() {
		m := r.m(i)
		if m.typ != graph.Organization || !r.live(i) {
			continue
		}
		if m.head == "" {
			// A gazetteer name with a topic: "… Committee on anti-corruption".
			for _, n := range append([]string{m.name}, m.forms...) {
				if h := topicHead(n); h != "" {
					m.head = h
					break
				}
			}
			if m.head == "" {
				continue
			}
		}
		if j, ok := seen[r.foldName(m.name)]; ok {
			r.union(j, i)
			continue
		}
		seen[r.foldName(m.name)] = i
		h := r.orgKey(m.head)
		words := wordSet(topicOf(m))
		for _, t := range byHead[h] {
			if overlaps(t.words, words) {
				r.union(t.i, i)
			}
		}
		byHead[h] = append(byHead[h], topical{i, words})
	}
	for i := range r.nm() {
		m := r.m(i)
		if m.typ != graph.Organization || m.head != "" || !r.live(i) {
			continue
		}
		ts := byHead[r.orgKey(m.name)]
		if len(ts) == 0 {
			continue
		}
		root := r.find(ts[0].i)
		one := true
		for _, t := range ts[1:] {
			one = one && r.find(t.i) == root
		}
		if one {
			r.union(i, root)
		}
	}
}

// overlaps reports whether two word sets share a word of four letters or
// more (topics about the same thing).
func overlaps(a, b map[string]bool) bool {
	for w := range a {
		if len(w) >= 4 && b[w] {
			return true
		}
	}
	return false
}

// foldName is foldText remembered for the run: names recur.
func (r *run) foldName(s string) string {
	if f, ok := r.folds[s]; ok {
		return f
	}
	if r.folds == nil {
		r.folds = map[string]string{}
	}
	f := foldText(s)
	r.folds[s] = f
	return f
}

// topicHead returns the part of a body's name before its topic ("Central
// Steering Committee" of "Central Steering Committee on anti-corruption"),
// or "" when the name has no topic after a head word.
func topicHead(name string) string {
	for _, sep := range []string{" on ", " for "} {
		i := strings.Index(name, sep)
		if i <= 0 {
			continue
		}
		head := name[:i]
		ws := strings.Fields(head)
		if len(ws) >= 2 && orgHead(strings.ToLower(ws[len(ws)-1])) {
			return head
		}
	}
	return ""
}

// topicOf returns the topic words of a body named with one.
func topicOf(m *mention) string {
	for _, n := range append([]string{m.name}, m.forms...) {
		if strings.HasPrefix(n, m.head) && len(n) > len(m.head) {
			return n[len(m.head):]
		}
	}
	return ""
}
