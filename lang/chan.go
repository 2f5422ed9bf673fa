package lang

import (
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/syntax"
)

// Channels. A send `c <- e` or `c <- (e1, e2)` is an OpSend whose Values
// match the channel's element types one for one; a receive `x = <-c`,
// `(a, b) = <-c` or `<-c` is an OpRecv whose Targets are assignable
// locations of those types (none for `<-c`). A select is one OpSelect whose
// cases are these communications in source order, each continuing at its
// body, and whose default, if any, continues at the default's body.

// comm is a lowered communication: a send's values or a receive's targets
// on a channel.
type comm struct {
	send    bool
	ch      *ir.SyncRef
	values  []*ir.Expr
	targets []*ir.Ref
}

// chanName builds the channel expression `Name[Index]...` of a statement.
func chanName(s *syntax.Simple) *syntax.Expr {
	x := &syntax.Expr{Pos: s.Pos, Kind: syntax.Ident, Name: s.Name, NamePos: s.Pos, Text: s.Name}
	if len(s.Index) > 0 {
		x = &syntax.Expr{Pos: s.Pos, Kind: syntax.Index, X: x, Args: s.Index, Text: s.Name}
	}
	return x
}

// sendComm lowers `c <- e` or `c <- (e1, e2)`.
func (g *gen) sendComm(s *syntax.Simple, sc *scope) (comm, bool) {
	ch, _, ok := g.sync(chanName(s), sc, symChan)
	values := s.Tuple
	if s.Value != nil {
		values = []*syntax.Expr{s.Value}
	}
	out := comm{send: true, ch: ch}
	var elem []ir.Type
	if ok {
		elem = g.c.prog.Chans[ch.Obj].Elem
		if len(values) != len(elem) {
			g.c.errorf(pos(s.Pos), "wrong number of values sent on %s: got %d, want %d", s.Name, len(values), len(elem))
			ok = false
		}
	}
	for i, x := range values {
		v := g.c.scalar(x, g.c.expr(x, sc))
		if !v.ok() {
			ok = false
			continue
		}
		if !ok {
			continue
		}
		t := irTyp(elem[i])
		switch {
		case v.t.bool != t.bool:
			g.c.errorf(pos(x.Pos), "cannot send %s as %s component %d of %s", v.t, t, i+1, s.Name)
			ok = false
		case v.konst && !t.bool && (v.val < t.lo || v.val > t.hi):
			g.c.errorf(pos(x.Pos), "value %d is out of range %d..%d of channel %s", v.val, t.lo, t.hi, s.Name)
			ok = false
		}
		out.values = append(out.values, v.e)
	}
	return out, ok
}

// recvComm lowers a receive from channel x into targets (none: the message
// is discarded).
func (g *gen) recvComm(x *syntax.Expr, targets []*syntax.Expr, sc *scope) (comm, bool) {
	if x.Kind == syntax.Unary && x.Op == "<-" {
		g.c.errorf(pos(x.Pos), "%s is not a channel", x.Text)
		return comm{}, false
	}
	ch, _, ok := g.sync(x, sc, symChan)
	out := comm{ch: ch}
	var elem []ir.Type
	if ok {
		elem = g.c.prog.Chans[ch.Obj].Elem
		if len(targets) > 0 && len(targets) != len(elem) {
			g.c.errorf(pos(x.Pos), "wrong number of targets receiving from %s: got %d, want %d", x.Text, len(targets), len(elem))
			ok = false
		}
	}
	for i, tx := range targets {
		ref, t, rok := g.ref(tx, sc)
		if !rok {
			ok = false
			continue
		}
		if ok && irTyp(elem[i]).bool != t.bool {
			g.c.errorf(pos(tx.Pos), "cannot receive %s component %d of %s into %s variable %s", irTyp(elem[i]), i+1, x.Text, t, tx.Text)
			ok = false
		}
		out.targets = append(out.targets, ref)
	}
	return out, ok
}

// commStep appends a communication as an OpSend or OpRecv step.
func (g *gen) commStep(cm comm, ok bool, s syntax.Expr, text string) {
	in := &ir.Instr{Op: ir.OpRecv, Pos: pos(s.Pos), Text: text, Chan: cm.ch, Targets: cm.targets}
	if cm.send {
		in = &ir.Instr{Op: ir.OpSend, Pos: pos(s.Pos), Text: text, Chan: cm.ch, Values: cm.values}
	}
	if !ok {
		in.Chan = &ir.SyncRef{}
	}
	g.step(in, mayBlock)
}

// sendStmt lowers `c <- e`.
func (g *gen) sendStmt(s *syntax.Simple, text string, sc *scope) {
	cm, ok := g.sendComm(s, sc)
	g.commStep(cm, ok, syntax.Expr{Pos: s.Pos}, text)
}

// recvAssign lowers `x = <-c` and `a[i] = <-c`.
func (g *gen) recvAssign(s *syntax.Simple, text string, sc *scope) {
	cm, ok := g.recvComm(s.Value.X, []*syntax.Expr{chanName(s)}, sc)
	g.commStep(cm, ok, syntax.Expr{Pos: s.Pos}, text)
}

