package ingest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestWalk(t *testing.T) {
	dir := t.TempDir()
	files := []string{
		"b.txt", "a.md", "sub/c.html", "sub/deeper/d.jsonl", "sub-x/e.txt",
		".hidden.txt", ".git/config", "sub/.cache/f.txt", "sub/deeper/.g.txt",
	}
	for _, f := range files {
		path := filepath.Join(dir, f)
		if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte("text"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.Symlink(filepath.Join(dir, "b.txt"), filepath.Join(dir, "link.txt")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "sub"), filepath.Join(dir, "linkdir")); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(dir, "missing"), filepath.Join(dir, "broken.txt")); err != nil {
		t.Fatal(err)
	}
	j := func(names ...string) []string {
		var out []string
		for _, n := range names {
			if n == "-" {
				out = append(out, n)
				continue
			}
			out = append(out, filepath.Join(dir, n))
		}
		return out
	}
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{"a directory, sorted, hidden passed over",
			j(""), j("a.md", "b.txt", "link.txt", "sub-x/e.txt", "sub/c.html", "sub/deeper/d.jsonl")},
		{"files in the order given, stdin kept",
			j("sub/c.html", "-", "a.md"), j("sub/c.html", "-", "a.md")},
		{"a hidden file named is read",
			j(".hidden.txt"), j(".hidden.txt")},
		{"a hidden directory named is walked",
			j(".git"), j(".git/config")},
		{"each file once",
			append(j("a.md", "sub"), filepath.Join(dir, "sub", "..", "a.md"), "-", "-"),
			j("a.md", "sub/c.html", "sub/deeper/d.jsonl", "-")},
		{"nothing", nil, nil},
	}
	for _, tt := range tests {
		got, err := Walk(tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.name, err)
			continue
		}
		if !reflect.DeepEqual(got, tt.want) {
			t.Errorf("%s:\n got %q\nwant %q", tt.name, got, tt.want)
		}
	}
	// Stable: the same answer twice.
	a, _ := Walk(j(""))
	b, _ := Walk(j(""))
	if !reflect.DeepEqual(a, b) {
		t.Error("Walk is not stable")
	}
}

func TestWalkErrors(t *testing.T) {
	dir := t.TempDir()
	missing := filepath.Join(dir, "nope.txt")
	if _, err := Walk([]string{missing}); err == nil || !strings.Contains(err.Error(), missing) {
		t.Errorf("missing path: %v, want an error naming it", err)
	}
	if os.Geteuid() == 0 {
		t.Log("unreadable directory case not run: root reads everything")
		return
	}
	locked := filepath.Join(dir, "locked")
	if err := os.Mkdir(locked, 0o000); err != nil {
		t.Fatal(err)
	}
	defer os.Chmod(locked, 0o700)
	if _, err := Walk([]string{dir}); err == nil || !strings.Contains(err.Error(), locked) {
		t.Errorf("unreadable directory: %v, want an error naming it", err)
	}
}
