package ingest

import (
	"bytes"
	"errors"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// FuzzRead reads arbitrary bytes in every format: it must not panic, every
// refusal must wrap ErrSkipped (there is no I/O to fail), and every
// document must be clean: valid UTF-8, NFC, non-empty text, an ISO date or none.
// Seeds are in testdata/fuzz/FuzzRead.
func FuzzRead(f *testing.F) {
	f.Add([]byte("Title\n\nThứ Ba, 28/12/2021, 19:31\n\nBody text."), byte(FormatAuto))
	f.Fuzz(func(t *testing.T, data []byte, format byte) {
		fm := Format(int(format) % (int(FormatJSONL) + 1))
		docs, err := Read("fuzz", bytes.NewReader(data), fm)
		if err != nil && !errors.Is(err, ErrSkipped) {
			t.Fatalf("error %v does not wrap ErrSkipped", err)
		}
		if err == nil && len(docs) == 0 {
			t.Fatal("no documents and no error")
		}
		for _, d := range docs {
			for field, s := range map[string]string{"text": d.Text, "title": d.Title, "url": d.URL, "date": d.Date} {
				if !utf8.ValidString(s) {
					t.Fatalf("%s is not valid UTF-8: %q", field, s)
				}
			}
			if d.Text == "" || d.Text != strings.TrimSpace(d.Text) {
				t.Fatalf("text empty or not trimmed: %q", d.Text)
			}
			if !norm.NFC.IsNormalString(d.Text) {
				t.Fatalf("text is not NFC: %q", d.Text)
			}
			if strings.ContainsAny(d.Text, "\r\x00") || strings.Contains(d.Text, "\n\n\n") {
				t.Fatalf("text not normalised: %q", d.Text)
			}
			if d.Date != "" {
				if iso, ok := ParseDate(d.Date); !ok || iso != d.Date {
					t.Fatalf("date %q is not an ISO date", d.Date)
				}
			}
		}
	})
}
