package ingest

import (
	"strings"

	"github.com/govkg/govkg/graph"
)

// Document symbols (see ONTOLOGY.md): state documents number/TYPE-ISSUER
// (06/QĐ-TTg) or number/year/TYPE-ISSUER (01/2018/NĐ-CP), laws
// number/year/QH14, Party documents number-TYPE/ISSUER (12-NQ/TW,
// 118-KH/ĐUCA). English text drops the diacritics (ND-CP): codes are
// compared folded, the display keeps what the text wrote.

// docSymbol is a parsed symbol.
type docSymbol struct {
	display string // as written ("01/2018/NĐ-CP")
	number  string // "01"
	year    string // "2018" when the symbol carries it
	code    string // folded type code: "nd", "nq", "qh"
	issuer  string // folded issuer: "cp", "tw", "qh14"
	party   bool   // the Party form number-TYPE/ISSUER
}

// kind returns the document kind the type code marks ("" when unknown).
func (s docSymbol) kind() graph.EntityType { return codeKind(s.code) }

// key returns the folded symbol used in identity keys.
func (s docSymbol) key() string { return graph.FoldSymbol(s.display) }

// withYear returns the symbol completed with the year of issue, for state
// kinds whose official symbol carries it (decrees, circulars, laws) when
// the text left it out; ok is false when there is nothing to complete.
func (s docSymbol) withYear(year string) (docSymbol, bool) {
	if s.party || s.year != "" || year == "" {
		return s, false
	}
	switch s.code {
	case "nd", "tt", "ttlt":
	default:
		return s, false
	}
	i := strings.Index(s.display, "/")
	if i < 0 {
		return s, false
	}
	t := s
	t.year = year
	t.display = s.display[:i] + "/" + year + s.display[i:]
	return t, true
}

// codeWord reports whether a token can be a type or issuer code: letters
// (and digits after them, as in QH14) starting with a capital.
func codeWord(t *token) bool {
	if t.kind != tkWord || !t.is(tfCap) || t.end-t.start > 8 {
		return false
	}
	w := t.fold
	return w != "" && w[0] >= 'a' && w[0] <= 'z'
}

// parseSymbol reads a symbol starting at toks[i] (a number), not reaching
// lim. It returns the symbol and the index after it.
func parseSymbol(text string, toks []token, i, lim int) (docSymbol, int, bool) {
	if i >= lim || toks[i].kind != tkNum || len(toks[i].fold) > 5 || strings.ContainsAny(toks[i].fold, ".,") {
		return docSymbol{}, 0, false
	}
	at := func(j int) *token {
		if j < lim && glued(toks, j) {
			return &toks[j]
		}
		return nil
	}
	s := docSymbol{number: toks[i].fold}
	j := i + 1
	sep := at(j)
	if sep == nil || sep.kind != tkPunct {
		return docSymbol{}, 0, false
	}
	switch sep.fold {
	case "-": // Party: 12-NQ/TW
		c := at(j + 1)
		sl := at(j + 2)
		is := at(j + 3)
		if c == nil || !codeWord(c) || sl == nil || !sl.punct("/") || is == nil || !codeWord(is) {
			return docSymbol{}, 0, false
		}
		s.party, s.code, s.issuer = true, c.fold, is.fold
		j += 4
		for {
			d, w := at(j), at(j+1)
			if d == nil || !d.punct("-") || w == nil || !codeWord(w) {
				break
			}
			s.issuer += "-" + w.fold
			j += 2
		}
	case "/": // State: 06/QĐ-TTg, 01/2018/NĐ-CP, 24/2018/QH14
		j++
		if y := at(j); y != nil && y.kind == tkNum && yearOf(y) > 0 {
			if sl := at(j + 1); sl != nil && sl.punct("/") {
				s.year = y.fold
				j += 2
			} else {
				return docSymbol{}, 0, false
			}
		}
		c := at(j)
		if c == nil || !codeWord(c) {
			return docSymbol{}, 0, false
		}
		j++
		if d, w := at(j), at(j+1); d != nil && d.punct("-") && w != nil && codeWord(w) {
			s.code, s.issuer = c.fold, w.fold
			j += 2
			for {
				d, w := at(j), at(j+1)
				if d == nil || !d.punct("-") || w == nil || !codeWord(w) {
					break
				}
				s.issuer += "-" + w.fold
				j += 2
			}
		} else if s.year != "" && strings.HasPrefix(c.fold, "qh") {
			s.code, s.issuer = "qh", c.fold // a law: 24/2018/QH14
		} else {
			return docSymbol{}, 0, false
		}
	default:
		return docSymbol{}, 0, false
	}
	if codeKind(s.code) == "" && !knownCode(s.code) {
		return docSymbol{}, 0, false
	}
	s.display = text[toks[i].start:toks[j-1].end]
	return s, j, true
}

// knownCode lists type codes that are real but name no kind of their own.
func knownCode(code string) bool {
	switch code {
	case "ubnd", "ub", "ttr", "ptr":
		return true
	}
	return false
}
