package graph

import (
	"encoding/binary"
	"errors"
	"fmt"
	"math"
	"sort"
	"time"
	"unicode/utf8"
)

// The value encodings. Each record starts with a one-byte version so that a
// later layout can still read an old one; strings are a uvarint length and
// the bytes; numbers are uvarints or eight big-endian bytes.
//
//	entity:     1 type-code name n-aliases alias… n-attrs (key value)…   (attrs sorted by key)
//	provenance: 1 sentence start end rule confidence(8)
//	source:     1 title url hash date ingested(varint unix ns, 0 = unknown) triples
//
// The ID of an entity and the source of a provenance are in the key, not
// the value.
const recordVersion byte = 1

// errShort is returned when a record ends too early.
var errShort = errors.New("record cut short")

// appendString appends a uvarint length and the bytes of s.
func appendString(b []byte, s string) []byte {
	b = binary.AppendUvarint(b, uint64(len(s)))
	return append(b, s...)
}

// decoder reads the parts of a record from the front.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) byte() byte {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 1 {
		d.err = errShort
		return 0
	}
	c := d.b[0]
	d.b = d.b[1:]
	return c
}

func (d *decoder) uvarint() uint64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Uvarint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) varint() int64 {
	if d.err != nil {
		return 0
	}
	v, n := binary.Varint(d.b)
	if n <= 0 {
		d.err = errShort
		return 0
	}
	d.b = d.b[n:]
	return v
}

func (d *decoder) string() string {
	n := d.uvarint()
	if d.err != nil {
		return ""
	}
	if uint64(len(d.b)) < n {
		d.err = errShort
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

func (d *decoder) fixed64() uint64 {
	if d.err != nil {
		return 0
	}
	if len(d.b) < 8 {
		d.err = errShort
		return 0
	}
	v := binary.BigEndian.Uint64(d.b)
	d.b = d.b[8:]
	return v
}

// finish reports the first error, or trailing bytes.
func (d *decoder) finish(what string) error {
	if d.err != nil {
		return fmt.Errorf("decode %s: %w", what, d.err)
	}
	if len(d.b) != 0 {
		return fmt.Errorf("decode %s: %d trailing bytes", what, len(d.b))
	}
	return nil
}

// version reads and checks the leading version byte.
func (d *decoder) version(what string) {
	if v := d.byte(); d.err == nil && v != recordVersion {
		d.err = fmt.Errorf("%s record version %d, this govkg reads %d", what, v, recordVersion)
	}
}

// appendEntity appends the record of e (its ID is not included).
func appendEntity(b []byte, e *Entity) []byte {
	code, _ := typeCode(e.Type)
	b = append(b, recordVersion, code)
	b = appendString(b, e.Name)
	b = binary.AppendUvarint(b, uint64(len(e.Aliases)))
	for _, a := range e.Aliases {
		b = appendString(b, a)
	}
	b = binary.AppendUvarint(b, uint64(len(e.Attrs)))
	if len(e.Attrs) > 0 {
		keys := make([]string, 0, len(e.Attrs))
		for k := range e.Attrs {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			b = appendString(b, k)
			b = appendString(b, e.Attrs[k])
		}
	}
	return b
}

// entityTypeOf reads only the type of an entity record.
func entityTypeOf(b []byte) (EntityType, error) {
	if len(b) < 2 || b[0] != recordVersion {
		return "", fmt.Errorf("decode entity: bad record header %x", b[:min(len(b), 2)])
	}
	types := EntityTypes()
	if int(b[1]) >= len(types) {
		return "", fmt.Errorf("decode entity: unknown type code %d", b[1])
	}
	return types[b[1]], nil
}

// decodeEntity reads the record of entity id.
func decodeEntity(id ID, b []byte) (Entity, error) {
	t, err := entityTypeOf(b)
	if err != nil {
		return Entity{}, fmt.Errorf("entity %s: %w", id, err)
	}
	d := decoder{b: b[2:]}
	e := Entity{ID: id, Type: t, Name: d.string()}
	if n := d.uvarint(); n > 0 && d.err == nil {
		if n > uint64(len(d.b)) {
			return Entity{}, fmt.Errorf("entity %s: decode entity: %d aliases in %d bytes", id, n, len(d.b))
		}
		e.Aliases = make([]string, 0, n)
		for i := uint64(0); i < n && d.err == nil; i++ {
			e.Aliases = append(e.Aliases, d.string())
		}
	}
	if n := d.uvarint(); n > 0 && d.err == nil {
		if n > uint64(len(d.b)) {
			return Entity{}, fmt.Errorf("entity %s: decode entity: %d attributes in %d bytes", id, n, len(d.b))
		}
		e.Attrs = make(map[string]string, n)
		for i := uint64(0); i < n && d.err == nil; i++ {
			k := d.string()
			e.Attrs[k] = d.string()
		}
	}
	if err := d.finish("entity"); err != nil {
		return Entity{}, fmt.Errorf("entity %s: %w", id, err)
	}
	return e, nil
}

// appendProvenance appends the record of p (its source is in the key).
func appendProvenance(b []byte, p *Provenance) []byte {
	b = append(b, recordVersion)
	b = appendString(b, p.Sentence)
	b = binary.AppendUvarint(b, uint64(p.Start))
	b = binary.AppendUvarint(b, uint64(p.End))
	b = appendString(b, p.Rule)
	return binary.BigEndian.AppendUint64(b, math.Float64bits(p.Confidence))
}

// decodeProvenance reads a provenance record of source src.
func decodeProvenance(src ID, b []byte) (Provenance, error) {
	d := decoder{b: b}
	d.version("provenance")
	p := Provenance{Source: src}
	p.Sentence = d.string()
	p.Start = int(d.uvarint())
	p.End = int(d.uvarint())
	p.Rule = d.string()
	p.Confidence = math.Float64frombits(d.fixed64())
	if err := d.finish("provenance"); err != nil {
		return Provenance{}, err
	}
	return p, nil
}

// appendSource appends the record of src.
func appendSource(b []byte, src *Source) []byte {
	b = append(b, recordVersion)
	b = appendString(b, src.Title)
	b = appendString(b, src.URL)
	b = appendString(b, src.Hash)
	b = appendString(b, src.Date)
	var ns int64
	if !src.IngestedAt.IsZero() {
		ns = src.IngestedAt.UnixNano()
	}
	b = binary.AppendVarint(b, ns)
	return binary.AppendUvarint(b, uint64(src.Triples))
}

// decodeSource reads the record of source id.
func decodeSource(id ID, b []byte) (Source, error) {
	d := decoder{b: b}
	d.version("source")
	s := Source{ID: id}
	s.Title = d.string()
	s.URL = d.string()
	s.Hash = d.string()
	s.Date = d.string()
	if ns := d.varint(); ns != 0 {
		s.IngestedAt = time.Unix(0, ns).UTC()
	}
	s.Triples = int(d.uvarint())
	if err := d.finish("source"); err != nil {
		return Source{}, fmt.Errorf("source %s: %w", id, err)
	}
	return s, nil
}

// truncateUTF8 cuts s to at most n bytes without splitting a character.
func truncateUTF8(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n]
}
