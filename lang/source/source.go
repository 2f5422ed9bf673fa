// Package source holds what every phase of interleave shares about model text:
// positions (file:line:col) and errors that point at them.
//
// A Pos is attached to every syntax node, IR instruction and transition, so that
// any message — a parse error, a type error, a step in a counterexample — can name
// the place in the model it comes from. An Errors value collects all errors found in
// a file; its Format method prints each with its source line and a caret.
package source

import (
	"fmt"
	"sort"
	"strings"
)

// Pos is a position in a model file. Line and Col count from 1; the zero Pos means
// "no position". Col counts bytes, as go/token does.
type Pos struct {
	File string
	Line int
	Col  int
}

// IsValid reports whether the position names a line.
func (p Pos) IsValid() bool { return p.Line > 0 }

// String renders the position as file:line:col (or line:col without a file).
func (p Pos) String() string {
	switch {
	case !p.IsValid() && p.File == "":
		return "-"
	case !p.IsValid():
		return p.File
	case p.File == "":
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	}
	return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
}

// Before orders positions by file, line and column.
func (p Pos) Before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Error is one problem in a model, at a position. Msg is lower case and has no
// trailing period: "undefined: turn", `got "}", want expression`.
type Error struct {
	Pos Pos
	Msg string
}

// Error renders the error as "file:line:col: msg".
func (e *Error) Error() string { return e.Pos.String() + ": " + e.Msg }

// Errors is a list of errors, usually all those found in one or more files.
type Errors []*Error

// Add appends an error at pos with a formatted message.
func (l *Errors) Add(pos Pos, format string, args ...any) {
	*l = append(*l, &Error{Pos: pos, Msg: fmt.Sprintf(format, args...)})
}

// Sort orders the errors by position and removes exact duplicates.
func (l *Errors) Sort() {
	sort.SliceStable(*l, func(i, j int) bool { return (*l)[i].Pos.Before((*l)[j].Pos) })
	out := (*l)[:0]
	for i, e := range *l {
		if i > 0 && *e == *(*l)[i-1] {
			continue
		}
		out = append(out, e)
	}
	*l = out
}

// Err returns nil for an empty list and the list itself otherwise, so a function
// can end with `return l.Err()`.
func (l Errors) Err() error {
	if len(l) == 0 {
		return nil
	}
	return l
}

// Error renders every error on its own line.
func (l Errors) Error() string {
	lines := make([]string, len(l))
	for i, e := range l {
		lines[i] = e.Error()
	}
	return strings.Join(lines, "\n")
}

// Format renders every error as "file:line:col: msg", followed by the source line
// it points into and a caret under the column. Both lines are shown as
// Printable shows them. text maps a file name to its
// contents; files it lacks are printed without the source line.
func (l Errors) Format(text map[string]string) string {
	var b strings.Builder
	for _, e := range l {
		b.WriteString(Printable(e.Error()))
		b.WriteByte('\n')
		if line, ok := Line(text[e.Pos.File], e.Pos.Line); ok {
			b.WriteString("    ")
			b.WriteString(Printable(line))
			b.WriteString("\n    ")
			b.WriteString(caretPad(line, e.Pos.Col))
			b.WriteString("^\n")
		}
	}
	return b.String()
}

// Line returns line n (counting from 1) of text, without its line ending, with tabs
// kept so that a caret lines up. A UTF-8 byte-order mark at the start of text is
// left out, as the lexer skips it and counts columns from after it.
func Line(text string, n int) (string, bool) {
	if n < 1 || text == "" {
		return "", false
	}
	text = strings.TrimPrefix(text, "\ufeff") // a byte-order mark is not part of line 1
	for i := 1; i < n; i++ {
		nl := strings.IndexByte(text, '\n')
		if nl < 0 {
			return "", false
		}
		text = text[nl+1:]
	}
	if nl := strings.IndexByte(text, '\n'); nl >= 0 {
		text = text[:nl]
	}
	return strings.TrimRight(text, "\r"), true
}

// caretPad returns the white space that puts a caret under byte column col of
// line as Printable shows it, copying tabs so that the caret lines up whatever
// the tab width. A multi-byte character takes one column, an escape as many
// as it shows.
func caretPad(line string, col int) string {
	var b strings.Builder
	for i := 0; i < col-1 && i < len(line); {
		s, n := render(line, i)
		switch {
		case s == "\t":
			b.WriteByte('\t')
		case n > 1 && s == line[i:i+n]:
			b.WriteByte(' ')
		default:
			b.WriteString(strings.Repeat(" ", len(s)))
		}
		i += n
	}
	return b.String()
}
