//go:build js && wasm

// Command interleave-wasm is the checker built to WebAssembly for the static
// playground that `interleave playground` writes: the compiler, the checker
// and the web explorer's API, run in the browser's page.
//
// It sets one JavaScript function, interleaveServe(method, path, body),
// which answers a call of the playground's API (see web.Playground) as its
// server would, with a Promise of {status, type, body}; then it waits for
// calls for as long as the page lives.
//
// Build it with GOOS=js GOARCH=wasm (see `go generate ./cmd/interleave`).
package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strings"
	"syscall/js"

	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/models"
	"github.com/interleave/interleave/reports/web"
)

func main() {
	var library []web.Example
	for _, m := range models.All() {
		library = append(library, web.Example{Name: m.Name, Description: m.Description, Source: string(m.Source)})
	}
	h := web.NewPlayground(compile, library).Handler()
	js.Global().Set("interleaveServe", js.FuncOf(func(this js.Value, args []js.Value) any {
		method, path, body := args[0].String(), args[1].String(), args[2].String()
		return promise(func() map[string]any { return serve(h, method, path, body) })
	}))
	select {}
}

// compile compiles a model's text with the model's own constants.
func compile(name string, text []byte) (*ir.Program, error) {
	return lang.Compile(lang.File{Name: name, Text: text}, lang.Options{})
}

// serve answers one call of the API. A panic is an answer with status 500,
// not the end of the page's checker.
func serve(h http.Handler, method, path, body string) (out map[string]any) {
	defer func() {
		if r := recover(); r != nil {
			out = map[string]any{"status": http.StatusInternalServerError, "type": "text/plain",
				"body": fmt.Sprintf("internal error: %v", r)}
		}
	}()
	req, err := http.NewRequest(method, "/"+strings.TrimPrefix(path, "/"), strings.NewReader(body))
	if err != nil {
		return map[string]any{"status": http.StatusBadRequest, "type": "text/plain", "body": err.Error()}
	}
	w := &recorder{header: http.Header{}, status: http.StatusOK}
	h.ServeHTTP(w, req)
	return map[string]any{"status": w.status, "type": w.header.Get("Content-Type"), "body": w.body.String()}
}

// recorder is the http.ResponseWriter of one call: it keeps the answer.
type recorder struct {
	header http.Header
	status int
	body   bytes.Buffer
}

func (w *recorder) Header() http.Header         { return w.header }
func (w *recorder) Write(b []byte) (int, error) { return w.body.Write(b) }
func (w *recorder) WriteHeader(status int)      { w.status = status }

// promise runs f on a goroutine of its own, as a function called from
// JavaScript must not block, and returns a Promise of its result.
func promise(f func() map[string]any) js.Value {
	executor := js.FuncOf(func(this js.Value, args []js.Value) any {
		resolve := args[0]
		go func() { resolve.Invoke(js.ValueOf(f())) }()
		return nil
	})
	// The Promise calls its executor before New returns.
	defer executor.Release()
	return js.Global().Get("Promise").New(executor)
}
