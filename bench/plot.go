package bench

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"io"
	"math"
	"strings"
	"time"
)

// The plot: one panel per question, p50 latency (log scale) against graph
// size in triples (log scale), one line per system, drawn with the
// standard library only (image, image/png) and a built-in 5×7 font.

// Series is one system's p50 latency per graph size in one panel.
type Series struct {
	System string
	Points []PlotPoint
}

// PlotPoint is one measurement.
type PlotPoint struct {
	Triples int
	Latency time.Duration
}

// Panel is one question's chart.
type Panel struct {
	Title  string
	Series []Series
}

// PanelsOf turns a result into one panel per question.
func PanelsOf(r *Result) []Panel {
	var panels []Panel
	for qi, q := range Questions() {
		p := Panel{Title: q.Short()}
		for _, name := range SystemNames() {
			s := Series{System: name}
			for _, sz := range r.Sizes {
				sys := sz.find(name)
				if sys == nil || qi >= len(sys.Questions) || sys.Questions[qi].Unsupported {
					continue
				}
				if l := sys.Questions[qi].P(50); l > 0 {
					s.Points = append(s.Points, PlotPoint{Triples: sz.Triples, Latency: l})
				}
			}
			if len(s.Points) > 0 {
				p.Series = append(p.Series, s)
			}
		}
		panels = append(panels, p)
	}
	return panels
}

// palette gives each system a colour that stays the same across panels.
var palette = map[string]color.RGBA{
	SysGovkg:     {0x1f, 0x77, 0xb4, 0xff},
	SysGovkgHTTP: {0x17, 0xbe, 0xcf, 0xff},
	SysBadger:    {0x7f, 0x7f, 0x7f, 0xff},
	SysPostgres:  {0xd6, 0x27, 0x28, 0xff},
	SysCayley:    {0x2c, 0xa0, 0x2c, 0xff},
	SysDgraph:    {0x94, 0x67, 0xbd, 0xff},
}

const (
	panelW, panelH = 380, 300
	cols           = 3
	titleH         = 36
	textScale      = 2
	glyphW, glyphH = 5, 7
)

// WritePlot draws the panels (and a legend in a spare cell) as a PNG.
func WritePlot(w io.Writer, title string, panels []Panel) error {
	cells := len(panels) + 1
	rows := (cells + cols - 1) / cols
	img := image.NewRGBA(image.Rect(0, 0, cols*panelW, titleH+rows*panelH))
	draw.Draw(img, img.Bounds(), image.NewUniform(color.White), image.Point{}, draw.Src)
	black := color.RGBA{0, 0, 0, 0xff}
	drawText(img, 10, 10, title, black, textScale)
	for i, p := range panels {
		x0, y0 := (i%cols)*panelW, titleH+(i/cols)*panelH
		drawPanel(img, x0, y0, p)
	}
	li := len(panels)
	lx, ly := (li%cols)*panelW+30, titleH+(li/cols)*panelH+40
	present := map[string]bool{}
	for _, p := range panels {
		for _, s := range p.Series {
			present[s.System] = true
		}
	}
	for _, name := range SystemNames() {
		if !present[name] {
			continue
		}
		c := palette[name]
		fillRect(img, lx, ly, lx+24, ly+14, c)
		drawText(img, lx+34, ly, name, black, textScale)
		ly += 28
	}
	if err := png.Encode(w, img); err != nil {
		return fmt.Errorf("plot: %w", err)
	}
	return nil
}

