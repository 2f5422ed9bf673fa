package lsp

import (
	"strings"

	"github.com/interleave/interleave/lang/syntax"
)

// span is a name in the source: 1-based line, 1-based byte column, length in
// bytes.
type span struct{ line, col, n int }

func (s span) contains(line, col int) bool {
	return s.line == line && s.col <= col && col <= s.col+s.n
}

// symbol is a declared name with what the editor shows of it.
type symbol struct {
	name string // as written at its declaration (the part after "M.")
	kind string // "var", "const", "process", ...
	// detail is the declaration in one line: "var turn: 0..1".
	detail string
	decl   span
	refs   []span
	// children are a process's, procedure's or monitor's own declarations.
	children []*symbol
	// doc is extra text for hover: a process's phases.
	doc string
}

// index is what the editor knows of a model's names: every declaration and
// every use resolved to it. It is built from the syntax tree alone, so that
// it is there for a model with type errors too.
type index struct {
	src  []byte
	top  []*symbol
	uses []use
}

// use is a name in the source and the symbol it resolves to (the
// declaration itself included).
type use struct {
	at  span
	sym *symbol
}

type scope struct {
	parent *scope
	names  map[string]*symbol
}

func (s *scope) lookup(name string) *symbol {
	for ; s != nil; s = s.parent {
		if sym, ok := s.names[name]; ok {
			return sym
		}
	}
	return nil
}

// buildIndex resolves the names of f, whose text is src.
func buildIndex(f *syntax.File, src []byte) *index {
	ix := &index{src: src}
	global := &scope{names: map[string]*symbol{}}
	// Declarations first: a check or a process may name anything declared at
	// top level, wherever it is.
	for _, d := range f.Decls {
		ix.declareTop(global, d)
	}
	for _, d := range f.Decls {
		ix.resolveTop(global, d)
	}
	return ix
}

// offsetOf is the byte offset of a 1-based line and column.
func offsetOf(src []byte, line, col int) int {
	off := 0
	for l := 1; l < line && off < len(src); off++ {
		if src[off] == '\n' {
			l++
		}
	}
	return off + col - 1
}

// find locates name as a whole word at or after the position line:col.
func (ix *index) find(line, col int, name string) span {
	off := offsetOf(ix.src, line, col)
	for off >= 0 && off < len(ix.src) {
		i := strings.Index(string(ix.src[off:]), name)
		if i < 0 {
			break
		}
		at := off + i
		before := at == 0 || !isWord(ix.src[at-1])
		after := at+len(name) >= len(ix.src) || !isWord(ix.src[at+len(name)])
		if before && after {
			return spanAt(ix.src, at, len(name))
		}
		off = at + 1
	}
	return span{line: line, col: col, n: len(name)}
}

func spanAt(src []byte, off, n int) span {
	line, start := 1, 0
	for i := 0; i < off; i++ {
		if src[i] == '\n' {
			line++
			start = i + 1
		}
	}
	return span{line: line, col: off - start + 1, n: n}
}

