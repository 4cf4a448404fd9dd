package ingest

import "testing"

func TestDateAt(t *testing.T) {
	cases := []struct {
		text string
		iso  string // "" when the date has no year
		ok   bool
	}{
		{"September 5, 2019", "2019-09-05", true},
		{"Aug. 6, 2018", "2018-08-06", true},
		{"March 16 2022", "2022-03-16", true},
		{"5 September 2019", "2019-09-05", true},
		{"September 2019", "2019-09", true},
		{"December 27", "", true},
		{"16/3/2022", "2022-03-16", true},
		{"2022-03-16", "2022-03-16", true},
		{"28.12.2021", "2021-12-28", true},
		{"ngày 16/3/2022", "2022-03-16", true},
		{"ngày 16 tháng 3 năm 2022", "2022-03-16", true},
		{"ngày 27/12", "", true},
		{"tháng 3/2022", "2022-03", true},
		{"tháng 3 năm 2022", "2022-03", true},
		{"February 30, 2022", "", false},
		{"29/2/2023", "", false},
		{"29/2/2024", "2024-02-29", true},
		{"5/9/2019/NĐ-CP", "", false},
		{"21/25", "", false},
		{"May be", "", false},
	}
	for _, c := range cases {
		toks := tokenize(c.text)
		h, ok := dateAt(toks, 0, len(toks))
		if ok != c.ok || (ok && h.iso() != c.iso) {
			t.Errorf("%q: got %q %v, want %q %v", c.text, h.iso(), ok, c.iso, c.ok)
		}
	}
}
