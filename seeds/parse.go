package seeds

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/govkg/govkg/graph"
)

// This file turns the text of FORMAT.md into a KB in two passes: reading
// every file into records (syntax), then resolving handles, identities,
// facts and names across all files (meaning). Problems are collected, not
// returned at the first, so one run lists every mistake with its place.

// pos is a place in the input.
type pos struct {
	file string
	line int
}

func (p pos) String() string { return fmt.Sprintf("%s:%d", p.file, p.line) }

// field is one "key: value" line of a record.
type field struct {
	at         pos
	key, value string
}

// factLine is one fact line of an entity record: predicate, object,
// validity and citations.
type factLine struct {
	at           pos
	start, end   int // byte span of the line in its file
	pred, object string
	since, until string
	cites        []string
}

// record is one block: a header line and its indented lines.
type record struct {
	at     pos
	kind   string // "source" or an entity type name
	handle string
	fields []field
	facts  []factLine
}

func (r *record) values(key string) []field {
	var out []field
	for _, f := range r.fields {
		if f.key == key {
			out = append(out, f)
		}
	}
	return out
}

// value returns the one value of key ("" when absent); a repeated key is
// reported.
func (r *record) value(p *parser, key string) (string, pos) {
	vs := r.values(key)
	if len(vs) == 0 {
		return "", r.at
	}
	for _, extra := range vs[1:] {
		p.errorf(extra.at, "%s: %q given twice (first at line %d)", r.handle, key, vs[0].at.line)
	}
	return vs[0].value, vs[0].at
}

// parser accumulates records and problems.
type parser struct {
	records []*record
	errs    []error
}

func newParser() *parser { return &parser{} }

func (p *parser) errorf(at pos, format string, args ...any) {
	p.errs = append(p.errs, fmt.Errorf("%s: %s", at, fmt.Sprintf(format, args...)))
}

func (p *parser) err() error { return errors.Join(p.errs...) }

var handleRE = regexp.MustCompile(`^[a-z0-9][a-z0-9._-]*$`)
var keyRE = regexp.MustCompile(`^[a-z][a-z-]*$`)

// file splits one file into records.
func (p *parser) file(name string, data []byte) {
	if !utf8.Valid(data) {
		p.errorf(pos{name, 1}, "file is not valid UTF-8")
		return
	}
	var cur *record
	offset := 0
	for n, raw := range bytes.SplitAfter(data, []byte("\n")) {
		start := offset
		offset += len(raw)
		line := strings.TrimRight(string(raw), "\r\n")
		at := pos{name, n + 1}
		text := strings.TrimSpace(line)
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		if line[0] != ' ' && line[0] != '\t' {
			cur = p.header(at, text)
			continue
		}
		if cur == nil {
			p.errorf(at, "indented line outside a record (a record starts with an unindented header such as \"Person to-lam\")")
			continue
		}
		head, rest, _ := strings.Cut(text, " ")
		if strings.HasSuffix(head, ":") {
			key := strings.TrimSuffix(head, ":")
			if !keyRE.MatchString(key) {
				p.errorf(at, "bad key %q", key)
				continue
			}
			value := strings.TrimSpace(rest)
			if value == "" {
				p.errorf(at, "%s: empty value for %q", cur.handle, key)
				continue
			}
			cur.fields = append(cur.fields, field{at: at, key: key, value: value})
			continue
		}
		if cur.kind == "source" {
			p.errorf(at, "source %s: a source has only key: value lines, not facts", cur.handle)
			continue
		}
		if fl, ok := p.fact(at, text); ok {
			fl.start, fl.end = start, start+len(strings.TrimRight(string(raw), "\r\n"))
			cur.facts = append(cur.facts, fl)
		}
	}
}

// header reads "KIND HANDLE" and starts a record (nil when it is bad, so
// that its indented lines are skipped silently).
func (p *parser) header(at pos, text string) *record {
	parts := strings.Fields(text)
	if len(parts) != 2 {
		p.errorf(at, "record header must be \"TYPE handle\" or \"source handle\", got %q", text)
		return &record{at: at, kind: "?"}
	}
	kind, handle := parts[0], parts[1]
	if kind != "source" {
		if _, err := graph.ParseEntityType(kind); err != nil {
			p.errorf(at, "%v", err)
			return &record{at: at, kind: "?", handle: handle}
		}
	}
	if !handleRE.MatchString(handle) {
		p.errorf(at, "bad handle %q (lower-case letters, digits, '.', '_' and '-')", handle)
	}
	r := &record{at: at, kind: kind, handle: handle}
	p.records = append(p.records, r)
	return r
}