func isWord(c byte) bool {
	return c == '_' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func (ix *index) declare(sc *scope, name, kind, detail string, at span) *symbol {
	sym := &symbol{name: name, kind: kind, detail: detail, decl: at}
	if sc != nil {
		sc.names[name] = sym
	}
	ix.uses = append(ix.uses, use{at: at, sym: sym})
	return sym
}

func typeText(t *syntax.Type) string {
	var b strings.Builder
	for _, d := range t.Dims {
		b.WriteString("[" + d.Text + "]")
	}
	if t.Basic != "" {
		b.WriteString(t.Basic)
	} else if t.Lo != nil && t.Hi != nil {
		b.WriteString(t.Lo.Text + ".." + t.Hi.Text)
	}
	return b.String()
}

func indexedText(n *syntax.Indexed) string {
	var b strings.Builder
	b.WriteString(n.Name)
	for _, d := range n.Dims {
		b.WriteString("[" + d.Text + "]")
	}
	return b.String()
}

func params(ps []*syntax.Param) string {
	var parts []string
	for _, p := range ps {
		parts = append(parts, p.Name+": "+typeText(p.Type))
	}
	return strings.Join(parts, ", ")
}

func (ix *index) declareVars(sc *scope, v *syntax.Var, prefix string) []*symbol {
	var out []*symbol
	for _, n := range v.Names {
		detail := "var " + n.Name + ": " + typeText(v.Type)
		if v.Init != nil {
			detail += " = " + v.Init.Text
		}
		sym := ix.declare(sc, n.Name, "var", detail, span{n.Pos.Line, n.Pos.Column, len(n.Name)})
		out = append(out, sym)
	}
	return out
}

func (ix *index) declareTop(sc *scope, d *syntax.Decl) {
	switch {
	case d.Const != nil:
		c := d.Const
		sym := ix.declare(sc, c.Name, "const", "const "+c.Name+" = "+c.Value.Text, ix.find(c.Pos.Line, c.Pos.Column+len("const"), c.Name))
		ix.top = append(ix.top, sym)
	case d.Var != nil:
		ix.top = append(ix.top, ix.declareVars(sc, d.Var, "")...)
	case d.Sem != nil:
		for _, n := range d.Sem.Names {
			detail := "sem " + indexedText(n) + " = " + d.Sem.Init.Text
			if d.Sem.Kind != "" {
				detail += " " + d.Sem.Kind
			}
			ix.top = append(ix.top, ix.declare(sc, n.Name, "sem", detail, span{n.Pos.Line, n.Pos.Column, len(n.Name)}))
		}
	case d.Mutex != nil:
		for _, n := range d.Mutex.Names {
			ix.top = append(ix.top, ix.declare(sc, n.Name, "mutex", "mutex "+indexedText(n), span{n.Pos.Line, n.Pos.Column, len(n.Name)}))
		}
	case d.Cond != nil:
		for _, n := range d.Cond.Names {
			ix.top = append(ix.top, ix.declare(sc, n.Name, "cond", "cond "+indexedText(n), span{n.Pos.Line, n.Pos.Column, len(n.Name)}))
		}
	case d.Chan != nil:
		var elems []string
		for _, t := range d.Chan.Elem {
			elems = append(elems, typeText(t))
		}
		elem := strings.Join(elems, ", ")
		if len(elems) > 1 {
			elem = "(" + elem + ")"
		}
		for _, n := range d.Chan.Names {
			ix.top = append(ix.top, ix.declare(sc, n.Name, "chan", "chan "+indexedText(n)+": "+elem, span{n.Pos.Line, n.Pos.Column, len(n.Name)}))
		}
	case d.Monitor != nil:
		m := d.Monitor
		msym := ix.declare(sc, m.Name.Name, "monitor", "monitor "+m.Name.Name, span{m.Name.Pos.Line, m.Name.Pos.Column, len(m.Name.Name)})
		ix.top = append(ix.top, msym)
		for _, it := range m.Items {
			switch {
			case it.Var != nil:
				for _, v := range ix.declareVars(nil, it.Var, m.Name.Name) {
					sc.names[m.Name.Name+"."+v.name] = v
					msym.children = append(msym.children, v)
				}
			case it.Cond != nil:
				for _, n := range it.Cond.Names {
					c := ix.declare(nil, n.Name, "cond", "cond "+indexedText(n), span{n.Pos.Line, n.Pos.Column, len(n.Name)})
					sc.names[m.Name.Name+"."+n.Name] = c
					msym.children = append(msym.children, c)
				}
			case it.Proc != nil:
				p := it.Proc
				s := ix.declare(nil, p.Name, "proc", "proc "+m.Name.Name+"."+p.Name+"("+params(p.Params)+")", ix.find(p.Pos.Line, p.Pos.Column+len("proc"), p.Name))
				sc.names[m.Name.Name+"."+p.Name] = s
				msym.children = append(msym.children, s)
			}
		}
	case d.Proc != nil:
		p := d.Proc
		ix.top = append(ix.top, ix.declare(sc, p.Name, "proc", "proc "+p.Name+"("+params(p.Params)+")", ix.find(p.Pos.Line, p.Pos.Column+len("proc"), p.Name)))
	case d.Extern != nil:
		p := d.Extern
		ix.top = append(ix.top, ix.declare(sc, p.Name, "proc", "extern proc "+p.Name+"("+params(p.Params)+")", ix.find(p.Pos.Line, p.Pos.Column, p.Name)))
	case d.Process != nil:
		p := d.Process
		detail := "process " + p.Name
		if p.Daemon {
			detail = "daemon " + detail
		}
		if p.Index != nil {
			detail += "[" + p.Index.Name + " in " + p.Lo.Text + ".." + p.Hi.Text + "]"
		}
		sym := ix.declare(sc, p.Name, "process", detail, ix.find(p.Pos.Line, p.Pos.Column, p.Name))
		sym.doc = phases(p.Body)
		ix.top = append(ix.top, sym)
	}
}

// phases describes the phases of a process body for hover.
func phases(b *syntax.Block) string {
	seen := map[string]bool{}
	var walk func(ss []*syntax.Stmt)
	walk = func(ss []*syntax.Stmt) {
		for _, s := range ss {
			switch {
			case s.Word != nil && s.Word.Word == "noncritical":
				seen["noncritical"] = true
			case s.Block != nil:
				seen[s.Block.Kind] = true
				walk(s.Block.Body.Stmts)
			case s.Section != nil:
				walk(s.Section.Body.Stmts)
			case s.If != nil:
				for i := s.If; i != nil; i = i.ElseIf {
					walk(i.Then.Stmts)
					if i.Else != nil {
						walk(i.Else.Stmts)
					}
				}
			case s.While != nil:
				walk(s.While.Body.Stmts)
			case s.Loop != nil:
				walk(s.Loop.Body.Stmts)
			case s.For != nil:
				walk(s.For.Body.Stmts)
			case s.Either != nil:
				for _, a := range s.Either.Alts {
					walk(a.Stmts)
				}
			}
		}
	}
	walk(b.Stmts)
	if !seen["critical"] {
		return "No `critical` block: the process has no phases for mutex, progress and starvation."
	}
	trying := "trying (from leaving `noncritical` to entering `critical`)"
	if seen["doorway"] {
		trying = "doorway, then waiting (the rest of trying, for bounded_waiting)"
	}
	out := "Phases: "
	if seen["noncritical"] {
		out += "noncritical → "
	}
	return out + trying + " → critical → exit (after `critical`, back to the top)."
}

func (ix *index) resolveTop(sc *scope, d *syntax.Decl) {
	switch {
	case d.Const != nil:
		ix.expr(sc, d.Const.Value)
	case d.Var != nil:
		ix.varExprs(sc, d.Var)
	case d.Sem != nil:
		for _, n := range d.Sem.Names {
			ix.exprs(sc, n.Dims)
		}
		ix.expr(sc, d.Sem.Init)
	case d.Monitor != nil:
		m := d.Monitor
		inner := &scope{parent: sc, names: map[string]*symbol{}}
		for _, it := range m.Items {
			switch {
			case it.Var != nil:
				for _, n := range it.Var.Names {
					inner.names[n.Name] = sc.names[m.Name.Name+"."+n.Name]
				}
			case it.Cond != nil:
				for _, n := range it.Cond.Names {
					inner.names[n.Name] = sc.names[m.Name.Name+"."+n.Name]
				}
			case it.Proc != nil:
				inner.names[it.Proc.Name] = sc.names[m.Name.Name+"."+it.Proc.Name]
			}
		}
		for _, it := range m.Items {
			switch {
			case it.Var != nil:
				ix.varExprs(inner, it.Var)
			case it.Proc != nil:
				ix.proc(inner, it.Proc, inner.names[it.Proc.Name])
			}
		}
	case d.Proc != nil:
		ix.proc(sc, d.Proc, sc.names[d.Proc.Name])
	case d.Process != nil:
		p := d.Process
		psym := sc.lookup(p.Name)
		inner := &scope{parent: sc, names: map[string]*symbol{}}
		if p.Index != nil {
			ix.expr(sc, p.Lo)
			ix.expr(sc, p.Hi)
			i := ix.declare(inner, p.Index.Name, "index", "index "+p.Index.Name+" in "+p.Lo.Text+".."+p.Hi.Text+" of process "+p.Name, span{p.Index.Pos.Line, p.Index.Pos.Column, len(p.Index.Name)})
			psym.children = append(psym.children, i)
		}
		ix.block(inner, p.Body, psym)
	case d.Check != nil:
		c := d.Check
		ix.expr(sc, c.Invariant)
		if c.LeadsTo != nil {
			ix.expr(sc, c.LeadsTo.From)
			ix.expr(sc, c.LeadsTo.To)
		}
	}
}

func (ix *index) proc(sc *scope, p *syntax.Proc, psym *symbol) {
	inner := &scope{parent: sc, names: map[string]*symbol{}}
	for _, pa := range p.Params {
		ix.exprs(sc, pa.Type.Dims)
		s := ix.declare(inner, pa.Name, "param", "param "+pa.Name+": "+typeText(pa.Type), ix.find(pa.Pos.Line, pa.Pos.Column, pa.Name))
		if psym != nil {
			psym.children = append(psym.children, s)
		}
	}
	ix.block(inner, p.Body, psym)
}

func (ix *index) varExprs(sc *scope, v *syntax.Var) {
	ix.exprs(sc, v.Type.Dims)
	ix.expr(sc, v.Type.Lo)
	ix.expr(sc, v.Type.Hi)
	ix.expr(sc, v.Init)
}

func (ix *index) exprs(sc *scope, xs []*syntax.Expr) {
	for _, x := range xs {
		ix.expr(sc, x)
	}
}

// ref records a use of name at line:col, the part after a "M." being the
// name's own text.
func (ix *index) ref(sc *scope, name string, line, col int) {
	sym := sc.lookup(name)
	if sym == nil {
		return
	}
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		col += i + 1
	}
	at := span{line, col, len(sym.name)}
	sym.refs = append(sym.refs, at)
	ix.uses = append(ix.uses, use{at: at, sym: sym})
}

