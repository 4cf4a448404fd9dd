package bench

import (
	"fmt"
	"os"
	"strings"
	"time"
)

// SectionHeading is the heading of the part of BENCHMARKS.md this
// package writes; the rest of the file belongs to others.
const SectionHeading = "## Comparison with other systems"

// Markdown renders the result as the body of the comparison section.
func (r *Result) Markdown() string {
	var b strings.Builder
	p := func(format string, a ...any) { fmt.Fprintf(&b, format, a...) }
	p("%s\n\n", SectionHeading)
	p("Measured by `bench` (package `github.com/govkg/govkg/bench`) on %s, in one run: the same generated graph (graph/gen, seed %d), the same questions with the same starting points (drawn with the same seed), on the same machine, one system after another.\n\n",
		r.Started.UTC().Format("2006-01-02 15:04 UTC"), r.Config.Seed)
	m := r.Machine
	p("- Machine: %s, %d cores, %s RAM, %s, %s; load average at the start %s (other work on the machine makes the figures noisier).\n",
		orUnknown(m.CPU), m.Cores, FormatBytes(m.Memory), orUnknown(m.Kernel), m.Go, orUnknown(m.Load))
	p("- Command: `%s`. The full run (100k, 1M and 10M triples) is `go run ./bench/cmd/govkg-bench -full`.\n", r.Config.Command)
	p("- Per question: %d warm-up queries, then the %d measured queries once unmeasured (so that every system answers them from warm caches: govkg, govkg-http and badger-raw share one store's), then the %d measured queries, one at a time, %s time limit each, at most %s of warm-up and again of measured queries per question and system (queries past that are not asked, and the table says so); throughput: %d concurrent clients for %s, each asking the five questions in turn over the system's network API.\n",
		r.Config.Warmup, r.Config.Queries, r.Config.Queries, r.Config.Timeout, r.Config.Budget, r.Config.Clients, r.Config.Duration)
	p("- Versions: %s.\n\n", r.versionList())
	p("Questions: (1) the out-edges of a node (entity and literal objects); (2) its in-edges; (3) the nodes within %d hops either way, at most %d (nearest first); (4) a shortest path either way of at most %d hops between two nodes a random walk of %d steps joined; (5) the resolutions a programme implements, transitively. Latencies are per query, client side; p50 and p99 by nearest rank. Ratios are to govkg: to `govkg-http` (the GraphQL API) for systems asked over a network, to `govkg` (in-process calls) for in-process ones. \"Agree\" counts the queries whose answer size (edges, nodes, hops, resolutions) equals govkg's.\n\n",
		NeighbourhoodDepth, NeighbourhoodCap, PathMaxDepth, walkHops)
	for i, s := range r.Sizes {
		p("### %s triples (%s entities; requested %s)\n\n", groupDigits(s.Triples), groupDigits(s.Entities), groupDigits(r.Config.Sizes[i]))
		writeLoad(&b, s)
		writeLatency(&b, s)
		writeThroughput(&b, s)
	}
	if r.Config.PlotRelPath != "" {
		p("![p50 latency against graph size, per question and system](%s)\n\n", r.Config.PlotRelPath)
	}
	p("Notes and set-up:\n\n")
	seen := map[string]bool{}
	for _, s := range r.Sizes {
		for _, sys := range s.Systems {
			if sys.Skipped != "" && !seen["skip "+sys.Name] {
				seen["skip "+sys.Name] = true
				p("- **%s skipped**: %s\n", sys.Name, sys.Skipped)
			}
			for _, n := range sys.Notes {
				if !seen[n] {
					seen[n] = true
					p("- %s\n", n)
				}
			}
		}
	}
	p("\n")
	return b.String()
}

func (r *Result) versionList() string {
	var vs []string
	for _, name := range SystemNames() {
		if v, ok := r.Versions[name]; ok {
			vs = append(vs, fmt.Sprintf("%s: %s", name, v))
		}
	}
	if len(vs) == 0 {
		return "none ran"
	}
	return strings.Join(vs, "; ")
}

