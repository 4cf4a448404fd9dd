package schema

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// findChromium returns the path of a Chromium or Chrome binary, or "".
func findChromium() string {
	if p := os.Getenv("GOVKG_CHROMIUM"); p != "" {
		return p
	}
	for _, name := range []string{"/usr/bin/chromium", "chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			return p
		}
	}
	return ""
}

// chromiumOrSkip returns the Chromium binary a browser test drives. When
// there is none it skips t, or fails it when GOVKG_REQUIRE_ALL=1.
func chromiumOrSkip(t *testing.T) string {
	t.Helper()
	exe := findChromium()
	if exe == "" {
		if os.Getenv("GOVKG_REQUIRE_ALL") == "1" {
			t.Fatal("Chromium is not installed (apt-get install chromium), and GOVKG_REQUIRE_ALL=1 requires this test")
		}
		t.Skip("Chromium is not installed (apt-get install chromium); skipping the browser test")
	}
	return exe
}

// screenshotDir returns the folder a browser test writes its screenshots
// to: $GOVKG_SCREENSHOT_DIR, created if need be, or else a temporary one.
func screenshotDir(t *testing.T) string {
	t.Helper()
	shots := os.Getenv("GOVKG_SCREENSHOT_DIR")
	if shots == "" {
		return t.TempDir()
	}
	if err := os.MkdirAll(shots, 0o755); err != nil {
		t.Fatal(err)
	}
	return shots
}

// startChromium launches headless Chromium exe with a fresh profile and a
// width x height window, and returns a context for one tab in it that
// expires after timeout. The tab and the browser are closed when t ends,
// before the profile folder is removed.
func startChromium(t *testing.T, exe string, width, height int, timeout time.Duration) context.Context {
	t.Helper()
	profile := t.TempDir()
	alloc, cancelAlloc := chromedp.NewExecAllocator(context.Background(),
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(width, height),
	)
	t.Cleanup(cancelAlloc)
	tab, cancelTab := chromedp.NewContext(alloc)
	t.Cleanup(cancelTab)
	ctx, cancel := context.WithTimeout(tab, timeout)
	t.Cleanup(cancel)
	return ctx
}

// resultJS returns the text of GraphiQL's result pane when it contains
// every one of want, else null (so that Poll keeps waiting).
func resultJS(want ...string) string {
	var conds []string
	for _, w := range want {
		conds = append(conds, fmt.Sprintf("v.includes(%q)", w))
	}
	return `(() => {
		const cm = document.querySelector('.result-window .CodeMirror');
		const v = cm && cm.CodeMirror ? cm.CodeMirror.getValue() : '';
		return (` + strings.Join(conds, " && ") + `) ? v : null;
	})()`
}

