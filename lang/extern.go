package lang

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// assignment is what the compiler knows of a harness's extern procedures
// (LANGUAGE.md section 8): the declarations, and whether a solution defines
// them or they stand for procedures that do nothing (CompileHarness).
type assignment struct {
	externs []*syntax.Extern
	// solution names the solution's file; "" when there is none.
	solution string
	// stubbed marks a harness compiled alone, each extern a procedure that
	// does nothing.
	stubbed bool
	// errs are the declarations of the solution that were left out, each an
	// error reported with the others of the compilation.
	errs source.Errors
}

// assemble parses the harness and, with opts.With, the solution, and joins
// them into one file: the harness's declarations, then the solution's. What a
// solution may not declare — a process, a check, fairness, an extern, a name
// of the harness — is left out, with an error pointing into the solution
// (assignment.errs). With stubs, each extern becomes a procedure that does
// nothing. The error is for files that do not parse.
func assemble(f File, opts Options, stubs bool) (*syntax.File, *assignment, error) {
	tree, err := syntax.Parse(f.Name, f.Text)
	var errs source.Errors
	if err != nil {
		if !collect(&errs, err) {
			return nil, nil, err
		}
	}
	var sol *syntax.File
	if opts.With != nil {
		sol, err = syntax.Parse(opts.With.Name, opts.With.Text)
		if err != nil && !collect(&errs, err) {
			return nil, nil, err
		}
	}
	if len(errs) > 0 {
		errs.Sort()
		return nil, nil, errs
	}
	a := &assignment{stubbed: stubs}
	out := &syntax.File{Pos: tree.Pos}
	harness := map[string]source.Pos{}
	for _, d := range tree.Decls {
		for _, n := range declNames(d) {
			if _, seen := harness[n.Name]; !seen {
				harness[n.Name] = pos(n.Pos)
			}
		}
		if d.Extern == nil {
			out.Decls = append(out.Decls, d)
			continue
		}
		a.externs = append(a.externs, d.Extern)
		if stubs {
			p := &syntax.Proc{Pos: d.Extern.Pos, Name: d.Extern.Name, Params: d.Extern.Params, Body: &syntax.Block{Pos: d.Extern.Pos}}
			out.Decls = append(out.Decls, &syntax.Decl{Pos: d.Pos, Proc: p})
		}
	}
	if sol == nil {
		return out, a, nil
	}
	a.solution = opts.With.Name
	extern := map[string]bool{}
	for _, e := range a.externs {
		extern[e.Name] = true
	}
	for _, d := range sol.Decls {
		p := pos(d.Pos)
		switch {
		case d.Model != nil:
			continue // the harness names the model
		case d.Process != nil:
			errs.Add(p, "a solution cannot declare a process: process %s belongs in the harness", d.Process.Name)
			continue
		case d.Check != nil:
			errs.Add(p, "a solution cannot declare a check: checks belong in the harness")
			continue
		case d.Fairness != nil:
			errs.Add(p, "a solution cannot set fairness: it belongs in the harness")
			continue
		case d.Memory != nil:
			errs.Add(p, "a solution cannot set the memory model: it belongs in the harness")
			continue
		case d.Extern != nil:
			errs.Add(p, "a solution cannot declare an extern procedure: define proc %s instead", d.Extern.Name)
			continue
		}
		clash := false
		for _, n := range declNames(d) {
			if d.Proc != nil && extern[n.Name] {
				continue
			}
			if at, ok := harness[n.Name]; ok {
				errs.Add(pos(n.Pos), "%s is declared by the harness (%s); a solution cannot redefine it", n.Name, at)
				clash = true
			}
		}
		if !clash {
			out.Decls = append(out.Decls, d)
		}
	}
	a.errs = errs
	return out, a, nil
}

// collect appends the source errors of err to errs; false when err is of
// another kind.
func collect(errs *source.Errors, err error) bool {
	se, ok := err.(source.Errors)
	if ok {
		*errs = append(*errs, se...)
	}
	return ok
}

