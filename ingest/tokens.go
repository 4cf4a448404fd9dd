package ingest

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
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
// invalid UTF-8 bytes become one-byte punctuation tokens. Folded forms of
// words that are not already lower-case ASCII are written to one buffer
// and sliced from one string, so a text costs a couple of allocations.
func tokenize(text string) []token {
	toks := make([]token, 0, len(text)/4+1)
	// Folds that are not the text itself: written to the arena; folded
	// lists their tokens and spans their places in it.
	arena := make([]byte, 0, len(text)/4+16)
	folded := make([]int, 0, len(text)/32+4)
	spans := make([][2]int, 0, len(text)/32+4)
	var flags uint8
	i := 0
	for i < len(text) {
		c := text[i]
		// White space.
		if c == ' ' || c == '\t' || c == '\r' || c == '\v' || c == '\f' {
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
					t := wordToken(text, start, i, flags)
					if isOrdinal(text[start:i]) {
						t.flags |= tfOrdinal
					}
					t.flags &^= tfCap | tfUpper
					toks = appendWord(toks, t, text, &arena, &folded, &spans)
					flags = 0
					continue
				}
			}
			toks = append(toks, token{start: start, end: i, kind: tkNum, flags: flags, fold: text[start:i]})
		case r != utf8.RuneError && isLetterish(r):
			i = scanWord(text, i)
			toks = appendWord(toks, wordToken(text, start, i, flags), text, &arena, &folded, &spans)
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
			case utf8.RuneError:
				fold = "\uFFFD"
			}
			toks = append(toks, token{start: start, end: i, kind: tkPunct, flags: flags, fold: fold})
		}
		flags = 0
	}
	if len(folded) > 0 {
		all := string(arena)
		for n, k := range folded {
			toks[k].fold = all[spans[n][0]:spans[n][1]]
		}
	}
	for k := range toks {
		if toks[k].kind == tkWord && spelledOrdinal(toks[k].fold) > 0 {
			toks[k].flags |= tfOrdinal
		}
	}
	return toks
}

// spelledOrdinal reads an English ordinal written as a word, "first" to
// "twentieth" ("the eighth session"), or 0.
func spelledOrdinal(w string) int {
	switch w {
	case "first":
		return 1
	case "second":
		return 2
	case "third":
		return 3
	case "fourth":
		return 4
	case "fifth":
		return 5
	case "sixth":
		return 6
	case "seventh":
		return 7
	case "eighth":
		return 8
	case "ninth":
		return 9
	case "tenth":
		return 10
	case "eleventh":
		return 11
	case "twelfth":
		return 12
	case "thirteenth":
		return 13
	case "fourteenth":
		return 14
	case "fifteenth":
		return 15
	case "sixteenth":
		return 16
	case "seventeenth":
		return 17
	case "eighteenth":
		return 18
	case "nineteenth":
		return 19
	case "twentieth":
		return 20
	}
	return 0
}

// appendWord appends a word token, writing its folded form to the arena
// when it is not the text itself (lower-case ASCII).
func appendWord(toks []token, t token, text string, arena *[]byte, folded *[]int, spans *[][2]int) []token {
	w := text[t.start:t.end]
	if isLowerASCII(w) {
		t.fold = w
		return append(toks, t)
	}
	a := len(*arena)
	*arena = appendFold(*arena, w)
	if len(*arena) == a {
		// Only combining marks: the word stands for itself.
		t.fold = w
		return append(toks, t)
	}
	*folded = append(*folded, len(toks))
	*spans = append(*spans, [2]int{a, len(*arena)})
	return append(toks, t)
}

func isLowerASCII(w string) bool {
	for i := 0; i < len(w); i++ {
		if c := w[i]; c >= utf8.RuneSelf || (c >= 'A' && c <= 'Z') {
			return false
		}
	}
	return true
}

// appendFold appends the folded form of a word: lower case, Vietnamese
// and Latin letters without their marks (đ → d), combining marks dropped.
func appendFold(b []byte, w string) []byte {
	for _, r := range w {
		b = appendFoldRune(b, r)
	}
	return b
}

func appendFoldRune(b []byte, r rune) []byte {
	switch {
	case r < utf8.RuneSelf:
		if r >= 'A' && r <= 'Z' {
			r += 'a' - 'A'
		}
		return append(b, byte(r))
	case r == 'đ' || r == 'Đ':
		return append(b, 'd')
	case unicode.Is(unicode.Mn, r):
		return b
	}
	if base := baseLetter(r); base != 0 {
		return append(b, base)
	}
	return utf8.AppendRune(b, unicode.ToLower(r))
}

