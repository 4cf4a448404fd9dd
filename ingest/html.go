package ingest

import (
	"html"
	"regexp"
	"strings"
)

// HTML is read by a small single-pass tokenizer rather than a tree builder:
// it keeps counts of open elements by name instead of a stack, so deeply
// nested or badly nested markup costs linear time and constant stack. It
// keeps the text of the page (or of its <article>/<main>/articleBody when
// there is one), drops scripts, styles, navigation and other page chrome,
// turns block elements into line breaks, and reads the title, date and
// canonical URL from the head.

// readHTML makes a document of an HTML page. Its Text is "" when the page
// has no article text (see hasArticleText).
func readHTML(name, src string) Document {
	p := parseHTML(src)
	chosen := p.chosen()
	text := ""
	if chosen.prose {
		text = normalizeText(chosen.b.String())
	}
	doc := Document{Path: name, URL: p.url(), Text: text}
	for _, t := range []string{p.h1, p.ogTitle, p.title, p.h1Dropped} {
		if t = cleanLine(t); t != "" {
			doc.Title = t
			break
		}
	}
	if doc.Title == "" {
		doc.Title = textTitle(text, name)
	}
	for _, d := range p.dates {
		if iso, ok := ParseDate(d); ok {
			doc.Date = iso
			break
		}
	}
	if doc.Date == "" {
		doc.Date = findDateline(text)
	}
	return doc
}

// Element classes.
var (
	// rawTextElements hold text that is not markup, up to their end tag;
	// only <title>'s is kept.
	rawTextElements = set("script", "style", "noscript", "iframe", "noembed", "noframes", "xmp", "textarea", "title", "plaintext")
	// droppedElements and everything inside them are page chrome, not article.
	droppedElements = set("nav", "header", "footer", "aside", "form", "svg", "math", "template",
		"button", "select", "menu", "dialog", "object", "audio", "video", "canvas")
	// voidElements have no end tag.
	voidElements = set("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
		"param", "source", "track", "wbr", "keygen")
	// paragraphElements start and end a paragraph.
	paragraphElements = set("p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "article", "section", "main",
		"blockquote", "pre", "ul", "ol", "dl", "table", "figure", "figcaption", "address", "details",
		"summary", "fieldset", "caption", "center", "hgroup", "body", "hr")
	// lineElements start and end a line.
	lineElements = set("br", "li", "tr", "dt", "dd", "option", "thead", "tbody", "tfoot")
	// cellElements are separated by a space.
	cellElements = set("td", "th")
)

func set(names ...string) map[string]bool {
	m := make(map[string]bool, len(names))
	for _, n := range names {
		m[n] = true
	}
	return m
}

// Date sources in the order they are trusted.
const (
	dateMetaArticle = iota // <meta property="article:published_time">
	dateItemprop           // itemprop="datePublished"
	dateJSONLD             // "datePublished" in JSON-LD
	dateMetaOther          // <meta name="pubdate"> and the like
	dateTimeElement        // the first <time datetime>
	dateSources
)

var metaDateNames = map[string]int{
	"article:published_time":    dateMetaArticle,
	"datepublished":             dateItemprop,
	"pubdate":                   dateMetaOther,
	"publishdate":               dateMetaOther,
	"publish-date":              dateMetaOther,
	"publish_date":              dateMetaOther,
	"article.published":         dateMetaOther,
	"parsely-pub-date":          dateMetaOther,
	"citation_publication_date": dateMetaOther,
	"dc.date.issued":            dateMetaOther,
	"dc.date":                   dateMetaOther,
	"dcterms.date":              dateMetaOther,
	"date":                      dateMetaOther,
}

var jsonLDDate = regexp.MustCompile(`"datePublished"\s*:\s*"([^"]{4,64})"`)

// maxAttrs bounds the attributes kept of one tag; the rest are parsed and
// passed over.
const maxAttrs = 64

// maxTitleBytes bounds the <title> and <h1> kept (an unclosed one would
// otherwise swallow the page).
const maxTitleBytes = 2048

// htmlPage is what parseHTML gathers from a page.
type htmlPage struct {
	all, article sink // the page's text, and its article's
	sawArticle   bool

	title, ogTitle, h1, h1Dropped string
	canonical, ogURL              string
	dates                         [dateSources]string

	open    map[string]int // open elements by name
	dropped int            // open dropped elements
	bodyTag string         // the element with itemprop=articleBody, while open
	bodyAt  int            // open[bodyTag] inside it

	h1Buf   *strings.Builder // capturing an <h1> while non-nil
	h1Level int
	h1Drop  bool
}

