package syntax

import (
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/alecthomas/participle/v2/lexer"
)

// bom is the UTF-8 byte-order mark some editors write at the start of a file;
// the lexer skips it there.
var bom = []byte("\ufeff")

// Token types produced by the lexer.
const (
	tokIdent lexer.TokenType = iota + 1
	tokInt
	tokString
	tokPunct
	tokTerm
)

// newlineValue is the value of a terminator that stands for a line break; an
// explicit one has the value ";".
const newlineValue = "\n"

// Keywords lists the reserved words of the language (LANGUAGE.md section 3).
// The lexer produces them as identifiers; the front end rejects them where a
// name is being introduced, except right after a declaration keyword.
var keywords = map[string]bool{
	"model": true, "const": true, "var": true, "sem": true, "mutex": true, "cond": true,
	"chan": true, "proc": true, "extern": true, "monitor": true, "process": true,
	"daemon": true, "fairness": true, "check": true, "if": true, "else": true,
	"while": true, "loop": true, "for": true, "in": true, "break": true,
	"continue": true, "either": true, "or": true, "atomic": true, "critical": true,
	"section": true, "doorway": true, "noncritical": true, "skip": true,
	"assert": true, "await": true, "select": true, "case": true, "default": true,
	"return": true, "true": true, "false": true, "forall": true, "exists": true,
	"leadsto": true, "invariant": true, "points": true, "lossy": true, "fifo": true,
	"busy": true, "hoare": true,
}

// IsKeyword reports whether name is a reserved word of the language.
func IsKeyword(name string) bool { return keywords[name] }

// operators lists the punctuation, longest first so that scanning takes the
// longest match.
var operators = []string{
	"..", "==", "!=", "<=", ">=", "&&", "||", "=>", "+=", "-=", "++", "--", "<-",
	"+", "-", "*", "/", "%", "<", ">", "=", "!", "(", ")", "[", "]", "{", "}",
	",", ":", ";", "@", "&", ".",
}

// continuation lists the tokens after which a line break does not end a
// statement: binary operators, commas, openers and the like.
var continuation = map[string]bool{
	"..": true, "==": true, "!=": true, "<=": true, ">=": true, "&&": true, "||": true,
	"=>": true, "+=": true, "-=": true, "<-": true, "+": true, "-": true, "*": true,
	"/": true, "%": true, "<": true, ">": true, "=": true, "!": true, "(": true,
	"[": true, "{": true, ",": true, ":": true, "@": true, "&": true, ".": true,
}

// definition is the participle lexer definition of the language.
type definition struct{}

// Symbols implements lexer.Definition.
func (definition) Symbols() map[string]lexer.TokenType {
	return map[string]lexer.TokenType{
		"EOF":    lexer.EOF,
		"Ident":  tokIdent,
		"Int":    tokInt,
		"String": tokString,
		"Punct":  tokPunct,
		"Term":   tokTerm,
	}
}

// Lex implements lexer.Definition.
func (d definition) Lex(filename string, r io.Reader) (lexer.Lexer, error) {
	src, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return d.LexBytes(filename, src)
}

// LexBytes implements lexer.BytesDefinition.
func (definition) LexBytes(filename string, src []byte) (lexer.Lexer, error) {
	toks, errs := scan(filename, src)
	if len(errs) > 0 {
		return nil, errs[0]
	}
	return &tokenList{toks: terminate(toks)}, nil
}

// tokenList replays a scanned and terminated token list.
type tokenList struct {
	toks []lexer.Token
	i    int
}

// Next implements lexer.Lexer.
func (l *tokenList) Next() (lexer.Token, error) {
	t := l.toks[l.i]
	if l.i < len(l.toks)-1 {
		l.i++
	}
	return t, nil
}

// rawToken is a scanned token and whether a line break precedes it.
type rawToken struct {
	lexer.Token
	newline bool
	end     lexer.Position
}

// scanError is a lexical error at a position. A fatal one (an unterminated
// comment) ends the token list: nothing after it is read.
type scanError struct {
	pos   lexer.Position
	msg   string
	fatal bool
}

func (e *scanError) Error() string { return e.msg }

