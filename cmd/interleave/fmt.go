package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/pmezard/go-difflib/difflib"
	"github.com/spf13/cobra"

	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// fmtConfig is what the fmt command's flags ask for.
type fmtConfig struct {
	write, list, diff bool
}

func newFmtCmd(e env) *cobra.Command {
	var cfg fmtConfig
	cmd := &cobra.Command{
		Use:   "fmt [-w] [-l] [-d] [FILE...]",
		Short: "Lay out models in the canonical style",
		Long: "fmt prints each model in the canonical layout: four-space indentation, one\n" +
			"statement a line, canonical spacing, aligned trailing comments. Every comment\n" +
			"is kept and the model's meaning never changes; a model with a syntax error is\n" +
			"left alone and its errors reported. With no FILE it reads standard input.",
		RunE: func(cmd *cobra.Command, args []string) error {
			return runFmt(cmd.InOrStdin(), e.stdout, cfg, args)
		},
	}
	cmd.Flags().BoolVarP(&cfg.write, "write", "w", false, "write the result to the file instead of standard output")
	cmd.Flags().BoolVarP(&cfg.list, "list", "l", false, "list the files whose layout differs from fmt's")
	cmd.Flags().BoolVarP(&cfg.diff, "diff", "d", false, "print a diff instead of the formatted model")
	return cmd
}

// runFmt formats the files named (standard input when none) as cfg asks; an
// error in any file makes the exit status 2 once every file is done.
func runFmt(stdin io.Reader, stdout io.Writer, cfg fmtConfig, files []string) error {
	if len(files) == 0 {
		if cfg.write {
			return usagef("interleave fmt", "cannot use -w with standard input")
		}
		src, err := io.ReadAll(stdin)
		if err != nil {
			return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: %v", err)}
		}
		return fmtOne(stdout, cfg, "<stdin>", src)
	}
	var msgs []string
	for _, name := range files {
		src, err := os.ReadFile(name)
		if err == nil {
			err = fmtOne(stdout, cfg, name, src)
		} else {
			err = fmt.Errorf("interleave: cannot read %s: %w", name, unwrapPath(err))
		}
		if err != nil {
			msgs = append(msgs, err.Error())
		}
	}
	if len(msgs) > 0 {
		return &exitStatus{code: exitError, msg: strings.Join(msgs, "\n")}
	}
	return nil
}

// fmtOne formats one model.
func fmtOne(stdout io.Writer, cfg fmtConfig, name string, src []byte) error {
	out, err := syntax.Format(name, src)
	if err != nil {
		var errs source.Errors
		if errors.As(err, &errs) {
			return &exitStatus{code: exitError, msg: strings.TrimSuffix(errs.Format(map[string]string{name: string(src)}), "\n")}
		}
		return &exitStatus{code: exitError, msg: fmt.Sprintf("%s: %v", name, err)}
	}
	changed := !bytes.Equal(src, out)
	if cfg.list && changed {
		if _, err := fmt.Fprintln(stdout, name); err != nil {
			return err
		}
	}
	if cfg.diff && changed {
		d, err := difflib.GetUnifiedDiffString(difflib.UnifiedDiff{
			A: difflib.SplitLines(string(src)), B: difflib.SplitLines(string(out)),
			FromFile: name + ".orig", ToFile: name, Context: 3,
		})
		if err != nil {
			return err
		}
		if _, err := io.WriteString(stdout, d); err != nil {
			return err
		}
	}
	if cfg.write {
		if changed {
			st, err := os.Stat(name)
			if err != nil {
				return err
			}
			if err := os.WriteFile(name, out, st.Mode().Perm()); err != nil {
				return fmt.Errorf("interleave: cannot write %s: %w", name, unwrapPath(err))
			}
		}
		return nil
	}
	if !cfg.list && !cfg.diff {
		_, err := stdout.Write(out)
		return err
	}
	return nil
}
