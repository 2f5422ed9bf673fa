package syntax

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/interleave/interleave/lang/source"
)

// parser is the participle parser of the language, built once.
var parser = participle.MustBuild[File](
	participle.Lexer(definition{}),
	participle.UseLookahead(participle.MaxLookahead),
)

// Parse parses one model file. On failure the error is a source.Errors with
// the first syntax error found.
func Parse(filename string, src []byte) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, source.Errors{{Pos: source.Pos{File: filename, Line: 1, Col: 1}, Msg: fmt.Sprintf("internal parser error: %v", r)}}
		}
	}()
	toks, err := scan(filename, src)
	if err != nil {
		var se *scanError
		if errors.As(err, &se) {
			return nil, source.Errors{{Pos: Position(se.pos), Msg: se.msg}}
		}
		return nil, source.Errors{{Pos: source.Pos{File: filename, Line: 1, Col: 1}, Msg: err.Error()}}
	}
	terminated := terminate(toks)
	f, err = parser.ParseFromLexer(mustUpgrade(&tokenList{toks: terminated}))
	if err != nil {
		return nil, convert(filename, err, terminated)
	}
	return f, nil
}

func mustUpgrade(l *tokenList) *lexer.PeekingLexer {
	p, _ := lexer.Upgrade(l) // tokenList never fails
	return p
}

// Position converts a participle position into a source position.
func Position(p lexer.Position) source.Pos {
	return source.Pos{File: p.Filename, Line: p.Line, Col: p.Column}
}

// convert turns a participle error into a source.Errors with a Go-like message.
func convert(filename string, err error, toks []lexer.Token) source.Errors {
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		tok := ute.Unexpected
		msg := fmt.Sprintf("syntax error: unexpected %s", describe(&tok))
		want := expected(ute.Expect)
		if want == "" {
			want = guess(tok, toks)
		}
		if want != "" {
			msg = fmt.Sprintf("got %s, want %s", describe(&tok), want)
		}
		return source.Errors{{Pos: Position(tok.Pos), Msg: msg}}
	}
	var pe participle.Error
	if errors.As(err, &pe) {
		pos := Position(pe.Position())
		if !pos.IsValid() {
			pos = source.Pos{File: filename, Line: 1, Col: 1}
		}
		return source.Errors{{Pos: pos, Msg: pe.Message()}}
	}
	return source.Errors{{Pos: source.Pos{File: filename, Line: 1, Col: 1}, Msg: err.Error()}}
}

// expected rewrites participle's description of what it wanted in the words of
// the language.
func expected(want string) string {
	switch want {
	case "":
		return ""
	case "Term":
		return "newline or ;"
	case "Expr":
		return "expression"
	case "Stmt", "<ident>":
		return "statement"
	case "Decl":
		return "declaration"
	}
	if strings.HasPrefix(want, "Term") {
		return "newline or ;"
	}
	return want
}

// guess says what was wanted at an unexpected token when participle does not
// say: an expression after an operator, the end of the statement after a
// complete one.
func guess(tok lexer.Token, toks []lexer.Token) string {
	for i, t := range toks {
		if t.Pos.Offset != tok.Pos.Offset || t.Type != tok.Type || i == 0 {
			continue
		}
		prev := toks[i-1]
		if prev.Type == tokIdent {
			if want, ok := after[prev.Value]; ok {
				return want
			}
			if i >= 2 && toks[i-2].Type == tokIdent {
				if want, ok := afterName[toks[i-2].Value]; ok {
					return want
				}
			}
		}
		switch {
		case prev.Type == tokPunct && continuation[prev.Value] && prev.Value != "{" && prev.Value != ":":
			return "expression"
		case prev.Type == tokInt || prev.Type == tokString || prev.Type == tokPunct && (prev.Value == ")" || prev.Value == "]" || prev.Value == "++" || prev.Value == "--"):
			return "newline or ;"
		}
		return ""
	}
	return ""
}

// after says what must follow a keyword.
var after = map[string]string{
	"if": "expression", "while": "expression", "await": "expression", "assert": "expression",
	"invariant": "expression", "leadsto": "expression", "in": "expression",
	"loop": `"{"`, "atomic": `"{"`, "critical": `"{"`, "doorway": `"{"`, "either": `"{"`,
	"or": `"{"`, "else": `"{" or if`,
	"process": "name", "proc": "name", "var": "name", "const": "name", "sem": "name",
	"mutex": "name", "model": "name", "section": "name", "for": "name", "fairness": "weak, strong or none",
}

// afterName says what must follow a declaration keyword and its name.
var afterName = map[string]string{
	"var": `":"`, "const": `"="`, "sem": `"="`, "proc": `"("`, "for": `"in"`, "section": `"{"`,
}
