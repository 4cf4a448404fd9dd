package ingest

import (
	"context"
	"os"
	"strings"
	"testing"
)

// TestPathological reads inputs no article looks like: a 10 MB line, the
// same tokens repeated, capitals without end. It checks extraction ends
// with a sound result; BenchmarkPathological shows the time is linear.
// The 50 MB text runs with GOVKG_SLOW=1.
func TestPathological(t *testing.T) {
	x := NewExtractor(nil)
	for _, c := range pathologicalInputs() {
		t.Run(c.name, func(t *testing.T) {
			size := 2 << 20
			if c.name == "one-line" {
				size = 10 << 20 // a 10 MB line
			}
			text := c.make(size)
			e, err := x.Extract(context.Background(), Document{Path: c.name, Text: text})
			if err != nil {
				t.Fatal(err)
			}
			checkExtraction(t, c.name, text, e)
		})
	}
	t.Run("50MB", func(t *testing.T) {
		if os.Getenv("GOVKG_SLOW") != "1" {
			t.Skip("skipping the 50 MB text: set GOVKG_SLOW=1 to run it")
		}
		var b strings.Builder
		g := newArticleGen(7)
		for b.Len() < 50<<20 {
			b.WriteString(g.article())
			b.WriteString("\n\n")
		}
		text := b.String()
		e, err := x.Extract(context.Background(), Document{Path: "50MB", Text: text})
		if err != nil {
			t.Fatal(err)
		}
		checkExtraction(t, "50MB", text, e)
		if !e.Truncated {
			t.Logf("50 MB read whole: %d entities, %d assertions", len(e.Entities), len(e.Assertions))
		}
	})
}
