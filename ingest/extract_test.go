package ingest

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/govkg/govkg/graph"
)

// extractText runs the extractor on one text.
func extractText(t testing.TB, x *Extractor, name, text string) *Extraction {
	t.Helper()
	e, err := x.Extract(context.Background(), Document{Path: name, Text: text})
	if err != nil {
		t.Fatalf("extract %s: %v", name, err)
	}
	checkExtraction(t, name, text, e)
	return e
}

// checkExtraction checks what every extraction must satisfy: valid
// entities with unique IDs, assertions from this source whose evidence is
// the sentence at its offsets, whose predicate accepts its ends, and whose
// ends are entities of the extraction.
func checkExtraction(t testing.TB, name, text string, e *Extraction) {
	t.Helper()
	types := map[graph.ID]graph.EntityType{}
	for _, en := range e.Entities {
		if err := en.Validate(); err != nil {
			t.Errorf("%s: entity %q: %v", name, en.Name, err)
		}
		if _, dup := types[en.ID]; dup {
			t.Errorf("%s: two entities with ID %s (%q)", name, en.ID, en.Name)
		}
		types[en.ID] = en.Type
	}
	for _, a := range e.Assertions {
		if a.Source != e.Source.ID {
			t.Errorf("%s: assertion from source %s, want %s", name, a.Source, e.Source.ID)
		}
		if a.Start < 0 || a.End > len(text) || a.Start > a.End || text[a.Start:a.End] != a.Sentence {
			t.Errorf("%s: evidence [%d,%d) is not its sentence %.60q", name, a.Start, a.End, a.Sentence)
		}
		if !utf8.ValidString(a.Sentence) && utf8.ValidString(text) {
			t.Errorf("%s: evidence cuts a character: %q", name, a.Sentence)
		}
		if a.Rule == "" || a.Confidence <= 0 || a.Confidence > 1 {
			t.Errorf("%s: assertion without rule or confidence: %+v", name, a.Provenance)
		}
		st, ok := types[a.Subject]
		if !ok {
			t.Errorf("%s: assertion subject %s is no entity of the extraction", name, a.Subject)
		}
		var ot graph.EntityType
		if a.Object.IsEntity() {
			if ot, ok = types[a.Object.Entity]; !ok {
				t.Errorf("%s: assertion object %s is no entity of the extraction", name, a.Object.Entity)
			}
		}
		if !graph.SignatureOf(a.Predicate).Accepts(st, ot, a.Object.Kind) {
			t.Errorf("%s: %s %s %s breaks the ontology", name, st, a.Predicate, ot)
		}
	}
}

// find returns the entity of type typ named name (or aliased so), folded.
func find(e *Extraction, typ graph.EntityType, name string) *graph.Entity {
	want := graph.Fold(name)
	for i := range e.Entities {
		en := &e.Entities[i]
		if typ != "" && en.Type != typ {
			continue
		}
		for _, n := range en.Names() {
			if graph.Fold(n) == want {
				return en
			}
		}
	}
	return nil
}

// has reports whether the extraction asserts subject pred object, the
// ends given by name (the object may be an ISO date).
func has(e *Extraction, subj string, p graph.Predicate, obj string) bool {
	s := find(e, "", subj)
	if s == nil {
		return false
	}
	o := find(e, "", obj)
	for _, a := range e.Assertions {
		if a.Subject != s.ID || a.Predicate != p {
			continue
		}
		if a.Object.IsEntity() && o != nil && a.Object.Entity == o.ID {
			return true
		}
		if !a.Object.IsEntity() && a.Object.Text == obj {
			return true
		}
	}
	return false
}

type ent struct {
	typ  graph.EntityType
	name string
}

type rel struct {
	s string
	p graph.Predicate
	o string
}

