package schema

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/govkg/govkg/seeds"
)

// seededServer serves a store on disk holding the curated seeds.
func seededServer(t *testing.T) *testServer {
	t.Helper()
	store := openStore(t)
	base, err := seeds.Load()
	if err != nil {
		t.Fatalf("load seeds: %v", err)
	}
	if _, err := store.Apply(context.Background(), base.Batch()); err != nil {
		t.Fatalf("apply seeds: %v", err)
	}
	return serveStore(t, store, nil, Options{}, batchHooks{})
}

// page drives the visualiser in one Chromium tab.
type page struct {
	t     *testing.T
	ctx   context.Context
	shots string
	start time.Time

	mu       sync.Mutex
	requests []string
	problems []string
}

// evalJS evaluates a JavaScript expression in the page.
func evalJS[T any](p *page, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Evaluate[T](js))
	if err != nil {
		p.fail("evaluate %s: %v", js, err)
	}
	return v
}

// waitJS polls a JavaScript expression until it is truthy and returns it.
func waitJS[T any](p *page, what, js string) T {
	p.t.Helper()
	v, err := chromedp.Run(p.ctx, chromedp.Poll[T](js, chromedp.WithPollingTimeout(10*time.Second)))
	if err != nil {
		p.fail("waiting for %s: %v", what, err)
	}
	return v
}

// fail takes a screenshot of the page as it is and stops the test.
func (p *page) fail(format string, args ...any) {
	p.t.Helper()
	status, _ := chromedp.Run(p.ctx, chromedp.Evaluate[string](
		`document.getElementById('status').innerText + ' | ' + document.getElementById('details').innerText.slice(0, 400)`))
	p.shoot("graph-failed.png")
	p.t.Fatalf(format+"\npage: %s", append(args, status)...)
}

func (p *page) do(what string, actions ...chromedp.Action[chromedp.Void]) {
	p.t.Helper()
	if err := chromedp.Do(p.ctx, actions...); err != nil {
		p.fail("%s: %v", what, err)
	}
}

// shoot saves a screenshot of the window.
func (p *page) shoot(name string) {
	p.t.Helper()
	defer func(start time.Time) { p.t.Logf("%s after %s", name, time.Since(p.start).Round(time.Millisecond)) }(time.Now())
	png, err := chromedp.Run(p.ctx, chromedp.FullScreenshot(100))
	if err != nil {
		p.t.Fatalf("screenshot: %v", err)
	}
	path := filepath.Join(p.shots, name)
	if err := os.WriteFile(path, png, 0o644); err != nil {
		p.t.Fatal(err)
	}
	p.t.Logf("screenshot: %s", path)
}

// counts returns the nodes and edges the graph holds.
func (p *page) counts() (int, int) {
	p.t.Helper()
	c := evalJS[[2]int](p, `[govkgGraph.nodes().length, govkgGraph.edges().length]`)
	return c[0], c[1]
}

// clickNode clicks (clicks: 1) or double-clicks (2) the node named name
// where it is drawn, and returns its ID.
func (p *page) clickNode(name string, clicks int) string {
	p.t.Helper()
	var at struct {
		ID   string
		X, Y float64
	}
	raw := evalJS[[]byte](p, fmt.Sprintf(`(() => {
		const n = govkgGraph.nodes().filter((n) => n.data('name') === %q)[0];
		if (!n) return null;
		const p = n.renderedPosition(), r = govkgGraph.container().getBoundingClientRect();
		return {id: n.id(), x: r.left + p.x, y: r.top + p.y};
	})()`, name))
	if err := json.Unmarshal(raw, &at); err != nil || at.ID == "" {
		p.fail("the graph has no node %q (%s)", name, raw)
	}
	if clicks == 1 {
		p.do("click "+name, chromedp.MouseClickXY(at.X, at.Y))
		return at.ID
	}
	// Cytoscape counts two clicks as a double click when they come within
	// its debounce time; over the protocol, on a busy machine, they may not,
	// so the two clicks are dispatched in the page, at once.
	evalJS[bool](p, fmt.Sprintf(`(() => {
		const target = document.elementFromPoint(%[1]f, %[2]f);
		const fire = (type, on) => on.dispatchEvent(new MouseEvent(type, {
			bubbles: true, cancelable: true, view: window, button: 0, buttons: type === 'mousedown' ? 1 : 0,
			clientX: %[1]f, clientY: %[2]f }));
		for (let i = 0; i < %[3]d; i++) {
			fire('mousedown', target);
			fire('mouseup', target);
			fire('click', target);
		}
		return true;
	})()`, at.X, at.Y, clicks))
	return at.ID
}

