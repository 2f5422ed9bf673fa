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
// Parse reports every syntax error it can tell apart, sorted, as a
// source.Errors whose messages are Go-like: `got "}", want expression`. The
// scanner records a lexical error and goes on; after a syntax error the parser
// skips the offending statement or declaration and parses again (recover.go),
// up to 20 errors. Errors that would only follow from an earlier one are left
// out: those on the line of a lexical error, those after an unterminated
// comment, and, when the braces of the file do not balance, all but the
// first. Messages name what was wanted in the words of the language and point
// at the token where the mistake shows (explain.go); an error at the end of
// the file points just after the last token.
package syntax
