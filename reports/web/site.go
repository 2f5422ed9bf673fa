package web

import (
	"bytes"
	_ "embed"
	"os"
	"path/filepath"
)

// The playground's part of the page: the model editor, the Check button
// and the script that runs the WebAssembly build.
var (
	//go:embed playground.html
	playgroundPart []byte
	//go:embed playground.js
	playgroundJS []byte
	//go:embed worker.js
	workerJS []byte
)

// PlaygroundPage is the explorer's page with the playground's editor and
// scripts in it: the index.html of the static playground.
func PlaygroundPage() []byte {
	p := bytes.Replace(page, []byte("<!--playground-->"), playgroundPart, 1)
	return bytes.Replace(p, []byte("<title>interleave explore</title>"), []byte("<title>interleave playground</title>"), 1)
}

// Site files, as WriteSite names them.
const (
	SiteWasm     = "interleave.wasm"
	SiteWasmExec = "wasm_exec.js"
)

// WriteSite writes the static playground into dir (made if missing): its
// page, its scripts, wasm (the WebAssembly build of the checker, see
// cmd/interleave-wasm) and wasmExec (the Go release's wasm_exec.js, from the
// Go that built wasm). Other files in dir are left alone.
func WriteSite(dir string, wasm, wasmExec []byte) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	files := []struct {
		name string
		data []byte
	}{
		{"index.html", PlaygroundPage()},
		{"playground.js", playgroundJS},
		{"worker.js", workerJS},
		{SiteWasmExec, wasmExec},
		{SiteWasm, wasm},
	}
	for _, f := range files {
		if err := os.WriteFile(filepath.Join(dir, f.name), f.data, 0o644); err != nil {
			return err
		}
	}
	return nil
}
