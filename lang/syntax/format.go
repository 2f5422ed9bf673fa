package syntax

import (
	"bytes"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"

	"github.com/interleave/interleave/lang/source"
)

// IndentWidth is the number of spaces Format indents a block by.
const IndentWidth = 4

// Format returns src in the canonical layout of the language: blocks indented
// by four spaces (a select's case bodies one level deeper than their case),
// one statement a line, one space around comparisons, logical operators and
// assignments and after commas and colons, none inside brackets and around
// `..`, `.` and `@`, `} else {` and `} or {` on one line, at most one blank
// line in a row and trailing comments where they were, aligned ones kept
// aligned. The spacing around arithmetic
// operators is kept as written (`N-1` and `n + 1` both read well), as is every
// comment and every line break the language gives a meaning to.
//
// Format works on the tokens, not on the tree, so that every comment stays
// where it was; it never changes a model's meaning: it formats only a file
// that parses, and it checks that the formatted text scans to the same tokens
// and terminators as src, returning an error rather than a changed model.
// A byte order mark at the start is dropped.
func Format(filename string, src []byte) ([]byte, error) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF")) // the layout has no byte order mark
	if _, err := Parse(filename, src); err != nil {
		return nil, err
	}
	raw, errs := scan(filename, src)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	lines := splitLines(src, raw)
	lines = joinLines(lines)
	// Splitting at semicolons may spread a block over lines: a second pass
	// breaks it after its "{" and before its "}".
	lines = splitStatements(splitStatements(lines))
	out := layout(lines)
	if err := sameTokens(filename, src, out); err != nil {
		return nil, err
	}
	return out, nil
}

// piece is a token or a comment on a line of the formatted text.
type piece struct {
	tok     *lexer.Token // nil for a comment
	comment string       // a comment's text as written, "" for a token
	// col is the column of a comment in its source line, relative to the
	// line's indentation; raw is the spacing written before a token.
	col int
	raw int
	// multi marks a block comment that spans lines.
	multi bool
}

// line is a line of the formatted text: its pieces and whether a blank line
// precedes it.
type line struct {
	pieces []piece
	blank  bool
}

// splitLines groups the tokens of src and the comments between them into
// its lines.
func splitLines(src []byte, raw []rawToken) []line {
	var lines []line
	var cur line
	lineStart := 0
	// gap reads the white space and comments in src[from:to].
	gap := func(from, to int) {
		nl := 0
		for i := from; i < to; {
			c := src[i]
			switch {
			case c == '\n':
				nl++
				i++
				lineStart = i
				if len(cur.pieces) > 0 {
					lines = append(lines, cur)
					cur = line{}
				}
				if nl > 1 && len(lines) > 0 {
					cur.blank = true
				}
			case c == '/' && i+1 < to && (src[i+1] == '/' || src[i+1] == '*'):
				j := i + 2
				if src[i+1] == '/' {
					for j < to && src[j] != '\n' {
						j++
					}
				} else {
					j += strings.Index(string(src[j:to]), "*/") + 2
				}
				text := strings.TrimRight(string(src[i:j]), " \t\r")
				col := utf8.RuneCount(src[lineStart:i]) - indentOf(src, lineStart)
				cur.pieces = append(cur.pieces, piece{comment: text, col: col, multi: strings.Contains(text, "\n")})
				if k := strings.LastIndexByte(text, '\n'); k >= 0 {
					lineStart = i + k + 1
				}
				nl = 0
				i = j
			default:
				i++
			}
		}
	}
	prevEnd := 0
	for k := range raw {
		t := &raw[k]
		gap(prevEnd, t.Pos.Offset)
		if t.Type == lexer.EOF {
			break
		}
		sp := 0
		if t.Pos.Offset > prevEnd {
			sp = 1
		}
		cur.pieces = append(cur.pieces, piece{tok: &t.Token, raw: sp})
		prevEnd = t.end.Offset
	}
	if len(cur.pieces) > 0 {
		lines = append(lines, cur)
	}
	return lines
}

