package main

import (
	"bufio"
	"context"
	"encoding/gob"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/interleave/interleave/reports"
)

// Grading isolates the solutions from the grader and from each other in
// processes of their own: the program runs itself again with the hidden flag
// --solution-process, once per job, and hands each such process one solution
// at a time. Whatever a solution does there (exhaust its memory, crash, spin)
// ends that process only: the grader scores that solution 0 with a plain
// error, starts a new process for the next one, and every other solution is
// graded exactly as it would be alone.
//
// A solution's process limits itself: the operating system caps its memory
// (RLIMIT_DATA) a little above --max-memory, the checker's own gauge stops the
// search at --max-memory, and --timeout counts the processor time that each
// solution uses, so that a solution's budget never depends on what is graded
// beside it.

// childFlag is the hidden flag of grade that makes this process grade the
// solutions that the grader sends it (see serveSolutions).
const childFlag = "solution-process"

// Exit statuses of a solution's process beside those of CLI.md.
const (
	// exitOverBudget: a solution used up its processor time and its check
	// could not stop cleanly (it was compiling).
	exitOverBudget = 4
)

// osMemory is the memory the operating system lets a solution's process have
// for a --max-memory of limit bytes: the runtime and the program need some
// room beyond the heap that the checker measures.
func osMemory(limit uint64) uint64 { return limit + limit/4 + 256<<20 }

// childArgs is the command line of a solution's process, with the same flags
// as this run.
func (f *gradeFlags) childArgs(cfg *gradeConfig, harness string) []string {
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
	if f.mem.memory != "" {
		args = append(args, "--memory", f.mem.memory)
	}
	args = append(args,
		"--store-buffer", strconv.Itoa(f.mem.buffer),
		"--format", f.format,
		"--renderer", f.renderer,
		"--jobs", strconv.Itoa(cfg.jobs),
		"--max-states", strconv.FormatInt(f.maxStates, 10),
		"--max-memory", strconv.FormatUint(cfg.opts.MaxMemory, 10),
		"--timeout", cfg.timeout.String(),
		"--reduce", cfg.opts.Reduce.String())
	if f.out != "" {
		args = append(args, "--out", f.out)
	}
	return append(args, "--", harness)
}

// solutionRequest asks a solution's process to grade one file, one JSON
// object a line on its standard input; the grade comes back gob-encoded on
// its standard output.
type solutionRequest struct {
	File string `json:"file"`
	// OutName is the file's directory under --out.
	OutName string `json:"out_name"`
}

// solutionProcess is one running process that grades solutions.
type solutionProcess struct {
	cmd    *exec.Cmd
	in     io.WriteCloser
	out    *gob.Decoder
	stderr *headBuffer
}

// start starts a solution's process for g.
func (g *grader) start() (*solutionProcess, error) {
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, g.flags.childArgs(g.cfg, g.harnessArg)...)
	p := &solutionProcess{cmd: cmd, stderr: &headBuffer{max: 4 << 10}}
	cmd.Stderr = p.stderr
	if p.in, err = cmd.StdinPipe(); err != nil {
		return nil, err
	}
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, err
	}
	p.out = gob.NewDecoder(bufio.NewReader(stdout))
	return p, nil
}

// stop ends the process (it ends by itself once its input is closed) and
// waits for it.
func (p *solutionProcess) stop() {
	p.in.Close()
	_ = p.cmd.Wait()
}

// kill ends the process at once and waits for it.
func (p *solutionProcess) kill() {
	_ = p.cmd.Process.Kill()
	p.in.Close()
	_ = p.cmd.Wait()
}

