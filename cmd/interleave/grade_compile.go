package main

import (
	"fmt"

	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
)

// compileWith compiles a harness with a student's solution (nil: the
// harness alone). Its error is ready for stderr: every line ends with a
// newline, and each error shows the line of the file it points into.
func compileWith(harness lang.File, with *lang.File, consts map[string]int32) (prog *ir.Program, err error) {
	defer func() {
		if p := recover(); p != nil {
			prog, err = nil, checkError(fmt.Sprintf("interleave: %s: internal error: %v\n", harness.Name, p))
		}
	}()
	texts := map[string]string{harness.Name: string(harness.Text)}
	opts := lang.Options{Consts: consts}
	if with != nil {
		texts[with.Name] = string(with.Text)
		opts.With = with
	}
	prog, err = lang.Compile(harness, opts)
	if err != nil {
		return nil, modelError(err, harness.Name, texts)
	}
	return prog, nil
}

// compileHarness compiles a harness on its own, each extern procedure
// standing for a procedure that does nothing: the error is the harness's own,
// and the program tells the checks and their points.
func compileHarness(harness lang.File, consts map[string]int32) (prog *ir.Program, err error) {
	defer func() {
		if p := recover(); p != nil {
			prog, err = nil, checkError(fmt.Sprintf("interleave: %s: internal error: %v\n", harness.Name, p))
		}
	}()
	prog, err = lang.CompileHarness(harness, lang.Options{Consts: consts})
	if err != nil {
		return nil, modelError(err, harness.Name, map[string]string{harness.Name: string(harness.Text)})
	}
	return prog, nil
}

// readSolution reads a student's solution file: a regular file, never
// through a symbolic link, of text (see readSource).
func readSolution(path string) (lang.File, error) {
	data, err := readSource(path, false)
	if err != nil {
		return lang.File{}, err
	}
	return lang.File{Name: path, Text: data}, nil
}
