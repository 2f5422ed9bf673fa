package syntax

import "github.com/alecthomas/participle/v2/lexer"

// File is a parsed model file: its declarations in source order.
type File struct {
	Pos   lexer.Position
	Decls []*Decl `parser:"( @@ ( Term @@ )* )?"`
}

// Decl is one top-level declaration; exactly one field is set.
type Decl struct {
	Pos         lexer.Position
	Model       *Model       `parser:"  @@"`
	Const       *Const       `parser:"| @@"`
	Var         *Var         `parser:"| @@"`
	Sem         *Sem         `parser:"| @@"`
	Mutex       *Mutex       `parser:"| @@"`
	Cond        *Cond        `parser:"| @@"`
	Chan        *Chan        `parser:"| @@"`
	Monitor     *Monitor     `parser:"| @@"`
	Proc        *Proc        `parser:"| @@"`
	Process     *Process     `parser:"| @@"`
	Fairness    *Fairness    `parser:"| @@"`
	Memory      *Memory      `parser:"| @@"`
	Check       *Check       `parser:"| @@"`
	Extern      *Extern      `parser:"| @@"`
	Unsupported *Unsupported `parser:"| @@"`
}

// Model is the `model NAME` header.
type Model struct {
	Pos  lexer.Position
	Name string `parser:"'model' @Ident"`
}

// Const is `const NAME = e`.
type Const struct {
	Pos   lexer.Position
	Name  string `parser:"'const' @Ident '='"`
	Value *Expr  `parser:"@@"`
}

// Var is `var a, b: T = e`, shared at top level and local inside a process or
// procedure. Init is nil when no initializer is written.
type Var struct {
	Pos   lexer.Position
	Names []*Name `parser:"'var' @@ ( ',' @@ )* ':'"`
	Type  *Type   `parser:"@@"`
	Init  *Expr   `parser:"( '=' @@ )?"`
}

// Name is a declared name with its position.
type Name struct {
	Pos  lexer.Position
	Name string `parser:"@Ident"`
}

// Type is a variable's type: Dims array dimensions (outermost first) around
// `bool`, `int` (Basic) or a range Lo..Hi.
type Type struct {
	Pos   lexer.Position
	Dims  []*Expr `parser:"( '[' @@ ']' )*"`
	Basic string  `parser:"( @( 'bool' | 'int' )"`
	Lo    *Expr   `parser:"| @@ '..'"`
	Hi    *Expr   `parser:"  @@ )"`
}

// Indexed is a declared name with optional array dimensions (`fork[N]`).
type Indexed struct {
	Pos  lexer.Position
	Name string  `parser:"@Ident"`
	Dims []*Expr `parser:"( '[' @@ ']' )*"`
}

// Sem is `sem a, b[n] = e` with an optional discipline `fifo` or `busy`.
type Sem struct {
	Pos   lexer.Position
	Names []*Indexed `parser:"'sem' @@ ( ',' @@ )*"`
	Init  *Expr      `parser:"'=' @@"`
	Kind  string     `parser:"@( 'fifo' | 'busy' )?"`
}

// Mutex is `mutex a, b[n]`.
type Mutex struct {
	Pos   lexer.Position
	Names []*Indexed `parser:"'mutex' @@ ( ',' @@ )*"`
}

// Cond is `cond a, b[n]`: condition variables.
type Cond struct {
	Pos   lexer.Position
	Names []*Indexed `parser:"'cond' @@ ( ',' @@ )*"`
}

// Chan is `chan a, b[n][k]: T [lossy]`. Each name's last bracket, when
// written, is the capacity and the ones before it the array dimensions:
// `c: T` is unbuffered, `c[k]: T` has capacity k, `c[n][k]: T` is n channels
// of capacity k. Elem lists the message's component types: one, or the
// components of a tuple `(T1, T2)`.
type Chan struct {
	Pos   lexer.Position
	Names []*Indexed `parser:"'chan' @@ ( ',' @@ )* ':'"`
	Elem  []*Type    `parser:"( '(' @@ ( ',' @@ )* ')' | @@ )"`
	Lossy bool       `parser:"@'lossy'?"`
}

