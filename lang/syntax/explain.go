package syntax

import (
	"errors"
	"fmt"
	"strings"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/interleave/interleave/lang/source"
)

// checkKinds is what may follow `check`, for messages.
const checkKinds = "mutex, deadlock, invariant EXPR, progress, starvation, bounded_waiting, EXPR leadsto EXPR, or NAME: CHECK"

// topKeywords begin a declaration and cannot start a statement.
var topKeywords = map[string]bool{
	"model": true, "const": true, "sem": true, "mutex": true, "cond": true, "chan": true,
	"proc": true, "extern": true, "monitor": true, "process": true, "daemon": true,
	"fairness": true, "check": true,
}

// monitorItems are the declaration keywords that may also begin an item of a
// monitor.
var monitorItems = map[string]bool{"proc": true, "cond": true}

// inMonitor reports whether toks[start] is directly inside the braces of a
// monitor declaration.
func inMonitor(toks []lexer.Token, d []int, start int) bool {
	if d[start] != 1 {
		return false
	}
	for o := start - 1; o >= 0; o-- {
		if d[o] == 0 && isPunct(toks[o], "{") {
			return toks[stmtStart(toks, d, o)].Value == "monitor"
		}
	}
	return false
}

// kindWords are the check kinds written as one word.
var kindWords = map[string]bool{
	"mutex": true, "deadlock": true, "progress": true, "starvation": true, "bounded_waiting": true,
}

// explain turns the participle error err, reported at toks[i], into a
// source.Error in the words of the language, pointing where the mistake is.
// d holds the brace depth of each token. stop is true when what follows the
// error cannot be parsed meaningfully (an unclosed brace).
func explain(filename string, err error, toks []lexer.Token, d []int, i int) (e *source.Error, stop bool) {
	e = convert(filename, err, toks)
	tok := toks[i]
	start := stmtStart(toks, d, i)
	first := toks[start]
	generic := strings.HasPrefix(e.Msg, "syntax error") || strings.HasSuffix(e.Msg, "want newline or ;")
	if tok.EOF() {
		if last := lastToken(toks); last >= 0 {
			l := toks[last]
			e.Pos = Position(l.Pos)
			e.Pos.Col += len(l.Value)
		}
	}
	switch {
	case tok.EOF() && (generic || strings.HasSuffix(e.Msg, `want "}"`) || strings.HasSuffix(e.Msg, "statement")):
		if which, ok := unclosed(toks, i); ok {
			e.Msg = `got end of file, want "}" ` + which
			return e, true
		}
	case d[i] > 0 && first.Type == tokIdent && topKeywords[first.Value] && (start == i || toks[start+1].Type == tokIdent) &&
		!(monitorItems[first.Value] && inMonitor(toks, d, start)):
		// A declaration inside a block: a "}" is missing before it.
		if which, ok := unclosed(toks, start); ok {
			e.Pos = Position(first.Pos)
			e.Msg = fmt.Sprintf(`got %q, want "}" %s`, first.Value, which)
			return e, true
		}
	case isPunct(tok, "}") && d[i] == 0:
		e.Msg = `got "}", want declaration; this "}" closes nothing`
		return e, true
	}
	if first.Type == tokIdent && first.Value == "check" {
		if msg, pos, ok := explainCheck(toks, start, i); ok {
			e.Msg, e.Pos = msg, pos
			return e, tok.EOF()
		}
	}
	if msg, pos, ok := explainToken(toks, d, start, i, e.Pos, generic); ok {
		e.Msg, e.Pos = msg, pos
	}
	return e, tok.EOF()
}

