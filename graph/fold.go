package graph

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns the form of a name used for matching: lower case, without
// diacritics (Tô Lâm → to lam, đ → d), with every run of characters that
// are neither letters nor digits turned into one space, trimmed. Two names
// that a reader would call the same spelling fold to the same string.
func Fold(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	emit := func(r rune) {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
			return
		}
		space = true
	}
	if isASCII(s) {
		for i := 0; i < len(s); i++ {
			emit(rune(s[i]))
		}
		return b.String()
	}
	// Invalid bytes are dropped before normalising: left in, the normaliser
	// passes the characters after them through undecomposed, and a second
	// Fold would then strip diacritics the first one kept.
	for _, r := range norm.NFD.String(strings.ToValidUTF8(s, "")) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r == 'đ' || r == 'Đ':
			r = 'd'
		}
		emit(r)
	}
	return b.String()
}

// FoldSymbol returns the key form of a document symbol: diacritics folded
// (NĐ-CP → nd-cp), lower case, spaces removed, a leading "No." or "số"
// dropped. Slashes and hyphens are kept: they carry the symbol's structure.
func FoldSymbol(sym string) string {
	s := strings.TrimSpace(sym)
	for _, p := range []string{"No.", "no.", "No", "số", "Số"} {
		if strings.HasPrefix(s, p+" ") || (strings.HasSuffix(p, ".") && strings.HasPrefix(s, p)) {
			s = strings.TrimSpace(s[len(p):])
			break
		}
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r), unicode.IsSpace(r):
			continue
		case r == 'đ' || r == 'Đ':
			b.WriteByte('d')
		case r == '–' || r == '—' || r == '‐':
			b.WriteByte('-')
		default:
			b.WriteRune(unicode.ToLower(r))
		}
	}
	return b.String()
}

func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}
