package graph

import (
	"bytes"
	"encoding/binary"
	"fmt"
	"math"
	"sort"
)

// The key layout. Every key starts with one byte that names its table;
// IDs are the 16 raw bytes of the UUID; a predicate is its two-byte
// dictionary code (big endian); an object is encoded by encodeObject.
//
//	'E' id                      → entity record (encodeEntity)
//	'T' type id                 → ∅   type index (type = one-byte code)
//	'N' folded-name 0x00 id     → ∅   name index: name and every alias, Fold()ed
//	'S' s p obj                 → source IDs asserting the triple (16 bytes each)
//	'P' p obj s                 → ∅   POS index
//	'O' obj s p                 → ∅   OSP index
//	'X' src s p obj             → provenance record (encodeProvenance)
//	'R' src                     → source record
//	'U' id src                  → ∅   sources that mention entity id
//	'u' src                     → IDs of the entities source src mentions (idList)
//	'C' name                    → uint64 counter (big endian)
//	'D' predicate-name          → two-byte code  (predicate dictionary)
//	'd' code                    → predicate name
//	'M' name                    → store metadata (format version, ...)
//
// An object is one kind byte followed by its payload: 16 bytes for an
// entity, a two-byte length and the bytes for a string or date, eight
// order-preserving bytes for a number. Every part is self-delimiting, so a
// key can be split back into its parts from the front.
const (
	tEntity     byte = 'E'
	tType       byte = 'T'
	tName       byte = 'N'
	tSPO        byte = 'S'
	tPOS        byte = 'P'
	tOSP        byte = 'O'
	tSource     byte = 'X'
	tSourceRec  byte = 'R'
	tMentionBy  byte = 'U'
	tMentions   byte = 'u'
	tCounter    byte = 'C'
	tDict       byte = 'D'
	tDictRev    byte = 'd'
	tMeta       byte = 'M'
	idLen            = 16
	predLen          = 2
	entityObjLn      = 1 + idLen
)

// predCode is a dictionary-encoded predicate.
type predCode uint16

// appendObject appends the key encoding of v.
func appendObject(b []byte, v Value) []byte {
	b = append(b, byte(v.Kind))
	switch v.Kind {
	case KindEntity:
		b = append(b, v.Entity[:]...)
	case KindString, KindDate:
		b = binary.BigEndian.AppendUint16(b, uint16(len(v.Text)))
		b = append(b, v.Text...)
	case KindNumber:
		bits := math.Float64bits(v.Number)
		if v.Number >= 0 {
			bits ^= 1 << 63
		} else {
			bits = ^bits
		}
		b = binary.BigEndian.AppendUint64(b, bits)
	}
	return b
}

// decodeObject reads an object from the front of b and returns it with the
// number of bytes it took.
func decodeObject(b []byte) (Value, int, error) {
	if len(b) < 1 {
		return Value{}, 0, fmt.Errorf("object: empty")
	}
	k := ValueKind(b[0])
	switch k {
	case KindEntity:
		if len(b) < entityObjLn {
			return Value{}, 0, fmt.Errorf("object: short entity")
		}
		var id ID
		copy(id[:], b[1:entityObjLn])
		return Value{Kind: k, Entity: id}, entityObjLn, nil
	case KindString, KindDate:
		if len(b) < 3 {
			return Value{}, 0, fmt.Errorf("object: short literal")
		}
		n := int(binary.BigEndian.Uint16(b[1:3]))
		if len(b) < 3+n {
			return Value{}, 0, fmt.Errorf("object: literal of %d bytes cut short", n)
		}
		return Value{Kind: k, Text: string(b[3 : 3+n])}, 3 + n, nil
	case KindNumber:
		if len(b) < 9 {
			return Value{}, 0, fmt.Errorf("object: short number")
		}
		bits := binary.BigEndian.Uint64(b[1:9])
		if bits&(1<<63) != 0 {
			bits ^= 1 << 63
		} else {
			bits = ^bits
		}
		return Value{Kind: k, Number: math.Float64frombits(bits)}, 9, nil
	}
	return Value{}, 0, fmt.Errorf("object: unknown kind %d", b[0])
}