// chosen returns the article's text when the page marks one that has
// prose, else the page's.
func (p *htmlPage) chosen() *sink {
	if p.sawArticle && p.article.prose {
		return &p.article
	}
	return &p.all
}

// url returns the canonical URL: <link rel=canonical> when absolute, else og:url.
func (p *htmlPage) url() string {
	c := strings.TrimSpace(p.canonical)
	o := strings.TrimSpace(p.ogURL)
	switch {
	case strings.HasPrefix(c, "http://") || strings.HasPrefix(c, "https://"):
		return c
	case o != "":
		return o
	}
	return c
}

func (p *htmlPage) inArticle() bool {
	return p.open["article"]+p.open["main"] > 0 || p.bodyTag != "" && p.open[p.bodyTag] >= p.bodyAt
}

// parseHTML reads a page in one pass.
func parseHTML(src string) *htmlPage {
	p := &htmlPage{open: map[string]int{}}
	var attrs []attr
	for i := 0; i < len(src); {
		lt := strings.IndexByte(src[i:], '<')
		if lt < 0 {
			p.addText(src[i:], false)
			break
		}
		if lt > 0 {
			p.addText(src[i:i+lt], false)
			i += lt
		}
		var t tag
		var ok bool
		t, attrs, i, ok = parseTag(src, i, attrs[:0])
		if !ok {
			p.addText("<", false)
			i++
			continue
		}
		switch {
		case t.name == "":
			// comment, doctype, processing instruction
		case t.end:
			p.endTag(t.name)
		case rawTextElements[t.name]:
			end := findEndTag(src, i, t.name)
			p.rawText(t, src[i:end])
			i = skipTag(src, end)
		default:
			p.startTag(t)
		}
	}
	return p
}

// addText adds a run of character data (entities still encoded).
func (p *htmlPage) addText(s string, raw bool) {
	if p.h1Buf != nil && p.h1Buf.Len() < maxTitleBytes {
		p.h1Buf.WriteString(s)
	}
	if p.dropped > 0 {
		return
	}
	if !raw && strings.IndexByte(s, '&') >= 0 {
		s = html.UnescapeString(s)
	}
	pre, link := p.open["pre"] > 0, p.open["a"] > 0
	p.all.write(s, pre, link)
	if p.inArticle() {
		p.article.write(s, pre, link)
	}
}

func (p *htmlPage) brk(n int) {
	p.all.brk(n)
	p.article.brk(n)
}

func (p *htmlPage) space() {
	p.all.sp()
	p.article.sp()
}

func (p *htmlPage) startTag(t tag) {
	name := t.name
	switch name {
	case "meta":
		p.meta(t)
	case "link":
		if p.canonical == "" && containsWord(t.get("rel"), "canonical") {
			p.canonical = html.UnescapeString(t.get("href"))
		}
	case "time":
		if d := t.get("datetime"); d != "" && p.dates[dateTimeElement] == "" {
			p.dates[dateTimeElement] = html.UnescapeString(d)
		}
	}
	if strings.EqualFold(t.get("itemprop"), "datePublished") && p.dates[dateItemprop] == "" {
		d := t.get("content")
		if d == "" {
			d = t.get("datetime")
		}
		p.dates[dateItemprop] = html.UnescapeString(d)
	}
	switch {
	case paragraphElements[name]:
		p.brk(2)
	case lineElements[name]:
		p.brk(1)
	case cellElements[name]:
		p.space()
	}
	if voidElements[name] || t.selfClosing {
		return
	}
	p.open[name]++
	if droppedElements[name] {
		p.dropped++
	}
	if name == "article" || name == "main" {
		p.sawArticle = true
	}
	if p.bodyTag == "" && containsWord(strings.ToLower(t.get("itemprop")), "articlebody") {
		p.sawArticle = true
		p.bodyTag, p.bodyAt = name, p.open[name]
	}
	if name == "h1" && p.h1Buf == nil && (p.h1 == "" || p.h1Dropped == "") {
		p.h1Buf, p.h1Level, p.h1Drop = &strings.Builder{}, p.open["h1"], p.dropped > 0
	}
}

