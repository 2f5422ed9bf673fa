package promela_test

import (
	"os"
	"path/filepath"
	"strconv"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang"
)

// diffCount is the number of random models TestDifferential checks:
// INTERLEAVE_DIFF_N, else 300 (about 3 minutes of CPU, 2.5 minutes on two
// busy cores).
func diffCount(t *testing.T) int {
	if s := os.Getenv("INTERLEAVE_DIFF_N"); s != "" {
		n, err := strconv.Atoi(s)
		require.NoError(t, err, "INTERLEAVE_DIFF_N")
		return n
	}
	if testing.Short() {
		return 20
	}
	return 300
}

// diffMaxStates is the size past which a random model is not compared: SPIN
// compiles and runs take long there, and small models find the bugs.
const diffMaxStates = 20000

// TestDifferential generates random models in the export's subset and checks
// each with interleave and with SPIN on its export: deadlock and assertion
// (or run-time error) verdicts, state counts, shortest counterexamples.
// INTERLEAVE_DIFF_SEED replays one model (with INTERLEAVE_DIFF_N, that many
// from that seed on); a disagreement names its seed, and
// is kept as testdata/diff/SEED.ilv (see TestDifferentialRegressions).
func TestDifferential(t *testing.T) {
	needSpin(t)
	first, n := uint64(1), diffCount(t)
	if s := os.Getenv("INTERLEAVE_DIFF_SEED"); s != "" {
		v, err := strconv.ParseUint(s, 10, 64)
		require.NoError(t, err, "INTERLEAVE_DIFF_SEED")
		first = v
		if os.Getenv("INTERLEAVE_DIFF_N") == "" {
			n = 1
		}
	}
	var skipped, big atomic.Int32
	for seed := first; seed < first+uint64(n); seed++ {
		t.Run(strconv.FormatUint(seed, 10), func(t *testing.T) {
			t.Parallel()
			src := genModel(seed)
			p, err := lang.Compile(lang.File{Name: "g.ilv", Text: []byte(src)}, lang.Options{})
			if err != nil {
				// The generator writes a few models the compiler refuses
				// (a while that cannot move, a loop without steps).
				skipped.Add(1)
				return
			}
			d, ok := compare(t, p, diffMaxStates)
			if !ok {
				big.Add(1)
				return
			}
			if d != "" {
				t.Errorf("seed %d (INTERLEAVE_DIFF_SEED=%d): %s\n%s", seed, seed, d, src)
			}
		})
	}
	t.Cleanup(func() {
		assert.Less(t, int(skipped.Load()), max(n/4, 1), "models the compiler refused")
		assert.Less(t, int(big.Load()), max(n/2, 1), "models too big to compare")
	})
}

// TestDifferentialRegressions re-checks every model kept in testdata/diff.
func TestDifferentialRegressions(t *testing.T) {
	needSpin(t)
	files, err := filepath.Glob(filepath.Join("testdata", "diff", "*.ilv"))
	require.NoError(t, err)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			t.Parallel()
			src, err := os.ReadFile(f)
			require.NoError(t, err)
			p, err := lang.Compile(lang.File{Name: f, Text: src}, lang.Options{})
			require.NoError(t, err)
			d, ok := compare(t, p, 0)
			require.True(t, ok)
			assert.Empty(t, d)
		})
	}
}
