package bench

import (
	"bytes"
	"context"
	"fmt"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/govkg/govkg/graph"
)

// TestMain lets the test binary act as the govkg load child, as the
// benchmark command does.
func TestMain(m *testing.M) {
	if len(os.Args) > 1 && os.Args[1] == ChildCommand {
		if err := ChildMain(os.Args[2:], os.Stdout); err != nil {
			fmt.Fprintln(os.Stderr, err)
			os.Exit(1)
		}
		os.Exit(0)
	}
	os.Exit(m.Run())
}

func ms(ns ...int) []time.Duration {
	out := make([]time.Duration, len(ns))
	for i, n := range ns {
		out[i] = time.Duration(n) * time.Millisecond
	}
	return out
}

func TestPercentile(t *testing.T) {
	hundred := make([]int, 100)
	for i := range hundred {
		hundred[i] = 100 - i // descending, so the function must sort
	}
	tests := []struct {
		name string
		ds   []time.Duration
		p    float64
		want time.Duration
	}{
		{"empty", nil, 50, 0},
		{"one value", ms(7), 99, 7 * time.Millisecond},
		{"median of 1..100", ms(hundred...), 50, 50 * time.Millisecond},
		{"p99 of 1..100", ms(hundred...), 99, 99 * time.Millisecond},
		{"p100 is the max", ms(hundred...), 100, 100 * time.Millisecond},
		{"tiny p is the min", ms(hundred...), 0.1, 1 * time.Millisecond},
		{"median of four rounds up the rank", ms(4, 1, 3, 2), 50, 2 * time.Millisecond},
		{"p99 of ten is the max", ms(1, 2, 3, 4, 5, 6, 7, 8, 9, 10), 99, 10 * time.Millisecond},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			in := append([]time.Duration(nil), tc.ds...)
			if got := Percentile(tc.ds, tc.p); got != tc.want {
				t.Errorf("Percentile(%v, %v) = %v, want %v", tc.ds, tc.p, got, tc.want)
			}
			for i := range in {
				if in[i] != tc.ds[i] {
					t.Fatalf("Percentile reordered its input")
				}
			}
		})
	}
}

func TestAgreement(t *testing.T) {
	ref := QuestionResult{Answers: []int{1, 2, 3, answerFailed, 5}}
	r := QuestionResult{Answers: []int{1, 9, 3, 4, answerFailed}}
	both, agree := Agreement(r, ref)
	if both != 3 || agree != 2 {
		t.Errorf("Agreement = %d/%d, want 2/3", agree, both)
	}
}