// TestExtractTexts reads the invented articles in testdata/extract and
// checks what each must yield, and what it must not.
func TestExtractTexts(t *testing.T) {
	cases := []struct {
		file     string
		ents     []ent
		notEnts  []ent
		rels     []rel
		notRels  []rel
		maxCount int // at most this many entities (0: unchecked)
	}{
		{
			file: "en-data-decree.txt",
			ents: []ent{{graph.Person, "Tran Luu Quang"}, {graph.Person, "Luong Tam Quang"},
				{graph.Decree, "Decree 13/2023/ND-CP"}, {graph.Organization, "Ministry of Public Security"},
				{graph.Organization, "MPS"}, {graph.Programme, "Project 06"}, {graph.Decision, "Decision 06/QD-TTg"},
				{graph.Organization, "Department of Cyber Security and High-Tech Crime Prevention"}},
			rels: []rel{
				{"Tran Luu Quang", graph.HoldsPosition, "Deputy Prime Minister"},
				{"Decree 13/2023/ND-CP", graph.SignedBy, "Tran Luu Quang"},
				{"Decree 13/2023/ND-CP", graph.IssuedBy, "Government"}, // "The decree was … promulgated by the Government"
				{"Decree 13/2023/ND-CP", graph.IssuedOn, "2023-04-17"},
				{"Luong Tam Quang", graph.HoldsPosition, "Deputy Minister of Public Security"},
				{"Department of Cyber Security and High-Tech Crime Prevention", graph.PartOf, "Ministry of Public Security"},
				{"Project 06", graph.ApprovedBy, "Government"},
				{"Project 06", graph.ApprovedBy, "Decision 06/QD-TTg"},
				{"Decision 06/QD-TTg", graph.IssuedOn, "2022-01-06"},
			},
			notRels: []rel{{"Project 06", graph.Implements, "Decision 06/QD-TTg"}},
		},
		{
			file: "en-party-resolution.txt",
			ents: []ent{{graph.Organization, "Politburo"}, {graph.Person, "Nguyen Phu Trong"},
				{graph.Organization, "Hanoi Party Committee"}, {graph.Person, "Dinh Tien Dung"},
				{graph.Plan, "Plan 02-KH/TU"}, {graph.Resolution, "Resolution 11-NQ/TW"}},
			rels: []rel{
				{"Resolution 15-NQ/TW", graph.IssuedBy, "Politburo"},
				{"Resolution 15-NQ/TW", graph.IssuedOn, "2022-05-05"},
				{"Resolution 15-NQ/TW", graph.SignedBy, "Nguyen Phu Trong"},
				{"Resolution 15-NQ/TW", graph.Replaces, "Resolution 11-NQ/TW"},
				{"Resolution 11-NQ/TW", graph.IssuedOn, "2012-01-06"},
				{"Nguyen Phu Trong", graph.HoldsPosition, "General Secretary"},
				{"Dinh Tien Dung", graph.MemberOf, "Politburo"},
				{"Dinh Tien Dung", graph.Leads, "Hanoi Party Committee"},
				{"Plan 02-KH/TU", graph.IssuedBy, "Hanoi Party Committee"},
			},
			notRels: []rel{
				{"Resolution 15-NQ/TW", graph.Concerns, "Politburo"}, // "on behalf of the Politburo"
				{"Hanoi Party Committee", graph.Implements, "Resolution 15-NQ/TW"},
			},
		},
		{
			file: "en-defence-conference.txt",
			ents: []ent{{graph.Person, "Phan Van Giang"}, {graph.Person, "General Giang"}, {graph.Person, "Pham Binh Minh"},
				{graph.Organization, "Central Military Commission"}, {graph.Organization, "People's Army"},
				{graph.Programme, "Strategy for Fatherland Protection in the New Situation"}},
			rels: []rel{
				{"Resolution 28-NQ/TW", graph.IssuedBy, "Party Central Committee"},
				{"Resolution 28-NQ/TW", graph.Concerns, "Strategy for Fatherland Protection in the New Situation"},
				{"Phan Van Giang", graph.MemberOf, "Politburo"},
				{"Phan Van Giang", graph.HoldsPosition, "Minister of National Defence"},
				{"Phan Van Giang", graph.HoldsPosition, "Deputy Secretary of the Central Military Commission"},
				{"Pham Binh Minh", graph.HoldsPosition, "Permanent Deputy Prime Minister"},
			},
			// "paid tribute to President Ho Chi Minh": an honour, not a post.
			notRels: []rel{{"Ho Chi Minh", graph.HoldsPosition, "President"}},
			notEnts: []ent{{graph.Position, "President"}, {graph.Person, "Giang"}},
		},
		{
			file: "en-interview.txt",
			ents: []ent{{graph.Person, "Nguyen Duy Ngoc"}, {graph.Directive, "Directive 05/CT-TTg"},
				{graph.Conclusion, "Conclusion 14-KL/TW"}},
			rels: []rel{
				{"Nguyen Duy Ngoc", graph.HoldsPosition, "Deputy Minister of Public Security"},
				{"Ministry of Public Security", graph.Implements, "Project 06"},
				{"Ministry of Public Security", graph.Implements, "Directive 05/CT-TTg"},
				{"Conclusion 14-KL/TW", graph.IssuedBy, "Politburo"},
				{"Conclusion 14-KL/TW", graph.IssuedOn, "2021-09-22"},
			},
			notEnts: []ent{{graph.Position, "Minister"}},
		},
		{
			file: "vi-cong-an.txt",
			ents: []ent{{graph.Person, "To Lam"}, {graph.Person, "Pham Minh Chinh"}, {graph.Person, "Le Quoc Hung"},
				{graph.Event, "Hội nghị Công an toàn quốc lần thứ 78"}, {graph.Plan, "Plan 118-KH/DUCA"},
				{graph.Organization, "Central Public Security Party Committee"}, {graph.Programme, "Project 06"}},
			notEnts: []ent{{graph.Organization, "Government"}}, // "Thủ tướng Chính phủ" is a title
			rels: []rel{
				{"Tô Lâm", graph.MemberOf, "Bộ Chính trị"},
				{"Tô Lâm", graph.Leads, "Đảng ủy Công an Trung ương"},
				{"Tô Lâm", graph.HoldsPosition, "Minister of Public Security"},
				{"Tô Lâm", graph.Chairs, "Hội nghị Công an toàn quốc lần thứ 78"},
				{"Phạm Minh Chính", graph.Attends, "Hội nghị Công an toàn quốc lần thứ 78"},
				{"Hội nghị Công an toàn quốc lần thứ 78", graph.HeldIn, "Hà Nội"},
				{"Hội nghị Công an toàn quốc lần thứ 78", graph.ReportsOn, "Nghị quyết số 12-NQ/TW"},
				{"Resolution 12-NQ/TW", graph.IssuedBy, "Politburo"},
				{"Resolution 12-NQ/TW", graph.IssuedOn, "2022-03-16"},
				{"Resolution 12-NQ/TW", graph.Concerns, "Công an nhân dân"},
				{"Plan 118-KH/ĐUCA", graph.IssuedBy, "Đảng ủy Công an Trung ương"},
				{"Plan 118-KH/ĐUCA", graph.Implements, "Resolution 12-NQ/TW"},
				{"Project 06", graph.ApprovedBy, "Decision 06/QĐ-TTg"},
				{"Bộ Công an", graph.Implements, "Đề án 06"},
				{"Lê Quốc Hùng", graph.HoldsPosition, "Deputy Minister of Public Security"},
			},
		},
		{
			file: "vi-chinh-phu.txt",
			ents: []ent{{graph.Person, "Tran Luu Quang"}, {graph.Decree, "Nghị định số 13/2023/NĐ-CP"},
				{graph.Place, "Bắc Ninh"}, {graph.Organization, "National Assembly"}},
			rels: []rel{
				{"Trần Lưu Quang", graph.HoldsPosition, "Deputy Prime Minister"},
				{"Decree 13/2023/NĐ-CP", graph.SignedBy, "Trần Lưu Quang"},
				{"Decree 13/2023/NĐ-CP", graph.IssuedOn, "2023-04-17"},
				{"Project 06", graph.ApprovedBy, "Decision 06/QĐ-TTg"},
				{"Lương Tam Quang", graph.HoldsPosition, "Thứ trưởng Bộ Công an"},
			},
		},
		{
			file: "en-land-law.txt",
			ents: []ent{{graph.Law, "Land Law"}, {graph.Law, "Law on Land"}, {graph.Person, "Minister Khanh"},
				{graph.Law, "Law on Promulgation of Legal Documents"}},
			rels: []rel{
				{"Law on Land", graph.IssuedBy, "National Assembly"},
				{"Law on Land", graph.IssuedOn, "2024-01-18"},
				{"Dang Quoc Khanh", graph.HoldsPosition, "Minister of Natural Resources and Environment"},
				{"Decree 34/2016/ND-CP", graph.Implements, "Law on Promulgation of Legal Documents"},
			},
		},
		{
			file:    "en-plenum.txt",
			ents:    []ent{{graph.Event, "8th plenum of the 13th Party Central Committee"}, {graph.Person, "Truong Thi Mai"}},
			notEnts: []ent{{graph.Organization, "Truong Thi Mai"}},
			rels: []rel{
				{"Directive 24-CT/TW", graph.SignedBy, "Nguyen Phu Trong"},
				{"Directive 24-CT/TW", graph.IssuedOn, "2023-05-04"},
				{"Conclusion 12-KL/TW", graph.IssuedBy, "Politburo"},
				{"Vo Van Thuong", graph.HoldsPosition, "President"},
				{"Vo Van Thuong", graph.Attends, "8th plenum of the 13th Party Central Committee"},
				{"Vuong Dinh Hue", graph.Attends, "8th plenum of the 13th Party Central Committee"},
				{"8th plenum of the 13th Party Central Committee", graph.HeldIn, "Hanoi"},
				{"8th plenum of the 13th Party Central Committee", graph.HeldOn, "2023-10-02"},
				{"Truong Thi Mai", graph.MemberOf, "Politburo"},
				{"Truong Thi Mai", graph.HoldsPosition, "Permanent Member of the Secretariat"},
			},
		},
		{
			// An issue date after the document ("issued Resolution … on D"),
			// an issuer in a relative clause ("…, which the Government
			// issued on D"), a date of coming into force that is not one,
			// and a dateline's agency credit that is no abbreviation.
			file:    "en-digital-programme.txt",
			ents:    []ent{{graph.Place, "Hanoi"}, {graph.Place, "HCMC"}, {graph.Person, "Nguyen Chi Dung"}},
			notEnts: []ent{{"", "VNA"}},
			rels: []rel{
				{"Decision 749/QD-TTg", graph.SignedBy, "Nguyen Xuan Phuc"},
				{"Decision 749/QD-TTg", graph.IssuedOn, "2020-06-03"}, // the date opens the sentence, after the dateline
				{"Resolution 57-NQ/TW", graph.IssuedBy, "Politburo"},
				{"Resolution 57-NQ/TW", graph.IssuedOn, "2024-12-22"},
				{"Decree 47/2020/ND-CP", graph.IssuedBy, "Government"},
				{"Decree 47/2020/ND-CP", graph.IssuedOn, "2020-04-09"},
				{"Decree 73/2019/ND-CP", graph.IssuedBy, "Government"},
				{"Nguyen Chi Dung", graph.HoldsPosition, "Deputy Prime Minister"},
			},
			notRels: []rel{
				{"Decree 73/2019/ND-CP", graph.IssuedOn, "2019-11-15"}, // it took effect then
				{"Decree 47/2020/ND-CP", graph.IssuedBy, "Nguyen Chi Dung"},
			},
		},
		{
			// Titles that belong to the next name, not the one before it;
			// "who is also head of …" and a lower-case "head of …"; an
			// appeal to others to carry something out; a Secretary of the
			// Party Central Committee, who does not lead it.
			file: "en-anti-corruption.txt",
			rels: []rel{
				{"Nguyen Hoa Binh", graph.HoldsPosition, "Permanent Deputy Prime Minister"},
				{"Bui Thi Minh Hoai", graph.MemberOf, "Politburo"},
				{"Bui Thi Minh Hoai", graph.Leads, "Hanoi Party Committee"},
				{"Le Minh Khai", graph.HoldsPosition, "Secretary of the Party Central Committee"},
				{"To Lam", graph.Leads, "Central Steering Committee"},
				{"Tran Cam Tu", graph.Leads, "Central Inspection Commission"},
			},
			notRels: []rel{
				{"Nguyen Hoa Binh", graph.MemberOf, "Politburo"},
				{"Le Minh Khai", graph.Leads, "Party Central Committee"},
				{"Central Steering Committee", graph.Implements, "Resolution 18-NQ/TW"},
			},
		},
		{
			// A signing date before the signer, after the dateline; an
			// appeal to others ("yêu cầu các bộ … thực hiện") names no agent.
			file: "vi-chi-thi.txt",
			rels: []rel{
				{"Chỉ thị số 04/CT-TTg", graph.SignedBy, "Phạm Minh Chính"},
				{"Chỉ thị số 04/CT-TTg", graph.IssuedOn, "2024-03-12"},
				{"Nghị quyết số 52-NQ/TW", graph.IssuedBy, "Bộ Chính trị"},
			},
			notRels: []rel{{"Chỉ thị số 04/CT-TTg", graph.Implements, "Nghị quyết số 52-NQ/TW"}},
		},
		{
			// The kind alone, capitalised ("Nghị định do … ký", "Nghị định
			// thay thế …"), stands for the decree named before; "do <title>
			// <name> ký" names the signer.
			file: "vi-nghi-dinh.txt",
			rels: []rel{
				{"Nghị định số 24/2024/NĐ-CP", graph.SignedBy, "Trần Hồng Hà"},
				{"Nghị định số 24/2024/NĐ-CP", graph.Replaces, "Nghị định số 63/2014/NĐ-CP"},
				{"Nghị định số 24/2024/NĐ-CP", graph.IssuedOn, "2024-02-27"},
			},
			notRels: []rel{{"Nghị định số 63/2014/NĐ-CP", graph.Replaces, "Nghị định số 24/2024/NĐ-CP"}},
		},
		{
			// A named law with its number is one law ("Law on Data No.
			// 60/2024/QH15", then "the Law on Data"); the object of
			// "passed the …" takes the date after it; "which X had
			// adopted" names the issuer. (Two numbers under one name:
			// TestNamedLawsWithTwoNumbers.)
			file: "en-law-symbols.txt",
			rels: []rel{
				{"Law on Data", graph.IssuedOn, "2024-11-30"},
				{"Law on Data", graph.IssuedBy, "National Assembly"},
				{"Law on Bidding", graph.IssuedBy, "National Assembly"},
			},
		},
		{
			// The same in Vietnamese: "Luật Đấu thầu" and "Luật Đấu thầu số
			// 22/2023/QH15" are one law, dated by "Trước đó, ngày D, …".
			file: "vi-nghi-dinh.txt",
			ents: []ent{{graph.Law, "Luật Đấu thầu"}},
			rels: []rel{
				{"Luật Đấu thầu", graph.IssuedBy, "Quốc hội"},
				{"Luật Đấu thầu số 22/2023/QH15", graph.IssuedOn, "2023-06-23"},
			},
		},
		{
			// A conference named by what it is for ("Hội nghị tổng kết
			// công tác … năm 2024 và triển khai nhiệm vụ năm 2025"), held on
			// the date that opens "X tổ chức Hội nghị …"; "X dự và chỉ đạo
			// Hội nghị" attends; "Tham dự Hội nghị có A; B" lists both.
			file: "vi-tong-ket.txt",
			ents: []ent{{graph.Event, "Hội nghị tổng kết công tác tư pháp năm 2024 và triển khai nhiệm vụ năm 2025"}},
			rels: []rel{
				{"Hội nghị tổng kết công tác tư pháp năm 2024 và triển khai nhiệm vụ năm 2025", graph.HeldOn, "2025-01-10"},
				{"Nguyễn Hải Ninh", graph.Chairs, "Hội nghị tổng kết công tác tư pháp năm 2024 và triển khai nhiệm vụ năm 2025"},
				{"Phạm Minh Chính", graph.Attends, "Hội nghị tổng kết công tác tư pháp năm 2024 và triển khai nhiệm vụ năm 2025"},
				{"Lê Thành Long", graph.Attends, "Hội nghị tổng kết công tác tư pháp năm 2024 và triển khai nhiệm vụ năm 2025"},
				{"Nguyễn Thanh Tịnh", graph.Attends, "Hội nghị tổng kết công tác tư pháp năm 2024 và triển khai nhiệm vụ năm 2025"},
			},
		},
		{
			// "The Secretariat of the … Central Committee has issued": the
			// first body acts; "signed by Politburo member X": X signs,
			// the Politburo issues nothing.
			file: "en-secretariat.txt",
			rels: []rel{
				{"Directive No. 35-CT/TW", graph.IssuedBy, "Secretariat"},
				{"Directive No. 35-CT/TW", graph.SignedBy, "Truong Thi Mai"},
				{"Directive No. 35-CT/TW", graph.IssuedOn, "2024-06-14"},
				{"Conclusion No. 123-KL/TW", graph.SignedBy, "Tran Cam Tu"},
			},
			notRels: []rel{
				{"Directive No. 35-CT/TW", graph.IssuedBy, "Party Central Committee"},
				{"Directive No. 35-CT/TW", graph.IssuedBy, "Politburo"},
			},
		},
		{
			// A name with a family name that can be an English word
			// ("Cao") is a person when a title follows it: "elected Cao
			// Tuong Huy as Chairman of …". "Quang Ninh provincial
			// People's Council" is Quang Ninh's.
			file: "en-province.txt",
			ents: []ent{{graph.Person, "Cao Tuong Huy"}, {graph.Organization, "Quang Ninh People's Council"}},
			rels: []rel{{"Resolution No. 12/NQ-HDND", graph.IssuedBy, "Quang Ninh People's Council"}},
		},
		{
			// A body named as whose meeting it is does not carry out what
			// the meeting is about: "chaired a meeting of the Government's
			// Standing Board on the implementation of Resolution …".
			file:    "en-visit.txt",
			ents:    []ent{{graph.Organization, "Government's Standing Board"}, {graph.Resolution, "Resolution No. 18-NQ/TW"}},
			notRels: []rel{{"Government's Standing Board", graph.Implements, "Resolution No. 18-NQ/TW"}},
		},
		{
			// A spelled ordinal names an event; a topic ends at the
			// subject's second verb; a former title gives no position.
			file: "en-session.txt",
			ents: []ent{{graph.Event, "eighth session of the 15th National Assembly"},
				{graph.Event, "8th session of the 15th National Assembly"}},
			rels: []rel{
				{"Tran Thanh Man", graph.Chairs, "eighth session of the 15th National Assembly"},
				{"eighth session of the 15th National Assembly", graph.HeldOn, "2024-10-21"},
			},
			notRels: []rel{
				{"Resolution 43/2022/QH15", graph.Concerns, "14th National Party Congress"},
				{"Nong Duc Manh", graph.HoldsPosition, "General Secretary"},
				{"Tran Dai Quang", graph.HoldsPosition, "Minister of Public Security"},
			},
		},
		{
			// Titles with a body before a name: the body ends at the name
			// ("Bộ Công an Trần Đại Quang"), a place inside it is whole
			// ("Tỉnh ủy Bắc Ninh"), and "Bắc" is not "Bác" (Uncle).
			file: "vi-lanh-dao.txt",
			ents: []ent{{graph.Person, "Nguyễn Anh Tuấn"}, {graph.Person, "Trần Đại Quang"}, {graph.Person, "Nguyễn Hải Trung"},
				{graph.Organization, "Tỉnh ủy Bắc Ninh"}, {graph.Organization, "Công an Hà Nội"}},
			notEnts: []ent{{graph.Person, "Ninh Nguyễn Anh Tuấn"}, {graph.Organization, "Công an Trần Đại Quang cũng"}},
			rels: []rel{
				{"Nguyễn Anh Tuấn", graph.Leads, "Tỉnh ủy Bắc Ninh"},
				{"Trần Đại Quang", graph.HoldsPosition, "Minister of Public Security"},
				{"Nguyễn Hải Trung", graph.Leads, "Công an Hà Nội"},
			},
			notRels: []rel{{"Nông Đức Mạnh", graph.HoldsPosition, "General Secretary"}},
		},
		{
			// A hyphenated word and a period in a programme's name; an
			// approval by a title "in Decision …"; a National Assembly
			// resolution, whose symbol is that of a law.
			file: "en-rural-programme.txt",
			ents: []ent{{graph.Programme, "National Target Programme on New-style Rural Development for 2021-2025"},
				{graph.Programme, "National Target Programme on New-style Rural Development"},
				{graph.Resolution, "Resolution 25/2021/QH15"}},
			notEnts: []ent{{graph.Law, "Resolution No. 25/2021/QH15"}},
			rels: []rel{
				{"National Target Programme on New-style Rural Development", graph.ApprovedBy, "Decision 263/QD-TTg"},
				{"Decision 263/QD-TTg", graph.IssuedOn, "2022-02-22"},
				{"Resolution 25/2021/QH15", graph.IssuedBy, "National Assembly"},
			},
		},
		{
			// Appointments and elections give the post they name.
			file: "en-appointments.txt",
			rels: []rel{
				{"Nguyen Van Binh", graph.Leads, "Party Central Committee's Office"},
				{"Le Minh Hung", graph.HoldsPosition, "Minister of Home Affairs"},
				{"Dao Minh Tu", graph.HoldsPosition, "Deputy Governor of the State Bank of Vietnam"},
				{"Tran Cam Tu", graph.MemberOf, "Politburo"},
				{"Nguyen Phu Trong", graph.Leads, "Party Central Committee"}, // "was re-elected General Secretary of …"
			},
			notRels: []rel{{"Le Minh Hung", graph.Leads, "National Assembly"}},
		},
		{
			// Past forms of carrying out; a participle that lists no
			// document; an appeal to others names no agent.
			file: "en-security-plan.txt",
			rels: []rel{{"Ministry of Public Security", graph.Implements, "Directive 05/CT-TTg"}},
			notRels: []rel{
				{"Decree 13/2023/ND-CP", graph.Implements, "Decree 13/2023/ND-CP"},
				{"Luong Tam Quang", graph.Implements, "Plan 35/KH-BCA"},
				{"Ministry of Public Security", graph.Implements, "Plan 35/KH-BCA"},
			},
		},
		{
			// A name with an ambiguous family name ("Ha") after "title of
			// the <body>"; a headline's bare "Party Congress" is no event.
			file:    "en-front.txt",
			ents:    []ent{{graph.Person, "Ha Thi Nga"}, {graph.Event, "13th National Party Congress"}},
			notEnts: []ent{{graph.Event, "Party Congress"}},
			rels: []rel{
				{"Ha Thi Nga", graph.MemberOf, "Politburo"},
				{"Ha Thi Nga", graph.Leads, "Vietnam Fatherland Front Central Committee"},
			},
		},
		{
			// "The decree" is the sentence's subject, not the decree it
			// replaces; a signer named after a title; "Under Decision …,"
			// before an approval.
			file: "en-traffic-decree.txt",
			// "Deputy Prime Minister Ha": the short name keeps its whole
			// title as an alias, not the title's last word.
			ents:    []ent{{graph.Person, "Deputy Prime Minister Ha"}},
			notEnts: []ent{{graph.Person, "Minister Ha"}},
			rels: []rel{
				{"Decree 168/2024/ND-CP", graph.Replaces, "Decree 100/2019/ND-CP"},
				{"Decree 168/2024/ND-CP", graph.SignedBy, "Tran Hong Ha"},
				{"Decree 168/2024/ND-CP", graph.IssuedOn, "2024-12-26"},
				{"National Road Safety Strategy", graph.ApprovedBy, "Decision 1446/QD-TTg"},
			},
			notRels: []rel{
				{"Decree 100/2019/ND-CP", graph.SignedBy, "Tran Hong Ha"},
				{"Decree 168/2024/ND-CP", graph.IssuedOn, "2025-01-01"},
			},
		},
		{
			// "the municipal Party Committee" is the Hanoi Party Committee
			// named before, and a title's body, not an agent.
			file:    "en-capital.txt",
			notEnts: []ent{{graph.Organization, "Party Committee"}},
			rels: []rel{
				{"Dinh Tien Dung", graph.Leads, "Hanoi Party Committee"},
				{"Plan 180/KH-UBND", graph.Implements, "Resolution 15-NQ/TW"},
				{"Plan 180/KH-UBND", graph.IssuedBy, "Hanoi People's Committee"},
				{"Plan 25-KH/TU", graph.IssuedBy, "Hanoi Party Committee"}, // "issued Action Plan No. …"
				// "Chairman of the municipal People's Committee Ha Minh Hai":
				// an ambiguous family name after a title of a possessive body.
				{"Ha Minh Hai", graph.Leads, "Hanoi People's Committee"},
			},
			notRels: []rel{{"Hanoi Party Committee", graph.Implements, "Resolution 15-NQ/TW"}},
		},
		{
			// A list item after a title's possessive ("the Prime
			// Minister's Decision …"); a position named with what the
			// abbreviation of its body stands for.
			file: "en-defence-review.txt",
			rels: []rel{
				{"Ministry of National Defence", graph.Implements, "Resolution 24-NQ/TW"},
				{"Ministry of National Defence", graph.Implements, "Decision 1252/QD-TTg"},
				{"Phan Van Giang", graph.HoldsPosition, "Deputy Secretary of the Central Military Commission"},
			},
		},
		{
			// An event named by its topic ("National Conference on …");
			// "the conference" is the event named before it, not one named
			// later; a speech at an event is attendance.
			file: "en-party-building.txt",
			ents: []ent{{graph.Event, "National Conference on Party Building and Organisation Work"}},
			rels: []rel{
				{"National Conference on Party Building and Organisation Work", graph.HeldOn, "2024-12-15"},
				{"Le Minh Hung", graph.Chairs, "National Conference on Party Building and Organisation Work"},
				{"To Lam", graph.Attends, "National Conference on Party Building and Organisation Work"},
				{"Pham Minh Chinh", graph.Attends, "National Conference on Party Building and Organisation Work"},
				{"Luong Cuong", graph.Attends, "78th National Public Security Conference"},
			},
			notRels: []rel{
				{"Le Minh Hung", graph.Chairs, "78th National Public Security Conference"},
				{"Pham Minh Chinh", graph.Attends, "78th National Public Security Conference"},
			},
		},
		{
			// A numbered report is a document named as a report, and what
			// it is on is what it reports on.
			file: "en-reports.txt",
			ents: []ent{{graph.Document, "Report 123/BC-BNV"}, {graph.Document, "Report No. 45/BC-CP"}},
			rels: []rel{
				{"Report 123/BC-BNV", graph.ReportsOn, "Decree 33/2023/ND-CP"},
				{"Report 45/BC-CP", graph.ReportsOn, "Project 06"},
			},
			notRels: []rel{
				{"Report 123/BC-BNV", graph.Implements, "Decree 33/2023/ND-CP"},
				{"Report 45/BC-CP", graph.Concerns, "Project 06"},
			},
		},
		{
			// A date or a day between the subject and its verb; a notice
			// cited by number is named as a notice.
			file: "en-signing-day.txt",
			ents: []ent{{graph.Document, "Notice 45/TB-VPCP"}},
			rels: []rel{
				{"Decision 06/QD-TTg", graph.SignedBy, "Pham Minh Chinh"},
				{"Decision 06/QD-TTg", graph.IssuedOn, "2022-01-06"},
				{"Notice 45/TB-VPCP", graph.IssuedBy, "Government Office"},
				{"To Lam", graph.Attends, "78th National Public Security Conference"},
				{"Luong Tam Quang", graph.Chairs, "78th National Public Security Conference"},
			},
		},
		{
			// Lists of those present after "were"/"was"; an event the
			// sentence speaks of but the text cannot resolve ("the opening
			// session") is not taken for the main one; "were told" lists
			// no one.
			file: "en-congress-guests.txt",
			rels: []rel{
				{"Nguyen Xuan Phuc", graph.Attends, "13th National Party Congress"},
				{"Tran Quoc Vuong", graph.Attends, "13th National Party Congress"},
				{"Truong Tan Sang", graph.Attends, "13th National Party Congress"},
			},
			notRels: []rel{
				{"Tran Hong Ha", graph.Attends, "13th National Party Congress"},
				{"Tran Thanh Man", graph.Attends, "13th National Party Congress"},
				{"Truong Tan Sang", graph.HoldsPosition, "President"},
			},
		},
		{
			// "The movement" stands for the emulation movement named before.
			file: "en-movement.txt",
			rels: []rel{{"For national security, the force learns and follows Uncle Ho's teachings", graph.Implements, "Directive 05-CT/TW"}},
		},
		{
			// A known body's possessive before a body's name ("the Ministry
			// of Public Security's Department of …"); a name with a second
			// "of" phrase; "a unit of" the body it belongs to.
			file:    "en-police-units.txt",
			ents:    []ent{{graph.Organization, "Police Department for Administrative Management of Social Order"}},
			notEnts: []ent{{graph.Organization, "Public Security's Department of Cyber Security and High-Tech Crime Prevention"}},
			rels: []rel{
				{"Department of Cyber Security and High-Tech Crime Prevention", graph.PartOf, "Ministry of Public Security"},
				{"Police Department for Administrative Management of Social Order", graph.PartOf, "Ministry of Public Security"},
			},
		},
		{
			// "signed and issued" on behalf of a body; a date after the
			// topic; a leading "Earlier, on D,"; a topic that ends where
			// "replacing …" begins.
			file: "en-private-economy.txt",
			rels: []rel{
				{"Resolution 68-NQ/TW", graph.SignedBy, "Nguyen Phu Trong"},
				{"Resolution 68-NQ/TW", graph.IssuedBy, "Politburo"},
				{"Resolution 68-NQ/TW", graph.IssuedOn, "2025-05-04"},
				{"Resolution 59-NQ/TW", graph.IssuedOn, "2025-01-26"},
				{"Resolution 59-NQ/TW", graph.Replaces, "Resolution 22-NQ/TW"},
			},
			notRels: []rel{
				{"Resolution 68-NQ/TW", graph.IssuedBy, "Nguyen Phu Trong"},
				{"Resolution 59-NQ/TW", graph.Concerns, "Resolution 22-NQ/TW"},
			},
		},
		{
			// A named law ends before "and Decree No. …"; active past forms
			// of amending and replacing, and "a number of articles of".
			file:    "en-legal-framework.txt",
			ents:    []ent{{graph.Law, "Law on Promulgation of Legal Documents"}},
			notEnts: []ent{{graph.Law, "Law on Promulgation of Legal Documents and Decree"}},
			rels: []rel{
				{"Ministry of Justice", graph.Implements, "Decree 34/2016/ND-CP"},
				{"Decree 154/2020/ND-CP", graph.Amends, "Decree 34/2016/ND-CP"},
				{"Decree 168/2024/ND-CP", graph.Replaces, "Decree 100/2019/ND-CP"},
			},
		},
		{
			// The sitting between an issuer and the date; documents that
			// detail or guide another carry it out.
			file: "en-land-decrees.txt",
			rels: []rel{
				{"Law on Land", graph.IssuedBy, "National Assembly"},
				{"Law on Land", graph.IssuedOn, "2024-01-18"},
				{"Decree 102/2024/ND-CP", graph.Implements, "Law on Land"},
				{"Circular 08/2024/TT-BTNMT", graph.Implements, "Law on Land"},
			},
			notRels: []rel{{"Law on Land", graph.IssuedOn, "2024-08-01"}},
		},
		{
			file: "vi-hoi-nghi-trung-uong.txt",
			rels: []rel{
				{"Nguyễn Phú Trọng", graph.Chairs, "Hội nghị Trung ương 8"},
				{"Hội nghị Trung ương 8", graph.HeldIn, "Hà Nội"},
				{"Võ Văn Thưởng", graph.HoldsPosition, "Chủ tịch nước"},
				{"Võ Văn Thưởng", graph.Attends, "Hội nghị Trung ương 8"},
				{"Phạm Minh Chính", graph.Attends, "Hội nghị Trung ương 8"},
				{"Hội nghị Trung ương 8", graph.ReportsOn, "Kết luận số 14-KL/TW"},
				{"Kết luận số 14-KL/TW", graph.IssuedBy, "Bộ Chính trị"},
				{"Chỉ thị số 24-CT/TW", graph.IssuedBy, "Ban Bí thư"},
			},
			notEnts: []ent{{graph.Organization, "Government"}},
		},
	}
	x := NewExtractor(nil)
	for _, c := range cases {
		t.Run(c.file, func(t *testing.T) {
			b, err := os.ReadFile(filepath.Join("testdata", "extract", c.file))
			if err != nil {
				t.Fatal(err)
			}
			e := extractText(t, x, c.file, string(b))
			for _, w := range c.ents {
				if find(e, w.typ, w.name) == nil {
					t.Errorf("missing %s %q", w.typ, w.name)
				}
			}
			for _, w := range c.notEnts {
				if find(e, w.typ, w.name) != nil {
					t.Errorf("unexpected %s %q", w.typ, w.name)
				}
			}
			for _, w := range c.rels {
				if !has(e, w.s, w.p, w.o) {
					t.Errorf("missing %s %s %s", w.s, w.p, w.o)
				}
			}
			for _, w := range c.notRels {
				if has(e, w.s, w.p, w.o) {
					t.Errorf("unexpected %s %s %s", w.s, w.p, w.o)
				}
			}
			if t.Failed() {
				var buf bytes.Buffer
				e.WriteTable(&buf)
				t.Log("\n" + buf.String())
			}
		})
	}
}

