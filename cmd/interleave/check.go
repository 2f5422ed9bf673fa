package main

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/models"
	"github.com/interleave/interleave/reports"
)

// checkFlags are the flags of `interleave check`, as given.
type checkFlags struct {
	defines   []string
	with      string
	checks    []string
	fairness  string
	format    string
	dot       string
	svg       string
	out       string
	renderer  string
	maxStates int64
	maxMemory string
	timeout   time.Duration
	workers   int
	quiet     bool
	mem       memoryFlags
	// stopAtFirst ends the search at the first violation.
	stopAtFirst bool
	noColor     bool
	stats       bool
	// reduce is --reduce: none, por, symmetry or all.
	reduce string
	// approx asks for an approximate search; swarm is --swarm I/N.
	approx bool
	swarm  string
}

// checkConfig is what the flags mean, once validated.
type checkConfig struct {
	consts map[string]int32
	// sweep is the -D flags; with a swept constant, each model is checked
	// once per value, and consts holds the value of the run.
	sweep sweep
	// with is the student's solution of --with, "" without.
	with     string
	fairness *ir.Fairness
	mem      memoryFlags
	format   format
	dot      string
	svg      string
	out      string
	renderer renderer
	timeout  time.Duration
	opts     checker.Options
	text     reports.TextOptions
	// progress is the progress line on a terminal's stderr, or nil.
	progress *progressLine
}

func newCheckCmd(e env) *cobra.Command {
	var f checkFlags
	cmd := &cobra.Command{
		Use:   "check FILE...",
		Short: "Check the properties of models",
		Long: "check compiles each model and decides its checks. FILE is a model file, or the\n" +
			"name of a model of the built-in library (see interleave models).\n\n" +
			"--approx keeps a 64-bit hash per state instead of its bytes: a violation it finds\n" +
			"is real, no violation found is unknown, with the probability of a missed state.\n" +
			"--swarm I/N runs shard I of N such searches; interleave merge puts their JSON\n" +
			"reports together.\n\n" +
			"Exit status: 0 every check holds, 1 some check is violated, 2 a usage error or\n" +
			"an error in a model, 3 a limit was reached before every verdict was known, or an\n" +
			"approximate search found no violation.",
		Example: "  interleave check peterson\n  interleave check -D N=3 --check mutex bakery.ilv",
		Args: func(cmd *cobra.Command, args []string) error {
			if len(args) == 0 {
				return usagef(cmd.CommandPath(), "check needs a model: a FILE or a built-in model name")
			}
			return nil
		},
		RunE: func(cmd *cobra.Command, args []string) error {
			cfg, err := f.config(e, cmd.Flags().Changed("max-memory"))
			if err != nil {
				return usagef(cmd.CommandPath(), "%s", err)
			}
			return runCheck(cmd.Context(), e, cfg, args)
		},
	}
	fl := cmd.Flags()
	fl.StringArrayVarP(&f.defines, "define", "D", nil, "override a constant: -D NAME=VALUE, or sweep it: -D NAME=LO..HI (repeatable)")
	fl.StringVar(&f.with, "with", "", "check the model, a harness, with a student's `SOLUTION`")
	fl.StringArrayVar(&f.checks, "check", nil, "run only the named check (repeatable)")
	fl.StringVar(&f.fairness, "fairness", "", "override the model's fairness: weak, strong or none")
	f.mem.add(fl)
	fl.StringVar(&f.format, "format", "text", "report format: text, json, junit, markdown or tap")
	fl.StringVar(&f.dot, "dot", "", "write the diagram of the first violated check to `FILE` (Graphviz)")
	fl.StringVar(&f.svg, "svg", "", "write the diagram of the first violated check to `FILE` as SVG (no Graphviz needed)")
	fl.StringVar(&f.out, "out", "", "write NAME.dot and NAME.svg for every violated check into `DIR`")
	fl.StringVar(&f.renderer, "renderer", "native", "how --svg and --out draw SVG: native, or dot (the system's Graphviz)")
	fl.Int64Var(&f.maxStates, "max-states", 0, "stop after `N` states (0: no limit)")
	fl.StringVar(&f.maxMemory, "max-memory", "", "stop past `SIZE` of memory, e.g. 512MB, 2GiB (default: 3/4 of the machine's); given, a large safety search sizes its table for it")
	fl.DurationVar(&f.timeout, "timeout", 0, "stop after `DURATION`, e.g. 30s, 5m (0: no limit)")
	fl.IntVar(&f.workers, "workers", min(runtime.NumCPU(), maxWorkers), "exploration threads (at most 256)")
	fl.BoolVarP(&f.quiet, "quiet", "q", false, "print only the verdict lines")
	fl.BoolVar(&f.stopAtFirst, "stop-at-first", false, "end the search at the first violation of a safety check; the others are then unknown")
	fl.BoolVar(&f.noColor, "no-color", false, "no colour (also when NO_COLOR is set or stdout is not a terminal)")
	fl.BoolVar(&f.stats, "stats", false, "print extended statistics")
	fl.StringVar(&f.reduce, "reduce", "all", reduceUsage)
	fl.BoolVar(&f.approx, "approx", false, "approximate safety search keeping a 64-bit hash per state: a violation is real, no violation is unknown (exit 3)")
	fl.StringVar(&f.swarm, "swarm", "", "run shard `I/N` of N differently seeded and ordered approximate searches (implies --approx; see interleave merge)")
	return cmd
}