// fact reads "predicate object [since DATE] [until DATE] @source...".
func (p *parser) fact(at pos, text string) (factLine, bool) {
	toks := strings.Fields(text)
	fl := factLine{at: at}
	if len(toks) < 2 {
		p.errorf(at, "fact needs a predicate and an object: %q", text)
		return fl, false
	}
	fl.pred, fl.object = toks[0], toks[1]
	ok := true
	for i := 2; i < len(toks); i++ {
		t := toks[i]
		switch {
		case strings.HasPrefix(t, "@") && len(t) > 1:
			fl.cites = append(fl.cites, t[1:])
		case (t == "since" || t == "until") && i+1 < len(toks):
			i++
			if _, err := graph.DateValue(toks[i]); err != nil {
				p.errorf(at, "bad date %q after %q (want YYYY-MM-DD, YYYY-MM or YYYY)", toks[i], t)
				ok = false
			}
			if t == "since" {
				fl.since = toks[i]
			} else {
				fl.until = toks[i]
			}
		default:
			p.errorf(at, "unexpected %q in fact (want \"since DATE\", \"until DATE\" or \"@source\")", t)
			ok = false
		}
	}
	if len(fl.cites) == 0 {
		p.errorf(at, "fact %s %s cites no source (add @source-handle)", fl.pred, fl.object)
		ok = false
	}
	return fl, ok
}

// citation is a parsed source record.
type citation struct {
	at     pos
	title  string
	url    string
	corpus string
	used   bool
}

// citation renders a source for a fact's Sentence: its title and URL, or
// its title and corpus file when it has no URL.
func (c *citation) citation() string {
	if c.url != "" {
		return fmt.Sprintf("%s <%s>", c.title, c.url)
	}
	return fmt.Sprintf("%s [corpus: %s]", c.title, c.corpus)
}

// seed is an entity under construction.
type seed struct {
	at     pos
	handle string
	entity graph.Entity
	names  []name // name and aliases with how they may be shared
	rec    *record
	year   string // qualifier year of a document symbol, when it needs one
}

// name is one name of an entity.
type name struct {
	at     pos
	text   string
	auto   bool // generated from a document symbol: may be shared by documents with the same symbol
	shared bool // declared with shared-alias
}

// build resolves all records into a KB.
func (p *parser) build() *KB {
	sources := map[string]*citation{}
	var seeds []*seed
	byHandle := map[string]*seed{}
	for _, r := range p.records {
		if r.kind == "source" {
			if prev, dup := sources[r.handle]; dup {
				p.errorf(r.at, "duplicate source handle %q (first at %s)", r.handle, prev.at)
				continue
			}
			sources[r.handle] = p.source(r)
			continue
		}
		s := p.entity(r)
		if prev, dup := byHandle[r.handle]; dup {
			p.errorf(r.at, "duplicate entity handle %q (first at %s)", r.handle, prev.at)
			continue
		}
		byHandle[r.handle] = s
		seeds = append(seeds, s)
	}
	p.qualify(seeds)
	seeds = p.uniqueIDs(seeds)

	kb := &KB{byName: map[string][]int{}, ambiguous: map[string][]graph.ID{}}
	for _, s := range seeds {
		if s.entity.Name == "" {
			kb.entities = append(kb.entities, s.entity)
			continue // already reported
		}
		if err := s.entity.Validate(); err != nil {
			p.errorf(s.at, "%s: %v", s.handle, err)
		}
		kb.entities = append(kb.entities, s.entity)
	}
	for _, s := range seeds {
		facts, cites := p.facts(s, byHandle, sources)
		kb.facts = append(kb.facts, facts...)
		kb.cites = append(kb.cites, cites...)
	}
	kb.citations = sources
	p.index(kb, seeds)
	for h, c := range sources {
		if !c.used {
			p.errorf(c.at, "source %q is never cited", h)
		}
	}
	return kb
}

// source checks a source record.
func (p *parser) source(r *record) *citation {
	c := &citation{at: r.at}
	for _, f := range r.fields {
		switch f.key {
		case "title", "url", "corpus":
		default:
			p.errorf(f.at, "source %s: unknown key %q (want title, url, corpus)", r.handle, f.key)
		}
	}
	c.title, _ = r.value(p, "title")
	c.url, _ = r.value(p, "url")
	c.corpus, _ = r.value(p, "corpus")
	if c.title == "" {
		p.errorf(r.at, "source %s has no title", r.handle)
	}
	if c.url == "" && c.corpus == "" {
		p.errorf(r.at, "source %s has neither a url nor a corpus file", r.handle)
	} else if c.url != "" && !strings.HasPrefix(c.url, "https://") && !strings.HasPrefix(c.url, "http://") {
		p.errorf(r.at, "source %s: url %q is not an http(s) URL", r.handle, c.url)
	}
	return c
}