// recvStmt lowers `<-c` and `(a, b) = <-c`.
func (g *gen) recvStmt(r *syntax.Recv, sc *scope) {
	cm, ok := g.recvComm(r.Chan, r.Targets, sc)
	g.commStep(cm, ok, syntax.Expr{Pos: r.Pos}, syntax.TokenText(r.Tokens))
}

// isRecv reports whether an assignment's right-hand side is a receive.
func isRecv(s *syntax.Simple) bool {
	return s.Value != nil && s.Value.Kind == syntax.Unary && s.Value.Op == "<-"
}

// selectStmt lowers a select: one OpSelect step, then each case's body
// followed by a jump past the select.
func (g *gen) selectStmt(s *syntax.Select, sc *scope) {
	p := pos(s.Pos)
	in := &ir.Instr{Op: ir.OpSelect, Pos: p, Text: "select", Default: -1}
	var cases []*syntax.Case
	var def *syntax.Case
	for _, cs := range s.Cases {
		if !cs.Default {
			cases = append(cases, cs)
			continue
		}
		if def != nil {
			g.c.errorf(pos(cs.Pos), "select has more than one default")
		}
		def = cs
	}
	if len(cases) == 0 {
		g.c.errorf(p, "select has no case")
		return
	}
	for _, cs := range cases {
		var cm comm
		ok := false
		switch {
		case cs.Recv != nil:
			cm, ok = g.recvComm(cs.Recv.Chan, cs.Recv.Targets, sc)
		case cs.Comm.Call:
			g.c.errorf(pos(cs.Comm.Pos), "select case must be a send or a receive")
		case cs.Comm.AssignOp() == "<-":
			cm, ok = g.sendComm(cs.Comm, sc)
		case cs.Comm.AssignOp() == "=" && isRecv(cs.Comm):
			cm, ok = g.recvComm(cs.Comm.Value.X, []*syntax.Expr{chanName(cs.Comm)}, sc)
		default:
			g.c.errorf(pos(cs.Comm.Pos), "select case must be a send or a receive")
		}
		if !ok {
			cm.ch = &ir.SyncRef{}
		}
		in.Cases = append(in.Cases, &ir.Case{Send: cm.send, Chan: cm.ch, Values: cm.values, Targets: cm.targets, Pos: pos(cs.Pos), Text: caseText(cs)})
	}
	sel := g.step(in, mayBlock)
	var ends []int
	body := func(cs *syntax.Case) int {
		start := len(g.nodes)
		g.block(&syntax.Block{Pos: cs.Pos, Stmts: cs.Body}, sc)
		ends = append(ends, g.jump(-1))
		return start
	}
	n := g.nodes[sel]
	n.def = -1
	for _, cs := range cases {
		n.cases = append(n.cases, body(cs))
	}
	if def != nil {
		n.def = body(def)
	}
	g.patch(ends, len(g.nodes))
}

// caseText is a select case's communication as written.
func caseText(cs *syntax.Case) string {
	toks := cs.Tokens
	for i, t := range toks {
		if t.Value == ":" {
			toks = toks[:i]
			break
		}
	}
	if len(toks) > 0 && toks[0].Value == "case" {
		toks = toks[1:]
	}
	return syntax.TokenText(toks)
}

// chanLen lowers len(c): the number of messages in channel c.
func (c *compiler) chanLen(x *syntax.Expr, sc *scope) value {
	p := pos(x.Pos)
	if len(x.Args) != 1 {
		c.errorf(p, "wrong number of arguments to len: got %d, want 1", len(x.Args))
		return value{}
	}
	a := x.Args[0]
	base := a
	if a.Kind == syntax.Index {
		base = a.X
	}
	var sym *symbol
	if base.Kind == syntax.Ident {
		sym = sc.lookup(base.Name)
	}
	if sym == nil || sym.kind != symChan {
		if base.Kind == syntax.Ident && sym == nil {
			c.errorf(pos(a.Pos), "%s", c.undefinedIn(sc, base.Name))
		} else {
			c.errorf(pos(a.Pos), "len of %s, which is not a channel", a.Text)
		}
		return value{}
	}
	ch := c.prog.Chans[sym.obj]
	e := &ir.Expr{Op: ir.OpLen, Var: sym.obj, Pos: p}
	switch {
	case a.Kind == syntax.Index && ch.Dims == nil:
		c.errorf(pos(a.Pos), "cannot index %s: not an array", base.Name)
		return value{}
	case a.Kind == syntax.Index:
		idx, ok := c.indices(a, base.Name, ch.Dims, sc)
		if !ok {
			return value{}
		}
		e.Index = idx
	case ch.Dims != nil:
		c.errorf(pos(a.Pos), "channel array %s needs an index", base.Name)
		return value{}
	}
	return value{e: e, t: typ{lo: 0, hi: int64(ch.Cap)}}
}
