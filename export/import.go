package export

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"github.com/govkg/govkg/graph"
)

// ImportNQuads reads N-Quads in the vocabulary that Write(NQuads) produces
// into s. It reads and checks the whole input first (syntax, vocabulary,
// references, the ontology and the store's limits) and stores nothing if
// anything is wrong: the error names the line. Then it applies one
// graph.Batch per source. Importing an export into an empty store and
// exporting again gives the same bytes.
func ImportNQuads(ctx context.Context, s *graph.Store, r io.Reader) (Counts, error) {
	im := newImporter()
	nr := newNQReader(r)
	for {
		q, err := nr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return Counts{}, fmt.Errorf("import: %w", err)
		}
		if q.line%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return Counts{}, fmt.Errorf("import: line %d: %w", q.line, err)
			}
		}
		if err := im.quad(q); err != nil {
			return Counts{}, fmt.Errorf("import: line %d: %w", q.line, err)
		}
	}
	batches, err := im.batches()
	if err != nil {
		return Counts{}, fmt.Errorf("import: %w", err)
	}
	if err := im.checkStored(ctx, s); err != nil {
		return Counts{}, fmt.Errorf("import: %w", err)
	}
	if err := storeBatches(ctx, s, batches); err != nil {
		return Counts{}, fmt.Errorf("import: %w", err)
	}
	return Counts{Entities: len(im.entities), Triples: im.triples}, nil
}

// storeBatches writes what an import read, all or nothing: into an empty
// store with BulkLoad, which sorts everything in memory and writes the
// tables directly (several times faster than transactions for a whole
// graph), and into a store that holds anything with ApplyAll, which
// merges with what is there.
func storeBatches(ctx context.Context, s *graph.Store, batches []graph.Batch) error {
	if len(batches) == 0 {
		return nil
	}
	st, err := s.Stats(ctx)
	if err != nil {
		return err
	}
	if st.Sources > 0 || st.Entities > 0 {
		_, err := s.ApplyAll(ctx, batches)
		return err
	}
	_, err = s.BulkLoad(ctx, func() ([]graph.Batch, error) {
		if len(batches) == 0 {
			return nil, io.EOF
		}
		bs := batches
		batches = nil
		return bs, nil
	})
	return err
}

// entityRec is an entity as the input describes it.
type entityRec struct {
	e        graph.Entity
	line     int // first line that describes it
	typeLine int
	hasLabel bool
}

// sourceRec is a source with what it says.
type sourceRec struct {
	src      graph.Source
	line     int // first line that names it
	typed    bool
	mentions []graph.ID
	mset     map[graph.ID]bool
	stmts    []stmtRec
}

// stmtRec is one quad in a source's graph.
type stmtRec struct {
	t    graph.Triple
	prov graph.Provenance
	line int
	has  bool // a provenance node described it
}

// provRec is a provenance node of the metadata graph.
type provRec struct {
	line                int
	subj                graph.ID
	pred                graph.Predicate
	obj                 *graph.Value
	src                 graph.ID
	sentence, rule      *string
	start, end          *int
	confidence          *float64
	hasSubj, hasPred    bool
	hasSrc              bool
	subjLine, predLine  int
	objLine, sourceLine int
}

// ref is a use of an entity, for the error when it is not described.
type ref struct {
	id   graph.ID
	line int
}

// importer gathers the input before anything is stored.
type importer struct {
	entities map[graph.ID]*entityRec
	entOrder []graph.ID
	sources  map[graph.ID]*sourceRec
	srcOrder []graph.ID
	stmts    map[stmtKey]int // index into the source's stmts
	provs    map[graph.ID]*provRec
	provOrd  []graph.ID
	refs     []ref
	triples  int
}

type stmtKey struct {
	src graph.ID
	t   graph.Triple
}

func newImporter() *importer {
	return &importer{
		entities: map[graph.ID]*entityRec{},
		sources:  map[graph.ID]*sourceRec{},
		stmts:    map[stmtKey]int{},
		provs:    map[graph.ID]*provRec{},
	}
}