// baseLetter returns the lower-case ASCII letter a Latin letter with marks
// is written on (ế → e), or 0.
func baseLetter(r rune) byte {
	if r < latinFirst || r > latinLast {
		return 0
	}
	return latinBases()[r-latinFirst]
}

// The Latin letters with marks, from À to ỹ (Latin-1 Supplement to Latin
// Extended Additional), and the table of their base letters, built once.
const (
	latinFirst = 0xC0
	latinLast  = 0x1EFF
)

var latinBases = sync.OnceValue(func() *[latinLast - latinFirst + 1]byte {
	var t [latinLast - latinFirst + 1]byte
	for r := rune(latinFirst); r <= latinLast; r++ {
		d := norm.NFD.String(string(r))
		if d == "" || d[0] >= utf8.RuneSelf {
			continue
		}
		c := d[0]
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		if c >= 'a' && c <= 'z' {
			t[r-latinFirst] = c
		}
	}
	return &t
})

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

// wordToken makes the token of the word text[start:end], without its
// fold (appendWord sets it).
func wordToken(text string, start, end int, flags uint8) token {
	w := text[start:end]
	t := token{start: start, end: end, kind: tkWord, flags: flags}
	if c := w[0]; c < utf8.RuneSelf {
		upper, lower := 0, false
		for i := 0; i < len(w); i++ {
			switch c := w[i]; {
			case c >= 'A' && c <= 'Z':
				upper++
			case c >= 'a' && c <= 'z':
				lower = true
			case c >= utf8.RuneSelf:
				goto unicodeWord
			}
		}
		if c >= 'A' && c <= 'Z' {
			t.flags |= tfCap
		}
		if upper >= 2 && !lower {
			t.flags |= tfUpper
		}
		return t
	}
unicodeWord:
	first, _ := utf8.DecodeRuneInString(w)
	if unicode.IsUpper(first) {
		t.flags |= tfCap
	}
	upper, lower, letters := 0, false, 0
	for _, r := range w {
		switch {
		case unicode.IsUpper(r):
			upper++
			letters++
		case unicode.IsLetter(r):
			lower = true
			letters++
		}
	}
	if upper >= 2 && !lower {
		t.flags |= tfUpper
	}
	return t
}

// isOrdinal reports whether a word is an English ordinal (1st, 77th).
func isOrdinal(w string) bool {
	i := 0
	for i < len(w) && w[i] >= '0' && w[i] <= '9' {
		i++
	}
	if i == 0 || i > 4 {
		return false
	}
	switch strings.ToLower(w[i:]) {
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
	if n := spelledOrdinal(w); n > 0 {
		return n
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
	total, prev := 0, 0
	for i := len(w) - 1; i >= 0; i-- {
		v := 0
		switch w[i] {
		case 'i':
			v = 1
		case 'v':
			v = 5
		case 'x':
			v = 10
		case 'l':
			v = 50
		default:
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

// foldText folds a name for matching inside extraction: lower case,
// without marks (Tô Lâm → to lam), every run of characters that are
// neither letters nor digits one space. It agrees with graph.Fold on
// Latin and Vietnamese text and does not allocate when s is folded
// already.
func foldText(s string) string {
	if isFoldedASCII(s) {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for _, r := range s {
		switch {
		case r < utf8.RuneSelf && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r >= 'A' && r <= 'Z'):
		case r >= utf8.RuneSelf && (unicode.IsLetter(r) || unicode.IsDigit(r)):
		case r >= utf8.RuneSelf && unicode.Is(unicode.Mn, r):
			continue
		default:
			space = true
			continue
		}
		if space && len(b) > 0 {
			b = append(b, ' ')
		}
		space = false
		b = appendFoldRune(b, r)
	}
	return string(b)
}

// isFoldedASCII reports whether s is lower-case ASCII words and digits
// joined by single spaces.
func isFoldedASCII(s string) bool {
	if s == "" {
		return true
	}
	if s[0] == ' ' || s[len(s)-1] == ' ' {
		return false
	}
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= '0' && c <= '9':
		case c == ' ' && s[i-1] != ' ':
		default:
			return false
		}
	}
	return true
}