// explainToken rewrites the message for common mistakes at toks[i], in the
// statement or declaration that starts at toks[start]; pos is where the error
// is reported so far. generic says that the message only says what was not
// wanted, or wanted the end of the statement: a more specific one (from the
// expression parser) is kept.
func explainToken(toks []lexer.Token, d []int, start, i int, pos source.Pos, generic bool) (string, source.Pos, bool) {
	tok := toks[i]
	first := toks[start]
	prev := lexer.Token{}
	if i > 0 {
		prev = toks[i-1]
	}
	isVar := first.Type == tokIdent && first.Value == "var"
	name := first.Type == tokIdent && !IsKeyword(first.Value)
	switch {
	case first.Type == tokIdent && first.Value == "else" && d[start] > 0:
		return `got "else" without an if before it`, Position(first.Pos), true
	case isPunct(tok, "=") && isPunct(prev, ":") && prev.Pos.Offset+1 == tok.Pos.Offset:
		if isVar {
			return fmt.Sprintf(`got ":=", want ":" and a type, as in %s`, varExample(toks, start, i)), Position(prev.Pos), true
		}
		return `got ":=", want "="`, Position(prev.Pos), true
	case isPunct(tok, ":") && i+1 < len(toks) && isPunct(toks[i+1], "=") && tok.Pos.Offset+1 == toks[i+1].Pos.Offset:
		if isVar {
			return fmt.Sprintf(`got ":=", want ":" and a type, as in %s`, varExample(toks, start, i+1)), pos, true
		}
		return `got ":=", want "="`, pos, true
	case isPunct(tok, "=") && isVar && !hasToken(toks[start:i], ":"):
		return fmt.Sprintf(`got "=", want ":" and a type, as in %s`, varExample(toks, start, i)), pos, true
	case isPunct(tok, "=") && inCondition(toks, d, start, i):
		return `got "=", want "==" (= assigns, == compares)`, pos, true
	case tok.Type == tokIdent && (tok.Value == "then" || tok.Value == "do") && inCondition(toks, d, start, i):
		return fmt.Sprintf(`got %q, want "{" (there is no %s)`, tok.Value, tok.Value), pos, true
	case isPunct(tok, "]") && i >= 3 && isPunct(toks[i-2], "[") && isProcess(toks, start):
		return fmt.Sprintf(`got "]", want "in" and a range, as in process %s[%s in 0..N-1]`, toks[i-3].Value, prev.Value), pos, true
	case prev.Type == tokIdent && prev.Value == "points":
		return fmt.Sprintf("got %s, want number of points", describe(&tok)), pos, true
	}
	if !generic {
		return "", source.Pos{}, false
	}
	if open := unclosedGroup(toks[start:i]); open != "" && tok.Type != tokTerm {
		if closer := map[string]string{"(": ")", "[": "]"}[open]; tok.Value != closer {
			return fmt.Sprintf("got %s, want %q", describe(&tok), closer), pos, true
		}
	}
	if k, ok := typeName(toks, start, i); ok {
		return fmt.Sprintf("unknown type %s: want bool, int, LO..HI or [N]TYPE", toks[k].Value), Position(toks[k].Pos), true
	}
	switch {
	case first.Type == tokIdent && first.Value == "proc" && tok.Type == tokPunct && (tok.Value == ")" || tok.Value == ",") &&
		prev.Type == tokIdent && i >= 2 && (isPunct(toks[i-2], "(") || isPunct(toks[i-2], ",")):
		return fmt.Sprintf(`got %s, want ":" and a type, as in %s: 0..1`, describe(&tok), prev.Value), pos, true
	case first.Type == tokIdent && first.Value == "sem" && tok.Type == tokIdent && hasToken(toks[start:i], "="):
		return fmt.Sprintf("got %s, want fifo, busy or newline", describe(&tok)), pos, true
	case name && (first.Value == "int" || first.Value == "bool") && i == start+1 && tok.Type == tokIdent:
		return fmt.Sprintf("got %s, want a statement; declare a variable with var %s: %s", describe(&tok), tok.Value, first.Value), pos, true
	case d[i] == 0 && i == start && tok.Type == tokIdent && likeKeyword(tok.Value, topKeywords) != "":
		return fmt.Sprintf("got %s, want declaration: did you mean %s?", describe(&tok), likeKeyword(tok.Value, topKeywords)), pos, true
	case name && d[i] > 0 && i == start+1 && likeKeyword(first.Value, statementStarts) != "":
		return fmt.Sprintf("got %q, want statement: did you mean %s?", first.Value, likeKeyword(first.Value, statementStarts)), Position(first.Pos), true
	case d[i] == 0 && i == start && !topKeywords[tok.Value] && tok.Value != "var":
		return fmt.Sprintf("got %s, want declaration; statements go inside a process or proc", describe(&tok)), pos, true
	case name && i > start && tok.Type != tokTerm && !tok.EOF() && onlyIndices(toks[start+1:i]):
		return fmt.Sprintf(`got %s, want "=", "+=", "-=", "++", "--", "<-" or "(": a statement is an assignment, a send or a call`, describe(&tok)), pos, true
	case blockKeywords[first.Value] && first.Type == tokIdent && !hasToken(toks[start:i], "{") && tok.Type != tokTerm && !tok.EOF() && !isPunct(tok, "{"):
		return fmt.Sprintf(`got %s, want "{"`, describe(&tok)), pos, true
	}
	return "", source.Pos{}, false
}

