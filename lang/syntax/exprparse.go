package syntax

import (
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"
)

// maxDepth bounds expression nesting so that a pathological input cannot
// exhaust the stack.
const maxDepth = 200

// binaryPrec gives each binary operator's precedence; higher binds tighter.
var binaryPrec = map[string]int{
	"=>": 1, "||": 2, "&&": 3,
	"==": 4, "!=": 4, "<": 4, "<=": 4, ">": 4, ">=": 4,
	"+": 5, "-": 5, "*": 6, "/": 6, "%": 6,
}

// exprParser is a precedence-climbing parser over participle's token stream.
type exprParser struct {
	lex   *lexer.PeekingLexer
	depth int
	// line is the line of the last token consumed, to tell a keyword that
	// starts the next line from an operand.
	line int
	// spans records each node's token range, in the order the nodes were
	// finished; the texts are filled in once the whole expression is read
	// (see setTexts), so that a long chain costs linear time and memory.
	spans []span
}

// Parse implements participle.Parseable: it reads one expression, or returns
// participle.NextMatch if the next token cannot start one.
func (e *Expr) Parse(lex *lexer.PeekingLexer) error {
	if !startsExpr(lex.Peek()) {
		return participle.NextMatch
	}
	p := &exprParser{lex: lex, line: lex.Peek().Pos.Line}
	start := lex.MakeCheckpoint().RawCursor()
	x, err := p.binary(1)
	if err != nil {
		return err
	}
	p.setTexts(start)
	*e = *x
	return nil
}

func startsExpr(t *lexer.Token) bool {
	switch t.Type {
	case tokIdent, tokInt:
		return true
	case tokPunct:
		return t.Value == "(" || t.Value == "!" || t.Value == "-" || t.Value == "<-"
	}
	return false
}

// describe names a token in an error message.
func describe(t *lexer.Token) string {
	switch {
	case t.EOF():
		return "end of file"
	case t.Type == tokTerm && t.Value == newlineValue:
		return "newline"
	}
	return fmt.Sprintf("%q", t.Value)
}

func (p *exprParser) errorf(t *lexer.Token, format string, args ...any) error {
	return participle.Errorf(t.Pos, format, args...)
}

// finish records that node x spans the tokens from start to the current one.
func (p *exprParser) finish(x *Expr, start lexer.RawCursor) *Expr {
	p.spans = append(p.spans, span{x, start, p.lex.MakeCheckpoint().RawCursor()})
	return x
}

func (p *exprParser) binary(minPrec int) (*Expr, error) {
	p.depth++
	defer func() { p.depth-- }()
	if p.depth > maxDepth {
		return nil, p.errorf(p.lex.Peek(), "expression nested too deeply")
	}
	start := p.lex.MakeCheckpoint().RawCursor()
	x, err := p.unary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.lex.Peek()
		prec, ok := binaryPrec[t.Value]
		if t.Type != tokPunct || !ok || prec < minPrec {
			return x, nil
		}
		p.next()
		next := prec + 1
		if t.Value == "=>" {
			next = prec // right associative
		}
		y, err := p.binary(next)
		if err != nil {
			return nil, err
		}
		x = p.finish(&Expr{Pos: x.Pos, Kind: Binary, Op: t.Value, X: x, Y: y}, start)
		if prec == 4 {
			if n := p.lex.Peek(); n.Type == tokPunct && binaryPrec[n.Value] == 4 {
				return nil, p.errorf(n, "comparison %s cannot follow a comparison; use parentheses", n.Value)
			}
		}
	}
}

