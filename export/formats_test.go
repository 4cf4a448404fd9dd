package export

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os/exec"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/google/uuid"
)

// nquadsTriples reads an N-Quads export back into the set of triples it
// states, graph labels and the metadata graph left out, each written as
// "s p o" with full terms.
func nquadsTriples(t *testing.T, out string) map[string]bool {
	t.Helper()
	set := map[string]bool{}
	r := newNQReader(strings.NewReader(out))
	for {
		q, err := r.next()
		if err == io.EOF {
			return set
		}
		if err != nil {
			t.Fatal(err)
		}
		if q.g.value != MetaGraph {
			set[q.s.String()+" "+q.p.String()+" "+q.o.String()] = true
		}
	}
}

// turtleTriples expands the Turtle subset that writeTurtle produces
// (prefixed names, "a", ";" and ",") into the same form.
func turtleTriples(t *testing.T, out string) map[string]bool {
	t.Helper()
	prefixes := map[string]string{}
	set := map[string]bool{}
	p := &lineParser{s: out}
	skip := func() {
		for !p.eof() && strings.IndexByte(" \t\n", p.peek()) >= 0 {
			p.pos++
		}
	}
	word := func() string {
		start := p.pos
		for !p.eof() && strings.IndexByte(" \t\n;,", p.peek()) < 0 && !(p.peek() == '.' && (p.pos+1 == len(p.s) || p.s[p.pos+1] == '\n' || p.s[p.pos+1] == ' ')) {
			p.pos++
		}
		return p.s[start:p.pos]
	}
	expand := func(w string) term {
		if w == "a" {
			return term{kind: termIRI, value: rdfType}
		}
		if strings.HasPrefix(w, "<") {
			return term{kind: termIRI, value: strings.Trim(w, "<>")}
		}
		i := strings.IndexByte(w, ':')
		ns, ok := prefixes[w[:max(i, 0)]]
		if i < 0 || !ok {
			t.Fatalf("turtle: unknown name %q", w)
		}
		return term{kind: termIRI, value: ns + w[i+1:]}
	}
	var subj, pred term
	state := 0 // 0 subject, 1 predicate, 2 object, 3 after object
	for skip(); !p.eof(); skip() {
		switch {
		case strings.HasPrefix(p.s[p.pos:], "@prefix"):
			p.pos += len("@prefix")
			skip()
			name := strings.TrimSuffix(word(), ":")
			skip()
			iri := word()
			prefixes[name] = strings.Trim(iri, "<>")
			skip()
			p.pos++ // '.'
		case state == 3 && p.peek() == ';':
			p.pos++
			state = 1
		case state == 3 && p.peek() == ',':
			p.pos++
			state = 2
		case state == 3 && p.peek() == '.':
			p.pos++
			state = 0
		case state == 2 && p.peek() == '"':
			lit, err := p.literalTurtle(expand)
			if err != nil {
				t.Fatal(err)
			}
			set[subj.String()+" "+pred.String()+" "+lit.String()] = true
			state = 3
		case state == 0:
			subj, state = expand(word()), 1
		case state == 1:
			pred, state = expand(word()), 2
		case state == 2:
			set[subj.String()+" "+pred.String()+" "+expand(word()).String()] = true
			state = 3
		default:
			t.Fatalf("turtle: unexpected %q", p.rest())
		}
	}
	return set
}

// literalTurtle reads a string and an optional ^^prefixed:datatype.
func (p *lineParser) literalTurtle(expand func(string) term) (term, error) {
	end := p.pos + 1
	for end < len(p.s) && p.s[end] != '"' {
		if p.s[end] == '\\' {
			end++
		}
		end++
	}
	sub := &lineParser{s: p.s[p.pos:min(end+1, len(p.s))]}
	lit, err := sub.literal()
	if err != nil {
		return term{}, err
	}
	p.pos = end + 1
	if strings.HasPrefix(p.s[p.pos:], "^^") {
		p.pos += 2
		start := p.pos
		for p.pos < len(p.s) && strings.IndexByte(" \n;,", p.s[p.pos]) < 0 {
			p.pos++
		}
		lit.datatype = expand(p.s[start:p.pos]).value
	}
	return lit, nil
}

