package syntax

import (
	"fmt"

	"github.com/alecthomas/participle/v2"
	"github.com/alecthomas/participle/v2/lexer"

	"github.com/interleave/interleave/lang/source"
)

// parser is the participle parser of the language, built once.
var parser = participle.MustBuild[File](
	participle.Lexer(definition{}),
	participle.UseLookahead(participle.MaxLookahead),
)

// maxErrors bounds the number of syntax errors reported for one file.
const maxErrors = 20

// Parse parses one model file. On failure the error is a source.Errors with
// the syntax errors found, sorted by position, at most maxErrors of them:
// after an error the parser skips the offending statement or declaration and
// goes on (see recover.go), and errors that are only consequences of an
// earlier one are left out.
func Parse(filename string, src []byte) (f *File, err error) {
	defer func() {
		if r := recover(); r != nil {
			f, err = nil, source.Errors{{Pos: source.Pos{File: filename, Line: 1, Col: 1}, Msg: fmt.Sprintf("internal parser error: %v", r)}}
		}
	}()
	raw, scanErrs := scan(filename, src)
	var errs source.Errors
	lexLines := map[int]bool{}
	var fatal *source.Pos
	for _, se := range scanErrs {
		pos := Position(se.pos)
		if lexLines[pos.Line] && !se.fatal {
			continue // one lexical error a line: `$$$` is one mistake
		}
		errs = append(errs, &source.Error{Pos: pos, Msg: se.msg})
		lexLines[pos.Line] = true
		if se.fatal {
			fatal = &pos
		}
	}
	f, parseErrs := parseAll(filename, terminate(raw), fatal != nil)
	for _, e := range parseErrs {
		// A token the scanner rejected usually upsets the parser too, on its
		// line or, after an unterminated comment, at the end of the file.
		if lexLines[e.Pos.Line] || fatal != nil && !e.Pos.Before(*fatal) {
			continue
		}
		errs = append(errs, e)
	}
	if len(errs) == 0 {
		return f, nil
	}
	errs.Sort()
	if len(errs) > maxErrors {
		errs = errs[:maxErrors]
	}
	return nil, errs
}

func mustUpgrade(l *tokenList) *lexer.PeekingLexer {
	p, _ := lexer.Upgrade(l) // tokenList never fails
	return p
}

// Position converts a participle position into a source position.
func Position(p lexer.Position) source.Pos {
	return source.Pos{File: p.Filename, Line: p.Line, Col: p.Column}
}
