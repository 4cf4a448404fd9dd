package ingest

import "github.com/govkg/govkg/graph"

// The built-in vocabulary: what any reader of Vietnamese political news
// knows without a gazetteer. Titles and ranks anchor persons and become
// positions; the core Party and State bodies, ministries, provinces and
// countries are recognised with their English and Vietnamese names. It is
// vocabulary, not facts: no relation ever comes from here.

// titleRole says what a title means for the person who bears it.
type titleRole uint8

const (
	roleRank     titleRole = iota + 1 // a military or police rank: anchors a name only
	roleHonor                         // Mr, Ms, comrade: anchors a name only
	rolePosition                      // a position on its own: Prime Minister
	roleOfPos                         // a position of a body: Minister (of X)
	roleLeads                         // heads a body: Secretary (of X)
	roleMember                        // belongs to a body: Member (of X)
)

// titleDef is one title: its phrases (English, Vietnamese), its role and
// the canonical English name of the position it gives, when it gives one.
type titleDef struct {
	role    titleRole
	canon   string
	phrases []string
	index   int // its place in Extractor.titles
}

func builtinTitles() []titleDef {
	return []titleDef{
		{role: roleRank, canon: "", phrases: []string{"General", "Senior Lieutenant General", "Lieutenant General", "Major General",
			"Senior Colonel", "Colonel", "Lieutenant Colonel", "Major", "Captain", "Admiral", "Vice Admiral",
			"Rear Admiral", "Senior Lieutenant", "Lieutenant", "Đại tướng", "Thượng tướng", "Trung tướng",
			"Thiếu tướng", "Đại tá", "Thượng tá", "Trung tá", "Thiếu tá", "Đô đốc", "Phó Đô đốc", "Chuẩn Đô đốc"}},
		{role: roleHonor, canon: "", phrases: []string{"Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Madam", "Dr", "Dr.", "Prof", "Prof.",
			"Assoc. Prof.", "Comrade", "comrade", "ông", "Ông", "bà", "Bà", "đồng chí", "Đồng chí", "Uncle", "Bác"}},
		{role: rolePosition, canon: "Prime Minister", phrases: []string{"Prime Minister", "PM", "Thủ tướng", "Thủ tướng Chính phủ"}},
		{role: rolePosition, canon: "Deputy Prime Minister", phrases: []string{"Deputy Prime Minister", "Deputy PM", "Vice Prime Minister",
			"Phó Thủ tướng", "Phó Thủ tướng Chính phủ"}},
		{role: rolePosition, canon: "Permanent Deputy Prime Minister", phrases: []string{"Permanent Deputy Prime Minister",
			"Phó Thủ tướng Thường trực", "Phó Thủ tướng Thường trực Chính phủ"}},
		{role: rolePosition, canon: "General Secretary", phrases: []string{"General Secretary", "Party General Secretary",
			"Party General Secretary of the Communist Party of Vietnam", "Party chief", "Party Chief", "Tổng Bí thư",
			"Tổng Bí thư Ban Chấp hành Trung ương Đảng"}},
		{role: rolePosition, canon: "President", phrases: []string{"President", "State President", "Chủ tịch nước"}},
		{role: rolePosition, canon: "Vice President", phrases: []string{"Vice President", "Vice State President", "Phó Chủ tịch nước"}},
		{role: rolePosition, canon: "Permanent Member of the Secretariat", phrases: []string{"Permanent Member of the Secretariat",
			"permanent member of the Secretariat", "Thường trực Ban Bí thư"}},
		{role: rolePosition, canon: "National Assembly Chairman", phrases: []string{"National Assembly Chairman", "NA Chairman",
			"National Assembly Chairwoman", "NA Chairwoman", "Chủ tịch Quốc hội"}},
		{role: roleOfPos, canon: "Minister", phrases: []string{"Minister", "Bộ trưởng"}},
		{role: roleOfPos, canon: "Deputy Minister", phrases: []string{"Deputy Minister", "Vice Minister", "Thứ trưởng"}},
		{role: roleOfPos, canon: "Deputy Secretary", phrases: []string{"Deputy Secretary", "Standing Deputy Secretary", "Phó Bí thư",
			"Phó Bí thư Thường trực"}},
		{role: roleOfPos, canon: "Deputy Head", phrases: []string{"Deputy Head", "Phó Trưởng ban", "Phó Trưởng Ban"}},
		{role: roleOfPos, canon: "Vice Chairman", phrases: []string{"Vice Chairman", "Vice Chairwoman", "Deputy Chairman",
			"Deputy Chairwoman", "Vice Chair", "Phó Chủ tịch", "Phó Chủ nhiệm"}},
		{role: roleOfPos, canon: "Deputy Director", phrases: []string{"Deputy Director", "Deputy Director General", "Phó Giám đốc",
			"Phó Cục trưởng", "Phó Tổng cục trưởng"}},
		{role: roleOfPos, canon: "Deputy Commander", phrases: []string{"Deputy Commander", "Phó Tư lệnh"}},
		{role: roleOfPos, canon: "Deputy Governor", phrases: []string{"Deputy Governor", "Phó Thống đốc"}},
		{role: roleLeads, canon: "Secretary", phrases: []string{"Secretary", "Party Secretary", "Bí thư"}},
		// Lower-case forms stand in appositives ("Nguyen Van A, head of
		// the Steering Committee"); without "of <body>" they only anchor.
		{role: roleLeads, canon: "Head", phrases: []string{"Head", "head", "Chief", "Trưởng ban", "Trưởng Ban"}},
		{role: roleLeads, canon: "Chairman", phrases: []string{"Chairman", "chairman", "Chairwoman", "chairwoman", "Chairperson",
			"Chair", "Chủ tịch", "Chủ nhiệm"}},
		{role: roleLeads, canon: "Director", phrases: []string{"Director", "Director General", "General Director", "Giám đốc",
			"Cục trưởng", "Tổng cục trưởng", "Chánh Văn phòng"}},
		{role: roleLeads, canon: "Commander", phrases: []string{"Commander", "Tư lệnh"}},
		{role: roleLeads, canon: "Governor", phrases: []string{"Governor", "Thống đốc"}},
		{role: roleMember, canon: "Member", phrases: []string{"Member", "member", "Standing Member", "standing member",
			"Alternate Member", "alternate member", "Ủy viên", "Uỷ viên", "ủy viên", "Ủy viên dự khuyết"}},
	}
}