// TestNamedLawsWithTwoNumbers checks that a law's name joins the law
// written with it and its number, but that two numbers under one name
// (the old and the new Land Law) stay two laws.
func TestNamedLawsWithTwoNumbers(t *testing.T) {
	x := NewExtractor(nil)
	tests := []struct{ name, text string }{
		{"en", "The Law on Land No. 31/2024/QH15 replaces the Law on Land No. 45/2013/QH13. The Law on Land takes effect in August."},
		{"vi", "Luật Đất đai số 31/2024/QH15 thay thế Luật Đất đai số 45/2013/QH13. Luật Đất đai có hiệu lực từ tháng 8."},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			e := extractText(t, x, tc.name, tc.text)
			n, o := find(e, graph.Law, "Law 31/2024/QH15"), find(e, graph.Law, "Law 45/2013/QH13")
			if n == nil || o == nil {
				t.Fatalf("laws not found: %v %v", n, o)
			}
			if n.ID == o.ID {
				t.Errorf("the two Land Laws are one entity: %s %v", n.Name, n.Aliases)
			}
		})
	}
}

// TestIdentity checks the identity rules of ONTOLOGY.md.
func TestIdentity(t *testing.T) {
	x := NewExtractor(nil)
	t.Run("person across scripts", func(t *testing.T) {
		vi := extractText(t, x, "vi", "Đại tướng Tô Lâm phát biểu tại buổi làm việc.")
		en := extractText(t, x, "en", "General To Lam spoke at the meeting.")
		a, b := find(vi, graph.Person, "Tô Lâm"), find(en, graph.Person, "To Lam")
		if a == nil || b == nil {
			t.Fatalf("persons not found: %v %v", a, b)
		}
		if a.ID != b.ID || a.ID != graph.NewID(graph.Key(graph.Person, "To Lam")) {
			t.Errorf("Tô Lâm %s, To Lam %s: want one ID", a.ID, b.ID)
		}
		if a.Name != "Tô Lâm" {
			t.Errorf("display name %q, want the diacritics kept", a.Name)
		}
	})
	t.Run("party symbol in two terms", func(t *testing.T) {
		text := "The Politburo issued Resolution No. 12-NQ/TW dated March 16, 2022 on the police force. " +
			"It differs from Resolution No. 12-NQ/TW dated January 16, 2012 on Party building."
		e := extractText(t, x, "terms", text)
		var ids []graph.ID
		for _, en := range e.Entities {
			if en.Type == graph.Resolution {
				ids = append(ids, en.ID)
			}
		}
		if len(ids) != 2 || ids[0] == ids[1] {
			t.Fatalf("resolutions %v: want two distinct", ids)
		}
		// The same symbol and year in another text is the same document.
		o := extractText(t, x, "again", "Resolution 12-NQ/TW, dated March 16, 2022, was discussed.")
		r := find(o, graph.Resolution, "Resolution 12-NQ/TW")
		if r == nil || r.ID != ids[0] {
			t.Errorf("same symbol and year: %v, want %s", r, ids[0])
		}
		if want := graph.NewID(graph.DocumentKey(graph.Resolution, "12-NQ/TW", "2022")); ids[0] != want {
			t.Errorf("ID %s, want the key with the year %s", ids[0], want)
		}
	})
	t.Run("bare number joins the full citation", func(t *testing.T) {
		e := extractText(t, x, "bare", "The Politburo issued Resolution No. 12-NQ/TW on March 16, 2022. "+
			"Localities must implement Resolution No. 12 of the Politburo.")
		full := find(e, graph.Resolution, "Resolution 12-NQ/TW")
		bare := find(e, graph.Resolution, "Resolution No. 12")
		if full == nil || bare == nil || full.ID != bare.ID {
			t.Fatalf("full %v bare %v: want one entity", full, bare)
		}
	})
	t.Run("bare number without citation keeps its issuer", func(t *testing.T) {
		a := extractText(t, x, "a", "The Government issued Resolution No. 7 last week.")
		b := extractText(t, x, "b", "The Politburo issued Resolution No. 7 last week.")
		ra, rb := find(a, graph.Resolution, "Resolution 7"), find(b, graph.Resolution, "Resolution 7")
		if ra == nil || rb == nil || ra.ID == rb.ID {
			t.Fatalf("%v %v: want two documents keyed by issuer", ra, rb)
		}
		if ra.ID != graph.NewID(graph.DocumentKey(graph.Resolution, "7", "Government")) {
			t.Errorf("Resolution 7 of the Government keyed %s", ra.ID)
		}
	})
	t.Run("state symbol without year completed from the date", func(t *testing.T) {
		e := extractText(t, x, "decree", "Decree No. 01/ND-CP promulgated by the Government on August 6, 2018 took effect.")
		d := find(e, graph.Decree, "Decree 01/2018/ND-CP")
		if d == nil || d.ID != graph.NewID(graph.DocumentKey(graph.Decree, "01/2018/NĐ-CP", "")) {
			t.Fatalf("decree %v: want the key of 01/2018/NĐ-CP", d)
		}
	})
	t.Run("abbreviation and name are one body", func(t *testing.T) {
		e := extractText(t, x, "abbr", "The Public Security Forces (PSF) met. The PSF's work and the People's Public Security Force were praised.")
		n := 0
		for _, en := range e.Entities {
			if en.Type == graph.Organization {
				n++
			}
		}
		if n != 1 {
			t.Errorf("%d bodies, want 1", n)
		}
	})
	t.Run("word order variants of a body", func(t *testing.T) {
		e := extractText(t, x, "order", "The Public Security Central Party Committee met. "+
			"The Central Party Committee of the Public Security issued a plan.")
		a := find(e, graph.Organization, "Public Security Central Party Committee")
		b := find(e, graph.Organization, "Central Party Committee of the Public Security")
		if a == nil || b == nil || a.ID != b.ID {
			t.Errorf("%v %v: want one body", a, b)
		}
	})
}