func writeLoad(b *strings.Builder, s SizeResult) {
	ref := s.find(SysGovkg)
	fmt.Fprintf(b, "Load:\n\n| system | load time | triples/s | disk | peak RSS | time ×govkg | disk ×govkg | RSS ×govkg |\n|---|---:|---:|---:|---:|---:|---:|---:|\n")
	for _, sys := range s.Systems {
		if sys.Skipped != "" || !sys.Load.Measured || (sys.Name == SysGovkgHTTP) {
			continue
		}
		l := sys.Load
		row := fmt.Sprintf("| %s | %s | %s | %s | %s |", sys.Name, FormatDuration(l.Duration),
			groupDigits(int(l.TriplesPerSecond())), FormatBytes(l.DiskBytes), FormatBytes(l.PeakRSS))
		if ref != nil && ref.Load.Measured {
			row += fmt.Sprintf(" %s | %s | %s |", ratio(float64(l.Duration), float64(ref.Load.Duration)),
				ratio(float64(l.DiskBytes), float64(ref.Load.DiskBytes)), ratio(float64(l.PeakRSS), float64(ref.Load.PeakRSS)))
		} else {
			row += " – | – | – |"
		}
		fmt.Fprintln(b, row)
	}
	fmt.Fprintln(b)
}

func writeLatency(b *strings.Builder, s SizeResult) {
	fmt.Fprintf(b, "Latency:\n\n| question | system | p50 | p99 | p50 ×govkg | p99 ×govkg | answered | agree |\n|---|---|---:|---:|---:|---:|---:|---:|\n")
	for qi, q := range Questions() {
		for _, sys := range s.Systems {
			if sys.Skipped != "" || qi >= len(sys.Questions) {
				continue
			}
			r := sys.Questions[qi]
			if r.Unsupported {
				fmt.Fprintf(b, "| %s | %s | – | – | – | – | not supported | – |\n", q, sys.Name)
				continue
			}
			refName := SysGovkg
			if sys.Name != SysGovkg && sys.Name != SysBadger && s.find(SysGovkgHTTP) != nil {
				refName = SysGovkgHTTP
			}
			r50, r99, agree := "–", "–", "–"
			if ref := s.find(refName); ref != nil && qi < len(ref.Questions) && !ref.Questions[qi].Unsupported {
				rr := ref.Questions[qi]
				if sys.Name != refName {
					r50 = ratio(float64(r.P(50)), float64(rr.P(50)))
					r99 = ratio(float64(r.P(99)), float64(rr.P(99)))
				}
			}
			if ref := s.find(SysGovkg); ref != nil && qi < len(ref.Questions) && sys.Name != SysGovkg {
				both, ok := Agreement(r, ref.Questions[qi])
				agree = fmt.Sprintf("%d/%d", ok, both)
			}
			answered := fmt.Sprintf("%d/%d", r.Answered(), len(r.Answers)+r.NotAsked)
			if r.Timeouts > 0 {
				answered += fmt.Sprintf(" (%d timed out)", r.Timeouts)
			}
			if r.NotAsked > 0 {
				answered += fmt.Sprintf(" (%d not asked: budget)", r.NotAsked)
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s | %s | %s |\n", q, sys.Name,
				FormatDuration(r.P(50)), FormatDuration(r.P(99)), r50, r99, answered, agree)
		}
	}
	fmt.Fprintln(b)
	for _, sys := range s.Systems {
		for _, r := range sys.Questions {
			if r.FirstError != "" {
				fmt.Fprintf(b, "- %s, %s: %d failed; first error: %.200s\n", sys.Name, r.Question, r.Errors, r.FirstError)
			}
		}
	}
	fmt.Fprintln(b)
}

func writeThroughput(b *strings.Builder, s SizeResult) {
	ref := s.find(SysGovkgHTTP)
	fmt.Fprintf(b, "Throughput (mixed questions, concurrent clients over the network API):\n\n| system | clients | queries/s | ×govkg-http | errors |\n|---|---:|---:|---:|---:|\n")
	for _, sys := range s.Systems {
		t := sys.Throughput
		if sys.Skipped != "" || t.Clients == 0 {
			continue
		}
		x := "–"
		if ref != nil && ref.Throughput.Clients > 0 && sys.Name != SysGovkgHTTP {
			x = ratio(t.PerSecond(), ref.Throughput.PerSecond())
		}
		fmt.Fprintf(b, "| %s | %d | %s | %s | %d |\n", sys.Name, t.Clients, groupDigits(int(t.PerSecond())), x, t.Errors)
	}
	fmt.Fprintln(b)
	for _, sys := range s.Systems {
		if e := sys.Throughput.FirstError; e != "" {
			fmt.Fprintf(b, "- %s, throughput: %d failed; first error: %.200s\n", sys.Name, sys.Throughput.Errors, e)
		}
	}
	fmt.Fprintln(b)
}

