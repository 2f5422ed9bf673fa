package web

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// browser starts a headless Chromium for the test, or skips it when none is
// installed. Screenshots go to $INTERLEAVE_SCREENSHOTS when it is set.
func browser(t *testing.T) context.Context {
	t.Helper()
	path := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			path = p
			break
		}
	}
	if path == "" {
		t.Skip("no chromium installed")
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(path), chromedp.NoSandbox,
		chromedp.WindowSize(1200, 900))
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	t.Cleanup(cancel)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	ctx, cancel = context.WithTimeout(ctx, 60*time.Second)
	t.Cleanup(cancel)
	return ctx
}

// screenshot saves the page at the given width as name.png under
// $INTERLEAVE_SCREENSHOTS.
func screenshot(t *testing.T, ctx context.Context, name string, width int64) {
	dir := os.Getenv("INTERLEAVE_SCREENSHOTS")
	if dir == "" {
		return
	}
	_, err := chromedp.Run(ctx, chromedp.EmulateViewport(width, 900))
	require.NoError(t, err)
	_, err = chromedp.Run(ctx, chromedp.Sleep(200*time.Millisecond))
	require.NoError(t, err)
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644))
}

// act runs browser actions in order.
func act(t *testing.T, ctx context.Context, as ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	for _, a := range as {
		_, err := chromedp.Run(ctx, a)
		require.NoError(t, err)
	}
}

// text is the text of the first element that sel matches.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(sel)))
	require.NoError(t, err)
	return s
}

// current waits until state n of the run is the current one.
func current(n int) chromedp.Action[chromedp.Void] {
	return chromedp.WaitVisible(chromedp.CSS(`#history li:nth-child(` + itoa(n+1) + `).cur`))
}

func TestBrowserStepsToDeadlockAndBack(t *testing.T) {
	ctx := browser(t)
	srv := server(t, deadlockModel)
	act(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#procs button`)))
	first := text(t, ctx, `#procs button[data-proc="0"]`)
	assert.True(t, strings.HasPrefix(first, "P "), first)
	assert.Contains(t, text(t, ctx, "#status"), "running")

	// Digits pick a process: P and Q alternate into the deadlock.
	for i, p := range []string{"0", "1", "0", "1", "0", "1"} {
		act(t, ctx, chromedp.KeyEvent(p), current(i+1))
	}
	assert.Contains(t, text(t, ctx, "#status"), "deadlock")
	assert.Contains(t, text(t, ctx, "#checks"), "deadlock violated")
	disabled, err := chromedp.Run(ctx, chromedp.Evaluate[[]bool](
		`[...document.querySelectorAll("#procs button")].map(b => b.disabled)`))
	require.NoError(t, err)
	assert.Equal(t, []bool{true, true}, disabled)
	reasons := text(t, ctx, "#procs")
	assert.Contains(t, reasons, "P — waits in down(b)")
	assert.Contains(t, reasons, "Q — waits in down(a)")
	screenshot(t, ctx, "explore-desktop", 1200)
	screenshot(t, ctx, "explore-phone", 390)

	act(t, ctx, chromedp.Click(chromedp.CSS("#back")), current(5))
	assert.Contains(t, text(t, ctx, "#status"), "running")
	act(t, ctx, chromedp.KeyEvent(kb.ArrowRight), current(6))
	assert.Contains(t, text(t, ctx, "#status"), "deadlock")
	act(t, ctx, chromedp.Click(chromedp.CSS("#history li:nth-child(1)")), current(0))
	assert.Equal(t, "State 0 of the run: running", text(t, ctx, "#status"))

	// Replay loads the checker's counterexample; Forward walks it to the violation.
	act(t, ctx, chromedp.Click(chromedp.CSS("#replays button")))
	require.Eventually(t, func() bool {
		return strings.Contains(text(t, ctx, "#status"), "the counterexample of deadlock")
	}, 10*time.Second, 50*time.Millisecond)
	assert.Equal(t, "Replay deadlock", text(t, ctx, "#replays button"))
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#history li").length`))
	require.NoError(t, err)
	for i := 1; i < n; i++ {
		act(t, ctx, chromedp.Click(chromedp.CSS("#forward")), current(i))
	}
	assert.Contains(t, text(t, ctx, "#status"), "the counterexample of deadlock")
	assert.Contains(t, text(t, ctx, "#checks"), "deadlock violated")
}

func TestBrowserChallenge(t *testing.T) {
	ctx := browser(t)
	srv := server(t, noLockModel)
	act(t, ctx, chromedp.Navigate(srv.URL+"/?challenge=mutex"), chromedp.WaitVisible(chromedp.CSS(`#procs button`)))
	assert.Equal(t, "Challenge: choose who runs next until mutex is violated.", text(t, ctx, "#challenge"))
	assert.Empty(t, text(t, ctx, "#replays"), "no replay in a challenge")
	steps := 0
	for _, p := range []string{"0", "1", "0", "1", "0", "1"} {
		if strings.HasPrefix(text(t, ctx, "#challenge"), "Challenge won") {
			break
		}
		steps++
		act(t, ctx, chromedp.KeyEvent(p), current(steps))
	}
	assert.Equal(t, "Challenge won: mutex violated: P[0] and P[1] are both in critical, after "+itoa(steps)+" steps.",
		text(t, ctx, "#challenge"))
}

func TestBrowserStateGraph(t *testing.T) {
	ctx := browser(t)
	srv := server(t, deadlockModel)
	act(t, ctx, chromedp.Navigate(srv.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#graph g.node.cur[data-state="0"]`)))
	g := getGraph(t, srv.URL)
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.querySelectorAll("#graph g.node").length`))
	require.NoError(t, err)
	assert.Equal(t, len(g.Nodes), n, "one drawn node per state")

	// A step moves the mark along an edge of the graph.
	act(t, ctx, chromedp.KeyEvent("0"), current(1), chromedp.WaitVisible(chromedp.CSS(`#graph g.node.cur:not([data-state="0"])`)))
	cur, err := chromedp.Run(ctx, chromedp.AttributeValue(chromedp.CSS(`#graph g.node.cur`), "data-state"))
	require.NoError(t, err)
	assert.True(t, hasEdge(g, 0, atoi(t, cur.Value)), "state %s follows the initial state", cur.Value)

	// Clicking a deadlocked state goes there by a shortest run.
	act(t, ctx, chromedp.Click(chromedp.CSS(`#graph g.node.bad`)), chromedp.WaitVisible(chromedp.CSS(`#graph g.node.bad.cur`)))
	assert.Contains(t, text(t, ctx, "#status"), "deadlock: no process can move")
	screenshot(t, ctx, "explore-graph", 1200)

	// At a phone's width the page does not scroll sideways: the graph
	// scrolls in its own box.
	act(t, ctx, chromedp.EmulateViewport(390, 900))
	width, err := chromedp.Run(ctx, chromedp.Evaluate[int](`document.documentElement.scrollWidth`))
	require.NoError(t, err)
	assert.LessOrEqual(t, width, 390)
	act(t, ctx, chromedp.EmulateViewport(1200, 900))

	big := server(t, bigModel)
	act(t, ctx, chromedp.Navigate(big.URL+"/"), chromedp.WaitVisible(chromedp.CSS(`#graph p`)))
	assert.Contains(t, text(t, ctx, "#graph"), "too many to draw")
}

// atoi is s as a number.
func atoi(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	require.NoError(t, err)
	return n
}
