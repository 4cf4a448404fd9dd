package ingest

import (
	"context"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/govkg/govkg/graph"
)

// FuzzSplitSentences cuts arbitrary text into sentences: it must not
// panic, and the spans must be in order, inside the text, non-empty,
// never overlapping, never longer than the bound unless a single token is,
// and, for valid UTF-8, start and end on rune boundaries.
// Seeds are in testdata/fuzz/FuzzSplitSentences.
func FuzzSplitSentences(f *testing.F) {
	f.Add("The Politburo issued Resolution No. 12-NQ/TW. Dr. Tran V. B. attended.\nNext line")
	f.Add("Ngày 16/3/2022, Bộ Chính trị ban hành Nghị quyết số 12-NQ/TW… “Đây là bước ngoặt.” Tiếp theo")
	f.Fuzz(func(t *testing.T, text string) {
		spans := splitSentences(text)
		prev := 0
		for i, s := range spans {
			if s[0] < prev || s[0] >= s[1] || s[1] > len(text) {
				t.Fatalf("span %d %v out of order or bounds (previous end %d, text %d bytes)", i, s, prev, len(text))
			}
			if utf8.ValidString(text) && (!utf8.RuneStart(text[s[0]]) || (s[1] < len(text) && !utf8.RuneStart(text[s[1]]))) {
				t.Fatalf("span %d %v cuts a rune", i, s)
			}
			// The tokenizer's white space: ASCII blanks and Unicode spaces
			// (an ASCII form feed or vertical tab is a mark of its own;
			// Read removes those before extraction).
			if r, _ := utf8.DecodeRuneInString(text[s[0]:]); strings.ContainsRune(" \t\r\n", r) || (r >= utf8.RuneSelf && r != utf8.RuneError && unicode.IsSpace(r)) {
				t.Fatalf("span %d %v starts with white space: %q", i, s, text[s[0]:s[1]])
			}
			prev = s[1]
		}
	})
}

// FuzzCitation parses every number of arbitrary text as the start of a
// document symbol: no panic, and a symbol found must be a part of the text
// starting at that number, its code one of a known kind, and its key the
// folded display, which FoldSymbol leaves as it is.
// Seeds are in testdata/fuzz/FuzzCitation.
func FuzzCitation(f *testing.F) {
	for _, s := range []string{
		"Resolution 12-NQ/TW", "Decree 01/2018/NĐ-CP", "Decision 06/QD-TTg", "Law 24/2018/QH14",
		"Plan 118-KH/ĐUCA-VPTW", "Circular 59/2019/TT-BCA", "12-", "01/2018/", "1/A-B-C-D",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		toks := tokenize(text)
		for i := range toks {
			if toks[i].kind != tkNum {
				continue
			}
			sym, end, ok := parseSymbol(text, toks, i, len(toks))
			if !ok {
				continue
			}
			if end <= i || end > len(toks) {
				t.Fatalf("symbol at token %d ends at %d of %d", i, end, len(toks))
			}
			if !strings.HasPrefix(text[toks[i].start:], sym.display) || sym.display == "" {
				t.Fatalf("display %q is not the text at %d", sym.display, toks[i].start)
			}
			if sym.kind() == "" && !knownCode(sym.code) {
				t.Fatalf("symbol %q has unknown code %q", sym.display, sym.code)
			}
			k := sym.key()
			if k == "" || graph.FoldSymbol(k) != k {
				t.Fatalf("key %q of %q is not a fixed point of FoldSymbol", k, sym.display)
			}
			if y, ok := sym.withYear("2020"); ok && !strings.Contains(y.display, "/2020/") {
				t.Fatalf("withYear: %q", y.display)
			}
		}
	})
}

// FuzzExtract runs the whole extractor over arbitrary text: no panic, and
// every assertion's span lies inside the text, its sentence is the text
// at that span, and its entities and objects pass the store's validation.
// Seeds are in testdata/fuzz/FuzzExtract.
func FuzzExtract(f *testing.F) {
	f.Add("Prime Minister Nguyen Van Hung signed Decision 06/QD-TTg on March 3, 2021 to implement Resolution 12-NQ/TW of the Politburo.")
	f.Add("Chủ tịch UBND tỉnh Nghệ An Lê Văn Dũng ký Kế hoạch số 45/KH-UBND ngày 2/4/2023.")
	x := NewExtractor(nil)
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return // Read refuses invalid UTF-8 before extraction
		}
		ex, err := x.Extract(context.Background(), Document{Path: "fuzz.txt", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range ex.Assertions {
			if a.Start < 0 || a.End > len(text) || a.Start > a.End {
				t.Fatalf("span [%d,%d) outside a text of %d bytes", a.Start, a.End, len(text))
			}
			if len(a.Sentence) <= graph.MaxSentenceLen && a.Sentence != text[a.Start:a.End] {
				t.Fatalf("sentence %q is not the text at [%d,%d)", a.Sentence, a.Start, a.End)
			}
			if err := a.Object.Validate(); err != nil {
				t.Fatalf("object: %v", err)
			}
		}
		for _, e := range ex.Entities {
			if err := e.Validate(); err != nil {
				t.Fatalf("entity: %v", err)
			}
		}
	})
}
