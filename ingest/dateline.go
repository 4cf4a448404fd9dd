package ingest

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Dates in news text come in a handful of shapes. FindDates finds them in
// running text; ParseDate accepts a string that is one date expression (with
// an optional weekday, preposition and time around it); findDateline picks
// the article's own date out of its first lines.

// DateSpan is one date expression found in a text.
type DateSpan struct {
	Start, End int // byte offsets of the expression in the text searched
	Year       int // 0 when the text gives no year ("December 27", "ngày 27/12")
	Month, Day int
}

// ISO returns the date as YYYY-MM-DD, or "" when the year is unknown.
func (d DateSpan) ISO() string {
	if d.Year == 0 {
		return ""
	}
	return isoDate(d.Year, d.Month, d.Day)
}

// InYear returns the date completed with year when the text gave none, and
// whether that is a real calendar date (29 February needs a leap year).
func (d DateSpan) InYear(year int) (string, bool) {
	if d.Year != 0 {
		return d.ISO(), true
	}
	if !validDate(year, d.Month, d.Day) {
		return "", false
	}
	return isoDate(year, d.Month, d.Day), true
}

// ParseDate parses one date expression into an ISO 8601 date (YYYY-MM-DD).
// It accepts ISO dates and timestamps ("2021-12-28", "2021-12-28T19:31:00+07:00"),
// numeric day-first dates ("28/12/2021", "5-9-2019", "28.12.2021"; month-first
// only when the day-first reading is impossible, as in "12/28/2021"),
// Vietnamese ("ngày 5 tháng 9 năm 2019", "ngày 5/9/2019") and English
// ("September 5, 2019", "Dec. 28, 2021", "28 December 2021") forms. Around the
// date it tolerates a weekday ("Thứ Ba,", "Tuesday,"), a leading "on"/"ngày"/
// "vào", a time ("19:31", "(GMT+7)") and punctuation; anything else, a date
// without a year, or a date that is not on the calendar gives ok == false.
func ParseDate(s string) (iso string, ok bool) {
	s = norm.NFC.String(strings.TrimSpace(s))
	spans := FindDates(s)
	if len(spans) != 1 || spans[0].Year == 0 {
		return "", false
	}
	sp := spans[0]
	if !onlyFiller(s[:sp.Start]) || !onlyFiller(s[sp.End:]) {
		return "", false
	}
	return sp.ISO(), true
}

// FindDates returns the date expressions in s, in order and not
// overlapping. s should be NFC-normalised (Document.Text is). Dates without
// a year are returned with Year 0 only for forms that cannot be mistaken for
// something else: an English month name with a capital letter ("December
// 27") and Vietnamese forms introduced by "ngày".
func FindDates(s string) []DateSpan {
	var found []DateSpan
	for _, p := range datePatterns {
		for _, m := range p.re.FindAllStringSubmatchIndex(s, -1) {
			if d, ok := p.build(s, m); ok {
				found = append(found, d)
			}
		}
	}
	if len(found) == 0 {
		return nil
	}
	// Earliest first, longest first at the same start; drop overlaps.
	sort.Slice(found, func(i, j int) bool {
		if found[i].Start != found[j].Start {
			return found[i].Start < found[j].Start
		}
		return found[i].End > found[j].End
	})
	out := found[:0]
	end := -1
	for _, d := range found {
		if d.Start >= end {
			out = append(out, d)
			end = d.End
		}
	}
	return out
}

// datelineLines is how many non-empty lines at the top of an article are
// searched for its dateline.
const datelineLines = 10

// findDateline returns the article's own date from its first lines: a short
// line holding a date ("Thứ Ba, 28/12/2021, 19:31", "December 28, 2021"),
// else a date near the start of one of the first lines ("HANOI, Dec. 28,
// 2021 — ..."). It returns "" when there is none.
func findDateline(text string) string {
	var lines []string
	for rest := text; rest != "" && len(lines) < datelineLines; {
		line := rest
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			rest = ""
		}
		if line = strings.TrimSpace(line); line != "" {
			lines = append(lines, line)
		}
	}
	// A short line that is mostly a date.
	for _, line := range lines {
		if utf8.RuneCountInString(line) > 80 {
			continue
		}
		for _, d := range FindDates(line) {
			if d.Year != 0 {
				return d.ISO()
			}
		}
	}
	// A date opening a line of the lead (only the line's head is searched).
	for i, line := range lines {
		if i >= 3 {
			break
		}
		if len(line) > 120 {
			cut := 120
			for cut > 0 && !utf8.RuneStart(line[cut]) {
				cut--
			}
			line = line[:cut]
		}
		for _, d := range FindDates(line) {
			if d.Start > 60 {
				break
			}
			if d.Year != 0 {
				return d.ISO()
			}
		}
	}
	return ""
}

