package export

import (
	"context"
	"maps"
	"slices"
	"strconv"
	"time"

	"github.com/govkg/govkg/graph"
)

// writeNQuads writes the N-Quads export, in three parts:
//
//  1. the sources, in the metadata graph <https://govkg.org/graph/meta>:
//     rdf:type govkg:Source, dcterms:title, govkg:location, govkg:sha256,
//     dcterms:date, govkg:ingestedAt;
//  2. the entities, in the default graph: rdf:type govkg:<Type>,
//     rdfs:label, skos:altLabel (in stored order), govkg:attr_<key> (by
//     key); followed, in the metadata graph, by <source> govkg:mentions
//     <entity> for each source that mentions the entity;
//  3. the statements, source by source: one quad per (triple, asserting
//     source) whose graph label is the source's IRI, each followed by its
//     provenance in the metadata graph: a node
//     <https://govkg.org/assertion/<uuid>> with
//     rdf:subject/predicate/object, govkg:source, govkg:sentence,
//     govkg:start, govkg:end, govkg:rule, govkg:confidence (empty and zero
//     fields left out).
//
// ImportNQuads reads exactly this back.
func writeNQuads(ctx context.Context, v *view, o *out) (Counts, error) {
	var c Counts
	err := v.sources(ctx, func(src graph.Source) error {
		if v.nodes != nil {
			// A neighbourhood holds part of what a source asserts: without
			// the hash, importing the whole source later replaces the part
			// instead of skipping it as unchanged.
			src.Hash = ""
		}
		o.buf = appendSourceQuads(o.buf, src)
		return o.emit()
	})
	if err != nil {
		return c, err
	}
	// Entities, in chunks that render in parallel. For the whole graph the
	// mentions come from one scan beside the entity scan; for a
	// neighbourhood each job looks its entities' up.
	p := newPipeline(o)
	err = p.run(ctx, func(emit func(job) error) error {
		var ms *mentionStream
		if v.nodes == nil {
			ms = v.mentionStream(ctx)
			defer ms.close()
		}
		chunk := make([]graph.Entity, 0, entityChunk)
		var srcs []graph.ID // the mentions of chunk[i] are srcs[ends[i-1]:ends[i]]
		var ends []int
		flush := func() error {
			ents, entSrcs, entEnds := chunk, srcs, ends
			chunk = make([]graph.Entity, 0, entityChunk)
			srcs, ends = nil, nil
			return emit(func(ctx context.Context, b []byte) ([]byte, error) {
				for i := range ents {
					e := &ents[i]
					b = appendEntityQuads(b, e, "")
					var mine []graph.ID
					if entEnds != nil {
						mine = entSrcs[:entEnds[i]]
						if i > 0 {
							mine = mine[entEnds[i-1]:]
						}
					} else {
						var err error
						if mine, err = v.mentions(ctx, e.ID); err != nil {
							return b, err
						}
					}
					for _, src := range mine {
						b = appendIDIRI(b, SourceNS, src)
						b = append(b, ' ')
						b = appendIRI(b, govMentions)
						b = append(b, ' ')
						b = appendIDIRI(b, EntityNS, e.ID)
						b = appendMetaEnd(b)
					}
				}
				return b, nil
			})
		}
		err := v.entities(ctx, func(e graph.Entity) error {
			c.Entities++
			chunk = append(chunk, e)
			if ms != nil {
				var err error
				if srcs, err = ms.sources(e.ID, srcs); err != nil {
					return err
				}
				ends = append(ends, len(srcs))
			}
			if len(chunk) == cap(chunk) {
				return flush()
			}
			return nil
		})
		if err == nil && ms != nil {
			err = ms.close()
		}
		if err == nil && len(chunk) > 0 {
			err = flush()
		}
		return err
	})
	if err != nil {
		return c, err
	}
	// Statements, one source per job.
	if c.Triples, err = v.prepareAssertions(ctx); err != nil {
		return c, err
	}
	err = p.run(ctx, func(emit func(job) error) error {
		return v.eachSourceAssertions(ctx, func(as []graph.Assertion) error {
			return emit(func(ctx context.Context, b []byte) ([]byte, error) {
				sortAssertions(as)
				var scratch []byte
				for i := range as {
					b = appendAssertionQuads(b, &scratch, as[i].Triple, &as[i].Provenance)
				}
				return b, nil
			})
		})
	})
	return c, err
}

// entityChunk is how many entities one job of the N-Quads export renders.
const entityChunk = 256

// appendMetaEnd ends a quad in the metadata graph.
func appendMetaEnd(b []byte) []byte {
	b = append(b, ' ')
	b = appendIRI(b, MetaGraph)
	return append(b, " .\n"...)
}

// appendMetaTerm appends <ns+id> <pred> object <meta> . where object
// appends the object term.
func appendMetaTerm(b []byte, ns string, id graph.ID, pred string, object func([]byte) []byte) []byte {
	b = appendIDIRI(b, ns, id)
	b = append(b, ' ')
	b = appendIRI(b, pred)
	b = append(b, ' ')
	b = object(b)
	return appendMetaEnd(b)
}

