package syntax

import (
	"errors"
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/interleave/interleave/lang/source"
)

// Error recovery. participle stops at the first syntax error, so parseAll
// parses again after each one with the offending statement (inside a block)
// replaced by `skip`, or the offending declaration (at the top level) removed,
// until the file parses or maxErrors are found. Positions are kept, since
// tokens carry them. Cascades are avoided thus:
//
//   - an error at the end of the file, or a declaration keyword inside a
//     block (an unclosed "{"), ends the search;
//   - when the braces of the file do not balance, skipping cannot tell which
//     block a statement belongs to, so only the first error is reported;
//   - an error that is not past the previous one ends the search.

// parseAll parses toks, recovering after each syntax error. It returns the
// tree only when there is no error. cut says that the scanner stopped early
// (an unterminated comment): an error at the end of the file is then not the
// model's and is left out.
func parseAll(filename string, toks []lexer.Token, cut bool) (*File, source.Errors) {
	var errs source.Errors
	balanced := isBalanced(toks)
	last := -1
	for {
		f, err := parser.ParseFromLexer(mustUpgrade(&tokenList{toks: toks}))
		if err == nil {
			if len(errs) > 0 {
				return nil, errs
			}
			return f, nil
		}
		d := depths(toks)
		i := errorToken(err, toks)
		if len(errs) > 0 && toks[i].Pos.Offset <= last {
			return nil, errs
		}
		if cut && toks[i].EOF() {
			return nil, errs
		}
		e, stop := explain(filename, err, toks, d, i)
		errs = append(errs, e)
		if stop || !balanced || toks[i].EOF() || len(errs) >= maxErrors {
			return nil, errs
		}
		last = toks[i].Pos.Offset
		next, ok := skipStatement(toks, d, i)
		if !ok {
			return nil, errs
		}
		toks = next
	}
}

// errorToken returns the index in toks of the token a participle error is
// reported at (the EOF token when it cannot be found).
func errorToken(err error, toks []lexer.Token) int {
	offset := -1
	var ute *participle.UnexpectedTokenError
	var pe participle.Error
	switch {
	case errors.As(err, &ute):
		for k, t := range toks {
			if t.Pos.Offset == ute.Unexpected.Pos.Offset && t.Type == ute.Unexpected.Type && t.Value == ute.Unexpected.Value {
				return k
			}
		}
		offset = ute.Unexpected.Pos.Offset
	case errors.As(err, &pe):
		offset = pe.Position().Offset
	}
	if offset >= 0 {
		for k, t := range toks {
			if t.Pos.Offset >= offset && t.Type != tokTerm {
				return k
			}
		}
	}
	return len(toks) - 1
}

// depths returns, for each token, the number of braces open before it. A
// closing brace that closes nothing leaves the depth at 0.
func depths(toks []lexer.Token) []int {
	d := make([]int, len(toks))
	depth := 0
	for k, t := range toks {
		d[k] = depth
		switch {
		case isPunct(t, "{"):
			depth++
		case isPunct(t, "}") && depth > 0:
			depth--
		}
	}
	return d
}

// isBalanced reports whether every brace of toks is closed and every closing
// brace closes one.
func isBalanced(toks []lexer.Token) bool {
	depth := 0
	for _, t := range toks {
		switch {
		case isPunct(t, "{"):
			depth++
		case isPunct(t, "}"):
			if depth == 0 {
				return false
			}
			depth--
		}
	}
	return depth == 0
}

// openBrace returns the innermost brace still open before toks[i].
func openBrace(toks []lexer.Token, i int) (lexer.Token, bool) {
	var stack []lexer.Token
	for _, t := range toks[:i] {
		switch {
		case isPunct(t, "{"):
			stack = append(stack, t)
		case isPunct(t, "}") && len(stack) > 0:
			stack = stack[:len(stack)-1]
		}
	}
	if len(stack) == 0 {
		return lexer.Token{}, false
	}
	return stack[len(stack)-1], true
}

