package ingest

import (
	"testing"

	"github.com/govkg/govkg/graph"
)

func TestParseSymbol(t *testing.T) {
	cases := []struct {
		text    string
		display string
		kind    graph.EntityType
		party   bool
		year    string
		issuer  string
	}{
		{"12-NQ/TW", "12-NQ/TW", graph.Resolution, true, "", "tw"},
		{"118-KH/ĐUCA,", "118-KH/ĐUCA", graph.Plan, true, "", "duca"},
		{"05-CT/TW on", "05-CT/TW", graph.Directive, true, "", "tw"},
		{"14-KL/TW", "14-KL/TW", graph.Conclusion, true, "", "tw"},
		{"105-QĐ/TW", "105-QĐ/TW", graph.Decision, true, "", "tw"},
		{"06/QĐ-TTg", "06/QĐ-TTg", graph.Decision, false, "", "ttg"},
		{"06/QD-TTg dated", "06/QD-TTg", graph.Decision, false, "", "ttg"},
		{"01/2018/NĐ-CP", "01/2018/NĐ-CP", graph.Decree, false, "2018", "cp"},
		{"13/2023/ND-CP.", "13/2023/ND-CP", graph.Decree, false, "2023", "cp"},
		{"24/2018/QH14", "24/2018/QH14", graph.Law, false, "2018", "qh14"},
		{"35/2019/TT-BCA", "35/2019/TT-BCA", graph.Circular, false, "2019", "bca"},
		{"01/NQ-CP", "01/NQ-CP", graph.Resolution, false, "", "cp"},
		{"10-CTr/TU", "10-CTr/TU", graph.Programme, true, "", "tu"},
		{"1234/QĐ-UBND-KT", "1234/QĐ-UBND-KT", graph.Decision, false, "", "ubnd-kt"},
	}
	for _, c := range cases {
		toks := tokenize(c.text)
		s, end, ok := parseSymbol(c.text, toks, 0, len(toks))
		if !ok {
			t.Errorf("%q: not a symbol", c.text)
			continue
		}
		if s.display != c.display || s.kind() != c.kind || s.party != c.party || s.year != c.year || s.issuer != c.issuer {
			t.Errorf("%q: got %+v (kind %s)", c.text, s, s.kind())
		}
		if toks[end-1].end != len(c.display) {
			t.Errorf("%q: ends at token %d", c.text, end)
		}
	}
	for _, text := range []string{"21/25", "227/227", "2021-2026", "COVID-19", "12-AB/CD", "5/9/2019", "12 - NQ/TW", "86.37"} {
		toks := tokenize(text)
		if s, _, ok := parseSymbol(text, toks, 0, len(toks)); ok {
			t.Errorf("%q read as symbol %+v", text, s)
		}
	}
}

func TestWithYear(t *testing.T) {
	toks := tokenize("01/ND-CP")
	s, _, _ := parseSymbol("01/ND-CP", toks, 0, len(toks))
	full, ok := s.withYear("2018")
	if !ok || full.display != "01/2018/ND-CP" {
		t.Errorf("got %q %v", full.display, ok)
	}
	toks = tokenize("12-NQ/TW")
	p, _, _ := parseSymbol("12-NQ/TW", toks, 0, len(toks))
	if _, ok := p.withYear("2022"); ok {
		t.Errorf("a Party symbol was given a year")
	}
}
