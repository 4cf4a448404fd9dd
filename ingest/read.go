package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/unicode/utf32"
	"golang.org/x/text/unicode/norm"

	xunicode "golang.org/x/text/encoding/unicode"
)

// MaxFileSize is the largest input read, in bytes.
const MaxFileSize = 64 << 20

// ErrSkipped is wrapped by every error that means "this input was refused"
// (binary, invalid UTF-8, empty, too large, no article text, a bad JSON
// Lines record), so that callers can count skips and go on.
var ErrSkipped = errors.New("skipped")

// SkipError says why an input (or one JSON Lines record) was refused.
// It wraps ErrSkipped.
type SkipError struct {
	Path   string // the input's name ("-" for standard input)
	Line   int    // the JSON Lines line, 0 for a whole file
	Reason string // "binary file", "empty", "invalid UTF-8 at byte 12", ...
}

func (e *SkipError) Error() string {
	if e.Line > 0 {
		return e.Path + ":" + strconv.Itoa(e.Line) + ": " + e.Reason
	}
	return e.Path + ": " + e.Reason
}

// Unwrap makes errors.Is(err, ErrSkipped) true.
func (e *SkipError) Unwrap() error { return ErrSkipped }

func skip(path string, line int, format string, args ...any) error {
	return &SkipError{Path: path, Line: line, Reason: fmt.Sprintf(format, args...)}
}

// Format of an input.
type Format int

// The formats. FormatAuto picks one from the file's extension, else from
// its content.
const (
	FormatAuto Format = iota
	FormatText
	FormatMarkdown
	FormatHTML
	FormatJSONL
)

var formatNames = [...]string{"auto", "text", "markdown", "html", "jsonl"}

func (f Format) String() string {
	if f >= 0 && int(f) < len(formatNames) {
		return formatNames[f]
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// ParseFormat parses a format name: "auto" (or ""), "text"/"txt",
// "markdown"/"md", "html" or "jsonl", in any case.
func ParseFormat(s string) (Format, error) {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "", "auto":
		return FormatAuto, nil
	case "text", "txt":
		return FormatText, nil
	case "markdown", "md":
		return FormatMarkdown, nil
	case "html", "htm":
		return FormatHTML, nil
	case "jsonl", "ndjson":
		return FormatJSONL, nil
	}
	return FormatAuto, fmt.Errorf("unknown format %q (want auto, text, markdown, html or jsonl)", s)
}

// ReadFile reads one file into documents: one, or one per JSON Lines
// record. "-" reads standard input. A file larger than MaxFileSize is
// refused from its size, before reading it. Errors name the file (and the
// line for JSON Lines); refusals wrap ErrSkipped. For JSON Lines the good
// records come back together with the errors of the bad ones.
func ReadFile(path string, f Format) ([]Document, error) {
	if path == "-" {
		return Read("-", os.Stdin, f)
	}
	file, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	defer file.Close()
	info, err := file.Stat()
	if err != nil {
		return nil, fmt.Errorf("read: %w", err)
	}
	if info.IsDir() {
		return nil, fmt.Errorf("read %s: is a directory", path)
	}
	if info.Mode().IsRegular() && info.Size() > MaxFileSize {
		return nil, skip(path, 0, "too large (%d bytes, limit %d)", info.Size(), MaxFileSize)
	}
	return readLimit(path, &sizedReader{file, info.Size()}, f, MaxFileSize)
}

// sizedReader tells readLimit how much to expect, to read in one go.
type sizedReader struct {
	io.Reader
	size int64
}

// Read reads documents from r. name is used in errors and as Document.Path
// ("-" for standard input) and, with FormatAuto, its extension picks the
// format. At most MaxFileSize bytes are read: a longer input is refused.
func Read(name string, r io.Reader, f Format) ([]Document, error) {
	return readLimit(name, r, f, MaxFileSize)
}

func readLimit(name string, r io.Reader, f Format, limit int64) ([]Document, error) {
	var buf bytes.Buffer
	if sr, ok := r.(*sizedReader); ok && sr.size <= limit {
		buf.Grow(int(sr.size) + bytes.MinRead)
	}
	_, err := buf.ReadFrom(io.LimitReader(r, limit+1))
	raw := buf.Bytes()
	if err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if int64(len(raw)) > limit {
		return nil, skip(name, 0, "too large (more than %d bytes, limit %d)", limit, limit)
	}
	raw, bom, err := decodeUnicode(name, raw)
	if err != nil {
		return nil, err
	}
	if f == FormatAuto {
		f = detectFormat(name, raw)
	}
	if f == FormatJSONL { // UTF-8 is checked line by line
		return readJSONL(name, raw, bom)
	}
	if err := checkUTF8(name, 0, raw, bom); err != nil {
		return nil, err
	}
	var doc Document
	switch f {
	case FormatText:
		doc = readText(name, string(raw))
	case FormatMarkdown:
		doc = readMarkdown(name, string(raw))
	case FormatHTML:
		doc = readHTML(name, string(raw))
	default:
		return nil, fmt.Errorf("read %s: unknown format %v", name, f)
	}
	if doc.Text == "" {
		if f == FormatText {
			return nil, skip(name, 0, "empty")
		}
		return nil, skip(name, 0, "no article text")
	}
	return []Document{doc}, nil
}

// decodeUnicode refuses binary and empty input and turns UTF-16 and UTF-32
// with a byte order mark into UTF-8. A UTF-8 byte order mark is removed;
// bom is its length, so that offsets in errors are offsets in the file.
func decodeUnicode(name string, raw []byte) (text []byte, bom int, err error) {
	switch {
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE, 0, 0}), bytes.HasPrefix(raw, []byte{0, 0, 0xFE, 0xFF}):
		out, err := utf32.UTF32(utf32.BigEndian, utf32.ExpectBOM).NewDecoder().Bytes(raw)
		if err != nil {
			return nil, 0, skip(name, 0, "bad UTF-32: %v", err)
		}
		raw = out
	case bytes.HasPrefix(raw, []byte{0xFF, 0xFE}), bytes.HasPrefix(raw, []byte{0xFE, 0xFF}):
		out, err := xunicode.UTF16(xunicode.BigEndian, xunicode.ExpectBOM).NewDecoder().Bytes(raw)
		if err != nil {
			return nil, 0, skip(name, 0, "bad UTF-16: %v", err)
		}
		raw = out
	}
	if bytes.HasPrefix(raw, []byte("\uFEFF")) {
		raw, bom = raw[3:], 3
	}
	if looksBinary(raw) {
		return nil, 0, skip(name, 0, "binary file")
	}
	if len(bytes.TrimFunc(raw, isBlank)) == 0 {
		return nil, 0, skip(name, 0, "empty")
	}
	return raw, bom, nil
}

