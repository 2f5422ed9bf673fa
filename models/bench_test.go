package models_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/models"
)

// BenchmarkLibrary measures the safety search on the scalable models of the
// library: the dining philosophers with ordered forks for growing N and the
// filter lock for N = 3 and 4. Besides time it reports the figures of the
// --stats line: states, states per second and store bytes per state.
//
//	go test ./models -run '^$' -bench Library -benchmem
func BenchmarkLibrary(b *testing.B) {
	cases := []struct {
		model string
		n     int32
		check string
	}{
		{"dining_ordered", 4, "deadlock"},
		{"dining_ordered", 6, "deadlock"},
		{"dining_ordered", 8, "deadlock"},
		{"filter_lock", 3, "mutex"},
		{"filter_lock", 4, "mutex"},
	}
	for _, c := range cases {
		b.Run(fmt.Sprintf("%s/N=%d", c.model, c.n), func(b *testing.B) {
			m, ok := models.Lookup(c.model)
			require.True(b, ok)
			p, err := lang.Compile(lang.File{Name: m.File, Text: m.Source}, lang.Options{Consts: map[string]int32{"N": c.n}})
			require.NoError(b, err)
			var res *checker.Result
			b.ResetTimer()
			for b.Loop() {
				res, err = checker.Run(context.Background(), p, checker.Options{Checks: []string{c.check}, Workers: 1})
				require.NoError(b, err)
			}
			b.StopTimer()
			st := res.Stats
			require.True(b, st.Complete)
			b.ReportMetric(float64(st.States), "states")
			b.ReportMetric(float64(st.States)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
			b.ReportMetric(st.BytesPerState, "B/state")
		})
	}
}
