package main

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/spf13/cobra"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/reports"
)

// gradeFlags are the flags of `interleave grade`, as given.
type gradeFlags struct {
	defines   []string
	checks    []string
	fairness  string
	format    string
	out       string
	reference string
	shard     string
	renderer  string
	jobs      int
	maxStates int64
	maxMemory string
	timeout   time.Duration
	mem       memoryFlags
	// reduce is --reduce: none, por, symmetry or all.
	reduce string
	// solutionProcess makes this process grade the solutions that the grader
	// sends it (isolate.go).
	solutionProcess bool
}

// gradeConfig is what the flags of grade mean, once validated.
type gradeConfig struct {
	sweep     sweep
	fairness  *ir.Fairness
	mem       memoryFlags
	format    string
	out       string
	reference string
	renderer  renderer
	// shard and shards select the shard-th of shards slices (1-based).
	shard, shards int
	jobs          int
	timeout       time.Duration
	opts          checker.Options
}

// gradeFormats are the values of grade's --format.
var gradeFormats = []string{"table", "csv", "json", "junit", "gradescope"}

func newGradeCmd(e env) *cobra.Command {
	var f gradeFlags
	cmd := &cobra.Command{
		Use:   "grade HARNESS SOLUTION...",
		Short: "Grade students' solutions against a harness",
		Long: "grade checks every SOLUTION with the HARNESS (an assignment whose extern\n" +
			"procedures the solutions define) and scores each: a check that holds earns\n" +
			"its points. Solutions are graded in parallel, each under the limits; one that\n" +
			"cannot be checked scores 0 with its error.\n\n" +
			"Exit status: 0 every solution was graded, whatever the scores; 2 a usage\n" +
			"error, a broken harness, or a --reference solution without full marks.",
		Example: "  interleave grade assignment.ilv submissions/*.ilv\n" +
			"  interleave grade --reference peterson.ilv --format json assignment.ilv s/*.ilv\n" +
			"  interleave grade --shard 2/4 --format junit assignment.ilv s/*.ilv",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) < 2 && !(f.solutionProcess && len(args) == 1) {
				return usagef(cmd.CommandPath(), "grade needs a HARNESS and at least one SOLUTION")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.config(cmd.Flags().Changed("max-memory"))
			if err != nil {
				return usagef(cmd.CommandPath(), "%s", err)
			}
			return runGrade(cmd.Context(), e, &f, cfg, args[0], args[1:])
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.defines, "define", "D", nil, "override a constant: -D NAME=VALUE, or sweep it: -D NAME=LO..HI (repeatable)")
	fl.StringArrayVar(&f.checks, "check", nil, "grade only the named check (repeatable)")
	fl.StringVar(&f.fairness, "fairness", "", "override the harness's fairness: weak, strong or none")
	f.mem.add(fl)
	fl.StringVar(&f.format, "format", "table", "report format: "+strings.Join(gradeFormats, ", "))
	fl.StringVar(&f.out, "out", "", "write each solution's report and counterexample diagrams into `DIR`")
	fl.StringVar(&f.reference, "reference", "", "a solution `FILE` that must get full marks before grading starts")
	fl.StringVar(&f.shard, "shard", "", "grade only the i-th of n slices of the sorted solutions: `i/n`")
	fl.StringVar(&f.renderer, "renderer", "native", "how --out draws SVG: native, or dot (the system's Graphviz)")
	fl.IntVar(&f.jobs, "jobs", runtime.NumCPU(), "solutions graded at once")
	fl.Int64Var(&f.maxStates, "max-states", 0, "stop a solution's check after `N` states (0: no limit)")
	fl.StringVar(&f.maxMemory, "max-memory", "", "stop a solution's check past `SIZE` of heap, e.g. 512MB (default: 3/4 of the machine's)")
	fl.DurationVar(&f.timeout, "timeout", 0, "stop a solution's check after `DURATION` of processor time (0: no limit)")
	fl.BoolVar(&f.solutionProcess, childFlag, false, "grade the solutions that the grader sends on standard input")
	fl.StringVar(&f.reduce, "reduce", "all", reduceUsage)
	_ = fl.MarkHidden(childFlag)
	return cmd
}

