package graph

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// ID identifies an entity or a source: a UUID v5 of its canonical key.
type ID = uuid.UUID

// Namespace is the UUID v5 namespace of every govkg ID. It is itself the
// v5 UUID of the URL "urn:govkg" in the standard URL namespace, so anyone
// can recompute it (a test does).
const Namespace = "c56d7b23-c3a1-546a-a536-6a8dae23f419"

// NewID returns the ID of the canonical key: the same key gives the same ID
// on every machine.
func NewID(key string) ID { return uuid.NewSHA1(namespaceID, []byte(key)) }

// namespaceID is Namespace parsed once; it is never written.
var namespaceID = uuid.MustParse(Namespace)

// Key builds the canonical key of an entity of type t called name: the
// lower-case type, a colon and the folded name. Person and most other
// entities use it as it is; documents use DocumentKey.
func Key(t EntityType, name string) string {
	return strings.ToLower(string(t)) + ":" + Fold(name)
}

// DocumentKey builds the canonical key of a document of kind t with the
// given symbol (display form such as "01/2018/NĐ-CP"). qualifier
// disambiguates symbols that are not unique on their own (Party symbols
// such as 12-NQ/TW, whose numbering restarts each term): pass the issuer's
// folded name or the year of issue, or "" when the symbol is unique.
func DocumentKey(t EntityType, symbol, qualifier string) string {
	k := strings.ToLower(string(t)) + ":" + FoldSymbol(symbol)
	if qualifier != "" {
		k += "|" + Fold(qualifier)
	}
	return k
}

// SourceID returns the ID of a source located at loc (URL or path), or of
// its content hash when it has no location.
func SourceID(loc string) ID { return NewID("source:" + loc) }

// Limits on what the store accepts, so that one bad record cannot bloat
// keys or values.
const (
	MaxNameLen     = 1024      // bytes in a name or alias
	MaxAliases     = 256       // aliases on one entity
	MaxLiteralLen  = 4096      // bytes in a literal object
	MaxSentenceLen = 64 * 1024 // bytes of evidence sentence kept
)

// Errors the store returns; wrap-aware (use errors.Is).
var (
	// ErrNotFound: no entity or source has the given ID.
	ErrNotFound = errors.New("not found")
	// ErrInvalid: a record breaks the ontology or the limits.
	ErrInvalid = errors.New("invalid")
)

// Entity is a node of the graph.
type Entity struct {
	ID      ID
	Type    EntityType
	Name    string            // display name, diacritics kept
	Aliases []string          // other names; the name is not repeated here
	Attrs   map[string]string // free attributes, e.g. "symbol" of a document
}

// Names returns the name followed by the aliases.
func (e *Entity) Names() []string { return append([]string{e.Name}, e.Aliases...) }

// Validate checks the entity against the ontology and the limits.
func (e *Entity) Validate() error {
	if e.ID == uuid.Nil {
		return fmt.Errorf("%w: entity %q has no ID", ErrInvalid, e.Name)
	}
	if _, ok := typeCode(e.Type); !ok {
		return fmt.Errorf("%w: entity %q: unknown entity type %q", ErrInvalid, e.Name, e.Type)
	}
	if strings.TrimSpace(e.Name) == "" {
		return fmt.Errorf("%w: entity %s has an empty name", ErrInvalid, e.ID)
	}
	if len(e.Aliases) > MaxAliases {
		return fmt.Errorf("%w: entity %q has %d aliases (at most %d)", ErrInvalid, e.Name, len(e.Aliases), MaxAliases)
	}
	for _, n := range e.Names() {
		if len(n) > MaxNameLen {
			return fmt.Errorf("%w: entity name %.40q… is %d bytes (at most %d)", ErrInvalid, n, len(n), MaxNameLen)
		}
	}
	return nil
}

// ValueKind says what an object is.
type ValueKind uint8

// The kinds of object. Their numbers appear in keys: never renumber.
const (
	KindEntity ValueKind = 1 // another entity, by ID
	KindString ValueKind = 2 // a string literal
	KindDate   ValueKind = 3 // an ISO 8601 date literal, YYYY-MM-DD (or YYYY-MM, YYYY)
	KindNumber ValueKind = 4 // a number literal
)

