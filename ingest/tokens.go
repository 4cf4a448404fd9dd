package ingest

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/govkg/govkg/graph"
)

// Extraction reads a text once: tokenize cuts it into words, numbers,
// possessives and punctuation with their byte offsets, and every later step
// (sentences, mentions, relations) works on that token slice, never on the
// text again with patterns of its own.

// tokKind says what a token is.
type tokKind uint8

const (
	tkWord  tokKind = iota + 1 // letters, possibly with digits ("Lâm", "77th", "QH14")
	tkNum                      // digits, with inner separators ("2019", "36,040", "86.37")
	tkPoss                     // the possessive 's / ’s
	tkPunct                    // one punctuation or symbol rune
)

// Token flags.
const (
	tfCap     uint8 = 1 << iota // the first letter is upper case
	tfUpper                     // two or more letters, all upper case ("MPS", "TW")
	tfSpace                     // white space before it
	tfNewline                   // a line break before it
	tfBlank                     // a blank line before it
	tfOrdinal                   // an English ordinal such as 13th, 1st
)

// token is one unit of the text.
type token struct {
	start, end int     // byte offsets into the text
	kind       tokKind //
	flags      uint8   //
	fold       string  // words: lower case without diacritics; others: the text
}

func (t *token) is(f uint8) bool { return t.flags&f != 0 }

// word reports whether the token is a word (or number) with fold w.
func (t *token) word(w string) bool { return t.kind <= tkNum && t.fold == w }

// punct reports whether the token is the punctuation p.
func (t *token) punct(p string) bool { return t.kind == tkPunct && t.fold == p }

// isLetterish reports whether r belongs inside a word.
func isLetterish(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r)
}

// tokenize cuts text into tokens. It is linear in the text and never fails:
// invalid UTF-8 bytes become one-byte punctuation tokens.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/5+1)
	var flags uint8
	i := 0
	for i < len(text) {
		c := text[i]
		// White space.
		if c == ' ' || c == '\t' || c == '\r' {
			flags |= tfSpace
			i++
			continue
		}
		if c == '\n' {
			if flags&tfNewline != 0 {
				flags |= tfBlank
			}
			flags |= tfSpace | tfNewline
			i++
			continue
		}
		r, size := rune(c), 1
		if c >= utf8.RuneSelf {
			r, size = utf8.DecodeRuneInString(text[i:])
			if r != utf8.RuneError && unicode.IsSpace(r) {
				if r == '\u2028' || r == '\u2029' || r == '\u0085' {
					flags |= tfNewline
				}
				flags |= tfSpace
				i += size
				continue
			}
		}
		start := i
		switch {
		case c >= '0' && c <= '9':
			i = scanNumber(text, i)
			if i < len(text) && !strings.ContainsAny(text[start:i], ".,") {
				if r2, _ := utf8.DecodeRuneInString(text[i:]); unicode.IsLetter(r2) {
					i = scanWord(text, i)
					t := token{start: start, end: i, kind: tkWord, flags: flags, fold: strings.ToLower(text[start:i])}
					if isOrdinal(t.fold) {
						t.flags |= tfOrdinal
					}
					toks = append(toks, t)
					flags = 0
					continue
				}
			}
			toks = append(toks, token{start: start, end: i, kind: tkNum, flags: flags, fold: text[start:i]})
		case r != utf8.RuneError && isLetterish(r):
			i = scanWord(text, i)
			toks = append(toks, wordToken(text, start, i, flags))
		case (c == '\'' || r == '’') && possessiveAt(text, i+size):
			end := i + size
			if end < len(text) && (text[end] == 's' || text[end] == 'S') {
				end++
			}
			toks = append(toks, token{start: start, end: end, kind: tkPoss, flags: flags, fold: "'s"})
			i = end
		default:
			i += size
			fold := text[start:i]
			switch r {
			case '’', '‘', '`', '´':
				fold = "'"
			case '“', '”', '„', '«', '»':
				fold = "\""
			case '–', '—', '‐', '‑', '−':
				fold = "-"
			}
			toks = append(toks, token{start: start, end: i, kind: tkPunct, flags: flags, fold: fold})
		}
		flags = 0
	}
	return toks
}

