package main

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/assert"
)

// runMain drives Main in-process and returns its status and outputs.
func runMain(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestUsageErrors(t *testing.T) {
	const checkHint = "\nRun 'interleave check --help' for usage.\n"
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no file", []string{"check"}, "interleave: check needs a model: a FILE or a built-in model name" + checkHint},
		{"bad format", []string{"check", "--format", "xml", "x"},
			`interleave: bad --format "xml": want text, json, junit, markdown or tap` + checkHint},
		{"define without value", []string{"check", "-D", "N", "x"}, `interleave: bad -D "N": want NAME=VALUE` + checkHint},
		{"define bad name", []string{"check", "-D", "3N=1", "x"}, `interleave: bad -D "3N=1": want NAME=VALUE` + checkHint},
		{"define not a number", []string{"check", "-DN=two", "x"}, `interleave: bad -D "N=two": two is not an integer` + checkHint},
		{"define too large", []string{"check", "-D", "N=99999999999", "x"},
			`interleave: bad -D "N=99999999999": 99999999999 is out of range` + checkHint},
		{"fairness", []string{"check", "--fairness", "fair", "x"},
			`interleave: bad --fairness "fair": want weak, strong or none` + checkHint},
		{"memory", []string{"check", "--max-memory", "12XB", "x"},
			`interleave: bad size "12XB": want bytes, or a number with a unit such as 512MB or 2GiB` + checkHint},
		{"workers", []string{"check", "--workers", "0", "x"}, "interleave: bad --workers 0: want 1 to 256" + checkHint},
		{"too many workers", []string{"check", "--workers", "100000", "x"}, "interleave: bad --workers 100000: want 1 to 256" + checkHint},
		{"max states", []string{"check", "--max-states", "-1", "x"},
			"interleave: bad --max-states -1: want 0 (no limit) or more" + checkHint},
		{"negative timeout", []string{"check", "--timeout", "-1s", "x"},
			"interleave: bad --timeout -1s: want 0 (no limit) or more" + checkHint},
		{"bad timeout", []string{"check", "--timeout", "soon", "x"},
			`interleave: invalid argument "soon" for "--timeout" flag: time: invalid duration "soon"` + checkHint},
		{"bad max states", []string{"check", "--max-states", "many", "x"},
			`interleave: invalid argument "many" for "--max-states" flag: strconv.ParseInt: parsing "many": invalid syntax` + checkHint},
		{"unknown flag", []string{"check", "--bogus", "x"}, "interleave: unknown flag: --bogus" + checkHint},
		{"unknown command", []string{"bogus"},
			"interleave: unknown command \"bogus\" for \"interleave\"\nRun 'interleave --help' for usage.\n"},
		{"models show without name", []string{"models", "show"},
			"interleave: models show needs one model name\nRun 'interleave models show --help' for usage.\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runMain(tt.args...)
			assert.Equal(t, exitError, code)
			assert.Empty(t, stdout)
			assert.Equal(t, tt.want, stderr)
		})
	}
}

func TestUnknownModel(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"check", []string{"check", "no_such_model"},
			"interleave: no file or built-in model named no_such_model; see interleave models\n"},
		{"check a missing path", []string{"check", "missing/model.ilv"},
			"interleave: no file or built-in model named missing/model.ilv; see interleave models\n"},
		{"show", []string{"models", "show", "no_such_model"},
			"interleave: no built-in model named no_such_model; see interleave models\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runMain(tt.args...)
			assert.Equal(t, exitError, code)
			assert.Empty(t, stdout)
			assert.Equal(t, tt.want, stderr)
		})
	}
}

func TestHelpAndCompletion(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"help", []string{"--help"}, "interleave explores every interleaving"},
		{"check help", []string{"check", "--help"}, "--max-memory SIZE"},
		{"completion", []string{"completion", "bash"}, "bash completion"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, stdout, stderr := runMain(tt.args...)
			assert.Equal(t, exitHolds, code)
			assert.Contains(t, stdout, tt.want)
			assert.Empty(t, stderr)
		})
	}
}