// spoKey returns 'S' s p obj.
func spoKey(s ID, p predCode, o Value) []byte {
	b := make([]byte, 0, 1+idLen+predLen+entityObjLn)
	b = append(b, tSPO)
	b = append(b, s[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(p))
	return appendObject(b, o)
}

// posKey returns 'P' p obj s.
func posKey(s ID, p predCode, o Value) []byte {
	b := make([]byte, 0, 1+idLen+predLen+entityObjLn)
	b = append(b, tPOS)
	b = binary.BigEndian.AppendUint16(b, uint16(p))
	b = appendObject(b, o)
	return append(b, s[:]...)
}

// ospKey returns 'O' obj s p.
func ospKey(s ID, p predCode, o Value) []byte {
	b := make([]byte, 0, 1+idLen+predLen+entityObjLn)
	b = append(b, tOSP)
	b = appendObject(b, o)
	b = append(b, s[:]...)
	return binary.BigEndian.AppendUint16(b, uint16(p))
}

// sourceKey returns 'X' src s p obj.
func sourceKey(src, s ID, p predCode, o Value) []byte {
	b := make([]byte, 0, 1+2*idLen+predLen+entityObjLn)
	b = append(b, tSource)
	b = append(b, src[:]...)
	b = append(b, s[:]...)
	b = binary.BigEndian.AppendUint16(b, uint16(p))
	return appendObject(b, o)
}

// rawTriple is a triple with its predicate still dictionary-encoded.
type rawTriple struct {
	s ID
	p predCode
	o Value
}

// parseSPO splits an 'S' key.
func parseSPO(k []byte) (rawTriple, error) {
	if len(k) < 1+idLen+predLen+1 || k[0] != tSPO {
		return rawTriple{}, fmt.Errorf("bad SPO key %x", k)
	}
	var t rawTriple
	copy(t.s[:], k[1:1+idLen])
	t.p = predCode(binary.BigEndian.Uint16(k[1+idLen:]))
	o, n, err := decodeObject(k[1+idLen+predLen:])
	if err != nil {
		return rawTriple{}, fmt.Errorf("SPO key %x: %w", k, err)
	}
	if 1+idLen+predLen+n != len(k) {
		return rawTriple{}, fmt.Errorf("SPO key %x: %d trailing bytes", k, len(k)-(1+idLen+predLen+n))
	}
	t.o = o
	return t, nil
}

// parsePOS splits a 'P' key.
func parsePOS(k []byte) (rawTriple, error) {
	if len(k) < 1+predLen+1+idLen || k[0] != tPOS {
		return rawTriple{}, fmt.Errorf("bad POS key %x", k)
	}
	var t rawTriple
	t.p = predCode(binary.BigEndian.Uint16(k[1:]))
	o, n, err := decodeObject(k[1+predLen:])
	if err != nil {
		return rawTriple{}, fmt.Errorf("POS key %x: %w", k, err)
	}
	rest := k[1+predLen+n:]
	if len(rest) != idLen {
		return rawTriple{}, fmt.Errorf("POS key %x: subject of %d bytes", k, len(rest))
	}
	t.o = o
	copy(t.s[:], rest)
	return t, nil
}

// parseOSP splits an 'O' key.
func parseOSP(k []byte) (rawTriple, error) {
	if len(k) < 1+1+idLen+predLen || k[0] != tOSP {
		return rawTriple{}, fmt.Errorf("bad OSP key %x", k)
	}
	o, n, err := decodeObject(k[1:])
	if err != nil {
		return rawTriple{}, fmt.Errorf("OSP key %x: %w", k, err)
	}
	rest := k[1+n:]
	if len(rest) != idLen+predLen {
		return rawTriple{}, fmt.Errorf("OSP key %x: %d bytes after the object", k, len(rest))
	}
	var t rawTriple
	t.o = o
	copy(t.s[:], rest[:idLen])
	t.p = predCode(binary.BigEndian.Uint16(rest[idLen:]))
	return t, nil
}

// parseSourceKey splits an 'X' key into the source and the triple.
func parseSourceKey(k []byte) (ID, rawTriple, error) {
	var src ID
	if len(k) < 1+idLen || k[0] != tSource {
		return src, rawTriple{}, fmt.Errorf("bad source-index key %x", k)
	}
	copy(src[:], k[1:1+idLen])
	spo := make([]byte, 0, len(k)-idLen)
	spo = append(spo, tSPO)
	spo = append(spo, k[1+idLen:]...)
	t, err := parseSPO(spo)
	return src, t, err
}

// entityKey returns 'E' id.
func entityKey(id ID) []byte { return append([]byte{tEntity}, id[:]...) }

// typeKey returns 'T' type id.
func typeKey(code byte, id ID) []byte { return append([]byte{tType, code}, id[:]...) }

// nameKey returns 'N' folded 0x00 id.
func nameKey(folded string, id ID) []byte {
	b := make([]byte, 0, 2+len(folded)+idLen)
	b = append(b, tName)
	b = append(b, folded...)
	b = append(b, 0)
	return append(b, id[:]...)
}

// sourceRecKey returns 'R' src.
func sourceRecKey(src ID) []byte { return append([]byte{tSourceRec}, src[:]...) }

// outPrefix returns the prefix of every 'S' key of subject s (with
// predicate p when p is non-zero).
func outPrefix(s ID, p predCode) []byte {
	b := append([]byte{tSPO}, s[:]...)
	if p != 0 {
		b = binary.BigEndian.AppendUint16(b, uint16(p))
	}
	return b
}

// inPrefix returns the prefix of every 'O' key whose object is entity o.
func inPrefix(o ID) []byte {
	return appendObject([]byte{tOSP}, EntityValue(o))
}

// mentionByKey returns 'U' id src: source src mentions entity id.
func mentionByKey(id, src ID) []byte {
	b := make([]byte, 0, 1+2*idLen)
	b = append(b, tMentionBy)
	b = append(b, id[:]...)
	return append(b, src[:]...)
}

// mentionsKey returns 'u' src: the entities source src mentions, the
// same facts as its 'U' keys, as one idList. A source's mentions are
// written together (a batch is whole), so one key per source is enough,
// and the index costs one key per source instead of one per mention.
func mentionsKey(src ID) []byte {
	b := make([]byte, 0, 1+idLen)
	b = append(b, tMentions)
	return append(b, src[:]...)
}

// appendIDList appends ids, which must be in ascending order without
// repeats, as an idList: their 16 bytes each, one after the other.
func appendIDList(b []byte, ids []ID) []byte {
	for _, id := range ids {
		b = append(b, id[:]...)
	}
	return b
}

// decodeIDList splits an idList into its IDs.
func decodeIDList(v []byte) ([]ID, error) {
	if len(v)%idLen != 0 {
		return nil, fmt.Errorf("ID list of %d bytes is not a multiple of %d", len(v), idLen)
	}
	ids := make([]ID, len(v)/idLen)
	for i := range ids {
		copy(ids[i][:], v[i*idLen:])
	}
	return ids, nil
}

// idListHas reports whether the idList v, in ascending order, holds id.
func idListHas(v []byte, id ID) bool {
	n := len(v) / idLen
	i := sort.Search(n, func(i int) bool { return bytes.Compare(v[i*idLen:(i+1)*idLen], id[:]) >= 0 })
	return i < n && bytes.Equal(v[i*idLen:(i+1)*idLen], id[:])
}

// The counters kept under 'C': one per entity type, one per predicate, the
// total of triples and the number of sources.
const (
	counterTriples = "triples"
	counterSources = "sources"
	counterType    = "type/" // followed by the entity type
	counterPred    = "pred/" // followed by the predicate
)

// counterKey returns 'C' name.
func counterKey(name string) []byte { return append([]byte{tCounter}, name...) }

// The parts of an 'X' key after its table byte: the source, then the
// triple laid out as in an 'S' key.
const (
	xSubjectAt = 1 + idLen          // start of the subject in an 'X' key
	xPredAt    = xSubjectAt + idLen // start of the predicate code
	xObjectAt  = xPredAt + predLen  // start of the object
	sPredAt    = 1 + idLen          // start of the predicate code in an 'S' key
	sObjectAt  = sPredAt + predLen  // start of the object in an 'S' key
)

// appendSPOFromX appends the 'S' key of the triple in 'X' key x.
func appendSPOFromX(b, x []byte) []byte {
	b = append(b, tSPO)
	return append(b, x[xSubjectAt:]...)
}

// appendPOSFromX appends the 'P' key of the triple in 'X' key x.
func appendPOSFromX(b, x []byte) []byte {
	b = append(b, tPOS)
	b = append(b, x[xPredAt:xObjectAt]...)
	b = append(b, x[xObjectAt:]...)
	return append(b, x[xSubjectAt:xPredAt]...)
}

// appendOSPFromX appends the 'O' key of the triple in 'X' key x.
func appendOSPFromX(b, x []byte) []byte {
	b = append(b, tOSP)
	b = append(b, x[xObjectAt:]...)
	b = append(b, x[xSubjectAt:xPredAt]...)
	return append(b, x[xPredAt:xObjectAt]...)
}
