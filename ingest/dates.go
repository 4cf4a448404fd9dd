package ingest

import (
	"strconv"
	"strings"
)

// In-sentence dates on the token slice: "September 5, 2019", "Aug. 6,
// 2018", "5 September 2019", "16/3/2022", "2022-03-16", "ngày 16 tháng 3
// năm 2022", "tháng 3/2022", and dates without a year ("December 27"),
// which relations use only as cues, never as values.

// dateHit is a date found in the tokens [t0, t1).
type dateHit struct {
	t0, t1  int
	y, m, d int // y == 0: no year; d == 0: month precision
}

// iso renders the date as ISO 8601 at its precision, or "" without a year.
func (h dateHit) iso() string {
	if h.y == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteString(strconv.Itoa(h.y))
	if h.m > 0 {
		b.WriteByte('-')
		pad2(&b, h.m)
		if h.d > 0 {
			b.WriteByte('-')
			pad2(&b, h.d)
		}
	}
	return b.String()
}

func pad2(b *strings.Builder, n int) {
	if n < 10 {
		b.WriteByte('0')
	}
	b.WriteString(strconv.Itoa(n))
}

// monthOfWord returns the month a folded English word names (full or
// abbreviated), or 0.
func monthOfWord(w string) int {
	switch w {
	case "january", "jan":
		return 1
	case "february", "feb":
		return 2
	case "march", "mar":
		return 3
	case "april", "apr":
		return 4
	case "may":
		return 5
	case "june", "jun":
		return 6
	case "july", "jul":
		return 7
	case "august", "aug":
		return 8
	case "september", "sep", "sept":
		return 9
	case "october", "oct":
		return 10
	case "november", "nov":
		return 11
	case "december", "dec":
		return 12
	}
	return 0
}