// drawPanel draws one panel with its top-left corner at (x0, y0).
func drawPanel(img *image.RGBA, x0, y0 int, p Panel) {
	black := color.RGBA{0, 0, 0, 0xff}
	grey := color.RGBA{0xdd, 0xdd, 0xdd, 0xff}
	left, top, right, bottom := x0+86, y0+36, x0+panelW-20, y0+panelH-46
	drawText(img, x0+86, y0+10, p.Title, black, textScale)
	minX, maxX := math.Inf(1), math.Inf(-1)
	minY, maxY := math.Inf(1), math.Inf(-1)
	for _, s := range p.Series {
		for _, pt := range s.Points {
			x, y := math.Log10(float64(pt.Triples)), math.Log10(pt.Latency.Seconds())
			minX, maxX = math.Min(minX, x), math.Max(maxX, x)
			minY, maxY = math.Min(minY, y), math.Max(maxY, y)
		}
	}
	rectOutline(img, left, top, right, bottom, black)
	if math.IsInf(minX, 1) {
		drawText(img, left+10, (top+bottom)/2, "NO DATA", black, textScale)
		return
	}
	minY, maxY = math.Floor(minY), math.Ceil(maxY)
	if maxY == minY {
		maxY++
	}
	minX, maxX = math.Floor(minX), math.Ceil(maxX)
	if maxX == minX {
		minX -= 0.5
		maxX += 0.5
	}
	px := func(x float64) int { return left + int((x-minX)/(maxX-minX)*float64(right-left)) }
	py := func(y float64) int { return bottom - int((y-minY)/(maxY-minY)*float64(bottom-top)) }
	for d := minY; d <= maxY; d++ {
		y := py(d)
		hline(img, left+1, right-1, y, grey)
		label := latencyLabel(d)
		drawText(img, left-8-len(label)*(glyphW+1)*textScale, y-glyphH, label, black, textScale)
	}
	for d := math.Ceil(minX); d <= maxX; d++ {
		x := px(d)
		vline(img, x, top+1, bottom-1, grey)
		label := sizeLabel(d)
		drawText(img, x-len(label)*(glyphW+1)*textScale/2, bottom+8, label, black, textScale)
	}
	drawText(img, left, bottom+26, "TRIPLES", black, textScale)
	for _, s := range p.Series {
		c := palette[s.System]
		var prevX, prevY int
		for i, pt := range s.Points {
			x, y := px(math.Log10(float64(pt.Triples))), py(math.Log10(pt.Latency.Seconds()))
			if i > 0 {
				line(img, prevX, prevY, x, y, c)
			}
			fillRect(img, x-4, y-4, x+4, y+4, c)
			prevX, prevY = x, y
		}
	}
}

// latencyLabel names the decade 10^d seconds.
func latencyLabel(d float64) string {
	v := math.Pow(10, d)
	switch {
	case v < 1e-6:
		return fmt.Sprintf("%gNS", math.Round(v*1e9))
	case v < 1e-3:
		return fmt.Sprintf("%gUS", math.Round(v*1e6))
	case v < 1:
		return fmt.Sprintf("%gMS", math.Round(v*1e3))
	}
	return fmt.Sprintf("%gS", math.Round(v))
}

// sizeLabel names the decade 10^d triples.
func sizeLabel(d float64) string {
	v := math.Round(math.Pow(10, d))
	switch {
	case v >= 1e6:
		return fmt.Sprintf("%gM", v/1e6)
	case v >= 1e3:
		return fmt.Sprintf("%gK", v/1e3)
	}
	return fmt.Sprintf("%g", v)
}

func fillRect(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	draw.Draw(img, image.Rect(x0, y0, x1, y1), image.NewUniform(c), image.Point{}, draw.Src)
}

func hline(img *image.RGBA, x0, x1, y int, c color.RGBA) {
	for x := x0; x <= x1; x++ {
		img.SetRGBA(x, y, c)
	}
}

func vline(img *image.RGBA, x, y0, y1 int, c color.RGBA) {
	for y := y0; y <= y1; y++ {
		img.SetRGBA(x, y, c)
	}
}

func rectOutline(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	hline(img, x0, x1, y0, c)
	hline(img, x0, x1, y1, c)
	vline(img, x0, y0, y1, c)
	vline(img, x1, y0, y1, c)
}

