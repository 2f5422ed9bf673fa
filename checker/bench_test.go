package checker_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
)

// BenchmarkLiveness checks starvation and bounded_waiting on the filter lock
// and the bakery, next to the safety-only search (mutex) on the same model.
// It reports the states, the store's and the liveness graph's bytes per
// state.
func BenchmarkLiveness(b *testing.B) {
	models := []struct {
		name string
		n    int32
	}{
		{"filter_lock", 3},
		{"filter_lock", 4},
		{"bakery", 3},
	}
	for _, md := range models {
		p := compile(b, md.name, map[string]int32{"N": md.n})
		for _, chk := range []string{"mutex", "starvation", "bounded_waiting"} {
			b.Run(fmt.Sprintf("%s/N=%d/%s", md.name, md.n, chk), func(b *testing.B) {
				var res *checker.Result
				for b.Loop() {
					var err error
					res, err = checker.Run(context.Background(), p, checker.Options{Checks: []string{chk}, Workers: 1})
					require.NoError(b, err)
				}
				b.ReportMetric(float64(res.Stats.States), "states")
				b.ReportMetric(res.Stats.BytesPerState, "store-B/state")
				b.ReportMetric(res.Stats.GraphBytesPerState, "graph-B/state")
			})
		}
	}
}
