package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/reports"
)

// renderer is how --svg and --out draw a diagram as SVG.
type renderer string

const (
	// rendererNative lays the diagram out in Go: no Graphviz needed.
	rendererNative renderer = "native"
	// rendererDot renders the DOT diagram with the system's Graphviz dot.
	rendererDot renderer = "dot"
)

// parseRenderer reads --renderer.
func parseRenderer(s string) (renderer, error) {
	switch renderer(s) {
	case rendererNative, rendererDot:
		return renderer(s), nil
	}
	return "", fmt.Errorf("bad --renderer %q: want native or dot", s)
}

// diagramSVG draws the counterexample of r.Checks[k] as SVG.
func diagramSVG(ctx context.Context, how renderer, r *checker.Result, k int) ([]byte, error) {
	if how != rendererDot {
		return reports.SVG(r, k)
	}
	src, err := reports.DOT(r, k)
	if err != nil {
		return nil, err
	}
	out, err := runDot(ctx, src, "svg")
	if errors.Is(err, errNoDot) {
		return nil, errors.New("--renderer dot needs Graphviz's dot, which is not installed: install Graphviz, or use --renderer native")
	}
	return out, err
}

// errNoDot is runDot's error when Graphviz's dot is not on the PATH.
var errNoDot = errors.New("Graphviz's dot is not installed")

// runDot renders DOT source with the system's Graphviz into the given format.
func runDot(ctx context.Context, src []byte, format string) ([]byte, error) {
	path, err := exec.LookPath("dot")
	if err != nil {
		return nil, errNoDot
	}
	if ctx == nil {
		ctx = context.Background()
	}
	cmd := exec.CommandContext(ctx, path, "-T"+format)
	cmd.Stdin = bytes.NewReader(src)
	var out, errOut bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		msg := bytes.TrimSpace(errOut.Bytes())
		if len(msg) > 0 {
			return nil, fmt.Errorf("dot failed: %s", msg)
		}
		return nil, fmt.Errorf("dot failed: %w", err)
	}
	return out.Bytes(), nil
}

// writeOutDir writes, for every violated check of r with a trace and every
// bounded_waiting witness, NAME.dot and NAME.svg into dir (created when
// missing). prefix goes before NAME, to keep
// the files of several models apart.
func writeOutDir(ctx context.Context, how renderer, dir, prefix string, r *checker.Result) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	for k := range r.Checks {
		c := &r.Checks[k]
		if (c.Verdict != checker.Violated || c.Trace == nil) && c.Witness == nil {
			continue
		}
		name := filepath.Join(dir, prefix+fileName(c.Name))
		src, err := reports.DOT(r, k)
		if err != nil {
			return err
		}
		if err := os.WriteFile(name+".dot", src, 0o644); err != nil {
			return err
		}
		svg, err := diagramSVG(ctx, how, r, k)
		if err != nil {
			return err
		}
		if err := os.WriteFile(name+".svg", svg, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// fileName makes a check or model name safe as a file name: every character
// but letters, digits, '-', '_' and '.' becomes '_', and a leading dot too.
func fileName(s string) string {
	b := []rune(s)
	for i, c := range b {
		ok := c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-' || c == '.'
		if !ok || (i == 0 && c == '.') {
			b[i] = '_'
		}
	}
	if len(b) == 0 {
		return "_"
	}
	return string(b)
}
