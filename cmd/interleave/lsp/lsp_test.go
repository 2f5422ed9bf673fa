package lsp

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/textproto"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/syntax"
)

// client speaks LSP to a server as an editor does: Content-Length framed
// JSON-RPC over a stream.
type client struct {
	t      *testing.T
	conn   net.Conn
	mu     sync.Mutex
	nextID int
	// replies receives responses by id; notes the server's notifications.
	replies map[int]chan json.RawMessage
	notes   chan message
	done    chan bool
}

type message struct {
	ID     *int            `json:"id,omitempty"`
	Method string          `json:"method,omitempty"`
	Params json.RawMessage `json:"params,omitempty"`
	Result json.RawMessage `json:"result,omitempty"`
	Error  json.RawMessage `json:"error,omitempty"`
}

func startServer(t *testing.T) *client {
	serverEnd, clientEnd := net.Pipe()
	c := &client{t: t, conn: clientEnd, replies: map[int]chan json.RawMessage{}, notes: make(chan message, 100), done: make(chan bool, 1)}
	go func() { c.done <- New().Serve(context.Background(), serverEnd) }()
	go c.read()
	t.Cleanup(func() { clientEnd.Close() })
	return c
}

func (c *client) read() {
	r := textproto.NewReader(bufio.NewReader(c.conn))
	for {
		h, err := r.ReadMIMEHeader()
		if err != nil {
			return
		}
		n, err := strconv.Atoi(h.Get("Content-Length"))
		if err != nil {
			return
		}
		body := make([]byte, n)
		if _, err := io.ReadFull(r.R, body); err != nil {
			return
		}
		var m message
		if json.Unmarshal(body, &m) != nil {
			return
		}
		if m.ID != nil && m.Method == "" {
			c.mu.Lock()
			ch := c.replies[*m.ID]
			c.mu.Unlock()
			if len(m.Error) > 0 {
				ch <- m.Error
			} else {
				ch <- m.Result
			}
			continue
		}
		c.notes <- m
	}
}

func (c *client) send(m map[string]any) {
	m["jsonrpc"] = "2.0"
	body, err := json.Marshal(m)
	require.NoError(c.t, err)
	_, err = fmt.Fprintf(c.conn, "Content-Length: %d\r\n\r\n%s", len(body), body)
	require.NoError(c.t, err)
}

// call sends a request and decodes its result into out.
func (c *client) call(method string, params any, out any) {
	c.mu.Lock()
	c.nextID++
	id := c.nextID
	ch := make(chan json.RawMessage, 1)
	c.replies[id] = ch
	c.mu.Unlock()
	c.send(map[string]any{"id": id, "method": method, "params": params})
	select {
	case res := <-ch:
		if out != nil {
			require.NoError(c.t, json.Unmarshal(res, out), "%s", res)
		}
	case <-time.After(30 * time.Second):
		c.t.Fatalf("no reply to %s", method)
	}
}

func (c *client) notify(method string, params any) {
	c.send(map[string]any{"method": method, "params": params})
}

type diagnostic struct {
	Range struct {
		Start struct{ Line, Character int }
		End   struct{ Line, Character int }
	}
	Severity int
	Message  string
}

// diagnostics waits for the next diagnostics published for uri.
func (c *client) diagnostics(uri string) []diagnostic {
	for {
		select {
		case m := <-c.notes:
			if m.Method != "textDocument/publishDiagnostics" {
				continue
			}
			var p struct {
				URI         string
				Diagnostics []diagnostic
			}
			require.NoError(c.t, json.Unmarshal(m.Params, &p))
			if p.URI == uri {
				return p.Diagnostics
			}
		case <-time.After(30 * time.Second):
			c.t.Fatal("no diagnostics")
		}
	}
}

const uri = "file:///tmp/peterson.ilv"

// model has an undeclared name on line 11 (0-based 10).
const model = `model peterson

var turn: 0..1 = 0
var interested: [2]bool

process P[i in 0..1] {
    loop {
        noncritical
        interested[i] = true
        turn = i
        await !(turn == i && intrested[1 - i])
        critical {
            skip
        }
        interested[i] = false
    }
}

check mutex
check deadlock
`

func pos(line, char int) map[string]any {
	return map[string]any{"textDocument": map[string]any{"uri": uri}, "position": map[string]any{"line": line, "character": char}}
}

