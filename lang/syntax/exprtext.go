package syntax

import (
	"strings"

	"github.com/alecthomas/participle/v2/lexer"
)

// span is the token range [from, to) of one expression node.
type span struct {
	x        *Expr
	from, to lexer.RawCursor
}

// setTexts sets the Text of every node finished since start. The text of the
// whole expression is rendered once, as TokenText renders it, and each node's
// Text is the substring of it that its tokens cover: the strings share one
// backing array, so `1+1+…+1` costs linear rather than quadratic memory. A
// node finished twice (a parenthesised one) keeps its last, widest range.
func (p *exprParser) setTexts(start lexer.RawCursor) {
	if len(p.spans) == 0 {
		return
	}
	end := p.lex.MakeCheckpoint().RawCursor()
	toks := p.lex.Range(start, end)
	n := len(toks)
	// from[k] and to[k] are the byte offsets in text where token k starts
	// and ends; next[k] is the first rendered token at or after k, and
	// prev[k] the last rendered token before k (-1 if none).
	from, to := make([]int, n), make([]int, n)
	next, prev := make([]int, n+1), make([]int, n+1)
	var b strings.Builder
	last := -1
	prev[0] = -1
	for k, t := range toks {
		prev[k+1] = prev[k]
		if t.Type == tokTerm || t.EOF() {
			continue
		}
		if last >= 0 && t.Pos.Offset > last {
			b.WriteByte(' ')
		}
		from[k] = b.Len()
		b.WriteString(t.Value)
		to[k] = b.Len()
		last = t.Pos.Offset + len(t.Value)
		prev[k+1] = k
	}
	next[n] = n
	for k := n - 1; k >= 0; k-- {
		next[k] = next[k+1]
		if t := toks[k]; t.Type != tokTerm && !t.EOF() {
			next[k] = k
		}
	}
	text := b.String()
	for _, s := range p.spans {
		i, j := int(s.from-start), int(s.to-start)
		first, lastTok := next[i], prev[j]
		if first >= j || lastTok < first {
			s.x.Text = ""
			continue
		}
		s.x.Text = text[from[first]:to[lastTok]]
	}
	p.spans = p.spans[:0]
}
