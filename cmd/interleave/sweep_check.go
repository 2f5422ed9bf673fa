package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/interleave/interleave/checker"
)

// checkRun is one run of check: a model with one value of the sweep.
type checkRun struct {
	arg string
	// label names the swept value ("N=3"), "" without a sweep.
	label string
	cfg   *checkConfig
	// first and last mark the first and last run of a model.
	first, last bool
}

// sweepRuns lists the runs of check: each model in turn, and for each model
// each value of the sweep in increasing order.
func sweepRuns(cfg *checkConfig, args []string) []checkRun {
	values, labels := cfg.sweep.values(), cfg.sweep.labels()
	var runs []checkRun
	for _, arg := range args {
		for k, consts := range values {
			c := cfg
			if labels[k] != "" {
				cp := *cfg
				cp.consts = consts
				c = &cp
			}
			runs = append(runs, checkRun{arg: arg, label: labels[k], cfg: c, first: k == 0, last: k == len(values)-1})
		}
	}
	return runs
}

// sweepSummary gathers the verdicts of one model over a sweep: one line per
// value, and the first value at which each check fails.
type sweepSummary struct {
	name  string
	lines []string
	// fails are the checks that failed, in order, with the first value at
	// which each did.
	fails   []string
	failsAt map[string]string
}

// add records the run of one value: its result, or the error that stopped it.
func (s *sweepSummary) add(label string, r *checker.Result, err error) {
	if s.failsAt == nil {
		s.failsAt = map[string]string{}
	}
	if err != nil {
		s.lines = append(s.lines, fmt.Sprintf("  %s: error: %s", label, firstLineOf(err.Error())))
		return
	}
	var parts []string
	for _, c := range r.Checks {
		parts = append(parts, c.Name+" "+c.Verdict.String())
		if c.Verdict == checker.Violated {
			if _, seen := s.failsAt[c.Name]; !seen {
				s.failsAt[c.Name] = label
				s.fails = append(s.fails, c.Name)
			}
		}
	}
	s.lines = append(s.lines, fmt.Sprintf("  %s: %s", label, strings.Join(parts, ", ")))
}

// print writes the summary after the last run of a model, for the text
// format; it does nothing on a nil summary or another run.
func (s *sweepSummary) print(w io.Writer, run checkRun, f format) {
	if s == nil || !run.last || f != formatText {
		return
	}
	fmt.Fprint(w, "\n"+s.text(run.arg))
}

// text is the summary: each value's verdicts, then the smallest value that
// fails, overall and per check.
func (s *sweepSummary) text(file string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "sweep of %s over %s:\n", s.name, file)
	for _, l := range s.lines {
		b.WriteString(l + "\n")
	}
	if len(s.fails) == 0 {
		fmt.Fprintf(&b, "no check fails for any value of %s\n", s.name)
		return b.String()
	}
	first := ""
	var per []string
	for _, name := range s.fails {
		at := s.failsAt[name]
		if first == "" || value(at) < value(first) {
			first = at
		}
		per = append(per, name+" from "+at)
	}
	fmt.Fprintf(&b, "smallest %s that fails: %s (%s)\n", s.name, strings.TrimPrefix(first, s.name+"="), strings.Join(per, ", "))
	return b.String()
}

// value is the number of a label "N=3".
func value(label string) int64 {
	_, v, _ := strings.Cut(label, "=")
	var n int64
	fmt.Sscan(v, &n)
	return n
}

// firstLineOf is s up to its first newline, without an "interleave: " prefix.
func firstLineOf(s string) string {
	line, _, _ := strings.Cut(strings.TrimLeft(s, "\n"), "\n")
	return strings.TrimPrefix(line, "interleave: ")
}