// choose types text into a search box, waits for a suggestion naming
// want and picks it with the keyboard or the mouse. shot, when not empty,
// names a screenshot of the open suggestions.
func (p *page) choose(input, list, text, want string, keyboard bool, shot string) {
	p.t.Helper()
	p.do("type into "+input, chromedp.Click("#"+input), chromedp.SendKeys("#"+input, text))
	i := waitJS[int](p, "a suggestion "+want, fmt.Sprintf(`(() => {
		const items = [...document.querySelectorAll('#%s li[role=option]')];
		const i = items.findIndex((li) => li.querySelector('.name').textContent === %q);
		return i >= 0 ? i + 1 : 0;
	})()`, list, want)) - 1
	if shot != "" {
		p.shoot(shot)
	}
	if !keyboard {
		p.do("pick "+want, chromedp.Click(fmt.Sprintf("#%s li:nth-child(%d)", list, i+1)))
		return
	}
	for range i + 1 {
		p.do("arrow down", chromedp.KeyEvent(kb.ArrowDown))
	}
	sel := evalJS[string](p, fmt.Sprintf(`document.querySelector('#%s li[aria-selected=true] .name').textContent`, list))
	if sel != want {
		p.fail("the keyboard marked %q, not %q", sel, want)
	}
	p.do("enter", chromedp.KeyEvent(kb.Enter))
}

// panelShows waits until the side panel's heading is name and it lists
// relations, and returns the panel's text.
func (p *page) panelShows(name string) string {
	p.t.Helper()
	return waitJS[string](p, "the side panel showing "+name, fmt.Sprintf(`(() => {
		const d = document.getElementById('details'), h = d.querySelector('h2');
		return h && h.textContent === %q && d.querySelectorAll('ul.relations > li').length > 0 ? d.innerText : '';
	})()`, name))
}

// idle waits until the page has no request in flight.
func (p *page) idle() {
	p.t.Helper()
	waitJS[bool](p, "the page to finish", `!document.body.classList.contains('busy')`)
}

