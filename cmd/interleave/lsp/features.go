package lsp

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// checkCommand is the command that checks a model; its argument is the
// document's URI.
const checkCommand = "interleave.check"

// checkTimeout bounds the check command's search besides its state budget.
const checkTimeout = 10 * time.Second

// wordAt is the word under a position and its span.
func (d *document) wordAt(p protocol.Position) (string, span) {
	off := d.byteOffset(p)
	start, end := off, off
	for start > 0 && isWord(d.text[start-1]) {
		start--
	}
	for end < len(d.text) && isWord(d.text[end]) {
		end++
	}
	return string(d.text[start:end]), spanAt(d.text, start, end-start)
}

// symbolAt is the symbol declared or used at a position.
func (d *document) symbolAt(p protocol.Position) (*symbol, span, bool) {
	if d == nil || d.ix == nil {
		return nil, span{}, false
	}
	line, col := d.lineCol(p)
	return d.ix.at(line, col)
}

func (s *Server) hover(_ *glsp.Context, p *protocol.HoverParams) (*protocol.Hover, error) {
	d := s.doc(p.TextDocument.URI)
	if d == nil {
		return nil, nil
	}
	var text string
	var at span
	if sym, sp, ok := d.symbolAt(p.Position); ok {
		text = "```interleave\n" + sym.detail + "\n```\n" + sym.kind
		if sym.doc != "" {
			text += "\n\n" + sym.doc
		}
		at = sp
	} else {
		word, sp := d.wordAt(p.Position)
		line := strings.TrimSpace(string(d.text[d.lines[sp.line-1]:d.offset(sp.line, sp.col)]))
		switch {
		case checkDocs[word] != "" && strings.HasPrefix(line, "check"):
			text = checkDocs[word]
		case keywordDocs[word] != "":
			text = keywordDocs[word]
		default:
			return nil, nil
		}
		at = sp
	}
	r := d.rangeOf(at)
	return &protocol.Hover{Contents: protocol.MarkupContent{Kind: protocol.MarkupKindMarkdown, Value: text}, Range: &r}, nil
}

func (s *Server) definition(_ *glsp.Context, p *protocol.DefinitionParams) (any, error) {
	d := s.doc(p.TextDocument.URI)
	sym, _, ok := d.symbolAt(p.Position)
	if !ok {
		return nil, nil
	}
	return protocol.Location{URI: d.uri, Range: d.rangeOf(sym.decl)}, nil
}

func (s *Server) references(_ *glsp.Context, p *protocol.ReferenceParams) ([]protocol.Location, error) {
	d := s.doc(p.TextDocument.URI)
	sym, _, ok := d.symbolAt(p.Position)
	if !ok {
		return nil, nil
	}
	var out []protocol.Location
	for i, sp := range d.ix.occurrences(sym) {
		if i == 0 && !p.Context.IncludeDeclaration {
			continue
		}
		out = append(out, protocol.Location{URI: d.uri, Range: d.rangeOf(sp)})
	}
	return out, nil
}

func (s *Server) rename(_ *glsp.Context, p *protocol.RenameParams) (*protocol.WorkspaceEdit, error) {
	d := s.doc(p.TextDocument.URI)
	sym, _, ok := d.symbolAt(p.Position)
	if !ok {
		return nil, fmt.Errorf("no name to rename here")
	}
	if !validName(p.NewName) {
		return nil, fmt.Errorf("%q is not a name", p.NewName)
	}
	var edits []protocol.TextEdit
	for _, sp := range d.ix.occurrences(sym) {
		edits = append(edits, protocol.TextEdit{Range: d.rangeOf(sp), NewText: p.NewName})
	}
	return &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{d.uri: edits}}, nil
}

func validName(n string) bool {
	if n == "" || syntax.IsKeyword(n) || '0' <= n[0] && n[0] <= '9' {
		return false
	}
	for i := 0; i < len(n); i++ {
		if !isWord(n[i]) {
			return false
		}
	}
	return true
}

// symbolKinds maps a symbol's kind to the protocol's.
var symbolKinds = map[string]protocol.SymbolKind{
	"const": protocol.SymbolKindConstant, "var": protocol.SymbolKindVariable,
	"sem": protocol.SymbolKindVariable, "mutex": protocol.SymbolKindVariable,
	"cond": protocol.SymbolKindVariable, "chan": protocol.SymbolKindVariable,
	"monitor": protocol.SymbolKindClass, "proc": protocol.SymbolKindFunction,
	"process": protocol.SymbolKindClass, "param": protocol.SymbolKindVariable,
	"index": protocol.SymbolKindVariable,
}

func (s *Server) documentSymbol(_ *glsp.Context, p *protocol.DocumentSymbolParams) (any, error) {
	d := s.doc(p.TextDocument.URI)
	if d == nil || d.ix == nil {
		return []protocol.DocumentSymbol{}, nil
	}
	var conv func(syms []*symbol) []protocol.DocumentSymbol
	conv = func(syms []*symbol) []protocol.DocumentSymbol {
		out := []protocol.DocumentSymbol{}
		for _, sym := range syms {
			detail := sym.detail
			r := d.rangeOf(sym.decl)
			out = append(out, protocol.DocumentSymbol{
				Name: sym.name, Detail: &detail, Kind: symbolKinds[sym.kind],
				Range: r, SelectionRange: r, Children: conv(sym.children),
			})
		}
		return out
	}
	return conv(d.ix.top), nil
}