// TestTurtleMatchesNQuads: the Turtle export states exactly the triples of
// the N-Quads export (without graphs and provenance).
func TestTurtleMatchesNQuads(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	nq, _ := exportString(t, s, NQuads, Options{})
	ttl, c := exportString(t, s, Turtle, Options{})
	if c.Entities != len(f.entities()) || c.Triples != f.distinctTriples() {
		t.Errorf("turtle counts %+v", c)
	}
	want, got := nquadsTriples(t, nq), turtleTriples(t, ttl)
	for k := range want {
		if !got[k] {
			t.Errorf("turtle lacks %s", k)
		}
	}
	for k := range got {
		if !want[k] {
			t.Errorf("turtle adds %s", k)
		}
	}
	// Grouped by subject: each entity opens exactly one block.
	for _, e := range f.entities() {
		if n := strings.Count(ttl, "\nid:"+e.ID.String()+"\n"); n != 1 {
			t.Errorf("%s opens %d blocks, want 1", e.Name, n)
		}
	}
}

func TestGraphML(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	out, c := exportString(t, s, GraphML, Options{})
	var doc struct {
		Keys []struct {
			ID   string `xml:"id,attr"`
			For  string `xml:"for,attr"`
			Name string `xml:"attr.name,attr"`
		} `xml:"key"`
		Graph struct {
			Directed string `xml:"edgedefault,attr"`
			Nodes    []struct {
				ID   string `xml:"id,attr"`
				Data []struct {
					Key string `xml:"key,attr"`
					Val string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"node"`
			Edges []struct {
				Source string `xml:"source,attr"`
				Target string `xml:"target,attr"`
				Data   []struct {
					Key string `xml:"key,attr"`
					Val string `xml:",chardata"`
				} `xml:"data"`
			} `xml:"edge"`
		} `xml:"graph"`
	}
	if err := xml.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not valid XML: %v", err)
	}
	if len(doc.Graph.Nodes) != len(f.entities()) || c.Entities != len(f.entities()) {
		t.Errorf("%d nodes (counted %d), want %d", len(doc.Graph.Nodes), c.Entities, len(f.entities()))
	}
	entityEdges := 0
	for _, b := range f.batches {
		for _, a := range b.Assertions {
			if a.Object.IsEntity() {
				entityEdges++
			}
		}
	}
	entityEdges-- // implements, asserted twice
	if len(doc.Graph.Edges) != entityEdges {
		t.Errorf("%d edges, want %d", len(doc.Graph.Edges), entityEdges)
	}
	if c.Triples != f.distinctTriples() {
		t.Errorf("counted %d triples, want %d", c.Triples, f.distinctTriples())
	}
	names := map[string]string{}
	dates := map[string]string{}
	for _, n := range doc.Graph.Nodes {
		for _, d := range n.Data {
			switch d.Key {
			case "name":
				names[n.ID] = d.Val
			case "issued_on":
				dates[n.ID] = d.Val
			}
		}
	}
	for _, e := range f.entities() {
		if names[e.ID.String()] != e.Name {
			t.Errorf("node %s is named %q, want %q", e.ID, names[e.ID.String()], e.Name)
		}
	}
	if dates[f.resolution.ID.String()] != "2019-09-05" {
		t.Errorf("the resolution's issued_on is %q", dates[f.resolution.ID.String()])
	}
	for _, e := range doc.Graph.Edges {
		if names[e.Source] == "" || names[e.Target] == "" {
			t.Errorf("edge %s → %s names a node that is not there", e.Source, e.Target)
		}
		if len(e.Data) == 0 || e.Data[0].Key != "predicate" {
			t.Errorf("edge %s → %s has no predicate", e.Source, e.Target)
		}
	}
}

func TestDOT(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	out, c := exportString(t, s, DOT, Options{})
	if c.Entities != len(f.entities()) {
		t.Errorf("%d entities", c.Entities)
	}
	for _, want := range []string{
		`[label="Hội nghị \"Kiểm thử\" toàn quốc lần thứ 7"`,
		`[label="implements"]`,
		`issued_on="2019-09-05"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the DOT lacks %s", want)
		}
	}
	dot, err := exec.LookPath("dot")
	if err != nil {
		skipOptional(t, "Graphviz dot is not installed (apt-get install graphviz): the DOT export was not rendered")
	}
	cmd := exec.Command(dot, "-Tsvg")
	cmd.Stdin = strings.NewReader(out)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	svg, err := cmd.Output()
	if err != nil || stderr.Len() > 0 {
		t.Fatalf("dot -Tsvg: %v\n%s", err, stderr.String())
	}
	if n := bytes.Count(svg, []byte(`class="node"`)); n != len(f.entities()) {
		t.Errorf("the SVG draws %d nodes, want %d", n, len(f.entities()))
	}
	if !bytes.Contains(svg, []byte("Hội nghị &quot;Kiểm thử&quot; toàn quốc")) && !bytes.Contains(svg, []byte("Hội nghị \"Kiểm thử\" toàn quốc")) {
		t.Errorf("the SVG does not show the event's name")
	}
}

func TestCytoscape(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	out, _ := exportString(t, s, Cytoscape, Options{})
	var doc struct {
		Elements struct {
			Nodes []struct {
				Data struct {
					ID, Label, Type string
					Aliases         []string
				} `json:"data"`
			} `json:"nodes"`
			Edges []struct {
				Data struct{ ID, Source, Target, Label string } `json:"data"`
			} `json:"edges"`
		} `json:"elements"`
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("not valid JSON: %v", err)
	}
	byID := map[string]string{}
	for _, n := range doc.Elements.Nodes {
		byID[n.Data.ID] = n.Data.Label
	}
	for _, e := range f.entities() {
		if byID[e.ID.String()] != e.Name {
			t.Errorf("node %s is labelled %q, want %q", e.ID, byID[e.ID.String()], e.Name)
		}
	}
	ids := map[string]bool{}
	for _, e := range doc.Elements.Edges {
		if ids[e.Data.ID] {
			t.Errorf("edge id %s twice", e.Data.ID)
		}
		ids[e.Data.ID] = true
		if byID[e.Data.Source] == "" || byID[e.Data.Target] == "" || e.Data.Label == "" {
			t.Errorf("bad edge %+v", e.Data)
		}
	}
	if len(doc.Elements.Edges) == 0 {
		t.Error("no edges")
	}
}

func TestCSV(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	var nodes, edges bytes.Buffer
	c, err := WriteCSV(context.Background(), s, &nodes, &edges, Options{})
	if err != nil {
		t.Fatal(err)
	}
	nrecs, err := csv.NewReader(&nodes).ReadAll()
	if err != nil {
		t.Fatalf("nodes: %v", err)
	}
	erecs, err := csv.NewReader(&edges).ReadAll()
	if err != nil {
		t.Fatalf("edges: %v", err)
	}
	if !slices.Equal(nrecs[0], NodeHeader) || !slices.Equal(erecs[0], EdgeHeader) {
		t.Errorf("headers %v %v", nrecs[0], erecs[0])
	}
	if len(nrecs)-1 != len(f.entities()) || len(erecs)-1 != f.distinctTriples() || c.Triples != f.distinctTriples() {
		t.Errorf("%d node rows, %d edge rows (counts %+v)", len(nrecs)-1, len(erecs)-1, c)
	}
	found := false
	for _, r := range nrecs {
		if r[0] == f.person.ID.String() {
			found = true
			if r[2] != f.person.Name || r[3] != strings.Join(f.person.Aliases, ListSep) {
				t.Errorf("person row %q", r)
			}
		}
	}
	if !found {
		t.Error("no row for the person")
	}
	for _, r := range erecs[1:] {
		if r[0] == f.programme.ID.String() && r[1] == "implements" {
			want := []string{f.srcA.ID.String(), f.srcB.ID.String()}
			slices.SortFunc(want, func(a, b string) int { return compareIDs(uuid.MustParse(a), uuid.MustParse(b)) })
			if r[3] != "entity" || r[4] != strings.Join(want, ListSep) {
				t.Errorf("the twice-asserted edge: %q", r)
			}
		}
		if r[0] == f.resolution.ID.String() && r[1] == "issued_on" && (r[2] != "2019-09-05" || r[3] != "date") {
			t.Errorf("the date edge: %q", r)
		}
	}
}

func TestDgraph(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	out, c := exportString(t, s, Dgraph, Options{})
	if c.Entities != len(f.entities()) || c.Triples != f.distinctTriples() {
		t.Errorf("counts %+v", c)
	}
	blank := `_:e[0-9a-f]{32}`
	str := `"(?:[^"\\]|\\.)*"`
	facets := ` \(source="[0-9a-f-]+(?: [0-9a-f-]+)*", rule=` + str + `, confidence=[0-9.]+\)`
	line := regexp.MustCompile(`^` + blank + ` (?:<(?:xid|dgraph\.type|name|alias|symbol|attr_\w+)> ` + str +
		`|<\w+> (?:` + blank + `|` + str + `\^\^<xs:dateTime>)` + facets + `) \.$`)
	xids := 0
	for _, l := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if !line.MatchString(l) {
			t.Errorf("not a Dgraph RDF line: %s", l)
		}
		if strings.Contains(l, "<xid>") {
			xids++
		}
	}
	if xids != len(f.entities()) {
		t.Errorf("%d xids, want %d", xids, len(f.entities()))
	}
	bl := "_:e" + strings.ReplaceAll(f.programme.ID.String(), "-", "")
	want := bl + ` <implements> _:e` + strings.ReplaceAll(f.resolution.ID.String(), "-", "")
	if !strings.Contains(out, want) {
		t.Errorf("no implements edge from the programme")
	}
	if !strings.Contains(out, `"2019-09-05"^^<xs:dateTime>`) {
		t.Errorf("no typed date")
	}
	var schema strings.Builder
	if err := DgraphSchema(&schema); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"xid: string @index(exact) @upsert .\n",
		"name: string @index(term, exact, trigram) .\n",
		"alias: [string] @index(term, exact) .\n",
		"symbol: string @index(exact) .\n",
		"implements: [uid] @reverse @count .\n",
		"issued_on: datetime @index(day) .\n",
		"held_on: datetime @index(day) .\n",
		"type Programme {\n",
	} {
		if !strings.Contains(schema.String(), want) {
			t.Errorf("the schema lacks %q", want)
		}
	}
}

// TestFocusAllFormats: every format exports a neighbourhood: only its
// entities, and only edges between them.
func TestFocusAllFormats(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	opt := Options{Focus: f.programme.ID, Depth: 1}
	inside := []string{f.programme.ID.String(), f.resolution.ID.String(), f.ministry.ID.String()}
	outside := []string{f.decree.ID.String(), f.party.ID.String(), f.person.ID.String()}
	for _, fm := range Formats() {
		var out string
		var c Counts
		if fm == CSV {
			var nodes, edges bytes.Buffer
			var err error
			if c, err = WriteCSV(context.Background(), s, &nodes, &edges, opt); err != nil {
				t.Fatal(err)
			}
			out = nodes.String() + edges.String()
		} else {
			out, c = exportString(t, s, fm, opt)
		}
		if c.Entities != len(inside) || c.Triples != 3 {
			t.Errorf("%s: counts %+v, want 3 entities and 3 triples", fm, c)
		}
		hex := func(id string) string { return strings.ReplaceAll(id, "-", "") }
		for _, id := range inside {
			if !strings.Contains(out, id) && !strings.Contains(out, hex(id)) {
				t.Errorf("%s: the neighbourhood lacks %s", fm, id)
			}
		}
		for _, id := range outside {
			if strings.Contains(out, id) || strings.Contains(out, hex(id)) {
				t.Errorf("%s: the neighbourhood holds %s, two hops away", fm, id)
			}
		}
	}
}

// TestCancelled: a cancelled context stops every format with an error.
func TestCancelled(t *testing.T) {
	f := newFixture()
	s := f.load(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	for _, fm := range Formats() {
		var err error
		if fm == CSV {
			_, err = WriteCSV(ctx, s, io.Discard, io.Discard, Options{})
		} else {
			_, err = Write(ctx, s, fm, io.Discard, Options{})
		}
		if !errors.Is(err, context.Canceled) {
			t.Errorf("%s: err = %v, want context.Canceled", fm, err)
		}
	}
}
