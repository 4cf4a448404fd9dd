package seeds

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/govkg/govkg/graph"
)

// fuzzErrLine is the shape of every line of a Parse error.
var fuzzErrLine = regexp.MustCompile(`^[^\s:]+\.kb:\d+: `)

// FuzzParse parses arbitrary knowledge-base text beside the base fixture:
// it must not panic; a refusal must name the file and line on every line
// of its error; an accepted knowledge base must hold only entities and
// facts the store would accept (valid entities, facts whose predicate
// signature takes their subject and object, provenance pointing at the
// seeds source) and must find each entity by its own name.
// Seeds: the fixtures under testdata, and testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	base, err := os.ReadFile(filepath.Join("testdata", "base.kb"))
	if err != nil {
		f.Fatal(err)
	}
	fixtures, _ := filepath.Glob(filepath.Join("testdata", "*", "*.kb"))
	for _, p := range fixtures {
		b, err := os.ReadFile(p)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		kb, err := Parse(map[string][]byte{"base.kb": base, "fuzz.kb": data})
		if err != nil {
			for _, line := range strings.Split(err.Error(), "\n") {
				if !fuzzErrLine.MatchString(line) {
					t.Fatalf("error line %q does not start with FILE:LINE:", line)
				}
			}
			return
		}
		types := map[graph.ID]graph.EntityType{}
		for _, e := range kb.Entities() {
			if err := e.Validate(); err != nil {
				t.Fatalf("accepted an invalid entity: %v", err)
			}
			types[e.ID] = e.Type
			found := false
			for _, m := range kb.Find(e.Name) {
				found = found || m.ID == e.ID
			}
			if !found {
				t.Fatalf("Find(%q) does not find the entity of that name", e.Name)
			}
		}
		src := kb.Source().ID
		for _, a := range kb.Facts() {
			if err := a.Object.Validate(); err != nil {
				t.Fatalf("accepted a fact with a bad object: %v", err)
			}
			st, ok := types[a.Subject]
			if !ok {
				t.Fatalf("fact %s has a subject that is no entity", a.Predicate)
			}
			ot := types[a.Object.Entity]
			if !graph.SignatureOf(a.Predicate).Accepts(st, ot, a.Object.Kind) {
				t.Fatalf("accepted %s %s %s", st, a.Predicate, ot)
			}
			if a.Provenance.Source != src {
				t.Fatalf("fact %s has provenance %s, not the seeds source", a.Predicate, a.Provenance.Source)
			}
		}
	})
}