// scan splits src into tokens, dropping white space and comments. The last
// token is EOF. A lexical error is recorded and scanning goes on: a stray
// character becomes an identifier token, a malformed number an integer token
// and an unterminated string a string token ending at the line's end, so that
// the parser can look for the errors that follow; an unterminated comment
// ends the list.
func scan(filename string, src []byte) ([]rawToken, []*scanError) {
	var toks []rawToken
	var errs []*scanError
	line, col, off := 1, 1, 0
	if bytes.HasPrefix(src, bom) {
		off = len(bom) // the mark is not text: the next byte is still column 1
	}
	nl := false
	pos := func() lexer.Position {
		return lexer.Position{Filename: filename, Offset: off, Line: line, Column: col}
	}
	advance := func(n int) {
		for i := 0; i < n; i++ {
			if src[off] == '\n' {
				line++
				col = 1
			} else {
				col++
			}
			off++
		}
	}
	for off < len(src) {
		c := src[off]
		switch {
		case c == '\n':
			nl = true
			advance(1)
			continue
		case c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\v':
			advance(1)
			continue
		case c == '/' && off+1 < len(src) && src[off+1] == '/':
			for off < len(src) && src[off] != '\n' {
				advance(1)
			}
			continue
		case c == '/' && off+1 < len(src) && src[off+1] == '*':
			start := pos()
			end := strings.Index(string(src[off+2:]), "*/")
			if end < 0 {
				errs = append(errs, &scanError{pos: start, msg: "comment not terminated", fatal: true})
				toks = append(toks, rawToken{Token: lexer.Token{Type: lexer.EOF, Pos: start}, newline: nl, end: start})
				return toks, errs
			}
			if strings.IndexByte(string(src[off:off+2+end]), '\n') >= 0 {
				nl = true
			}
			advance(end + 4)
			continue
		}
		start := pos()
		var typ lexer.TokenType
		n := 0
		switch {
		case isLetter(c):
			for off+n < len(src) && (isLetter(src[off+n]) || isDigit(src[off+n])) {
				n++
			}
			typ = tokIdent
		case isDigit(c):
			for off+n < len(src) && isDigit(src[off+n]) {
				n++
			}
			if off+n < len(src) && isLetter(src[off+n]) {
				errs = append(errs, &scanError{pos: start, msg: fmt.Sprintf("invalid number %q", string(src[off:off+n+1]))})
				for off+n < len(src) && (isLetter(src[off+n]) || isDigit(src[off+n])) {
					n++
				}
			}
			typ = tokInt
		case c == '"':
			n = 1
			for {
				if off+n >= len(src) || src[off+n] == '\n' {
					errs = append(errs, &scanError{pos: start, msg: "string not terminated"})
					break
				}
				if src[off+n] == '\\' && off+n+1 < len(src) && src[off+n+1] != '\n' {
					n += 2
					continue
				}
				n++
				if src[off+n-1] == '"' {
					break
				}
			}
			typ = tokString
		default:
			for _, op := range operators {
				if strings.HasPrefix(string(src[off:min(off+2, len(src))]), op) {
					n = len(op)
					break
				}
			}
			if n == 0 {
				_, size := utf8.DecodeRune(src[off:])
				r := string(src[off : off+size])
				errs = append(errs, &scanError{pos: start, msg: fmt.Sprintf("unexpected character %q", r)})
				n = len(r)
				typ = tokIdent
				break
			}
			typ = tokPunct
		}
		val := string(src[off : off+n])
		advance(n)
		toks = append(toks, rawToken{Token: lexer.Token{Type: typ, Value: val, Pos: start}, newline: nl, end: pos()})
		nl = false
	}
	toks = append(toks, rawToken{Token: lexer.Token{Type: lexer.EOF, Pos: pos()}, newline: nl, end: pos()})
	return toks, errs
}

func isLetter(c byte) bool { return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' }
func isDigit(c byte) bool  { return '0' <= c && c <= '9' }

// terminate turns line breaks that end statements into terminator tokens and
// explicit semicolons into terminators, dropping those that separate nothing:
// inside parentheses and brackets, after an operator or comma, before a
// closing brace, `else` or `or`, and repeated ones.
func terminate(raw []rawToken) []lexer.Token {
	out := make([]lexer.Token, 0, len(raw)+len(raw)/4)
	var stack []string
	var lastEnd lexer.Position
	last := func() *lexer.Token {
		if len(out) == 0 {
			return nil
		}
		return &out[len(out)-1]
	}
	addTerm := func(value string, pos lexer.Position) {
		l := last()
		if l == nil || l.Type == tokTerm || (l.Type == tokPunct && l.Value == "{") {
			return
		}
		out = append(out, lexer.Token{Type: tokTerm, Value: value, Pos: pos})
	}
	for _, t := range raw {
		grouped := len(stack) > 0 && stack[len(stack)-1] != "{"
		closes := t.Type == tokPunct && t.Value == "}" || t.Type == lexer.EOF
		joins := t.Type == tokIdent && (t.Value == "else" || t.Value == "or") ||
			t.Type == tokPunct && (t.Value == "{" || t.Value == ")" || t.Value == "]")
		if t.newline && !grouped && !joins {
			if l := last(); l != nil && !(l.Type == tokPunct && continuation[l.Value]) {
				addTerm(newlineValue, lastEnd)
			}
		}
		if closes {
			if l := last(); l != nil && l.Type == tokTerm {
				out = out[:len(out)-1]
			}
		}
		if t.Type == tokPunct && t.Value == ";" {
			if !grouped {
				addTerm(";", t.Pos)
				lastEnd = t.end
				continue
			}
		}
		switch {
		case t.Type == tokPunct && (t.Value == "(" || t.Value == "[" || t.Value == "{"):
			stack = append(stack, t.Value)
		case t.Type == tokPunct && (t.Value == ")" || t.Value == "]"):
			// A stray closer does not close a brace.
			if len(stack) > 0 && stack[len(stack)-1] != "{" {
				stack = stack[:len(stack)-1]
			}
		case t.Type == tokPunct && t.Value == "}":
			// A brace closes the parentheses and brackets left open in it, so
			// that one unclosed "(" does not run the lines after the block
			// together.
			for len(stack) > 0 {
				top := stack[len(stack)-1]
				stack = stack[:len(stack)-1]
				if top == "{" {
					break
				}
			}
		}
		out = append(out, t.Token)
		lastEnd = t.end
	}
	return out
}
