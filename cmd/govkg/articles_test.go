package main

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// synthArticles writes synthetic English news articles for the crash and
// hostile-input tests: officials with titles, bodies, documents with
// symbols, dates, conferences and places, with filler prose between. Each
// document, official and conference has one fixed description (issuer,
// date, title), so that the graph does not depend on the order in which
// articles are stored. The texts are invented for these tests.
type synthArticles struct {
	rng *rand.Rand
}

var (
	synthFamily = []string{"Nguyen", "Tran", "Le", "Pham", "Hoang", "Vu", "Dang", "Bui", "Do", "Ngo", "Duong", "Ly"}
	synthMiddle = []string{"Van", "Thi", "Minh", "Quoc", "Duc", "Thanh", "Hong", "Xuan"}
	synthGiven  = []string{"Hung", "Lan", "Dung", "Thang", "Hai", "Tuan", "Ha", "Nam", "Binh", "Son", "Khanh", "Phong"}
	synthPlaces = []string{"Hanoi", "Da Nang", "Hai Phong", "Can Tho", "Quang Ninh", "Nghe An", "Thanh Hoa", "Dong Nai"}
	synthTopics = []string{"digital transformation", "administrative reform", "cybersecurity", "population data",
		"anti-corruption work", "rural development", "public health", "vocational training", "border security"}
	synthMinistries = []string{"Public Security", "National Defence", "Justice", "Finance", "Health", "Home Affairs"}
	synthMonths     = []string{"January", "February", "March", "April", "May", "June", "July", "August",
		"September", "October", "November", "December"}
	synthFiller = []string{
		"Delegates agreed that much remains to be done in the coming period.",
		"The report counted 1,204 cases handled in the first half of the year, up 12.5% on the same period.",
		"Local officials said coordination between agencies had improved markedly.",
		"The meeting also reviewed the results of the previous phase and drew lessons from it.",
		"Participants called for stronger inspection and supervision at every level.",
	}
)

func newSynthArticles(seed uint64) *synthArticles {
	return &synthArticles{rng: rand.New(rand.NewPCG(seed, seed*31+7))}
}

func (g *synthArticles) pick(xs []string) string { return xs[g.rng.IntN(len(xs))] }

// person returns official k: a fixed name and a fixed title.
func synthPerson(k int) (name, title string) {
	name = synthFamily[k%len(synthFamily)] + " " + synthMiddle[(k/3)%len(synthMiddle)] + " " + synthGiven[(k/7)%len(synthGiven)]
	switch k % 3 {
	case 0:
		title = "Minister of " + synthMinistries[k%len(synthMinistries)]
	case 1:
		title = "Deputy Prime Minister"
	default:
		title = "Chairman of the " + synthPlaces[k%len(synthPlaces)] + " People's Committee"
	}
	return name, title
}

// document returns document k: a fixed kind, symbol, issuer and date.
func synthDocument(k int) (kind, symbol, issuer, date string) {
	n := 1 + k%180
	day, month, year := 1+k%28, k%12, 2016+k%8
	date = fmt.Sprintf("%s %d, %d", synthMonths[month], day, year)
	switch k % 4 {
	case 0:
		return "Resolution", fmt.Sprintf("%d-NQ/TW", n), "the Politburo", date
	case 1:
		return "Decree", fmt.Sprintf("%02d/%d/ND-CP", n, year), "the Government", date
	case 2:
		return "Decision", fmt.Sprintf("%d/QD-TTg", n), "the Prime Minister", date
	default:
		return "Directive", fmt.Sprintf("%d-CT/TW", n), "the Secretariat", date
	}
}

// article writes article i.
func (g *synthArticles) article(i int) (title, text string) {
	var b strings.Builder
	topic := g.pick(synthTopics)
	place := synthPlaces[i%len(synthPlaces)]
	p1, t1 := synthPerson(g.rng.IntN(60))
	p2, t2 := synthPerson(g.rng.IntN(60))
	k1, s1, iss1, d1 := synthDocument(g.rng.IntN(400))
	k2, s2, _, _ := synthDocument(g.rng.IntN(400))
	title = fmt.Sprintf("Conference reviews %s under %s %s", topic, k1, s1)
	fmt.Fprintf(&b, "%s\n\n%s %d, %d - ", title, synthMonths[i%12], 1+i%28, 2024)
	fmt.Fprintf(&b, "%s %s chaired a conference in %s on the implementation of %s No. %s issued by %s on %s.\n\n",
		t1, p1, place, k1, s1, iss1, d1)
	for j := 0; j < 1+g.rng.IntN(3); j++ {
		fmt.Fprintf(&b, "%s ", g.pick(synthFiller))
	}
	fmt.Fprintf(&b, "\n\n%s %s attended the conference and asked agencies to carry out %s %s on %s.\n\n",
		t2, p2, k2, s2, topic)
	fmt.Fprintf(&b, "The Ministry of %s issued a plan to implement %s %s.\n", g.pick(synthMinistries), k1, s1)
	return title, b.String()
}

// synthArticle returns article i of a generator seeded from i, so that
// concurrent callers need no shared generator.
func synthArticle(i int) (title, text string) {
	return newSynthArticles(uint64(i)*7919 + 1).article(i)
}

// writeSynthArticles writes n articles into dir as dated .txt files and
// returns dir.
func writeSynthArticles(t testing.TB, dir string, n int, seed uint64) string {
	t.Helper()
	g := newSynthArticles(seed)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < n; i++ {
		_, text := g.article(i)
		name := fmt.Sprintf("2024-%02d-%02d_article-%05d.txt", 1+i%12, 1+i%28, i)
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}
