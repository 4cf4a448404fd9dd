package export

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"
)

// This file reads N-Quads (RDF 1.1) line by line into terms. It knows the
// grammar, not govkg's vocabulary: import.go gives the terms meaning.

// termKind says what an RDF term is.
type termKind uint8

const (
	termIRI termKind = iota + 1
	termBlank
	termLiteral
)

// term is one RDF term: an IRI, a blank node label, or a literal (its
// lexical form with a datatype IRI or a language tag).
type term struct {
	kind     termKind
	value    string
	datatype string // literal: the datatype IRI; "" for a simple literal
	lang     string // literal: the language tag, if any
}

func (t term) String() string {
	switch t.kind {
	case termIRI:
		return "<" + t.value + ">"
	case termBlank:
		return "_:" + t.value
	}
	s := strconv.Quote(t.value)
	if t.lang != "" {
		return s + "@" + t.lang
	}
	if t.datatype != "" {
		return s + "^^<" + t.datatype + ">"
	}
	return s
}

// quad is one statement; graph.kind is 0 in the default graph.
type quad struct {
	s, p, o, g term
	line       int
}

// maxLine bounds one line: a sentence of graph.MaxSentenceLen bytes, every
// byte escaped, fits with room to spare.
const maxLine = 1 << 20

// nqReader reads quads from r.
type nqReader struct {
	sc   *bufio.Scanner
	line int
}

func newNQReader(r io.Reader) *nqReader {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 64*1024), maxLine)
	return &nqReader{sc: sc}
}

// next returns the next statement, io.EOF at the end, or an error naming
// the line.
func (r *nqReader) next() (quad, error) {
	for r.sc.Scan() {
		r.line++
		q, ok, err := parseLine(r.sc.Text())
		if err != nil {
			return quad{}, fmt.Errorf("line %d: %w", r.line, err)
		}
		if ok {
			q.line = r.line
			return q, nil
		}
	}
	if err := r.sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return quad{}, fmt.Errorf("line %d: longer than %d bytes", r.line+1, maxLine)
		}
		return quad{}, fmt.Errorf("line %d: read: %w", r.line+1, err)
	}
	return quad{}, io.EOF
}

// lineParser walks one line.
type lineParser struct {
	s   string
	pos int
}

// parseLine parses one line; ok is false for a blank or comment line.
func parseLine(s string) (q quad, ok bool, err error) {
	if !utf8.ValidString(s) {
		return q, false, errors.New("not valid UTF-8")
	}
	p := &lineParser{s: strings.TrimSuffix(s, "\r")}
	p.skipSpace()
	if p.eof() || p.peek() == '#' {
		return q, false, nil
	}
	var terms [4]term
	n := 0
	for {
		p.skipSpace()
		if p.eof() || p.peek() == '#' {
			return q, false, fmt.Errorf("the statement does not end with \" .\" (%d terms read)", n)
		}
		if p.peek() == '.' {
			break
		}
		if n == 4 {
			return q, false, errors.New("more than 4 terms (subject, predicate, object, graph)")
		}
		t, err := p.term(n)
		if err != nil {
			return q, false, err
		}
		terms[n] = t
		n++
	}
	p.pos++ // the '.'
	p.skipSpace()
	if !p.eof() && p.peek() != '#' {
		return q, false, fmt.Errorf("unexpected %q after the final \".\"", p.rest())
	}
	if n < 3 {
		return q, false, fmt.Errorf("a statement needs a subject, a predicate and an object: found %d terms", n)
	}
	q.s, q.p, q.o = terms[0], terms[1], terms[2]
	if n == 4 {
		q.g = terms[3]
	}
	switch {
	case q.s.kind == termLiteral:
		return q, false, errors.New("the subject is a literal")
	case q.p.kind != termIRI:
		return q, false, errors.New("the predicate is not an IRI")
	case n == 4 && q.g.kind == termLiteral:
		return q, false, errors.New("the graph label is a literal")
	}
	return q, true, nil
}

func (p *lineParser) eof() bool    { return p.pos >= len(p.s) }
func (p *lineParser) peek() byte   { return p.s[p.pos] }
func (p *lineParser) rest() string { return clip(p.s[p.pos:]) }

func (p *lineParser) skipSpace() {
	for !p.eof() && (p.peek() == ' ' || p.peek() == '\t') {
		p.pos++
	}
}

