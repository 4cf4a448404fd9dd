package ingest

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in   string
		want Format
	}{
		{"auto", FormatAuto}, {"", FormatAuto}, {"text", FormatText}, {"txt", FormatText},
		{"markdown", FormatMarkdown}, {"MD", FormatMarkdown}, {"html", FormatHTML},
		{"jsonl", FormatJSONL}, {" Text ", FormatText},
	}
	for _, tt := range tests {
		got, err := ParseFormat(tt.in)
		if err != nil || got != tt.want {
			t.Errorf("ParseFormat(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
	if _, err := ParseFormat("pdf"); err == nil || !strings.Contains(err.Error(), `"pdf"`) {
		t.Errorf("ParseFormat(pdf) error = %v, want one naming it", err)
	}
	for f := FormatAuto; f <= FormatJSONL; f++ {
		if back, err := ParseFormat(f.String()); err != nil || back != f {
			t.Errorf("ParseFormat(%v.String()) = %v, %v", f, back, err)
		}
	}
}

func TestDetectFormat(t *testing.T) {
	tests := []struct {
		name, content string
		want          Format
	}{
		{"a.txt", "<html>", FormatText}, // the extension wins
		{"a.TEXT", "x", FormatText},
		{"a.md", "x", FormatMarkdown},
		{"a.markdown", "x", FormatMarkdown},
		{"a.html", "x", FormatHTML},
		{"a.htm", "x", FormatHTML},
		{"a.jsonl", "x", FormatJSONL},
		{"a.ndjson", "x", FormatJSONL},
		{"-", "  <!DOCTYPE html><p>x", FormatHTML},
		{"a", "Some words and then <p>a paragraph", FormatHTML},
		{"a.dat", "Some words <BODY> here", FormatHTML},
		{"a", `{"text": "x"}` + "\n" + `{"text": "y"}`, FormatJSONL},
		{"a", "{not json}\nwords", FormatText},
		{"a", "Plain words, a < b and b > c.", FormatText},
	}
	for _, tt := range tests {
		if got := detectFormat(tt.name, []byte(tt.content)); got != tt.want {
			t.Errorf("detectFormat(%q, %q) = %v, want %v", tt.name, tt.content, got, tt.want)
		}
	}
}

func TestReadFileFixtures(t *testing.T) {
	tests := []struct {
		file                 string
		title, url, date     string
		contains, notContain []string
	}{
		{
			file:     "article.txt",
			title:    "Bộ Xây dựng công bố đề án nhà ở xã hội",
			date:     "2024-03-14",
			contains: []string{"Thứ Năm, 14/03/2024, 08:15", "giai đoạn 2024 - 2030.\nĐề án", "ngày 11 tháng 3 năm 2023."},
		},
		{
			file:     "untitled.txt",
			title:    "untitled",
			contains: []string{"A long first line", "\nSecond line."},
		},
		{
			file:  "article.md",
			title: "Provincial council adopts budget resolution",
			url:   "https://news.example.org/2023/07/budget-resolution",
			date:  "2023-07-12",
			contains: []string{
				"Council adopts budget\n\nThe provincial",
				"adopted Resolution No. 15/2023/NQ-HĐND on the annual budget, according to the council's office.",
				"Item one of the plan\nItem two of the plan",
				"Quoted words of the chairman.",
				"snake_case_name and 2 * 3 items.",
			},
			notContain: []string{"**", "](", "photo", "editor's note", "Println", "```", "---", "# "},
		},
		{
			file:       "heading.md",
			title:      "Setext title here",
			contains:   []string{"Setext title here\n\nBody text of the markdown file"},
			notContain: []string{"==="},
		},
		{
			file:  "article.html",
			title: "Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng 1",
			url:   "https://baovidu.example.vn/thu-tuong-chu-tri-phien-hop.html",
			date:  "2023-02-04",
			contains: []string{
				"Thủ tướng chủ trì phiên họp Chính phủ thường kỳ tháng 1\n\n05/02/2023\n\nSáng 4/2",
				"thường kỳ tháng 1 năm 2023.", // &nbsp; is a plain space
				"kinh tế - xã hội & việc triển khai Nghị quyết số 01/NQ-CP.\nCác đại biểu đã nêu ý kiến.",
				"Ý kiến thứ nhất\nÝ kiến thứ hai",
				"Tháng 1 5,2%",
			},
			notContain: []string{"not text", "color", "Thời sự", "commented out", "Gửi bình luận", "Tin liên quan", "Quảng cáo", "Bản quyền", "<", "&amp;", "\u00a0"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			path := filepath.Join("testdata", "read", tt.file)
			docs, err := ReadFile(path, FormatAuto)
			if err != nil {
				t.Fatalf("ReadFile: %v", err)
			}
			if len(docs) != 1 {
				t.Fatalf("got %d documents, want 1", len(docs))
			}
			d := docs[0]
			if d.Path != path || d.Line != 0 {
				t.Errorf("Path, Line = %q, %d; want %q, 0", d.Path, d.Line, path)
			}
			if d.Title != tt.title || d.URL != tt.url || d.Date != tt.date {
				t.Errorf("Title, URL, Date = %q, %q, %q\nwant %q, %q, %q", d.Title, d.URL, d.Date, tt.title, tt.url, tt.date)
			}
			for _, s := range tt.contains {
				if !strings.Contains(d.Text, s) {
					t.Errorf("text lacks %q; text:\n%s", s, d.Text)
				}
			}
			for _, s := range tt.notContain {
				if strings.Contains(d.Text, s) {
					t.Errorf("text has %q; text:\n%s", s, d.Text)
				}
			}
			checkClean(t, d.Text)
		})
	}
}

// checkClean asserts what every document text must be.
func checkClean(t *testing.T, text string) {
	t.Helper()
	switch {
	case !utf8.ValidString(text):
		t.Error("text is not valid UTF-8")
	case !norm.NFC.IsNormalString(text):
		t.Error("text is not NFC")
	case strings.ContainsAny(text, "\r\t\x00\uFEFF"):
		t.Errorf("text has CR, tab, NUL or BOM: %q", text)
	case strings.Contains(text, "\n\n\n"):
		t.Errorf("text has two blank lines in a row: %q", text)
	case text != strings.TrimSpace(text):
		t.Errorf("text has leading or trailing space: %q", text)
	}
}

func TestReadTextNormalises(t *testing.T) {
	nfc := "Thủ tướng phê duyệt Quyết định số 12/QĐ-TTg.\nNgười dân hưởng ứng."
	nfd := norm.NFD.String(nfc)
	if nfd == nfc {
		t.Fatal("test needs an NFD text that differs from NFC")
	}
	tests := []struct{ name, in string }{
		{"nfc", nfc},
		{"nfd", nfd},
		{"bom and crlf", "\uFEFF" + strings.ReplaceAll(nfd, "\n", "\r\n") + "\r\n"},
		{"old mac line ends", strings.ReplaceAll(nfc, "\n", "\r")},
		{"odd spaces", strings.ReplaceAll(strings.ReplaceAll(nfc, "số ", "số\u00a0 \t"), "Người", "  \u200bNgười")},
		{"blank lines around", "\n\n  \n" + nfc + "\n\n\n"},
	}
	for _, tt := range tests {
		docs, err := Read("x.txt", strings.NewReader(tt.in), FormatText)
		if err != nil {
			t.Fatalf("%s: %v", tt.name, err)
		}
		if got := docs[0].Text; got != nfc {
			t.Errorf("%s: text = %q, want %q", tt.name, got, nfc)
		}
	}
	// Paragraphs stay apart, by one blank line at most.
	docs, err := Read("x.txt", strings.NewReader("One.\n\n\n\nTwo.\n \nThree."), FormatText)
	if err != nil || docs[0].Text != "One.\n\nTwo.\n\nThree." {
		t.Errorf("paragraphs = %q, %v", docs[0].Text, err)
	}
}

func TestTextTitle(t *testing.T) {
	tests := []struct{ text, name, want string }{
		{"Short title\nBody.", "dir/a-file.txt", "Short title"},
		{"A sentence that ends with a period.\nBody.", "dir/a-file.txt", "a-file"},
		{strings.Repeat("word ", 40) + "\nBody", "a-file.txt", "a-file"},
		{strings.Repeat("x", 149), "a.txt", strings.Repeat("x", 149)},
		{strings.Repeat("x", 150), "a.txt", "a"},
		{strings.Repeat("ệ", 149), "a.txt", strings.Repeat("ệ", 149)}, // runes, not bytes
		{"Body only.", "-", ""},
		{"Q&A: what changes?", "q.txt", "Q&A: what changes?"},
	}
	for _, tt := range tests {
		if got := textTitle(tt.text, tt.name); got != tt.want {
			t.Errorf("textTitle(%q, %q) = %q, want %q", tt.text, tt.name, got, tt.want)
		}
	}
}

// skipCase is a refused input and the exact error expected.
type skipCase struct {
	name    string
	content []byte
	want    string // the error message after the file's path
}

func TestReadRefuses(t *testing.T) {
	noise := make([]byte, 4096)
	for i := range noise {
		noise[i] = byte(0x80 + (i*37)%0x40) // continuation bytes only, no NUL
	}
	controls := bytes.Repeat([]byte("ab\x01\x02\x03\x04"), 500)
	tests := []skipCase{
		{"nul.txt", []byte("Some text\x00with a NUL byte"), "binary file"},
		{"noise.bin", noise, "binary file"},
		{"controls.txt", controls, "binary file"},
		{"latin1.txt", []byte("Gi\xe1 tr\xean 100 ngh\xecn \u0111\u1ed3ng\nand more words that are fine"), "invalid UTF-8 at byte 2"},
		{"late.txt", append([]byte(strings.Repeat("good line\n", 100)), 0xff, 'x'), "invalid UTF-8 at byte 1000"},
		{"bom.txt", []byte("\uFEFFabc\xffdef"), "invalid UTF-8 at byte 6"},
		{"truncated.txt", []byte("ends in half a rune \xe1\xbb"), "invalid UTF-8 at byte 20"},
		{"zero.txt", nil, "empty"},
		{"spaces.txt", []byte(" \n\t\r\n  \u00a0\n"), "empty"},
		{"bom-only.txt", []byte("\uFEFF\n"), "empty"},
		{"blank.html", []byte("<html><body>\n</body></html>"), "no article text"},
		{"markup-only.md", []byte("# \n\n---\n\n![img](a.png)\n"), "no article text"},
	}
	dir := t.TempDir()
	for _, tt := range tests {
		path := filepath.Join(dir, tt.name)
		if err := os.WriteFile(path, tt.content, 0o600); err != nil {
			t.Fatal(err)
		}
		docs, err := ReadFile(path, FormatAuto)
		checkSkip(t, docs, err, path+": "+tt.want)
		// The same through Read, with the name given.
		docs, err = Read("named", bytes.NewReader(tt.content), detectFormat(path, tt.content))
		checkSkip(t, docs, err, "named: "+tt.want)
	}
	// The boilerplate fixture: navigation, menus and scripts only.
	path := filepath.Join("testdata", "read", "boilerplate.html")
	docs, err := ReadFile(path, FormatAuto)
	checkSkip(t, docs, err, path+": no article text")
}

func checkSkip(t *testing.T, docs []Document, err error, want string) {
	t.Helper()
	if err == nil {
		t.Errorf("no error, want %q (docs %+v)", want, docs)
		return
	}
	if err.Error() != want {
		t.Errorf("error %q, want %q", err, want)
	}
	if !errors.Is(err, ErrSkipped) {
		t.Errorf("error %q does not wrap ErrSkipped", err)
	}
	var se *SkipError
	if !errors.As(err, &se) {
		t.Errorf("error %q is not a *SkipError", err)
	}
	if len(docs) != 0 {
		t.Errorf("%q: got %d documents with the error", want, len(docs))
	}
}

func TestReadTooLarge(t *testing.T) {
	// A sparse file one byte over the limit: refused from its size, unread.
	path := filepath.Join(t.TempDir(), "huge.txt")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	if err := f.Truncate(MaxFileSize + 1); err != nil {
		t.Fatal(err)
	}
	f.Close()
	docs, err := ReadFile(path, FormatAuto)
	checkSkip(t, docs, err, path+": too large (67108865 bytes, limit 67108864)")

	// A stream is read no further than the limit (here a small one).
	r := &countingReader{r: strings.NewReader(strings.Repeat("many words here ", 1000))}
	docs, err = readLimit("-", r, FormatText, 100)
	checkSkip(t, docs, err, "-: too large (more than 100 bytes, limit 100)")
	if r.n > 4096 {
		t.Errorf("read %d bytes of the stream to refuse it at 100", r.n)
	}
	// Exactly at the limit is fine.
	docs, err = readLimit("-", strings.NewReader(strings.Repeat("x", 100)), FormatText, 100)
	if err != nil || len(docs) != 1 {
		t.Errorf("input at the limit: %v", err)
	}
}

type countingReader struct {
	r interface{ Read([]byte) (int, error) }
	n int
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += n
	return n, err
}

func TestReadLongLine(t *testing.T) {
	dir := t.TempDir()
	line := strings.Repeat("Từ ngữ dài ", 1<<20) // about 13 MB, no newline
	line = strings.TrimSpace(line)
	path := filepath.Join(dir, "long.txt")
	if err := os.WriteFile(path, []byte(line), 0o600); err != nil {
		t.Fatal(err)
	}
	docs, err := ReadFile(path, FormatAuto)
	if err != nil {
		t.Fatalf("long line: %v", err)
	}
	if docs[0].Text != line || docs[0].Title != "long" {
		t.Errorf("long line: text of %d bytes (want %d), title %q", len(docs[0].Text), len(line), docs[0].Title)
	}
	// And as one JSON Lines record between two others.
	jl := `{"title":"a","text":"first"}` + "\n" + `{"title":"b","text":"` + line + `"}` + "\n" + `{"title":"c","text":"third"}` + "\n"
	path = filepath.Join(dir, "long.jsonl")
	if err := os.WriteFile(path, []byte(jl), 0o600); err != nil {
		t.Fatal(err)
	}
	docs, err = ReadFile(path, FormatAuto)
	if err != nil || len(docs) != 3 || docs[1].Text != line || docs[2].Line != 3 {
		t.Errorf("long JSON line: %d docs, %v", len(docs), err)
	}
}

func TestReadJSONL(t *testing.T) {
	path := filepath.Join("testdata", "read", "records.jsonl")
	docs, err := ReadFile(path, FormatAuto)
	want := []Document{
		{Path: path, Line: 1, Title: "Government approves the digital programme", URL: "https://news.example.org/a",
			Date: "2022-06-01", Text: "The Government approved the national digital transformation programme on Wednesday."},
		{Path: path, Line: 5, Title: "Hà Nội, ngày 3 tháng 6 năm 2022", URL: "https://news.example.org/c",
			Date: "2022-06-03", Text: "Hà Nội, ngày 3 tháng 6 năm 2022\nThe city issued a plan."},
		{Path: path, Line: 7, Title: "Last", Text: "The last record is good."},
	}
	if len(docs) != len(want) {
		t.Fatalf("got %d documents, want %d: %+v", len(docs), len(want), docs)
	}
	for i := range want {
		if docs[i] != want[i] {
			t.Errorf("doc %d = %+v\nwant %+v", i, docs[i], want[i])
		}
	}
	if !errors.Is(err, ErrSkipped) {
		t.Fatalf("error %v does not wrap ErrSkipped", err)
	}
	parts := err.(interface{ Unwrap() []error }).Unwrap()
	wantParts := []string{
		path + ":3: no text",
		path + ":4: bad JSON: ",
		path + ":6: bad JSON: ",
	}
	if len(parts) != len(wantParts) {
		t.Fatalf("errors %q, want %d", parts, len(wantParts))
	}
	for i, p := range parts {
		if !strings.HasPrefix(p.Error(), wantParts[i]) || !errors.Is(p, ErrSkipped) {
			t.Errorf("error %d = %q, want prefix %q wrapping ErrSkipped", i, p, wantParts[i])
		}
	}
}

func TestReadJSONLBadBytes(t *testing.T) {
	in := "{\"text\": \"one\"}\n{\"text\": \"t\xffwo\"}\n{\"text\": \"three\"}\n"
	docs, err := Read("in.jsonl", strings.NewReader(in), FormatAuto)
	if len(docs) != 2 || docs[0].Text != "one" || docs[1].Text != "three" || docs[1].Line != 3 {
		t.Errorf("docs = %+v", docs)
	}
	if err == nil || err.Error() != "in.jsonl:2: invalid UTF-8 at byte 27" || !errors.Is(err, ErrSkipped) {
		t.Errorf("error = %v", err)
	}
	// Nothing but bad lines: no documents, every line named.
	docs, err = Read("bad.jsonl", strings.NewReader("[1]\n\"x\"\n"), FormatJSONL)
	lines := []string{}
	if err != nil {
		lines = strings.Split(err.Error(), "\n")
	}
	if len(docs) != 0 || len(lines) != 2 || !strings.HasPrefix(lines[0], "bad.jsonl:1: bad JSON: ") ||
		!strings.HasPrefix(lines[1], "bad.jsonl:2: bad JSON: ") {
		t.Errorf("all bad: %d docs, error %v", len(docs), err)
	}
}

func TestReadStdin(t *testing.T) {
	docs, err := Read("-", strings.NewReader("<p>Xin chào, đây là một bài báo ngắn.</p>"), FormatAuto)
	if err != nil {
		t.Fatal(err)
	}
	d := docs[0]
	if d.Path != "-" || d.Text != "Xin chào, đây là một bài báo ngắn." || d.Title != "" {
		t.Errorf("stdin html = %+v", d)
	}
	if _, err := ReadFile(t.TempDir(), FormatAuto); err == nil || !strings.Contains(err.Error(), "is a directory") {
		t.Errorf("reading a directory: %v", err)
	}
	if _, err := ReadFile(filepath.Join(t.TempDir(), "missing.txt"), FormatAuto); err == nil ||
		!strings.Contains(err.Error(), "missing.txt") || errors.Is(err, ErrSkipped) {
		t.Errorf("missing file: %v (want an I/O error naming it, not a skip)", err)
	}
}

func TestReadUTF16(t *testing.T) {
	text := "Tiêu đề\nNội dung bài viết."
	var le, be []byte
	le = append(le, 0xFF, 0xFE)
	be = append(be, 0xFE, 0xFF)
	for _, r := range text { // all in the BMP
		le = append(le, byte(r), byte(r>>8))
		be = append(be, byte(r>>8), byte(r))
	}
	for name, in := range map[string][]byte{"le.txt": le, "be.txt": be} {
		docs, err := Read(name, bytes.NewReader(in), FormatAuto)
		if err != nil || docs[0].Text != text || docs[0].Title != "Tiêu đề" {
			t.Errorf("%s: %+v, %v", name, docs, err)
		}
	}
}

func TestReadMarkdownInline(t *testing.T) {
	tests := []struct{ in, want string }{
		{"**Bold** and __strong__ and *em* and _em_", "Bold and strong and em and em"},
		{"~~struck~~ but ~single~", "struck but ~single~"},
		{"See [the decree](http://x.org/a_(b)) and [ref][1].", "See the decree and ref."},
		{"An ![image](a.png) here", "An here"},
		{"Code `x := 1` inline", "Code x := 1 inline"},
		{`Escaped \*stars\* and \_under\_`, "Escaped *stars* and _under_"},
		{"<span class=\"x\">Tagged</span> text and a < b", "Tagged text and a < b"},
		{"Link <https://example.org/a>", "Link https://example.org/a"},
		{"snake_case stays, 5 * 3 stays", "snake_case stays, 5 * 3 stays"},
		{"Nghị quyết **số 12-NQ/TW** của _Bộ Chính trị_", "Nghị quyết số 12-NQ/TW của Bộ Chính trị"},
	}
	for _, tt := range tests {
		if got := strings.Join(strings.Fields(inlineMarkdown(tt.in)), " "); got != tt.want {
			t.Errorf("inlineMarkdown(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestReadMarkdownBlocks(t *testing.T) {
	tests := []struct{ name, in, want, title string }{
		{"atx closing hashes", "## Heading ##\nText.", "Heading\n\nText.", "Heading"},
		{"soft wrap joins", "One line\nwraps here.\n\nNew para.", "One line wraps here.\n\nNew para.", "x"},
		{"hard break", "Line one  \nLine two\\\nLine three", "Line one\nLine two\nLine three", "Line one"},
		{"ordered list", "1. First\n2) Second\n\nAfter.", "First\nSecond\n\nAfter.", "First"},
		{"year is no list", "2021. A year opening a line.", "2021. A year opening a line.", "x"},
		{"table", "| A | B |\n|---|:-:|\n| 1 | 2 |", "A B\n1 2", "A B"},
		{"tilde fence", "~~~\ncode\n~~~\nText.", "Text.", "x"},
		{"unclosed fence drops the rest", "Text.\n```\ncode", "Text.", "x"},
		{"reference definition", "Text [a][r].\n\n[r]: https://x.org", "Text a.", "x"},
		{"multi-line comment", "A <!-- one\ntwo --> B", "A  B", "A B"},
		{"nested quote", "> > deep\n> quote", "deep quote", "deep quote"},
		{"rule", "Above\n\n***\n\nBelow", "Above\n\nBelow", "Above"},
		{"no front matter close", "---\ntitle: x\nBody", "title: x Body", "title: x Body"},
	}
	for _, tt := range tests {
		docs, err := Read("x.md", strings.NewReader(tt.in), FormatAuto)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		want := normalizeText(tt.want)
		if docs[0].Text != want || docs[0].Title != tt.title {
			t.Errorf("%s: text %q title %q\nwant %q title %q", tt.name, docs[0].Text, docs[0].Title, want, tt.title)
		}
	}
}

// TestReadCorpus reads the shared corpus when it is there: every file gives
// one clean document, and a file named after its date (YYYY-MM-DD_...) has
// that date found in its dateline.
func TestReadCorpus(t *testing.T) {
	dir := filepath.Join("..", "..", "shared", "corpus")
	if _, err := os.Stat(dir); err != nil {
		if os.Getenv("GOVKG_REQUIRE_ALL") == "1" {
			t.Fatalf("shared corpus required: %v", err)
		}
		t.Skip("shared corpus not found at ../shared/corpus")
	}
	files, err := Walk([]string{dir})
	if err != nil || len(files) == 0 {
		t.Fatalf("Walk(%s) = %d files, %v", dir, len(files), err)
	}
	for _, path := range files {
		docs, err := ReadFile(path, FormatAuto)
		if err != nil || len(docs) != 1 {
			t.Errorf("%s: %d documents, %v", path, len(docs), err)
			continue
		}
		d := docs[0]
		checkClean(t, d.Text)
		if d.Title == "" {
			t.Errorf("%s: no title", path)
		}
		base := filepath.Base(path)
		if iso, ok := ParseDate(strings.SplitN(base, "_", 2)[0]); ok && d.Date != iso {
			t.Errorf("%s: date %q, want %q from the file name", path, d.Date, iso)
		}
	}
}
