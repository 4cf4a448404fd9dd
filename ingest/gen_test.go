package ingest

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// articleGen writes synthetic news articles of the kind govkg reads:
// officials with titles, Party and State documents with symbols and dates,
// conferences, programmes, places, in English and Vietnamese, with the
// filler prose real articles carry between the facts. It is seeded, so a
// benchmark reads the same text every run.
type articleGen struct {
	rng *rand.Rand
}

func newArticleGen(seed uint64) *articleGen {
	return &articleGen{rng: rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))}
}

func (g *articleGen) pick(xs ...string) string { return xs[g.rng.IntN(len(xs))] }

func (g *articleGen) person(vi bool) string {
	if vi {
		return g.pick("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô") + " " +
			g.pick("Văn", "Thị", "Minh", "Quốc", "Đức", "Thanh", "Hồng") + " " +
			g.pick("Hùng", "Lan", "Dũng", "Thắng", "Hải", "Tuấn", "Hà", "Nam", "Bình", "Sơn")
	}
	return g.pick("Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo") + " " +
		g.pick("Van", "Thi", "Minh", "Quoc", "Duc", "Thanh", "Hong") + " " +
		g.pick("Hung", "Lan", "Dung", "Thang", "Hai", "Tuan", "Ha", "Nam", "Binh", "Son")
}

func (g *articleGen) date(vi bool) string {
	d, m, y := 1+g.rng.IntN(28), 1+g.rng.IntN(12), 2015+g.rng.IntN(9)
	if vi {
		return fmt.Sprintf("ngày %d/%d/%d", d, m, y)
	}
	months := []string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
	return fmt.Sprintf("%s %d, %d", months[m-1], d, y)
}

func (g *articleGen) symbol() (kind, sym string) {
	n := 1 + g.rng.IntN(150)
	switch g.rng.IntN(4) {
	case 0:
		return "Resolution", fmt.Sprintf("%d-NQ/TW", n)
	case 1:
		return "Decree", fmt.Sprintf("%02d/%d/ND-CP", n, 2015+g.rng.IntN(9))
	case 2:
		return "Decision", fmt.Sprintf("%d/QD-TTg", n)
	default:
		return "Directive", fmt.Sprintf("%d-CT/TW", n)
	}
}

var genFiller = []string{
	"Over the past years, the work has achieved important results, contributing to socio-economic development and ensuring national defence and security.",
	"Localities reported that 86.37% of the targets had been met, while 1,335 cases were handled in the first six months.",
	"Delegates said the tasks ahead remain heavy, requiring close coordination among ministries, branches and localities.",
	"The report noted that digital transformation has been promoted across sectors, bringing benefits to citizens and businesses.",
	"Dr. Nguyen V. A., a researcher, said the policy was \"timely and practical\" for the new period.",
}

var genFillerVI = []string{
	"Trong những năm qua, công tác này đã đạt được nhiều kết quả quan trọng, góp phần phát triển kinh tế - xã hội.",
	"Các địa phương báo cáo đã hoàn thành 86,37% chỉ tiêu trong sáu tháng đầu năm.",
	"Các đại biểu cho rằng nhiệm vụ thời gian tới còn rất nặng nề, đòi hỏi sự phối hợp chặt chẽ.",
}

// english writes one English article.
func (g *articleGen) english() string {
	var b strings.Builder
	p1, p2 := g.person(false), g.person(false)
	kind, sym := g.symbol()
	org := g.pick("Politburo", "Government", "Party Central Committee", "Secretariat")
	ministry := g.pick("Public Security", "National Defence", "Justice", "Finance", "Health")
	place := g.pick("Hanoi", "Da Nang", "Hai Phong", "Can Tho", "Quang Ninh", "Nghe An")
	n := 50 + g.rng.IntN(50)
	fmt.Fprintf(&b, "%dth National Conference reviews %s No. %s\n\n", n, kind, sym)
	fmt.Fprintf(&b, "%s, %s\n\n", place, g.date(false))
	fmt.Fprintf(&b, "The %dth National %s Conference, under the chair of Politburo member and Minister of %s General %s, opened on %s in %s.\n\n",
		n, ministry, ministry, p1, g.date(false), place)
	fmt.Fprintf(&b, "The conference aims to review the five-year implementation of %s No. %s issued by the %s on %s and the results of the emulation movement \"For the Fatherland\".\n\n",
		kind, sym, org, g.date(false))
	fmt.Fprintf(&b, "The event saw the presence of Deputy Prime Minister %s and leaders of ministries and localities.\n\n", p2)
	for i := 0; i < 4; i++ {
		b.WriteString(genFiller[g.rng.IntN(len(genFiller))])
		b.WriteByte(' ')
	}
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "Addressing the conference, Deputy Prime Minister %s asked the Ministry of %s to step up the realization of the National Digital Transformation Programme and Project 06 of the Government.\n\n",
		lastName(p2), ministry)
	fmt.Fprintf(&b, "Earlier, on %s, the %s issued Resolution No. %d-NQ/TW on strengthening the Party's leadership, which replaces Resolution No. %d-NQ/TW.\n\n",
		g.date(false), org, 1+g.rng.IntN(90), 1+g.rng.IntN(90))
	fmt.Fprintf(&b, "Mr. %s, Secretary of the %s Party Committee, said the province would build a plan to implement %s %s.\n",
		g.person(false), place, kind, strings.SplitN(sym, "/", 2)[0])
	return b.String()
}

// vietnamese writes one Vietnamese article.
func (g *articleGen) vietnamese() string {
	var b strings.Builder
	p1, p2 := g.person(true), g.person(true)
	n := 50 + g.rng.IntN(50)
	fmt.Fprintf(&b, "Khai mạc Hội nghị Công an toàn quốc lần thứ %d\n\n", n)
	fmt.Fprintf(&b, "Sáng nay, tại Hà Nội, Hội nghị Công an toàn quốc lần thứ %d đã khai mạc dưới sự chủ trì của Đại tướng %s, Ủy viên Bộ Chính trị, Bộ trưởng Bộ Công an.\n\n", n, p1)
	fmt.Fprintf(&b, "Hội nghị có sự tham dự của Thủ tướng %s.\n\n", p2)
	fmt.Fprintf(&b, "Hội nghị đánh giá kết quả thực hiện Nghị quyết số %d-NQ/TW %s của Bộ Chính trị về đẩy mạnh xây dựng lực lượng Công an nhân dân.\n\n",
		1+g.rng.IntN(90), g.date(true))
	for i := 0; i < 3; i++ {
		b.WriteString(genFillerVI[g.rng.IntN(len(genFillerVI))])
		b.WriteByte(' ')
	}
	b.WriteString("\n\n")
	fmt.Fprintf(&b, "Đảng ủy Công an Trung ương đã ban hành Kế hoạch số %d-KH/ĐUCA %s để thực hiện Nghị quyết.\n", 1+g.rng.IntN(200), g.date(true))
	return b.String()
}

// article writes one article, English three times in four.
func (g *articleGen) article() string {
	if g.rng.IntN(4) == 0 {
		return g.vietnamese()
	}
	return g.english()
}

func lastName(full string) string {
	f := strings.Fields(full)
	return f[len(f)-1]
}