// The keys an entity record may have.
var entityKeys = map[string]bool{"name": true, "alias": true, "shared-alias": true, "symbol": true, "year": true, "title": true, "title-vi": true}

// vietnameseKind names each document kind in Vietnamese, for aliases such
// as "Nghị quyết số 12-NQ/TW".
var vietnameseKind = map[graph.EntityType]string{
	graph.Document: "Văn bản", graph.Resolution: "Nghị quyết", graph.Decree: "Nghị định",
	graph.Decision: "Quyết định", graph.Directive: "Chỉ thị", graph.Conclusion: "Kết luận",
	graph.Regulation: "Quy định", graph.Circular: "Thông tư", graph.Law: "Luật", graph.Plan: "Kế hoạch",
}

// entity reads the names and attributes of an entity record. Its ID is set
// later by qualify, once the year of a document is known.
func (p *parser) entity(r *record) *seed {
	t, _ := graph.ParseEntityType(r.kind)
	s := &seed{at: r.at, handle: r.handle, rec: r, entity: graph.Entity{Type: t, Attrs: map[string]string{}}}
	for _, f := range r.fields {
		if !entityKeys[f.key] {
			p.errorf(f.at, "%s: unknown key %q", r.handle, f.key)
		}
	}
	nm, nmAt := r.value(p, "name")
	symbol, symAt := r.value(p, "symbol")
	year, yearAt := r.value(p, "year")
	title, _ := r.value(p, "title")
	titleVi, _ := r.value(p, "title-vi")
	if !t.IsDocument() {
		for _, k := range []string{"symbol", "year"} {
			for _, f := range r.values(k) {
				p.errorf(f.at, "%s: only documents have a %q", r.handle, k)
			}
		}
		symbol, year = "", ""
	}
	if year != "" {
		if v, err := graph.DateValue(year); err != nil || len(v.Text) != 4 {
			p.errorf(yearAt, "%s: year %q is not a four-digit year", r.handle, year)
		}
		s.year = year
	}
	if symbol != "" {
		s.entity.Attrs["symbol"] = symbol
		s.entity.Attrs["kind"] = string(t)
		if symbolClass(symbol) == symUnknown {
			p.errorf(symAt, "%s: symbol %q is neither a Party symbol (12-NQ/TW) nor a State one (06/QĐ-TTg, 01/2018/NĐ-CP)", r.handle, symbol)
		}
	} else if t.IsDocument() {
		s.entity.Attrs["kind"] = string(t)
	}
	if title != "" {
		s.entity.Attrs["title"] = title
	}
	if titleVi != "" {
		s.entity.Attrs["title_vi"] = titleVi
	}
	switch {
	case nm != "":
		s.entity.Name = nm
		s.names = append(s.names, name{at: nmAt, text: nm})
	case symbol != "":
		s.entity.Name = string(t) + " " + symbol
		s.names = append(s.names, name{at: symAt, text: s.entity.Name, auto: true})
	default:
		p.errorf(r.at, "%s has no name (add \"name: …\"%s)", r.handle, map[bool]string{true: " or \"symbol: …\"", false: ""}[t.IsDocument()])
	}
	if symbol != "" {
		for _, a := range []string{
			string(t) + " " + symbol,
			string(t) + " No. " + symbol,
			vietnameseKind[t] + " " + symbol,
			vietnameseKind[t] + " số " + symbol,
			symbol,
		} {
			s.names = append(s.names, name{at: symAt, text: a, auto: true})
		}
	}
	for _, key := range []string{"alias", "shared-alias"} {
		for _, f := range r.values(key) {
			s.names = append(s.names, name{at: f.at, text: f.value, shared: key == "shared-alias"})
		}
	}
	s.names = p.dedupeNames(s)
	for i, n := range s.names {
		if i > 0 || s.entity.Name == "" {
			s.entity.Aliases = append(s.entity.Aliases, n.text)
		}
	}
	return s
}

