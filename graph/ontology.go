package graph

import "fmt"

// EntityType names a kind of entity from ../shared/ONTOLOGY.md.
type EntityType string

// The entity types of the ontology. Resolution through Plan are kinds of
// Document; Document itself is used when the text names a document without
// saying which kind it is.
const (
	Person       EntityType = "Person"
	Organization EntityType = "Organization"
	Position     EntityType = "Position"
	Place        EntityType = "Place"
	Event        EntityType = "Event"
	Programme    EntityType = "Programme"
	Document     EntityType = "Document"
	Resolution   EntityType = "Resolution"
	Decree       EntityType = "Decree"
	Decision     EntityType = "Decision"
	Directive    EntityType = "Directive"
	Conclusion   EntityType = "Conclusion"
	Regulation   EntityType = "Regulation"
	Circular     EntityType = "Circular"
	Law          EntityType = "Law"
	Plan         EntityType = "Plan"
)

// EntityTypes lists every entity type in a fixed order. The position of a
// type in this list is its one-byte code in the type index, so new types
// are only ever appended.
func EntityTypes() []EntityType {
	return []EntityType{
		Person, Organization, Position, Place, Event, Programme, Document,
		Resolution, Decree, Decision, Directive, Conclusion, Regulation,
		Circular, Law, Plan,
	}
}

// IsDocument reports whether t is Document or one of its kinds.
func (t EntityType) IsDocument() bool {
	switch t {
	case Document, Resolution, Decree, Decision, Directive, Conclusion,
		Regulation, Circular, Law, Plan:
		return true
	}
	return false
}

// ParseEntityType returns the type named s, or an error naming s when the
// ontology has no such type.
func ParseEntityType(s string) (EntityType, error) {
	for _, t := range EntityTypes() {
		if string(t) == s {
			return t, nil
		}
	}
	return "", fmt.Errorf("unknown entity type %q", s)
}

// typeCode is the one-byte code of t in keys (its index in EntityTypes).
func typeCode(t EntityType) (byte, bool) {
	for i, u := range EntityTypes() {
		if u == t {
			return byte(i), true
		}
	}
	return 0, false
}

// Predicate names a relation from ../shared/ONTOLOGY.md.
type Predicate string

// The predicates of the ontology.
const (
	IssuedBy      Predicate = "issued_by"
	IssuedOn      Predicate = "issued_on"
	SignedBy      Predicate = "signed_by"
	ApprovedBy    Predicate = "approved_by"
	Implements    Predicate = "implements"
	ReportsOn     Predicate = "reports_on"
	Concerns      Predicate = "concerns"
	PursuantTo    Predicate = "pursuant_to"
	Amends        Predicate = "amends"
	Replaces      Predicate = "replaces"
	HoldsPosition Predicate = "holds_position"
	MemberOf      Predicate = "member_of"
	Leads         Predicate = "leads"
	PartOf        Predicate = "part_of"
	Chairs        Predicate = "chairs"
	Attends       Predicate = "attends"
	HeldIn        Predicate = "held_in"
	HeldOn        Predicate = "held_on"
)

// Predicates lists every predicate of the ontology in a fixed order.
func Predicates() []Predicate {
	return []Predicate{
		IssuedBy, IssuedOn, SignedBy, ApprovedBy, Implements, ReportsOn,
		Concerns, PursuantTo, Amends, Replaces, HoldsPosition, MemberOf,
		Leads, PartOf, Chairs, Attends, HeldIn, HeldOn,
	}
}

// ParsePredicate returns the predicate named s, or an error naming s when
// the ontology has no such predicate.
func ParsePredicate(s string) (Predicate, error) {
	for _, p := range Predicates() {
		if string(p) == s {
			return p, nil
		}
	}
	return "", fmt.Errorf("unknown predicate %q", s)
}

// Signature says which subjects and objects a predicate accepts.
type Signature struct {
	// Subjects lists the subject types; a document kind also admits
	// Document and every other kind when DocumentSubject is set.
	Subjects []EntityType
	// Objects lists the entity types of the object; empty when the object
	// is a literal.
	Objects []EntityType
	// Literal is the literal kind the object must have, when it is one.
	Literal ValueKind
}

// documents lists Document and all its kinds.
func documents() []EntityType {
	return []EntityType{Document, Resolution, Decree, Decision, Directive,
		Conclusion, Regulation, Circular, Law, Plan}
}

func anyEntity() []EntityType { return EntityTypes() }

func join(lists ...[]EntityType) []EntityType {
	var out []EntityType
	for _, l := range lists {
		out = append(out, l...)
	}
	return out
}

// SignatureOf returns the type signature of p.
func SignatureOf(p Predicate) Signature {
	docs := documents()
	switch p {
	case IssuedBy:
		return Signature{Subjects: docs, Objects: []EntityType{Organization, Person, Event}}
	case IssuedOn:
		return Signature{Subjects: docs, Literal: KindDate}
	case SignedBy:
		return Signature{Subjects: docs, Objects: []EntityType{Person}}
	case ApprovedBy:
		return Signature{Subjects: []EntityType{Programme}, Objects: join([]EntityType{Organization, Person}, docs)}
	case Implements:
		return Signature{Subjects: join([]EntityType{Programme, Organization}, docs), Objects: join([]EntityType{Programme}, docs)}
	case ReportsOn:
		return Signature{Subjects: join([]EntityType{Event}, docs), Objects: anyEntity()}
	case Concerns:
		return Signature{Subjects: docs, Objects: anyEntity()}
	case PursuantTo, Amends, Replaces:
		return Signature{Subjects: docs, Objects: docs}
	case HoldsPosition:
		return Signature{Subjects: []EntityType{Person}, Objects: []EntityType{Position}}
	case MemberOf, Leads:
		return Signature{Subjects: []EntityType{Person}, Objects: []EntityType{Organization}}
	case PartOf:
		return Signature{Subjects: []EntityType{Organization}, Objects: []EntityType{Organization}}
	case Chairs, Attends:
		return Signature{Subjects: []EntityType{Person}, Objects: []EntityType{Event}}
	case HeldIn:
		return Signature{Subjects: []EntityType{Event}, Objects: []EntityType{Place}}
	case HeldOn:
		return Signature{Subjects: []EntityType{Event}, Literal: KindDate}
	}
	return Signature{}
}

// Accepts reports whether a triple with this predicate may join a subject of
// type subj to an object of type obj (obj is "" for a literal object of
// kind lit).
func (sig Signature) Accepts(subj EntityType, obj EntityType, lit ValueKind) bool {
	if !contains(sig.Subjects, subj) {
		return false
	}
	if obj == "" {
		return sig.Literal != 0 && sig.Literal == lit
	}
	return contains(sig.Objects, obj)
}

func contains(list []EntityType, t EntityType) bool {
	for _, u := range list {
		if u == t {
			return true
		}
	}
	return false
}