// looksBinary reports whether b has a NUL byte, or whether more than a
// quarter of its first 8 KiB is control characters or bytes that are not UTF-8.
func looksBinary(b []byte) bool {
	if bytes.IndexByte(b, 0) >= 0 {
		return true
	}
	sample := b
	if len(sample) > 8<<10 {
		sample = sample[:8<<10]
	}
	bad := 0
	for i := 0; i < len(sample); {
		r, n := utf8.DecodeRune(sample[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			if len(sample)-i >= utf8.UTFMax || utf8.FullRune(sample[i:]) {
				bad++ // not a rune cut at the sample's end
			}
		case r < 0x20 && r != '\t' && r != '\n' && r != '\r' && r != '\f' && r != '\v' && r != 0x1b, r == 0x7f:
			bad++
		}
		i += n
	}
	return bad*4 > len(sample)
}

// checkUTF8 refuses b unless it is valid UTF-8; offset is b's position in
// the file, so the error gives the file offset of the first bad byte.
func checkUTF8(name string, line int, b []byte, offset int) error {
	if utf8.Valid(b) {
		return nil
	}
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return skip(name, line, "invalid UTF-8 at byte %d", offset+i)
		}
		i += n
	}
	return nil
}

func isBlank(r rune) bool { return unicode.IsSpace(r) || r == '\uFEFF' || r == '\u200B' }

// detectFormat picks a format from the name's extension, else from the
// content: markup-looking content is HTML, a first line that is a JSON
// object is JSON Lines, anything else is plain text.
func detectFormat(name string, raw []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".text":
		return FormatText
	case ".md", ".markdown", ".mdown", ".mkd":
		return FormatMarkdown
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".jsonl", ".ndjson":
		return FormatJSONL
	}
	head := bytes.TrimLeftFunc(raw, unicode.IsSpace)
	if len(head) > 64<<10 {
		head = head[:64<<10]
	}
	if len(head) > 0 && head[0] == '<' {
		return FormatHTML
	}
	lower := bytes.ToLower(head)
	for _, tag := range []string{"<html", "<body", "<p>", "<p "} {
		if bytes.Contains(lower, []byte(tag)) {
			return FormatHTML
		}
	}
	if len(head) > 0 && head[0] == '{' {
		first := head
		if i := bytes.IndexByte(first, '\n'); i >= 0 {
			first = first[:i]
		}
		if json.Valid(first) {
			return FormatJSONL
		}
	}
	return FormatText
}