// dedupeNames drops generated names that repeat another exactly and reports
// hand-written repeats.
func (p *parser) dedupeNames(s *seed) []name {
	seen := map[string]int{}
	var out []name
	for _, n := range s.names {
		if i, dup := seen[n.text]; dup {
			if !n.auto && !out[i].auto {
				p.errorf(n.at, "%s: name %q given twice", s.handle, n.text)
			}
			out[i].shared = out[i].shared || n.shared
			out[i].auto = out[i].auto && n.auto
			continue
		}
		seen[n.text] = len(out)
		out = append(out, n)
	}
	return out
}

// The shapes of document symbols (ONTOLOGY.md, "Document symbols").
type symClass int

const (
	symUnknown     symClass = iota
	symParty                // 12-NQ/TW: numbering restarts each term
	symStateYear            // 01/2018/NĐ-CP, 37/2018/QH14: carries its year
	symStateNoYear          // 06/QĐ-TTg: numbering restarts each year
)

var (
	partySymRE     = regexp.MustCompile(`^[0-9]+[a-z]?-[a-z]+/[a-z]+$`)
	stateYearSymRE = regexp.MustCompile(`^[0-9]+/[0-9]{4}/[a-z0-9]+(-[a-z0-9]+)*$`)
	stateSymRE     = regexp.MustCompile(`^[0-9]+/[a-z]+(-[a-z0-9]+)+$`)
)

func symbolClass(symbol string) symClass {
	f := graph.FoldSymbol(symbol)
	switch {
	case partySymRE.MatchString(f):
		return symParty
	case stateYearSymRE.MatchString(f):
		return symStateYear
	case stateSymRE.MatchString(f):
		return symStateNoYear
	}
	return symUnknown
}

// qualify gives every entity its ID. A document with a symbol is keyed by
// graph.DocumentKey(kind, symbol, qualifier): the qualifier is "" for a
// symbol that carries its year and the year of issue otherwise (from
// "year:" or else from its issued_on fact). Everything else is keyed by
// graph.Key(type, name).
func (p *parser) qualify(seeds []*seed) {
	for _, s := range seeds {
		symbol := s.entity.Attrs["symbol"]
		if symbol == "" {
			if s.entity.Name != "" {
				s.entity.ID = graph.NewID(graph.Key(s.entity.Type, s.entity.Name))
			}
			continue
		}
		issued := ""
		for _, f := range s.rec.facts {
			if f.pred == string(graph.IssuedOn) && len(f.object) >= 4 {
				issued = f.object[:4]
				if s.year != "" && issued != s.year {
					p.errorf(f.at, "%s: issued_on %s disagrees with year %s", s.handle, f.object, s.year)
				}
			}
		}
		if s.year == "" {
			s.year = issued
		}
		qualifier := ""
		switch symbolClass(symbol) {
		case symStateYear:
			yearInSymbol := strings.Split(graph.FoldSymbol(symbol), "/")[1]
			if s.year != "" && s.year != yearInSymbol {
				p.errorf(s.at, "%s: symbol %s carries the year %s but the document is of %s", s.handle, symbol, yearInSymbol, s.year)
			}
		case symParty, symStateNoYear:
			if s.year == "" {
				p.errorf(s.at, "%s: symbol %s is not unique without its year: add \"year: YYYY\" or an issued_on fact", s.handle, symbol)
			}
			qualifier = s.year
		}
		if s.year != "" {
			s.entity.Attrs["year"] = s.year
		}
		s.entity.ID = graph.NewID(graph.DocumentKey(s.entity.Type, symbol, qualifier))
	}
}

// uniqueIDs reports two records that describe the same entity and drops
// the later one, so that its names do not also show up as ambiguous.
func (p *parser) uniqueIDs(seeds []*seed) []*seed {
	first := map[graph.ID]*seed{}
	out := seeds[:0]
	for _, s := range seeds {
		if prev, dup := first[s.entity.ID]; dup && s.entity.ID != (graph.ID{}) {
			p.errorf(s.at, "duplicate id: %s is the same %s as %s (%s)", s.handle, s.entity.Type, prev.handle, prev.at)
			continue
		}
		first[s.entity.ID] = s
		out = append(out, s)
	}
	return out
}