// orgDef is a body: its canonical English name and other names.
type orgDef struct {
	canon string
	names []string
}

func builtinOrgs() []orgDef {
	return []orgDef{
		{"Politburo", []string{"Political Bureau", "Bộ Chính trị"}},
		{"Secretariat", []string{"Party Central Committee's Secretariat", "Secretariat of the Party Central Committee",
			"Ban Bí thư", "Ban Bí thư Trung ương Đảng"}},
		{"Party Central Committee", []string{"Central Committee of the Party", "Central Executive Committee",
			"Party Central Executive Committee", "Central Committee of the Communist Party of Vietnam",
			"Ban Chấp hành Trung ương", "Ban Chấp hành Trung ương Đảng", "Trung ương Đảng"}},
		{"Communist Party of Vietnam", []string{"Communist Party of Viet Nam", "Đảng Cộng sản Việt Nam"}},
		{"Government", []string{"Vietnamese Government", "Government of Vietnam", "Chính phủ"}},
		{"National Assembly", []string{"Quốc hội"}},
		{"National Assembly Standing Committee", []string{"Standing Committee of the National Assembly",
			"Ủy ban Thường vụ Quốc hội", "Uỷ ban Thường vụ Quốc hội"}},
		{"Ministry of Public Security", []string{"Bộ Công an"}},
		{"Ministry of National Defence", []string{"Ministry of National Defense", "Bộ Quốc phòng"}},
		{"Ministry of Foreign Affairs", []string{"Bộ Ngoại giao"}},
		{"Ministry of Justice", []string{"Bộ Tư pháp"}},
		{"Ministry of Finance", []string{"Bộ Tài chính"}},
		{"Ministry of Planning and Investment", []string{"Bộ Kế hoạch và Đầu tư"}},
		{"Ministry of Home Affairs", []string{"Bộ Nội vụ"}},
		{"Ministry of Industry and Trade", []string{"Bộ Công Thương", "Bộ Công thương"}},
		{"Ministry of Information and Communications", []string{"Bộ Thông tin và Truyền thông"}},
		{"Ministry of Education and Training", []string{"Bộ Giáo dục và Đào tạo"}},
		{"Ministry of Health", []string{"Bộ Y tế"}},
		{"Ministry of Labour, Invalids and Social Affairs", []string{"Ministry of Labor, Invalids and Social Affairs",
			"Bộ Lao động - Thương binh và Xã hội", "Bộ Lao động-Thương binh và Xã hội"}},
		{"Ministry of Agriculture and Rural Development", []string{"Bộ Nông nghiệp và Phát triển nông thôn"}},
		{"Ministry of Transport", []string{"Bộ Giao thông vận tải"}},
		{"Ministry of Construction", []string{"Bộ Xây dựng"}},
		{"Ministry of Natural Resources and Environment", []string{"Bộ Tài nguyên và Môi trường"}},
		{"Ministry of Science and Technology", []string{"Bộ Khoa học và Công nghệ"}},
		{"Ministry of Culture, Sports and Tourism", []string{"Bộ Văn hóa, Thể thao và Du lịch", "Bộ Văn hoá, Thể thao và Du lịch"}},
		{"Government Inspectorate", []string{"Thanh tra Chính phủ"}},
		{"Government Office", []string{"Văn phòng Chính phủ"}},
		{"State Bank of Vietnam", []string{"Ngân hàng Nhà nước Việt Nam", "Ngân hàng Nhà nước"}},
		{"Supreme People's Court", []string{"Tòa án nhân dân tối cao", "Toà án nhân dân tối cao"}},
		{"Supreme People's Procuracy", []string{"Viện kiểm sát nhân dân tối cao"}},
		{"Vietnam Fatherland Front", []string{"Mặt trận Tổ quốc Việt Nam"}},
		{"People's Public Security Force", []string{"People's Public Security Forces", "People's Public Security",
			"Công an nhân dân", "lực lượng Công an nhân dân"}},
		{"People's Army", []string{"Vietnam People's Army", "Quân đội nhân dân", "Quân đội nhân dân Việt Nam"}},
		{"Central Public Security Party Committee", []string{"Đảng ủy Công an Trung ương", "Đảng uỷ Công an Trung ương"}},
		{"Central Military Commission", []string{"Quân ủy Trung ương", "Quân uỷ Trung ương"}},
		{"Central Inspection Commission", []string{"Ủy ban Kiểm tra Trung ương", "Uỷ ban Kiểm tra Trung ương"}},
		{"Central Organisation Commission", []string{"Central Organization Commission", "Party Central Committee's Organisation Commission",
			"Ban Tổ chức Trung ương"}},
		{"Central Internal Affairs Commission", []string{"Ban Nội chính Trung ương"}},
		{"Central Economic Commission", []string{"Ban Kinh tế Trung ương"}},
		{"Central Propaganda and Training Commission", []string{"Central Propaganda and Education Commission",
			"Ban Tuyên giáo Trung ương", "Ban Tuyên giáo và Dân vận Trung ương"}},
		{"Central Party Office", []string{"Office of the Party Central Committee", "Văn phòng Trung ương Đảng"}},
		{"Ho Chi Minh Communist Youth Union", []string{"Đoàn Thanh niên Cộng sản Hồ Chí Minh"}},
	}
}