// quad takes one statement.
func (im *importer) quad(q quad) error {
	if q.s.kind == termBlank || q.o.kind == termBlank || q.g.kind == termBlank {
		return errors.New("blank nodes are not part of the govkg vocabulary: every node is an IRI")
	}
	if q.o.kind == termLiteral && q.o.lang != "" {
		return fmt.Errorf("literal %s: language tags are not part of the govkg vocabulary", clip(q.o.String()))
	}
	switch {
	case q.g.kind == 0:
		return im.entityQuad(q)
	case q.g.value == MetaGraph:
		return im.metaQuad(q)
	case strings.HasPrefix(q.g.value, SourceNS):
		src, err := parseID(q.g.value, SourceNS, "source")
		if err != nil {
			return fmt.Errorf("graph label: %w", err)
		}
		return im.statement(q, src)
	}
	return fmt.Errorf("unknown graph <%s>: govkg quads are in the default graph (entities), <%s> or a source's graph <%s…>",
		clip(q.g.value), MetaGraph, SourceNS)
}

// parseID reads ns + a canonical UUID.
func parseID(iri, ns, what string) (graph.ID, error) {
	if !strings.HasPrefix(iri, ns) {
		return uuid.Nil, fmt.Errorf("bad IRI <%s>: not a %s IRI (%s<uuid>)", clip(iri), what, ns)
	}
	s := iri[len(ns):]
	id, err := uuid.Parse(s)
	if err != nil || len(s) != 36 || id.String() != s || id == uuid.Nil {
		return uuid.Nil, fmt.Errorf("bad IRI <%s>: %q is not a lower-case UUID", clip(iri), clip(s))
	}
	return id, nil
}

func (im *importer) entity(id graph.ID, line int) *entityRec {
	r, ok := im.entities[id]
	if !ok {
		r = &entityRec{e: graph.Entity{ID: id}, line: line}
		im.entities[id] = r
		im.entOrder = append(im.entOrder, id)
	}
	return r
}

func (im *importer) source(id graph.ID, line int) *sourceRec {
	r, ok := im.sources[id]
	if !ok {
		r = &sourceRec{src: graph.Source{ID: id}, line: line, mset: map[graph.ID]bool{}}
		im.sources[id] = r
		im.srcOrder = append(im.srcOrder, id)
	}
	return r
}

// stringLit returns the text of a plain or xsd:string literal.
func stringLit(t term, what string) (string, error) {
	if t.kind != termLiteral || (t.datatype != "" && t.datatype != xsdString) {
		return "", fmt.Errorf("%s must be a string literal, not %s", what, clip(t.String()))
	}
	return t.value, nil
}

// setOnce stores v in *dst unless a different value is there already.
func setOnce(dst *string, v, what string) error {
	if *dst != "" && *dst != v {
		return fmt.Errorf("a second %s %q (the first is %q)", what, clip(v), clip(*dst))
	}
	*dst = v
	return nil
}

// entityQuad takes a quad of the default graph: part of an entity's
// description.
func (im *importer) entityQuad(q quad) error {
	id, err := parseID(q.s.value, EntityNS, "entity")
	if err != nil {
		return fmt.Errorf("subject: %w", err)
	}
	r := im.entity(id, q.line)
	switch p := q.p.value; {
	case p == rdfType:
		if q.o.kind != termIRI || !strings.HasPrefix(q.o.value, OntologyNS) {
			return fmt.Errorf("rdf:type must be a govkg type <%s…>, not %s", OntologyNS, clip(q.o.String()))
		}
		t, err := graph.ParseEntityType(q.o.value[len(OntologyNS):])
		if err != nil {
			return err
		}
		if r.e.Type != "" && r.e.Type != t {
			return fmt.Errorf("entity %s is a %s and a %s", id, r.e.Type, t)
		}
		r.e.Type, r.typeLine = t, q.line
	case p == rdfsLabel:
		v, err := stringLit(q.o, "rdfs:label")
		if err != nil {
			return err
		}
		if err := setOnce(&r.e.Name, v, "rdfs:label"); err != nil {
			return err
		}
		r.hasLabel = true
	case p == skosAltLabel:
		v, err := stringLit(q.o, "skos:altLabel")
		if err != nil {
			return err
		}
		if !slices.Contains(r.e.Aliases, v) {
			r.e.Aliases = append(r.e.Aliases, v)
		}
	case strings.HasPrefix(p, OntologyNS+AttrPrefix):
		key, err := url.PathUnescape(p[len(OntologyNS)+len(AttrPrefix):])
		if err != nil || key == "" {
			return fmt.Errorf("bad attribute predicate <%s>", clip(p))
		}
		v, err := stringLit(q.o, "an attribute")
		if err != nil {
			return err
		}
		if r.e.Attrs == nil {
			r.e.Attrs = map[string]string{}
		}
		if old, ok := r.e.Attrs[key]; ok && old != v {
			return fmt.Errorf("attribute %q given twice (%q, %q)", key, clip(old), clip(v))
		}
		r.e.Attrs[key] = v
	default:
		return fmt.Errorf("unknown predicate <%s> for an entity (rdf:type, rdfs:label, skos:altLabel or govkg:attr_<key>)", clip(p))
	}
	return nil
}