// indentOf is the width of the indentation of the source line at start.
func indentOf(src []byte, start int) int {
	n := 0
	for start+n < len(src) && (src[start+n] == ' ' || src[start+n] == '\t') {
		n++
	}
	return n
}

func isTok(p piece, typ lexer.TokenType, values ...string) bool {
	if p.tok == nil || p.tok.Type != typ {
		return false
	}
	for _, v := range values {
		if p.tok.Value == v {
			return true
		}
	}
	return len(values) == 0
}

// joinLines puts a line that starts with `else`, `or` or `{` at the end of the
// line before, where the language reads it anyway, when that line does not
// end in a comment.
func joinLines(lines []line) []line {
	var out []line
	for _, l := range lines {
		first := l.pieces[0]
		if len(out) > 0 && (isTok(first, tokIdent, "else", "or") || isTok(first, tokPunct, "{")) {
			prev := &out[len(out)-1]
			if last := prev.pieces[len(prev.pieces)-1]; last.tok != nil {
				prev.pieces = append(prev.pieces, l.pieces...)
				continue
			}
		}
		out = append(out, l)
	}
	return out
}

// splitStatements breaks a line at each `;` that ends a statement, dropping
// the semicolon: a line break ends the statement as well. A semicolon is kept
// where a line break would not read the same: inside parentheses or
// brackets, after an operator and before `else`, `or` or `{`.
func splitStatements(lines []line) []line {
	breaks := blockBreaks(lines)
	var out []line
	var stack []string
	for li, l := range lines {
		cur := line{blank: l.blank}
		for i, p := range l.pieces {
			if breaks[[2]int{li, i}] && len(cur.pieces) > 0 {
				out = append(out, cur)
				cur = line{}
			}
			if p.tok != nil && p.tok.Type == tokPunct {
				switch p.tok.Value {
				case "(", "[", "{":
					stack = append(stack, p.tok.Value)
				case ")", "]":
					if len(stack) > 0 && stack[len(stack)-1] != "{" {
						stack = stack[:len(stack)-1]
					}
				case "}":
					for len(stack) > 0 {
						top := stack[len(stack)-1]
						stack = stack[:len(stack)-1]
						if top == "{" {
							break
						}
					}
				}
			}
			if !isTok(p, tokPunct, ";") || len(stack) > 0 && stack[len(stack)-1] != "{" {
				cur.pieces = append(cur.pieces, p)
				continue
			}
			var prev, next *piece
			if len(cur.pieces) > 0 {
				prev = &cur.pieces[len(cur.pieces)-1]
			}
			if i+1 < len(l.pieces) {
				next = &l.pieces[i+1]
			}
			safe := prev != nil && prev.tok != nil && !(prev.tok.Type == tokPunct && (continuation[prev.tok.Value] || prev.tok.Value == ";")) &&
				(next == nil || next.tok == nil || !(isTok(*next, tokIdent, "else", "or") || isTok(*next, tokPunct, "{", ")", "]", ";")))
			if !safe {
				cur.pieces = append(cur.pieces, p)
				continue
			}
			if next == nil || next.tok == nil && !next.multi {
				// `x = 1; // note` and `x = 1;` lose the semicolon only.
				continue
			}
			out = append(out, cur)
			cur = line{}
		}
		if len(cur.pieces) > 0 {
			out = append(out, cur)
		}
	}
	return out
}

// blockBreaks finds where a block written over several lines needs a line
// break: after its `{` and before its `}`, when a statement shares their line.
// It returns the positions (line, piece) of the pieces that start a line.
func blockBreaks(lines []line) map[[2]int]bool {
	breaks := map[[2]int]bool{}
	type open struct{ line, piece int }
	var stack []open
	for li, l := range lines {
		for i, p := range l.pieces {
			switch {
			case isTok(p, tokPunct, "{"):
				stack = append(stack, open{li, i})
			case isTok(p, tokPunct, "}") && len(stack) > 0:
				o := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if o.line == li {
					continue
				}
				if i > 0 {
					breaks[[2]int{li, i}] = true
				}
				ol := lines[o.line].pieces
				if o.piece+1 < len(ol) && !(o.piece+2 == len(ol) && strings.HasPrefix(ol[o.piece+1].comment, "//")) {
					breaks[[2]int{o.line, o.piece + 1}] = true
				}
			}
		}
	}
	return breaks
}