// config validates the flags of grade.
func (f *gradeFlags) config(memorySet bool) (*gradeConfig, error) {
	cfg := &gradeConfig{format: f.format, out: f.out, reference: f.reference, timeout: f.timeout, shard: 1, shards: 1}
	if !slices.Contains(gradeFormats, f.format) {
		return nil, fmt.Errorf("bad --format %q: want %s", f.format, strings.Join(gradeFormats, ", "))
	}
	var err error
	if cfg.renderer, err = parseRenderer(f.renderer); err != nil {
		return nil, err
	}
	if cfg.sweep, err = parseSweep(f.defines); err != nil {
		return nil, err
	}
	if f.fairness != "" {
		fair, err := parseFairness(f.fairness)
		if err != nil {
			return nil, err
		}
		cfg.fairness = &fair
	}
	if err := f.mem.validate(); err != nil {
		return nil, err
	}
	cfg.mem = f.mem
	if f.shard != "" {
		if cfg.shard, cfg.shards, err = parseShard(f.shard); err != nil {
			return nil, err
		}
	}
	if f.jobs < 1 {
		return nil, fmt.Errorf("bad --jobs %d: want 1 or more", f.jobs)
	}
	cfg.jobs = f.jobs
	if f.maxStates < 0 {
		return nil, fmt.Errorf("bad --max-states %d: want 0 (no limit) or more", f.maxStates)
	}
	if f.timeout < 0 {
		return nil, fmt.Errorf("bad --timeout %s: want 0 (no limit) or more", f.timeout)
	}
	mem := defaultMemory()
	if memorySet {
		if mem, err = parseSize(f.maxMemory); err != nil {
			return nil, err
		}
	}
	// The jobs share the cores: each check explores with its share of them.
	workers := max(1, runtime.NumCPU()/cfg.jobs)
	cfg.opts = checker.Options{Checks: f.checks, MaxStates: f.maxStates, MaxMemory: mem, Workers: workers}
	if cfg.opts.Reduce, err = parseReduce(f.reduce); err != nil {
		return nil, err
	}
	return cfg, nil
}

// parseShard reads --shard i/n, 1 <= i <= n.
func parseShard(s string) (int, int, error) {
	a, b, ok := strings.Cut(s, "/")
	i, err1 := strconv.Atoi(strings.TrimSpace(a))
	n, err2 := strconv.Atoi(strings.TrimSpace(b))
	if !ok || err1 != nil || err2 != nil || n < 1 || i < 1 || i > n {
		return 0, 0, fmt.Errorf("bad --shard %q: want i/n with 1 <= i <= n, e.g. 2/4", s)
	}
	return i, n, nil
}

// shardOf is the i-th (1-based) of n contiguous, near-equal slices of the
// sorted files; the slices of 1/n..n/n cover every file exactly once.
func shardOf(files []string, i, n int) []string {
	lo := (i - 1) * len(files) / n
	hi := i * len(files) / n
	return files[lo:hi]
}

// runGrade grades every solution against the harness and prints the grades
// in the chosen format, in the solutions' sorted order.
func runGrade(ctx context.Context, e env, f *gradeFlags, cfg *gradeConfig, harnessArg string, solutions []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if f.solutionProcess && len(solutions) != 0 {
		return usagef("interleave grade", "--%s takes the solutions on standard input", childFlag)
	}
	if cfg.format == "gradescope" && len(solutions) != 1 && !f.solutionProcess {
		return usagef("interleave grade", "--format gradescope grades one solution (Gradescope runs the autograder once per submission), got %d", len(solutions))
	}
	harness, err := load(harnessArg)
	if err != nil {
		return &exitStatus{code: exitError, msg: "interleave: " + err.Error()}
	}
	g := &grader{cfg: cfg, flags: f, harnessArg: harnessArg, harness: harness, markdown: cfg.format == "gradescope"}
	if err := g.prepare(); err != nil {
		return &exitStatus{code: exitError, msg: "interleave: the harness is broken:\n" + trimNewline(err.Error())}
	}
	if f.solutionProcess {
		return g.serveSolutions(ctx, e.stdin, e.stdout)
	}
	if cfg.reference != "" {
		var p *solutionProcess
		ref := g.gradeIsolated(ctx, &p, cfg.reference)
		if p != nil {
			p.stop()
		}
		switch {
		case ref.Error != "":
			return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: the reference solution %s could not be checked:\n%s",
				cfg.reference, trimNewline(ref.Error))}
		case ref.Score < g.maxScore:
			return &exitStatus{code: exitError, msg: fmt.Sprintf("interleave: the reference solution %s scores %d of %d: %s",
				cfg.reference, ref.Score, g.maxScore, lostPoints(ref))}
		}
	}
	files := slices.Clone(solutions)
	slices.Sort(files)
	files = slices.Compact(files)
	g.outNames = outNames(files)
	files = shardOf(files, cfg.shard, cfg.shards)
	grading := &reports.Grading{Harness: harness.Name, MaxScore: g.maxScore, Checks: g.checks,
		Solutions: g.gradeAll(ctx, files)}
	switch cfg.format {
	case "csv":
		e.stdout.Write(reports.GradeCSV(grading))
	case "json":
		e.stdout.Write(reports.GradeJSON(grading))
	case "junit":
		e.stdout.Write(reports.GradeJUnit(grading))
	case "gradescope":
		if len(grading.Solutions) == 1 {
			e.stdout.Write(reports.Gradescope(grading.Solutions[0]))
		}
	default:
		e.stdout.Write(reports.GradeTable(grading))
	}
	return nil
}

