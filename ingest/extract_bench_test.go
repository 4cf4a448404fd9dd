package ingest

import (
	"context"
	"strings"
	"testing"
	"time"
)

// BenchmarkExtract measures extraction throughput (MB/s of article text)
// on generated articles: one article at a time as ingest does, and one
// long text. BenchmarkTokenize beside it is the floor: reading the text
// once, which every extraction does.
func BenchmarkExtract(b *testing.B) {
	g := newArticleGen(1)
	var arts []Document
	total := 0
	for i := 0; i < 200; i++ {
		a := g.article()
		arts = append(arts, Document{Path: "gen/" + itoa(i+1), Text: a})
		total += len(a)
	}
	ctx := context.Background()
	x := NewExtractor(nil)
	b.Run("articles", func(b *testing.B) {
		b.SetBytes(int64(total))
		cpu := processCPU()
		for b.Loop() {
			for _, d := range arts {
				if _, err := x.Extract(ctx, d); err != nil {
					b.Fatal(err)
				}
			}
		}
		reportCPU(b, cpu, total)
	})
	var long strings.Builder
	for _, d := range arts {
		long.WriteString(d.Text)
		long.WriteString("\n\n")
	}
	doc := Document{Path: "gen/long", Text: long.String()}
	b.Run("long-text", func(b *testing.B) {
		b.SetBytes(int64(len(doc.Text)))
		cpu := processCPU()
		for b.Loop() {
			if _, err := x.Extract(ctx, doc); err != nil {
				b.Fatal(err)
			}
		}
		reportCPU(b, cpu, len(doc.Text))
	})
}

// BenchmarkTokenize is the floor BenchmarkExtract is read against.
func BenchmarkTokenize(b *testing.B) {
	g := newArticleGen(1)
	var s strings.Builder
	for i := 0; i < 200; i++ {
		s.WriteString(g.article())
	}
	text := s.String()
	b.SetBytes(int64(len(text)))
	cpu := processCPU()
	for b.Loop() {
		sentencesOf(tokenize(text))
	}
	reportCPU(b, cpu, len(text))
}

// reportCPU adds the throughput per CPU second (all threads of the
// process, the garbage collector's included) since cpu0: on a machine
// shared with other work, wall-clock MB/s understates what one core does.
func reportCPU(b *testing.B, cpu0 time.Duration, bytes int) {
	used := processCPU() - cpu0
	if used <= 0 || b.N == 0 {
		return
	}
	b.ReportMetric(float64(bytes)*float64(b.N)/used.Seconds()/1e6, "MB/cpu-s")
}

// BenchmarkPathological reads inputs no article looks like, at two sizes:
// throughput that holds from the smaller to the larger shows the work is
// linear in the input.
func BenchmarkPathological(b *testing.B) {
	ctx := context.Background()
	x := NewExtractor(nil)
	for _, c := range pathologicalInputs() {
		for _, size := range []int{1 << 20, 4 << 20} {
			text := c.make(size)
			b.Run(c.name+"/"+itoa(size>>20)+"MB", func(b *testing.B) {
				b.SetBytes(int64(len(text)))
				cpu := processCPU()
				for b.Loop() {
					if _, err := x.Extract(ctx, Document{Path: c.name, Text: text}); err != nil {
						b.Fatal(err)
					}
				}
				reportCPU(b, cpu, len(text))
			})
		}
	}
}

// pathological is an input maker: text of about n bytes.
type pathological struct {
	name string
	make func(n int) string
}

func pathologicalInputs() []pathological {
	repeat := func(unit string, n int, sep string) string {
		var b strings.Builder
		for b.Len() < n {
			b.WriteString(unit)
			b.WriteString(sep)
		}
		return b.String()
	}
	return []pathological{
		// One line with no full stop: words, names, titles and bodies.
		{"one-line", func(n int) string {
			return repeat("the Politburo member General To Lam of the Central Public Security Party Committee and", n, " ")
		}},
		// The same citation over and over, in sentences.
		{"repeated-citation", func(n int) string {
			return repeat("Resolution No. 12 of the Politburo implements Resolution No. 12-NQ/TW dated March 16, 2022.", n, " ")
		}},
		// Capitalised words without end, and one head word after them.
		{"capitals", func(n int) string {
			return repeat("Alpha Beta Gamma Delta Committee", n, " ")
		}},
		// Short names that never resolve, and titles.
		{"short-names", func(n int) string {
			return repeat("Prime Minister Chinh met Minister Lam and Mr. Hung.", n, "\n")
		}},
	}
}
