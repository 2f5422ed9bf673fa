//go:build unix

package checker

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
)

// BenchmarkDecideStarvation times the starvation check's decision alone, on
// the graph of filter_live (testdata/spinpairs) recorded once, with one and
// two workers: the part of a liveness run that comes after the search.
func BenchmarkDecideStarvation(b *testing.B) {
	benchmarkDecide(b, ir.CheckStarvation, Holds)
}

// BenchmarkDecideBoundedWaiting times the bounded waiting check's decision
// alone, its witness included, as BenchmarkDecideStarvation does.
func BenchmarkDecideBoundedWaiting(b *testing.B) {
	benchmarkDecide(b, ir.CheckBoundedWaiting, Violated)
}

// benchmarkDecide times the decision of filter_live's check of kind kind,
// which must end in verdict.
func benchmarkDecide(b *testing.B, kind ir.CheckKind, verdict Verdict) {
	for _, n := range []int32{3, 4} {
		path := filepath.Join("testdata", "spinpairs", "filter_live.ilv")
		text, err := os.ReadFile(path)
		require.NoError(b, err)
		p, err := lang.Compile(lang.File{Name: path, Text: text}, lang.Options{Consts: map[string]int32{"N": n}})
		require.NoError(b, err)
		c := checkOfKind(b, p, kind)
		var sg *stateGraph
		for _, workers := range []int{1, 2} {
			b.Run(fmt.Sprintf("N=%d/workers=%d", n, workers), func(b *testing.B) {
				if sg == nil {
					m, err := explorer.New(p)
					require.NoError(b, err)
					v := newSafety(m, []*ir.Check{c})
					v.full = true
					rec, err := newRecorder(v)
					require.NoError(b, err)
					// As a run does: the parts' moves noted (transit.go).
					sp, err := explorer.Search(context.Background(), m, explorer.Options{Edges: rec.edges, PartMoves: true}, rec)
					require.NoError(b, err)
					sg, err = rec.graph(sp, 1)
					require.NoError(b, err)
					// As a run does: every node is reached from the
					// initial one.
					sg.g.Reached(initialNodes())
					b.ResetTimer()
				}
				sg.workers = workers
				cpu0 := cpuTime()
				for b.Loop() {
					var cr CheckResult
					require.NoError(b, sg.decide(context.Background(), c, p.Fairness, &cr))
					require.Equal(b, verdict, cr.Verdict)
				}
				b.ReportMetric((cpuTime()-cpu0).Seconds()/float64(b.N), "cpu-s/op")
			})
		}
	}
}

// cpuTime is the processor time the process has used so far.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	_ = syscall.Getrusage(syscall.RUSAGE_SELF, &ru)
	return time.Duration(ru.Utime.Nano() + ru.Stime.Nano())
}
