package graph

import (
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"
)

// FuzzFold checks the matching form of names on arbitrary input: Fold is
// idempotent, its output is valid UTF-8 made of lower-case letters and
// digits separated by single spaces, and it agrees with Key; FoldSymbol
// never panics, keeps valid UTF-8 valid and leaves no space or upper case.
// Seeds are in testdata/fuzz/FuzzFold.
func FuzzFold(f *testing.F) {
	for _, s := range []string{"Tô Lâm", "ĐẢNG ỦY Công an Trung ương", "Nghị quyết số 12-NQ/TW", "  a--b  ", "ǅemal İstanbul Ω K"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		folded := Fold(s)
		if !utf8.ValidString(folded) {
			t.Fatalf("Fold(%q) = %q is not valid UTF-8", s, folded)
		}
		if again := Fold(folded); again != folded {
			t.Fatalf("Fold is not idempotent: %q → %q → %q", s, folded, again)
		}
		if strings.HasPrefix(folded, " ") || strings.HasSuffix(folded, " ") || strings.Contains(folded, "  ") {
			t.Fatalf("Fold(%q) = %q has stray spaces", s, folded)
		}
		for _, r := range folded {
			if r == ' ' {
				continue
			}
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				t.Fatalf("Fold(%q) = %q keeps %q, neither letter nor digit", s, folded, r)
			}
			if unicode.ToLower(r) != r {
				t.Fatalf("Fold(%q) = %q keeps the upper-case %q", s, folded, r)
			}
			if r < utf8.RuneSelf && r >= 'A' && r <= 'Z' {
				t.Fatalf("Fold(%q) = %q keeps ASCII upper case", s, folded)
			}
		}
		if k := Key(Person, s); k != "person:"+folded {
			t.Fatalf("Key(Person, %q) = %q, want person:%q", s, k, folded)
		}
		sym := FoldSymbol(s)
		if utf8.ValidString(s) && !utf8.ValidString(sym) {
			t.Fatalf("FoldSymbol(%q) = %q is not valid UTF-8", s, sym)
		}
		for _, r := range sym {
			if unicode.IsSpace(r) || (r >= 'A' && r <= 'Z') {
				t.Fatalf("FoldSymbol(%q) = %q keeps %q", s, sym, r)
			}
		}
		if NewID(DocumentKey(Resolution, s, s)) != NewID(DocumentKey(Resolution, s, s)) {
			t.Fatal("NewID is not deterministic")
		}
	})
}