func (p *exprParser) unary() (*Expr, error) {
	t := p.lex.Peek()
	start := p.lex.MakeCheckpoint().RawCursor()
	if t.Type == tokPunct && (t.Value == "!" || t.Value == "-" || t.Value == "<-") {
		p.next()
		p.depth++
		defer func() { p.depth-- }()
		if p.depth > maxDepth {
			return nil, p.errorf(t, "expression nested too deeply")
		}
		x, err := p.unary()
		if err != nil {
			return nil, err
		}
		return p.finish(&Expr{Pos: t.Pos, Kind: Unary, Op: t.Value, X: x}, start), nil
	}
	x, err := p.primary()
	if err != nil {
		return nil, err
	}
	for {
		t := p.lex.Peek()
		switch {
		case t.Type == tokPunct && t.Value == "[":
			var idx []*Expr
			for p.lex.Peek().Type == tokPunct && p.lex.Peek().Value == "[" {
				p.next()
				i, err := p.expr()
				if err != nil {
					return nil, err
				}
				if err := p.expect("]"); err != nil {
					return nil, err
				}
				idx = append(idx, i)
			}
			x = p.finish(&Expr{Pos: x.Pos, Kind: Index, X: x, Args: idx}, start)
		case t.Type == tokPunct && t.Value == "@":
			p.next()
			n := p.lex.Peek()
			if n.Type != tokIdent {
				return nil, p.errorf(n, "got %s, want region name after @", describe(n))
			}
			p.next()
			x = p.finish(&Expr{Pos: x.Pos, Kind: At, X: x, Name: n.Value, NamePos: n.Pos}, start)
		case t.Type == tokPunct && t.Value == "." && x.Kind == Index:
			p.next()
			n := p.lex.Peek()
			if n.Type != tokIdent {
				return nil, p.errorf(n, "got %s, want a name after %s.", describe(n), x.Text)
			}
			p.next()
			x = p.finish(&Expr{Pos: x.Pos, Kind: Field, X: x, Name: n.Value, NamePos: n.Pos}, start)
		default:
			return x, nil
		}
	}
}

func (p *exprParser) expr() (*Expr, error) {
	t := p.lex.Peek()
	if !startsExpr(t) {
		return nil, p.errorf(t, "got %s, want expression", describe(t))
	}
	return p.binary(1)
}

// next consumes one token.
func (p *exprParser) next() {
	p.line = p.lex.Next().Pos.Line
}

func (p *exprParser) expect(value string) error {
	t := p.lex.Peek()
	if t.Type != tokPunct || t.Value != value {
		return p.errorf(t, "got %s, want %q", describe(t), value)
	}
	p.next()
	return nil
}

