// Package lsp is interleave's language server: the Language Server Protocol
// over a stream, for editors. It parses and compiles a model on every change
// and publishes every error as a diagnostic; it answers hover, definition,
// references, rename, document symbols, completion and formatting (the
// printer of `interleave fmt`); and its "interleave.check" command, offered as
// a code lens, checks the model with a small state budget and shows the
// verdicts as diagnostics on the violated `check` lines.
//
// The protocol's framing and messages come from github.com/tliron/glsp; this
// package holds the documents and the answers. Names are resolved from the
// syntax tree (index.go), so that hover and definition work in a model that
// does not type-check yet.
package lsp

import (
	"context"
	"io"
	"sync"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"
)

// name is the server's name in the initialize reply and in diagnostics.
const name = "interleave"

// Server holds the open documents of one editor connection.
type Server struct {
	// MaxStates bounds the check command's search.
	MaxStates int64
	// Version is the release the server tells the editor.
	Version string

	mu   sync.Mutex
	docs map[string]*document
	// shutdown is set once the client asked to shut down.
	shutdown bool
}

// New returns a server with no document open.
func New() *Server {
	return &Server{MaxStates: 200_000, docs: map[string]*document{}}
}

// handler is the glsp handler table of s.
func (s *Server) handler() *protocol.Handler {
	h := &protocol.Handler{}
	h.Initialize = s.initialize
	h.Initialized = func(*glsp.Context, *protocol.InitializedParams) error { return nil }
	h.Shutdown = func(*glsp.Context) error {
		s.mu.Lock()
		s.shutdown = true
		s.mu.Unlock()
		return nil
	}
	h.Exit = func(*glsp.Context) error { return nil }
	h.SetTrace = func(*glsp.Context, *protocol.SetTraceParams) error { return nil }
	h.TextDocumentDidOpen = s.didOpen
	h.TextDocumentDidChange = s.didChange
	h.TextDocumentDidClose = s.didClose
	h.TextDocumentHover = s.hover
	h.TextDocumentDefinition = s.definition
	h.TextDocumentReferences = s.references
	h.TextDocumentRename = s.rename
	h.TextDocumentDocumentSymbol = s.documentSymbol
	h.TextDocumentCompletion = s.completion
	h.TextDocumentFormatting = s.formatting
	h.TextDocumentCodeLens = s.codeLens
	h.WorkspaceExecuteCommand = s.executeCommand
	return h
}

// Serve serves one editor over stream until the client sends exit, the
// stream ends or ctx is cancelled. It reports whether the client asked to
// shut down first, as the protocol wants before exit.
func (s *Server) Serve(ctx context.Context, stream io.ReadWriteCloser) bool {
	h := s.handler()
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(stream, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(func(ctx context.Context, c *jsonrpc2.Conn, r *jsonrpc2.Request) (any, error) {
		return handle(ctx, h, c, r)
	}))
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.shutdown
}

// handle dispatches one request to h, closing the connection on exit.
func handle(ctx context.Context, h glsp.Handler, c *jsonrpc2.Conn, r *jsonrpc2.Request) (any, error) {
	gc := glsp.Context{
		Method: r.Method,
		Notify: func(method string, params any) { _ = c.Notify(ctx, method, params) },
		Call:   func(method string, params, result any) { _ = c.Call(ctx, method, params, result) },
	}
	if r.Params != nil {
		gc.Params = *r.Params
	}
	res, validMethod, validParams, err := h.Handle(&gc)
	switch {
	case r.Method == "exit":
		return nil, c.Close()
	case !validMethod:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + r.Method}
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return res, nil
}

func (s *Server) initialize(_ *glsp.Context, _ *protocol.InitializeParams) (any, error) {
	caps := s.handler().CreateServerCapabilities()
	caps.TextDocumentSync = protocol.TextDocumentSyncKindFull
	caps.CompletionProvider = &protocol.CompletionOptions{TriggerCharacters: []string{"."}}
	caps.ExecuteCommandProvider = &protocol.ExecuteCommandOptions{Commands: []string{checkCommand}}
	caps.CodeLensProvider = &protocol.CodeLensOptions{}
	info := &protocol.InitializeResultServerInfo{Name: name}
	if s.Version != "" {
		v := s.Version
		info.Version = &v
	}
	return protocol.InitializeResult{
		Capabilities: caps,
		ServerInfo:   info,
	}, nil
}

func (s *Server) doc(uri string) *document {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.docs[uri]
}

func (s *Server) didOpen(ctx *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	d := analyze(p.TextDocument.URI, []byte(p.TextDocument.Text))
	s.mu.Lock()
	s.docs[d.uri] = d
	s.mu.Unlock()
	s.publish(ctx, d)
	return nil
}

func (s *Server) didChange(ctx *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	old := s.doc(p.TextDocument.URI)
	if old == nil {
		return nil
	}
	text := old.text
	for _, c := range p.ContentChanges {
		switch c := c.(type) {
		case protocol.TextDocumentContentChangeEventWhole:
			text = []byte(c.Text)
		case protocol.TextDocumentContentChangeEvent:
			text = applyChange(text, c)
		}
	}
	d := analyze(old.uri, text)
	s.mu.Lock()
	s.docs[d.uri] = d
	s.mu.Unlock()
	s.publish(ctx, d)
	return nil
}

func (s *Server) didClose(ctx *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	delete(s.docs, p.TextDocument.URI)
	s.mu.Unlock()
	ctx.Notify(string(protocol.ServerTextDocumentPublishDiagnostics), protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	return nil
}

// publish sends a document's diagnostics: its errors, or its verdicts once
// checked; an empty list clears what was shown.
func (s *Server) publish(ctx *glsp.Context, d *document) {
	diags := append([]protocol.Diagnostic{}, d.diags...)
	diags = append(diags, d.verdicts...)
	ctx.Notify(string(protocol.ServerTextDocumentPublishDiagnostics), protocol.PublishDiagnosticsParams{URI: d.uri, Diagnostics: diags})
}