// metaQuad takes a quad of the metadata graph: a source record, a mention
// or a provenance detail.
func (im *importer) metaQuad(q quad) error {
	switch {
	case strings.HasPrefix(q.s.value, SourceNS):
		id, err := parseID(q.s.value, SourceNS, "source")
		if err != nil {
			return fmt.Errorf("subject: %w", err)
		}
		return im.sourceQuad(q, im.source(id, q.line))
	case strings.HasPrefix(q.s.value, AssertionNS):
		id, err := parseID(q.s.value, AssertionNS, "assertion")
		if err != nil {
			return fmt.Errorf("subject: %w", err)
		}
		r, ok := im.provs[id]
		if !ok {
			r = &provRec{line: q.line}
			im.provs[id] = r
			im.provOrd = append(im.provOrd, id)
		}
		return im.provQuad(q, r)
	}
	return fmt.Errorf("subject <%s> in the metadata graph is neither a source (%s…) nor an assertion (%s…)",
		clip(q.s.value), SourceNS, AssertionNS)
}

func (im *importer) sourceQuad(q quad, r *sourceRec) error {
	var err error
	switch q.p.value {
	case rdfType:
		if q.o.kind != termIRI || q.o.value != govSource {
			return fmt.Errorf("a source's rdf:type must be <%s>, not %s", govSource, clip(q.o.String()))
		}
		r.typed = true
	case dcTitle:
		var v string
		if v, err = stringLit(q.o, "dcterms:title"); err == nil {
			err = setOnce(&r.src.Title, v, "title")
		}
	case govLocation:
		var v string
		if v, err = stringLit(q.o, "govkg:location"); err == nil {
			err = setOnce(&r.src.URL, v, "location")
		}
	case govSHA256:
		var v string
		if v, err = stringLit(q.o, "govkg:sha256"); err == nil {
			err = setOnce(&r.src.Hash, v, "hash")
		}
	case dcDate:
		if q.o.kind != termLiteral || !slices.Contains([]string{"", xsdString, xsdDate, xsdGYearMonth, xsdGYear}, q.o.datatype) {
			return fmt.Errorf("dcterms:date must be a date or string literal, not %s", clip(q.o.String()))
		}
		err = setOnce(&r.src.Date, q.o.value, "date")
	case govIngestedAt:
		if q.o.kind != termLiteral || q.o.datatype != xsdDateTime {
			return fmt.Errorf("govkg:ingestedAt must be an xsd:dateTime literal, not %s", clip(q.o.String()))
		}
		t, perr := time.Parse(time.RFC3339Nano, q.o.value)
		if perr != nil {
			return fmt.Errorf("govkg:ingestedAt %q is not an RFC 3339 time", clip(q.o.value))
		}
		if !r.src.IngestedAt.IsZero() && !r.src.IngestedAt.Equal(t) {
			return errors.New("a second govkg:ingestedAt")
		}
		r.src.IngestedAt = t.UTC()
	case govMentions:
		if q.o.kind != termIRI {
			return fmt.Errorf("govkg:mentions must name an entity, not %s", clip(q.o.String()))
		}
		id, perr := parseID(q.o.value, EntityNS, "entity")
		if perr != nil {
			return fmt.Errorf("object: %w", perr)
		}
		im.refs = append(im.refs, ref{id, q.line})
		if !r.mset[id] {
			r.mset[id] = true
			r.mentions = append(r.mentions, id)
		}
	default:
		return fmt.Errorf("unknown predicate <%s> for a source", clip(q.p.value))
	}
	return err
}