func (p *exprParser) primary() (*Expr, error) {
	t := p.lex.Peek()
	start := p.lex.MakeCheckpoint().RawCursor()
	switch {
	case t.Type == tokInt:
		p.next()
		return p.finish(&Expr{Pos: t.Pos, Kind: IntLit, Value: t.Value}, start), nil
	case t.Type == tokPunct && t.Value == "(":
		p.next()
		x, err := p.expr()
		if err != nil {
			return nil, err
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		// Keep the inner node, with the parentheses in its text and position.
		x.Pos = t.Pos
		return p.finish(x, start), nil
	case t.Type != tokIdent:
		return nil, p.errorf(t, "got %s, want expression", describe(t))
	case statementKeywords[t.Value] && p.startsStatement(t):
		// A keyword that starts a statement or a declaration: the expression
		// before it is incomplete.
		return nil, p.errorf(t, "got %s, want expression", describe(t))
	}
	p.next()
	switch t.Value {
	case "true", "false":
		return p.finish(&Expr{Pos: t.Pos, Kind: BoolLit, Value: t.Value}, start), nil
	case "forall", "exists":
		return p.quant(t, start)
	}
	name := t.Value
	if d := p.lex.Peek(); d.Type == tokPunct && d.Value == "." {
		p.next()
		m := p.lex.Peek()
		if m.Type != tokIdent {
			return nil, p.errorf(m, "got %s, want a name after %s.", describe(m), name)
		}
		p.next()
		name += "." + m.Value
	}
	if n := p.lex.Peek(); n.Type == tokPunct && n.Value == "(" {
		p.next()
		call := &Expr{Pos: t.Pos, Kind: Call, Name: name, NamePos: t.Pos}
		if c := p.lex.Peek(); !(c.Type == tokPunct && c.Value == ")") {
			for {
				ref := false
				if a := p.lex.Peek(); a.Type == tokPunct && a.Value == "&" {
					p.next()
					ref = true
				}
				a, err := p.expr()
				if err != nil {
					return nil, err
				}
				call.Args = append(call.Args, a)
				call.Refs = append(call.Refs, ref)
				if c := p.lex.Peek(); c.Type == tokPunct && c.Value == "," {
					p.next()
					continue
				}
				break
			}
		}
		if err := p.expect(")"); err != nil {
			return nil, err
		}
		return p.finish(call, start), nil
	}
	return p.finish(&Expr{Pos: t.Pos, Kind: Ident, Name: name, NamePos: t.Pos}, start), nil
}

// startsStatement reports whether the keyword t, where an operand is wanted,
// rather begins the next statement: it is followed by "{", or it begins a
// line and is not followed by an operator (a semaphore may be called mutex,
// and `mutex > 0` on a continued line is an operand).
func (p *exprParser) startsStatement(t *lexer.Token) bool {
	next := p.peekSecond()
	if next.Type == tokPunct && next.Value == "{" {
		return true
	}
	operator := next.Type == tokPunct && next.Value != "}"
	return t.Pos.Line > p.line && !operator
}

// peekSecond returns the token after the next one.
func (p *exprParser) peekSecond() lexer.Token {
	cp := p.lex.MakeCheckpoint()
	p.lex.Next()
	t := *p.lex.Peek()
	p.lex.LoadCheckpoint(cp)
	return t
}

// statementKeywords are the keywords that begin a statement or a declaration.
// One of them where an operand is wanted, on a new line or before "{", means
// that the expression was left unfinished.
var statementKeywords = map[string]bool{
	"if": true, "while": true, "loop": true, "for": true, "either": true, "atomic": true,
	"critical": true, "doorway": true, "section": true, "assert": true, "await": true,
	"var": true, "select": true, "break": true, "continue": true, "return": true,
	"skip": true, "noncritical": true, "else": true, "or": true,
	"model": true, "const": true, "sem": true, "mutex": true, "cond": true, "chan": true,
	"proc": true, "extern": true, "monitor": true, "process": true, "daemon": true,
	"fairness": true, "check": true,
}

func (p *exprParser) quant(t *lexer.Token, start lexer.RawCursor) (*Expr, error) {
	n := p.lex.Peek()
	if n.Type != tokIdent {
		return nil, p.errorf(n, "got %s, want variable name after %s", describe(n), t.Value)
	}
	p.next()
	if in := p.lex.Peek(); in.Type != tokIdent || in.Value != "in" {
		return nil, p.errorf(in, "got %s, want \"in\"", describe(in))
	}
	p.next()
	lo, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.expect(".."); err != nil {
		return nil, err
	}
	hi, err := p.expr()
	if err != nil {
		return nil, err
	}
	if err := p.expect(":"); err != nil {
		return nil, err
	}
	body, err := p.expr()
	if err != nil {
		return nil, err
	}
	return p.finish(&Expr{Pos: t.Pos, Kind: Quant, Op: t.Value, Name: n.Value, NamePos: n.Pos, Lo: lo, Hi: hi, X: body}, start), nil
}

// TokenText renders tokens as source text on one line: tokens that were
// separated in the source by white space, comments or line breaks are
// separated by one space. Terminators are left out.
func TokenText(toks []lexer.Token) string {
	var b strings.Builder
	end := -1
	for _, t := range toks {
		if t.Type == tokTerm || t.EOF() {
			continue
		}
		if end >= 0 && t.Pos.Offset > end {
			b.WriteByte(' ')
		}
		b.WriteString(t.Value)
		end = t.Pos.Offset + len(t.Value)
	}
	return b.String()
}
