package syntax

import (
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/source"
)

const peterson = `// Peterson's algorithm for two processes (Tanenbaum's form)
model peterson

var turn: 0..1 = 0
var interested: [2]bool            // zero values: false, 0, empty

process P[i in 0..1] {
    loop {
        noncritical
        interested[i] = true
        turn = i
        await !(turn == i && interested[1 - i])
        critical {
            skip
        }
        interested[i] = false
    }
}

check mutex
check deadlock
check progress
check starvation
check bounded_waiting
`

const harness = `// assignment.ilv — mutual exclusion for two processes
model mutex_lab
const N = 2
extern proc enter(i: 0..N-1)        // the student writes these
extern proc leave(i: 0..N-1)
process P[i in 0..N-1] {
    loop {
        noncritical
        enter(i)
        critical { skip }
        leave(i)
    }
}
check mutex points 4
check deadlock points 2
check progress points 2
check starvation points 2
`

const solution = `// solution.ilv
var flag: [2]bool
var turn: 0..1 = 0
proc enter(i: 0..1) { flag[i] = true; turn = i; await !(turn == i && flag[1 - i]) }
proc leave(i: 0..1) { flag[i] = false }
`

func parse(t *testing.T, src string) *File {
	t.Helper()
	f, err := Parse("test.ilv", []byte(src))
	require.NoError(t, err)
	require.NotNil(t, f)
	return f
}

func TestParsePeterson(t *testing.T) {
	f := parse(t, peterson)
	require.Len(t, f.Decls, 9)
	assert.Equal(t, "peterson", f.Decls[0].Model.Name)
	v := f.Decls[1].Var
	require.NotNil(t, v)
	assert.Equal(t, "turn", v.Names[0].Name)
	assert.Equal(t, "0", v.Type.Lo.Value)
	assert.Equal(t, "1", v.Type.Hi.Value)
	assert.Equal(t, "0", v.Init.Value)
	arr := f.Decls[2].Var
	require.Len(t, arr.Type.Dims, 1)
	assert.Equal(t, "bool", arr.Type.Basic)

	p := f.Decls[3].Process
	require.NotNil(t, p)
	assert.Equal(t, "P", p.Name)
	assert.Equal(t, "i", p.Index.Name)
	assert.Equal(t, source.Pos{File: "test.ilv", Line: 7, Col: 1}, Position(p.Pos))
	body := p.Body.Stmts[0].Loop.Body.Stmts
	require.Len(t, body, 6)
	assert.Equal(t, "noncritical", body[0].Word.Word)
	assert.Equal(t, "interested", body[1].Simple.Name)
	assert.Equal(t, "=", body[1].Simple.AssignOp())
	assert.Equal(t, "await !(turn == i && interested[1 - i])", TokenText(body[3].Await.Tokens))
	assert.Equal(t, "!(turn == i && interested[1 - i])", body[3].Await.Cond.Text)
	assert.Equal(t, source.Pos{File: "test.ilv", Line: 12, Col: 9}, Position(body[3].Await.Pos))
	assert.Equal(t, "critical", body[4].Block.Kind)

	var kinds []string
	for _, d := range f.Decls[4:] {
		kinds = append(kinds, d.Check.Kind)
	}
	assert.Equal(t, []string{"mutex", "deadlock", "progress", "starvation", "bounded_waiting"}, kinds)
}

func TestParseAssignment(t *testing.T) {
	h := parse(t, harness)
	require.NotNil(t, h.Decls[2].Extern)
	assert.Equal(t, "enter", h.Decls[2].Extern.Name)
	require.Len(t, h.Decls[2].Extern.Params, 1)
	assert.Equal(t, "i", h.Decls[2].Extern.Params[0].Name)
	assert.Equal(t, "4", h.Decls[5].Check.Points)
	s := parse(t, solution)
	require.Len(t, s.Decls, 4)
	enter := s.Decls[2].Proc
	require.NotNil(t, enter)
	assert.Equal(t, "enter", enter.Name)
	require.Len(t, enter.Params, 1)
	assert.Equal(t, "i", enter.Params[0].Name)
	assert.Len(t, enter.Body.Stmts, 3)
}

