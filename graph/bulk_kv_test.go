package graph

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dgraph-io/badger/v4"
	"github.com/dgraph-io/badger/v4/pb"
	"github.com/dgraph-io/ristretto/v2/z"
)

// TestPutKVMatchesBadger checks the hand-written framing of BulkLoad's
// keys against Badger's own KVToBuffer, byte for byte, for keys and values
// of sizes around the varint boundaries, empty values and large stream IDs.
func TestPutKVMatchesBadger(t *testing.T) {
	tests := []struct {
		key, val string
		id       uint32
	}{
		{"S" + strings.Repeat("k", 40), "", 1},
		{"X" + strings.Repeat("k", 126), strings.Repeat("v", 127), 2},
		{"E" + strings.Repeat("k", 127), strings.Repeat("v", 128), 127},
		{"N" + strings.Repeat("k", 300), strings.Repeat("v", 20000), 128},
		{"C", "\x00\x00\x00\x00\x00\x00\x00\x07", 1 << 20},
	}
	for _, tt := range tests {
		mine := z.NewBuffer(1<<16, "test")
		theirs := z.NewBuffer(1<<16, "test")
		putKV(mine, []byte(tt.key), []byte(tt.val), tt.id)
		badger.KVToBuffer(&pb.KV{Key: []byte(tt.key), Value: []byte(tt.val), Version: bulkVersion, StreamId: tt.id}, theirs)
		if !bytes.Equal(mine.Bytes(), theirs.Bytes()) {
			t.Errorf("key of %d bytes, value of %d, stream %d: putKV wrote\n%x\nBadger writes\n%x",
				len(tt.key), len(tt.val), tt.id, mine.Bytes(), theirs.Bytes())
		}
		mine.Release()
		theirs.Release()
	}
}