// testKnowledge is a small gazetteer for tests.
type testKnowledge []graph.Entity

func (k testKnowledge) Entities() []graph.Entity { return k }

func newTestKnowledge() testKnowledge {
	e := func(t graph.EntityType, name string, aliases ...string) graph.Entity {
		return graph.Entity{ID: graph.NewID("test:" + name), Type: t, Name: name, Aliases: aliases}
	}
	psf := e(graph.Organization, "People's Public Security Force", "PSF", "PFS", "CAND", "Công an nhân dân")
	mps := e(graph.Organization, "Ministry of Public Security", "MPS", "Bộ Công an")
	doc := e(graph.Resolution, "Resolution 12-NQ/TW", "Nghị quyết 12-NQ/TW")
	doc.Attrs = map[string]string{"symbol": "12-NQ/TW", "year": "2022"}
	lam := e(graph.Person, "Tô Lâm", "To Lam")
	return testKnowledge{psf, mps, doc, lam, e(graph.Place, "Hanoi", "Hà Nội")}
}

// TestKnowledge checks that a gazetteer names and links entities (its
// typo variants included) and adds no relation of its own.
func TestKnowledge(t *testing.T) {
	k := newTestKnowledge()
	x := NewExtractor(k)
	text := "The PFS's one-year realization of Resolution No. 12-NQ/TW was reviewed. " +
		"The MPS and the CAND met in Hanoi."
	e := extractText(t, x, "known", text)
	psf := find(e, graph.Organization, "PFS")
	if psf == nil || psf.ID != k[0].ID || psf.Name != k[0].Name {
		t.Fatalf("PFS resolved to %v, want the gazetteer's %s", psf, k[0].ID)
	}
	if c := find(e, graph.Organization, "CAND"); c == nil || c.ID != psf.ID {
		t.Errorf("CAND: %v, want the same body as PFS", c)
	}
	if d := find(e, graph.Resolution, "Resolution 12-NQ/TW"); d == nil || d.ID != k[2].ID {
		t.Errorf("resolution by symbol: %v, want %s", d, k[2].ID)
	}
	if !has(e, "PFS", graph.Implements, "Resolution 12-NQ/TW") {
		t.Errorf("missing PSF implements Resolution 12-NQ/TW")
	}
	// Only what the text says: nothing about To Lam, who is not in it.
	if find(e, graph.Person, "To Lam") != nil {
		t.Errorf("a gazetteer entity the text does not name was emitted")
	}
	for _, a := range e.Assertions {
		if !strings.Contains(text, a.Sentence) {
			t.Errorf("assertion without evidence in the text: %+v", a)
		}
	}
	// Another term's document with the same symbol is not the gazetteer's.
	other := extractText(t, x, "other-term", "Resolution No. 12-NQ/TW dated January 16, 2012 was reviewed.")
	if d := find(other, graph.Resolution, "Resolution 12-NQ/TW"); d == nil || d.ID == k[2].ID {
		t.Errorf("2012 resolution: %v, want a document of its own", d)
	}
	// Without the gazetteer the typo stays unknown, the rest still works.
	plain := extractText(t, NewExtractor(nil), "plain", text)
	if find(plain, graph.Organization, "PFS") != nil {
		t.Errorf("PFS named without a gazetteer saying so")
	}
}