func (im *importer) provQuad(q quad, r *provRec) error {
	intLit := func() (*int, error) {
		if q.o.kind != termLiteral || q.o.datatype != xsdInteger {
			return nil, fmt.Errorf("<%s> must be an xsd:integer literal", q.p.value)
		}
		n, err := strconv.Atoi(q.o.value)
		if err != nil {
			return nil, fmt.Errorf("<%s>: %q is not an integer", q.p.value, clip(q.o.value))
		}
		return &n, nil
	}
	strLit := func(dst **string) error {
		v, err := stringLit(q.o, "<"+q.p.value+">")
		if err != nil {
			return err
		}
		if *dst != nil && **dst != v {
			return fmt.Errorf("a second <%s>", q.p.value)
		}
		*dst = &v
		return nil
	}
	var err error
	switch q.p.value {
	case rdfSubject:
		if q.o.kind != termIRI {
			return errors.New("rdf:subject must be an entity IRI")
		}
		r.subj, err = parseID(q.o.value, EntityNS, "entity")
		r.hasSubj, r.subjLine = true, q.line
	case rdfPredicate:
		if q.o.kind != termIRI || !strings.HasPrefix(q.o.value, OntologyNS) {
			return fmt.Errorf("rdf:predicate must be a govkg predicate <%s…>", OntologyNS)
		}
		r.pred, err = graph.ParsePredicate(q.o.value[len(OntologyNS):])
		r.hasPred, r.predLine = true, q.line
	case rdfObject:
		var v graph.Value
		v, err = objectValue(q.o)
		r.obj, r.objLine = &v, q.line
	case govAsserted:
		if q.o.kind != termIRI {
			return errors.New("govkg:source must be a source IRI")
		}
		r.src, err = parseID(q.o.value, SourceNS, "source")
		r.hasSrc, r.sourceLine = true, q.line
	case govSentence:
		err = strLit(&r.sentence)
	case govRule:
		err = strLit(&r.rule)
	case govStart:
		r.start, err = intLit()
	case govEnd:
		r.end, err = intLit()
	case govConfidence:
		if q.o.kind != termLiteral || q.o.datatype != xsdDouble {
			return errors.New("govkg:confidence must be an xsd:double literal")
		}
		f, perr := strconv.ParseFloat(q.o.value, 64)
		if perr != nil || !(f >= 0 && f <= 1) {
			return fmt.Errorf("govkg:confidence %q is not a number within 0..1", clip(q.o.value))
		}
		r.confidence = &f
	default:
		return fmt.Errorf("unknown predicate <%s> for a provenance record", clip(q.p.value))
	}
	return err
}

// objectValue turns an object term into a graph value.
func objectValue(t term) (graph.Value, error) {
	if t.kind == termIRI {
		id, err := parseID(t.value, EntityNS, "entity")
		if err != nil {
			return graph.Value{}, fmt.Errorf("object: %w", err)
		}
		return graph.EntityValue(id), nil
	}
	switch t.datatype {
	case "", xsdString:
		if len(t.value) > graph.MaxLiteralLen {
			return graph.Value{}, fmt.Errorf("literal of %d bytes (at most %d)", len(t.value), graph.MaxLiteralLen)
		}
		return graph.StringValue(t.value), nil
	case xsdDate, xsdGYearMonth, xsdGYear:
		v, err := graph.DateValue(t.value)
		if err != nil || dateType(t.value) != t.datatype {
			return graph.Value{}, fmt.Errorf("%q is not an <%s>", clip(t.value), t.datatype)
		}
		return v, nil
	case xsdDouble:
		f, err := strconv.ParseFloat(t.value, 64)
		if err != nil || math.IsInf(f, 0) || math.IsNaN(f) {
			return graph.Value{}, fmt.Errorf("%q is not a finite xsd:double", clip(t.value))
		}
		return graph.NumberValue(f), nil
	}
	return graph.Value{}, fmt.Errorf("unsupported datatype <%s> (xsd:string, xsd:date, xsd:gYearMonth, xsd:gYear or xsd:double)", clip(t.datatype))
}

// statement takes a quad of source src's graph: one assertion.
func (im *importer) statement(q quad, src graph.ID) error {
	subj, err := parseID(q.s.value, EntityNS, "entity")
	if err != nil {
		return fmt.Errorf("subject: %w", err)
	}
	if !strings.HasPrefix(q.p.value, OntologyNS) {
		return fmt.Errorf("unknown predicate <%s>: statements use govkg predicates <%s…>", clip(q.p.value), OntologyNS)
	}
	pred, err := graph.ParsePredicate(q.p.value[len(OntologyNS):])
	if err != nil {
		return fmt.Errorf("%w (in <%s>)", err, clip(q.p.value))
	}
	obj, err := objectValue(q.o)
	if err != nil {
		return err
	}
	t := graph.Triple{Subject: subj, Predicate: pred, Object: obj}
	r := im.source(src, q.line)
	k := stmtKey{src, t}
	if _, dup := im.stmts[k]; dup {
		return nil // the same quad twice is the same statement
	}
	im.stmts[k] = len(r.stmts)
	r.stmts = append(r.stmts, stmtRec{t: t, prov: graph.Provenance{Source: src}, line: q.line})
	im.refs = append(im.refs, ref{subj, q.line})
	if obj.IsEntity() {
		im.refs = append(im.refs, ref{obj.Entity, q.line})
	}
	return nil
}