// gradeIsolated grades file in the solution's process *pp, starting one when
// there is none, and interprets how the process ended if it did: *pp is then
// nil, and the next solution gets a new process.
func (g *grader) gradeIsolated(ctx context.Context, pp **solutionProcess, file string) reports.Grade {
	if ctx.Err() != nil {
		return g.failed(file, "grading was interrupted before this solution was checked")
	}
	if *pp == nil {
		p, err := g.start()
		if err != nil {
			return g.failed(file, fmt.Sprintf("cannot start the checker: %v", err))
		}
		*pp = p
	}
	p := *pp
	p.stderr.reset()
	req, _ := json.Marshal(solutionRequest{File: file, OutName: filepath.Base(g.outDir(file))})
	// A process that is killed, by the clock or an interrupt, stops the
	// decoding below.
	var timedOut atomic.Bool
	watch := context.AfterFunc(ctx, func() { _ = p.cmd.Process.Kill() })
	defer watch()
	if wall := g.wallLimit(); wall > 0 {
		timer := time.AfterFunc(wall, func() {
			timedOut.Store(true)
			_ = p.cmd.Process.Kill()
		})
		defer timer.Stop()
	}
	var gr reports.Grade
	_, err := p.in.Write(append(req, '\n'))
	if err == nil {
		err = p.out.Decode(&gr)
	}
	if err == nil {
		gr.File = file
		return gr
	}
	*pp = nil
	p.kill()
	switch {
	case ctx.Err() != nil:
		return g.failed(file, "grading was interrupted before this solution was checked")
	case timedOut.Load():
		return g.failed(file, fmt.Sprintf("did not finish within %s and was stopped", g.wallLimit()))
	}
	return g.failed(file, g.crashMessage(p.cmd.ProcessState, p.stderr.String()))
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
	if strings.Contains(stderr, "out of memory") || strings.Contains(stderr, "cannot allocate memory") ||
		strings.Contains(stderr, "pthread_create failed") {
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

// headBuffer keeps the first max bytes written to it since its last reset:
// where a crashing Go program says why, before its stacks. It is safe for
// concurrent use.
type headBuffer struct {
	mu  sync.Mutex
	max int
	buf []byte
}

func (h *headBuffer) Write(p []byte) (int, error) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if room := h.max - len(h.buf); room > 0 {
		h.buf = append(h.buf, p[:min(room, len(p))]...)
	}
	return len(p), nil
}

func (h *headBuffer) reset() {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.buf = h.buf[:0]
}

func (h *headBuffer) String() string {
	h.mu.Lock()
	defer h.mu.Unlock()
	return string(h.buf)
}

// serveSolutions grades, in this process, the solutions that the grader asks
// for on in, one request a line, and writes each grade to w. It first puts
// the process under its limits: the operating system's cap on memory and the
// runtime's soft limit. Each solution gets a clean heap and --timeout of
// processor time: at the end of it the check stops cleanly, and if it
// cannot (it is compiling) the whole process ends soon after.
func (g *grader) serveSolutions(ctx context.Context, in io.Reader, w io.Writer) error {
	if mem := g.cfg.opts.MaxMemory; mem > 0 {
		limitData(osMemory(mem))
		debug.SetMemoryLimit(int64(min(mem, 1<<62)))
	}
	budget := g.cfg.timeout
	g.cfg.timeout = 0
	out := bufio.NewWriter(w)
	enc := gob.NewEncoder(out)
	sc := bufio.NewScanner(in)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var req solutionRequest
		if err := json.Unmarshal(sc.Bytes(), &req); err != nil {
			return fmt.Errorf("bad request: %w", err)
		}
		g.outNames = map[string]string{req.File: req.OutName}
		runtime.GC()
		if err := enc.Encode(g.gradeWithin(ctx, req.File, budget)); err != nil {
			return err
		}
		if err := out.Flush(); err != nil {
			return err
		}
	}
	return sc.Err()
}

// gradeWithin grades file with budget of processor time (0: no limit).
func (g *grader) gradeWithin(ctx context.Context, file string, budget time.Duration) reports.Grade {
	if budget <= 0 {
		return g.grade(ctx, file)
	}
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	finished := make(chan struct{})
	defer close(finished)
	start := cpuTime()
	overBudget := func() {
		fmt.Fprintf(os.Stderr, "interleave: over the processor time budget of %s\n", budget)
		os.Exit(exitOverBudget)
	}
	go watchProcessorTime(finished, budget, max(time.Second, budget/4), func() time.Duration { return cpuTime() - start },
		func() { cancel(context.DeadlineExceeded) }, overBudget)
	return g.grade(ctx, file)
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
