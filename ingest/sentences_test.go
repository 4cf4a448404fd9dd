package ingest

import (
	"strings"
	"testing"
)

func TestSplitSentences(t *testing.T) {
	cases := []struct {
		name string
		text string
		want []string
	}{
		{"abbreviations", "Decree No. 13 took effect. Dr. Hung said so.",
			[]string{"Decree No. 13 took effect.", "Dr. Hung said so."}},
		{"initials", "Nguyen V. A. Tuan spoke. Then he left.",
			[]string{"Nguyen V. A. Tuan spoke.", "Then he left."}},
		{"numbers", "It reached 86.37% of the target, or 36,040 cases. The rest followed.",
			[]string{"It reached 86.37% of the target, or 36,040 cases.", "The rest followed."}},
		{"closing quote", "He said: \"We will do it.\" The crowd cheered.",
			[]string{"He said: \"We will do it.\"", "The crowd cheered."}},
		{"curly quote then comma", "“Each officer must serve”, the minister stressed.",
			[]string{"“Each officer must serve”, the minister stressed."}},
		{"heading without stop", "Conference opens in Hanoi\nThe conference opened today.",
			[]string{"Conference opens in Hanoi", "The conference opened today."}},
		{"wrapped line", "The conference reviewed the implementation of\nthe resolution in 2021.",
			[]string{"The conference reviewed the implementation of\nthe resolution in 2021."}},
		{"lower case after stop", "It ended at 5 p.m. yesterday.",
			[]string{"It ended at 5 p.m. yesterday."}},
		{"question and ellipsis", "Why? Because... it works. Done!",
			[]string{"Why?", "Because... it works.", "Done!"}},
		{"vietnamese", "Ngày 16/3/2022, Bộ Chính trị ban hành Nghị quyết số 12-NQ/TW. Đây là nghị quyết quan trọng.",
			[]string{"Ngày 16/3/2022, Bộ Chính trị ban hành Nghị quyết số 12-NQ/TW.", "Đây là nghị quyết quan trọng."}},
		{"blank lines", "First paragraph\n\n\nSecond paragraph",
			[]string{"First paragraph", "Second paragraph"}},
		{"empty", "  \n\n ", nil},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var got []string
			for _, sp := range splitSentences(c.text) {
				got = append(got, c.text[sp[0]:sp[1]])
			}
			if strings.Join(got, "|") != strings.Join(c.want, "|") || len(got) != len(c.want) {
				t.Errorf("got %q\nwant %q", got, c.want)
			}
		})
	}
}

// TestSplitLongSentence checks an overlong run is cut within the bounds.
func TestSplitLongSentence(t *testing.T) {
	text := strings.Repeat("word, ", 5000)
	spans := splitSentences(text)
	if len(spans) < 5000*2/maxSentenceTokens {
		t.Fatalf("%d sentences for %d tokens", len(spans), 10000)
	}
	prev := 0
	for _, sp := range spans {
		if sp[0] < prev || sp[1] <= sp[0] || sp[1]-sp[0] > maxSentenceBytes {
			t.Fatalf("bad span %v after %d", sp, prev)
		}
		prev = sp[1]
	}
}