func TestServer(t *testing.T) {
	c := startServer(t)
	var init struct {
		Capabilities map[string]any
	}
	c.call("initialize", map[string]any{"processId": nil, "rootUri": nil, "capabilities": map[string]any{}}, &init)
	for _, cap := range []string{"hoverProvider", "definitionProvider", "referencesProvider", "renameProvider", "documentSymbolProvider", "completionProvider", "documentFormattingProvider", "codeLensProvider", "executeCommandProvider"} {
		assert.Contains(t, init.Capabilities, cap)
	}
	c.notify("initialized", map[string]any{})

	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "interleave", "version": 1, "text": model}})
	diags := c.diagnostics(uri)
	require.Len(t, diags, 1)
	assert.Equal(t, "undefined: intrested (did you mean interested?)", diags[0].Message)
	assert.Equal(t, 10, diags[0].Range.Start.Line)
	assert.Equal(t, 29, diags[0].Range.Start.Character)
	assert.Equal(t, 38, diags[0].Range.End.Character)

	t.Run("hover", func(t *testing.T) {
		var h struct{ Contents struct{ Value string } }
		c.call("textDocument/hover", pos(9, 9), &h) // turn in `turn = i`
		assert.Contains(t, h.Contents.Value, "var turn: 0..1 = 0")
		c.call("textDocument/hover", pos(18, 7), &h) // check mutex
		assert.Contains(t, h.Contents.Value, "no two processes are ever in `critical`")
		c.call("textDocument/hover", pos(10, 10), &h) // await
		assert.Equal(t, keywordDocs["await"], h.Contents.Value)
		c.call("textDocument/hover", pos(5, 9), &h) // process P
		assert.Contains(t, h.Contents.Value, "process P[i in 0..1]")
		assert.Contains(t, h.Contents.Value, "noncritical → trying")
	})
	t.Run("definition and references", func(t *testing.T) {
		var loc struct {
			URI   string
			Range struct{ Start struct{ Line, Character int } }
		}
		c.call("textDocument/definition", pos(10, 17), &loc) // turn in the await
		assert.Equal(t, uri, loc.URI)
		assert.Equal(t, 2, loc.Range.Start.Line)
		assert.Equal(t, 4, loc.Range.Start.Character)
		var refs []struct {
			Range struct{ Start struct{ Line, Character int } }
		}
		ref := pos(2, 5)
		ref["context"] = map[string]any{"includeDeclaration": true}
		c.call("textDocument/references", ref, &refs)
		var lines []int
		for _, r := range refs {
			lines = append(lines, r.Range.Start.Line)
		}
		assert.Equal(t, []int{2, 9, 10}, lines)
	})
	t.Run("rename", func(t *testing.T) {
		p := pos(5, 10) // the index i
		p["newName"] = "me"
		var edit struct {
			Changes map[string][]struct{ NewText string }
		}
		c.call("textDocument/rename", p, &edit)
		assert.Len(t, edit.Changes[uri], 6) // the index and its 5 uses
	})
	t.Run("outline", func(t *testing.T) {
		var syms []struct {
			Name     string
			Kind     int
			Children []struct{ Name string }
		}
		c.call("textDocument/documentSymbol", map[string]any{"textDocument": map[string]any{"uri": uri}}, &syms)
		var names []string
		for _, s := range syms {
			names = append(names, s.Name)
		}
		assert.Equal(t, []string{"turn", "interested", "P"}, names)
		require.Len(t, syms, 3)
		assert.Equal(t, 13, syms[0].Kind) // variable
		assert.Equal(t, "i", syms[2].Children[0].Name)
	})
	t.Run("completion", func(t *testing.T) {
		var items []struct{ Label string }
		c.call("textDocument/completion", pos(10, 10), &items)
		var labels []string
		for _, it := range items {
			labels = append(labels, it.Label)
		}
		assert.Subset(t, labels, []string{"turn", "interested", "P", "bounded_waiting", "await", "critical"})
	})

	// The fix clears the diagnostic.
	fixed := strings.Replace(model, "intrested", "interested", 1)
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2}, "contentChanges": []any{map[string]any{"text": fixed}}})
	assert.Empty(t, c.diagnostics(uri))

	t.Run("check command", func(t *testing.T) {
		var lenses []struct{ Command struct{ Command string } }
		c.call("textDocument/codeLens", map[string]any{"textDocument": map[string]any{"uri": uri}}, &lenses)
		require.Len(t, lenses, 1)
		assert.Equal(t, checkCommand, lenses[0].Command.Command)
		// Swap the two assignments: mutual exclusion breaks.
		swapped := strings.Replace(fixed, "        interested[i] = true\n        turn = i\n", "        turn = i\n        interested[i] = true\n", 1)
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 3}, "contentChanges": []any{map[string]any{"text": swapped}}})
		assert.Empty(t, c.diagnostics(uri))
		var summary string
		c.call("workspace/executeCommand", map[string]any{"command": checkCommand, "arguments": []any{uri}}, &summary)
		assert.Contains(t, summary, "1 violated, 3 hold")
		diags := c.diagnostics(uri)
		require.Len(t, diags, 2)
		assert.Equal(t, 18, diags[0].Range.Start.Line) // check mutex
		assert.Equal(t, 1, diags[0].Severity)
		assert.Contains(t, diags[0].Message, "mutex violated: P[")
		assert.Equal(t, 19, diags[1].Range.Start.Line) // check deadlock holds
		assert.Equal(t, 4, diags[1].Severity)
	})

	t.Run("formatting", func(t *testing.T) {
		bad := "model m\nvar x: 0..1\nprocess P {\nx = 1\n      x = 0\n}\n"
		c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 4}, "contentChanges": []any{map[string]any{"text": bad}}})
		c.diagnostics(uri)
		var edits []struct {
			Range struct {
				Start struct{ Line, Character int }
				End   struct{ Line, Character int }
			}
			NewText string
		}
		c.call("textDocument/formatting", map[string]any{"textDocument": map[string]any{"uri": uri}, "options": map[string]any{"tabSize": 4, "insertSpaces": true}}, &edits)
		require.Len(t, edits, 1)
		assert.Equal(t, "model m\nvar x: 0..1\nprocess P {\n    x = 1\n    x = 0\n}\n", edits[0].NewText)
		assert.Equal(t, 0, edits[0].Range.Start.Line)
		assert.Equal(t, 6, edits[0].Range.End.Line)
	})

	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case clean := <-c.done:
		assert.True(t, clean, "exit after shutdown")
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not exit")
	}
}