// opener is an open bracket while laying out: its kind and, for a brace,
// whether it opens a select.
type opener struct {
	kind  string
	isSel bool
}

// layout prints the lines with their indentation and spacing.
func layout(lines []line) []byte {
	var stack []opener
	type outLine struct {
		text      string // the line without its trailing comment
		comment   string // a trailing comment, aligned later
		col       int    // the comment's wanted column
		hasCode   bool
		multiline bool
	}
	var outs []outLine
	blanks := map[int]bool{}
	contin := false // the previous line ends with an operator
	for _, l := range lines {
		// Indentation from the brackets open at the line's start.
		first := l.pieces[0]
		depth := 0
		grouped := false
		for _, o := range stack {
			if o.kind == "{" {
				depth++
				grouped = false
			} else {
				grouped = true
			}
		}
		closing := isTok(first, tokPunct, "}")
		if closing && depth > 0 {
			depth--
		}
		// A select's cases sit one level in, their bodies two.
		inner := innermostBrace(stack)
		for i := range stack {
			o := &stack[i]
			if o.isSel && (o != inner || !closing && !isTok(first, tokIdent, "case", "default")) {
				depth++
			}
		}
		if (grouped || contin) && !closing && !isTok(first, tokPunct, ")", "]") {
			depth++
		}
		indent := strings.Repeat(" ", depth*IndentWidth)
		var b strings.Builder
		b.WriteString(indent)
		var o outLine
		var prev *piece
		var prevPrev *piece
		for i := range l.pieces {
			p := &l.pieces[i]
			if p.tok == nil {
				if i == len(l.pieces)-1 && prev != nil && !o.multiline && !p.multi && strings.HasPrefix(p.comment, "//") {
					o.comment = p.comment
					o.col = len(indent) + p.col
					break
				}
				if prev != nil {
					b.WriteString(" ")
				}
				b.WriteString(p.comment)
				if p.multi {
					o.multiline = true
				}
				prevPrev, prev = prev, p
				continue
			}
			if prev != nil && space(prevPrev, prev, p) {
				b.WriteString(" ")
			}
			b.WriteString(p.tok.Value)
			o.hasCode = true
			prevPrev, prev = prev, p
			stack = track(stack, p, prevPrev)
		}
		contin = false
		if last := lastTok(l); last != nil && last.Type == tokPunct && continuation[last.Value] &&
			last.Value != "{" && last.Value != "(" && last.Value != "[" && last.Value != ":" {
			contin = true
		}
		o.text = strings.TrimRight(b.String(), " ")
		if l.blank && len(outs) > 0 {
			blanks[len(outs)] = true
		}
		outs = append(outs, o)
	}
	// Trailing comments keep their column relative to the indentation, at
	// least one space after the code; comments that were aligned in
	// consecutive lines stay aligned.
	for i := 0; i < len(outs); {
		if outs[i].comment == "" {
			i++
			continue
		}
		j := i
		for j < len(outs) && outs[j].comment != "" && (j == i || !blanks[j]) {
			j++
		}
		target := map[int]int{} // a written column to the column it gets
		for k := i; k < j; k++ {
			target[outs[k].col] = max(target[outs[k].col], outs[k].col, utf8.RuneCountInString(outs[k].text)+1)
		}
		for k := i; k < j; k++ {
			pad := target[outs[k].col] - utf8.RuneCountInString(outs[k].text)
			outs[k].text += strings.Repeat(" ", pad) + outs[k].comment
		}
		i = j
	}
	var b strings.Builder
	for i, o := range outs {
		if blanks[i] {
			b.WriteString("\n")
		}
		b.WriteString(o.text)
		b.WriteString("\n")
	}
	return []byte(b.String())
}

func innermostBrace(stack []opener) *opener {
	for i := len(stack) - 1; i >= 0; i-- {
		if stack[i].kind == "{" {
			return &stack[i]
		}
	}
	return nil
}