// lostPoints says which checks of a grade did not hold.
func lostPoints(gr reports.Grade) string {
	var lost []string
	for _, c := range gr.Checks {
		if c.Score < c.Points {
			s := c.Name + " " + c.Verdict.String()
			if c.FailsAt != "" {
				s += " at " + c.FailsAt
			}
			if c.Message != "" {
				s += " (" + c.Message + ")"
			}
			lost = append(lost, s)
		}
	}
	return strings.Join(lost, "; ")
}

// grader grades solutions against one harness; its methods are safe for
// concurrent use.
type grader struct {
	cfg *gradeConfig
	// flags and harnessArg are the command line, given again to each
	// solution's process.
	flags      *gradeFlags
	harnessArg string
	harness    lang.File
	markdown   bool
	// maxScore and checks are the harness's total points and check names.
	maxScore int
	checks   []string
	// outNames names each solution's directory under --out (see outNames).
	outNames map[string]string
}

// prepare compiles the harness alone, for each value of the sweep, and
// learns its checks and points.
func (g *grader) prepare() error {
	for _, consts := range g.cfg.sweep.values() {
		prog, err := compileHarness(g.harness, consts)
		if err != nil {
			return err
		}
		names, total, err := selected(prog.Checks, g.cfg.opts.Checks)
		if err != nil {
			return err
		}
		g.checks, g.maxScore = names, total
	}
	return nil
}

// selected are the names of the checks that --check selects and their total
// points, as the checker selects them (deadlock, assert and runtime are
// always checked).
func selected(all []*ir.Check, names []string) ([]string, int, error) {
	used := make([]bool, len(names))
	var out []string
	total := 0
	have := map[ir.CheckKind]bool{}
	for _, c := range all {
		have[c.Kind] = true
		keep := len(names) == 0
		for i, n := range names {
			if n == c.Name || n == c.Kind.String() {
				keep, used[i] = true, true
			}
		}
		if keep {
			out = append(out, c.Name)
			total += c.Points
		}
	}
	for _, k := range []ir.CheckKind{ir.CheckDeadlock, ir.CheckAssert, ir.CheckRuntime} {
		for i, n := range names {
			if n == k.String() {
				used[i] = true
			}
		}
		if !have[k] {
			out = append(out, k.String())
		}
	}
	for i, n := range names {
		if !used[i] {
			return nil, 0, checkError(fmt.Sprintf("interleave: unknown check %q\n", n))
		}
	}
	return out, total, nil
}

// gradeAll grades files with cfg.jobs solutions' processes at a time; the
// grades come back in the order of files, whatever the order in which they
// finish.
func (g *grader) gradeAll(ctx context.Context, files []string) []reports.Grade {
	out := make([]reports.Grade, len(files))
	next := make(chan int)
	var wg sync.WaitGroup
	for range min(g.cfg.jobs, len(files)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			var p *solutionProcess
			for i := range next {
				out[i] = g.gradeIsolated(ctx, &p, files[i])
			}
			if p != nil {
				p.stop()
			}
		}()
	}
	for i := range files {
		next <- i
	}
	close(next)
	wg.Wait()
	return out
}

// grade grades one solution in this process, for every value of the sweep.
// It never panics: whatever goes wrong becomes the grade's error.
func (g *grader) grade(ctx context.Context, file string) (gr reports.Grade) {
	gr = reports.Grade{File: file, MaxScore: g.maxScore}
	defer func() {
		if p := recover(); p != nil {
			gr = reports.Grade{File: file, MaxScore: g.maxScore, Error: fmt.Sprintf("internal error: %v", p)}
		}
	}()
	sol, err := readSolution(file)
	if err != nil {
		return g.failed(file, err.Error())
	}
	var grades []reports.Grade
	labels := g.cfg.sweep.labels()
	for k, consts := range g.cfg.sweep.values() {
		one, err := g.gradeWith(ctx, sol, consts, labels[k])
		if err != nil {
			msg := strings.TrimRight(err.Error(), "\n")
			if labels[k] != "" {
				msg = "with " + labels[k] + ":\n" + msg
			}
			return g.failed(file, msg)
		}
		grades = append(grades, one)
	}
	return mergeSweep(file, g.maxScore, grades, labels)
}