// declNames are the top-level names a declaration introduces.
func declNames(d *syntax.Decl) []*syntax.Name {
	var out []*syntax.Name
	indexed := func(ns []*syntax.Indexed) {
		for _, n := range ns {
			out = append(out, &syntax.Name{Pos: n.Pos, Name: n.Name})
		}
	}
	switch {
	case d.Const != nil:
		out = append(out, &syntax.Name{Pos: d.Const.Pos, Name: d.Const.Name})
	case d.Var != nil:
		out = append(out, d.Var.Names...)
	case d.Sem != nil:
		indexed(d.Sem.Names)
	case d.Mutex != nil:
		indexed(d.Mutex.Names)
	case d.Cond != nil:
		indexed(d.Cond.Names)
	case d.Chan != nil:
		indexed(d.Chan.Names)
	case d.Monitor != nil:
		out = append(out, d.Monitor.Name)
	case d.Proc != nil:
		out = append(out, &syntax.Name{Pos: d.Proc.Pos, Name: d.Proc.Name})
	case d.Process != nil:
		out = append(out, &syntax.Name{Pos: d.Process.Pos, Name: d.Process.Name})
	case d.Extern != nil:
		out = append(out, &syntax.Name{Pos: d.Extern.Pos, Name: d.Extern.Name})
	}
	return out
}

// matchExterns checks, once the declarations are entered, that the solution
// defines every extern procedure with parameters of the same types, compared
// by value: `i: 0..1` fits `i: 0..N-1` when N is 2.
func (c *compiler) matchExterns() {
	a := c.assignment
	if a == nil {
		return
	}
	c.errs = append(c.errs, a.errs...)
	if a.stubbed {
		return
	}
	for _, e := range a.externs {
		at := pos(e.Pos)
		sym, ok := c.global.names[e.Name]
		switch {
		case a.solution == "":
			c.errorf(at, "extern procedure %s is not defined: check the harness with a solution (--with)", e.Name)
		case !ok || sym.kind != symProc || sym.proc == nil:
			c.errorf(at, "extern procedure %s is not defined by the solution %s", e.Name, a.solution)
		case !c.matchSignature(e, sym.proc):
		default:
			continue
		}
		// The harness's calls are checked against the extern's signature,
		// so that the one error above is not followed by its consequences.
		stub := &syntax.Proc{Pos: e.Pos, Name: e.Name, Params: e.Params, Body: &syntax.Block{Pos: e.Pos}}
		c.global.names[e.Name] = &symbol{kind: symProc, name: e.Name, pos: at, what: "procedure", proc: stub}
	}
}

// matchSignature reports a solution's procedure whose parameters do not match
// its extern declaration, and tells whether they match (a parameter type
// with an error of its own counts as a match: that error is reported).
func (c *compiler) matchSignature(e *syntax.Extern, p *syntax.Proc) bool {
	want := c.paramTypes(e.Params, true)
	got := c.paramTypes(p.Params, false)
	if want == nil || got == nil {
		return true
	}
	if len(want) != len(got) || !sameTypes(want, got) {
		c.errorf(pos(p.Pos), "proc %s(%s) does not match extern proc %s(%s) of the harness (%s)",
			p.Name, signature(p.Params, got), e.Name, signature(e.Params, want), pos(e.Pos))
		return false
	}
	return true
}

// paramTypes evaluates parameter types; nil when one has an error. Errors
// are reported only when report is set: a solution's parameters are checked
// again where the procedure is lowered.
func (c *compiler) paramTypes(ps []*syntax.Param, report bool) []typ {
	n := len(c.errs)
	out := make([]typ, 0, len(ps))
	for _, p := range ps {
		t, ok := c.typeOf(p.Type, c.global)
		if !ok || len(c.errs) > n {
			if !report {
				c.errs = c.errs[:n]
			}
			return nil
		}
		out = append(out, t)
	}
	return out
}

func sameTypes(a, b []typ) bool {
	for i := range a {
		x, y := a[i], b[i]
		if x.bool != y.bool || x.lo != y.lo || x.hi != y.hi || len(x.dims) != len(y.dims) {
			return false
		}
		for k := range x.dims {
			if x.dims[k] != y.dims[k] {
				return false
			}
		}
	}
	return true
}

// signature writes parameters with their evaluated types: "i: 0..1".
func signature(ps []*syntax.Param, ts []typ) string {
	parts := make([]string, len(ps))
	for i, p := range ps {
		parts[i] = p.Name + ": " + typeText(ts[i])
	}
	return strings.Join(parts, ", ")
}

// typeText is a type as written, its bounds evaluated: "[2]bool", "0..1".
func typeText(t typ) string {
	var b strings.Builder
	for _, d := range t.dims {
		b.WriteString("[" + strconv.Itoa(d) + "]")
	}
	switch {
	case t.bool:
		b.WriteString("bool")
	case t.lo == minInt && t.hi == maxInt:
		b.WriteString("int")
	default:
		fmt.Fprintf(&b, "%d..%d", t.lo, t.hi)
	}
	return b.String()
}
