package ingest

import (
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strings"
	"text/tabwriter"

	"github.com/govkg/govkg/graph"
)

// entGroup is one resolved entity being assembled from its mentions.
type entGroup struct {
	root    int
	typ     graph.EntityType
	members []int
	known   int
	id      graph.ID
	name    string
	aliases []string
	attrs   map[string]string
	used    bool // referenced by an emitted assertion (positions need it)
}

// finish resolves the mentions and returns the entities and assertions.
func (r *run) finish(src graph.ID) ([]graph.Entity, []graph.Assertion) {
	r.group(src)
	r.relsOf = map[int][]int{}
	for n, rel := range r.rels {
		r.relsOf[rel.subj] = append(r.relsOf[rel.subj], n)
	}
	groups := map[int]*entGroup{}
	var order []*entGroup
	for i := range r.nm() {
		if !r.live(i) {
			continue
		}
		root := r.find(i)
		g := groups[root]
		if g == nil {
			g = &entGroup{root: root, typ: r.m(root).typ, known: -1}
			groups[root] = g
			order = append(order, g)
		}
		g.members = append(g.members, i)
	}
	// Non-documents first: documents are keyed with their issuer's name.
	for _, g := range order {
		if !(g.typ.IsDocument() || r.m(g.root).doc != nil) {
			r.identify(g, src, groups)
		}
	}
	for _, g := range order {
		if g.typ.IsDocument() || r.m(g.root).doc != nil {
			r.identify(g, src, groups)
		}
	}
	asserts := r.assertions(src, groups)
	// One entity per ID, in order of first mention.
	slices.SortStableFunc(order, func(a, b *entGroup) int { return r.m(a.members[0]).start - r.m(b.members[0]).start })
	byID := map[graph.ID]int{}
	var ents []graph.Entity
	for _, g := range order {
		if g.typ == graph.Position && !g.used {
			continue
		}
		if n, ok := byID[g.id]; ok {
			e := &ents[n]
			e.Aliases = mergeNames(e.Name, e.Aliases, append([]string{g.name}, g.aliases...))
			continue
		}
		byID[g.id] = len(ents)
		ents = append(ents, graph.Entity{ID: g.id, Type: g.typ, Name: g.name,
			Aliases: mergeNames(g.name, nil, g.aliases), Attrs: g.attrs})
	}
	return ents, asserts
}

// identify gives group g its type, identity, display name and aliases.
func (r *run) identify(g *entGroup, src graph.ID, groups map[int]*entGroup) {
	x := r.x
	var names []string
	var seen map[string]bool // a thing named a thousand times has a few names
	if len(g.members) > 16 {
		seen = map[string]bool{}
	}
	add := func(n string) {
		switch {
		case seen != nil && !seen[n]:
			seen[n] = true
			names = append(names, n)
		case seen == nil && !slices.Contains(names, n):
			names = append(names, n)
		}
	}
	for _, i := range g.members {
		m := r.m(i)
		if m.anaph > 0 {
			continue
		}
		if m.abbr == "" && !m.short {
			add(m.name)
		}
		for _, f := range m.forms {
			add(f)
		}
		if m.abbr != "" {
			add(r.text[m.start:m.end])
		}
		if m.short {
			// "Prime Minister Chinh": the given name with its title.
			add(r.text[m.titleStart:m.end])
		}
		if g.known < 0 {
			g.known = r.knownOf(i)
		}
	}
	if g.known >= 0 {
		k := &x.known[g.known]
		g.id, g.name = k.ID, k.Name
		if compatible(k.Type, g.typ) {
			g.typ = k.Type
		}
		g.aliases = append(append([]string{}, k.Aliases...), names...)
		if k.Attrs != nil {
			g.attrs = k.Attrs
		}
		return
	}
	first := *r.m(g.members[0])
	for _, i := range g.members {
		if m := r.m(i); m.abbr == "" && !m.short && m.anaph == 0 {
			first = *m
			break
		}
	}
	g.name = first.name
	switch {
	case g.typ == graph.Person:
		// Prefer the spelling with diacritics.
		for _, i := range g.members {
			if m := r.m(i); !m.short && !isASCIIText(m.name) {
				g.name = m.name
				break
			}
		}
		g.id = graph.NewID(graph.Key(graph.Person, g.name))
	case g.typ == graph.Organization:
		canon := ""
		for _, i := range g.members {
			if m := r.m(i); m.abbr == "" {
				if c := r.orgCanon(m); c != m.name || m.lex != nil {
					canon = c
					break
				}
			}
		}
		if canon != "" {
			g.name = canon
		}
		g.id = graph.NewID(graph.Key(graph.Organization, r.orgKey(g.name)))
	case g.typ == graph.Event:
		for _, i := range g.members {
			if m := r.m(i); len(strings.Fields(m.name)) > len(strings.Fields(g.name)) {
				g.name = m.name
			}
		}
		g.id = graph.NewID(graph.Key(graph.Event, g.name))
	case first.doc != nil:
		r.identifyDocument(g, src, groups)
	default:
		g.id = graph.NewID(graph.Key(g.typ, g.name))
	}
	g.aliases = append(names, g.aliases...)
}