// batches checks that the pieces fit together and builds one batch per
// source, in the order the sources first appear.
func (im *importer) batches() ([]graph.Batch, error) {
	for _, id := range im.entOrder {
		r := im.entities[id]
		switch {
		case r.e.Type == "":
			return nil, fmt.Errorf("line %d: entity %s has no rdf:type", r.line, id)
		case !r.hasLabel:
			return nil, fmt.Errorf("line %d: entity %s has no rdfs:label", r.line, id)
		}
		if err := validateEntity(&r.e); err != nil {
			return nil, fmt.Errorf("line %d: %w", r.line, err)
		}
	}
	for _, rf := range im.refs {
		if _, ok := im.entities[rf.id]; !ok {
			return nil, fmt.Errorf("line %d: entity %s is used but not described (no rdf:type and rdfs:label in the default graph)", rf.line, rf.id)
		}
	}
	for _, sid := range im.srcOrder {
		for _, st := range im.sources[sid].stmts {
			if err := checkAssertion(im.entities, st); err != nil {
				return nil, fmt.Errorf("line %d: %w", st.line, err)
			}
		}
	}
	for _, id := range im.provOrd {
		if err := im.attach(im.provs[id]); err != nil {
			return nil, err
		}
	}
	mentioned := map[graph.ID]bool{}
	triples := map[graph.Triple]bool{}
	out := make([]graph.Batch, 0, len(im.srcOrder))
	for _, sid := range im.srcOrder {
		r := im.sources[sid]
		if !r.typed {
			return nil, fmt.Errorf("line %d: source %s has no record (<%s> rdf:type govkg:Source in the metadata graph)", r.line, sid, SourceIRI(sid))
		}
		if err := validateSource(&r.src); err != nil {
			return nil, fmt.Errorf("line %d: %w", r.line, err)
		}
		b := graph.Batch{Source: r.src}
		add := func(id graph.ID) {
			if !r.mset[id] {
				r.mset[id] = true
				r.mentions = append(r.mentions, id)
			}
		}
		for _, st := range r.stmts {
			add(st.t.Subject)
			if st.t.Object.IsEntity() {
				add(st.t.Object.Entity)
			}
		}
		for _, id := range r.mentions {
			b.Entities = append(b.Entities, im.entities[id].e)
			mentioned[id] = true
		}
		for _, st := range r.stmts {
			b.Assertions = append(b.Assertions, graph.Assertion{Triple: st.t, Provenance: st.prov})
			triples[st.t] = true
		}
		out = append(out, b)
	}
	for _, id := range im.entOrder {
		if !mentioned[id] {
			return nil, fmt.Errorf("line %d: entity %s is mentioned by no source (give <%s…> govkg:mentions <%s> in the metadata graph)",
				im.entities[id].line, id, SourceNS, EntityIRI(id))
		}
	}
	im.triples = len(triples)
	return out, nil
}