// line draws a two-pixel-wide segment (Bresenham).
func line(img *image.RGBA, x0, y0, x1, y1 int, c color.RGBA) {
	dx, dy := abs(x1-x0), -abs(y1-y0)
	sx, sy := sign(x1-x0), sign(y1-y0)
	e := dx + dy
	for {
		img.SetRGBA(x0, y0, c)
		img.SetRGBA(x0+1, y0, c)
		img.SetRGBA(x0, y0+1, c)
		if x0 == x1 && y0 == y1 {
			return
		}
		if e2 := 2 * e; e2 >= dy {
			e += dy
			x0 += sx
		} else {
			e += dx
			y0 += sy
		}
	}
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func sign(x int) int {
	switch {
	case x < 0:
		return -1
	case x > 0:
		return 1
	}
	return 0
}

// drawText writes s in upper case with the built-in font, scaled; a
// character the font lacks is drawn as a box.
func drawText(img *image.RGBA, x, y int, s string, c color.RGBA, scale int) {
	for _, r := range strings.ToUpper(s) {
		g, ok := font5x7[r]
		if !ok {
			g = [glyphH]uint8{0x1F, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1F}
		}
		for row, bits := range g {
			for col := range glyphW {
				if bits&(1<<(glyphW-1-col)) != 0 {
					fillRect(img, x+col*scale, y+row*scale, x+(col+1)*scale, y+(row+1)*scale, c)
				}
			}
		}
		x += (glyphW + 1) * scale
	}
}

// font5x7 holds each glyph as seven rows of five bits, left to right.
var font5x7 = map[rune][glyphH]uint8{
	' ': {}, '-': {0, 0, 0, 0x1F, 0, 0, 0}, '.': {0, 0, 0, 0, 0, 0x0C, 0x0C},
	'(': {0x02, 0x04, 0x08, 0x08, 0x08, 0x04, 0x02}, ')': {0x08, 0x04, 0x02, 0x02, 0x02, 0x04, 0x08},
	'*': {0, 0x04, 0x15, 0x0E, 0x15, 0x04, 0}, '/': {0, 0x01, 0x02, 0x04, 0x08, 0x10, 0},
	',': {0, 0, 0, 0, 0x0C, 0x04, 0x08}, ':': {0, 0x0C, 0x0C, 0, 0x0C, 0x0C, 0},
	'=': {0, 0, 0x1F, 0, 0x1F, 0, 0}, '%': {0x18, 0x19, 0x02, 0x04, 0x08, 0x13, 0x03},
	'_': {0, 0, 0, 0, 0, 0, 0x1F},
	'0': {0x0E, 0x11, 0x13, 0x15, 0x19, 0x11, 0x0E}, '1': {0x04, 0x0C, 0x04, 0x04, 0x04, 0x04, 0x0E},
	'2': {0x0E, 0x11, 0x01, 0x02, 0x04, 0x08, 0x1F}, '3': {0x1F, 0x02, 0x04, 0x02, 0x01, 0x11, 0x0E},
	'4': {0x02, 0x06, 0x0A, 0x12, 0x1F, 0x02, 0x02}, '5': {0x1F, 0x10, 0x1E, 0x01, 0x01, 0x11, 0x0E},
	'6': {0x06, 0x08, 0x10, 0x1E, 0x11, 0x11, 0x0E}, '7': {0x1F, 0x01, 0x02, 0x04, 0x08, 0x08, 0x08},
	'8': {0x0E, 0x11, 0x11, 0x0E, 0x11, 0x11, 0x0E}, '9': {0x0E, 0x11, 0x11, 0x0F, 0x01, 0x02, 0x0C},
	'A': {0x0E, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11}, 'B': {0x1E, 0x11, 0x11, 0x1E, 0x11, 0x11, 0x1E},
	'C': {0x0E, 0x11, 0x10, 0x10, 0x10, 0x11, 0x0E}, 'D': {0x1E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x1E},
	'E': {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x1F}, 'F': {0x1F, 0x10, 0x10, 0x1E, 0x10, 0x10, 0x10},
	'G': {0x0E, 0x11, 0x10, 0x17, 0x11, 0x11, 0x0F}, 'H': {0x11, 0x11, 0x11, 0x1F, 0x11, 0x11, 0x11},
	'I': {0x0E, 0x04, 0x04, 0x04, 0x04, 0x04, 0x0E}, 'J': {0x07, 0x02, 0x02, 0x02, 0x02, 0x12, 0x0C},
	'K': {0x11, 0x12, 0x14, 0x18, 0x14, 0x12, 0x11}, 'L': {0x10, 0x10, 0x10, 0x10, 0x10, 0x10, 0x1F},
	'M': {0x11, 0x1B, 0x15, 0x15, 0x11, 0x11, 0x11}, 'N': {0x11, 0x11, 0x19, 0x15, 0x13, 0x11, 0x11},
	'O': {0x0E, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}, 'P': {0x1E, 0x11, 0x11, 0x1E, 0x10, 0x10, 0x10},
	'Q': {0x0E, 0x11, 0x11, 0x11, 0x15, 0x12, 0x0D}, 'R': {0x1E, 0x11, 0x11, 0x1E, 0x14, 0x12, 0x11},
	'S': {0x0F, 0x10, 0x10, 0x0E, 0x01, 0x01, 0x1E}, 'T': {0x1F, 0x04, 0x04, 0x04, 0x04, 0x04, 0x04},
	'U': {0x11, 0x11, 0x11, 0x11, 0x11, 0x11, 0x0E}, 'V': {0x11, 0x11, 0x11, 0x11, 0x11, 0x0A, 0x04},
	'W': {0x11, 0x11, 0x11, 0x15, 0x15, 0x15, 0x0A}, 'X': {0x11, 0x11, 0x0A, 0x04, 0x0A, 0x11, 0x11},
	'Y': {0x11, 0x11, 0x0A, 0x04, 0x04, 0x04, 0x04}, 'Z': {0x1F, 0x01, 0x02, 0x04, 0x08, 0x10, 0x1F},
}
