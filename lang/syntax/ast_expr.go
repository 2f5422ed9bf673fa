package syntax

import "github.com/alecthomas/participle/v2/lexer"

// ExprKind tells what an expression node is.
type ExprKind uint8

const (
	// IntLit is an integer literal; Value holds its digits.
	IntLit ExprKind = iota
	// BoolLit is `true` or `false`; Value holds the word.
	BoolLit
	// Ident is a name: a constant, variable, semaphore, process or region;
	// a monitor's variable read from outside is the qualified name "M.x".
	Ident
	// Index is X[Args[0]][Args[1]]...
	Index
	// Unary is Op X with Op one of ! - <-.
	Unary
	// Binary is X Op Y.
	Binary
	// Call is Name(Args...): min, max, count, tsl, cas, fetch_add, swap, len;
	// Name may be qualified ("M.f").
	Call
	// At is X@Name: whether process X is in region Name.
	At
	// Quant is `Op Name in Lo..Hi: X` with Op forall or exists.
	Quant
	// Field is X.Name with X an Index: a local variable of one process of an
	// array, P[0].x. (Of a single process it is the qualified Ident "P.x".)
	Field
)

// Expr is an expression node. Which fields are meaningful depends on Kind;
// Pos is the node's first token and Text its source text on one line.
type Expr struct {
	Pos   lexer.Position
	Kind  ExprKind
	Op    string
	Name  string
	Value string
	// NamePos is the position of Name (At, Call, Quant, Ident and Field).
	NamePos lexer.Position
	X, Y    *Expr
	Lo, Hi  *Expr
	Args    []*Expr
	// Refs marks, per argument of a Call, an argument written `&e`.
	Refs []bool
	Text string
}
