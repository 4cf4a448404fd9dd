package ingest

import (
	"strings"
	"testing"
)

// A sentence long enough to count as prose, for wrapping tests.
const prose = "The ministry announced the new plan today."

func TestHTMLText(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"entities",
			"<p>&lt;b&gt; &eacute; &#7879; &#x1EC7; &amp;amp; &nbsp;x &unknown; AT&T</p>",
			"<b> é ệ ệ &amp; x &unknown; AT&T"},
		{"whitespace collapses, inline elements join",
			"<p>  one\n\t two <b>bo</b><i>ld</i>   three </p>",
			"one two bold three"},
		{"blocks break, br breaks a line",
			"<div>one</div><div>two<br>three<br/>four</div><h2>five</h2>six",
			"one\n\ntwo\nthree\nfour\n\nfive\n\nsix"},
		{"lists, tables",
			"<ul><li>a</li><li>b</li></ul><table><tr><th>h1</th><th>h2</th></tr><tr><td>c</td><td>d</td></tr></table>",
			"a\nb\n\nh1 h2\nc d"},
		{"unclosed paragraphs",
			"<p>one<p>two<p>three",
			"one\n\ntwo\n\nthree"},
		{"pre keeps lines",
			"<pre>line one\n  line two\n\n\n\nline three</pre><p>after   text</p>",
			"line one\nline two\n\nline three\n\nafter text"},
		{"quoted attribute with markup in it",
			`<p title="a > b <i>x</i>" data-x='it"s'>kept text</p>`,
			"kept text"},
		{"unquoted attributes and odd spacing",
			"<p class=x id = y\n  hidden>kept</p  >",
			"kept"},
		{"script and style with markup inside, any case",
			"<p>before</p><SCRIPT type=text/javascript>if (a<b) document.write('</p><p>bad')</script ><p>mid</p><style>p::before{content:'</style'}</StYlE><p>after</p>",
			"before\n\nmid\n\nafter"},
		{"comments, doctype, processing instructions",
			"<!DOCTYPE html><?xml version=\"1.0\"?><p>a<!-- <p>hidden</p> -->b<!---->c<!-->d</p>",
			"abcd"},
		{"unclosed comment drops the rest",
			"<p>kept</p><!-- never closed <p>gone</p>",
			"kept"},
		{"literal less-than signs",
			"<p>a < b, c<3, 1 <= 2, <> and </ x> end</p>",
			"a < b, c<3, 1 <= 2, <> and end"},
		{"page chrome is dropped",
			"<header>Site <nav>Home News</nav> logo</header><p>kept</p><aside>related</aside><footer>(c) site</footer><form><label>Name</label><textarea>typed</textarea></form>",
			"kept"},
		{"nested chrome of one kind",
			"<nav><nav>inner</nav>still nav</nav><p>kept</p>",
			"kept"},
		{"stray end tags of chrome",
			"</nav></footer><p>kept</p></aside>",
			"kept"},
		{"self-closing svg opens nothing",
			"<svg/><p>kept</p><svg><title>icon</title><text>drawn</text></svg>",
			"kept"},
		{"chrome left open ends with the body",
			"<body><p>kept</p><aside>unclosed</body><p>late</p>",
			"kept\n\nlate"},
		{"plaintext runs to the end",
			"<p>kept</p><plaintext><p>not markup",
			"kept"},
		{"cut off inside a tag",
			"<p>kept</p><a href=\"never closed",
			"kept"},
		{"cut off inside an attribute list",
			"<p>kept</p><div class=x",
			"kept"},
		{"upper case tags",
			"<P>one</P><DIV>two</DIV><NAV>menu</NAV>",
			"one\n\ntwo"},
	}
	for _, tt := range tests {
		p := parseHTML(tt.in)
		if got := normalizeText(p.all.b.String()); got != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
}