// config validates the flags. memorySet tells whether --max-memory was given;
// otherwise the limit is three quarters of the machine's memory.
func (f *checkFlags) config(e env, memorySet bool) (*checkConfig, error) {
	cfg := &checkConfig{dot: f.dot, svg: f.svg, out: f.out, timeout: f.timeout, with: f.with}
	var err error
	if cfg.renderer, err = parseRenderer(f.renderer); err != nil {
		return nil, err
	}
	if cfg.format, err = parseFormat(f.format); err != nil {
		return nil, err
	}
	if cfg.sweep, err = parseSweep(f.defines); err != nil {
		return nil, err
	}
	cfg.consts = cfg.sweep.fixed
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
	if f.maxStates < 0 {
		return nil, fmt.Errorf("bad --max-states %d: want 0 (no limit) or more", f.maxStates)
	}
	if f.timeout < 0 {
		return nil, fmt.Errorf("bad --timeout %s: want 0 (no limit) or more", f.timeout)
	}
	if f.workers < 1 || f.workers > maxWorkers {
		return nil, fmt.Errorf("bad --workers %d: want 1 to %d", f.workers, maxWorkers)
	}
	mem := defaultMemory()
	if memorySet {
		if mem, err = parseSize(f.maxMemory); err != nil {
			return nil, err
		}
	}
	cfg.opts = checker.Options{Checks: f.checks, MaxStates: f.maxStates, MaxMemory: mem, Workers: f.workers, Presize: memorySet}
	if cfg.opts.Reduce, err = parseReduce(f.reduce); err != nil {
		return nil, err
	}
	if !f.quiet && e.isTerminal(e.stderr) {
		cfg.progress = &progressLine{w: e.stderr}
		cfg.opts.Progress = cfg.progress.update
		cfg.opts.Found = cfg.progress.found
	}
	cfg.opts.StopAtFirst = f.stopAtFirst
	if cfg.opts.Approx, err = parseApprox(f.approx, f.swarm); err != nil {
		return nil, err
	}
	cfg.text = reports.TextOptions{
		Color: !f.noColor && e.getenv("NO_COLOR") == "" && e.isTerminal(e.stdout),
		Quiet: f.quiet,
		Stats: f.stats,
	}
	return cfg, nil
}

// maxWorkers bounds --workers: more exploration threads than this only add
// contention, and each holds buffers of its own.
const maxWorkers = 256