// gradeWith compiles and checks one solution with one set of constants, and
// writes its reports into --out.
func (g *grader) gradeWith(ctx context.Context, sol lang.File, consts map[string]int32, label string) (reports.Grade, error) {
	prog, err := compileWith(g.harness, &sol, consts)
	if err != nil {
		return reports.Grade{}, err
	}
	if g.cfg.fairness != nil {
		prog.Fairness = *g.cfg.fairness
	}
	g.cfg.mem.apply(prog)
	if g.cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, g.cfg.timeout)
		defer cancel()
	}
	res, err := checker.Run(ctx, prog, g.cfg.opts)
	if err != nil {
		return reports.Grade{}, modelError(err, sol.Name, map[string]string{g.harness.Name: string(g.harness.Text), sol.Name: string(sol.Text)})
	}
	if res == nil {
		return reports.Grade{}, fmt.Errorf("the checker returned no result")
	}
	if g.cfg.out != "" {
		if err := g.writeOut(ctx, sol.Name, label, res); err != nil {
			return reports.Grade{}, fmt.Errorf("cannot write into --out: %w", err)
		}
	}
	return reports.NewGrade(sol.Name, res, g.maxScore, g.markdown), nil
}

// outDir is the directory of a solution's reports under --out.
func (g *grader) outDir(file string) string {
	name, ok := g.outNames[file]
	if !ok {
		name = outNames([]string{file})[file]
	}
	return filepath.Join(g.cfg.out, name)
}

// outNames names the directory under --out of each file: its path without
// ".ilv", made safe as a file name; when two files would share a name
// ("a/b.ilv" and "a_b.ilv" both make "a_b"), each of them gets a short hash
// of its path after the name. The names depend on the whole class, not on a
// shard of it, so that shards writing into one --out never collide.
func outNames(files []string) map[string]string {
	base := make(map[string]string, len(files))
	uses := map[string]int{}
	for _, f := range files {
		path := filepath.ToSlash(filepath.Clean(f))
		if _, ok := base[path]; !ok {
			base[path] = fileName(strings.TrimSuffix(path, ".ilv"))
			uses[base[path]]++
		}
	}
	names := make(map[string]string, len(files))
	for _, f := range files {
		path := filepath.ToSlash(filepath.Clean(f))
		name := base[path]
		if uses[name] > 1 {
			sum := sha256.Sum256([]byte(path))
			name += "-" + hex.EncodeToString(sum[:4])
		}
		names[f] = name
	}
	return names
}

// writeError writes, with --out, why a solution could not be checked as its
// report. A failure to write is left out: the grade has the error already.
func (g *grader) writeError(file, msg string) {
	if g.cfg.out == "" {
		return
	}
	dir := g.outDir(file)
	if os.MkdirAll(dir, 0o755) == nil {
		_ = os.WriteFile(filepath.Join(dir, "report.txt"), []byte(msg+"\n"), 0o644)
	}
}

// writeOut writes a solution's text report and its counterexample diagrams
// into a directory of its own under --out.
func (g *grader) writeOut(ctx context.Context, file, label string, res *checker.Result) error {
	dir := g.outDir(file)
	prefix := ""
	if label != "" {
		prefix = fileName(label) + "."
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	report := reports.Text(res, reports.TextOptions{})
	if err := os.WriteFile(filepath.Join(dir, prefix+"report.txt"), []byte(report), 0o644); err != nil {
		return err
	}
	return writeOutDir(ctx, g.cfg.renderer, dir, prefix, res)
}

// mergeSweep makes one grade of the grades of every value of a sweep: a check
// holds when it holds for every value; it is violated when it is for some
// value, and FailsAt names the first such value; else it is unknown.
func mergeSweep(file string, maxScore int, grades []reports.Grade, labels []string) reports.Grade {
	if len(grades) == 1 {
		return grades[0]
	}
	gr := reports.Grade{File: file, MaxScore: maxScore}
	for i, c := range grades[0].Checks {
		m := c
		m.Score, m.FailsAt = c.Points, ""
		verdict := checker.Holds
		for k, one := range grades {
			if i >= len(one.Checks) {
				continue
			}
			oc := one.Checks[i]
			switch {
			case oc.Verdict == checker.Violated && verdict != checker.Violated:
				verdict, m.FailsAt, m.Message, m.Output = checker.Violated, labels[k], oc.Message, oc.Output
			case oc.Verdict == checker.Unknown && verdict == checker.Holds:
				verdict, m.Message, m.Output = checker.Unknown, oc.Message, oc.Output
			}
		}
		m.Verdict = verdict
		if verdict != checker.Holds {
			m.Score = 0
		}
		gr.Score += m.Score
		gr.Checks = append(gr.Checks, m)
	}
	return gr
}
