package schema

import (
	"bytes"
	"encoding/json"
	"testing"

	graphql "github.com/graph-gophers/graphql-go"
	gqlerrors "github.com/graph-gophers/graphql-go/errors"
)

// TestEncodeResponse checks that the response goes out as json.Marshal
// would write it, for every mix of errors, data and extensions.
func TestEncodeResponse(t *testing.T) {
	data, err := json.Marshal(map[string]any{"lookup": []map[string]string{{"name": "A <b> & \u2028 \"c\""}}})
	if err != nil {
		t.Fatal(err)
	}
	errs := []*gqlerrors.QueryError{{Message: "boom", Path: []any{"lookup", 0}, Extensions: map[string]any{"code": "X"}}}
	ext := map[string]any{"cost": 3}
	for _, tc := range []struct {
		name string
		resp graphql.Response
	}{
		{"nothing", graphql.Response{}},
		{"data", graphql.Response{Data: data}},
		{"errors", graphql.Response{Errors: errs}},
		{"errors and data", graphql.Response{Errors: errs, Data: data}},
		{"extensions", graphql.Response{Extensions: ext}},
		{"data and extensions", graphql.Response{Data: data, Extensions: ext}},
		{"all", graphql.Response{Errors: errs, Data: data, Extensions: ext}},
	} {
		want, err := json.Marshal(&tc.resp)
		if err != nil {
			t.Fatal(err)
		}
		parts, err := encodeResponse(&tc.resp)
		if err != nil {
			t.Fatal(err)
		}
		if got := bytes.Join(parts, nil); !bytes.Equal(got, want) {
			t.Errorf("%s:\n got %s\nwant %s", tc.name, got, want)
		}
	}
}