func (p *htmlPage) endTag(name string) {
	if p.open[name] > 0 {
		p.open[name]--
		if droppedElements[name] {
			p.dropped--
		}
	}
	switch {
	case name == "body" || name == "html":
		// Whatever chrome was left open ends with the page.
		for n := range droppedElements {
			p.dropped -= p.open[n]
			p.open[n] = 0
		}
	case name == "h1" && p.h1Buf != nil && p.open["h1"] < p.h1Level:
		h := html.UnescapeString(p.h1Buf.String())
		if p.h1Drop {
			if p.h1Dropped == "" {
				p.h1Dropped = h
			}
		} else if p.h1 == "" {
			p.h1 = h
		}
		p.h1Buf = nil
	}
	if p.bodyTag != "" && p.open[p.bodyTag] < p.bodyAt {
		p.bodyTag = ""
	}
	switch {
	case paragraphElements[name]:
		p.brk(2)
	case lineElements[name]:
		p.brk(1)
	case cellElements[name]:
		p.space()
	}
}

// rawText takes the content of a raw text element: the page's <title>, and
// the date of JSON-LD metadata; the rest (scripts, styles) is dropped.
func (p *htmlPage) rawText(t tag, content string) {
	switch t.name {
	case "title":
		if p.title == "" && p.dropped == 0 && len(content) <= maxTitleBytes {
			p.title = html.UnescapeString(content)
		}
	case "script":
		if strings.Contains(strings.ToLower(t.get("type")), "ld+json") && p.dates[dateJSONLD] == "" {
			if m := jsonLDDate.FindStringSubmatch(content); m != nil {
				p.dates[dateJSONLD] = m[1]
			}
		}
	}
}

func (p *htmlPage) meta(t tag) {
	content := html.UnescapeString(t.get("content"))
	for _, k := range []string{"property", "name", "itemprop"} {
		key := strings.ToLower(strings.TrimSpace(t.get(k)))
		if key == "" {
			continue
		}
		if src, ok := metaDateNames[key]; ok && p.dates[src] == "" {
			p.dates[src] = content
		}
		switch key {
		case "og:title", "twitter:title":
			if p.ogTitle == "" {
				p.ogTitle = content
			}
		case "og:url":
			if p.ogURL == "" {
				p.ogURL = content
			}
		}
	}
}

// sink collects text with HTML's whitespace rules: runs of white space are
// one space, breaks are at most two newlines, nothing leads. It notes
// whether the text has prose: a line with at least proseWords words (with
// a letter or digit) outside links. Menus, link lists, buttons and labels
// alone are not an article.
type sink struct {
	b     strings.Builder
	nl    int  // newlines at the end of b
	space bool // a space is pending
	words int  // words outside links on the current line
	prose bool
}

// proseWords is how many words outside links a line needs to count as prose.
const proseWords = 4

func (s *sink) brk(n int) {
	s.words = 0
	if s.b.Len() == 0 {
		return
	}
	for s.nl < n {
		s.b.WriteByte('\n')
		s.nl++
	}
	s.space = false
}

func (s *sink) sp() {
	if s.b.Len() > 0 && s.nl == 0 {
		s.space = true
	}
}

func (s *sink) write(t string, pre, link bool) {
	for i := 0; i < len(t); {
		if isHTMLSpace(t[i]) {
			if pre && t[i] == '\n' {
				if s.b.Len() > 0 && s.nl < 2 {
					s.b.WriteByte('\n')
					s.nl++
				}
				s.space = false
				s.words = 0
			} else {
				s.sp()
			}
			i++
			continue
		}
		j := i + 1
		for j < len(t) && !isHTMLSpace(t[j]) {
			j++
		}
		if s.space {
			s.b.WriteByte(' ')
			s.space = false
		}
		s.b.WriteString(t[i:j])
		s.nl = 0
		if !link && !s.prose && strings.IndexFunc(t[i:j], isWordRune) >= 0 {
			if s.words++; s.words >= proseWords {
				s.prose = true
			}
		}
		i = j
	}
}

func isHTMLSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f'
}

// tag is one parsed tag; name is "" for comments and the like.
type tag struct {
	name        string // lower case
	end         bool
	selfClosing bool
	attrs       []attr
}

type attr struct{ key, val string } // key lower case, val still escaped

func (t tag) get(key string) string {
	for _, a := range t.attrs {
		if a.key == key {
			return a.val
		}
	}
	return ""
}

