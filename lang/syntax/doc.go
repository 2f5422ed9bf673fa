// Package syntax is the first phase of the interleave front end: it turns the
// text of a model (LANGUAGE.md) into a syntax tree.
//
// Lexing is done by hand: identifiers (keywords included, which the later
// phases reserve where names are introduced), integers, strings and operators,
// with `//` and `/* */` comments dropped. Statements end at a newline, at `;`
// or at a closing `}`; the lexer turns each line break that ends a statement
// into a terminator token and drops the others — inside parentheses and
// brackets, after a binary operator or a comma, and before `else`, `or`, `{`
// or a closing brace — so that the grammar sees exactly one terminator between
// two statements.
//
// Declarations and statements are parsed by a participle grammar whose nodes
// are the exported types of this package; expressions by a precedence-climbing
// parser plugged into it (Expr implements participle.Parseable). Every node
// carries the position of its first token; expressions also carry their source
// text on one line, and statements their tokens, so that later phases can show
// a statement as written.
//
// Parse reports the first syntax error only, as a source.Errors whose message
// is Go-like: `got "}", want expression`.
package syntax