func (ix *index) expr(sc *scope, x *syntax.Expr) {
	if x == nil {
		return
	}
	switch x.Kind {
	case syntax.Ident:
		p := x.NamePos
		if p.Line == 0 {
			p = x.Pos
		}
		ix.ref(sc, x.Name, p.Line, p.Column)
	case syntax.Call:
		ix.ref(sc, x.Name, x.NamePos.Line, x.NamePos.Column)
		ix.exprs(sc, x.Args)
	case syntax.Quant:
		ix.expr(sc, x.Lo)
		ix.expr(sc, x.Hi)
		inner := &scope{parent: sc, names: map[string]*symbol{}}
		ix.declare(inner, x.Name, "index", x.Op+" "+x.Name+" in "+x.Lo.Text+".."+x.Hi.Text, span{x.NamePos.Line, x.NamePos.Column, len(x.Name)})
		ix.expr(inner, x.X)
	default:
		ix.expr(sc, x.X)
		ix.expr(sc, x.Y)
		ix.expr(sc, x.Lo)
		ix.expr(sc, x.Hi)
		ix.exprs(sc, x.Args)
	}
}

func (ix *index) block(sc *scope, b *syntax.Block, owner *symbol) {
	if b == nil {
		return
	}
	inner := &scope{parent: sc, names: map[string]*symbol{}}
	ix.stmts(inner, b.Stmts, owner)
}

