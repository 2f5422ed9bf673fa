package lsp

import (
	"errors"
	"net/url"
	"unicode/utf16"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// document is one open model and what is known of it. A document is never
// changed once built: each edit builds a new one.
type document struct {
	uri  string
	name string // the file name errors are reported under
	text []byte
	// lines are the offsets at which each line starts.
	lines []int
	// file is the syntax tree, nil when the model does not parse.
	file *syntax.File
	ix   *index
	// diags are the model's errors; verdicts the last check's verdicts.
	diags    []protocol.Diagnostic
	verdicts []protocol.Diagnostic
}

// fileName turns a file URI into a path; other URIs are kept as they are.
func fileName(uri string) string {
	if u, err := url.Parse(uri); err == nil && u.Scheme == "file" {
		return u.Path
	}
	return uri
}

// analyze parses and compiles a model's text.
func analyze(uri string, text []byte) *document {
	d := analyzeLines(text)
	d.uri, d.name = uri, fileName(uri)
	f, err := syntax.Parse(d.name, text)
	if err == nil {
		d.file = f
		d.ix = safeIndex(f, text)
		compile := lang.Compile
		if d.harness() {
			compile = lang.CompileHarness // its extern procedures come with a solution
		}
		_, err = compile(lang.File{Name: d.name, Text: text}, lang.Options{})
	}
	var errs source.Errors
	if errors.As(err, &errs) {
		for _, e := range errs {
			if e.Pos.File != "" && e.Pos.File != d.name {
				continue
			}
			d.diags = append(d.diags, d.diagnostic(e.Pos, protocol.DiagnosticSeverityError, e.Msg))
		}
	} else if err != nil {
		d.diags = append(d.diags, d.diagnostic(source.Pos{Line: 1, Col: 1}, protocol.DiagnosticSeverityError, err.Error()))
	}
	return d
}

// harness reports whether the model is a harness: it declares extern
// procedures that a student's solution defines.
func (d *document) harness() bool {
	if d.file == nil {
		return false
	}
	for _, decl := range d.file.Decls {
		if decl.Extern != nil {
			return true
		}
	}
	return false
}

// safeIndex is buildIndex, nil should the tree hold a shape the index does
// not expect: a model must never bring the server down.
func safeIndex(f *syntax.File, text []byte) (ix *index) {
	defer func() {
		if recover() != nil {
			ix = nil
		}
	}()
	return buildIndex(f, text)
}

// diagnostic is a message at pos, its range the word or character there.
func (d *document) diagnostic(pos source.Pos, sev protocol.DiagnosticSeverity, msg string) protocol.Diagnostic {
	line, col := max(pos.Line, 1), max(pos.Col, 1)
	start := d.offset(line, col)
	end := start
	for end < len(d.text) && isWord(d.text[end]) {
		end++
	}
	if end == start && end < len(d.text) && d.text[end] != '\n' {
		_, n := utf8.DecodeRune(d.text[end:])
		end += n
	}
	src := name
	return protocol.Diagnostic{
		Range:    protocol.Range{Start: d.position(start), End: d.position(end)},
		Severity: &sev,
		Source:   &src,
		Message:  msg,
	}
}

// offset is the byte offset of a 1-based line and byte column, clamped to
// the text.
func (d *document) offset(line, col int) int {
	if line > len(d.lines) {
		return len(d.text)
	}
	off := d.lines[line-1] + col - 1
	return min(off, len(d.text))
}

// position is the protocol position (0-based line, UTF-16 column) of a byte
// offset.
func (d *document) position(off int) protocol.Position {
	line := 0
	for line+1 < len(d.lines) && d.lines[line+1] <= off {
		line++
	}
	units := 0
	for _, r := range string(d.text[d.lines[line]:off]) {
		units += utf16.RuneLen(r)
	}
	return protocol.Position{Line: uint32(line), Character: uint32(units)}
}

// byteOffset is the byte offset of a protocol position.
func (d *document) byteOffset(p protocol.Position) int {
	if int(p.Line) >= len(d.lines) {
		return len(d.text)
	}
	off := d.lines[p.Line]
	units := 0
	for off < len(d.text) && d.text[off] != '\n' && units < int(p.Character) {
		r, n := utf8.DecodeRune(d.text[off:])
		units += utf16.RuneLen(r)
		off += n
	}
	return off
}

// lineCol is the 1-based line and byte column of a protocol position.
func (d *document) lineCol(p protocol.Position) (int, int) {
	off := d.byteOffset(p)
	line := int(p.Line) + 1
	if line > len(d.lines) {
		line = len(d.lines)
	}
	return line, off - d.lines[line-1] + 1
}

// rangeOf is the protocol range of a span.
func (d *document) rangeOf(s span) protocol.Range {
	start := d.offset(s.line, s.col)
	return protocol.Range{Start: d.position(start), End: d.position(min(start+s.n, len(d.text)))}
}

// applyChange applies an incremental change to text.
func applyChange(text []byte, c protocol.TextDocumentContentChangeEvent) []byte {
	if c.Range == nil {
		return []byte(c.Text)
	}
	d := analyzeLines(text)
	start, end := d.byteOffset(c.Range.Start), d.byteOffset(c.Range.End)
	out := append([]byte{}, text[:start]...)
	out = append(out, c.Text...)
	return append(out, text[end:]...)
}

// analyzeLines is a document with only its text and lines known.
func analyzeLines(text []byte) *document {
	d := &document{text: text, lines: []int{0}}
	for i, c := range text {
		if c == '\n' {
			d.lines = append(d.lines, i+1)
		}
	}
	return d
}
