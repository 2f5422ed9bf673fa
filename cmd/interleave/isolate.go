package main

import (
	"bytes"
	"context"
	"encoding/gob"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"syscall"
	"time"

	"github.com/interleave/interleave/reports"
)

// Grading isolates each solution in a process of its own: the program runs
// itself again with the hidden flag --solution-process, once per solution.
// Whatever one solution does there (exhaust its memory, crash, spin) ends that
// process only; the grader scores it 0 with a plain error and every other
// solution is graded exactly as it would be alone.
//
// The solution's process limits itself: the operating system caps its memory
// (RLIMIT_DATA) a little above --max-memory, the checker's own gauge stops the
// search at --max-memory, and --timeout counts the processor time of that
// process alone, so that a solution's budget never depends on what is graded
// beside it.

// childFlag is the hidden flag of grade that grades one solution in this
// process and writes its grade, gob-encoded, to standard output.
const childFlag = "solution-process"

// Exit statuses of a solution's process beside those of CLI.md.
const (
	// exitOverBudget: the process used up its processor time and could not
	// stop cleanly (it was compiling).
	exitOverBudget = 4
)

// osMemory is the memory the operating system lets a solution's process have
// for a --max-memory of limit bytes: the runtime and the program need some
// room beyond the heap that the checker measures.
func osMemory(limit uint64) uint64 { return limit + limit/4 + 256<<20 }

// childArgs is the command line that grades file alone in a process of its
// own, with the same flags as this run.
func (f *gradeFlags) childArgs(cfg *gradeConfig, harness, file, outName string) []string {
	args := []string{"grade", "--" + childFlag}
	for _, d := range f.defines {
		args = append(args, "-D", d)
	}
	for _, c := range f.checks {
		args = append(args, "--check", c)
	}
	if f.fairness != "" {
		args = append(args, "--fairness", f.fairness)
	}
	args = append(args,
		"--format", f.format,
		"--renderer", f.renderer,
		"--jobs", strconv.Itoa(cfg.jobs),
		"--max-states", strconv.FormatInt(f.maxStates, 10),
		"--max-memory", strconv.FormatUint(cfg.opts.MaxMemory, 10),
		"--timeout", cfg.timeout.String())
	if f.out != "" {
		args = append(args, "--out", f.out, "--out-name", outName)
	}
	return append(args, "--", harness, file)
}

// gradeIsolated grades file in a process of its own and interprets how that
// process ended.
func (g *grader) gradeIsolated(ctx context.Context, file string) reports.Grade {
	self, err := os.Executable()
	if err != nil {
		return g.failed(file, fmt.Sprintf("cannot start the checker: %v", err))
	}
	run := ctx
	var cancel context.CancelFunc
	if wall := g.wallLimit(); wall > 0 {
		run, cancel = context.WithTimeout(ctx, wall)
		defer cancel()
	}
	cmd := exec.CommandContext(run, self, g.flags.childArgs(g.cfg, g.harnessArg, file, filepath.Base(g.outDir(file)))...)
	var stdout bytes.Buffer
	stderr := &headBuffer{max: 4 << 10}
	cmd.Stdout, cmd.Stderr = &stdout, stderr
	cmd.WaitDelay = time.Second
	err = cmd.Run()
	switch {
	case ctx.Err() != nil:
		return g.failed(file, "grading was interrupted before this solution was checked")
	case run.Err() != nil:
		return g.failed(file, fmt.Sprintf("did not finish within %s and was stopped", g.wallLimit()))
	}
	if err == nil {
		var gr reports.Grade
		if derr := gob.NewDecoder(&stdout).Decode(&gr); derr == nil {
			gr.File = file
			return gr
		}
	}
	return g.failed(file, g.crashMessage(cmd.ProcessState, stderr.String()))
}

// failed is the grade of a solution that could not be checked, with its error
// also written into --out.
func (g *grader) failed(file, msg string) reports.Grade {
	g.writeError(file, msg)
	return reports.Grade{File: file, MaxScore: g.maxScore, Error: msg}
}