// readText makes a document of a plain text file.
func readText(name, s string) Document {
	text := normalizeText(s)
	return Document{Path: name, Title: textTitle(text, name), Date: findDateline(text), Text: text}
}

// maxTitleLen is the length (in runes) below which a first line is taken
// for a plain text's title.
const maxTitleLen = 150

// textTitle returns the first non-empty line of text when it looks like a
// title (shorter than maxTitleLen runes, no final period), else the file's
// name without its extension ("" for standard input).
func textTitle(text, name string) string {
	line := text
	if i := strings.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	line = strings.TrimSpace(line)
	if line != "" && utf8.RuneCountInString(line) < maxTitleLen && !strings.HasSuffix(line, ".") {
		return line
	}
	return fileTitle(name)
}

func fileTitle(name string) string {
	if name == "" || name == "-" {
		return ""
	}
	base := filepath.Base(name)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// normalizeText makes text comparable: one kind of line ending, NFC (so
// that precomposed and combining Vietnamese diacritics compare equal),
// Unicode spaces as plain spaces, invisible characters and control
// characters removed, runs of spaces collapsed, lines trimmed, at most one
// blank line in a row, no leading or trailing blank lines.
func normalizeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	var b strings.Builder
	b.Grow(len(s))
	newlines := 0 // line breaks pending (not yet written)
	space := false
	for i := 0; i < len(s); {
		j := i // a run of text runes, written at once
		for j < len(s) {
			if c := s[j]; c < utf8.RuneSelf {
				if c <= ' ' || c == 0x7f {
					break
				}
				j++
				continue
			}
			r, n := utf8.DecodeRuneInString(s[j:])
			if runeClass(r) != classText {
				break
			}
			j += n
		}
		if j > i {
			if b.Len() > 0 {
				if newlines > 0 {
					b.WriteString("\n\n"[:min(newlines, 2)])
				} else if space {
					b.WriteByte(' ')
				}
			}
			b.WriteString(s[i:j])
			newlines, space, i = 0, false, j
			continue
		}
		r, n := utf8.DecodeRuneInString(s[i:])
		switch runeClass(r) {
		case classNewline:
			newlines++
			space = false
		case classSpace:
			space = true
		}
		i += n
	}
	// Last, as removing a character may bring a letter and a combining mark together.
	return norm.NFC.String(b.String())
}

const (
	classText = iota
	classNewline
	classSpace
	classDropped
)

// runeClass sorts runes for normalizeText.
func runeClass(r rune) int {
	switch {
	case r == '\n' || r == '\v' || r == '\f' || r == '\u2028' || r == '\u2029' || r == '\u0085':
		return classNewline
	case r == '\t' || r == ' ' || unicode.Is(unicode.Zs, r):
		return classSpace
	case r == '\uFEFF' || r == '\u200B' || r == '\u00AD' || r == '\u2060' || unicode.IsControl(r):
		return classDropped
	}
	return classText
}

// jsonRecord is one line of a JSON Lines input. Other fields are ignored.
type jsonRecord struct {
	Title string `json:"title"`
	URL   string `json:"url"`
	Date  string `json:"date"`
	Text  string `json:"text"`
}

// readJSONL makes one document per JSON Lines record. Blank lines are
// passed over; a bad line (invalid UTF-8, not a JSON object of strings, no
// text) gives an error naming file:line, and the other records still come
// back, with the errors joined. base is raw's offset in the file.
func readJSONL(name string, raw []byte, base int) ([]Document, error) {
	var (
		docs []Document
		errs []error
	)
	for offset, lineNo := 0, 1; offset < len(raw); lineNo++ {
		start := offset
		line := raw[offset:]
		if i := bytes.IndexByte(line, '\n'); i >= 0 {
			line = line[:i]
			offset += i + 1
		} else {
			offset = len(raw)
		}
		line = bytes.TrimSpace(line)
		if len(line) == 0 {
			continue
		}
		if err := checkUTF8(name, lineNo, raw[start:offset], base+start); err != nil {
			errs = append(errs, err)
			continue
		}
		var rec jsonRecord
		if err := json.Unmarshal(line, &rec); err != nil {
			errs = append(errs, skip(name, lineNo, "bad JSON: %v", err))
			continue
		}
		text := normalizeText(rec.Text)
		if text == "" {
			errs = append(errs, skip(name, lineNo, "no text"))
			continue
		}
		doc := Document{Path: name, Line: lineNo, Title: cleanLine(rec.Title), URL: strings.TrimSpace(rec.URL), Text: text}
		if doc.Title == "" {
			doc.Title = textTitle(text, "")
		}
		if iso, ok := ParseDate(rec.Date); ok {
			doc.Date = iso
		} else {
			doc.Date = findDateline(text)
		}
		docs = append(docs, doc)
	}
	if len(docs) == 0 && len(errs) == 0 {
		return nil, skip(name, 0, "empty")
	}
	return docs, errors.Join(errs...)
}

