package promela_test

import (
	"errors"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/models"
	"github.com/interleave/interleave/reports/promela"
)

// TestLibraryAgreesWithSpin exports every library model in the subset and
// checks that SPIN finds interleave's states, deadlock and assertion
// verdicts and shortest counterexamples. The others must be refused with an
// error at a position.
func TestLibraryAgreesWithSpin(t *testing.T) {
	needSpin(t)
	ms, err := models.Load()
	require.NoError(t, err)
	var exported atomic.Int32
	t.Cleanup(func() { assert.GreaterOrEqual(t, int(exported.Load()), 33, "library models in the subset") })
	for _, m := range ms {
		t.Run(m.Name, func(t *testing.T) {
			t.Parallel()
			var consts map[string]int32
			if len(m.Expect) > 0 {
				consts = m.Expect[0].Consts
			}
			p, err := lang.Compile(lang.File{Name: m.File, Text: m.Source}, lang.Options{Consts: consts})
			require.NoError(t, err)
			if _, err := promela.Export(p); err != nil {
				var errs source.Errors
				require.True(t, errors.As(err, &errs), "%v", err)
				assert.Contains(t, errs[0].Msg, "no exact Promela equivalent")
				assert.True(t, errs[0].Pos.IsValid())
				return
			}
			exported.Add(1)
			d, ok := compare(t, p, 0)
			require.True(t, ok)
			assert.Empty(t, d)
		})
	}
}
