package export

import (
	"crypto/sha1"
	"math"
	"strconv"
	"unicode/utf8"

	"github.com/google/uuid"

	"github.com/govkg/govkg/graph"
)

// The RDF vocabulary of the exports. Entities, sources and assertions get
// IRIs under Base; predicates, types and govkg's own properties live in
// the ontology namespace.
const (
	Base          = "https://govkg.org/"
	EntityNS      = Base + "id/"
	SourceNS      = Base + "source/"
	AssertionNS   = Base + "assertion/"
	OntologyNS    = Base + "ontology#"
	MetaGraph     = Base + "graph/meta" // sources, mentions and provenance details
	AttrPrefix    = "attr_"             // govkg:attr_<key> holds an entity attribute
	RDFNS         = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"
	RDFSNS        = "http://www.w3.org/2000/01/rdf-schema#"
	SKOSNS        = "http://www.w3.org/2004/02/skos/core#"
	XSDNS         = "http://www.w3.org/2001/XMLSchema#"
	DCTermsNS     = "http://purl.org/dc/terms/"
	rdfType       = RDFNS + "type"
	rdfSubject    = RDFNS + "subject"
	rdfPredicate  = RDFNS + "predicate"
	rdfObject     = RDFNS + "object"
	rdfsLabel     = RDFSNS + "label"
	skosAltLabel  = SKOSNS + "altLabel"
	xsdString     = XSDNS + "string"
	xsdDate       = XSDNS + "date"
	xsdGYearMonth = XSDNS + "gYearMonth"
	xsdGYear      = XSDNS + "gYear"
	xsdDouble     = XSDNS + "double"
	xsdInteger    = XSDNS + "integer"
	xsdDateTime   = XSDNS + "dateTime"
	dcTitle       = DCTermsNS + "title"
	dcDate        = DCTermsNS + "date"
	govSource     = OntologyNS + "Source"
	govLocation   = OntologyNS + "location"
	govSHA256     = OntologyNS + "sha256"
	govIngestedAt = OntologyNS + "ingestedAt"
	govMentions   = OntologyNS + "mentions"
	govAsserted   = OntologyNS + "source"
	govSentence   = OntologyNS + "sentence"
	govStart      = OntologyNS + "start"
	govEnd        = OntologyNS + "end"
	govRule       = OntologyNS + "rule"
	govConfidence = OntologyNS + "confidence"
)

// EntityIRI returns the IRI of an entity.
func EntityIRI(id graph.ID) string { return EntityNS + id.String() }

// SourceIRI returns the IRI of a source (the graph label of its quads).
func SourceIRI(id graph.ID) string { return SourceNS + id.String() }

// assertionID names the provenance record of one source's assertion of
// one triple: a UUID v5 (in the URL namespace) of the source, the subject,
// the predicate and the object, stable across exports and distinct across
// sources. scratch is reused between calls.
func assertionID(scratch *[]byte, src graph.ID, t graph.Triple) graph.ID {
	b := append((*scratch)[:0], uuid.NameSpaceURL[:]...)
	b = append(b, src[:]...)
	b = append(b, t.Subject[:]...)
	b = append(b, t.Predicate...)
	b = append(b, 0, byte(t.Object.Kind))
	switch t.Object.Kind {
	case graph.KindEntity:
		b = append(b, t.Object.Entity[:]...)
	case graph.KindNumber:
		b = strconv.AppendFloat(b, t.Object.Number, 'g', -1, 64)
	default:
		b = append(b, t.Object.Text...)
	}
	*scratch = b
	sum := sha1.Sum(b)
	var id graph.ID
	copy(id[:], sum[:16])
	id[6] = id[6]&0x0f | 0x50 // version 5
	id[8] = id[8]&0x3f | 0x80 // RFC 4122 variant
	return id
}

// appendUUID appends the canonical text of id without allocating.
func appendUUID(b []byte, id uuid.UUID) []byte {
	var buf [36]byte
	const hex = "0123456789abcdef"
	j := 0
	for i, c := range id {
		if i == 4 || i == 6 || i == 8 || i == 10 {
			buf[j] = '-'
			j++
		}
		buf[j], buf[j+1] = hex[c>>4], hex[c&15]
		j += 2
	}
	return append(b, buf[:]...)
}

// appendIRI appends <iri>.
func appendIRI(b []byte, iri string) []byte {
	b = append(b, '<')
	b = append(b, iri...)
	return append(b, '>')
}

// appendIDIRI appends <ns + id>.
func appendIDIRI(b []byte, ns string, id uuid.UUID) []byte {
	b = append(b, '<')
	b = append(b, ns...)
	b = appendUUID(b, id)
	return append(b, '>')
}

// appendString appends s as an N-Triples / Turtle STRING_LITERAL_QUOTE in
// canonical form: quote, backslash and the controls that have a short
// escape use it, other controls become \u00XX, everything else is written
// as UTF-8. Bytes that are not UTF-8 become U+FFFD, so that the output is
// always valid (and reading it back gives the same bytes again).
func appendString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c >= 0x20 && c != '"' && c != '\\' && c != 0x7f && c < utf8.RuneSelf {
			i++
			continue
		}
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRuneInString(s[i:])
			if r != utf8.RuneError || size != 1 {
				i += size
				continue
			}
			b = append(b, s[start:i]...)
			b = append(b, "\uFFFD"...)
			i++
			start = i
			continue
		}
		b = append(b, s[start:i]...)
		switch c {
		case '"':
			b = append(b, '\\', '"')
		case '\\':
			b = append(b, '\\', '\\')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		case '\t':
			b = append(b, '\\', 't')
		case '\b':
			b = append(b, '\\', 'b')
		case '\f':
			b = append(b, '\\', 'f')
		default:
			const hex = "0123456789ABCDEF"
			b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&15])
		}
		i++
		start = i
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// appendTyped appends "lexical"^^<datatype>.
func appendTyped(b []byte, lexical, datatype string) []byte {
	b = appendString(b, lexical)
	b = append(b, '^', '^')
	return appendIRI(b, datatype)
}

// dateType returns the XSD type of an ISO 8601 date literal by its form:
// xsd:date, xsd:gYearMonth or xsd:gYear.
func dateType(s string) string {
	switch len(s) {
	case 4:
		return xsdGYear
	case 7:
		return xsdGYearMonth
	}
	return xsdDate
}

// formatNumber gives the shortest text that parses back to f exactly.
func formatNumber(f float64) string {
	if f == math.Trunc(f) && math.Abs(f) < 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

// appendValue appends the RDF term of a triple's object.
func appendValue(b []byte, v graph.Value) []byte {
	switch v.Kind {
	case graph.KindEntity:
		return appendIDIRI(b, EntityNS, v.Entity)
	case graph.KindDate:
		return appendTyped(b, v.Text, dateType(v.Text))
	case graph.KindNumber:
		return appendTyped(b, formatNumber(v.Number), xsdDouble)
	}
	return appendTyped(b, v.Text, xsdString)
}

// attrIRI returns govkg:attr_<key>, the key percent-encoded so that any
// key makes a valid IRI and reads back unchanged.
func attrIRI(key string) string {
	const hex = "0123456789ABCDEF"
	b := make([]byte, 0, len(OntologyNS)+len(AttrPrefix)+len(key))
	b = append(b, OntologyNS...)
	b = append(b, AttrPrefix...)
	for i := 0; i < len(key); i++ {
		c := key[i]
		if 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~' {
			b = append(b, c)
		} else {
			b = append(b, '%', hex[c>>4], hex[c&15])
		}
	}
	return string(b)
}