// outcome is how the check of one model ended, in increasing precedence for
// the exit status: an error in the model beats a violation, which beats a limit.
type outcome int

const (
	outcomeHolds outcome = iota
	outcomeLimit
	outcomeViolated
	outcomeError
)

// runCheck checks every model in turn, prints its report, writes the diagram
// of the first violated check when asked, and returns the exit status.
func runCheck(ctx context.Context, e env, cfg *checkConfig, args []string) error {
	if ctx == nil {
		ctx = context.Background()
	}
	worst := outcomeHolds
	dotWritten := false
	var all []*checker.Result
	var broken []reports.ModelError
	annotate := e.getenv("GITHUB_ACTIONS") == "true"
	runs := sweepRuns(cfg, args)
	var sum *sweepSummary
	for i, run := range runs {
		arg := run.arg
		if run.first && run.label != "" {
			sum = &sweepSummary{name: cfg.sweep.name}
		}
		res, err := e.check(ctx, run.cfg, arg)
		if cfg.progress != nil {
			cfg.progress.done()
		}
		if sum != nil {
			sum.add(run.label, res, err)
		}
		if err != nil {
			fmt.Fprint(e.stderr, err.Error())
			worst = max(worst, outcomeError)
			broken = append(broken, reports.ModelError{File: arg, Message: err.Error()})
			sum.print(e.stdout, run, cfg.format)
			continue
		}
		res.Run = run.label
		all = append(all, res)
		switch cfg.format {
		case formatJSON:
			if len(runs) == 1 {
				e.stdout.Write(reports.JSON(res))
			}
			// Several runs make one document, written once they are all checked.
		case formatMarkdown:
			if i > 0 {
				fmt.Fprintln(e.stdout)
			}
			fmt.Fprint(e.stdout, reports.Markdown(res))
		case formatJUnit, formatTAP:
			// One document for all models, written once they are all checked.
		default:
			if i > 0 && !cfg.text.Quiet {
				fmt.Fprintln(e.stdout)
			}
			if cfg.text.Quiet && len(runs) > 1 {
				if run.label != "" {
					fmt.Fprintf(e.stdout, "%s (%s):\n", res.File, run.label)
				} else {
					fmt.Fprintf(e.stdout, "%s:\n", res.File)
				}
			}
			fmt.Fprint(e.stdout, reports.Text(res, cfg.text))
		}
		if annotate {
			for _, line := range reports.GitHubAnnotations(res) {
				fmt.Fprint(e.stderr, line)
			}
		}
		worst = max(worst, judge(res))
		if k := reports.FirstViolated(res); k >= 0 && !dotWritten && (cfg.dot != "" || cfg.svg != "") {
			dotWritten = true
			if err := writeFirst(ctx, cfg, res, k); err != nil {
				fmt.Fprintf(e.stderr, "interleave: cannot write the diagram: %s\n", err)
				worst = max(worst, outcomeError)
			}
		}
		if cfg.out != "" {
			prefix := ""
			if len(args) > 1 {
				prefix = fileName(res.Model) + "."
			}
			if run.label != "" {
				prefix += fileName(run.label) + "."
			}
			if err := writeOutDir(ctx, cfg.renderer, cfg.out, prefix, res); err != nil {
				fmt.Fprintf(e.stderr, "interleave: cannot write the diagrams: %s\n", err)
				worst = max(worst, outcomeError)
			}
		}
		sum.print(e.stdout, run, cfg.format)
	}
	switch cfg.format {
	case formatJSON:
		if len(runs) > 1 {
			e.stdout.Write(reports.JSONAll(all, broken))
		}
	case formatJUnit:
		e.stdout.Write(reports.JUnit(all, broken...))
	case formatTAP:
		e.stdout.Write(reports.TAP(all, broken...))
	}
	if !dotWritten && worst != outcomeError {
		for _, name := range []string{cfg.dot, cfg.svg} {
			if name != "" {
				fmt.Fprintf(e.stderr, "interleave: no check is violated: %s not written\n", name)
			}
		}
	}
	switch worst {
	case outcomeError:
		return &exitStatus{code: exitError}
	case outcomeViolated:
		return &exitStatus{code: exitViolated}
	case outcomeLimit:
		return &exitStatus{code: exitLimit}
	}
	return nil
}