// cleanLine normalises a one-line value such as a title: NFC, no markup
// spacing, single spaces.
func cleanLine(s string) string {
	return strings.Join(strings.Fields(normalizeText(s)), " ")
}

// readMarkdown makes a document of a Markdown file: its text without the
// markup. The title is the front matter's, else the first heading's.
func readMarkdown(name, s string) Document {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	s = norm.NFC.String(s)
	meta, body := frontMatter(s)
	stripped, heading := stripMarkdown(body)
	doc := Document{Path: name, Text: normalizeText(stripped)}
	doc.Title = cleanLine(inlineMarkdown(meta["title"]))
	if doc.Title == "" {
		doc.Title = cleanLine(heading)
	}
	if doc.Title == "" {
		doc.Title = textTitle(doc.Text, name)
	}
	for _, k := range []string{"url", "canonical", "canonical_url", "link", "source"} {
		if v := strings.TrimSpace(meta[k]); v != "" {
			doc.URL = v
			break
		}
	}
	for _, k := range []string{"date", "published", "publishdate", "pubdate"} {
		if iso, ok := ParseDate(meta[k]); ok {
			doc.Date = iso
			break
		}
	}
	if doc.Date == "" {
		doc.Date = findDateline(doc.Text)
	}
	return doc
}

// frontMatter splits a YAML front matter block ("---" lines around
// "key: value" lines) from the body. Only flat string values are read.
func frontMatter(s string) (map[string]string, string) {
	if !strings.HasPrefix(s, "---\n") {
		return nil, s
	}
	rest := s[4:]
	end, next := -1, 0
	for _, close := range []string{"\n---\n", "\n...\n"} {
		if i := strings.Index("\n"+rest, close); i >= 0 && (end < 0 || i < end) {
			end, next = i, i+len(close)-1
		}
	}
	if end < 0 {
		if strings.HasSuffix(rest, "\n---") {
			end, next = len(rest)-4, len(rest)
		} else {
			return nil, s
		}
	}
	meta := map[string]string{}
	for _, line := range strings.Split(rest[:max(end, 0)], "\n") {
		k, v, ok := strings.Cut(line, ":")
		if !ok || strings.HasPrefix(line, " ") {
			continue
		}
		v = strings.TrimSpace(v)
		if len(v) >= 2 && (v[0] == '"' && v[len(v)-1] == '"' || v[0] == '\'' && v[len(v)-1] == '\'') {
			v = v[1 : len(v)-1]
		}
		meta[strings.ToLower(strings.TrimSpace(k))] = v
	}
	return meta, rest[next:]
}

var (
	mdATX      = regexp.MustCompile(`^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$`)
	mdSetext   = regexp.MustCompile(`^ {0,3}(?:=+|-+)[ \t]*$`)
	mdRule     = regexp.MustCompile(`^ {0,3}(?:(?:-[ \t]*){3,}|(?:\*[ \t]*){3,}|(?:_[ \t]*){3,})$`)
	mdFence    = regexp.MustCompile("^ {0,3}(`{3,}|~{3,})")
	mdRefDef   = regexp.MustCompile(`^ {0,3}\[[^\]]+\]:[ \t]*\S`)
	mdTableSep = regexp.MustCompile(`^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$`)
	mdQuote    = regexp.MustCompile(`^[ \t]*(?:>[ \t]?)+`)
	mdList     = regexp.MustCompile(`^[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+`)
	mdEscape   = regexp.MustCompile("\\\\[\\\\`*_{}\\[\\]()#+\\-.!|<>~]")
	mdImage    = regexp.MustCompile(`!\[[^\]]*\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])`)
	mdLink     = regexp.MustCompile(`\[([^\]]*)\](?:\((?:[^()]|\([^()]*\))*\)|\[[^\]]*\])`)
	mdAutolink = regexp.MustCompile(`<((?:https?|ftp|mailto):[^<>\s]+)>`)
	mdTag      = regexp.MustCompile(`</?[A-Za-z][A-Za-z0-9-]*(?:\s[^<>]*)?/?>`)
)

// escapeBase is where stripMarkdown parks backslash-escaped characters
// (in a private use plane) while it removes markup.
const escapeBase = 0x10FF00

