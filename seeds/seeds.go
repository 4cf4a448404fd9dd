// Package seeds is govkg's curated knowledge base: officials, Party and
// State bodies, positions, places, events, programmes and well-known
// documents with their English and Vietnamese names and abbreviations, and
// facts about them, each fact with the public source that states it.
//
// The knowledge lives in human-edited text files under data/ (the format is
// described in FORMAT.md) that are embedded in the binary. Load parses them;
// KB.Entities is the gazetteer extraction resolves names against, KB.Facts
// the curated assertions, and KB.Batch both as one graph.Batch for the
// store.
package seeds

import (
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"slices"
	"sort"

	"github.com/govkg/govkg/graph"
)

//go:embed data/*.kb
var dataFS embed.FS

// SourceKey is the location of the curated source; its ID is
// graph.SourceID(SourceKey).
const SourceKey = "govkg:seeds"

// SourceTitle is the title of the curated source record.
const SourceTitle = "govkg curated seeds"

// KB is a parsed knowledge base. It is immutable: every method returns
// copies, so it is safe for concurrent use.
type KB struct {
	source    graph.Source
	entities  []graph.Entity
	facts     []graph.Assertion
	byName    map[string][]int      // folded name or alias → indexes into entities
	ambiguous map[string][]graph.ID // folded alias → the entities that share it on purpose
	cites     [][]string            // per fact: the handles of the sources it cites
	citations map[string]*citation  // source handle → source record
}

// Load parses the files embedded under data/.
func Load() (*KB, error) {
	files := map[string][]byte{}
	err := fs.WalkDir(dataFS, "data", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := dataFS.ReadFile(path)
		if err != nil {
			return fmt.Errorf("read embedded %s: %w", path, err)
		}
		files[path] = b
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("load seeds: %w", err)
	}
	kb, err := Parse(files)
	if err != nil {
		return nil, fmt.Errorf("load seeds: %w", err)
	}
	return kb, nil
}

// Parse reads knowledge-base files (name → content) in name order. When
// anything is wrong it returns every problem found, each as
// "FILE:LINE: what", joined into one error.
func Parse(files map[string][]byte) (*KB, error) {
	p := newParser()
	names := slices.Sorted(maps.Keys(files))
	for _, name := range names {
		p.file(name, files[name])
	}
	kb := p.build()
	if err := p.err(); err != nil {
		return nil, err
	}
	kb.source = graph.Source{
		ID:    graph.SourceID(SourceKey),
		Title: SourceTitle,
		URL:   SourceKey,
		Hash:  hashFiles(names, files),
	}
	for i := range kb.facts {
		kb.facts[i].Provenance.Source = kb.source.ID
	}
	return kb, nil
}

// hashFiles is the hex SHA-256 over the files in name order, each as its
// name, a NUL, its content and a NUL, so renaming a file changes it too.
func hashFiles(names []string, files map[string][]byte) string {
	h := sha256.New()
	for _, n := range names {
		h.Write([]byte(n))
		h.Write([]byte{0})
		h.Write(files[n])
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Source returns the one source record every curated fact cites.
func (kb *KB) Source() graph.Source { return kb.source }

// Entities returns every curated entity with its aliases, in file order.
func (kb *KB) Entities() []graph.Entity {
	out := make([]graph.Entity, len(kb.entities))
	for i, e := range kb.entities {
		out[i] = copyEntity(e)
	}
	return out
}

// Facts returns every curated fact as an assertion of the seeds source.
// Provenance.Rule is "curated:FILE:LINE", Sentence the public citation
// (title and URL of each source the fact cites), Start and End the byte
// span of the fact's line in FILE.
func (kb *KB) Facts() []graph.Assertion { return slices.Clone(kb.facts) }

// Batch returns the source, the entities and the facts as one batch for
// graph.Store.Apply.
func (kb *KB) Batch() graph.Batch {
	return graph.Batch{Source: kb.source, Entities: kb.Entities(), Assertions: kb.Facts()}
}

// Find returns the entities whose name or one of whose aliases folds
// (graph.Fold) equal to name: none, one, or several when the name is
// shared on purpose (see Ambiguous).
func (kb *KB) Find(name string) []graph.Entity {
	idx := kb.byName[graph.Fold(name)]
	out := make([]graph.Entity, 0, len(idx))
	for _, i := range idx {
		out = append(out, copyEntity(kb.entities[i]))
	}
	return out
}

// Ambiguous returns the folded names that more than one entity answers to
// by design (the same Party symbol in two terms, a declared shared alias),
// each with the IDs of those entities, sorted by name.
func (kb *KB) Ambiguous() []Ambiguity {
	out := make([]Ambiguity, 0, len(kb.ambiguous))
	for name, ids := range kb.ambiguous {
		out = append(out, Ambiguity{Name: name, IDs: slices.Clone(ids)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Ambiguity is a folded name that several entities share on purpose.
type Ambiguity struct {
	Name string     // the folded name
	IDs  []graph.ID // the entities, in file order
}

func copyEntity(e graph.Entity) graph.Entity {
	e.Aliases = slices.Clone(e.Aliases)
	e.Attrs = maps.Clone(e.Attrs)
	return e
}
