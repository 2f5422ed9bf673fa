package main

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os/exec"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/reports/web"
)

// exploreFlags are the flags of `interleave explore`.
type exploreFlags struct {
	defines []string
	addr    string
	noOpen  bool
}

func newExploreCmd(e env) *cobra.Command {
	var f exploreFlags
	cmd := &cobra.Command{
		Use:   "explore FILE",
		Short: "Schedule a model step by step in a web page",
		Long: "explore serves a local web page on which you are the scheduler: choose which\n" +
			"process moves next, see the variables it changed and why the others cannot\n" +
			"move, step back and forward; for a small model, its whole state graph. The\n" +
			"page is built into the program and works offline. Its URL is the first line\n" +
			"printed; the browser opens on it unless --no-open. The server listens on\n" +
			"127.0.0.1 until interrupted (Ctrl-C).\n\n" +
			"Exit status: 0 the server was stopped, 2 a usage error or an error in the model.",
		Example: "  interleave explore peterson\n  interleave explore model.ilv --addr 127.0.0.1:0 --no-open",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 1 {
				return usagef(cmd.CommandPath(), "explore needs one model: a FILE or a built-in model name")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			consts, err := parseDefines(f.defines)
			if err != nil {
				return usagef(cmd.CommandPath(), "%s", err)
			}
			return runExplore(cmd.Context(), e, args[0], consts, f)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.defines, "define", "D", nil, "override a constant: -D NAME=VALUE (repeatable)")
	fl.StringVar(&f.addr, "addr", "127.0.0.1:0", "listen on `HOST:PORT` (port 0 picks a free one)")
	fl.BoolVar(&f.noOpen, "no-open", false, "do not open the browser")
	return cmd
}

// runExplore compiles the model and serves its page until ctx ends.
func runExplore(ctx context.Context, e env, arg string, consts map[string]int32, f exploreFlags) error {
	prog, err := compileModel(arg, consts)
	if err != nil {
		return &exitStatus{code: exitError, msg: trimNewline(err.Error())}
	}
	file, err := load(arg)
	if err != nil {
		return &exitStatus{code: exitError, msg: "interleave: " + err.Error()}
	}
	m, err := explorer.New(prog)
	if err != nil {
		return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: %s: %s", prog.File, err)}
	}
	ln, err := net.Listen("tcp", f.addr)
	if err != nil {
		return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: cannot listen on %s: %s", f.addr, err)}
	}
	url := "http://" + ln.Addr().String() + "/"
	fmt.Fprintln(e.stdout, url)
	srv := &http.Server{Handler: web.Handler(web.NewSession(m, string(file.Text))), ReadHeaderTimeout: 10 * time.Second}
	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	if !f.noOpen {
		if err := openBrowser(url); err != nil {
			fmt.Fprintf(e.stderr, "interleave: cannot open a browser (%s); open %s\n", err, url)
		}
	}
	select {
	case err := <-done:
		return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: %s", err)}
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil && !errors.Is(err, context.DeadlineExceeded) {
		return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: %s", err)}
	}
	return nil
}

// openBrowser asks the system to open url in the user's browser.
func openBrowser(url string) error {
	var c *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		c = exec.Command("open", url)
	case "windows":
		c = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		c = exec.Command("xdg-open", url)
	}
	if err := c.Start(); err != nil {
		return err
	}
	go c.Wait()
	return nil
}