func TestParseStatements(t *testing.T) {
	tests := []struct {
		name  string
		stmt  string
		check func(t *testing.T, s *Stmt)
	}{
		{"assign", "a[i][j] = x + 1", func(t *testing.T, s *Stmt) {
			assert.Len(t, s.Simple.Index, 2)
			assert.Equal(t, "x + 1", s.Simple.Value.Text)
		}},
		{"add", "x += 2", func(t *testing.T, s *Stmt) { assert.Equal(t, "+=", s.Simple.AssignOp()) }},
		{"sub", "x -= 2", func(t *testing.T, s *Stmt) { assert.Equal(t, "-=", s.Simple.AssignOp()) }},
		{"incr", "x++", func(t *testing.T, s *Stmt) { assert.Equal(t, "++", s.Simple.AssignOp()) }},
		{"decr", "a[0]--", func(t *testing.T, s *Stmt) { assert.Equal(t, "--", s.Simple.AssignOp()) }},
		{"call", "down(&s)", func(t *testing.T, s *Stmt) {
			assert.True(t, s.Simple.Call)
			require.Len(t, s.Simple.Args, 1)
			assert.True(t, s.Simple.Args[0].Ref)
		}},
		{"call no args", "sleep()", func(t *testing.T, s *Stmt) {
			assert.True(t, s.Simple.Call)
			assert.Empty(t, s.Simple.Args)
		}},
		{"await", "await x == 0", func(t *testing.T, s *Stmt) { assert.Equal(t, "x == 0", s.Await.Cond.Text) }},
		{"if else if else", "if a { skip } else if b { skip } else { skip }", func(t *testing.T, s *Stmt) {
			require.NotNil(t, s.If.ElseIf)
			assert.NotNil(t, s.If.ElseIf.Else)
		}},
		{"else on next line", "if a { skip }\nelse { skip }", func(t *testing.T, s *Stmt) { assert.NotNil(t, s.If.Else) }},
		{"while", "while tsl(lock) { }", func(t *testing.T, s *Stmt) {
			assert.Equal(t, Call, s.While.Cond.Kind)
			assert.Empty(t, s.While.Body.Stmts)
		}},
		{"loop", "loop { skip }", func(t *testing.T, s *Stmt) { assert.Len(t, s.Loop.Body.Stmts, 1) }},
		{"for", "for j in 0..N-1 { skip }", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "j", s.For.Var.Name)
			assert.Equal(t, "N-1", s.For.Hi.Text)
		}},
		{"either", "either { a = 1 }\nor { b = 1 } or { skip }", func(t *testing.T, s *Stmt) { assert.Len(t, s.Either.Alts, 3) }},
		{"atomic", "atomic { x = 1; y = 2 }", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "atomic", s.Block.Kind)
			assert.Len(t, s.Block.Body.Stmts, 2)
		}},
		{"doorway", "doorway { x = 1 }", func(t *testing.T, s *Stmt) { assert.Equal(t, "doorway", s.Block.Kind) }},
		{"section", "section reading { skip }", func(t *testing.T, s *Stmt) { assert.Equal(t, "reading", s.Section.Name.Name) }},
		{"assert with text", `assert x > 0, "x must be positive"`, func(t *testing.T, s *Stmt) {
			assert.Equal(t, `"x must be positive"`, s.Assert.Message)
		}},
		{"label", "cs: skip", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "cs", s.Label.Name)
			assert.Equal(t, "skip", s.Word.Word)
		}},
		{"local var", "var t, u: 0..3 = 1", func(t *testing.T, s *Stmt) { assert.Len(t, s.Var.Names, 2) }},
		{"words", "return", func(t *testing.T, s *Stmt) { assert.Equal(t, "return", s.Word.Word) }},
		{"continued lines", "x = a +\n    b *\n    (c\n    - d)", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "a + b * (c - d)", s.Simple.Value.Text)
		}},
		{"comments inside", "x = a /* one */ + // two\n b", func(t *testing.T, s *Stmt) {
			assert.Equal(t, "a + b", s.Simple.Value.Text)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := parse(t, "process P {\n"+tt.stmt+"\n}")
			stmts := f.Decls[0].Process.Body.Stmts
			require.Len(t, stmts, 1)
			tt.check(t, stmts[0])
		})
	}
}