// Monitor is `monitor M [hoare] { ... }`: its variables, condition variables
// and procedures, in source order.
type Monitor struct {
	Pos   lexer.Position
	Name  *Name          `parser:"'monitor' @@"`
	Hoare bool           `parser:"@'hoare'? '{'"`
	Items []*MonitorItem `parser:"( @@ ( Term @@ )* )? '}'"`
}

// MonitorItem is one declaration inside a monitor; exactly one field is set.
type MonitorItem struct {
	Pos  lexer.Position
	Var  *Var  `parser:"  @@"`
	Cond *Cond `parser:"| @@"`
	Proc *Proc `parser:"| @@"`
}

// Proc is a procedure `proc f(a: T, ...) { ... }`.
type Proc struct {
	Pos    lexer.Position
	Name   string   `parser:"'proc' @Ident '('"`
	Params []*Param `parser:"( @@ ( ',' @@ )* )? ')'"`
	Body   *Block   `parser:"@@"`
}

// Param is a procedure parameter `a: T`.
type Param struct {
	Pos  lexer.Position
	Name string `parser:"@Ident ':'"`
	Type *Type  `parser:"@@"`
}

// Process is `[daemon] process NAME { ... }` or, with Index set, the array
// `process NAME[i in Lo..Hi] { ... }`.
type Process struct {
	Pos    lexer.Position
	Daemon bool   `parser:"@'daemon'?"`
	Name   string `parser:"'process' @Ident"`
	Index  *Name  `parser:"( '[' @@ 'in'"`
	Lo     *Expr  `parser:"  @@ '..'"`
	Hi     *Expr  `parser:"  @@ ']' )?"`
	Body   *Block `parser:"@@"`
}

// Fairness is `fairness weak|strong|none`.
type Fairness struct {
	Pos  lexer.Position
	Kind string `parser:"'fairness' @Ident"`
}

// Memory is `memory sc|tso|pso`.
type Memory struct {
	Pos  lexer.Position
	Kind string `parser:"'memory' @Ident"`
}

// Check is a `check` line: Label is the optional `NAME:`; exactly one of Kind
// (mutex, deadlock, progress, starvation, bounded_waiting), Invariant or
// LeadsTo is set. Points is the literal after `points`, "" when absent.
type Check struct {
	Pos       lexer.Position
	Label     string   `parser:"'check' ( @Ident ':' )?"`
	Invariant *Expr    `parser:"( 'invariant' @@"`
	LeadsTo   *LeadsTo `parser:"| @@"`
	Kind      string   `parser:"| @( 'mutex' | 'deadlock' | 'progress' | 'starvation' | 'bounded_waiting' ) )"`
	Points    string   `parser:"( 'points' @Int )?"`
}

// LeadsTo is `e1 leadsto e2`.
type LeadsTo struct {
	Pos  lexer.Position
	From *Expr `parser:"@@ 'leadsto'"`
	To   *Expr `parser:"@@"`
}

// Extern is `extern proc NAME(params)` in a harness: a procedure that a
// student's solution defines (LANGUAGE.md section 8).
type Extern struct {
	Pos    lexer.Position
	Name   string   `parser:"'extern' 'proc' @Ident '('"`
	Params []*Param `parser:"( @@ ( ',' @@ )* )? ')'"`
}

// Unsupported is a declaration that starts with a reserved keyword but has
// not the shape of one (an extern without `proc NAME(...)`); Keyword says
// which. The compiler reports it.
type Unsupported struct {
	Pos     lexer.Position
	Keyword string  `parser:"@'extern'"`
	Rest    []*Skip `parser:"@@*"`
}

// Skip is a token or a balanced brace group inside an unsupported construct.
type Skip struct {
	Pos    lexer.Position
	Braces *Braces `parser:"  @@"`
	Token  string  `parser:"| @~( Term | '{' | '}' )"`
}

// Braces is a balanced `{ ... }` group whose contents are not interpreted.
type Braces struct {
	Pos  lexer.Position
	Body []*BraceItem `parser:"'{' @@* '}'"`
}

// BraceItem is one element of an uninterpreted brace group.
type BraceItem struct {
	Pos    lexer.Position
	Braces *Braces `parser:"  @@"`
	Token  string  `parser:"| @~( '{' | '}' )"`
}
