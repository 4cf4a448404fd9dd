package graph

import (
	"encoding/binary"
	"fmt"
	"math"
	"sort"
)

// The key layout. Every key starts with one byte that names its table;
// an entity or a source is its 4-byte number (numbers.go), n below; a
// predicate is its two-byte dictionary code (big endian); an object is
// encoded by appendObject.
//
//	'E' n                       → entity record (encodeEntity)
//	'T' type n                  → ∅   type index (type = one-byte code)
//	'N' folded-name 0x00 n      → ∅   name index: name and every alias, Fold()ed
//	'S' s p obj                 → numbers of the sources asserting the triple (numList)
//	'P' p obj s                 → ∅   POS index
//	'O' obj s p                 → ∅   OSP index
//	'X' src s p obj             → provenance record (encodeProvenance)
//	'R' src                     → source record
//	'U' n src                   → ∅   sources that mention entity n
//	'u' src                     → numbers of the entities source src mentions (numList)
//	'I' id                      → the number of the entity or source with this 16-byte ID
//	'C' name                    → uint64 counter (big endian)
//	'D' predicate-name          → two-byte code  (predicate dictionary)
//	'd' code                    → predicate name
//	'M' name                    → store metadata (format version, ...)
//
// An object is one kind byte followed by its payload: 4 bytes (a number)
// for an entity, a two-byte length and the bytes for a string or date,
// eight order-preserving bytes for a number. Every part is
// self-delimiting, so a key can be split back into its parts from the
// front.
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
	tNumber     byte = 'I'
	tCounter    byte = 'C'
	tDict       byte = 'D'
	tDictRev    byte = 'd'
	tMeta       byte = 'M'
	idLen            = 16
	predLen          = 2
	entityObjLn      = 1 + numLen
)

// predCode is a dictionary-encoded predicate.
type predCode uint16

