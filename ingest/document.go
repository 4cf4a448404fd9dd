// Package ingest turns news text (English and Vietnamese; plain text,
// Markdown, HTML or JSON Lines) into the entities and relations of the
// ontology, each with its provenance, ready to be stored as a graph.Batch.
//
// Reading (read.go) makes Documents out of files; extraction (extract.go
// and the files it calls) makes an Extraction out of a Document.
package ingest

import (
	"crypto/sha256"
	"encoding/hex"

	"github.com/govkg/govkg/graph"
)

// Document is one article ready for extraction.
type Document struct {
	Path  string // file it came from ("-" for standard input); with Line for JSON Lines
	Line  int    // line number within a JSON Lines file, 0 otherwise
	Title string // the article's title, when known
	URL   string // where it was published, when known
	Date  string // the article's own date (ISO 8601), from metadata or its dateline
	Text  string // the article text, markup removed, valid UTF-8
}

// Hash returns the hex SHA-256 of the document's text, title, URL and date:
// an unchanged article hashes the same, so re-ingesting it changes nothing.
func (d Document) Hash() string {
	h := sha256.New()
	for _, s := range []string{d.Title, d.URL, d.Date, d.Text} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return hex.EncodeToString(h.Sum(nil))
}

// Location names the document for its source record: the URL when known,
// else the path (with the line for JSON Lines), else the content hash.
func (d Document) Location() string {
	switch {
	case d.URL != "":
		return d.URL
	case d.Path != "" && d.Path != "-" && d.Line > 0:
		return d.Path + "#L" + itoa(d.Line)
	case d.Path != "" && d.Path != "-":
		return d.Path
	}
	return "sha256:" + d.Hash()
}

// SourceID returns the ID of the document's source record.
func (d Document) SourceID() graph.ID { return graph.SourceID(d.Location()) }

func itoa(n int) string {
	if n == 0 {
		return "0"
	}
	var b [20]byte
	i := len(b)
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
