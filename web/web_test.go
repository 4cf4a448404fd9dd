package web

import (
	"bufio"
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestVendoredFilesMatchVersions checks every vendored file against the
// digest that vendor/VERSIONS records for it, and that each package ships
// its licence.
func TestVendoredFilesMatchVersions(t *testing.T) {
	assets := Assets()
	f, err := assets.Open("vendor/VERSIONS")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	licensed := map[string]bool{}
	packages := map[string]bool{}
	listed := map[string]bool{}
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		fields := strings.Fields(sc.Text())
		if len(fields) == 0 || strings.HasPrefix(fields[0], "#") {
			continue
		}
		if len(fields) != 5 {
			t.Fatalf("VERSIONS line %d: want package, version, source, file, sha256: %q", line, sc.Text())
		}
		pkg, dest, want := fields[0], fields[3], fields[4]
		packages[pkg] = true
		listed["vendor/"+dest] = true
		data, err := fs.ReadFile(assets, "vendor/"+dest)
		if err != nil {
			t.Errorf("VERSIONS lists vendor/%s: %v", dest, err)
			continue
		}
		sum := sha256.Sum256(data)
		if got := hex.EncodeToString(sum[:]); got != want {
			t.Errorf("vendor/%s: sha256 %s, VERSIONS says %s", dest, got, want)
		}
		if strings.HasSuffix(dest, "/LICENSE") {
			licensed[pkg] = true
		}
	}
	for _, pkg := range []string{"graphiql", "react", "react-dom", "cytoscape"} {
		if !packages[pkg] {
			t.Errorf("VERSIONS does not list %s", pkg)
		}
		if !licensed[pkg] {
			t.Errorf("%s has no LICENSE in vendor/", pkg)
		}
	}
	// Every vendored file is accounted for.
	err = fs.WalkDir(assets, "vendor", func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && path != "vendor/VERSIONS" && !listed[path] {
			t.Errorf("%s is not listed in VERSIONS", path)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
}

// TestPlaygroundIsSelfContained checks that the playground page names only
// embedded files, and that its own files point at no other host.
func TestPlaygroundIsSelfContained(t *testing.T) {
	assets := Assets()
	page, err := fs.ReadFile(assets, "playground/index.html")
	if err != nil {
		t.Fatal(err)
	}
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(string(page), -1)
	if len(refs) == 0 {
		t.Fatal("the playground names no scripts or styles")
	}
	for _, m := range refs {
		if _, err := fs.Stat(assets, m[1]); err != nil {
			t.Errorf("the playground names %s, which is not embedded: %v", m[1], err)
		}
	}
	url := regexp.MustCompile(`(?i)\b(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}`)
	err = fs.WalkDir(assets, "playground", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := fs.ReadFile(assets, path)
		if err != nil {
			return err
		}
		if m := url.Find(data); m != nil {
			t.Errorf("%s points at another host: %s", path, m)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