// parseTag parses the markup at src[i] == '<'. It returns the tag, the
// attribute buffer (for reuse), the position after it, and ok == false when
// the '<' starts no markup and is text. Markup cut off by the end of the
// input runs to the end and is dropped.
func parseTag(src string, i int, buf []attr) (tag, []attr, int, bool) {
	rest := src[i+1:]
	switch {
	case rest == "":
		return tag{}, buf, i, false
	case strings.HasPrefix(rest, "!--"):
		body := i + 4
		switch {
		case strings.HasPrefix(src[body:], ">"):
			return tag{}, buf, body + 1, true
		case strings.HasPrefix(src[body:], "->"):
			return tag{}, buf, body + 2, true
		}
		if k := strings.Index(src[body:], "-->"); k >= 0 {
			return tag{}, buf, body + k + 3, true
		}
		return tag{}, buf, len(src), true
	case rest[0] == '!' || rest[0] == '?':
		return tag{}, buf, skipTag(src, i), true
	case rest[0] == '/':
		if len(rest) > 1 && isASCIILetter(rest[1]) {
			j := i + 2
			for j < len(src) && !isHTMLSpace(src[j]) && src[j] != '/' && src[j] != '>' {
				j++
			}
			return tag{name: strings.ToLower(src[i+2 : j]), end: true}, buf, skipTag(src, j), true
		}
		return tag{}, buf, skipTag(src, i), true // "</>", "</ x>": bogus comment
	case !isASCIILetter(rest[0]):
		return tag{}, buf, i, false
	}
	j := i + 1
	for j < len(src) && !isHTMLSpace(src[j]) && src[j] != '/' && src[j] != '>' {
		j++
	}
	t := tag{name: strings.ToLower(src[i+1 : j])}
	for {
		for j < len(src) && (isHTMLSpace(src[j]) || src[j] == '/') {
			if src[j] == '/' && j+1 < len(src) && src[j+1] == '>' {
				t.selfClosing = true
			}
			j++
		}
		if j >= len(src) {
			return tag{}, buf, len(src), true
		}
		if src[j] == '>' {
			t.attrs = buf
			return t, buf, j + 1, true
		}
		t.selfClosing = false
		k := j
		for j < len(src) && !isHTMLSpace(src[j]) && src[j] != '/' && src[j] != '>' && (src[j] != '=' || j == k) {
			j++
		}
		key := strings.ToLower(src[k:j])
		for j < len(src) && isHTMLSpace(src[j]) {
			j++
		}
		val := ""
		if j < len(src) && src[j] == '=' {
			j++
			for j < len(src) && isHTMLSpace(src[j]) {
				j++
			}
			if j < len(src) && (src[j] == '"' || src[j] == '\'') {
				e := strings.IndexByte(src[j+1:], src[j])
				if e < 0 {
					return tag{}, buf, len(src), true
				}
				val = src[j+1 : j+1+e]
				j += e + 2
			} else {
				v := j
				for j < len(src) && !isHTMLSpace(src[j]) && src[j] != '>' {
					j++
				}
				val = src[v:j]
			}
		}
		if len(buf) < maxAttrs {
			buf = append(buf, attr{key: key, val: val})
		}
	}
}

// skipTag returns the position after the next '>' at or after i (the end
// of the input when there is none).
func skipTag(src string, i int) int {
	if k := strings.IndexByte(src[i:], '>'); k >= 0 {
		return i + k + 1
	}
	return len(src)
}

// findEndTag returns where the end tag of a raw text element starts
// ("</script", any case, then white space, '/' or '>'), or len(src).
func findEndTag(src string, from int, name string) int {
	if name == "plaintext" {
		return len(src)
	}
	for j := from; ; {
		k := strings.Index(src[j:], "</")
		if k < 0 {
			return len(src)
		}
		k += j
		e := k + 2 + len(name)
		if e <= len(src) && strings.EqualFold(src[k+2:e], name) && (e == len(src) || isHTMLSpace(src[e]) || src[e] == '/' || src[e] == '>') {
			return k
		}
		j = k + 2
	}
}

func isASCIILetter(c byte) bool { return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' }

// containsWord reports whether the space-separated list s has w.
func containsWord(s, w string) bool {
	for _, f := range strings.Fields(s) {
		if strings.EqualFold(f, w) {
			return true
		}
	}
	return false
}