func (ix *index) stmts(sc *scope, ss []*syntax.Stmt, owner *symbol) {
	for _, s := range ss {
		ix.stmt(sc, s, owner)
	}
}

func (ix *index) stmt(sc *scope, s *syntax.Stmt, owner *symbol) {
	switch {
	case s.If != nil:
		for i := s.If; i != nil; i = i.ElseIf {
			ix.expr(sc, i.Cond)
			ix.block(sc, i.Then, owner)
			ix.block(sc, i.Else, owner)
		}
	case s.While != nil:
		ix.expr(sc, s.While.Cond)
		ix.block(sc, s.While.Body, owner)
	case s.Loop != nil:
		ix.block(sc, s.Loop.Body, owner)
	case s.For != nil:
		f := s.For
		ix.expr(sc, f.Lo)
		ix.expr(sc, f.Hi)
		inner := &scope{parent: sc, names: map[string]*symbol{}}
		ix.declare(inner, f.Var.Name, "index", "for "+f.Var.Name+" in "+f.Lo.Text+".."+f.Hi.Text, span{f.Var.Pos.Line, f.Var.Pos.Column, len(f.Var.Name)})
		ix.block(inner, f.Body, owner)
	case s.Either != nil:
		for _, a := range s.Either.Alts {
			ix.block(sc, a, owner)
		}
	case s.Block != nil:
		ix.block(sc, s.Block.Body, owner)
	case s.Section != nil:
		ix.block(sc, s.Section.Body, owner)
	case s.Assert != nil:
		ix.expr(sc, s.Assert.Cond)
	case s.Await != nil:
		ix.expr(sc, s.Await.Cond)
	case s.Var != nil:
		ix.varExprs(sc, s.Var)
		vs := ix.declareVars(sc, s.Var, "")
		if owner != nil {
			owner.children = append(owner.children, vs...)
		}
	case s.Select != nil:
		for _, c := range s.Select.Cases {
			if c.Recv != nil {
				ix.recv(sc, c.Recv)
			}
			if c.Comm != nil {
				ix.simple(sc, c.Comm)
			}
			ix.stmts(sc, c.Body, owner)
		}
	case s.Recv != nil:
		ix.recv(sc, s.Recv)
	case s.Simple != nil:
		ix.simple(sc, s.Simple)
	}
}

func (ix *index) recv(sc *scope, r *syntax.Recv) {
	ix.exprs(sc, r.Targets)
	ix.expr(sc, r.Chan)
}

func (ix *index) simple(sc *scope, s *syntax.Simple) {
	ix.ref(sc, s.Name, s.Pos.Line, s.Pos.Column)
	for _, a := range s.Args {
		ix.expr(sc, a.Value)
	}
	ix.exprs(sc, s.Index)
	ix.exprs(sc, s.Tuple)
	ix.expr(sc, s.Value)
}

// at returns the symbol whose declaration or use covers line:col.
func (ix *index) at(line, col int) (*symbol, span, bool) {
	for _, u := range ix.uses {
		if u.at.contains(line, col) {
			return u.sym, u.at, true
		}
	}
	return nil, span{}, false
}

// occurrences lists a symbol's declaration and uses.
func (ix *index) occurrences(sym *symbol) []span {
	return append([]span{sym.decl}, sym.refs...)
}
