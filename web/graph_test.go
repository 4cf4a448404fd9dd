package web

import (
	"io/fs"
	"regexp"
	"strings"
	"testing"
)

// TestGraphPageIsSelfContained checks that the visualiser's page loads
// only embedded files, holds no inline script or style (the server's
// Content-Security-Policy would refuse them), and that its script talks to
// nothing but the API beside it.
func TestGraphPageIsSelfContained(t *testing.T) {
	assets := Assets()
	page, err := fs.ReadFile(assets, "graph/index.html")
	if err != nil {
		t.Fatal(err)
	}
	html := string(page)
	refs := regexp.MustCompile(`(?:src|href)="([^"]+)"`).FindAllStringSubmatch(html, -1)
	var scripts, styles int
	for _, m := range refs {
		ref := m[1]
		switch {
		case ref == "data:," || ref == "./" || ref == "../":
			continue // empty favicon, the page itself, the playground
		case strings.Contains(ref, "://") || strings.HasPrefix(ref, "//"):
			t.Errorf("graph/index.html refers to another host: %s", ref)
			continue
		}
		name := strings.TrimPrefix(ref, "../")
		if !strings.HasPrefix(ref, "../") {
			name = "graph/" + ref
		}
		if _, err := fs.Stat(assets, name); err != nil {
			t.Errorf("graph/index.html refers to %s, which is not embedded: %v", ref, err)
		}
		switch {
		case strings.HasSuffix(ref, ".js"):
			scripts++
		case strings.HasSuffix(ref, ".css"):
			styles++
		}
	}
	if scripts != 2 || styles != 1 {
		t.Errorf("graph/index.html loads %d scripts and %d stylesheets, want Cytoscape and graph.js, and graph.css", scripts, styles)
	}
	if regexp.MustCompile(`<script>|<script\s+(?:type="[^"]*"\s*)?>|<style|\sstyle="|\son[a-z]+="`).MatchString(html) {
		t.Error("graph/index.html has an inline script, style or event handler")
	}
	js, err := fs.ReadFile(assets, "graph/graph.js")
	if err != nil {
		t.Fatal(err)
	}
	for _, u := range regexp.MustCompile(`https?://[^'"\x60\s]+`).FindAllString(string(js), -1) {
		if u != "http://www.w3.org/2000/svg" { // the SVG namespace, never fetched
			t.Errorf("graph/graph.js names another host: %s", u)
		}
	}
	if !strings.Contains(string(js), "'../graphql'") {
		t.Error("graph/graph.js does not call the API at ../graphql")
	}
}
