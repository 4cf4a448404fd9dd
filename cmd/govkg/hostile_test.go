package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/govkg/govkg/ingest"
)

// hostileFile is one input of the hostile matrix and what must become of it.
type hostileFile struct {
	name    string
	content func(path string) error // writes the file
	skipped bool                    // refused (exit 4) rather than stored
	reason  string                  // in the refusal message, after the file's name
	slow    bool                    // big: extract it alone only in the long run
}

// writeRepeated writes size bytes made of unit repeated, after head.
func writeRepeated(path, head, unit string, size int) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	defer f.Close()
	if _, err := f.WriteString(head); err != nil {
		return err
	}
	block := []byte(strings.Repeat(unit, 1<<16/len(unit)+1))
	for n := len(head); n < size; n += len(block) {
		if _, err := f.Write(block[:min(len(block), size-n)]); err != nil {
			return err
		}
	}
	return nil
}

func writeBytes(b []byte) func(string) error {
	return func(path string) error { return os.WriteFile(path, b, 0o600) }
}

// hostileFiles lists the matrix. The big text and the endless line are
// 50 MB and 10 MB in the long run (GOVKG_SOAK=1), 12 MB and 4 MB by
// default, to keep `go test ./...` short.
func hostileFiles() []hostileFile {
	bigMB, lineMB := 12, 4
	if soak() {
		bigMB, lineMB = 50, 10
	}
	sentence := "The Ministry of Justice issued a plan to implement Resolution 27-NQ/TW of the Politburo. "
	rng := rand.New(rand.NewPCG(3, 4))
	random := make([]byte, 64<<10)
	for i := range random {
		random[i] = byte(rng.IntN(256))
	}
	return []hostileFile{
		{name: "invalid-utf8.txt", content: writeBytes([]byte("Ministry plan\n\nThe plan of the Minist\xe8re was issued.\n")),
			skipped: true, reason: "invalid UTF-8 at byte 37"},
		{name: "nul-bytes.txt", content: writeBytes([]byte("Plan\n\nThe Government\x00 issued Decree 13/2023/ND-CP.\x00\n")),
			skipped: true, reason: "binary file"},
		{name: "binary.txt", content: writeBytes(random), skipped: true, reason: "binary file"},
		{name: "empty.txt", content: writeBytes(nil), skipped: true, reason: "empty"},
		{name: "blank.md", content: writeBytes([]byte(" \n\t\n\u00a0\n")), skipped: true, reason: "empty"},
		{name: "over-64MiB.txt", content: func(p string) error {
			return writeRepeated(p, "Too long\n\n", sentence, ingest.MaxFileSize+1)
		}, skipped: true, reason: fmt.Sprintf("too large (%d bytes, limit %d)", ingest.MaxFileSize+1, ingest.MaxFileSize)},
		{name: fmt.Sprintf("%dMB.txt", bigMB), content: func(p string) error {
			return writeRepeated(p, "A very long report\n\n", sentence+"\n\n", bigMB<<20)
		}, slow: true},
		{name: fmt.Sprintf("line-%dMB.txt", lineMB), content: func(p string) error {
			return writeRepeated(p, "One endless line\n\n", sentence, lineMB<<20)
		}, slow: true},
		{name: "deep.html", content: writeBytes([]byte("<html><head><title>Deep page</title></head><body>" +
			strings.Repeat("<div>", 100000) + "<p>" + sentence + "</p>" + strings.Repeat("</div>", 100000) + "</body></html>"))},
		{name: "unclosed.html", content: writeBytes([]byte("<html><body>" + strings.Repeat("<div><span><b>", 50000) + sentence))},
		{name: "script-only.html", content: writeBytes([]byte("<html><body><script>var x = '" + sentence + "';</script></body></html>")),
			skipped: true, reason: "no article text"},
	}
}

// TestHostileInputsCLI runs ingest and extract over inputs that are
// broken, binary, empty, huge, deeply nested or one endless line, beside
// good articles, into a store that already holds data. Each refused input
// gets a message naming it and the reason, the exit code is 4, the good
// files are stored, `check` passes and the earlier data is untouched.
func TestHostileInputsCLI(t *testing.T) {
	data := filepath.Join(t.TempDir(), "store")
	if code, out, errs := govkg(t, "", "ingest", "-q", "--data", data, "testdata/articles"); code != exitOK {
		t.Fatalf("first ingest: exit %d\n%s\n%s", code, out, errs)
	}
	before := sourceStates(t, data)

	dir := t.TempDir()
	files := hostileFiles()
	for _, f := range files {
		if err := f.content(filepath.Join(dir, f.name)); err != nil {
			t.Fatal(err)
		}
	}
	good := writeSynthArticles(t, filepath.Join(dir, "good"), 5, 9)

	code, out, errs := govkg(t, "", "ingest", "-q", "--data", data, dir)
	if code != exitSkipped {
		t.Fatalf("ingest: exit %d, want %d\n%s\n%s", code, exitSkipped, out, errs)
	}
	if len(errs) > 64<<10 {
		t.Errorf("stderr is %d bytes: a refusal echoes its input", len(errs))
	}
	nSkipped := 0
	for _, f := range files {
		path := filepath.Join(dir, f.name)
		msg := "skipped: " + path + ": " + f.reason
		if f.skipped {
			nSkipped++
			if !strings.Contains(errs, msg) {
				t.Errorf("%s: stderr lacks %q:\n%s", f.name, msg, errs)
			}
		} else if strings.Contains(errs, path) {
			t.Errorf("%s was refused: %s", f.name, errs)
		}
	}
	if !strings.Contains(out, fmt.Sprintf("skipped %d", nSkipped)) {
		t.Errorf("summary does not count %d skipped: %s", nSkipped, out)
	}

	if code, out, errs := govkg(t, "", "check", "--data", data); code != exitOK {
		t.Fatalf("check after hostile input: exit %d\n%s\n%s", code, out, errs)
	}
	after := sourceStates(t, data)
	for url, b := range before {
		if after[url] != b {
			t.Errorf("earlier source %s changed: %+v, then %+v", url, b, after[url])
		}
	}
	stored := map[string]bool{}
	for url := range after {
		stored[url] = true
	}
	goods, _ := filepath.Glob(filepath.Join(good, "*.txt"))
	for _, g := range goods {
		if !stored[g] {
			t.Errorf("the good file %s was not stored", g)
		}
	}
	for _, f := range files {
		if path := filepath.Join(dir, f.name); stored[path] == f.skipped {
			t.Errorf("%s: stored %v, want %v", f.name, stored[path], !f.skipped)
		}
	}

	// extract, one file at a time: exit 4 and the reason for a refused
	// file, exit 0 and JSON for the others.
	for _, f := range files {
		if f.slow && !soak() {
			continue // read and extracted by the ingest above already
		}
		t.Run("extract "+f.name, func(t *testing.T) {
			path := filepath.Join(dir, f.name)
			code, out, errs := govkg(t, "", "extract", "--format", "json", path)
			switch {
			case f.skipped && (code != exitSkipped || !strings.Contains(errs, path+": "+f.reason)):
				t.Errorf("exit %d, stderr %.300q", code, errs)
			case !f.skipped && (code != exitOK || !strings.HasPrefix(strings.TrimSpace(out), "{")):
				t.Errorf("exit %d, stderr %.300q, out %.100q", code, errs, out)
			}
			if bytes.ContainsAny([]byte(errs), "\x00") || strings.Contains(errs, "goroutine ") {
				t.Errorf("stderr carries raw input or a stack: %.300q", errs)
			}
		})
	}
}