// identifyDocument keys a document: its kind and symbol, with the year of
// issue for symbols that do not carry one (Party symbols restart each
// term); a bare number with its issuer, else its year, else this source.
func (r *run) identifyDocument(g *entGroup, src graph.ID, groups map[int]*entGroup) {
	year, issuer := "", ""
	for _, i := range g.members {
		for _, n := range r.relsOf[i] {
			rel := r.rels[n]
			switch {
			case rel.pred == graph.IssuedOn && year == "" && len(rel.lit) >= 4:
				year = rel.lit[:4]
			case rel.pred == graph.IssuedBy && issuer == "" && rel.obj >= 0 && r.live(rel.obj):
				if og := groups[r.find(rel.obj)]; og != nil && og.name != "" {
					issuer = og.name
				}
			}
		}
	}
	var sym *docSymbol
	named := ""
	for _, i := range g.members {
		d := r.m(i).doc
		if d == nil {
			continue
		}
		if d.sym != nil && (sym == nil || (sym.year == "" && d.sym.year != "")) {
			sym = d.sym
		}
		if d.named != "" {
			named = r.m(i).name
		}
	}
	kind := g.typ
	word := docDisplayKind(kind, sym, "")
	if strings.HasPrefix(g.name, "Programme ") {
		word = "Programme"
	}
	switch {
	case sym != nil:
		g.name = word + " " + sym.display
		keySym := *sym
		if full, ok := sym.withYear(year); ok {
			keySym = full
			g.aliases = append(g.aliases, word+" "+full.display)
		}
		q := ""
		switch {
		case keySym.year != "":
		case year != "":
			q = year
		case issuer != "":
			q = issuer
		}
		g.id = graph.NewID(graph.DocumentKey(kind, keySym.display, q))
		g.attrs = map[string]string{"symbol": keySym.display}
	case named != "":
		g.name = named
		g.id = graph.NewID(graph.Key(kind, named))
	default:
		number := ""
		for _, i := range g.members {
			if d := r.m(i).doc; d != nil && d.number != "" {
				number = d.number
				break
			}
		}
		g.name = word + " " + number
		q := issuer
		if q == "" {
			q = year
		}
		if q == "" {
			q = "source " + src.String()
		}
		g.id = graph.NewID(graph.DocumentKey(kind, number, q))
	}
}

// mergeNames returns the aliases of an entity called name: the given ones
// and more, without repeats (exact) or the name itself, within the limits.
func mergeNames(name string, have, more []string) []string {
	out := make([]string, 0, len(have)+len(more))
	var seen map[string]bool // only for long lists; short ones are scanned
	add := func(a string) {
		a = strings.TrimSpace(a)
		if a == "" || a == name || len(a) > graph.MaxNameLen || len(out) == graph.MaxAliases {
			return
		}
		if seen != nil {
			if seen[a] {
				return
			}
			seen[a] = true
		} else {
			if slices.Contains(out, a) {
				return
			}
			if len(out) == 16 {
				seen = map[string]bool{}
				for _, o := range out {
					seen[o] = true
				}
				seen[a] = true
			}
		}
		out = append(out, a)
	}
	for _, a := range have {
		add(a)
	}
	for _, a := range more {
		add(a)
	}
	return out
}