// scanNumber returns the end of the number starting at i: digits with inner
// groups such as 36,040 or 86.37 (a separator counts only between digits).
func scanNumber(text string, i int) int {
	for i < len(text) {
		c := text[i]
		if c >= '0' && c <= '9' {
			i++
			continue
		}
		if (c == '.' || c == ',') && i+1 < len(text) && text[i+1] >= '0' && text[i+1] <= '9' && i > 0 && text[i-1] >= '0' && text[i-1] <= '9' {
			i++
			continue
		}
		break
	}
	return i
}

// scanWord returns the end of the word starting at i.
func scanWord(text string, i int) int {
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' {
				i++
				continue
			}
			return i
		}
		r, size := utf8.DecodeRuneInString(text[i:])
		if r == utf8.RuneError || !isLetterish(r) {
			return i
		}
		i += size
	}
	return i
}

// possessiveAt reports whether an apostrophe ending at i is a possessive:
// followed by s and a non-letter ("People's"), or closing a plural ("Forces'").
func possessiveAt(text string, i int) bool {
	if i < len(text) && (text[i] == 's' || text[i] == 'S') {
		if i+1 >= len(text) {
			return true
		}
		r, _ := utf8.DecodeRuneInString(text[i+1:])
		return !isLetterish(r)
	}
	return false
}

// wordToken makes the token of the word text[start:end].
func wordToken(text string, start, end int, flags uint8) token {
	w := text[start:end]
	t := token{start: start, end: end, kind: tkWord, flags: flags}
	first, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(first) {
		t.flags |= tfCap
	}
	ascii, upper, lower, letters := true, 0, false, 0
	for j := 0; j < len(w); j++ {
		c := w[j]
		switch {
		case c >= utf8.RuneSelf:
			ascii = false
		case c >= 'A' && c <= 'Z':
			upper++
			letters++
		case c >= 'a' && c <= 'z':
			lower = true
			letters++
		}
	}
	if ascii {
		if upper >= 2 && !lower {
			t.flags |= tfUpper
		}
		if upper == 0 {
			t.fold = w
		} else {
			t.fold = strings.ToLower(w)
		}
		return t
	}
	allUpper, n := true, 0
	for _, r := range w {
		if unicode.IsLetter(r) {
			n++
			if !unicode.IsUpper(r) {
				allUpper = false
			}
		}
	}
	if allUpper && n >= 2 {
		t.flags |= tfUpper
	}
	t.fold = strings.ReplaceAll(graph.Fold(w), " ", "")
	return t
}

// isOrdinal reports whether a folded word is an English ordinal (1st, 77th).
func isOrdinal(w string) bool {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i > 4 {
		return false
	}
	switch w[i:] {
	case "st", "nd", "rd", "th":
		return true
	}
	return false
}

// ordinalValue returns the number of an ordinal or number token ("77th",
// "77", "XIII"), or 0.
func ordinalValue(t *token) int {
	w := t.fold
	n := 0
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' && n < 100000 {
		n = n*10 + int(w[i]-'0')
		i++
	}
	if i > 0 {
		if i == len(w) || t.is(tfOrdinal) {
			return n
		}
		return 0
	}
	if t.is(tfUpper) || len(w) <= 5 {
		return romanValue(w)
	}
	return 0
}

// romanValue reads a Roman numeral up to 50 (folded lower case), or 0.
func romanValue(w string) int {
	if w == "" || len(w) > 8 {
		return 0
	}
	val := map[byte]int{'i': 1, 'v': 5, 'x': 10, 'l': 50}
	total, prev := 0, 0
	for i := len(w) - 1; i >= 0; i-- {
		v, ok := val[w[i]]
		if !ok {
			return 0
		}
		if v < prev {
			total -= v
		} else {
			total += v
			prev = v
		}
	}
	if total <= 0 || total > 60 {
		return 0
	}
	return total
}