func TestParseExpressions(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"a + b * c", "(a + (b * c))"},
		{"a - b - c", "((a - b) - c)"},
		{"a => b => c", "(a => (b => c))"},
		{"a || b && c", "(a || (b && c))"},
		{"!a && -b < c", "((!a) && ((-b) < c))"},
		{"a == b || c != d", "((a == b) || (c != d))"},
		{"P[j]@critical", "P[j]@critical"},
		{"Writer@critical", "Writer@critical"},
		{"count(critical) <= 1", "(count(critical) <= 1)"},
		{"max(a, b) + min(c, d)", "(max(a, b) + min(c, d))"},
		{"forall j in 0..N-1: a[j] || b", "forall j in 0..(N - 1): (a[j] || b)"},
		{"exists j in 0..1: P[j]@end", "exists j in 0..1: P[j]@end"},
		{"(a + b) * c", "((a + b) * c)"},
		{"m[i][j] % 2", "(m[i][j] % 2)"},
		{"true != false", "(true != false)"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f := parse(t, "check invariant "+tt.src)
			e := f.Decls[0].Check.Invariant
			assert.Equal(t, tt.want, show(e))
			assert.Equal(t, tt.src, e.Text)
		})
	}
}

// show renders an expression fully parenthesized.
func show(e *Expr) string {
	switch e.Kind {
	case IntLit, BoolLit:
		return e.Value
	case Ident:
		return e.Name
	case Index:
		s := show(e.X)
		for _, a := range e.Args {
			s += "[" + show(a) + "]"
		}
		return s
	case Unary:
		return "(" + e.Op + show(e.X) + ")"
	case Binary:
		return "(" + show(e.X) + " " + e.Op + " " + show(e.Y) + ")"
	case Call:
		s := e.Name + "("
		for i, a := range e.Args {
			if i > 0 {
				s += ", "
			}
			s += show(a)
		}
		return s + ")"
	case At:
		return show(e.X) + "@" + e.Name
	case Quant:
		return e.Op + " " + e.Name + " in " + show(e.Lo) + ".." + show(e.Hi) + ": " + show(e.X)
	}
	return "?"
}

func TestParseDeclarations(t *testing.T) {
	f := parse(t, `
sem mutex = 1
sem fork[5], room = 4 fifo
sem b = 0 busy
mutex m, ms[3]
const K = 2
fairness strong
daemon process Server { loop { skip } }
check named: x leadsto y points 3
check invariant count(critical) == 0 || count(reading) == 0
`)
	require.Len(t, f.Decls, 9)
	assert.Equal(t, "mutex", f.Decls[0].Sem.Names[0].Name)
	assert.Equal(t, "fifo", f.Decls[1].Sem.Kind)
	assert.Len(t, f.Decls[1].Sem.Names[0].Dims, 1)
	assert.Equal(t, "busy", f.Decls[2].Sem.Kind)
	assert.Len(t, f.Decls[3].Mutex.Names, 2)
	assert.Equal(t, "strong", f.Decls[5].Fairness.Kind)
	assert.True(t, f.Decls[6].Process.Daemon)
	c := f.Decls[7].Check
	assert.Equal(t, "named", c.Label)
	assert.Equal(t, "x", c.LeadsTo.From.Text)
	assert.Equal(t, "3", c.Points)
}

func TestParseErrors(t *testing.T) {
	tests := []struct {
		src  string
		want string
	}{
		{"process P {\n    x = \n}", `test.ilv:3:1: got "}", want expression`},
		{"process P { x = 1 y = 2 }", `test.ilv:1:19: got "y", want newline or ;`},
		{"process P { x = 1 < 2 < 3 }", `test.ilv:1:23: comparison < cannot follow a comparison; use parentheses`},
		{"process P { x = $ }", `test.ilv:1:17: unexpected character "$"`},
		{"/* open", `test.ilv:1:1: comment not terminated`},
		{`process P { assert x, "open }`, `test.ilv:1:23: string not terminated`},
		{"process P { x = (1 + 2 }", `test.ilv:1:24: got "}", want ")"`},
		{"var x: 12ab", `test.ilv:1:8: invalid number "12a"`},
		{"var x 5", `test.ilv:1:7: got "5", want ":"`},
		{"process P { if { } }", `test.ilv:1:16: got "{", want expression`},
		{"process P { loop }", `test.ilv:1:18: got "}", want "{"`},
		{"sem s", `test.ilv:1:6: got end of file, want "="`},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			_, err := Parse("test.ilv", []byte(tt.src))
			require.Error(t, err)
			var list source.Errors
			require.True(t, errors.As(err, &list))
			require.Len(t, list, 1)
			assert.Equal(t, tt.want, list[0].Error())
		})
	}
}