func TestHTMLArticleChoice(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"article element wins over the page",
			"<div>Menu text with many many words here</div><article><p>" + prose + "</p></article><div>More page words that are not article</div>",
			prose},
		{"main element",
			"<div>Sidebar words that are many enough</div><main><p>" + prose + "</p></main>",
			prose},
		{"itemprop articleBody with nested divs",
			`<div>Before the body, words words words</div><div itemprop="articleBody"><div><p>` + prose + `</p></div><p>Second part of it.</p></div><div>After the body, words words words</div>`,
			prose + "\n\nSecond part of it."},
		{"empty article falls back to the page",
			"<article><p>Read</p></article><p>" + prose + "</p>",
			"Read\n\n" + prose},
		{"an article of links only falls back to the page",
			`<article><a href="/1">One linked story title here</a></article><p>` + prose + `</p>`,
			"One linked story title here\n\n" + prose},
	}
	for _, tt := range tests {
		docs, err := Read("x.html", strings.NewReader(tt.in), FormatHTML)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if docs[0].Text != tt.want {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, docs[0].Text, tt.want)
		}
	}
}

func TestHTMLNoArticleText(t *testing.T) {
	tests := []string{
		"<html><head><title>A title with words enough</title></head><body></body></html>",
		`<div><a href="/a">Thời sự hôm nay</a> <a href="/b">Kinh tế thế giới</a> <a href="/c">Văn hóa thể thao</a></div>`,
		"<div>Home</div><div>About us</div><div>Contact the team</div>",
		"<nav>" + prose + "</nav><script>var text = 'a sentence in a script';</script>",
	}
	for _, in := range tests {
		docs, err := Read("page.html", strings.NewReader(in), FormatHTML)
		checkSkip(t, docs, err, "page.html: no article text")
	}
}

func TestHTMLMetadata(t *testing.T) {
	body := "<p>" + prose + "</p>"
	tests := []struct {
		name, head, body string
		title, date, url string
	}{
		{"h1 outside chrome first",
			`<title>Page title - Site</title><meta property="og:title" content="OG title">`,
			"<header><h1>Site name</h1></header><h1>Article <em>headline</em></h1>" + body,
			"Article headline", "", ""},
		{"og:title next",
			`<title>Page title - Site</title><meta property="og:title" content="OG &amp; title">`,
			"<header><h1>Site name</h1></header>" + body,
			"OG & title", "", ""},
		{"title next",
			`<title>Page &ndash; title</title>`,
			"<header><h1>Site name</h1></header>" + body,
			"Page – title", "", ""},
		{"h1 in chrome last",
			``, "<header><h1>Site name</h1></header>" + body,
			"Site name", "", ""},
		{"first line of text when nothing else",
			``, "<p>Short heading line</p>" + body,
			"Short heading line", "", ""},
		{"svg title is not the page title",
			``, "<svg><title>icon</title></svg>" + body,
			"x", "", ""},
		{"article:published_time first",
			`<meta name="pubdate" content="2020-01-03"><meta property="article:published_time" content="2020-01-01T08:00:00+07:00">
			<script type="application/ld+json">{"datePublished": "2020-01-02"}</script>`,
			body + `<time datetime="2020-01-04">4 January</time>`,
			"x", "2020-01-01", ""},
		{"itemprop datePublished",
			`<meta name="pubdate" content="2020-01-03"><script type="application/ld+json">{"@type":"NewsArticle", "datePublished" : "2020-01-02T10:00:00Z"}</script>`,
			body + `<span itemprop="datePublished" content="2020-01-05">5/1</span>`,
			"x", "2020-01-05", ""},
		{"JSON-LD",
			`<meta name="pubdate" content="2020-01-03"><script type="application/ld+json">{"@type":"NewsArticle", "datePublished" : "2020-01-02T10:00:00Z"}</script>`,
			body, "x", "2020-01-02", ""},
		{"other meta",
			`<meta name="pubdate" content="Fri, 03 Jan 2020 10:00:00 GMT">`,
			body + `<time datetime="2020-01-04">4 January</time>`,
			"x", "2020-01-03", ""},
		{"time element",
			``, body + `<time datetime="2020-01-04T07:00">4 January</time>`,
			"x", "2020-01-04", ""},
		{"an unreadable meta date gives way",
			`<meta property="article:published_time" content="soon">`, `<time datetime="2020-01-04">x</time>` + body,
			"x", "2020-01-04", ""},
		{"dateline in the text",
			``, "<p>Thứ Hai, 6/1/2020, 09:00</p>" + body,
			"Thứ Hai, 6/1/2020, 09:00", "2020-01-06", ""},
		{"canonical first",
			`<meta property="og:url" content="https://a.example/og"><link rel="alternate canonical" href="https://a.example/c?a=1&amp;b=2">`,
			body, "x", "", "https://a.example/c?a=1&b=2"},
		{"og:url over a relative canonical",
			`<link rel=canonical href="/c"><meta property="og:url" content="https://a.example/og">`,
			body, "x", "", "https://a.example/og"},
		{"a relative canonical alone",
			`<link rel="canonical" href="/c">`,
			body, "x", "", "/c"},
	}
	for _, tt := range tests {
		in := "<html><head>" + tt.head + "</head><body>" + tt.body + "</body></html>"
		docs, err := Read("x.html", strings.NewReader(in), FormatAuto)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		d := docs[0]
		if d.Title != tt.title || d.Date != tt.date || d.URL != tt.url {
			t.Errorf("%s: title, date, url = %q, %q, %q\nwant %q, %q, %q", tt.name, d.Title, d.Date, d.URL, tt.title, tt.date, tt.url)
		}
	}
}