func appendSourceQuads(b []byte, src graph.Source) []byte {
	lit := func(s, dt string) func([]byte) []byte {
		return func(b []byte) []byte { return appendTyped(b, s, dt) }
	}
	b = appendMetaTerm(b, SourceNS, src.ID, rdfType, func(b []byte) []byte { return appendIRI(b, govSource) })
	if src.Title != "" {
		b = appendMetaTerm(b, SourceNS, src.ID, dcTitle, lit(src.Title, xsdString))
	}
	if src.URL != "" {
		b = appendMetaTerm(b, SourceNS, src.ID, govLocation, lit(src.URL, xsdString))
	}
	if src.Hash != "" {
		b = appendMetaTerm(b, SourceNS, src.ID, govSHA256, lit(src.Hash, xsdString))
	}
	if src.Date != "" {
		dt := xsdString
		if _, err := graph.DateValue(src.Date); err == nil {
			dt = dateType(src.Date)
		}
		b = appendMetaTerm(b, SourceNS, src.ID, dcDate, lit(src.Date, dt))
	}
	if !src.IngestedAt.IsZero() {
		b = appendMetaTerm(b, SourceNS, src.ID, govIngestedAt, lit(src.IngestedAt.UTC().Format(time.RFC3339Nano), xsdDateTime))
	}
	return b
}

// appendEntityQuads appends the description of e; graphIRI is "" for the
// default graph.
func appendEntityQuads(b []byte, e *graph.Entity, graphIRI string) []byte {
	line := func(b []byte, pred string, object func([]byte) []byte) []byte {
		b = appendIDIRI(b, EntityNS, e.ID)
		b = append(b, ' ')
		b = appendIRI(b, pred)
		b = append(b, ' ')
		b = object(b)
		if graphIRI != "" {
			b = append(b, ' ')
			b = appendIRI(b, graphIRI)
		}
		return append(b, " .\n"...)
	}
	b = line(b, rdfType, func(b []byte) []byte { return appendIRI(b, OntologyNS+string(e.Type)) })
	b = line(b, rdfsLabel, func(b []byte) []byte { return appendString(b, e.Name) })
	for _, a := range e.Aliases {
		b = line(b, skosAltLabel, func(b []byte) []byte { return appendString(b, a) })
	}
	for _, k := range slices.Sorted(maps.Keys(e.Attrs)) {
		b = line(b, attrIRI(k), func(b []byte) []byte { return appendString(b, e.Attrs[k]) })
	}
	return b
}

// appendStatement appends <s> <p> o, without the graph label and the end.
func appendStatement(b []byte, t graph.Triple) []byte {
	b = appendIDIRI(b, EntityNS, t.Subject)
	b = append(b, ' ', '<')
	b = append(b, OntologyNS...)
	b = append(b, t.Predicate...)
	b = append(b, '>', ' ')
	return appendValue(b, t.Object)
}

// appendAssertionQuads appends the quad of t in the graph of p.Source and
// the provenance node that describes it.
func appendAssertionQuads(b []byte, scratch *[]byte, t graph.Triple, p *graph.Provenance) []byte {
	b = appendStatement(b, t)
	b = append(b, ' ')
	b = appendIDIRI(b, SourceNS, p.Source)
	b = append(b, " .\n"...)

	a := assertionID(scratch, p.Source, t)
	b = appendMetaTerm(b, AssertionNS, a, rdfSubject, func(b []byte) []byte { return appendIDIRI(b, EntityNS, t.Subject) })
	b = appendMetaTerm(b, AssertionNS, a, rdfPredicate, func(b []byte) []byte { return appendIRI(b, OntologyNS+string(t.Predicate)) })
	b = appendMetaTerm(b, AssertionNS, a, rdfObject, func(b []byte) []byte { return appendValue(b, t.Object) })
	b = appendMetaTerm(b, AssertionNS, a, govAsserted, func(b []byte) []byte { return appendIDIRI(b, SourceNS, p.Source) })
	if p.Sentence != "" {
		b = appendMetaTerm(b, AssertionNS, a, govSentence, func(b []byte) []byte { return appendTyped(b, p.Sentence, xsdString) })
	}
	if p.Start != 0 || p.End != 0 {
		b = appendMetaTerm(b, AssertionNS, a, govStart, func(b []byte) []byte { return appendTyped(b, strconv.Itoa(p.Start), xsdInteger) })
		b = appendMetaTerm(b, AssertionNS, a, govEnd, func(b []byte) []byte { return appendTyped(b, strconv.Itoa(p.End), xsdInteger) })
	}
	if p.Rule != "" {
		b = appendMetaTerm(b, AssertionNS, a, govRule, func(b []byte) []byte { return appendTyped(b, p.Rule, xsdString) })
	}
	if p.Confidence != 0 {
		b = appendMetaTerm(b, AssertionNS, a, govConfidence, func(b []byte) []byte { return appendTyped(b, formatNumber(p.Confidence), xsdDouble) })
	}
	return b
}