// placeDef is a place: canonical English name and other names.
type placeDef struct {
	canon string
	names []string
}

func builtinPlaces() []placeDef {
	ps := []placeDef{
		{"Vietnam", []string{"Viet Nam", "Việt Nam"}},
		{"Hanoi", []string{"Ha Noi", "Hà Nội", "Hanoi capital"}},
		{"Ho Chi Minh City", []string{"HCM City", "Thành phố Hồ Chí Minh", "TP Hồ Chí Minh", "TP. Hồ Chí Minh", "TP.HCM"}},
		{"Da Nang", []string{"Danang", "Đà Nẵng"}},
		{"Hai Phong", []string{"Haiphong", "Hải Phòng"}},
		{"Can Tho", []string{"Cần Thơ"}},
		{"Hue", []string{"Huế"}},
		{"Ba Ria-Vung Tau", []string{"Ba Ria - Vung Tau", "Bà Rịa - Vũng Tàu", "Bà Rịa-Vũng Tàu"}},
		{"Thua Thien Hue", []string{"Thua Thien-Hue", "Thừa Thiên Huế", "Thừa Thiên - Huế"}},
		{"Dak Lak", []string{"Daklak", "Đắk Lắk"}},
		{"Dak Nong", []string{"Đắk Nông"}},
		{"China", []string{"Trung Quốc"}},
		{"Laos", []string{"Lao PDR", "Lào"}},
		{"Cambodia", []string{"Campuchia"}},
		{"United States", []string{"the United States", "USA", "U.S.", "Hoa Kỳ"}},
		{"Republic of Korea", []string{"South Korea", "Hàn Quốc"}},
		{"Japan", []string{"Nhật Bản"}},
		{"Russia", []string{"Russian Federation", "Liên bang Nga"}},
		{"India", []string{"Ấn Độ"}},
		{"France", []string{"Pháp"}},
		{"Cuba", nil}, {"Thailand", []string{"Thái Lan"}}, {"Singapore", nil}, {"Indonesia", nil},
		{"Malaysia", nil}, {"Philippines", nil}, {"Myanmar", nil}, {"Brunei", nil}, {"Australia", nil},
		{"Germany", []string{"Đức"}}, {"United Kingdom", []string{"UK"}}, {"Canada", nil},
		{"Southeast Asia", []string{"Đông Nam Á"}},
	}
	// Provinces with their Vietnamese spelling.
	for _, p := range [][2]string{
		{"An Giang", "An Giang"}, {"Bac Giang", "Bắc Giang"}, {"Bac Kan", "Bắc Kạn"}, {"Bac Lieu", "Bạc Liêu"},
		{"Bac Ninh", "Bắc Ninh"}, {"Ben Tre", "Bến Tre"}, {"Binh Dinh", "Bình Định"}, {"Binh Duong", "Bình Dương"},
		{"Binh Phuoc", "Bình Phước"}, {"Binh Thuan", "Bình Thuận"}, {"Ca Mau", "Cà Mau"}, {"Cao Bang", "Cao Bằng"},
		{"Dien Bien", "Điện Biên"}, {"Dong Nai", "Đồng Nai"}, {"Dong Thap", "Đồng Tháp"}, {"Gia Lai", "Gia Lai"},
		{"Ha Giang", "Hà Giang"}, {"Ha Nam", "Hà Nam"}, {"Ha Tinh", "Hà Tĩnh"}, {"Hai Duong", "Hải Dương"},
		{"Hau Giang", "Hậu Giang"}, {"Hoa Binh", "Hòa Bình"}, {"Hung Yen", "Hưng Yên"}, {"Khanh Hoa", "Khánh Hòa"},
		{"Kien Giang", "Kiên Giang"}, {"Kon Tum", "Kon Tum"}, {"Lai Chau", "Lai Châu"}, {"Lam Dong", "Lâm Đồng"},
		{"Lang Son", "Lạng Sơn"}, {"Lao Cai", "Lào Cai"}, {"Long An", "Long An"}, {"Nam Dinh", "Nam Định"},
		{"Nghe An", "Nghệ An"}, {"Ninh Binh", "Ninh Bình"}, {"Ninh Thuan", "Ninh Thuận"}, {"Phu Tho", "Phú Thọ"},
		{"Phu Yen", "Phú Yên"}, {"Quang Binh", "Quảng Bình"}, {"Quang Nam", "Quảng Nam"}, {"Quang Ngai", "Quảng Ngãi"},
		{"Quang Ninh", "Quảng Ninh"}, {"Quang Tri", "Quảng Trị"}, {"Soc Trang", "Sóc Trăng"}, {"Son La", "Sơn La"},
		{"Tay Ninh", "Tây Ninh"}, {"Thai Binh", "Thái Bình"}, {"Thai Nguyen", "Thái Nguyên"}, {"Thanh Hoa", "Thanh Hóa"},
		{"Tien Giang", "Tiền Giang"}, {"Tra Vinh", "Trà Vinh"}, {"Tuyen Quang", "Tuyên Quang"}, {"Vinh Long", "Vĩnh Long"},
		{"Vinh Phuc", "Vĩnh Phúc"}, {"Yen Bai", "Yên Bái"},
	} {
		ps = append(ps, placeDef{p[0], []string{p[1]}})
	}
	return ps
}

