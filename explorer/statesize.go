package explorer

import (
	"fmt"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// MaxStateBytes is the largest state the engine runs: a model whose state
// layout needs more is refused before anything is allocated. A state is
// stored once per reachable state, so even a few thousand states of this size
// fill a machine; real models need a few hundred bytes.
const MaxStateBytes = 1 << 16

// stateTooLarge is the error for a layout of size bytes past MaxStateBytes:
// positioned at the declaration that takes the most bytes, which is the one
// to shrink.
func stateTooLarge(p *ir.Program, l *layout, size int) error {
	pos, what, bytes := largestPart(p, l)
	msg := fmt.Sprintf("the state of this model is %s bytes; at most %s bytes", commas(size), commas(MaxStateBytes))
	if what != "" {
		msg += fmt.Sprintf(": %s takes %s bytes", what, commas(bytes))
	}
	if !pos.IsValid() {
		return fmt.Errorf("%s", msg)
	}
	return source.Errors{{Pos: pos, Msg: msg}}
}

// largestPart is the declaration of l that takes the most bytes of a state:
// its position, a description ("var big") and its size.
func largestPart(p *ir.Program, l *layout) (source.Pos, string, int) {
	var pos source.Pos
	what, most := "", 0
	consider := func(at source.Pos, desc string, n int) {
		if n > most {
			pos, what, most = at, desc, n
		}
	}
	for _, sl := range l.vars {
		consider(sl.v.Pos, "var "+sl.v.Name, sl.width*sl.n)
	}
	perChan := map[int]int{}
	for _, ce := range l.chanElems {
		if ce.c.Cap > 0 {
			perChan[ce.decl] += ce.lenWidth + ce.c.Cap*ce.msgWidth
		}
	}
	for i, c := range p.Chans {
		consider(c.Pos, "chan "+c.Name, perChan[i])
	}
	return pos, what, most
}

// commas writes n with a comma between groups of three digits: 4,000,012.
func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
