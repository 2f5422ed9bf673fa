package main

import (
	"errors"
	"fmt"
	"strings"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// compileModel loads and compiles the model named by arg (a file or a model of
// the built-in library) with the constant overrides, and makes sure the
// engine can run it. Its error is ready for
// stderr: every line ends with a newline.
func compileModel(arg string, consts map[string]int32) (prog *ir.Program, err error) {
	file, err := load(arg)
	if err != nil {
		return nil, checkError("interleave: " + err.Error() + "\n")
	}
	defer func() {
		if p := recover(); p != nil {
			prog, err = nil, checkError(fmt.Sprintf("interleave: %s: internal error: %v\n", file.Name, p))
		}
	}()
	prog, err = lang.Compile(file, lang.Options{Consts: consts})
	if err == nil {
		// The engine's limits (the size of a state) are errors of the model
		// too, shown at their declaration.
		_, err = explorer.New(prog)
	}
	if err != nil {
		return nil, modelError(err, file.Name, map[string]string{file.Name: string(file.Text)})
	}
	return prog, nil
}

// modelError makes an error of the model in file name (its compiler's or its
// engine's) ready for stderr. Positioned errors show the line they point into
// and a caret; texts holds the sources that were accepted as model files, the
// only ones quoted.
func modelError(err error, name string, texts map[string]string) checkError {
	var errs source.Errors
	if errors.As(err, &errs) {
		return checkError(errs.Format(texts))
	}
	return checkError(fmt.Sprintf("interleave: %s: %s\n", name, err))
}

// trimNewline drops the last newline of a message that exitStatus prints
// with one of its own.
func trimNewline(s string) string { return strings.TrimSuffix(s, "\n") }
