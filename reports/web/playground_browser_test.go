package web

import (
	"bytes"
	"compress/gzip"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/models"
)

// site builds the checker to WebAssembly, writes the playground with it into
// a temporary directory and serves that with a plain file server.
func site(t *testing.T) (*httptest.Server, string) {
	t.Helper()
	goCmd := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		t.Skip("no Go toolchain to build the WebAssembly with")
	}
	tmp := t.TempDir()
	wasmPath := filepath.Join(tmp, "interleave.wasm")
	build := exec.Command(goCmd, "build", "-trimpath", "-buildvcs=false", "-o", wasmPath, "../../cmd/interleave-wasm")
	build.Env = append(os.Environ(), "GOOS=js", "GOARCH=wasm", "GOFLAGS=")
	out, err := build.CombinedOutput()
	require.NoError(t, err, string(out))
	wasm, err := os.ReadFile(wasmPath)
	require.NoError(t, err)
	wasmExec, err := os.ReadFile(filepath.Join(runtime.GOROOT(), "lib", "wasm", "wasm_exec.js"))
	require.NoError(t, err)
	dir := filepath.Join(tmp, "site")
	require.NoError(t, WriteSite(dir, wasm, wasmExec))
	srv := httptest.NewServer(http.FileServer(http.Dir(dir)))
	t.Cleanup(srv.Close)
	return srv, dir
}

// gzipSize is the size of b compressed with gzip at its best.
func gzipSize(t *testing.T, b []byte) int {
	var buf bytes.Buffer
	zw, err := gzip.NewWriterLevel(&buf, gzip.BestCompression)
	require.NoError(t, err)
	_, err = zw.Write(b)
	require.NoError(t, err)
	require.NoError(t, zw.Close())
	return buf.Len()
}

// expected is the library's verdicts for a model under its own settings.
func expected(t *testing.T, name string) []string {
	t.Helper()
	m, ok := models.Lookup(name)
	require.True(t, ok, name)
	for _, e := range m.Expect {
		if len(e.Consts) == 0 && e.Fairness == "" && e.Memory == "" {
			var out []string
			for check, v := range e.Verdicts {
				out = append(out, check+": "+v)
			}
			sort.Strings(out)
			return out
		}
	}
	t.Fatalf("%s has no expectation for its own settings", name)
	return nil
}

// pageVerdicts is the page's verdict list, each line cut at its message.
func pageVerdicts(t *testing.T, ctx context.Context) []string {
	var out []string
	for _, line := range strings.Split(strings.TrimSpace(text(t, ctx, "#verdicts")), "\n") {
		line, _, _ = strings.Cut(line, " — ")
		out = append(out, strings.TrimSpace(line))
	}
	sort.Strings(out)
	return out
}

// checkAndWait presses Check and waits for its verdicts; it returns the time
// the page measured from the press to the verdicts, in milliseconds.
func checkAndWait(t *testing.T, ctx context.Context) string {
	t.Helper()
	act(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#check:not(:disabled)`)),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("timing").removeAttribute("data-ms")`),
		chromedp.Click(chromedp.CSS("#check")),
		chromedp.WaitVisible(chromedp.CSS(`#timing[data-ms]`)))
	ms, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#timing`), "data-ms"))
	require.NoError(t, err)
	return ms.Value
}

// longModel has millions of states: its check runs for seconds.
const longModel = `model long

var x: 0..99 = 0
var y: 0..99 = 0
var z: 0..99 = 0

process P { while true { x = (x + 1) % 100 } }
process Q { while true { y = (y + 1) % 100 } }
process R { while true { z = (z + 1) % 100 } }
`