// find returns the named system's result, or nil when it did not run.
func (s SizeResult) find(name string) *SystemResult {
	for i := range s.Systems {
		if s.Systems[i].Name == name && s.Systems[i].Skipped == "" {
			return &s.Systems[i]
		}
	}
	return nil
}

// ratio formats a/b as "1.23×", or "–" when either is not positive.
func ratio(a, b float64) string {
	if a <= 0 || b <= 0 {
		return "–"
	}
	x := a / b
	switch {
	case x >= 100:
		return fmt.Sprintf("%.0f×", x)
	case x >= 10:
		return fmt.Sprintf("%.1f×", x)
	}
	return fmt.Sprintf("%.2f×", x)
}

// FormatDuration prints a latency with three significant digits.
func FormatDuration(d time.Duration) string {
	switch {
	case d <= 0:
		return "–"
	case d < time.Millisecond:
		return fmt.Sprintf("%.3g µs", float64(d)/float64(time.Microsecond))
	case d < time.Second:
		return fmt.Sprintf("%.3g ms", float64(d)/float64(time.Millisecond))
	}
	return fmt.Sprintf("%.3g s", d.Seconds())
}

// FormatBytes prints a size in binary units.
func FormatBytes(n int64) string {
	const unit = 1024
	if n < unit {
		return fmt.Sprintf("%d B", n)
	}
	div, exp := int64(unit), 0
	for m := n / unit; m >= unit; m /= unit {
		div *= unit
		exp++
	}
	return fmt.Sprintf("%.1f %ciB", float64(n)/float64(div), "KMGTPE"[exp])
}

// groupDigits prints n with thousands separated by commas.
func groupDigits(n int) string {
	s := fmt.Sprint(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var parts []string
	for len(s) > 3 {
		parts = append([]string{s[len(s)-3:]}, parts...)
		s = s[:len(s)-3]
	}
	parts = append([]string{s}, parts...)
	out := strings.Join(parts, ",")
	if neg {
		out = "-" + out
	}
	return out
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}

// ReplaceSection returns doc with the level-2 section that starts with
// heading replaced by section (which starts with the heading itself), up
// to the next level-2 heading or the end; when doc has no such section,
// section is appended. Other sections are kept byte for byte.
func ReplaceSection(doc, heading, section string) string {
	section = strings.TrimRight(section, "\n") + "\n"
	lines := strings.SplitAfter(doc, "\n")
	start, end := -1, len(lines)
	for i, l := range lines {
		t := strings.TrimRight(l, "\r\n")
		if start < 0 && t == heading {
			start = i
			continue
		}
		if start >= 0 && strings.HasPrefix(t, "## ") {
			end = i
			break
		}
	}
	if start < 0 {
		if doc == "" {
			return section
		}
		if !strings.HasSuffix(doc, "\n") {
			doc += "\n"
		}
		return doc + "\n" + section
	}
	var b strings.Builder
	for _, l := range lines[:start] {
		b.WriteString(l)
	}
	b.WriteString(section)
	if end < len(lines) {
		b.WriteString("\n")
		for _, l := range lines[end:] {
			b.WriteString(l)
		}
	}
	return b.String()
}

// UpdateFile rewrites the comparison section of the Markdown file at path
// (created when missing), leaving the rest of it alone.
func UpdateFile(path, section string) error {
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return fmt.Errorf("update %s: %w", path, err)
	}
	doc := string(old)
	if doc == "" {
		doc = "# Benchmarks\n"
	}
	if err := os.WriteFile(path, []byte(ReplaceSection(doc, SectionHeading, section)), 0o644); err != nil {
		return fmt.Errorf("update %s: %w", path, err)
	}
	return nil
}
