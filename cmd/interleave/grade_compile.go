package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"unicode/utf8"

	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
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
		var errs source.Errors
		if errors.As(err, &errs) {
			return nil, checkError(errs.Format(texts))
		}
		return nil, checkError(fmt.Sprintf("interleave: %s: %s\n", harness.Name, err))
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
		var errs source.Errors
		if errors.As(err, &errs) {
			return nil, checkError(errs.Format(map[string]string{harness.Name: string(harness.Text)}))
		}
		return nil, checkError(fmt.Sprintf("interleave: %s: %s\n", harness.Name, err))
	}
	return prog, nil
}

// maxSolution is the largest solution file read, in bytes.
const maxSolution = 1 << 20

// readSolution reads a solution file and makes sure it is text: valid UTF-8
// without NUL bytes, at most maxSolution bytes.
func readSolution(path string) (lang.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return lang.File{}, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, maxSolution+1))
	if err != nil {
		return lang.File{}, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	if len(data) > maxSolution {
		return lang.File{}, fmt.Errorf("%s is too large: more than %d bytes", path, maxSolution)
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return lang.File{}, fmt.Errorf("%s is not a text file (binary, or not UTF-8)", path)
	}
	return lang.File{Name: path, Text: data}, nil
}
