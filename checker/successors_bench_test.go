package checker_test

import (
	"fmt"
	"os"
	"path/filepath"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
)

// BenchmarkSuccessorsSpinPairs computes the successors of the first states
// (in breadth-first order) of models of testdata/spinpairs, with no store
// and no properties: the interpreter's share of a search. It reports the
// time per state, which must not allocate.
func BenchmarkSuccessorsSpinPairs(b *testing.B) {
	cases := []struct {
		file string
		n    int32
	}{
		{"filter", 4},
		{"philosophers", 7},
	}
	const sample = 200000
	for _, c := range cases {
		path := filepath.Join("testdata", "spinpairs", c.file+".ilv")
		text, err := os.ReadFile(path)
		require.NoError(b, err)
		p, err := lang.Compile(lang.File{Name: path, Text: text}, lang.Options{Consts: map[string]int32{"N": c.n}})
		require.NoError(b, err)
		m, err := explorer.New(p)
		require.NoError(b, err)
		states := firstStates(m, sample)
		b.Run(fmt.Sprintf("%s/N=%d", c.file, c.n), func(b *testing.B) {
			r := m.NewStepper()
			n := 0
			emit := func(_ *explorer.Transition, next []byte) {
				if next != nil {
					n += int(next[0])
				}
			}
			b.ReportAllocs()
			cpu := cpuTime()
			for b.Loop() {
				for _, s := range states {
					r.Successors(s, emit)
				}
			}
			cpu = cpuTime() - cpu
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(len(states)), "ns/state")
			b.ReportMetric(float64(cpu.Nanoseconds())/float64(b.N)/float64(len(states)), "cpu-ns/state")
		})
	}
}

// cpuTime is the CPU time the process has used in user mode, which other
// processes running on the machine change less than the elapsed time.
func cpuTime() time.Duration {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return time.Duration(ru.Utime.Nano())
}

// firstStates returns up to max states of m in breadth-first order.
func firstStates(m *explorer.Machine, max int) [][]byte {
	seen := map[string]bool{}
	s0 := m.Initial()
	seen[string(s0)] = true
	queue := [][]byte{s0}
	r := m.NewStepper()
	for i := 0; i < len(queue) && len(queue) < max; i++ {
		r.Successors(queue[i], func(_ *explorer.Transition, next []byte) {
			if next != nil && !seen[string(next)] && len(queue) < max {
				seen[string(next)] = true
				queue = append(queue, append([]byte(nil), next...))
			}
		})
	}
	return queue
}