// TestWriteJSON checks the eval contract's JSON.
func TestWriteJSON(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("testdata", "extract", "en-party-resolution.txt"))
	if err != nil {
		t.Fatal(err)
	}
	e := extractText(t, NewExtractor(nil), "json", string(b))
	var buf bytes.Buffer
	if err := e.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var out struct {
		Entities []struct {
			ID, Type, Name string
			Aliases        []string
		}
		Relations []struct {
			Subject, Predicate, Object string
			Evidence                   struct {
				Sentence   string
				Start, End int
			}
			Confidence float64
		}
	}
	dec := json.NewDecoder(&buf)
	dec.DisallowUnknownFields()
	if err := dec.Decode(&out); err != nil {
		t.Fatalf("decode: %v", err)
	}
	if len(out.Entities) != len(e.Entities) || len(out.Relations) != len(e.Assertions) {
		t.Fatalf("%d entities, %d relations; want %d, %d", len(out.Entities), len(out.Relations), len(e.Entities), len(e.Assertions))
	}
	ids := map[string]bool{}
	for _, en := range out.Entities {
		ids[en.ID] = true
		if en.Aliases == nil {
			t.Errorf("entity %q: aliases must be a list", en.Name)
		}
	}
	for _, r := range out.Relations {
		if !ids[r.Subject] {
			t.Errorf("relation subject %s is no entity", r.Subject)
		}
		if !ids[r.Object] {
			if _, err := graph.DateValue(r.Object); err != nil {
				t.Errorf("relation object %q is neither an entity nor a date", r.Object)
			}
		}
		if string(b)[r.Evidence.Start:r.Evidence.End] != r.Evidence.Sentence {
			t.Errorf("evidence offsets do not give the sentence")
		}
	}
}

