package main

import (
	"os"
	"strings"
	"testing"
)

// asMainEnv, when set, makes the test binary run as the interleave command:
// grading starts the program again for each solution, and under test the
// program is this binary. The tests set it for the processes they start.
const asMainEnv = "INTERLEAVE_TEST_AS_MAIN"

func TestMain(m *testing.M) {
	// The test binary's own workers (fuzzing) are started with -test. flags.
	if os.Getenv(asMainEnv) == "1" && len(os.Args) > 1 && !strings.HasPrefix(os.Args[1], "-test.") {
		os.Exit(Main(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Setenv(asMainEnv, "1")
	os.Exit(m.Run())
}