// surnameStrength grades a folded word as a Vietnamese family name: 2 for
// the common ones that are never English words, 1 for those that can be
// (To, Do, Ha, Mai), 0 for none.
func surnameStrength(w string) int {
	switch w {
	case "nguyen", "tran", "le", "pham", "hoang", "huynh", "phan", "vu", "vo", "dang", "bui",
		"ngo", "duong", "luong", "vuong", "dinh", "truong", "trinh", "dao", "doan", "luu",
		"quach", "phung", "kieu", "trieu", "dam", "nong", "giang", "nghiem", "ho", "lai",
		"tang", "hua", "thach", "khuc", "ninh", "lieu", "mach", "ton", "chau", "luc", "cu":
		return 2
	case "to", "do", "ha", "ly", "mai", "cao", "lam", "ta", "chu", "tong", "lo", "tu", "vi",
		"kim", "au", "la", "ong", "dong", "hau", "thai", "mac", "dau", "than", "khong", "quan", "banh", "ung":
		return 1
	}
	return 0
}

// vietSyllable reports whether a folded word can be a Vietnamese syllable:
// an initial consonant cluster, one to three vowels and an allowed final.
func vietSyllable(w string) bool {
	if w == "" || len(w) > 7 {
		return false
	}
	i := 0
	for _, on := range []string{"ngh", "ng", "nh", "ch", "tr", "th", "kh", "ph", "gh", "gi", "qu"} {
		if len(w) > len(on) && w[:len(on)] == on {
			i = len(on)
			break
		}
	}
	if i == 0 && len(w) > 1 && w[0] != 'a' && w[0] != 'e' && w[0] != 'i' && w[0] != 'o' && w[0] != 'u' && w[0] != 'y' {
		switch w[0] {
		case 'b', 'c', 'd', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x':
			i = 1
		default:
			return false
		}
	}
	v := i
	for i < len(w) && isVowelASCII(w[i]) {
		i++
	}
	if i == v && !(w[:v] == "gi" || w[:v] == "qu") || i-v > 3 {
		return false
	}
	switch w[i:] {
	case "", "c", "ch", "m", "n", "ng", "nh", "p", "t":
		return true
	}
	return false
}