// blockKeywords begin a statement whose header ends with a block.
var blockKeywords = map[string]bool{"if": true, "while": true, "for": true, "section": true}

// unclosedGroup returns the innermost "(" or "[" left open in toks, or "".
func unclosedGroup(toks []lexer.Token) string {
	var stack []string
	for _, t := range toks {
		switch {
		case isPunct(t, "(") || isPunct(t, "["):
			stack = append(stack, t.Value)
		case (isPunct(t, ")") || isPunct(t, "]")) && len(stack) > 0:
			stack = stack[:len(stack)-1]
		case isPunct(t, "{") || isPunct(t, "}"):
			stack = stack[:0]
		}
	}
	if len(stack) == 0 {
		return ""
	}
	return stack[len(stack)-1]
}

// onlyIndices reports whether toks is a (possibly empty) sequence of
// complete index groups `[e]`.
func onlyIndices(toks []lexer.Token) bool {
	depth := 0
	for _, t := range toks {
		switch {
		case isPunct(t, "["):
			depth++
		case isPunct(t, "]"):
			depth--
		case depth == 0:
			return false
		}
	}
	return depth == 0
}

// typeName finds, in a var or proc declaration, a type written as a name
// (`integer`) before toks[i], and returns its index.
func typeName(toks []lexer.Token, start, i int) (int, bool) {
	first := toks[start]
	if first.Type != tokIdent || first.Value != "var" && first.Value != "proc" {
		return 0, false
	}
	colon := -1
	for k := i - 1; k >= start; k-- {
		if isPunct(toks[k], ":") {
			colon = k
			break
		}
	}
	if colon < 0 {
		return 0, false
	}
	k := colon + 1
	for k < i && isPunct(toks[k], "[") {
		depth := 0
		for k < i {
			if isPunct(toks[k], "[") {
				depth++
			} else if isPunct(toks[k], "]") {
				depth--
			}
			k++
			if depth == 0 {
				break
			}
		}
	}
	if k >= i || toks[k].Type != tokIdent || toks[k].Value == "bool" || toks[k].Value == "int" || hasToken(toks[k:i], "..") {
		return 0, false
	}
	if k+1 < len(toks) && toks[k+1].Type == tokPunct && toks[k+1].Value != "=" && toks[k+1].Value != "," && toks[k+1].Value != ")" {
		return 0, false // an expression: a range bound
	}
	return k, true
}

// explainCheck explains an error in the check declaration that starts at
// toks[start], reported at toks[i].
func explainCheck(toks []lexer.Token, start, i int) (string, source.Pos, bool) {
	body := start + 1
	if body+1 < len(toks) && toks[body].Type == tokIdent && isPunct(toks[body+1], ":") {
		body += 2
	}
	b := toks[body]
	ends := func(t lexer.Token) bool {
		return t.EOF() || t.Type == tokTerm || t.Type == tokIdent && t.Value == "points"
	}
	switch {
	case ends(b):
		at := toks[body-1]
		pos := Position(at.Pos)
		pos.Col += len(at.Value)
		return fmt.Sprintf("got %s, want %s", describe(&b), checkKinds), pos, true
	case b.Type == tokIdent && !kindWords[b.Value] && b.Value != "invariant" && body+1 < len(toks) && ends(toks[body+1]):
		return fmt.Sprintf("unknown check %q: want %s", b.Value, checkKinds), Position(b.Pos), true
	case b.Type == tokIdent && (kindWords[b.Value] || b.Value == "invariant"):
		return "", source.Pos{}, false
	case ends(toks[i]) && !hasWord(toks[body:i], "leadsto"):
		t := toks[i]
		pos := Position(t.Pos)
		if t.EOF() {
			l := toks[i-1]
			pos = Position(l.Pos)
			pos.Col += len(l.Value)
		}
		return fmt.Sprintf("got %s, want leadsto: check EXPR leadsto EXPR, or check invariant EXPR", describe(&t)), pos, true
	}
	return "", source.Pos{}, false
}