// TestWriteTable checks the table names things instead of giving IDs.
func TestWriteTable(t *testing.T) {
	e := extractText(t, NewExtractor(nil), "table", "Prime Minister Pham Minh Chinh attended the 10th National Congress of the Fatherland Front.")
	var buf bytes.Buffer
	if err := e.WriteTable(&buf); err != nil {
		t.Fatal(err)
	}
	s := buf.String()
	if !strings.Contains(s, "Pham Minh Chinh") || !strings.Contains(s, "holds_position") {
		t.Errorf("table lacks names or predicates:\n%s", s)
	}
	for _, en := range e.Entities {
		if strings.Contains(s, en.ID.String()) {
			t.Errorf("table shows ID %s", en.ID)
		}
	}
	// Columns are aligned: every relation row has the predicate at the
	// same offset.
	var col = -1
	for _, line := range strings.Split(s, "\n") {
		if i := strings.Index(line, "holds_position"); i >= 0 {
			if col >= 0 && i != col {
				t.Errorf("columns not aligned:\n%s", s)
			}
			col = i
		}
	}
}

// TestExtractCancelled checks a done context stops extraction.
func TestExtractCancelled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := NewExtractor(nil).Extract(ctx, Document{Path: "x", Text: "General To Lam spoke."}); err == nil {
		t.Fatal("no error from a cancelled context")
	}
}