// writeFirst writes the diagram of r.Checks[k] to the files of --dot and --svg.
func writeFirst(ctx context.Context, cfg *checkConfig, r *checker.Result, k int) error {
	if cfg.dot != "" {
		out, err := reports.DOT(r, k)
		if err != nil {
			return err
		}
		if err := os.WriteFile(cfg.dot, out, 0o644); err != nil {
			return err
		}
	}
	if cfg.svg != "" {
		out, err := diagramSVG(ctx, cfg.renderer, r, k)
		if err != nil {
			return err
		}
		if err := os.WriteFile(cfg.svg, out, 0o644); err != nil {
			return err
		}
	}
	return nil
}

// judge is the outcome of a result: violated when a check is, limit when a
// verdict is unknown or the search did not complete.
func judge(r *checker.Result) outcome {
	o := outcomeHolds
	if !r.Stats.Complete {
		o = outcomeLimit
	}
	for _, c := range r.Checks {
		switch c.Verdict {
		case checker.Violated:
			return outcomeViolated
		case checker.Unknown:
			o = outcomeLimit
		}
	}
	return o
}

// checkError is an error in checking one model, ready for stderr: every line
// ends with a newline.
type checkError string

func (e checkError) Error() string { return string(e) }

// checkOne loads, compiles and checks one model.
func checkOne(ctx context.Context, cfg *checkConfig, arg string) (res *checker.Result, err error) {
	file, err := load(arg)
	if err != nil {
		return nil, checkError("interleave: " + err.Error() + "\n")
	}
	// A model must never crash the program: a panic below is reported as an
	// internal error of this model, and the other models are still checked.
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, checkError(fmt.Sprintf("interleave: %s: internal error: %v\n", file.Name, p))
		}
	}()
	var with *lang.File
	if cfg.with != "" {
		sol, err := readSolution(cfg.with)
		if err != nil {
			return nil, checkError("interleave: " + err.Error() + "\n")
		}
		with = &sol
	}
	prog, err := compileWith(file, with, cfg.consts)
	if err != nil {
		return nil, err
	}
	if cfg.fairness != nil {
		prog.Fairness = *cfg.fairness
	}
	cfg.mem.apply(prog)
	if cfg.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, cfg.timeout)
		defer cancel()
	}
	res, err = checker.Run(ctx, prog, cfg.opts)
	if err != nil {
		texts := map[string]string{file.Name: string(file.Text)}
		if with != nil {
			texts[with.Name] = string(with.Text)
		}
		return nil, modelError(err, file.Name, texts)
	}
	if res == nil {
		return nil, checkError(fmt.Sprintf("interleave: %s: the checker returned no result\n", file.Name))
	}
	if res.Approx != nil {
		res.Approx.Source = sourceHash(file, with)
	}
	return res, nil
}

// load reads the model named by arg: a file when one exists at that path,
// else a model of the built-in library.
func load(arg string) (lang.File, error) {
	if _, err := os.Lstat(arg); !isNotExist(err) {
		data, err := readSource(arg, true)
		if err != nil {
			return lang.File{}, err
		}
		return lang.File{Name: arg, Text: data}, nil
	}
	m, ok := models.Lookup(arg)
	if !ok {
		return lang.File{}, fmt.Errorf("no file or built-in model named %s; see interleave models", arg)
	}
	return lang.File{Name: m.File, Text: m.Source}, nil
}

// unwrapPath drops the path from an fs.PathError, which the message already
// names.
func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