// TestVisualiserInBrowser drives the graph page at /graph in headless
// Chromium over the curated seeds: search with the keyboard, the side
// panel, expanding by button and by double-click, the path finder, the
// filters, the PNG download, deep links and the edge cap. Screenshots go
// to $GOVKG_SCREENSHOT_DIR (default: a temporary directory).
func TestVisualiserInBrowser(t *testing.T) {
	exe := chromiumOrSkip(t)
	shots := screenshotDir(t)
	srv := seededServer(t)
	downloads := t.TempDir()

	ctx := startChromium(t, exe, 1440, 900, 60*time.Second)
	p := &page{t: t, ctx: ctx, shots: shots, start: time.Now()}

	if err := chromedp.Listen(ctx, func(ev any) {
		p.mu.Lock()
		defer p.mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			p.requests = append(p.requests, e.Request.URL)
		case *network.EventLoadingFailed:
			p.problems = append(p.problems, "loading failed: "+e.ErrorText)
		case *network.EventResponseReceived:
			if e.Response.Status >= 400 {
				p.problems = append(p.problems, fmt.Sprintf("%s answered %d", e.Response.URL, e.Response.Status))
			}
		case *runtime.EventExceptionThrown:
			d := e.ExceptionDetails
			desc := ""
			if d.Exception != nil {
				desc = d.Exception.Description
			}
			p.problems = append(p.problems, fmt.Sprintf("exception: %s %s (%s:%d)", d.Text, desc, d.URL, d.LineNumber+1))
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError || e.Type == runtime.ConsoleAPICalledTypeWarning {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				p.problems = append(p.problems, fmt.Sprintf("console %s: %s", e.Type, strings.Join(parts, " ")))
			}
		case *cdplog.EventEntryAdded:
			if e.Entry.Level == cdplog.EntryLevelError || e.Entry.Level == cdplog.EntryLevelWarning {
				p.problems = append(p.problems, fmt.Sprintf("log %s: %s %s", e.Entry.Level, e.Entry.Text, e.Entry.URL))
			}
		}
	}); err != nil {
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.Call(ctx, cdplog.Enable, cdp.Empty{}); err != nil {
		t.Fatal(err)
	}
	if _, err := chromedp.CallBrowser(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
		Behavior: browser.SetDownloadBehaviorBehaviorAllow, DownloadPath: downloads,
	}); err != nil {
		t.Fatal(err)
	}

	// 1. The page opens empty, with starting points from the API.
	p.do("load /graph", chromedp.Navigate(srv.URL+"/graph"), chromedp.WaitVisible("#search"))
	waitJS[bool](p, "starting points", `document.querySelectorAll('#starts button').length > 0`)
	if n, _ := p.counts(); n != 0 {
		t.Errorf("the empty page draws %d nodes", n)
	}
	p.shoot("graph-01-empty.png")

	// 2. Search with the keyboard: "To Lam" suggests Tô Lâm, Enter focuses him.
	p.choose("search", "search-list", "To Lam", "Tô Lâm", true, "graph-02-suggestions.png")
	panel := p.panelShows("Tô Lâm")
	p.idle()
	nodes, edges := p.counts()
	if nodes <= 1 || edges == 0 {
		t.Errorf("focusing Tô Lâm drew %d nodes and %d edges", nodes, edges)
	}
	for _, want := range []string{"Person", "To Lam", "member_of", "Politburo", "govkg curated seeds", "confidence 1.00", "rule curated:"} {
		if !strings.Contains(panel, want) {
			t.Errorf("the side panel of Tô Lâm does not show %q:\n%s", want, panel)
		}
	}
	focus := evalJS[string](p, `govkgGraph.nodes('.focus').map((n) => n.data('name')).join()`)
	if focus != "Tô Lâm" {
		t.Errorf("the focused node is %q, want Tô Lâm", focus)
	}
	toLam := evalJS[string](p, `govkgGraph.nodes('.focus')[0].id()`)
	if u := evalJS[string](p, `location.search`); !strings.Contains(u, "focus="+toLam) {
		t.Errorf("the URL does not name the focus %s: %s", toLam, u)
	}
	p.shoot("graph-03-focus.png")

	// 3. A click selects a node; Expand adds its neighbours.
	p.clickNode("Politburo", 1)
	panel = p.panelShows("Politburo")
	if !strings.Contains(panel, "Organization") || !strings.Contains(panel, "issued_by") {
		t.Errorf("the side panel of the Politburo lacks its type or its issued_by edges:\n%s", panel)
	}
	p.shoot("graph-04-selected.png")
	before, _ := p.counts()
	p.do("click Expand", chromedp.Click("#expand"))
	after := waitJS[int](p, "expanded nodes", fmt.Sprintf(
		`govkgGraph.nodes().length > %d ? govkgGraph.nodes().length : 0`, before))
	p.idle()
	t.Logf("expanding the Politburo: %d → %d nodes", before, after)
	p.shoot("graph-05-expanded.png")

	// 4. A double-click expands too.
	before, _ = p.counts()
	p.clickNode("Ministry of Public Security", 2)
	after = waitJS[int](p, "nodes added by a double-click", fmt.Sprintf(
		`govkgGraph.nodes().length > %d ? govkgGraph.nodes().length : 0`, before))
	p.idle()
	t.Logf("double-clicking the Ministry of Public Security: %d → %d nodes", before, after)
	p.shoot("graph-06-double-click.png")

	// 5. The path finder draws the API's shortest path, adding what is missing.
	if evalJS[bool](p, `govkgGraph.nodes().some((n) => n.data('name') === 'Project 06')`) {
		t.Log("Project 06 is already drawn; the path still has to be highlighted")
	}
	p.choose("path-from", "from-list", "To Lam", "Tô Lâm", false, "")
	p.choose("path-to", "to-list", "Project 06", "Project 06", false, "")
	p.do("find the path", chromedp.Click("#path-find"))
	lit := waitJS[[]string](p, "a highlighted path",
		`govkgGraph.$('.path').length >= 3 ? govkgGraph.$('.path').map((e) => e.id()).sort() : null`)
	var want struct {
		Path struct {
			Nodes, Edges []struct{ ID string }
		}
	}
	code, res := srv.post(t, `{ path(from: "To Lam", to: "Project 06") { nodes { id } edges { id } } }`, nil, "")
	if code != 200 || len(res.Errors) > 0 || json.Unmarshal(res.Data, &want) != nil {
		t.Fatalf("path from the API: %d %s", code, res.errorText())
	}
	var wantIDs []string
	for _, x := range append(want.Path.Nodes, want.Path.Edges...) {
		wantIDs = append(wantIDs, x.ID)
	}
	slices.Sort(wantIDs)
	if !slices.Equal(lit, wantIDs) {
		t.Errorf("highlighted %v, the API's path is %v", lit, wantIDs)
	}
	if len(want.Path.Edges) < 2 {
		t.Errorf("the path to Project 06 has %d edges; the test wants one a few hops long", len(want.Path.Edges))
	}
	if txt := evalJS[string](p, `document.getElementById('path-result').textContent`); !strings.Contains(txt, "Project 06") {
		t.Errorf("the path finder says %q", txt)
	}
	p.shoot("graph-07-path.png")

	// A click on an edge of the path (one whose middle no node covers)
	// shows that edge's evidence.
	var mid struct {
		ID   string
		X, Y float64
	}
	raw := evalJS[[]byte](p, `(() => {
		const r = govkgGraph.container().getBoundingClientRect();
		for (const e of govkgGraph.edges('.path')) {
			const m = e.renderedMidpoint();
			const covered = govkgGraph.nodes().some((n) => {
				const b = n.renderedBoundingBox({includeLabels: true});
				return m.x >= b.x1 - 4 && m.x <= b.x2 + 4 && m.y >= b.y1 - 4 && m.y <= b.y2 + 4;
			});
			if (!covered) return {id: e.id(), x: r.left + m.x, y: r.top + m.y};
		}
		return null;
	})()`)
	if err := json.Unmarshal(raw, &mid); err != nil || mid.ID == "" {
		p.fail("every edge of the path has a node over its middle (%s)", raw)
	}
	edge := mid.ID
	p.do("click an edge", chromedp.MouseClickXY(mid.X, mid.Y))
	pred := strings.Split(edge, "|")[1]
	evidence := waitJS[string](p, "the evidence of "+edge, fmt.Sprintf(`(() => {
		const d = document.getElementById('details'), h = d.querySelector('h2');
		return h && h.textContent === %q && d.querySelector('.evidence') ? d.innerText : '';
	})()`, pred))
	if !strings.Contains(evidence, "rule curated:") || !strings.Contains(evidence, "confidence") {
		t.Errorf("the panel of edge %s shows no provenance:\n%s", edge, evidence)
	}
	p.shoot("graph-08-edge.png")
	p.do("clear the path", chromedp.Click("#path-clear"))

	// 6. Filters hide a type and a predicate, and show them again.
	toggle := func(list, key string) {
		p.do("toggle "+key, chromedp.Click(fmt.Sprintf(`#%s li[data-key=%q] input`, list, key)))
	}
	shown := func(kind, key, value string) string {
		return fmt.Sprintf(`govkgGraph.%s('[%s = "%s"]').filter((x) => x.visible()).length`, kind, key, value)
	}
	toggle("type-filter", "Position")
	waitJS[bool](p, "Position nodes to hide", shown("nodes", "type", "Position")+" === 0")
	toggle("predicate-filter", "member_of")
	waitJS[bool](p, "member_of edges to hide", shown("edges", "predicate", "member_of")+" === 0")
	if n := evalJS[int](p, `govkgGraph.nodes().filter((n) => n.visible()).length`); n == 0 {
		t.Error("unticking one type and one predicate hid every node")
	}
	p.shoot("graph-09-filtered.png")
	toggle("type-filter", "Position")
	toggle("predicate-filter", "member_of")
	waitJS[bool](p, "Position nodes to show again", shown("nodes", "type", "Position")+" > 0")
	waitJS[bool](p, "member_of edges to show again", shown("edges", "predicate", "member_of")+" > 0")

	// The tree layout puts the focus in the first column, its neighbours in
	// the next.
	p.do("choose the tree layout", chromedp.SetValue("#layout", "breadthfirst"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('layout').dispatchEvent(new Event('change'))`))
	cols := evalJS[[2]int](p, `(() => {
		const xs = new Set(govkgGraph.nodes(':visible').map((n) => Math.round(n.position('x'))));
		const first = Math.min(...xs), focus = Math.round(govkgGraph.nodes('.focus').position('x'));
		return [xs.size, focus === first ? 1 : 0];
	})()`)
	if cols[0] < 2 || cols[1] != 1 {
		t.Errorf("the tree has %d columns and the focus in the first: %v", cols[0], cols[1] == 1)
	}
	p.shoot("graph-10-tree.png")
	p.do("back to the force layout", chromedp.SetValue("#layout", "cose"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('layout').dispatchEvent(new Event('change'))`))

	// 7. PNG download.
	p.do("download the PNG", chromedp.Click("#png"))
	var png []byte
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); time.Sleep(100 * time.Millisecond) {
		files, _ := filepath.Glob(filepath.Join(downloads, "*.png"))
		if len(files) > 0 {
			if b, err := os.ReadFile(files[0]); err == nil && len(b) > 8 {
				png = b
				break
			}
		}
	}
	if !bytes.HasPrefix(png, []byte("\x89PNG\r\n\x1a\n")) || len(png) < 10_000 {
		t.Errorf("the PNG download gave %d bytes, not a PNG of the graph", len(png))
	}
	t.Logf("PNG download: %d bytes, after %s", len(png), time.Since(p.start).Round(time.Millisecond))

	// 8. A deep link by name, at depth 2, with a small edge cap: "show more"
	// draws the next edges.
	p.do("open a deep link", chromedp.Navigate(srv.URL+"/graph?focus=Politburo&depth=2&cap=20"))
	p.panelShows("Politburo")
	p.idle()
	nodes, edges = p.counts()
	if edges != 20 {
		t.Errorf("with cap=20 the Politburo at depth 2 drew %d edges", edges)
	}
	more := waitJS[string](p, "the show-more button", `(() => { const b = document.getElementById('more'); return b.hidden ? '' : b.textContent; })()`)
	if u := evalJS[string](p, `location.search`); strings.Contains(u, "focus=Politburo") || !strings.Contains(u, "focus=") {
		t.Errorf("the URL does not name the focus by ID: %s", u)
	}
	p.shoot("graph-11-deep-link-capped.png")
	p.do("show more", chromedp.Click("#more"))
	after = waitJS[int](p, "more edges", fmt.Sprintf(`govkgGraph.edges().length > %d ? govkgGraph.edges().length : 0`, edges))
	if after != 40 {
		t.Errorf("%q took the edges from %d to %d, want 40", more, edges, after)
	}
	p.idle()
	p.shoot("graph-12-show-more.png")

	// 9. A deep link by ID opens the same entity as the search did.
	p.do("open a deep link by ID", chromedp.Navigate(srv.URL+"/graph/?focus="+toLam))
	p.panelShows("Tô Lâm")
	p.idle()

	// Focusing another node records it in the history; Back returns to Tô Lâm.
	politburo := p.clickNode("Politburo", 1)
	p.panelShows("Politburo")
	p.do("focus the Politburo", chromedp.Click("#focus-here"))
	waitJS[bool](p, "the URL to follow the focus", fmt.Sprintf(`location.search.includes(%q)`, "focus="+politburo))
	p.idle()
	p.do("go back", chromedp.NavigateBack())
	waitJS[bool](p, "the focus to return to Tô Lâm", fmt.Sprintf(
		`location.search.includes(%q) && govkgGraph.nodes('.focus').length === 1 && govkgGraph.nodes('.focus')[0].id() === %q`,
		"focus="+toLam, toLam))
	p.panelShows("Tô Lâm")

	p.mu.Lock()
	defer p.mu.Unlock()
	for _, u := range p.requests {
		if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
			t.Errorf("the page fetched %s, which is not on the server", u)
		}
	}
	for _, pr := range p.problems {
		t.Errorf("the page reported: %s", pr)
	}
	t.Logf("%d requests, all to the test server", len(p.requests))
}