// clip shortens s for an error message.
func clip(s string) string {
	if len(s) <= 40 {
		return s
	}
	cut := 40
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

var termNames = [4]string{"subject", "predicate", "object", "graph label"}

// term reads the term at position i of the statement.
func (p *lineParser) term(i int) (term, error) {
	switch c := p.peek(); {
	case c == '<':
		iri, err := p.iri()
		if err != nil {
			return term{}, fmt.Errorf("%s: %w", termNames[i], err)
		}
		return term{kind: termIRI, value: iri}, nil
	case c == '_' && strings.HasPrefix(p.s[p.pos:], "_:"):
		return p.blank()
	case c == '"':
		lit, err := p.literal()
		if err != nil {
			return term{}, fmt.Errorf("%s: %w", termNames[i], err)
		}
		return lit, nil
	}
	return term{}, fmt.Errorf("%s: expected <IRI>, _:blank or \"literal\", found %q", termNames[i], p.rest())
}

// iri reads <…>: characters the grammar allows, \u and \U escapes, and an
// absolute IRI (with a scheme).
func (p *lineParser) iri() (string, error) {
	start := p.pos
	p.pos++ // '<'
	var b strings.Builder
	for {
		if p.eof() {
			return "", fmt.Errorf("bad IRI %s: no closing \">\"", clip(p.s[start:]))
		}
		c := p.peek()
		switch {
		case c == '>':
			p.pos++
			iri := b.String()
			if !hasScheme(iri) {
				return "", fmt.Errorf("bad IRI <%s>: not absolute (no scheme)", clip(iri))
			}
			return iri, nil
		case c == '\\':
			r, err := p.uchar()
			if err != nil {
				return "", fmt.Errorf("bad IRI %s: %w", clip(p.s[start:]), err)
			}
			if r <= 0x20 || strings.ContainsRune("<>\"{}|^`\\", r) {
				return "", fmt.Errorf("bad IRI %s: escaped %q is not allowed in an IRI", clip(p.s[start:]), r)
			}
			b.WriteRune(r)
		case c <= 0x20 || strings.IndexByte("<\"{}|^`", c) >= 0:
			return "", fmt.Errorf("bad IRI %s: %q is not allowed in an IRI", clip(p.s[start:]), c)
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
}

// hasScheme reports whether iri starts with scheme ":".
func hasScheme(iri string) bool {
	i := strings.IndexByte(iri, ':')
	if i < 1 {
		return false
	}
	for j := 0; j < i; j++ {
		c := iri[j]
		letter := 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
		if !letter && (j == 0 || !('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.')) {
			return false
		}
	}
	return true
}

// uchar reads \uXXXX or \UXXXXXXXX at the cursor.
func (p *lineParser) uchar() (rune, error) {
	if p.pos+1 >= len(p.s) {
		return 0, errors.New("a lone backslash")
	}
	n := 0
	switch p.s[p.pos+1] {
	case 'u':
		n = 4
	case 'U':
		n = 8
	default:
		return 0, fmt.Errorf("unknown escape \\%c", p.s[p.pos+1])
	}
	if p.pos+2+n > len(p.s) {
		return 0, errors.New("a cut-short \\u escape")
	}
	v, err := strconv.ParseUint(p.s[p.pos+2:p.pos+2+n], 16, 32)
	if err != nil {
		return 0, fmt.Errorf("bad escape %s", p.s[p.pos:p.pos+2+n])
	}
	r := rune(v)
	if !utf8.ValidRune(r) {
		return 0, fmt.Errorf("escape %s is not a Unicode character", p.s[p.pos:p.pos+2+n])
	}
	p.pos += 2 + n
	return r, nil
}

// blank reads _:label.
func (p *lineParser) blank() (term, error) {
	p.pos += 2
	start := p.pos
	for !p.eof() {
		c := p.peek()
		if c == ' ' || c == '\t' || c == '<' || c == '"' {
			break
		}
		p.pos++
	}
	label := strings.TrimSuffix(p.s[start:p.pos], ".")
	p.pos = start + len(label)
	if label == "" {
		return term{}, errors.New("a blank node without a label")
	}
	return term{kind: termBlank, value: label}, nil
}

// literal reads "…" with its escapes, then ^^<datatype> or @lang.
func (p *lineParser) literal() (term, error) {
	start := p.pos
	p.pos++ // '"'
	var b strings.Builder
	closed := false
	for !p.eof() && !closed {
		c := p.peek()
		switch c {
		case '"':
			p.pos++
			closed = true
		case '\\':
			if p.pos+1 >= len(p.s) {
				return term{}, fmt.Errorf("unterminated literal %s", clip(p.s[start:]))
			}
			if e := p.s[p.pos+1]; e == 'u' || e == 'U' {
				r, err := p.uchar()
				if err != nil {
					return term{}, fmt.Errorf("literal %s: %w", clip(p.s[start:]), err)
				}
				b.WriteRune(r)
				continue
			}
			r, ok := echar(p.s[p.pos+1])
			if !ok {
				return term{}, fmt.Errorf("literal %s: unknown escape \\%c", clip(p.s[start:]), p.s[p.pos+1])
			}
			b.WriteByte(r)
			p.pos += 2
		default:
			b.WriteByte(c)
			p.pos++
		}
	}
	if !closed {
		return term{}, fmt.Errorf("unterminated literal %s (no closing quote on the line)", clip(p.s[start:]))
	}
	t := term{kind: termLiteral, value: b.String()}
	switch {
	case strings.HasPrefix(p.s[p.pos:], "^^"):
		p.pos += 2
		if p.eof() || p.peek() != '<' {
			return term{}, fmt.Errorf("literal %s: ^^ must be followed by a datatype <IRI>", clip(p.s[start:]))
		}
		dt, err := p.iri()
		if err != nil {
			return term{}, fmt.Errorf("datatype: %w", err)
		}
		t.datatype = dt
	case !p.eof() && p.peek() == '@':
		p.pos++
		ls := p.pos
		for !p.eof() && (isAlnum(p.peek()) || p.peek() == '-') {
			p.pos++
		}
		if p.pos == ls {
			return term{}, fmt.Errorf("literal %s: an empty language tag", clip(p.s[start:]))
		}
		t.lang = p.s[ls:p.pos]
	}
	return t, nil
}

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

// echar decodes the character after a backslash in a string.
func echar(c byte) (byte, bool) {
	switch c {
	case 't':
		return '\t', true
	case 'b':
		return '\b', true
	case 'n':
		return '\n', true
	case 'r':
		return '\r', true
	case 'f':
		return '\f', true
	case '"', '\'', '\\':
		return c, true
	}
	return 0, false
}