// appendObject appends the key encoding of v.
func (n *numbering) appendObject(b []byte, v Value) []byte {
	b = append(b, byte(v.Kind))
	switch v.Kind {
	case KindEntity:
		b = appendNum(b, n.of(v.Entity))
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

// objectLen returns the length of the object at the front of b.
func objectLen(b []byte) (int, error) {
	if len(b) < 1 {
		return 0, fmt.Errorf("object: empty")
	}
	switch ValueKind(b[0]) {
	case KindEntity:
		if len(b) < entityObjLn {
			return 0, fmt.Errorf("object: short entity")
		}
		return entityObjLn, nil
	case KindString, KindDate:
		if len(b) < 3 {
			return 0, fmt.Errorf("object: short literal")
		}
		l := int(binary.BigEndian.Uint16(b[1:3]))
		if len(b) < 3+l {
			return 0, fmt.Errorf("object: literal of %d bytes cut short", l)
		}
		return 3 + l, nil
	case KindNumber:
		if len(b) < 9 {
			return 0, fmt.Errorf("object: short number")
		}
		return 9, nil
	}
	return 0, fmt.Errorf("object: unknown kind %d", b[0])
}

// decodeObject reads an object from the front of b and returns it with the
// number of bytes it took.
func (n *numbering) decodeObject(b []byte) (Value, int, error) {
	l, err := objectLen(b)
	if err != nil {
		return Value{}, 0, err
	}
	k := ValueKind(b[0])
	switch k {
	case KindEntity:
		id := n.id(readNum(b[1:]))
		if id == (ID{}) {
			return Value{}, 0, fmt.Errorf("object: entity number %d numbers nothing", readNum(b[1:]))
		}
		return Value{Kind: k, Entity: id}, l, nil
	case KindString, KindDate:
		return Value{Kind: k, Text: string(b[3:l])}, l, nil
	default:
		bits := binary.BigEndian.Uint64(b[1:9])
		if bits&(1<<63) != 0 {
			bits ^= 1 << 63
		} else {
			bits = ^bits
		}
		return Value{Kind: k, Number: math.Float64frombits(bits)}, l, nil
	}
}

// appendID appends the number of id (0 when it has none).
func (n *numbering) appendID(b []byte, id ID) []byte { return appendNum(b, n.of(id)) }

// idAt returns the ID numbered by the 4 bytes at the front of b, and an
// error naming what when they number nothing.
func (n *numbering) idAt(b []byte, what string) (ID, error) {
	if len(b) < numLen {
		return ID{}, fmt.Errorf("%s: short number %x", what, b)
	}
	id := n.id(readNum(b))
	if id == (ID{}) {
		return id, fmt.Errorf("%s: number %d numbers nothing", what, readNum(b))
	}
	return id, nil
}

// spoKey returns 'S' s p obj.
func (n *numbering) spoKey(s ID, p predCode, o Value) []byte {
	b := make([]byte, 0, 1+numLen+predLen+entityObjLn)
	b = append(b, tSPO)
	b = n.appendID(b, s)
	b = binary.BigEndian.AppendUint16(b, uint16(p))
	return n.appendObject(b, o)
}

// posKey returns 'P' p obj s.
func (n *numbering) posKey(s ID, p predCode, o Value) []byte {
	b := make([]byte, 0, 1+numLen+predLen+entityObjLn)
	b = append(b, tPOS)
	b = binary.BigEndian.AppendUint16(b, uint16(p))
	b = n.appendObject(b, o)
	return n.appendID(b, s)
}

// ospKey returns 'O' obj s p.
func (n *numbering) ospKey(s ID, p predCode, o Value) []byte {
	b := make([]byte, 0, 1+numLen+predLen+entityObjLn)
	b = append(b, tOSP)
	b = n.appendObject(b, o)
	b = n.appendID(b, s)
	return binary.BigEndian.AppendUint16(b, uint16(p))
}

// sourceKey returns 'X' src s p obj.
func (n *numbering) sourceKey(src, s ID, p predCode, o Value) []byte {
	return n.appendSourceKey(make([]byte, 0, 1+2*numLen+predLen+entityObjLn), src, s, p, o)
}

// appendSourceKey appends 'X' src s p obj to b.
func (n *numbering) appendSourceKey(b []byte, src, s ID, p predCode, o Value) []byte {
	b = append(b, tSource)
	b = n.appendID(b, src)
	b = n.appendID(b, s)
	b = binary.BigEndian.AppendUint16(b, uint16(p))
	return n.appendObject(b, o)
}

// rawTriple is a triple with its predicate still dictionary-encoded.
type rawTriple struct {
	s ID
	p predCode
	o Value
}

// parseSPO splits an 'S' key.
func (n *numbering) parseSPO(k []byte) (rawTriple, error) {
	if len(k) < 1+numLen+predLen+1 || k[0] != tSPO {
		return rawTriple{}, fmt.Errorf("bad SPO key %x", k)
	}
	var t rawTriple
	var err error
	if t.s, err = n.idAt(k[1:], "subject"); err != nil {
		return rawTriple{}, fmt.Errorf("SPO key %x: %w", k, err)
	}
	t.p = predCode(binary.BigEndian.Uint16(k[1+numLen:]))
	o, l, err := n.decodeObject(k[1+numLen+predLen:])
	if err != nil {
		return rawTriple{}, fmt.Errorf("SPO key %x: %w", k, err)
	}
	if 1+numLen+predLen+l != len(k) {
		return rawTriple{}, fmt.Errorf("SPO key %x: %d trailing bytes", k, len(k)-(1+numLen+predLen+l))
	}
	t.o = o
	return t, nil
}

// parsePOS splits a 'P' key.
func (n *numbering) parsePOS(k []byte) (rawTriple, error) {
	if len(k) < 1+predLen+1+numLen || k[0] != tPOS {
		return rawTriple{}, fmt.Errorf("bad POS key %x", k)
	}
	var t rawTriple
	t.p = predCode(binary.BigEndian.Uint16(k[1:]))
	o, l, err := n.decodeObject(k[1+predLen:])
	if err != nil {
		return rawTriple{}, fmt.Errorf("POS key %x: %w", k, err)
	}
	rest := k[1+predLen+l:]
	if len(rest) != numLen {
		return rawTriple{}, fmt.Errorf("POS key %x: subject of %d bytes", k, len(rest))
	}
	t.o = o
	if t.s, err = n.idAt(rest, "subject"); err != nil {
		return rawTriple{}, fmt.Errorf("POS key %x: %w", k, err)
	}
	return t, nil
}

// parseOSP splits an 'O' key.
func (n *numbering) parseOSP(k []byte) (rawTriple, error) {
	if len(k) < 1+1+numLen+predLen || k[0] != tOSP {
		return rawTriple{}, fmt.Errorf("bad OSP key %x", k)
	}
	o, l, err := n.decodeObject(k[1:])
	if err != nil {
		return rawTriple{}, fmt.Errorf("OSP key %x: %w", k, err)
	}
	rest := k[1+l:]
	if len(rest) != numLen+predLen {
		return rawTriple{}, fmt.Errorf("OSP key %x: %d bytes after the object", k, len(rest))
	}
	var t rawTriple
	t.o = o
	if t.s, err = n.idAt(rest, "subject"); err != nil {
		return rawTriple{}, fmt.Errorf("OSP key %x: %w", k, err)
	}
	t.p = predCode(binary.BigEndian.Uint16(rest[numLen:]))
	return t, nil
}

// parseSourceKey splits an 'X' key into the source and the triple.
func (n *numbering) parseSourceKey(k []byte) (ID, rawTriple, error) {
	if len(k) < 1+numLen || k[0] != tSource {
		return ID{}, rawTriple{}, fmt.Errorf("bad source-index key %x", k)
	}
	src, err := n.idAt(k[1:], "source")
	if err != nil {
		return ID{}, rawTriple{}, fmt.Errorf("source-index key %x: %w", k, err)
	}
	spo := make([]byte, 0, len(k)-numLen)
	spo = append(spo, tSPO)
	spo = append(spo, k[1+numLen:]...)
	t, err := n.parseSPO(spo)
	return src, t, err
}

// entityKey returns 'E' n.
func (n *numbering) entityKey(id ID) []byte { return n.appendID([]byte{tEntity}, id) }

// typeKey returns 'T' type n.
func (n *numbering) typeKey(code byte, id ID) []byte { return n.appendID([]byte{tType, code}, id) }

// nameKey returns 'N' folded 0x00 n.
func (n *numbering) nameKey(folded string, id ID) []byte {
	b := make([]byte, 0, 2+len(folded)+numLen)
	b = append(b, tName)
	b = append(b, folded...)
	b = append(b, 0)
	return n.appendID(b, id)
}

// sourceRecKey returns 'R' src.
func (n *numbering) sourceRecKey(src ID) []byte { return n.appendID([]byte{tSourceRec}, src) }

// mentionByKey returns 'U' n src: source src mentions entity id.
func (n *numbering) mentionByKey(id, src ID) []byte { return mentionByNums(n.of(id), n.of(src)) }

// mentionByNums returns 'U' x src: source number src mentions entity
// number x.
func mentionByNums(x, src uint32) []byte {
	return appendNum(appendNum(append(make([]byte, 0, 1+2*numLen), tMentionBy), x), src)
}

// mentionsKey returns 'u' src: the entities source src mentions, the
// same facts as its 'U' keys, as one numList. A source's mentions are
// written together (a batch is whole), so one key per source is enough,
// and the index costs one key per source instead of one per mention.
func (n *numbering) mentionsKey(src ID) []byte { return n.appendID([]byte{tMentions}, src) }

// A numList is numbers in ascending order without repeats, 4 bytes each,
// one after the other: the sources of a triple ('S' values), the
// entities a source mentions ('u' values).

// decodeNumList splits a numList into the IDs it numbers.
func (n *numbering) decodeNumList(v []byte) ([]ID, error) {
	if len(v)%numLen != 0 {
		return nil, fmt.Errorf("number list of %d bytes is not a multiple of %d", len(v), numLen)
	}
	ids := make([]ID, 0, len(v)/numLen)
	for i := 0; i < len(v); i += numLen {
		id, err := n.idAt(v[i:], "number list")
		if err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, nil
}

// numListHas reports whether the numList v holds number x.
func numListHas(v []byte, x uint32) bool {
	c := len(v) / numLen
	i := sort.Search(c, func(i int) bool { return readNum(v[i*numLen:]) >= x })
	return i < c && readNum(v[i*numLen:]) == x
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
	xSubjectAt = 1 + numLen          // start of the subject in an 'X' key
	xPredAt    = xSubjectAt + numLen // start of the predicate code
	xObjectAt  = xPredAt + predLen   // start of the object
	sPredAt    = 1 + numLen          // start of the predicate code in an 'S' key
	sObjectAt  = sPredAt + predLen   // start of the object in an 'S' key
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