// stripMarkdown removes Markdown markup and returns the text and the first
// heading. Headings become paragraphs of their own; the lines of a
// paragraph are joined (unless broken with two spaces or a backslash); list
// items, table rows and quotes keep their lines; code blocks, images, HTML
// comments, rules and link definitions are dropped.
func stripMarkdown(s string) (text, heading string) {
	s = removeHTMLComments(s)
	var (
		out     []string
		para    bool // the last line out is a paragraph line that may continue
		fence   string
		lastRaw string
	)
	emit := func(line string) { out = append(out, line) }
	for _, line := range strings.Split(s, "\n") {
		if fence != "" {
			if t := strings.TrimSpace(line); strings.HasPrefix(t, fence) && strings.Trim(t, fence[:1]) == "" {
				fence = ""
			}
			continue
		}
		if m := mdFence.FindStringSubmatch(line); m != nil {
			fence = m[1]
			emit("")
			para = false
			continue
		}
		trimmed := strings.TrimSpace(line)
		switch {
		case trimmed == "":
			emit("")
			para = false
			continue
		case para && mdSetext.MatchString(line):
			if heading == "" {
				heading = out[len(out)-1]
			}
			emit("")
			para = false
			continue
		case mdRule.MatchString(line):
			emit("")
			para = false
			continue
		case mdRefDef.MatchString(line), mdTableSep.MatchString(line):
			continue
		}
		if m := mdATX.FindStringSubmatch(line); m != nil {
			h := inlineMarkdown(m[2])
			if heading == "" {
				heading = h
			}
			emit("")
			emit(h)
			emit("")
			para = false
			continue
		}
		line = mdQuote.ReplaceAllString(line, "")
		item := false
		if loc := mdList.FindStringIndex(line); loc != nil {
			line, item = line[loc[1]:], true
		}
		row := false
		if t := strings.TrimSpace(line); strings.HasPrefix(t, "|") {
			line, row = strings.ReplaceAll(strings.Trim(t, "|"), "|", " "), true
		}
		hard := strings.HasSuffix(lastRaw, "  ") || strings.HasSuffix(lastRaw, "\\")
		lastRaw = line
		t := inlineMarkdown(strings.TrimSuffix(strings.TrimSpace(line), "\\"))
		if para && !item && !row && !hard && len(out) > 0 {
			out[len(out)-1] += " " + t
		} else {
			emit(t)
		}
		para = !row
	}
	return strings.Join(out, "\n"), heading
}

// inlineMarkdown removes inline markup: emphasis, code spans, links (their
// text stays), images, autolinks' brackets, inline HTML tags, escapes.
func inlineMarkdown(s string) string {
	s = mdEscape.ReplaceAllStringFunc(s, func(e string) string { return string(rune(escapeBase + int(e[1]))) })
	s = mdImage.ReplaceAllString(s, "")
	s = mdLink.ReplaceAllString(s, "$1")
	s = mdAutolink.ReplaceAllString(s, "$1")
	s = mdTag.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "`", "")
	s = stripEmphasis(s)
	return strings.Map(func(r rune) rune {
		if r >= escapeBase && r < escapeBase+0x80 {
			return r - escapeBase
		}
		return r
	}, strings.TrimSpace(s))
}

// stripEmphasis removes runs of '*', '_' and "~~" that open or close
// emphasis: those touching text on at least one side. A run with spaces on
// both sides ("2 * 3") or an underscore inside a word (snake_case) stays.
func stripEmphasis(s string) string {
	if !strings.ContainsAny(s, "*_~") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		c := s[i]
		if c != '*' && c != '_' && c != '~' {
			b.WriteByte(c)
			i++
			continue
		}
		j := i
		for j < len(s) && s[j] == c {
			j++
		}
		prev, _ := utf8.DecodeLastRuneInString(s[:i])
		next, _ := utf8.DecodeRuneInString(s[j:])
		prevSpace := i == 0 || unicode.IsSpace(prev)
		nextSpace := j == len(s) || unicode.IsSpace(next)
		keep := prevSpace && nextSpace ||
			c == '~' && j-i < 2 ||
			c == '_' && isWordRune(prev) && isWordRune(next) && i > 0 && j < len(s)
		if keep {
			b.WriteString(s[i:j])
		}
		i = j
	}
	return b.String()
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

// removeHTMLComments drops <!-- ... --> (an unclosed one runs to the end).
func removeHTMLComments(s string) string {
	if !strings.Contains(s, "<!--") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "<!--")
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		j := strings.Index(s[i+4:], "-->")
		if j < 0 {
			return b.String()
		}
		s = s[i+4+j+3:]
	}
}