func isVowelASCII(c byte) bool {
	switch c {
	case 'a', 'e', 'i', 'o', 'u', 'y':
		return true
	}
	return false
}

// Heads of names: the last word of an organization, event or programme
// name written in English.
func orgHead(w string) bool {
	switch w {
	case "committee", "commission", "ministry", "department", "office", "agency", "administration",
		"council", "assembly", "court", "procuracy", "government", "politburo", "secretariat",
		"force", "forces", "army", "police", "front", "union", "federation", "association", "bank",
		"academy", "institute", "university", "board", "authority", "inspectorate", "corporation",
		"bureau", "command", "guard", "navy", "party", "directorate", "agencies":
		return true
	}
	return false
}

func eventHead(w string) bool {
	switch w {
	case "conference", "congress", "plenum", "summit", "forum", "meeting", "session",
		"convention", "symposium", "workshop", "dialogue", "festival", "ceremony":
		return true
	}
	return false
}

func programmeHead(w string) bool {
	switch w {
	case "strategy", "programme", "program", "project", "scheme", "campaign", "movement", "initiative", "plan":
		return true
	}
	return false
}

// docKindWord maps a folded English document word to its kind.
func docKindWord(w string) graph.EntityType {
	switch w {
	case "resolution":
		return graph.Resolution
	case "decree":
		return graph.Decree
	case "decision":
		return graph.Decision
	case "directive", "instruction":
		return graph.Directive
	case "conclusion":
		return graph.Conclusion
	case "circular":
		return graph.Circular
	case "law":
		return graph.Law
	case "plan":
		return graph.Plan
	case "regulation":
		return graph.Regulation
	case "ordinance":
		return graph.Law
	}
	return ""
}

// vietDocKind maps a folded Vietnamese two-syllable document word
// ("nghi quyet") to its kind; "" when it names none.
func vietDocKind(a, b string) graph.EntityType {
	// A switch on the first word, then the second: no string is built for
	// the many word pairs that name nothing.
	switch a {
	case "nghi":
		switch b {
		case "quyet":
			return graph.Resolution
		case "dinh":
			return graph.Decree
		}
	case "quyet":
		if b == "dinh" {
			return graph.Decision
		}
	case "chi":
		if b == "thi" {
			return graph.Directive
		}
	case "ket":
		if b == "luan" {
			return graph.Conclusion
		}
	case "thong":
		switch b {
		case "tu":
			return graph.Circular
		case "bao":
			return graph.Document
		}
	case "ke":
		if b == "hoach" {
			return graph.Plan
		}
	case "quy":
		switch b {
		case "dinh":
			return graph.Regulation
		case "che":
			return graph.Document
		}
	case "phap":
		if b == "lenh" {
			return graph.Law
		}
	case "de":
		if b == "an" {
			return graph.Programme
		}
	case "chuong":
		if b == "trinh" {
			return graph.Programme
		}
	case "huong":
		if b == "dan" {
			return graph.Document
		}
	case "bao":
		if b == "cao" {
			return graph.Document
		}
	}
	return ""
}

// kindName is the English word a document kind is displayed with.
func kindName(t graph.EntityType) string {
	switch t {
	case graph.Document:
		return "Document"
	case graph.Programme:
		return "Project"
	}
	return string(t)
}

// codeKind maps a folded type code of a symbol to the kind it marks.
func codeKind(code string) graph.EntityType {
	switch code {
	case "nq":
		return graph.Resolution
	case "nd":
		return graph.Decree
	case "qd":
		return graph.Decision
	case "ct":
		return graph.Directive
	case "kl":
		return graph.Conclusion
	case "tt", "ttlt":
		return graph.Circular
	case "kh":
		return graph.Plan
	case "ctr", "da":
		return graph.Programme
	case "hd", "tb", "bc", "qc", "cv":
		return graph.Document
	case "ql", "l", "qh":
		return graph.Law
	}
	return ""
}