// TestBatch checks the batch is the extraction's.
func TestBatch(t *testing.T) {
	e := extractText(t, NewExtractor(nil), "batch", "The Politburo issued Resolution No. 12-NQ/TW on March 16, 2022.")
	b := e.Batch()
	if b.Source.ID != e.Source.ID || len(b.Entities) != len(e.Entities) || len(b.Assertions) != len(e.Assertions) {
		t.Fatalf("batch differs from extraction")
	}
	d := Document{Path: "batch", Text: "The Politburo issued Resolution No. 12-NQ/TW on March 16, 2022."}
	if b.Source.Hash != d.Hash() || b.Source.URL != d.Location() || b.Source.ID != d.SourceID() {
		t.Errorf("source record %+v does not describe the document", b.Source)
	}
}

// TestExtractConcurrent checks one extractor serves goroutines at once
// and gives each the same result as alone (run with -race).
func TestExtractConcurrent(t *testing.T) {
	x := NewExtractor(newTestKnowledge())
	g := newArticleGen(3)
	var docs []Document
	var want []string
	for i := 0; i < 16; i++ {
		d := Document{Path: "c" + itoa(i), Text: g.article()}
		docs = append(docs, d)
		var buf bytes.Buffer
		extractText(t, x, d.Path, d.Text).WriteJSON(&buf)
		want = append(want, buf.String())
	}
	errs := make(chan string, 4*len(docs))
	done := make(chan struct{})
	for w := 0; w < 4; w++ {
		go func() {
			defer func() { done <- struct{}{} }()
			for i, d := range docs {
				e, err := x.Extract(context.Background(), d)
				if err != nil {
					errs <- err.Error()
					continue
				}
				var buf bytes.Buffer
				e.WriteJSON(&buf)
				if buf.String() != want[i] {
					errs <- "different result for " + d.Path
				}
			}
		}()
	}
	for w := 0; w < 4; w++ {
		<-done
	}
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}
