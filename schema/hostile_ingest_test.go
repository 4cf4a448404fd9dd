package schema

import (
	"net/http"
	"strings"
	"testing"

	"github.com/govkg/govkg/ingest"
)

// TestHostileIngestText sends texts the reader refuses (NUL bytes, control
// characters, nothing but blanks) and texts that are merely odd (1 MiB of
// one repeated sentence, deep markup) through ingestText with the token and
// the real ingest pipeline: a refused text gets BAD_USER_INPUT saying why,
// never an internal error; an odd one is stored; the server answers
// after each and the store passes its check.
func TestHostileIngestText(t *testing.T) {
	store := openStore(t)
	loadFixture(t, store)
	srv := serveStore(t, store, nil, Options{Token: "tok", MaxBody: 4 << 20,
		Ingester: &ingest.Pipeline{Store: store, Extractor: ingest.NewExtractor(nil)}}, batchHooks{})
	sentence := "The Ministry of Finance issued a plan to implement Resolution 18-NQ/TW of the Politburo. "
	cases := []struct {
		name, text string
		refused    bool
		says       string
	}{
		{"NUL bytes", "Plan\n\nThe Government\x00 issued a decree.", true, "binary"},
		{"control characters", strings.Repeat("\x01\x02\x03\x04 ", 200), true, "binary"},
		{"only blanks", " \u00a0\t\u200b\n ", true, "empty"},
		{"1 MiB of one sentence", strings.Repeat(sentence, (1<<20)/len(sentence)), false, ""},
		{"deep markup", "<html><body>" + strings.Repeat("<div>", 20000) + sentence + "</body></html>", false, ""},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			status, r := srv.post(t, ingestQ, map[string]any{"text": c.text, "url": "test:hostile/" + c.name}, "tok")
			if status != http.StatusOK {
				t.Fatalf("status %d: %s", status, r.errorText())
			}
			if c.refused {
				if r.code() != codeBadInput || !strings.Contains(r.errorText(), c.says) {
					t.Errorf("got %q (%s), want BAD_USER_INPUT saying %q", r.errorText(), r.code(), c.says)
				}
			} else if len(r.Errors) > 0 {
				t.Errorf("refused: %s (%s)", r.errorText(), r.code())
			}
			noLeaks(t, r.errorText())
			srv.mustQuery(t, `{ stats { sources } }`, nil)
		})
	}
	checkStore(t, store)
}