// deepPages are pathological pages built from n repetitions.
var deepPages = []struct {
	name string
	make func(n int) string
	want string
}{
	{"nested divs", func(n int) string {
		return strings.Repeat("<div>", n) + prose + strings.Repeat("</div>", n)
	}, prose},
	{"nested divs never closed", func(n int) string {
		return strings.Repeat("<div><span>", n) + prose
	}, prose},
	{"stray end tags", func(n int) string {
		return strings.Repeat("</div></nav>", n) + prose
	}, prose},
	{"nested chrome", func(n int) string {
		return strings.Repeat("<aside>", n) + "x" + strings.Repeat("</aside>", n) + prose
	}, prose},
	{"nested h1", func(n int) string {
		return strings.Repeat("<h1>", n) + prose + strings.Repeat("</h1>", n)
	}, prose},
	{"many unclosed comments-like", func(n int) string {
		return "<p>" + prose + "</p>" + strings.Repeat("<!", n)
	}, prose},
	{"many raw text elements", func(n int) string {
		return "<p>" + prose + "</p>" + strings.Repeat("<script>x</scrip", n)
	}, prose},
	{"many attributes", func(n int) string {
		return "<p " + strings.Repeat(`a="1" `, n) + ">" + prose + "</p>"
	}, prose},
}

// TestHTMLDeep reads pages of 100,000 levels of nesting and the like: no
// recursion, no quadratic work (BenchmarkHTMLDepth measures the cost).
func TestHTMLDeep(t *testing.T) {
	const n = 100_000
	for _, pg := range deepPages {
		docs, err := Read("deep.html", strings.NewReader(pg.make(n)), FormatHTML)
		if err != nil {
			t.Errorf("%s: %v", pg.name, err)
			continue
		}
		if got := docs[0].Text; got != pg.want {
			if len(got) > 200 {
				got = got[:200] + "…"
			}
			t.Errorf("%s: text %q, want %q", pg.name, got, pg.want)
		}
	}
}

// BenchmarkHTMLDepth reads each pathological page at 10k and 100k
// repetitions, beside a flat page of the same number of paragraphs: time
// per byte should stay flat as n grows tenfold.
func BenchmarkHTMLDepth(b *testing.B) {
	pages := append([]struct {
		name string
		make func(n int) string
		want string
	}{{"flat paragraphs (baseline)", func(n int) string {
		return strings.Repeat("<p>"+prose+"</p>", n/10)
	}, ""}}, deepPages...)
	for _, pg := range pages {
		for _, n := range []int{10_000, 100_000} {
			src := pg.make(n)
			b.Run(pg.name+"/"+itoa(n), func(b *testing.B) {
				b.SetBytes(int64(len(src)))
				for b.Loop() {
					readHTML("bench.html", src)
				}
			})
		}
	}
}