// attach gives a provenance node's details to the statement it describes.
func (im *importer) attach(p *provRec) error {
	for _, need := range []struct {
		ok   bool
		name string
	}{{p.hasSubj, "rdf:subject"}, {p.hasPred, "rdf:predicate"}, {p.obj != nil, "rdf:object"}, {p.hasSrc, "govkg:source"}} {
		if !need.ok {
			return fmt.Errorf("line %d: the provenance record has no %s", p.line, need.name)
		}
	}
	t := graph.Triple{Subject: p.subj, Predicate: p.pred, Object: *p.obj}
	k := stmtKey{p.src, t}
	i, ok := im.stmts[k]
	if !ok {
		return fmt.Errorf("line %d: the provenance record describes %s %s %s, which source %s does not assert (no such quad in its graph)",
			p.line, t.Subject, t.Predicate, clip(t.Object.String()), p.src)
	}
	st := &im.sources[p.src].stmts[i]
	if st.has {
		return fmt.Errorf("line %d: a second provenance record for the statement of line %d", p.line, st.line)
	}
	st.has = true
	if p.sentence != nil {
		if len(*p.sentence) > graph.MaxSentenceLen {
			return fmt.Errorf("line %d: a sentence of %d bytes (at most %d)", p.line, len(*p.sentence), graph.MaxSentenceLen)
		}
		st.prov.Sentence = *p.sentence
	}
	if p.rule != nil {
		st.prov.Rule = *p.rule
	}
	if p.start != nil {
		st.prov.Start = *p.start
	}
	if p.end != nil {
		st.prov.End = *p.end
	}
	if p.confidence != nil {
		st.prov.Confidence = *p.confidence
	}
	if pr := st.prov; pr.Start < 0 || pr.End < pr.Start {
		return fmt.Errorf("line %d: evidence span %d..%d", p.line, pr.Start, pr.End)
	}
	if len(st.prov.Rule) > graph.MaxNameLen {
		return fmt.Errorf("line %d: a rule name of %d bytes (at most %d)", p.line, len(st.prov.Rule), graph.MaxNameLen)
	}
	return nil
}

// checkAssertion checks a statement against the ontology, with the types
// the input gives its entities.
func checkAssertion(ents map[graph.ID]*entityRec, st stmtRec) error {
	if err := st.t.Object.Validate(); err != nil {
		return err
	}
	subj := ents[st.t.Subject].e.Type
	var obj graph.EntityType
	if st.t.Object.IsEntity() {
		obj = ents[st.t.Object.Entity].e.Type
	}
	if !graph.SignatureOf(st.t.Predicate).Accepts(subj, obj, st.t.Object.Kind) {
		what := string(obj)
		if what == "" {
			what = st.t.Object.Kind.String() + " literal"
		}
		return fmt.Errorf("%w: %s does not join a %s to a %s", graph.ErrInvalid, st.t.Predicate, subj, what)
	}
	return nil
}

// validateEntity applies the store's rules for an entity, so that a batch
// the store would refuse is refused before anything is stored.
func validateEntity(e *graph.Entity) error {
	if err := e.Validate(); err != nil {
		return err
	}
	for _, n := range e.Names() {
		if graph.Fold(n) == "" {
			return fmt.Errorf("%w: entity %s: name %q has no letters or digits", graph.ErrInvalid, e.ID, clip(n))
		}
	}
	if len(e.Attrs) > graph.MaxAliases {
		return fmt.Errorf("%w: entity %s has %d attributes (at most %d)", graph.ErrInvalid, e.ID, len(e.Attrs), graph.MaxAliases)
	}
	for k, v := range e.Attrs {
		if len(k) > graph.MaxNameLen || len(v) > graph.MaxLiteralLen {
			return fmt.Errorf("%w: entity %s attribute %q is too long", graph.ErrInvalid, e.ID, clip(k))
		}
	}
	return nil
}

// validateSource applies the store's rules for a source record.
func validateSource(src *graph.Source) error {
	for _, f := range []struct{ name, v string }{{"title", src.Title}, {"location", src.URL}, {"hash", src.Hash}, {"date", src.Date}} {
		if len(f.v) > graph.MaxLiteralLen {
			return fmt.Errorf("%w: source %s: %s of %d bytes (at most %d)", graph.ErrInvalid, src.ID, f.name, len(f.v), graph.MaxLiteralLen)
		}
	}
	if src.Date != "" {
		if _, err := graph.DateValue(src.Date); err != nil {
			if _, err := time.Parse(time.RFC3339, src.Date); err != nil {
				return fmt.Errorf("%w: source %s: date %q is not ISO 8601", graph.ErrInvalid, src.ID, clip(src.Date))
			}
		}
	}
	return nil
}

// checkStored refuses entities that the store holds with another type
// (the store would refuse the batch half-way through the import).
func (im *importer) checkStored(ctx context.Context, s *graph.Store) error {
	const chunk = 1024
	for i := 0; i < len(im.entOrder); i += chunk {
		ids := im.entOrder[i:min(i+chunk, len(im.entOrder))]
		stored, err := s.EntitiesByID(ctx, ids)
		if err != nil {
			return err
		}
		for j, e := range stored {
			r := im.entities[ids[j]]
			if e != nil && e.Type != r.e.Type {
				return fmt.Errorf("line %d: entity %s is a %s in the store, the input says %s", r.typeLine, e.ID, e.Type, r.e.Type)
			}
		}
	}
	return nil
}