func TestReplaceSection(t *testing.T) {
	sec := SectionHeading + "\n\nnew body\n"
	tests := []struct {
		name, doc, want string
	}{
		{"empty document", "", sec},
		{"appended when absent", "# Benchmarks\n\n## Triple store (graph/)\n\ntheirs\n",
			"# Benchmarks\n\n## Triple store (graph/)\n\ntheirs\n\n" + sec},
		{"appended without final newline", "# B\ntheirs", "# B\ntheirs\n\n" + sec},
		{"replaced at the end", "# B\n\n" + SectionHeading + "\n\nold\nlines\n",
			"# B\n\n" + sec},
		{"replaced in the middle, the next section kept", "# B\n\n" + SectionHeading + "\n\nold\n\n## Triple store (graph/)\n\ntheirs\n### sub\n",
			"# B\n\n" + sec + "\n## Triple store (graph/)\n\ntheirs\n### sub\n"},
		{"a level-3 heading inside is replaced too", "# B\n\n" + SectionHeading + "\n\n### 100k\nold\n",
			"# B\n\n" + sec},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := ReplaceSection(tc.doc, SectionHeading, sec); got != tc.want {
				t.Errorf("ReplaceSection:\n got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestUpdateFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "BENCHMARKS.md")
	theirs := "# Benchmarks\n\n## Triple store (graph/)\n\nkept as is\n"
	if err := os.WriteFile(path, []byte(theirs), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, body := range []string{"first", "second"} {
		if err := UpdateFile(path, SectionHeading+"\n\n"+body+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	got, _ := os.ReadFile(path)
	if want := theirs + "\n" + SectionHeading + "\n\nsecond\n"; string(got) != want {
		t.Errorf("file:\n%s\nwant:\n%s", got, want)
	}
}

func TestFilterQuads(t *testing.T) {
	e := "<https://govkg.org/id/a>"
	o := "<https://govkg.org/id/b>"
	p := "<https://govkg.org/ontology#implements>"
	s1 := "<https://govkg.org/source/1>"
	s2 := "<https://govkg.org/source/2>"
	meta := "<https://govkg.org/graph/meta>"
	in := strings.Join([]string{
		s1 + " <http://purl.org/dc/terms/title> \"T\" " + meta + " .",
		e + " <http://www.w3.org/2000/01/rdf-schema#label> \"a label with <angle> and spaces\" .",
		e + " " + p + " " + o + " " + s1 + " .",
		"<https://govkg.org/assertion/x> <http://www.w3.org/1999/02/22-rdf-syntax-ns#subject> " + e + " " + meta + " .",
		e + " " + p + " " + o + " " + s2 + " .",
		e + " <https://govkg.org/ontology#issued_on> \"2020-01-02\"^^<http://www.w3.org/2001/XMLSchema#date> " + s2 + " .",
		// The same triple again from a third source, after others.
		e + " " + p + " " + o + " <https://govkg.org/source/3> .",
	}, "\n") + "\n"
	want := strings.Join([]string{
		e + " <http://www.w3.org/2000/01/rdf-schema#label> \"a label with <angle> and spaces\" .",
		e + " " + p + " " + o + " .",
		e + " <https://govkg.org/ontology#issued_on> \"2020-01-02\"^^<http://www.w3.org/2001/XMLSchema#date> .",
	}, "\n") + "\n"
	var out bytes.Buffer
	if err := filterQuads(strings.NewReader(in), &out); err != nil {
		t.Fatal(err)
	}
	if out.String() != want {
		t.Errorf("filterQuads:\n got %q\nwant %q", out.String(), want)
	}
}

// adjacency is a small undirected graph for the client-side searches.
type adjacency map[graph.ID][]graph.ID

func node(i int) graph.ID { return graph.NewID(fmt.Sprint("node:", i)) }

// undirected builds an adjacency from edges between numbered nodes.
func undirected(edges ...[2]int) adjacency {
	a := adjacency{}
	for _, e := range edges {
		a[node(e[0])] = append(a[node(e[0])], node(e[1]))
		a[node(e[1])] = append(a[node(e[1])], node(e[0]))
	}
	return a
}

func (a adjacency) step(calls *int) func(context.Context, []graph.ID) (map[graph.ID][]graph.ID, error) {
	return func(_ context.Context, ids []graph.ID) (map[graph.ID][]graph.ID, error) {
		*calls++
		out := map[graph.ID][]graph.ID{}
		for _, id := range ids {
			out[id] = a[id]
		}
		return out, nil
	}
}

func TestClientSearches(t *testing.T) {
	// 0-1-2-3-4-5 in a line, a shortcut 0-6-4, a triangle 7-8-9 apart.
	g := undirected([2]int{0, 1}, [2]int{1, 2}, [2]int{2, 3}, [2]int{3, 4}, [2]int{4, 5},
		[2]int{0, 6}, [2]int{6, 4}, [2]int{7, 8}, [2]int{8, 9}, [2]int{9, 7})
	paths := []struct {
		from, to, max, want int
	}{
		{0, 0, 4, 0},
		{0, 1, 4, 1},
		{0, 4, 4, 2},  // through the shortcut
		{0, 5, 4, 3},  // 0-6-4-5
		{0, 5, 2, -1}, // too far for the bound
		{1, 5, 4, 4},  // 1-0-6-4-5 and 1-2-3-4-5 are both 4
		{0, 7, 4, -1}, // apart
		{7, 9, 4, 1},
	}
	for _, tc := range paths {
		calls := 0
		got, err := bidiBFS(context.Background(), node(tc.from), node(tc.to), tc.max, g.step(&calls))
		if err != nil || got != tc.want {
			t.Errorf("bidiBFS(%d→%d, max %d) = %d, %v; want %d", tc.from, tc.to, tc.max, got, err, tc.want)
		}
	}
	counts := []struct {
		start, depth, limit, want int
	}{
		{0, 1, 100, 3}, // 0, 1, 6
		{0, 2, 100, 5}, // + 2, 4
		{0, 3, 100, 7}, // + 3, 5
		{0, 3, 4, 4},   // capped
		{7, 3, 100, 3},
	}
	for _, tc := range counts {
		calls := 0
		got, err := bfsCount(context.Background(), node(tc.start), tc.depth, tc.limit, g.step(&calls))
		if err != nil || got != tc.want {
			t.Errorf("bfsCount(%d, depth %d, limit %d) = %d, %v; want %d", tc.start, tc.depth, tc.limit, got, err, tc.want)
		}
		if calls > tc.depth {
			t.Errorf("bfsCount(%d, depth %d) asked %d times, want one query per level", tc.start, tc.depth, calls)
		}
	}
}

func TestWritePlot(t *testing.T) {
	res := &Result{Sizes: []SizeResult{
		{Triples: 100000, Systems: []SystemResult{
			{Name: SysGovkg, Questions: []QuestionResult{{Question: QOut, Latencies: ms(1, 2, 3)}}},
			{Name: SysPostgres, Questions: []QuestionResult{{Question: QOut, Latencies: ms(5, 6)}}},
		}},
		{Triples: 1000000, Systems: []SystemResult{
			{Name: SysGovkg, Questions: []QuestionResult{{Question: QOut, Latencies: ms(2, 3, 4)}}},
			{Name: SysPostgres, Skipped: "not installed"},
		}},
	}}
	panels := PanelsOf(res)
	if len(panels) != len(Questions()) {
		t.Fatalf("%d panels, want one per question (%d)", len(panels), len(Questions()))
	}
	if s := panels[0].Series; len(s) != 2 || len(s[0].Points) != 2 || len(s[1].Points) != 1 {
		t.Fatalf("out-edges panel series = %+v, want govkg at two sizes and postgres at one", s)
	}
	if len(panels[1].Series) != 0 {
		t.Errorf("in-edges panel has series %+v, want none (nothing measured)", panels[1].Series)
	}
	var buf bytes.Buffer
	if err := WritePlot(&buf, "test plot", panels); err != nil {
		t.Fatal(err)
	}
	img, err := png.Decode(&buf)
	if err != nil {
		t.Fatalf("the plot is not a PNG: %v", err)
	}
	found := map[string]bool{}
	b := img.Bounds()
	// Look only inside the first panel's plot area, not the legend.
	for y := titleH + 36; y < titleH+panelH-46; y++ {
		for x := 86; x < panelW-20; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			for name, c := range palette {
				if uint8(r>>8) == c.R && uint8(g>>8) == c.G && uint8(bl>>8) == c.B {
					found[name] = true
				}
			}
		}
	}
	if !found[SysGovkg] || !found[SysPostgres] || found[SysCayley] {
		t.Errorf("colours drawn in the first panel = %v, want govkg and postgres only (image %v)", found, b)
	}
}

func TestFormatting(t *testing.T) {
	tests := []struct{ got, want string }{
		{groupDigits(0), "0"},
		{groupDigits(999), "999"},
		{groupDigits(1000), "1,000"},
		{groupDigits(10000000), "10,000,000"},
		{groupDigits(-12345), "-12,345"},
		{ratio(3, 2), "1.50×"},
		{ratio(250, 2), "125×"},
		{ratio(1, 0), "–"},
		{FormatDuration(1500 * time.Nanosecond), "1.5 µs"},
		{FormatDuration(25 * time.Millisecond), "25 ms"},
		{FormatDuration(0), "–"},
		{FormatBytes(512), "512 B"},
		{FormatBytes(3 << 20), "3.0 MiB"},
		{latencyLabel(-3), "1MS"},
		{latencyLabel(-5), "10US"},
		{sizeLabel(5), "100K"},
		{sizeLabel(7), "10M"},
	}
	for _, tc := range tests {
		if tc.got != tc.want {
			t.Errorf("got %q, want %q", tc.got, tc.want)
		}
	}
}