func (s *Server) completion(_ *glsp.Context, p *protocol.CompletionParams) (any, error) {
	d := s.doc(p.TextDocument.URI)
	var items []protocol.CompletionItem
	seen := map[string]bool{}
	add := func(label string, kind protocol.CompletionItemKind, detail string) {
		if seen[label] {
			return
		}
		seen[label] = true
		k := kind
		item := protocol.CompletionItem{Label: label, Kind: &k}
		if detail != "" {
			dt := detail
			item.Detail = &dt
		}
		items = append(items, item)
	}
	if d != nil && d.ix != nil {
		var walk func(syms []*symbol)
		walk = func(syms []*symbol) {
			for _, sym := range syms {
				kind := protocol.CompletionItemKindVariable
				switch sym.kind {
				case "const":
					kind = protocol.CompletionItemKindConstant
				case "proc":
					kind = protocol.CompletionItemKindFunction
				case "process", "monitor":
					kind = protocol.CompletionItemKindClass
				}
				add(sym.name, kind, sym.detail)
				walk(sym.children)
			}
		}
		walk(d.ix.top)
	}
	var checks, words []string
	for c := range checkDocs {
		checks = append(checks, c)
	}
	for w := range keywordDocs {
		words = append(words, w)
	}
	sort.Strings(checks)
	sort.Strings(words)
	for _, c := range checks {
		add(c, protocol.CompletionItemKindEnumMember, checkDocs[c])
	}
	for _, w := range words {
		add(w, protocol.CompletionItemKindKeyword, keywordDocs[w])
	}
	return items, nil
}

func (s *Server) formatting(_ *glsp.Context, p *protocol.DocumentFormattingParams) ([]protocol.TextEdit, error) {
	d := s.doc(p.TextDocument.URI)
	if d == nil {
		return nil, nil
	}
	out, err := syntax.Format(d.name, d.text)
	if err != nil || string(out) == string(d.text) {
		return []protocol.TextEdit{}, nil // a model that does not parse is left as it is
	}
	whole := protocol.Range{Start: protocol.Position{}, End: d.position(len(d.text))}
	return []protocol.TextEdit{{Range: whole, NewText: string(out)}}, nil
}

func (s *Server) codeLens(_ *glsp.Context, p *protocol.CodeLensParams) ([]protocol.CodeLens, error) {
	d := s.doc(p.TextDocument.URI)
	if d == nil || d.file == nil {
		return []protocol.CodeLens{}, nil
	}
	line := 1
	for _, decl := range d.file.Decls {
		if decl.Model != nil {
			line = decl.Model.Pos.Line
			break
		}
	}
	r := d.rangeOf(span{line: line, col: 1})
	return []protocol.CodeLens{{Range: r, Command: &protocol.Command{Title: "▶ Check this model", Command: checkCommand, Arguments: []any{d.uri}}}}, nil
}

// executeCommand runs the check command: the verdicts become diagnostics
// until the next edit.
func (s *Server) executeCommand(ctx *glsp.Context, p *protocol.ExecuteCommandParams) (any, error) {
	if p.Command != checkCommand || len(p.Arguments) != 1 {
		return nil, fmt.Errorf("unknown command %s", p.Command)
	}
	uri, _ := p.Arguments[0].(string)
	d := s.doc(uri)
	if d == nil {
		return nil, fmt.Errorf("no open document %s", uri)
	}
	summary, verdicts := s.check(d)
	nd := *d
	nd.verdicts = verdicts
	s.mu.Lock()
	if s.docs[uri] == d {
		s.docs[uri] = &nd
	}
	s.mu.Unlock()
	s.publish(ctx, &nd)
	return summary, nil
}

// check checks a document's model with the server's state budget.
func (s *Server) check(d *document) (string, []protocol.Diagnostic) {
	if len(d.diags) > 0 {
		return "the model has errors", nil
	}
	if d.harness() {
		return "a harness is checked with a solution: interleave check --with SOLUTION", nil
	}
	prog, err := lang.Compile(lang.File{Name: d.name, Text: d.text}, lang.Options{})
	if err != nil {
		return "the model has errors", nil
	}
	ctx, cancel := context.WithTimeout(context.Background(), checkTimeout)
	defer cancel()
	res, err := checker.Run(ctx, prog, checker.Options{MaxStates: s.MaxStates})
	if err != nil || res == nil {
		return fmt.Sprintf("cannot check: %v", err), nil
	}
	written := map[int]bool{} // the lines of the written checks
	for _, decl := range d.file.Decls {
		if decl.Check != nil {
			written[decl.Check.Pos.Line] = true
		}
	}
	var out []protocol.Diagnostic
	counts := map[checker.Verdict]int{}
	for _, c := range res.Checks {
		counts[c.Verdict]++
		pos := c.Pos
		if !pos.IsValid() {
			pos = source.Pos{Line: 1, Col: 1}
		}
		msg := fmt.Sprintf("%s %s", c.Name, c.Verdict)
		if c.Message != "" {
			msg += ": " + c.Message
		}
		switch c.Verdict {
		case checker.Violated:
			out = append(out, d.diagnostic(pos, protocol.DiagnosticSeverityError, msg))
		case checker.Unknown:
			out = append(out, d.diagnostic(pos, protocol.DiagnosticSeverityWarning, msg))
		case checker.Holds:
			if written[c.Pos.Line] {
				out = append(out, d.diagnostic(pos, protocol.DiagnosticSeverityHint, msg))
			}
		}
	}
	return fmt.Sprintf("%d states: %d violated, %d hold, %d unknown", res.Stats.States,
		counts[checker.Violated], counts[checker.Holds], counts[checker.Unknown]), out
}
