package main

import (
	"bytes"
	"compress/gzip"
	"embed"
	"errors"
	"fmt"
	"io"
	"io/fs"

	"github.com/spf13/cobra"

	"github.com/interleave/interleave/reports"
	"github.com/interleave/interleave/reports/web"
)

// The playground's WebAssembly build and the Go release's wasm_exec.js,
// made by go generate (see playground/README.md) and embedded at build
// time; a binary built without them has only the README.
//
//go:generate sh -c "GOOS=js GOARCH=wasm go build -trimpath -buildvcs=false -o playground/interleave.wasm ../interleave-wasm && gzip -9nf playground/interleave.wasm && cp \"$(go env GOROOT)/lib/wasm/wasm_exec.js\" playground/wasm_exec.js"
//go:embed playground
var playgroundAssets embed.FS

// Paths of the embedded playground files.
const (
	assetWasm     = "playground/interleave.wasm.gz"
	assetWasmExec = "playground/wasm_exec.js"
)

func newPlaygroundCmd(e env) *cobra.Command {
	var out string
	cmd := &cobra.Command{
		Use:   "playground --out DIR",
		Short: "Write a web playground that checks models in the browser",
		Long: "playground writes a static web site into DIR: the explorer's page with a model\n" +
			"editor, and the compiler and checker built to WebAssembly, so that Check runs\n" +
			"in the visitor's browser. DIR needs no server of interleave's: publish it on\n" +
			"any static host, or serve it with any file server. The files are index.html,\n" +
			"playground.js, worker.js, wasm_exec.js and interleave.wasm; other files in DIR\n" +
			"are left alone.\n\n" +
			"Exit status: 0 the site was written, 2 a usage error, a directory that cannot\n" +
			"be written, or a program built without the playground.",
		Example: "  interleave playground --out site\n  python3 -m http.server -d site 8000",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) != 0 {
				return usagef(cmd.CommandPath(), "playground takes no arguments: give the directory with --out DIR")
			}
			if out == "" {
				return usagef(cmd.CommandPath(), "playground needs --out DIR")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			return runPlayground(e, playgroundAssets, out)
		},
	}
	cmd.Flags().StringVar(&out, "out", "", "write the site into `DIR` (made if missing)")
	return cmd
}

// runPlayground writes the site into dir from the assets (the embedded ones
// but in tests).
func runPlayground(e env, assets fs.FS, dir string) error {
	wasm, exec, err := playgroundFiles(assets)
	if err != nil {
		return &exitStatus{code: exitError, msg: "interleave: " + err.Error()}
	}
	if err := web.WriteSite(dir, wasm, exec); err != nil {
		return &exitStatus{code: exitError, msg: "interleave: " + err.Error()}
	}
	fmt.Fprintf(e.stdout, "wrote the playground to %s (interleave.wasm %s); serve it with any static file server\n",
		dir, reports.Bytes(uint64(len(wasm))))
	return nil
}

// playgroundFiles reads the WebAssembly build, unpacked, and wasm_exec.js.
func playgroundFiles(assets fs.FS) (wasm, exec []byte, err error) {
	gz, err := fs.ReadFile(assets, assetWasm)
	if errors.Is(err, fs.ErrNotExist) {
		return nil, nil, errors.New("this interleave was built without the playground: " +
			"build it with `go generate ./cmd/interleave` before `go build ./cmd/interleave`")
	}
	if err != nil {
		return nil, nil, err
	}
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, nil, fmt.Errorf("the embedded playground is damaged: %w", err)
	}
	if wasm, err = io.ReadAll(zr); err != nil {
		return nil, nil, fmt.Errorf("the embedded playground is damaged: %w", err)
	}
	if exec, err = fs.ReadFile(assets, assetWasmExec); err != nil {
		return nil, nil, fmt.Errorf("the embedded playground lacks wasm_exec.js: %w", err)
	}
	return wasm, exec, nil
}