// TestPlaygroundInBrowser loads the playground in headless Chromium from
// the test server, runs the opening query with the run button, waits for
// the answer, then sends a mutation without and with the bearer token typed
// in the bar. Screenshots go to $GOVKG_SCREENSHOT_DIR (default: a
// temporary directory).
func TestPlaygroundInBrowser(t *testing.T) {
	exe := chromiumOrSkip(t)
	shots := screenshotDir(t)
	const token = "browser-test-token"
	srv := newTestServer(t, Options{Token: token})

	ctx := startChromium(t, exe, 1400, 900, 90*time.Second)

	// Every request the page makes, and every error it reports.
	var mu sync.Mutex
	var requests, problems []string
	if err := chromedp.Listen(ctx, func(ev any) {
		mu.Lock()
		defer mu.Unlock()
		switch e := ev.(type) {
		case *network.EventRequestWillBeSent:
			requests = append(requests, e.Request.URL)
		case *network.EventLoadingFailed:
			problems = append(problems, "loading failed: "+e.ErrorText)
		case *runtime.EventExceptionThrown:
			problems = append(problems, "exception: "+e.ExceptionDetails.Text)
		case *runtime.EventConsoleAPICalled:
			if e.Type == runtime.ConsoleAPICalledTypeError {
				var parts []string
				for _, a := range e.Args {
					parts = append(parts, string(a.Value)+a.Description)
				}
				problems = append(problems, "console error: "+strings.Join(parts, " "))
			}
		}
	}); err != nil {
		t.Fatalf("start Chromium (%s): %v", exe, err)
	}
	if _, err := chromedp.Call(ctx, network.Enable, network.EnableParams{}); err != nil {
		t.Fatal(err)
	}
	shoot := func(name string) {
		t.Helper()
		png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
		if err != nil {
			t.Fatalf("screenshot: %v", err)
		}
		path := filepath.Join(shots, name)
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s", path)
	}
	run := func(want ...string) string {
		t.Helper()
		if err := chromedp.Do(ctx, chromedp.Click(".graphiql-execute-button")); err != nil {
			t.Fatalf("click run: %v", err)
		}
		text, err := chromedp.Run(ctx, chromedp.Poll[string](resultJS(want...), chromedp.WithPollingTimeout(30*time.Second)))
		if err != nil {
			got, _ := chromedp.Run(ctx, chromedp.Evaluate[string](
				`(document.querySelector('.result-window') || document.body).innerText`))
			shoot("playground-failed.png")
			t.Fatalf("the result pane never showed %q: %v\npane: %s", want, err, got)
		}
		return text
	}

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(".graphiql-execute-button")); err != nil {
		t.Fatalf("load the playground: %v", err)
	}
	query, err := chromedp.Run(ctx, chromedp.Poll[string](
		`(() => { const cm = document.querySelector('.graphiql-query-editor .CodeMirror');
		          return cm && cm.CodeMirror ? cm.CodeMirror.getValue() : null; })()`,
		chromedp.WithPollingTimeout(20*time.Second)))
	if err != nil {
		t.Fatalf("read the query editor: %v", err)
	}
	if !strings.Contains(query, "resolutionsImplementedBy(") || !strings.Contains(query, `programme: "Project 06"`) ||
		!strings.Contains(query, "transitive: true") {
		t.Errorf("the opening query is not the example:\n%s", query)
	}
	// The opening query's answer comes from the fixture graph.
	answer := run("Resolution 12-NQ/TW", "Resolution 52-NQ/TW", "2022-03-16", "Politburo")
	t.Logf("answer in the result pane:\n%s", answer)
	shoot("playground.png")

	// A mutation without the token is refused; with it, it is accepted.
	setQuery := func(q string) {
		t.Helper()
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](fmt.Sprintf(
			`document.querySelector('.graphiql-query-editor .CodeMirror').CodeMirror.setValue(%q) || true`, q))); err != nil {
			t.Fatalf("set the query: %v", err)
		}
		// GraphiQL takes the edit in after a pause, and stores it then.
		if _, err := chromedp.Run(ctx, chromedp.Poll[bool](fmt.Sprintf(
			`localStorage.getItem('graphiql:query') === %q`, q), chromedp.WithPollingTimeout(10*time.Second))); err != nil {
			t.Fatalf("GraphiQL did not take the new query in: %v", err)
		}
	}
	setQuery(`mutation { assertFact(subject: "To Lam", predicate: attends, object: "Hanoi Data Forum") { added subject { name } } }`)
	run("Authorization: Bearer")
	if err := chromedp.Do(ctx, chromedp.SendKeys("#govkg-token", token)); err != nil {
		t.Fatalf("type the token: %v", err)
	}
	run(`"added": true`, "Tô Lâm")
	shoot("playground-mutation.png")

	mu.Lock()
	defer mu.Unlock()
	for _, u := range requests {
		if !strings.HasPrefix(u, srv.URL+"/") && !strings.HasPrefix(u, "data:") && !strings.HasPrefix(u, "blob:") {
			t.Errorf("the page fetched %s, which is not on the server", u)
		}
	}
	for _, p := range problems {
		t.Errorf("the page reported: %s", p)
	}
	t.Logf("%d requests, all to the test server", len(requests))
}
