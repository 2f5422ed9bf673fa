package checker_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
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

// BenchmarkSpinPairs checks the models of testdata/spinpairs, each of exactly
// the granularity of its Promela twin (SPIN with -DNOREDUCE stores as many
// states), with one and two workers. It reports states/s and the store's
// bytes per state, to put beside SPIN's pan on the same machine.
func BenchmarkSpinPairs(b *testing.B) {
	cases := []struct {
		file  string
		n     int32
		check string
	}{
		{"filter", 3, "mutex"},
		{"philosophers", 7, "deadlock"},
		{"filter", 4, "mutex"},
		{"filter_live", 3, "starvation"},
		{"filter_live", 4, "mutex"},
		{"filter_live", 4, "starvation"},
	}
	for _, c := range cases {
		path := filepath.Join("testdata", "spinpairs", c.file+".ilv")
		text, err := os.ReadFile(path)
		require.NoError(b, err)
		p, err := lang.Compile(lang.File{Name: path, Text: text}, lang.Options{Consts: map[string]int32{"N": c.n}})
		require.NoError(b, err)
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("%s/N=%d/%s/workers=%d", c.file, c.n, c.check, workers), func(b *testing.B) {
				var res *checker.Result
				for b.Loop() {
					res, err = checker.Run(context.Background(), p, checker.Options{Checks: []string{c.check}, Workers: workers})
					require.NoError(b, err)
				}
				b.ReportMetric(float64(res.Stats.States)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
				b.ReportMetric(float64(res.Stats.States), "states")
				b.ReportMetric(res.Stats.BytesPerState, "store-B/state")
				b.ReportMetric(float64(res.Stats.PeakMemory)/float64(res.Stats.States), "peak-B/state")
			})
		}
	}
}
