package gen

// Fixed vocabularies the generator draws names from. They are invented for
// synthetic data; only the shapes (province names, the body hierarchy, the
// symbol conventions of ../../shared/ONTOLOGY.md) follow the real domain.

// body is one organization of the fixed core: its name, its issuer code in
// document symbols, whether it numbers documents the Party way, and the
// index of its parent in coreBodies (-1 for none).
type body struct {
	name   string
	code   string
	party  bool
	parent int
}

// coreBodies are the bodies every generated graph starts from. The order
// matters: issuers are drawn with a skew towards the front of the list.
var coreBodies = []body{
	{"Ban Chấp hành Trung ương Đảng", "TW", true, -1},
	{"Chính phủ", "CP", false, -1},
	{"Bộ Chính trị", "TW", true, 0},
	{"Bộ Công an", "BCA", false, 1},
	{"Quốc hội", "QH", false, -1},
	{"Ban Bí thư", "TW", true, 0},
	{"Đảng ủy Công an Trung ương", "ĐUCA", true, 0},
	{"Ủy ban Thường vụ Quốc hội", "UBTVQH", false, 4},
	{"Bộ Quốc phòng", "BQP", false, 1},
	{"Văn phòng Trung ương Đảng", "VPTW", true, 0},
	{"Bộ Tư pháp", "BTP", false, 1},
	{"Bộ Tài chính", "BTC", false, 1},
	{"Bộ Nội vụ", "BNV", false, 1},
	{"Bộ Ngoại giao", "BNG", false, 1},
	{"Bộ Y tế", "BYT", false, 1},
	{"Bộ Giáo dục và Đào tạo", "BGDĐT", false, 1},
	{"Bộ Thông tin và Truyền thông", "BTTTT", false, 1},
	{"Bộ Kế hoạch và Đầu tư", "BKHĐT", false, 1},
}

// provinces are place names; the generator adds provincial bodies for them.
var provinces = []string{
	"Hà Nội", "Thành phố Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ",
	"An Giang", "Bà Rịa - Vũng Tàu", "Bắc Giang", "Bắc Kạn", "Bạc Liêu",
	"Bắc Ninh", "Bến Tre", "Bình Định", "Bình Dương", "Bình Phước",
	"Bình Thuận", "Cà Mau", "Cao Bằng", "Đắk Lắk", "Đắk Nông",
	"Điện Biên", "Đồng Nai", "Đồng Tháp", "Gia Lai", "Hà Giang",
	"Hà Nam", "Hà Tĩnh", "Hải Dương", "Hậu Giang", "Hòa Bình",
	"Hưng Yên", "Khánh Hòa", "Kiên Giang", "Kon Tum", "Lai Châu",
	"Lâm Đồng", "Lạng Sơn", "Lào Cai", "Long An", "Nam Định",
	"Nghệ An", "Ninh Bình", "Ninh Thuận", "Phú Thọ", "Phú Yên",
	"Quảng Bình", "Quảng Nam", "Quảng Ngãi", "Quảng Ninh", "Quảng Trị",
	"Sóc Trăng", "Sơn La", "Tây Ninh", "Thái Bình", "Thái Nguyên",
	"Thanh Hóa", "Thừa Thiên Huế", "Tiền Giang", "Trà Vinh", "Tuyên Quang",
	"Vĩnh Long", "Vĩnh Phúc", "Yên Bái",
}

// countries are further places, for events held abroad.
var countries = []string{"Lào", "Campuchia", "Trung Quốc", "Nhật Bản", "Hàn Quốc", "Singapore", "Liên bang Nga", "Hoa Kỳ"}

// Person names are built from these parts (family, middle, given).
var (
	familyNames = []string{"Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Dương", "Lý"}
	middleNames = []string{"Văn", "Thị", "Hữu", "Minh", "Đức", "Quang", "Thanh", "Xuân", "Hồng", "Quốc", "Ngọc", "Anh"}
	givenNames  = []string{
		"An", "Bình", "Chính", "Cường", "Dũng", "Đạt", "Giang", "Hải", "Hạnh", "Hòa",
		"Hùng", "Huy", "Khánh", "Lâm", "Linh", "Long", "Mai", "Nam", "Nga", "Nghĩa",
		"Phong", "Phúc", "Quân", "Sơn", "Tâm", "Thắng", "Thành", "Thảo", "Thịnh", "Trọng",
		"Trung", "Tuấn", "Tùng", "Uyên", "Việt", "Vinh", "Vượng", "Xuân", "Yến", "Khải",
	}
)

// titles name the positions a body has, by its kind.
var (
	stateTitles = []string{"Bộ trưởng", "Thứ trưởng", "Chánh Văn phòng", "Vụ trưởng", "Cục trưởng"}
	partyTitles = []string{"Bí thư", "Phó Bí thư", "Ủy viên Thường vụ", "Ủy viên", "Trưởng Ban"}
	localTitles = []string{"Chủ tịch", "Phó Chủ tịch", "Giám đốc", "Phó Giám đốc", "Ủy viên"}
)

// Topics name events and programmes.
var topics = []string{
	"cải cách hành chính", "chuyển đổi số", "bảo đảm an ninh trật tự", "phòng, chống tham nhũng",
	"xây dựng Đảng", "phát triển kinh tế - xã hội", "phòng cháy, chữa cháy", "an toàn giao thông",
	"dữ liệu dân cư", "định danh điện tử", "phòng, chống tội phạm", "công tác cán bộ",
	"hội nhập quốc tế", "bảo vệ môi trường", "phát triển nguồn nhân lực", "y tế cơ sở",
}

// docKind describes one kind of document: its type, the word that names it,
// the code in its symbol, and the lowest and highest level it takes in the
// implementation hierarchy (0: the top, such as laws and Party resolutions).
type docKind struct {
	typ    string
	word   string
	code   string
	lo, hi int
	weight int
}

// docKinds are the kinds of document the generator issues, with weights.
var docKinds = []docKind{
	{"Law", "Luật", "", 0, 0, 3},
	{"Conclusion", "Kết luận", "KL", 0, 1, 6},
	{"Resolution", "Nghị quyết", "NQ", 0, 2, 12},
	{"Regulation", "Quy định", "QĐ", 1, 1, 4},
	{"Directive", "Chỉ thị", "CT", 1, 3, 8},
	{"Decree", "Nghị định", "NĐ", 1, 2, 10},
	{"Decision", "Quyết định", "QĐ", 2, 4, 24},
	{"Plan", "Kế hoạch", "KH", 2, 5, 16},
	{"Circular", "Thông tư", "TT", 3, 4, 12},
	{"Document", "Hướng dẫn", "HD", 3, 5, 5},
}

// maxLevel is the lowest level of the implementation hierarchy.
const maxLevel = 5
