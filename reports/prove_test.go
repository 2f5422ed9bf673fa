package reports

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
)

// proveSummary matches prove's line for one file: "(Wstat: 0 Tests: 14 Failed: 5)".
var proveSummary = regexp.MustCompile(`Tests: (\d+) Failed: (\d+)\)`)

// TestProveAcceptsTAP hands the TAP output to Perl's prove, the most used
// TAP harness, when it is on PATH (.ci/run installs it): prove must find no
// parse error, count every test, and fail exactly the "not ok" ones; an
// all-passing run must read "Result: PASS".
func TestProveAcceptsTAP(t *testing.T) {
	prove, err := exec.LookPath("prove")
	if err != nil {
		t.Skip("prove is not on PATH")
	}
	cases := map[string][]*checker.Result{
		"holds": {holdsAll()},
		"all":   {holdsAll(), mutexViolated(), limited(), nasty()},
		"lasso": {lasso()},
	}
	for name, rs := range cases {
		t.Run(name, func(t *testing.T) {
			out := TAP(rs, ModelError{File: "bad\nname.ilv", Message: "bad.ilv:1:1: got \"}\"\n  }\n  ^\n"})
			if name == "holds" {
				out = TAP(rs)
			}
			path := filepath.Join(t.TempDir(), name+".tap")
			require.NoError(t, os.WriteFile(path, out, 0o644))
			report, _ := exec.Command(prove, "-e", "cat", path).CombinedOutput()
			text := string(report)
			assert.NotContains(t, text, "Parse errors", text)
			notOK := strings.Count(string(out), "\nnot ok ")
			total := notOK + strings.Count(string(out), "\nok ")
			if notOK == 0 {
				assert.Contains(t, text, "Result: PASS", text)
				assert.Contains(t, text, "Tests="+strconv.Itoa(total)+",", text)
				return
			}
			m := proveSummary.FindStringSubmatch(text)
			require.NotNil(t, m, text)
			assert.Equal(t, strconv.Itoa(total), m[1], text)
			assert.Equal(t, strconv.Itoa(notOK), m[2], text)
		})
	}
}