// datePattern is a regular expression for one shape of date and the code
// that turns its match into a DateSpan (checking boundaries and the calendar).
type datePattern struct {
	re    *regexp.Regexp
	build func(s string, m []int) (DateSpan, bool)
}

const monthNames = `january|february|march|april|may|june|july|august|september|october|november|december|` +
	`sept|jan|feb|mar|apr|jun|jul|aug|sep|oct|nov|dec`

var monthNumber = map[string]int{
	"jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
	"jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}

// Vietnamese words, with and without diacritics.
const (
	viNgay  = `ng[aàÀ]y`
	viThang = `th[aáÁ]ng`
	viNam   = `n[aăĂ]m`
)

var datePatterns = []datePattern{
	{ // ISO: 2021-12-28, 2021/12/28, 2021-12-28T19:31:00Z
		re: regexp.MustCompile(`\b(\d{4})([-/.])(\d{1,2})([-/.])(\d{1,2})`),
		build: func(s string, m []int) (DateSpan, bool) {
			if s[m[4]:m[5]] != s[m[8]:m[9]] || followedByDigit(s, m[1]) {
				return DateSpan{}, false
			}
			return makeDate(m[0], m[1], atoi(s, m[2], m[3]), atoi(s, m[6], m[7]), atoi(s, m[10], m[11]))
		},
	},
	{ // Numeric, day first: 28/12/2021, 5-9-2019, 28.12.2021, ngày 5/9/2019
		re: regexp.MustCompile(`(?i)(?:\b` + viNgay + `\s+)?\b(\d{1,2})([-/.])(\d{1,2})([-/.])(\d{4})\b`),
		build: func(s string, m []int) (DateSpan, bool) {
			if s[m[4]:m[5]] != s[m[8]:m[9]] || continuesSymbol(s, m[1]) {
				return DateSpan{}, false
			}
			a, b, y := atoi(s, m[2], m[3]), atoi(s, m[6], m[7]), atoi(s, m[10], m[11])
			if a <= 12 && b > 12 { // month first: 12/28/2021
				a, b = b, a
			}
			return makeDate(m[0], m[1], y, b, a)
		},
	},
	{ // Vietnamese: ngày 28 tháng 12 năm 2021, 28 tháng 12, 2021
		re: regexp.MustCompile(`(?i)(?:\b` + viNgay + `\s+)?\b(\d{1,2})\s+` + viThang + `\s+(\d{1,2})\s*(?:,\s*|/\s*|\s` + viNam + `\s+)(\d{4})\b`),
		build: func(s string, m []int) (DateSpan, bool) {
			return makeDate(m[0], m[1], atoi(s, m[6], m[7]), atoi(s, m[4], m[5]), atoi(s, m[2], m[3]))
		},
	},
	{ // Vietnamese without a year: ngày 27/12, ngày 27 tháng 12
		re: regexp.MustCompile(`(?i)\b` + viNgay + `\s+(\d{1,2})(?:\s*[/-]\s*|\s+` + viThang + `\s+)(\d{1,2})\b`),
		build: func(s string, m []int) (DateSpan, bool) {
			if continuesSymbol(s, m[1]) {
				return DateSpan{}, false
			}
			return makeDate(m[0], m[1], 0, atoi(s, m[4], m[5]), atoi(s, m[2], m[3]))
		},
	},
	{ // English, month first: December 28, 2021; Dec. 28 2021; December 27
		re: regexp.MustCompile(`(?i)\b(` + monthNames + `)\b\.?\s+(\d{1,2})(?:st|nd|rd|th)?\b(?:(?:\s*,\s*|\s+)(\d{4})\b)?`),
		build: func(s string, m []int) (DateSpan, bool) {
			mon := monthNumber[strings.ToLower(s[m[2]:m[2]+3])]
			y := 0
			if m[6] >= 0 {
				y = atoi(s, m[6], m[7])
			} else if !capitalised(s[m[2]:]) || continuesSymbol(s, m[1]) {
				return DateSpan{}, false
			}
			return makeDate(m[0], m[1], y, mon, atoi(s, m[4], m[5]))
		},
	},
	{ // English, day first: 28 December 2021, 28th of Dec. 2021, 27 December
		re: regexp.MustCompile(`(?i)\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?(` + monthNames + `)\b(?:\.?,?\s+(\d{4})\b)?`),
		build: func(s string, m []int) (DateSpan, bool) {
			mon := monthNumber[strings.ToLower(s[m[4]:m[4]+3])]
			y := 0
			end := m[1]
			if m[6] >= 0 {
				y = atoi(s, m[6], m[7])
			} else if !capitalised(s[m[4]:]) {
				return DateSpan{}, false
			}
			return makeDate(m[0], end, y, mon, atoi(s, m[2], m[3]))
		},
	},
}

// makeDate checks the calendar (any day of the month when the year is unknown).
func makeDate(start, end, y, m, d int) (DateSpan, bool) {
	if y == 0 {
		if !validDate(2000, m, d) { // a leap year, so 29 February passes
			return DateSpan{}, false
		}
	} else if !validDate(y, m, d) {
		return DateSpan{}, false
	}
	return DateSpan{Start: start, End: end, Year: y, Month: m, Day: d}, true
}

// validDate reports whether y-m-d is on the calendar, with y in a range
// that news about the modern state can mean.
func validDate(y, m, d int) bool {
	if y < 1800 || y > 2199 || m < 1 || m > 12 || d < 1 {
		return false
	}
	days := [...]int{31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31}[m-1]
	if m == 2 && (y%4 == 0 && y%100 != 0 || y%400 == 0) {
		days = 29
	}
	return d <= days
}

func isoDate(y, m, d int) string {
	b := make([]byte, 0, 10)
	b = appendPadded(b, y, 4)
	b = append(b, '-')
	b = appendPadded(b, m, 2)
	b = append(b, '-')
	b = appendPadded(b, d, 2)
	return string(b)
}

func appendPadded(b []byte, n, width int) []byte {
	s := strconv.Itoa(n)
	for i := len(s); i < width; i++ {
		b = append(b, '0')
	}
	return append(b, s...)
}

func atoi(s string, i, j int) int {
	n, _ := strconv.Atoi(s[i:j])
	return n
}

func followedByDigit(s string, i int) bool {
	return i < len(s) && s[i] >= '0' && s[i] <= '9'
}

// continuesSymbol reports whether the match ending at i runs on into a
// document symbol or number ("5/9/2019/NĐ-CP", "27/12-2021").
func continuesSymbol(s string, i int) bool {
	if i+1 >= len(s) {
		return false
	}
	c, n := s[i], s[i+1]
	return (c == '/' || c == '-' || c == '.') && (n >= '0' && n <= '9' || n >= 'A' && n <= 'Z' || n >= 'a' && n <= 'z')
}

func capitalised(s string) bool {
	r, _ := utf8.DecodeRuneInString(s)
	return unicode.IsUpper(r)
}

// Filler that may stand around a single date in ParseDate.
var (
	timeOfDay  = regexp.MustCompile(`(?i)(?:\bT|\b)\d{1,2}[:h]\d{2}(?::\d{2}(?:[.,]\d+)?)?Z?\b|(?:gmt|utc)?[+-]\d{1,2}(?::?\d{2})?\b`)
	fillerWord = map[string]bool{
		"gmt": true, "utc": true, "ict": true, "am": true, "pm": true, "sa": true, "ch": true,
		"on": true, "dated": true, "of": true, "the": true, "at": true,
		"ngày": true, "vào": true, "hôm": true, "lúc": true, "thứ": true, "chủ": true, "nhật": true,
		"hai": true, "ba": true, "tư": true, "năm": true, "sáu": true, "bảy": true, "cn": true,
		"t2": true, "t3": true, "t4": true, "t5": true, "t6": true, "t7": true,
		"monday": true, "tuesday": true, "wednesday": true, "thursday": true, "friday": true,
		"saturday": true, "sunday": true, "mon": true, "tue": true, "tues": true, "wed": true,
		"thu": true, "thur": true, "thurs": true, "fri": true, "sat": true, "sun": true,
	}
)

// onlyFiller reports whether s holds nothing but weekdays, prepositions,
// times, time zones and punctuation.
func onlyFiller(s string) bool {
	s = timeOfDay.ReplaceAllString(s, " ")
	for _, w := range strings.FieldsFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || unicode.IsPunct(r) || unicode.IsSymbol(r)
	}) {
		if !fillerWord[strings.ToLower(w)] {
			return false
		}
	}
	return true
}