func lastTok(l line) *lexer.Token {
	for i := len(l.pieces) - 1; i >= 0; i-- {
		if l.pieces[i].tok != nil {
			return l.pieces[i].tok
		}
		if l.pieces[i].multi {
			return nil
		}
	}
	return nil
}

// track updates the stack of open brackets after token p.
func track(stack []opener, p, prev *piece) []opener {
	if p.tok.Type != tokPunct {
		return stack
	}
	switch p.tok.Value {
	case "(", "[":
		return append(stack, opener{kind: p.tok.Value})
	case "{":
		sel := prev != nil && isTok(*prev, tokIdent, "select")
		return append(stack, opener{kind: "{", isSel: sel})
	case ")", "]":
		if len(stack) > 0 && stack[len(stack)-1].kind != "{" {
			return stack[:len(stack)-1]
		}
	case "}":
		for len(stack) > 0 {
			top := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if top.kind == "{" {
				break
			}
		}
	}
	return stack
}

// arithmetic lists the operators whose spacing is kept as written.
var arithmetic = map[string]bool{"+": true, "-": true, "*": true, "/": true, "%": true}

// space reports whether a space goes between tokens a and b on a line; pa is
// the token before a, nil at the line's start.
func space(pa, a, b *piece) bool {
	if a.tok == nil || b.tok == nil {
		return true
	}
	at, bt := a.tok, b.tok
	ap := func(vs ...string) bool { return isTok(*a, tokPunct, vs...) }
	bp := func(vs ...string) bool { return isTok(*b, tokPunct, vs...) }
	switch {
	case bp(")", "]", ",", ";", ":", "++", "--", "..", ".", "@"):
		return false
	case ap("(", "[", "..", ".", "@"):
		return false
	case ap("{"):
		return !bp("}")
	case bp("{"), bp("}"), ap(",", ";", ":", "}"):
		return true
	case unary(pa, a):
		return false
	case bp("(", "["):
		// A call, a declaration's parameters, an index, a dimension.
		if at.Type == tokIdent && !keywords[at.Value] || ap(")", "]") {
			return false
		}
		return true
	case bt.Type == tokPunct && arithmetic[bt.Value]:
		return b.raw > 0 // the operator's spacing, as written before it
	case at.Type == tokPunct && arithmetic[at.Value]:
		return a.raw > 0
	case ap("]") && (bt.Type == tokInt || bt.Type == tokIdent && (!keywords[bt.Value] || bt.Value == "bool" || bt.Value == "int")):
		return false // `[2]bool`, `[N]0..R`
	}
	return true
}

// unary reports whether a is a prefix operator: `!`, `-`, `<-` or `&` after an
// operator, an opening bracket, a keyword or at the line's start.
func unary(pa, a *piece) bool {
	if a.tok == nil || a.tok.Type != tokPunct {
		return false
	}
	switch a.tok.Value {
	case "!", "&":
		return true
	case "-", "<-":
	default:
		return false
	}
	if pa == nil || pa.tok == nil {
		return true
	}
	switch pa.tok.Type {
	case tokPunct:
		return pa.tok.Value != ")" && pa.tok.Value != "]"
	case tokIdent:
		return keywords[pa.tok.Value] && pa.tok.Value != "true" && pa.tok.Value != "false"
	}
	return false
}

// sameTokens checks that out reads as the same tokens as src, terminators
// included.
func sameTokens(filename string, src, out []byte) error {
	a, _ := scan(filename, src)
	b, errs := scan(filename, out)
	ta, tb := terminate(a), terminate(b)
	fail := func(at lexer.Position) error {
		return source.Errors{{Pos: Position(at), Msg: "formatting would change the meaning here; the file is left as it is"}}
	}
	if len(errs) > 0 {
		return fail(lexer.Position{Filename: filename, Line: 1, Column: 1})
	}
	for i := range ta {
		if i >= len(tb) || ta[i].Type != tb[i].Type || ta[i].Type != tokTerm && ta[i].Value != tb[i].Value {
			return fail(ta[i].Pos)
		}
	}
	if len(ta) != len(tb) {
		return fail(tb[len(ta)].Pos)
	}
	return nil
}