// assertions turns the relations between mentions into assertions between
// entities: both ends live, the predicate's signature accepts their
// types, no entity related to itself, each triple once.
func (r *run) assertions(src graph.ID, groups map[int]*entGroup) []graph.Assertion {
	out := make([]graph.Assertion, 0, len(r.rels))
	type tripleKey struct {
		s   graph.ID
		p   graph.Predicate
		o   graph.ID
		lit string
	}
	seen := map[tripleKey]int{}
	for _, rel := range r.rels {
		if !r.live(rel.subj) || (rel.obj >= 0 && !r.live(rel.obj)) {
			continue
		}
		sg := groups[r.find(rel.subj)]
		var obj graph.Value
		var ot graph.EntityType
		var og *entGroup
		if rel.obj >= 0 {
			og = groups[r.find(rel.obj)]
			obj, ot = graph.EntityValue(og.id), og.typ
			if og.id == sg.id {
				continue
			}
		} else {
			v, err := graph.DateValue(rel.lit)
			if err != nil {
				continue
			}
			obj = v
		}
		if !r.x.sigs[rel.pred].Accepts(sg.typ, ot, obj.Kind) {
			continue
		}
		key := tripleKey{sg.id, rel.pred, obj.Entity, obj.Text}
		if n, ok := seen[key]; ok {
			if rel.conf > out[n].Confidence {
				out[n].Confidence = rel.conf
			}
			continue
		}
		sg.used = true
		if og != nil {
			og.used = true
		}
		s := &r.sents[rel.sent]
		seen[key] = len(out)
		out = append(out, graph.Assertion{
			Triple: graph.Triple{Subject: sg.id, Predicate: rel.pred, Object: obj},
			Provenance: graph.Provenance{Source: src, Sentence: r.text[s.start:s.end], Start: s.start, End: s.end,
				Rule: rel.rule, Confidence: rel.conf},
		})
	}
	return out
}

// The eval contract's JSON (../shared/eval/README.md).
type (
	jsonExtraction struct {
		Entities  []jsonEntity   `json:"entities"`
		Relations []jsonRelation `json:"relations"`
	}
	jsonEntity struct {
		ID      string   `json:"id"`
		Type    string   `json:"type"`
		Name    string   `json:"name"`
		Aliases []string `json:"aliases"`
	}
	jsonRelation struct {
		Subject    string       `json:"subject"`
		Predicate  string       `json:"predicate"`
		Object     string       `json:"object"`
		Evidence   jsonEvidence `json:"evidence"`
		Confidence float64      `json:"confidence"`
	}
	jsonEvidence struct {
		Sentence string `json:"sentence"`
		Start    int    `json:"start"`
		End      int    `json:"end"`
	}
)

// WriteJSON writes the extraction in the eval contract's JSON: entities
// {id, type, name, aliases} and relations {subject, predicate, object,
// evidence {sentence, start, end}, confidence}, the object being an
// entity ID or an ISO date.
func (e *Extraction) WriteJSON(w io.Writer) error {
	out := jsonExtraction{Entities: []jsonEntity{}, Relations: []jsonRelation{}}
	for _, en := range e.Entities {
		al := en.Aliases
		if al == nil {
			al = []string{}
		}
		out.Entities = append(out.Entities, jsonEntity{ID: en.ID.String(), Type: string(en.Type), Name: en.Name, Aliases: al})
	}
	for _, a := range e.Assertions {
		out.Relations = append(out.Relations, jsonRelation{
			Subject: a.Subject.String(), Predicate: string(a.Predicate), Object: a.Object.String(),
			Evidence:   jsonEvidence{Sentence: a.Sentence, Start: a.Start, End: a.End},
			Confidence: a.Confidence,
		})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(out); err != nil {
		return fmt.Errorf("write extraction of %s: %w", e.Source.URL, err)
	}
	return nil
}

// WriteTable writes the extraction for people: the entities, then the
// relations with names instead of IDs, in aligned columns.
func (e *Extraction) WriteTable(w io.Writer) error {
	names := map[graph.ID]string{}
	for _, en := range e.Entities {
		names[en.ID] = en.Name
	}
	tw := tabwriter.NewWriter(w, 0, 4, 2, ' ', 0)
	fmt.Fprintf(tw, "TYPE\tNAME\tALIASES\n")
	for _, en := range e.Entities {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", en.Type, en.Name, strings.Join(en.Aliases, "; "))
	}
	fmt.Fprintf(tw, "\nSUBJECT\tPREDICATE\tOBJECT\tCONFIDENCE\tRULE\n")
	for _, a := range e.Assertions {
		obj := a.Object.String()
		if a.Object.IsEntity() {
			obj = names[a.Object.Entity]
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%.2f\t%s\n", names[a.Subject], a.Predicate, obj, a.Confidence, a.Rule)
	}
	if err := tw.Flush(); err != nil {
		return fmt.Errorf("write table of %s: %w", e.Source.URL, err)
	}
	return nil
}