// smallInt returns the value of a short all-digit token, or -1.
func smallInt(t *token, maxDigits int) int {
	if t.kind != tkNum || len(t.fold) > maxDigits {
		return -1
	}
	n := 0
	for i := 0; i < len(t.fold); i++ {
		c := t.fold[i]
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}

func yearOf(t *token) int {
	if len(t.fold) != 4 {
		return -1
	}
	y := smallInt(t, 4)
	if y < 1900 || y > 2199 {
		return -1
	}
	return y
}

func validYMD(y, m, d int) bool {
	if m < 1 || m > 12 || d < 0 || d > 31 {
		return false
	}
	if d == 0 {
		return true
	}
	days := [13]int{0, 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}
	if d > days[m] {
		return false
	}
	if m == 2 && d == 29 && y != 0 && !(y%4 == 0 && (y%100 != 0 || y%400 == 0)) {
		return false
	}
	return true
}

// glued reports whether toks[i] follows toks[i-1] with no space.
func glued(toks []token, i int) bool { return !toks[i].is(tfSpace) }

// dateAt recognises a date starting at toks[i], not reaching lim.
func dateAt(toks []token, i, lim int) (dateHit, bool) {
	if i >= lim {
		return dateHit{}, false
	}
	t := &toks[i]
	at := func(j int) *token {
		if j < lim {
			return &toks[j]
		}
		return nil
	}
	switch {
	case t.kind == tkWord && t.is(tfCap) && monthOfWord(t.fold) > 0:
		m := monthOfWord(t.fold)
		j := i + 1
		if n := at(j); n != nil && n.punct(".") && len(t.fold) <= 4 {
			j++
		}
		if n := at(j); n != nil {
			if d := smallInt(n, 2); d >= 1 {
				h := dateHit{t0: i, t1: j + 1, m: m, d: d}
				k := j + 1
				if c := at(k); c != nil && c.punct(",") {
					k++
				}
				if y := at(k); y != nil && yearOf(y) > 0 {
					h.y, h.t1 = yearOf(y), k+1
				}
				if validYMD(h.y, m, d) {
					return h, true
				}
				return dateHit{}, false
			}
			k := j
			if c := at(k); c != nil && c.punct(",") {
				k++
			}
			if y := at(k); y != nil && yearOf(y) > 0 && t.fold != "may" {
				return dateHit{t0: i, t1: k + 1, y: yearOf(y), m: m}, true
			}
		}
	case t.kind == tkNum:
		// 16/3/2022, 16-3-2022, 2022-03-16, or 5 September 2019.
		if a, b, c, j, ok := numericTriple(toks, i, lim); ok {
			if y := c; y >= 1900 && y <= 2199 && validYMD(y, b, a) && a > 0 {
				return dateHit{t0: i, t1: j, y: y, m: b, d: a}, true
			}
			if y := a; y >= 1900 && y <= 2199 && validYMD(y, b, c) && c > 0 {
				return dateHit{t0: i, t1: j, y: y, m: b, d: c}, true
			}
			return dateHit{}, false
		}
		if strings.Count(t.fold, ".") == 2 {
			p := strings.Split(t.fold, ".")
			d, _ := strconv.Atoi(p[0])
			m, _ := strconv.Atoi(p[1])
			y, _ := strconv.Atoi(p[2])
			if len(p[2]) == 4 && y >= 1900 && y <= 2199 && d > 0 && validYMD(y, m, d) {
				return dateHit{t0: i, t1: i + 1, y: y, m: m, d: d}, true
			}
			return dateHit{}, false
		}
		if d := smallInt(t, 2); d >= 1 {
			if n := at(i + 1); n != nil && n.kind == tkWord && n.is(tfCap) && monthOfWord(n.fold) > 0 {
				m := monthOfWord(n.fold)
				k := i + 2
				if c := at(k); c != nil && c.punct(",") {
					k++
				}
				if y := at(k); y != nil && yearOf(y) > 0 && validYMD(yearOf(y), m, d) {
					return dateHit{t0: i, t1: k + 1, y: yearOf(y), m: m, d: d}, true
				}
			}
		}
	case t.kind == tkWord && (t.fold == "ngay" || t.fold == "thang"):
		return vietDate(toks, i, lim)
	}
	return dateHit{}, false
}

// numericTriple reads three numbers joined by the same separator (/ - or .)
// with no spaces, not followed by more symbol characters.
func numericTriple(toks []token, i, lim int) (a, b, c, end int, ok bool) {
	if i+4 >= lim {
		return 0, 0, 0, 0, false
	}
	sep := toks[i+1].fold
	if sep != "/" && sep != "-" || toks[i+3].fold != sep || toks[i+1].kind != tkPunct || toks[i+3].kind != tkPunct {
		return 0, 0, 0, 0, false
	}
	for k := i + 1; k <= i+4; k++ {
		if !glued(toks, k) {
			return 0, 0, 0, 0, false
		}
	}
	a, b, c = smallInt(&toks[i], 4), smallInt(&toks[i+2], 2), smallInt(&toks[i+4], 4)
	if a < 0 || b < 0 || c < 0 {
		return 0, 0, 0, 0, false
	}
	end = i + 5
	if end < lim && glued(toks, end) && toks[end].kind == tkPunct && (toks[end].fold == "/" || toks[end].fold == "-") {
		return 0, 0, 0, 0, false // a symbol such as 5/9/2019/NĐ-CP
	}
	return a, b, c, end, true
}

// vietDate reads "ngày 16 tháng 3 năm 2022", "ngày 16/3/2022", "ngày 16/3",
// "tháng 3/2022" and "tháng 3 năm 2022".
func vietDate(toks []token, i, lim int) (dateHit, bool) {
	at := func(j int) *token {
		if j < lim {
			return &toks[j]
		}
		return nil
	}
	if toks[i].fold == "ngay" {
		n := at(i + 1)
		if n == nil || n.kind != tkNum {
			return dateHit{}, false
		}
		if h, ok := dateAt(toks, i+1, lim); ok && h.d > 0 {
			h.t0 = i
			return h, true
		}
		d := smallInt(n, 2)
		if d < 1 {
			return dateHit{}, false
		}
		// ngày 16 tháng 3 năm 2022 / ngày 16/3
		if s := at(i + 2); s != nil && s.punct("/") && glued(toks, i+2) {
			if m := at(i + 3); m != nil && smallInt(m, 2) > 0 && validYMD(0, smallInt(m, 2), d) {
				return dateHit{t0: i, t1: i + 4, m: smallInt(m, 2), d: d}, true
			}
			return dateHit{}, false
		}
		if th := at(i + 2); th != nil && th.word("thang") {
			if m := at(i + 3); m != nil && smallInt(m, 2) > 0 {
				h := dateHit{t0: i, t1: i + 4, m: smallInt(m, 2), d: d}
				if nm := at(i + 4); nm != nil && nm.word("nam") {
					if y := at(i + 5); y != nil && yearOf(y) > 0 {
						h.y, h.t1 = yearOf(y), i+6
					}
				}
				if validYMD(h.y, h.m, d) {
					return h, true
				}
			}
		}
		return dateHit{}, false
	}
	// tháng 3/2022, tháng 3 năm 2022
	m := at(i + 1)
	if m == nil || smallInt(m, 2) < 1 || smallInt(m, 2) > 12 {
		return dateHit{}, false
	}
	if s := at(i + 2); s != nil && (s.punct("/") || s.punct("-")) && glued(toks, i+2) {
		if y := at(i + 3); y != nil && glued(toks, i+3) && yearOf(y) > 0 {
			return dateHit{t0: i, t1: i + 4, y: yearOf(y), m: smallInt(m, 2)}, true
		}
	}
	if nm := at(i + 2); nm != nil && nm.word("nam") {
		if y := at(i + 3); y != nil && yearOf(y) > 0 {
			return dateHit{t0: i, t1: i + 4, y: yearOf(y), m: smallInt(m, 2)}, true
		}
	}
	return dateHit{}, false
}
