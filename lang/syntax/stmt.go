package syntax

import "github.com/alecthomas/participle/v2/lexer"

// Block is a brace-delimited list of statements.
type Block struct {
	Pos   lexer.Position
	Stmts []*Stmt `parser:"'{' ( @@ ( Term @@ )* )? '}'"`
}

// Stmt is one statement, with an optional label `name:`; exactly one of the
// other pointer fields is set. Tokens are the statement's tokens, label
// included.
type Stmt struct {
	Pos     lexer.Position
	Tokens  []lexer.Token
	Label   *Name      `parser:"( @@ ':' )?"`
	If      *If        `parser:"( @@"`
	While   *While     `parser:"| @@"`
	Loop    *Loop      `parser:"| @@"`
	For     *For       `parser:"| @@"`
	Either  *Either    `parser:"| @@"`
	Block   *BlockStmt `parser:"| @@"`
	Section *Section   `parser:"| @@"`
	Assert  *Assert    `parser:"| @@"`
	Await   *Await     `parser:"| @@"`
	Var     *Var       `parser:"| @@"`
	Select  *Select    `parser:"| @@"`
	Recv    *Recv      `parser:"| @@"`
	Word    *Word      `parser:"| @@"`
	Simple  *Simple    `parser:"| @@ )"`
}

// If is `if Cond { Then } else ...`; Else is nil, an `else if` (ElseIf) or an
// `else { }` block (Else).
type If struct {
	Pos    lexer.Position
	Tokens []lexer.Token
	Cond   *Expr  `parser:"'if' @@"`
	Then   *Block `parser:"@@"`
	ElseIf *If    `parser:"( 'else' ( @@"`
	Else   *Block `parser:"| @@ ) )?"`
}

// While is `while Cond { Body }`.
type While struct {
	Pos  lexer.Position
	Cond *Expr  `parser:"'while' @@"`
	Body *Block `parser:"@@"`
}

// Loop is `loop { Body }`.
type Loop struct {
	Pos  lexer.Position
	Body *Block `parser:"'loop' @@"`
}

// For is `for Var in Lo..Hi { Body }`.
type For struct {
	Pos  lexer.Position
	Var  *Name  `parser:"'for' @@ 'in'"`
	Lo   *Expr  `parser:"@@ '..'"`
	Hi   *Expr  `parser:"@@"`
	Body *Block `parser:"@@"`
}

// Either is `either { A } or { B } ...`.
type Either struct {
	Pos  lexer.Position
	Alts []*Block `parser:"'either' @@ ( 'or' @@ )*"`
}

// BlockStmt is `atomic`, `critical` or `doorway` followed by a block.
type BlockStmt struct {
	Pos  lexer.Position
	Kind string `parser:"@( 'atomic' | 'critical' | 'doorway' )"`
	Body *Block `parser:"@@"`
}

// Section is `section NAME { Body }`.
type Section struct {
	Pos  lexer.Position
	Name *Name  `parser:"'section' @@"`
	Body *Block `parser:"@@"`
}

// Assert is `assert Cond` or `assert Cond, "Message"` (Message keeps its
// quotes as written).
type Assert struct {
	Pos     lexer.Position
	Tokens  []lexer.Token
	Cond    *Expr  `parser:"'assert' @@"`
	Message string `parser:"( ',' @String )?"`
}

// Await is `await Cond`.
type Await struct {
	Pos    lexer.Position
	Tokens []lexer.Token
	Cond   *Expr `parser:"'await' @@"`
}

// Select is `select { case ...: ... default: ... }`; Cases are in source
// order, the default among them.
type Select struct {
	Pos   lexer.Position
	Cases []*Case `parser:"'select' '{' ( @@ ( Term? @@ )* )? '}'"`
}

// Case is one case of a select: `default:` (Default set) or `case` with a
// communication, Recv for `<-c` and `(a, b) = <-c`, Comm for `c <- e` and
// `x = <-c`; Body is the statements up to the next case.
type Case struct {
	Pos     lexer.Position
	Tokens  []lexer.Token
	Default bool    `parser:"( @'default'"`
	Recv    *Recv   `parser:"| 'case' ( @@"`
	Comm    *Simple `parser:"         | @@ ) ) ':'"`
	Body    []*Stmt `parser:"( (?! 'case' | 'default' ) @@ ( Term (?! 'case' | 'default' ) @@ )* )?"`
}

// Recv is a receive statement that does not start with a name: `<-c`, which
// discards the message, or `(a, b) = <-c` (Targets set).
type Recv struct {
	Pos     lexer.Position
	Tokens  []lexer.Token
	Targets []*Expr `parser:"( '(' @@ ( ',' @@ )* ')' '=' )?"`
	Chan    *Expr   `parser:"'<-' @@"`
}

// Word is a statement made of one keyword: break, continue, return, skip,
// noncritical or fence.
type Word struct {
	Pos  lexer.Position
	Word string `parser:"@( 'break' | 'continue' | 'return' | 'skip' | 'noncritical' | 'fence' )"`
}

// Simple is an assignment, a send or a call. A call (Call set) is
// `Name(Args)`, Name being qualified `M.f` for a monitor procedure; an
// assignment is `Name[Index]... Op Value` with Op one of = += -= (Value set)
// or ++ -- (Value nil); a send is `Name[Index]... <- Value`, or with Tuple
// set `Name[Index]... <- (e1, e2, ...)`.
type Simple struct {
	Pos    lexer.Position
	Tokens []lexer.Token
	Name   string  `parser:"@Ident ( @'.' @Ident )?"`
	Call   bool    `parser:"( @'('"`
	Args   []*Arg  `parser:"  ( @@ ( ',' @@ )* )? ')'"`
	Index  []*Expr `parser:"| ( '[' @@ ']' )*"`
	Op     string  `parser:"  ( @( '++' | '--' )"`
	Op2    string  `parser:"  | @( '=' | '+=' | '-=' | '<-' )"`
	Tuple  []*Expr `parser:"    ( '(' @@ ( ',' @@ )+ ')'"`
	Value  *Expr   `parser:"    | @@ ) ) )"`
}

// Arg is a call argument; Ref marks `&s` (accepted for semaphores so that
// textbook code pastes).
type Arg struct {
	Pos   lexer.Position
	Ref   bool  `parser:"@'&'?"`
	Value *Expr `parser:"@@"`
}

// AssignOp returns the assignment operator of s ("" for a call).
func (s *Simple) AssignOp() string {
	if s.Op != "" {
		return s.Op
	}
	return s.Op2
}