func TestExitWithoutShutdown(t *testing.T) {
	c := startServer(t)
	c.call("initialize", map[string]any{"capabilities": map[string]any{}}, nil)
	c.notify("exit", nil)
	select {
	case clean := <-c.done:
		assert.False(t, clean)
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not exit")
	}
}

// TestLibraryIndex resolves every library model: no diagnostics, and every
// name a process or check uses goes to a declaration of that name.
func TestLibraryIndex(t *testing.T) {
	files, err := filepath.Glob("../../../models/lib/*.ilv")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			text, err := os.ReadFile(file)
			require.NoError(t, err)
			d := analyze("file:///"+file, text)
			assert.Empty(t, d.diags)
			require.NotNil(t, d.ix)
			require.NotEmpty(t, d.ix.top)
			for _, u := range d.ix.uses {
				off := d.offset(u.at.line, u.at.col)
				assert.Equal(t, u.sym.name, string(text[off:off+u.at.n]), "%s:%d:%d", file, u.at.line, u.at.col)
				decl := d.offset(u.sym.decl.line, u.sym.decl.col)
				assert.Equal(t, u.sym.name, string(text[decl:decl+len(u.sym.name)]))
			}
		})
	}
}

func TestSyntaxErrors(t *testing.T) {
	d := analyze(uri, []byte("model m\nvar x: int\nprocess P {\n    x = = 1\n    await )\n}\n"))
	var got []string
	for _, g := range d.diags {
		got = append(got, fmt.Sprintf("%d:%d-%d %s", g.Range.Start.Line, g.Range.Start.Character, g.Range.End.Character, g.Message))
	}
	assert.Equal(t, []string{`3:8-9 got "=", want expression`, `4:10-11 got ")", want expression`}, got)
}

// FuzzIndex checks that any model that parses is indexed without a panic
// and that every use and declaration spans its symbol's name.
func FuzzIndex(f *testing.F) {
	files, _ := filepath.Glob("../../../models/lib/*.ilv")
	for _, file := range files {
		if text, err := os.ReadFile(file); err == nil {
			f.Add(text)
		}
	}
	f.Fuzz(func(t *testing.T, text []byte) {
		tree, err := syntax.Parse("f.ilv", text)
		if err != nil {
			return
		}
		ix := buildIndex(tree, text)
		d := analyzeLines(text)
		for _, u := range ix.uses {
			off := d.offset(u.at.line, u.at.col)
			require.LessOrEqual(t, off+u.at.n, len(text))
			require.Equal(t, u.sym.name, string(text[off:off+u.at.n]))
		}
	})
}

func TestHarness(t *testing.T) {
	text, err := os.ReadFile("../../../models/assignments/mutex_lab/assignment.ilv")
	require.NoError(t, err)
	d := analyze("file:///assignment.ilv", text)
	assert.Empty(t, d.diags, "a harness's extern procedures are not errors")
	summary, verdicts := New().check(d)
	assert.Equal(t, "a harness is checked with a solution: interleave check --with SOLUTION", summary)
	assert.Empty(t, verdicts)
}