// crashMessage says in plain words why a solution's process ended without a
// grade; nothing the process printed is quoted.
func (g *grader) crashMessage(st *os.ProcessState, stderr string) string {
	mem := sizeText(g.cfg.opts.MaxMemory)
	if strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "cannot allocate memory") {
		return fmt.Sprintf("ran out of memory (%s) while checking", mem)
	}
	if st == nil {
		return "the checker could not be run for this solution"
	}
	if ws, ok := st.Sys().(syscall.WaitStatus); ok && ws.Signaled() {
		if ws.Signal() == syscall.SIGKILL {
			return fmt.Sprintf("ran out of memory (%s) while checking: the system stopped the checker", mem)
		}
		return fmt.Sprintf("the checker stopped unexpectedly while checking (%s)", ws.Signal())
	}
	if st.ExitCode() == exitOverBudget {
		return fmt.Sprintf("ran out of time (%s of processor time) while checking", g.cfg.timeout)
	}
	return fmt.Sprintf("the checker stopped unexpectedly while checking (exit status %d)", st.ExitCode())
}

// wallLimit is how long a solution's process may run by the clock before it
// is stopped: its processor time budget, with room for the processor being
// shared among the jobs, plus a margin; 0 without --timeout.
func (g *grader) wallLimit() time.Duration {
	if g.cfg.timeout <= 0 {
		return 0
	}
	share := max(1, (g.cfg.jobs+runtime.NumCPU()-1)/runtime.NumCPU())
	return 3*time.Duration(share)*g.cfg.timeout + 10*time.Second
}

// headBuffer keeps the first max bytes written to it: where a crashing Go
// program says why, before its stacks.
type headBuffer struct {
	max int
	buf []byte
}

func (h *headBuffer) Write(p []byte) (int, error) {
	if room := h.max - len(h.buf); room > 0 {
		h.buf = append(h.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (h *headBuffer) String() string { return string(h.buf) }

// runSolutionProcess grades the one solution of this process and writes its
// grade to w. It first puts the process under its limits: the operating
// system's cap on memory, the runtime's soft limit, and a watch on processor
// time that ends the check cleanly at --timeout, or the whole process soon
// after if the check cannot stop (while compiling).
func (g *grader) runSolutionProcess(ctx context.Context, w io.Writer, file string) error {
	if mem := g.cfg.opts.MaxMemory; mem > 0 {
		limitData(osMemory(mem))
		debug.SetMemoryLimit(int64(min(mem, 1<<62)))
	}
	if budget := g.cfg.timeout; budget > 0 {
		var cancel context.CancelCauseFunc
		ctx, cancel = context.WithCancelCause(ctx)
		defer cancel(nil)
		finished := make(chan struct{})
		defer close(finished)
		overBudget := func() {
			fmt.Fprintf(os.Stderr, "interleave: over the processor time budget of %s\n", budget)
			os.Exit(exitOverBudget)
		}
		go watchProcessorTime(finished, budget, max(time.Second, budget/4), cpuTime,
			func() { cancel(context.DeadlineExceeded) }, overBudget)
		g.cfg.timeout = 0
		defer func() { g.cfg.timeout = budget }()
	}
	gr := g.grade(ctx, file)
	return gob.NewEncoder(w).Encode(gr)
}

// watchProcessorTime reads the processor time used (with used) every few
// milliseconds until done is closed: at budget it calls stop, to end the
// check cleanly; at budget+grace, if the process is still busy (it cannot
// stop while compiling), it calls kill and returns.
func watchProcessorTime(done <-chan struct{}, budget, grace time.Duration, used func() time.Duration, stop, kill func()) {
	tick := time.NewTicker(10 * time.Millisecond)
	defer tick.Stop()
	stopped := false
	for {
		select {
		case <-done:
			return
		case <-tick.C:
		}
		t := used()
		if !stopped && t >= budget {
			stop()
			stopped = true
		}
		if t >= budget+grace {
			kill()
			return
		}
	}
}

// sizeText writes a size as --max-memory takes it: "2 GiB" for a whole number
// of a binary unit, else with a decimal ("1.5 GiB").
func sizeText(n uint64) string {
	for _, u := range []struct {
		name string
		size uint64
	}{{"TiB", 1 << 40}, {"GiB", 1 << 30}, {"MiB", 1 << 20}, {"KiB", 1 << 10}} {
		if n >= u.size && n%u.size == 0 {
			return fmt.Sprintf("%d %s", n/u.size, u.name)
		}
	}
	return reports.Bytes(n)
}