func TestParseErrorMessages(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"unfinished condition before a block", "process P {\n    await x == 0 &&\n        critical { skip }\n}",
			`test.ilv:3:9: got "critical", want expression`},
		{"unfinished condition before a statement", "process P {\n    await x == 0 &&\n        skip\n}",
			`test.ilv:3:9: got "skip", want expression`},
		{"a keyword-named semaphore on a continued line", "process P {\n    await x == 0 &&\n        mutex > 0 +\n}",
			`test.ilv:4:1: got "}", want expression`},
		{"unknown check", "check foo\ncheck mutex",
			`test.ilv:1:7: unknown check "foo": want ` + checkKinds},
		{"unknown check on the last line", "check mutex\ncheck bogus\n\n",
			`test.ilv:2:7: unknown check "bogus": want ` + checkKinds},
		{"labelled unknown check", "check named: foo",
			`test.ilv:1:14: unknown check "foo": want ` + checkKinds},
		{"check without a kind", "check\ncheck mutex",
			`test.ilv:1:6: got newline, want ` + checkKinds},
		{"check expression without leadsto", "check x > 0",
			`test.ilv:1:12: got end of file, want leadsto: check EXPR leadsto EXPR, or check invariant EXPR`},
		{"missing brace at the end", "process P {\n    x = 1\n\n",
			`test.ilv:2:10: got end of file, want "}" to close "{" at 1:11`},
		{"missing brace before a declaration", "process P {\n    loop {\n        x = 1\n}\nprocess Q { skip }",
			`test.ilv:5:1: got "process", want "}" (the "{" at 2:10 looks unclosed)`},
		{"a procedure header in a monitor", "monitor M {\n    proc f(a) { skip }\n}",
			`test.ilv:2:13: got ")", want ":" and a type, as in a: 0..1`},
		{"stray closing brace", "process P { skip }\n}\nvar x: int",
			`test.ilv:2:1: got "}", want declaration; this "}" closes nothing`},
		{"assignment in a condition", "process P { if x = 1 { skip } }",
			`test.ilv:1:18: got "=", want "==" (= assigns, == compares)`},
		{"assignment in await", "process P { await x = 1 }",
			`test.ilv:1:21: got "=", want "==" (= assigns, == compares)`},
		{":= in a statement", "process P { x := 1 }",
			`test.ilv:1:15: got ":=", want "="`},
		{":= in a declaration", "var x := 1",
			`test.ilv:1:7: got ":=", want ":" and a type, as in var x: int = 1`},
		{"missing type", "var a, b = 3",
			`test.ilv:1:10: got "=", want ":" and a type, as in var a, b: int = 3`},
		{"then", "process P { if (x) then { skip } }",
			`test.ilv:1:20: got "then", want "{" (there is no then)`},
		{"do", "process P { while x do { skip } }",
			`test.ilv:1:21: got "do", want "{" (there is no do)`},
		{"process array without range", "process P[i] { skip }",
			`test.ilv:1:12: got "]", want "in" and a range, as in process P[i in 0..N-1]`},
		{"else without if", "process P { else { skip } }", `test.ilv:1:13: got "else" without an if before it`},
		{"for without a block", "process P { for i in 0..3 skip }", `test.ilv:1:27: got "skip", want "{"`},
		{"unclosed bracket", "process P[i in 0..1 { skip }", `test.ilv:1:21: got "{", want "]"`},
		{"unclosed index", "process P { x[1 = 2 }", `test.ilv:1:17: got "=", want "]"`},
		{"parameter without a type", "proc f(a) { skip }", `test.ilv:1:9: got ")", want ":" and a type, as in a: 0..1`},
		{"an expression as a statement", "process P { x == 1 }",
			`test.ilv:1:15: got "==", want "=", "+=", "-=", "++", "--", "<-" or "(": a statement is an assignment, a send or a call`},
		{"a C declaration", "process P { int x = 1 }", `test.ilv:1:17: got "x", want a statement; declare a variable with var x: int`},
		{"unknown type", "var x: integer", `test.ilv:1:8: unknown type integer: want bool, int, LO..HI or [N]TYPE`},
		{"unknown semaphore discipline", "sem s = 1 lossy", `test.ilv:1:11: got "lossy", want fifo, busy or newline`},
		{"points without a number", "check mutex points", `test.ilv:1:19: got end of file, want number of points`},
		{"two declarations on a line", "process P { x = 1 } process Q { y = 1 }", `test.ilv:1:21: got "process", want newline or ;`},
		{"an expression error is kept", "process P { down(&) }", `test.ilv:1:19: got ")", want expression`},
		{"a statement at the top level", "x = 1", `test.ilv:1:1: got "x", want declaration; statements go inside a process or proc`},
		{"a word at the top level", "var x: int\n\nfoo", `test.ilv:3:1: got "foo", want declaration; statements go inside a process or proc`},
		{"missing brace after loop", "process P {\n    loop\n        skip\n    }\n}",
			`test.ilv:2:9: got newline, want "{"`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("test.ilv", []byte(tt.src))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestParseRecovery(t *testing.T) {
	var many strings.Builder
	many.WriteString("process P {\n")
	for i := 0; i < 30; i++ {
		many.WriteString("    x = * 1\n")
	}
	many.WriteString("}\n")
	tests := []struct {
		name string
		src  string
		want []string
	}{
		{"one error per statement", "process P {\n    x = * 1\n    y = 2\n    if { skip }\n    loop { z = = 3 }\n}\ncheck foo\nvar v 5",
			[]string{
				`test.ilv:2:9: got "*", want expression`,
				`test.ilv:4:8: got "{", want expression`,
				`test.ilv:5:16: got "=", want expression`,
				`test.ilv:7:7: unknown check "foo": want ` + checkKinds,
				`test.ilv:8:7: got "5", want ":"`,
			}},
		{"a lexical error hides the parse errors of its line", "process P {\n    x = $\n    y = # 1\n    z = * 2\n}",
			[]string{
				`test.ilv:2:9: unexpected character "$"`,
				`test.ilv:3:9: unexpected character "#"`,
				`test.ilv:4:9: got "*", want expression`,
			}},
		{"one lexical error a line", "process P {\n    x = $$ + 1 # 2\n    y = 1\n    z = ?\n}",
			[]string{`test.ilv:2:9: unexpected character "$"`, `test.ilv:4:9: unexpected character "?"`}},
		{"an unclosed parenthesis stays in its block", "process P { x = (1 + 2 }\nprocess Q { y = (( }",
			[]string{`test.ilv:1:24: got "}", want ")"`, `test.ilv:2:20: got "}", want expression`}},
		{"an unclosed brace gives one error", "process P {\n    x = * 1\n    loop {\n        skip\n}\nprocess Q {\n    y = * 2\n}",
			[]string{`test.ilv:2:9: got "*", want expression`}},
		{"an unterminated comment hides the end of the file", "var x: int\nprocess P {\n    x = * 1\n    /* open\n}",
			[]string{`test.ilv:3:9: got "*", want expression`, `test.ilv:4:5: comment not terminated`}},
		{"errors in lexical order", "var s: \"x\nvar n: 3ab..4\nprocess P { x = * 1 }",
			[]string{
				`test.ilv:1:8: string not terminated`,
				`test.ilv:2:8: invalid number "3a"`,
				`test.ilv:3:17: got "*", want expression`,
			}},
		{"at most twenty", many.String(), func() []string {
			var w []string
			for i := 0; i < maxErrors; i++ {
				w = append(w, fmt.Sprintf(`test.ilv:%d:9: got "*", want expression`, i+2))
			}
			return w
		}()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f, err := Parse("test.ilv", []byte(tt.src))
			assert.Nil(t, f)
			var list source.Errors
			require.True(t, errors.As(err, &list), "error is %T", err)
			var got []string
			for _, e := range list {
				got = append(got, e.Error())
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestTerminators(t *testing.T) {
	tests := []struct {
		src  string
		want []string
	}{
		{"a = 1\nb = 2", []string{"a", "=", "1", "\n", "b", "=", "2"}},
		{"a = 1;;\n\n b = 2;", []string{"a", "=", "1", ";", "b", "=", "2"}},
		{"f(a,\n b)\n", []string{"f", "(", "a", ",", "b", ")"}},
		{"x = [\n1\n]", []string{"x", "=", "[", "1", "]"}},
		{"{\n a\n}\nelse {\n}", []string{"{", "a", "}", "else", "{", "}"}},
		{"x &&\n y", []string{"x", "&&", "y"}},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			raw, errs := scan("t", []byte(tt.src))
			require.Empty(t, errs)
			var got []string
			for _, tok := range terminate(raw) {
				if !tok.EOF() {
					got = append(got, tok.Value)
				}
			}
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestKeywords(t *testing.T) {
	assert.True(t, IsKeyword("loop"))
	assert.True(t, IsKeyword("mutex"))
	assert.False(t, IsKeyword("count"))
	assert.False(t, IsKeyword("down"))
}