func (k ValueKind) String() string {
	switch k {
	case KindEntity:
		return "entity"
	case KindString:
		return "string"
	case KindDate:
		return "date"
	case KindNumber:
		return "number"
	}
	return fmt.Sprintf("kind(%d)", uint8(k))
}

// Value is the object of a triple: an entity or a typed literal.
type Value struct {
	Kind   ValueKind
	Entity ID      // when Kind is KindEntity
	Text   string  // when Kind is KindString or KindDate
	Number float64 // when Kind is KindNumber
}

// EntityValue returns the object that points at entity id.
func EntityValue(id ID) Value { return Value{Kind: KindEntity, Entity: id} }

// StringValue returns a string literal.
func StringValue(s string) Value { return Value{Kind: KindString, Text: s} }

// NumberValue returns a number literal.
func NumberValue(f float64) Value { return Value{Kind: KindNumber, Number: f} }

// DateValue returns a date literal, checking that s is an ISO 8601 date
// (YYYY-MM-DD, YYYY-MM or YYYY).
func DateValue(s string) (Value, error) {
	layouts := []string{"2006-01-02", "2006-01", "2006"}
	for _, l := range layouts {
		if len(s) == len(l) {
			if _, err := time.Parse(l, s); err == nil {
				return Value{Kind: KindDate, Text: s}, nil
			}
		}
	}
	return Value{}, fmt.Errorf("%w: %q is not an ISO 8601 date", ErrInvalid, s)
}

// IsEntity reports whether v points at an entity.
func (v Value) IsEntity() bool { return v.Kind == KindEntity }

// String renders the value: the entity ID, the text, or the number.
func (v Value) String() string {
	switch v.Kind {
	case KindEntity:
		return v.Entity.String()
	case KindNumber:
		return strconv.FormatFloat(v.Number, 'g', -1, 64)
	}
	return v.Text
}

// Validate checks the value's kind and size.
func (v Value) Validate() error {
	switch v.Kind {
	case KindEntity:
		if v.Entity == uuid.Nil {
			return fmt.Errorf("%w: object entity has no ID", ErrInvalid)
		}
	case KindString:
		if len(v.Text) > MaxLiteralLen {
			return fmt.Errorf("%w: literal of %d bytes (at most %d)", ErrInvalid, len(v.Text), MaxLiteralLen)
		}
	case KindDate:
		if _, err := DateValue(v.Text); err != nil {
			return err
		}
	case KindNumber:
		if math.IsNaN(v.Number) || math.IsInf(v.Number, 0) {
			return fmt.Errorf("%w: number literal %v", ErrInvalid, v.Number)
		}
	default:
		return fmt.Errorf("%w: unknown value kind %d", ErrInvalid, v.Kind)
	}
	return nil
}

// Triple is one edge: subject, predicate, object.
type Triple struct {
	Subject   ID
	Predicate Predicate
	Object    Value
}

// Provenance says where one triple came from.
type Provenance struct {
	Source     ID      // the source record
	Sentence   string  // the evidence sentence
	Start, End int     // character (byte) span of the evidence in the source text
	Rule       string  // the extraction rule, or "curated"
	Confidence float64 // 0..1
}

// Assertion is a triple with one provenance, as extraction produces it.
type Assertion struct {
	Triple
	Provenance
}

// Source is a first-class record of where assertions came from.
type Source struct {
	ID         ID
	Title      string
	URL        string // URL or path
	Hash       string // hex SHA-256 of the content
	Date       string // the article's own date (ISO 8601), when known
	IngestedAt time.Time
	Triples    int // how many assertions it holds (kept by the store)
}

// Batch is everything one source asserts. The store applies it whole or
// not at all, replacing whatever the source asserted before.
type Batch struct {
	Source     Source
	Entities   []Entity    // upserted; aliases merge with what is stored
	Assertions []Assertion // each Provenance.Source must be Source.ID
}