// misindented returns the first "{" before toks[i] whose matching "}" starts
// a line left of the line the "{" is on: when a "}" is missing, the one
// written for an outer block closes an inner one, and the indentation shows
// which "{" lacks its own.
func misindented(toks []lexer.Token, i int) (lexer.Token, bool) {
	indent := map[int]int{}
	for _, t := range toks {
		if t.Type == tokTerm || t.EOF() {
			continue
		}
		if _, ok := indent[t.Pos.Line]; !ok {
			indent[t.Pos.Line] = t.Pos.Column
		}
	}
	var stack []lexer.Token
	for _, t := range toks[:i] {
		switch {
		case isPunct(t, "{"):
			stack = append(stack, t)
		case isPunct(t, "}") && len(stack) > 0:
			open := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if indent[t.Pos.Line] == t.Pos.Column && t.Pos.Column < indent[open.Pos.Line] {
				return open, true
			}
		}
	}
	return lexer.Token{}, false
}

// unclosed describes the "{" that lacks its "}" when the parser meets
// toks[i] (a declaration or the end of the file) inside a block.
func unclosed(toks []lexer.Token, i int) (string, bool) {
	open, ok := openBrace(toks, i)
	if !ok {
		return "", false
	}
	if m, ok := misindented(toks, i); ok && m.Pos.Offset != open.Pos.Offset {
		return fmt.Sprintf(`(the "{" at %d:%d looks unclosed)`, m.Pos.Line, m.Pos.Column), true
	}
	return fmt.Sprintf(`to close "{" at %d:%d`, open.Pos.Line, open.Pos.Column), true
}

func isPunct(t lexer.Token, value string) bool { return t.Type == tokPunct && t.Value == value }

// stmtStart returns the index of the first token of the statement or
// declaration that toks[i] belongs to, at brace depth d[i]: the token after
// the previous terminator at that depth or after the enclosing "{" (a "{" at
// the same depth opens a block of the same statement).
func stmtStart(toks []lexer.Token, d []int, i int) int {
	depth := d[i]
	start := i
	for start > 0 {
		p := toks[start-1]
		if d[start-1] < depth || d[start-1] == depth && p.Type == tokTerm {
			break
		}
		start--
	}
	return start
}

// stmtEnd returns the index just past the statement or declaration that
// toks[i] belongs to: the next terminator at depth d[i], the "}" closing the
// enclosing block, or the end of the file.
func stmtEnd(toks []lexer.Token, d []int, i int) int {
	depth := d[i]
	if depth > 0 && isPunct(toks[i], "}") {
		return i
	}
	end := i
	for end < len(toks) && !toks[end].EOF() {
		t := toks[end]
		if d[end] < depth || d[end] == depth && (t.Type == tokTerm || depth > 0 && isPunct(t, "}")) {
			break
		}
		end++
	}
	return end
}

// skipStatement returns toks with the statement or declaration holding
// toks[i] replaced by `skip` inside a block, or removed at the top level, and
// false when there is nothing to skip.
func skipStatement(toks []lexer.Token, d []int, i int) ([]lexer.Token, bool) {
	start, end := stmtStart(toks, d, i), stmtEnd(toks, d, i)
	if start >= end {
		return nil, false
	}
	out := make([]lexer.Token, 0, len(toks))
	out = append(out, toks[:start]...)
	if d[i] > 0 {
		out = append(out, lexer.Token{Type: tokIdent, Value: "skip", Pos: toks[start].Pos})
		return append(out, toks[end:]...), true
	}
	// At the top level, drop the declaration with one terminator next to it.
	switch {
	case toks[end].Type == tokTerm:
		end++
	case len(out) > 0 && out[len(out)-1].Type == tokTerm:
		out = out[:len(out)-1]
	}
	return append(out, toks[end:]...), true
}