// facts resolves the fact lines of one entity into assertions.
// The second result lists, for each assertion, the handles of the sources
// it cites.
func (p *parser) facts(s *seed, byHandle map[string]*seed, sources map[string]*citation) ([]graph.Assertion, [][]string) {
	var out []graph.Assertion
	var handles [][]string
	seen := map[string]pos{}
	for _, f := range s.rec.facts {
		pred, err := graph.ParsePredicate(f.pred)
		if err != nil {
			p.errorf(f.at, "%s: %v", s.handle, err)
			continue
		}
		sig := graph.SignatureOf(pred)
		var obj graph.Value
		var objType graph.EntityType
		if sig.Literal != 0 {
			v, err := graph.DateValue(f.object)
			if err != nil || sig.Literal != graph.KindDate {
				p.errorf(f.at, "%s %s: bad date %q (want YYYY-MM-DD, YYYY-MM or YYYY)", s.handle, pred, f.object)
				continue
			}
			obj = v
		} else {
			o, ok := byHandle[f.object]
			if !ok {
				p.errorf(f.at, "%s %s: undefined entity %q", s.handle, pred, f.object)
				continue
			}
			obj, objType = graph.EntityValue(o.entity.ID), o.entity.Type
		}
		if !sig.Accepts(s.entity.Type, objType, obj.Kind) {
			p.errorf(f.at, "%s %s %s: %s does not take a %s subject and a %s object", s.handle, pred, f.object, pred, s.entity.Type, describe(objType, obj.Kind))
			continue
		}
		if f.since != "" && f.until != "" && f.until < f.since {
			p.errorf(f.at, "%s %s %s: until %s is before since %s", s.handle, pred, f.object, f.until, f.since)
		}
		var cites []string
		for _, h := range f.cites {
			c, ok := sources[h]
			if !ok {
				p.errorf(f.at, "%s %s %s: undefined source %q", s.handle, pred, f.object, h)
				continue
			}
			c.used = true
			cites = append(cites, c.citation())
		}
		key := string(pred) + " " + f.object
		if prev, dup := seen[key]; dup {
			p.errorf(f.at, "%s: fact %s given twice (first at line %d)", s.handle, key, prev.line)
			continue
		}
		seen[key] = f.at
		sentence := strings.Join(cites, "; ")
		if v := validity(f.since, f.until); v != "" {
			sentence += " [" + v + "]"
		}
		handles = append(handles, f.cites)
		out = append(out, graph.Assertion{
			Triple: graph.Triple{Subject: s.entity.ID, Predicate: pred, Object: obj},
			Provenance: graph.Provenance{
				Sentence:   sentence,
				Start:      f.start,
				End:        f.end,
				Rule:       "curated:" + f.at.String(),
				Confidence: 1,
			},
		})
	}
	return out, handles
}

func describe(t graph.EntityType, k graph.ValueKind) string {
	if t != "" {
		return string(t)
	}
	return k.String()
}

func validity(since, until string) string {
	switch {
	case since != "" && until != "":
		return "from " + since + " until " + until
	case since != "":
		return "since " + since
	case until != "":
		return "until " + until
	}
	return ""
}

// index builds the name index and checks that no two entities answer to
// the same folded name unless that is meant: a name generated from the same
// document symbol, or one every sharer declares with shared-alias.
func (p *parser) index(kb *KB, seeds []*seed) {
	type use struct {
		seed *seed
		name name
	}
	uses := map[string][]use{}
	var order []string
	for _, s := range seeds {
		for _, n := range s.names {
			f := graph.Fold(n.text)
			if f == "" {
				p.errorf(n.at, "%s: name %q has no letters or digits", s.handle, n.text)
				continue
			}
			list := uses[f]
			if len(list) > 0 && list[len(list)-1].seed == s {
				continue // two spellings of one entity's name that fold alike
			}
			if len(list) == 0 {
				order = append(order, f)
			}
			uses[f] = append(list, use{s, n})
		}
	}
	where := map[*seed]int{}
	for i, s := range seeds {
		where[s] = i
	}
	for _, f := range order {
		list := uses[f]
		for _, u := range list {
			kb.byName[f] = append(kb.byName[f], where[u.seed])
		}
		if len(list) < 2 {
			continue
		}
		meant := true
		for _, u := range list {
			if !u.name.auto && !u.name.shared {
				meant = false
			}
		}
		var ids []graph.ID
		var places []string
		for _, u := range list {
			ids = append(ids, u.seed.entity.ID)
			places = append(places, fmt.Sprintf("%s (%s %q)", u.seed.handle, u.name.at, u.name.text))
		}
		if meant {
			kb.ambiguous[f] = ids
			continue
		}
		for _, u := range list {
			if u.name.auto || u.name.shared {
				continue
			}
			others := slices.DeleteFunc(slices.Clone(places), func(s string) bool { return strings.HasPrefix(s, u.seed.handle+" ") })
			p.errorf(u.name.at, "%s: name %q is ambiguous: it folds to %q like %s (use shared-alias on every one if that is meant)", u.seed.handle, u.name.text, f, strings.Join(others, ", "))
		}
	}
}
