package schema

import (
	"encoding/base64"
	"encoding/json"

	"github.com/govkg/govkg/graph"
)

// Cursors. The store pages with an opaque cursor that stands after the last
// item of a page; Relay wants a cursor on every edge. A cursor here is the
// store cursor a page started from, plus how many items of that page to
// skip: the last edge of a page gets the store's own end cursor (skip 0),
// the others resume by reading their page again and skipping, which costs
// at most one page (first is capped).

// cursor is the decoded form of an edge cursor.
type cursor struct {
	After string `json:"a,omitempty"` // store cursor the page started after
	Skip  int    `json:"s,omitempty"` // items of that page to skip
	Phase string `json:"p,omitempty"` // "in" for the in-edges of a BOTH relation walk
}

// encode returns the opaque form of c.
func (c cursor) encode() string {
	b, _ := json.Marshal(c) // a struct of strings and an int always marshals
	return base64.RawURLEncoding.EncodeToString(b)
}

// newPageInfo describes a page whose edges have the cursors cs, read
// after the cursor `after` ("" at the start).
func newPageInfo(cs []string, after *string, hasNext bool) pageInfoResolver {
	p := pageInfoResolver{hasNext: hasNext, hasPrev: after != nil && *after != ""}
	if len(cs) > 0 {
		p.start, p.end = cs[0], cs[len(cs)-1]
	}
	return p
}

// decodeCursor parses an `after` argument; nil or "" is the start.
func decodeCursor(after *string) (cursor, error) {
	if after == nil || *after == "" {
		return cursor{}, nil
	}
	b, err := base64.RawURLEncoding.DecodeString(*after)
	var c cursor
	if err == nil {
		err = json.Unmarshal(b, &c)
	}
	if err != nil || c.Skip < 0 || c.Skip > graph.MaxPage || (c.Phase != "" && c.Phase != "in") {
		return cursor{}, userError("after: %q is not a cursor this server gave out", *after)
	}
	return c, nil
}

// pageInfoResolver resolves PageInfo.
type pageInfoResolver struct {
	hasNext, hasPrev bool
	start, end       string
}

// HasNextPage resolves PageInfo.hasNextPage.
func (p pageInfoResolver) HasNextPage() bool { return p.hasNext }

// HasPreviousPage resolves PageInfo.hasPreviousPage.
func (p pageInfoResolver) HasPreviousPage() bool { return p.hasPrev }

// StartCursor resolves PageInfo.startCursor.
func (p pageInfoResolver) StartCursor() *string {
	if p.start == "" {
		return nil
	}
	return &p.start
}

// EndCursor resolves PageInfo.endCursor.
func (p pageInfoResolver) EndCursor() *string {
	if p.end == "" {
		return nil
	}
	return &p.end
}

// storePage is one page read from the store.
type storePage[T any] struct {
	items   []T
	end     string
	hasNext bool
}

// readPage reads `first` items after c with fetch, which reads from the
// store after a store cursor; it returns the items and a cursor for each.
func readPage[T any](c cursor, first int, fetch func(after string, n int) (storePage[T], error)) ([]T, []cursor, bool, error) {
	if first == 0 {
		return nil, nil, false, nil
	}
	n := c.Skip + first
	if n > graph.MaxPage {
		return nil, nil, false, limitError("first: %d items after this cursor is over the limit of %d", first, graph.MaxPage-c.Skip)
	}
	p, err := fetch(c.After, n)
	if err != nil {
		return nil, nil, false, err
	}
	items := p.items
	if c.Skip >= len(items) {
		items = nil
	} else {
		items = items[c.Skip:]
	}
	if len(items) > first {
		items = items[:first]
	}
	cursors := make([]cursor, len(items))
	for i := range items {
		cursors[i] = cursor{After: c.After, Skip: c.Skip + i + 1, Phase: c.Phase}
	}
	if len(items) > 0 && c.Skip+len(items) == len(p.items) && p.end != "" {
		// The last edge of the store's page: resume from the store's cursor.
		cursors[len(items)-1] = cursor{After: p.end, Phase: c.Phase}
	}
	hasNext := p.hasNext || c.Skip+len(items) < len(p.items)
	return items, cursors, hasNext, nil
}