func TestBrowserPlayground(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the WebAssembly")
	}
	ctx := browser(t)
	srv, dir := site(t)
	wasm, err := os.ReadFile(filepath.Join(dir, SiteWasm))
	require.NoError(t, err)
	t.Logf("interleave.wasm: %d bytes, %d gzipped", len(wasm), gzipSize(t, wasm))
	txt := func(sel string) string { return text(t, ctx, sel) }

	start := time.Now()
	act(t, ctx, chromedp.Navigate(srv.URL+"/?model=peterson"), chromedp.WaitVisible(chromedp.CSS(`#check:not(:disabled)`)))
	t.Logf("page to Check enabled: %s (%s)", time.Since(start).Round(time.Millisecond), txt("#timing"))
	src, err := chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#text")))
	require.NoError(t, err)
	assert.Contains(t, src, "model peterson")

	ms := checkAndWait(t, ctx)
	t.Logf("peterson: Check to verdicts %s ms", ms)
	assert.Equal(t, expected(t, "peterson"), pageVerdicts(t, ctx))
	assert.Contains(t, txt("#report"), "mutex")
	assert.Contains(t, txt("#status"), "State 0 of the run: running", "the explorer shows the model checked")
	assert.Equal(t, "interleave playground: peterson", txt("#title"))

	// A digit typed in the editor is text, not a step of the explorer.
	act(t, ctx, chromedp.SendKeys(chromedp.CSS("#text"), "0"))
	src, err = chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#text")))
	require.NoError(t, err)
	assert.True(t, strings.HasSuffix(src, "0"), "the digit went into the text")
	length, err := chromedp.Run(ctx, chromedp.Evaluate[int](
		`window.playground.fetch("api/view").then(r => r.json()).then(v => v.length)`, chromedp.EvalAwaitPromise))
	require.NoError(t, err)
	assert.Equal(t, 1, length, "and took no step")

	// A broken model: its counterexample as text and as a diagram, and the
	// explorer replays it to the violation.
	act(t, ctx, chromedp.SetValue(chromedp.CSS("#library"), "peterson_swapped"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("library").dispatchEvent(new Event("change"))`))
	src, err = chromedp.Run(ctx, chromedp.Value(chromedp.CSS("#text")))
	require.NoError(t, err)
	assert.Contains(t, src, "model peterson_swapped")
	ms = checkAndWait(t, ctx)
	t.Logf("peterson_swapped: Check to verdicts %s ms", ms)
	assert.Equal(t, expected(t, "peterson_swapped"), pageVerdicts(t, ctx))
	report := txt("#report")
	assert.Contains(t, report, "mutex")
	assert.Contains(t, report, "violated")
	assert.Contains(t, report, "P[0]", "the counterexample's steps name the processes")
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#diagrams svg").length`))
	require.NoError(t, err)
	assert.Equal(t, 1, n, "one diagram, of mutex")
	act(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#replays button`)))
	assert.Equal(t, "Replay mutex", txt("#replays button"))
	act(t, ctx, chromedp.Click(chromedp.CSS("#replays button")))
	require.Eventually(t, func() bool {
		return strings.Contains(txt("#status"), "the counterexample of mutex")
	}, 10*time.Second, 50*time.Millisecond)
	steps, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#history li").length`))
	require.NoError(t, err)
	for i := 1; i < steps; i++ {
		act(t, ctx, chromedp.Click(chromedp.CSS("#forward")), current(i))
	}
	assert.Contains(t, txt("#checks"), "mutex violated")
	act(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#graph svg g.node.cur`)))
	screenshot(t, ctx, "playground", 1200)
	screenshot(t, ctx, "playground-phone", 390)

	// An error in the model: the compiler's message with its line and caret.
	act(t, ctx, chromedp.SetValue(chromedp.CSS("#text"), "model broken\n\nvar x: 0..1 = 0\nprocess P { x = y }\n"))
	checkAndWait(t, ctx)
	errs := txt("#errors")
	assert.Contains(t, errs, "peterson_swapped.ilv:4:")
	assert.Contains(t, errs, "^")
	assert.Empty(t, txt("#verdicts"))

	// A long check can be stopped; the next one runs in a new worker.
	act(t, ctx, chromedp.SetValue(chromedp.CSS("#text"), longModel), chromedp.Click(chromedp.CSS("#check")),
		chromedp.WaitVisible(chromedp.CSS("#stop")), chromedp.Click(chromedp.CSS("#stop")),
		chromedp.WaitNotVisible(chromedp.CSS("#stop")))
	assert.Equal(t, "Stopped", txt("#timing"))
	assert.Contains(t, txt("#errors"), "Stopped after")
	act(t, ctx, chromedp.SetValue(chromedp.CSS("#library"), "peterson"),
		chromedp.Evaluate[chromedp.Void](`document.getElementById("library").dispatchEvent(new Event("change"))`))
	checkAndWait(t, ctx)
	assert.Equal(t, expected(t, "peterson"), pageVerdicts(t, ctx))
	act(t, ctx, chromedp.WaitVisible(chromedp.CSS(`#procs button`)))
	assert.Contains(t, txt("#status"), "State 0 of the run: running")
}
