package main

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// govkg runs the command in-process and returns its exit code and output.
func govkg(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(context.Background(), args, strings.NewReader(stdin), &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageAndHelp(t *testing.T) {
	data := t.TempDir()
	tests := []struct {
		name     string
		args     []string
		code     int
		contains string
	}{
		{"help", []string{"--help"}, exitOK, "Usage:"},
		{"unknown command", []string{"frobnicate"}, exitFailure, "unknown command"},
		{"unknown flag", []string{"stats", "--frob", "--data", data}, exitUsage, "unknown flag"},
		{"stats takes no args", []string{"stats", "x", "--data", data}, exitUsage, "unknown command"},
		{"backup needs --out", []string{"backup", "--data", data}, exitUsage, "--out FILE is required"},
		{"restore needs --in", []string{"restore", "--data", data}, exitUsage, "--in FILE is required"},
		{"bad log level", []string{"stats", "--log-level", "loud", "--data", data}, exitUsage, "--log-level"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errs := govkg(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d (stderr %q)", code, tt.code, errs)
			}
			if !strings.Contains(out+errs, tt.contains) {
				t.Errorf("output %q does not contain %q", out+errs, tt.contains)
			}
		})
	}
}

func TestEverySubcommandHasHelp(t *testing.T) {
	root := (&app{}).rootCommand()
	for _, c := range root.Commands() {
		if c.Name() == "help" || c.Name() == "completion" {
			continue
		}
		want := c.Short
		if c.Long != "" {
			want, _, _ = strings.Cut(c.Long, "\n")
		}
		code, out, _ := govkg(t, "", c.Name(), "--help")
		if code != exitOK || !strings.Contains(out, want) || !strings.Contains(out, "Usage:") {
			t.Errorf("%s --help: exit %d, output lacks its description", c.Name(), code)
		}
	}
}

func TestStoreCommands(t *testing.T) {
	data := filepath.Join(t.TempDir(), "store")
	if code, out, errs := govkg(t, "", "stats", "--data", data); code != exitOK {
		// A read-only open of a store that does not exist yet must fail
		// clearly rather than create it.
		if !strings.Contains(errs, data) {
			t.Fatalf("stats on a missing store: exit %d, stderr %q does not name the dir (out %q)", code, errs, out)
		}
	}
	seedStore(t, data)
	code, out, errs := govkg(t, "", "stats", "--data", data)
	if code != exitOK || !strings.Contains(out, "triples") {
		t.Fatalf("stats: exit %d, out %q, err %q", code, out, errs)
	}
	code, out, errs = govkg(t, "", "check", "--data", data)
	if code != exitOK || !strings.Contains(out, "0 problems") {
		t.Fatalf("check: exit %d, out %q, err %q", code, out, errs)
	}

	backup := filepath.Join(t.TempDir(), "snap.bak")
	if code, _, errs := govkg(t, "", "backup", "--out", backup, "--data", data); code != exitOK {
		t.Fatalf("backup: exit %d: %s", code, errs)
	}
	if code, _, errs := govkg(t, "", "backup", "--out", backup, "--data", data); code != exitFailure || !strings.Contains(errs, "exists") {
		t.Fatalf("backup over an existing file: exit %d: %s", code, errs)
	}
	restored := filepath.Join(t.TempDir(), "restored")
	if code, _, errs := govkg(t, "", "restore", "--in", backup, "--data", restored); code != exitOK {
		t.Fatalf("restore: exit %d: %s", code, errs)
	}
	_, want, _ := govkg(t, "", "stats", "--data", data)
	_, got, _ := govkg(t, "", "stats", "--data", restored)
	if strip(got) != strip(want) {
		t.Fatalf("restored stats differ:\n%s\nwant\n%s", got, want)
	}
	if code, _, errs := govkg(t, "", "restore", "--in", backup, "--data", restored); code == exitOK {
		t.Fatalf("restore into a non-empty store succeeded: %s", errs)
	}
}

// strip drops the first line of stats output (it names the directory).
func strip(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[i+1:]
	}
	return s
}

func TestCheckReportsCorruption(t *testing.T) {
	data := filepath.Join(t.TempDir(), "store")
	seedStore(t, data)
	// Garbage in place of Badger's manifest: the open must fail with a
	// message naming the directory, not a panic.
	if err := os.WriteFile(filepath.Join(data, "MANIFEST"), []byte("not a manifest"), 0o600); err != nil {
		t.Fatal(err)
	}
	code, _, errs := govkg(t, "", "check", "--data", data)
	if code == exitOK || !strings.Contains(errs, data) {
		t.Fatalf("check on a corrupt store: exit %d, stderr %q", code, errs)
	}
}