// inCondition reports whether toks[i] follows a keyword that introduces a
// condition (if, while, await, assert, invariant, leadsto or a check's
// expression) within its statement, with no block opened since.
func inCondition(toks []lexer.Token, d []int, start, i int) bool {
	for k := i - 1; k >= start; k-- {
		t := toks[k]
		if d[k] != d[i] || isPunct(t, "{") || isPunct(t, "}") {
			return false
		}
		if t.Type != tokIdent {
			continue
		}
		switch t.Value {
		case "if", "while", "await", "assert", "invariant", "leadsto", "check":
			return true
		}
	}
	return false
}

// isProcess reports whether the declaration at toks[start] is a process.
func isProcess(toks []lexer.Token, start int) bool {
	k := start
	if toks[k].Type == tokIdent && toks[k].Value == "daemon" {
		k++
	}
	return toks[k].Type == tokIdent && toks[k].Value == "process"
}

// varExample renders the declaration toks[start:] with a type, as the
// declaration the user probably meant: `var x: int = 3`.
func varExample(toks []lexer.Token, start, eq int) string {
	var names []string
	for _, t := range toks[start+1 : eq] {
		if t.Type == tokIdent {
			names = append(names, t.Value)
		}
	}
	end := eq + 1
	for end < len(toks) && !toks[end].EOF() && toks[end].Type != tokTerm && !isPunct(toks[end], "}") {
		end++
	}
	value := TokenText(toks[eq+1 : end])
	if value == "" {
		value = "0"
	}
	return fmt.Sprintf("var %s: int = %s", strings.Join(names, ", "), value)
}

func hasToken(toks []lexer.Token, punct string) bool {
	for _, t := range toks {
		if isPunct(t, punct) {
			return true
		}
	}
	return false
}

func hasWord(toks []lexer.Token, word string) bool {
	for _, t := range toks {
		if t.Type == tokIdent && t.Value == word {
			return true
		}
	}
	return false
}

// lastToken returns the index of the last token that is neither a
// terminator nor EOF, or -1.
func lastToken(toks []lexer.Token) int {
	for k := len(toks) - 1; k >= 0; k-- {
		if !toks[k].EOF() && toks[k].Type != tokTerm {
			return k
		}
	}
	return -1
}

// convert turns a participle error into a source.Error with a Go-like message.
func convert(filename string, err error, toks []lexer.Token) *source.Error {
	var ute *participle.UnexpectedTokenError
	if errors.As(err, &ute) {
		tok := ute.Unexpected
		got := describe(&tok)
		msg := fmt.Sprintf("syntax error: unexpected %s", got)
		want := expected(ute.Expect)
		if want == "" || want == got {
			want = guess(tok, toks)
		}
		if want != "" && want != got {
			msg = fmt.Sprintf("got %s, want %s", got, want)
		}
		return &source.Error{Pos: Position(tok.Pos), Msg: msg}
	}
	var pe participle.Error
	if errors.As(err, &pe) {
		pos := Position(pe.Position())
		if !pos.IsValid() {
			pos = source.Pos{File: filename, Line: 1, Col: 1}
		}
		return &source.Error{Pos: pos, Msg: pe.Message()}
	}
	return &source.Error{Pos: source.Pos{File: filename, Line: 1, Col: 1}, Msg: err.Error()}
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
		case prev.Type == tokInt || prev.Type == tokString || prev.Type == tokPunct && (prev.Value == ")" || prev.Value == "]" || prev.Value == "}" || prev.Value == "++" || prev.Value == "--"):
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
	"daemon": "process",
}

// afterName says what must follow a declaration keyword and its name.
var afterName = map[string]string{
	"var": `":"`, "const": `"="`, "sem": `"="`, "proc": `"("`, "for": `"in"`, "section": `"{"`,
}
