// Command interleave is the command line of the interleave model checker: it
// compiles models, checks their properties, and prints reports (CLI.md).
//
// This package only wires flags to the options of the other packages and
// decides the exit status; all it prints goes through the writers given to
// Main, so tests drive it in-process. Exit status: 0 every check holds, 1 some
// check is violated, 2 a usage error or an error in a model, 3 a limit was
// reached before every verdict was known and none was violated.
//
// default.pgo is a CPU profile of the benchmarks of SPIN's granularity, which
// go build uses to optimise the hot paths of the search (6-13 % faster on the
// filter lock with 4 processes). Make it anew after a change to the engine
// with
//
//	go test -run X -bench SpinPairs -benchtime 1x -cpuprofile $PWD/cmd/interleave/default.pgo ./checker
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"os/signal"

	"github.com/interleave/interleave/checker"
)

// Exit statuses of CLI.md.
const (
	exitHolds    = 0
	exitViolated = 1
	exitError    = 2
	exitLimit    = 3
)

func main() {
	os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
}

// Main runs the command line with args (without the program name), writing
// reports to stdout and errors to stderr, and returns the exit status. Colour
// follows the real environment: NO_COLOR, and whether stdout is a terminal. An
// interrupt (Ctrl-C) ends a check early, like a limit: the report shows what
// was decided so far.
func Main(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return run(ctx, args, env{stdin: os.Stdin, stdout: stdout, stderr: stderr, getenv: os.Getenv, isTerminal: isTerminal,
		check: checkOne, randomSeed: rand.Uint64})
}

// env is what the commands may use of the outside world.
type env struct {
	// stdin is read only by a solution's process of grade (isolate.go).
	stdin          io.Reader
	stdout, stderr io.Writer
	// getenv reads an environment variable ("" when unset).
	getenv func(string) string
	// isTerminal reports whether w is a terminal.
	isTerminal func(w io.Writer) bool
	// check loads, compiles and checks the model named by a FILE argument; its
	// error is ready for stderr.
	check func(ctx context.Context, cfg *checkConfig, arg string) (*checker.Result, error)
	// randomSeed draws the seed of a simulation run without --seed.
	randomSeed func() uint64
}

// exitStatus ends a command with a status; msg, when set, goes to stderr.
type exitStatus struct {
	code int
	msg  string
}

func (e *exitStatus) Error() string { return e.msg }

// usageError is a bad command line: exit status 2 with a hint to --help.
type usageError struct {
	msg  string
	path string // the command's path, for the hint: "interleave check"
}

func (e *usageError) Error() string { return e.msg }

func usagef(path, format string, args ...any) error {
	return &usageError{msg: fmt.Sprintf(format, args...), path: path}
}

// run builds the commands, executes them and turns the outcome into a status.
func run(ctx context.Context, args []string, e env) int {
	root := newRootCmd(e)
	root.SetArgs(args)
	err := root.ExecuteContext(ctx)
	if err == nil {
		return exitHolds
	}
	var st *exitStatus
	if errors.As(err, &st) {
		if st.msg != "" {
			fmt.Fprintln(e.stderr, st.msg)
		}
		return st.code
	}
	var ue *usageError
	if errors.As(err, &ue) {
		fmt.Fprintf(e.stderr, "interleave: %s\nRun '%s --help' for usage.\n", ue.msg, ue.path)
		return exitError
	}
	// Cobra's own errors (an unknown command, a wrong number of arguments) are
	// usage errors too.
	fmt.Fprintf(e.stderr, "interleave: %s\nRun 'interleave --help' for usage.\n", err)
	return exitError
}

// isTerminal reports whether w is a character device, such as a terminal.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	st, err := f.Stat()
	if err != nil {
		return false
	}
	return st.Mode()&os.ModeCharDevice != 0
}
