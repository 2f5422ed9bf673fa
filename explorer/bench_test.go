package explorer_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/explorer/irtest"
)

// nop is a Visitor that looks at nothing.
type nop struct{}

func (nop) State(explorer.StateID, []byte, int) explorer.Control          { return explorer.Continue }
func (nop) Fault(explorer.StateID, *explorer.Transition) explorer.Control { return explorer.Continue }
func (nop) Deadend(explorer.StateID, []byte) explorer.Control             { return explorer.Continue }

func benchSearch(b *testing.B, prog *irtest.Builder) { benchSearchWorkers(b, prog, 1) }

func benchSearchWorkers(b *testing.B, prog *irtest.Builder, workers int) {
	m, err := explorer.New(prog.Program())
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	var states int64
	for b.Loop() {
		sp, err := explorer.Search(context.Background(), m, explorer.Options{Workers: workers}, nop{})
		if err != nil {
			b.Fatal(err)
		}
		states = sp.Outcome.States
	}
	b.ReportMetric(float64(states)*float64(b.N)/b.Elapsed().Seconds(), "states/s")
	b.ReportMetric(float64(states), "states")
}

// BenchmarkSearchCounters: N processes, each incrementing its own counter
// modulo 10 (10^N states).
func BenchmarkSearchCounters(b *testing.B) {
	for _, n := range []int{4, 5} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) { benchSearch(b, counters(n, 10)) })
	}
}

// BenchmarkSearchPhilosophers: dining philosophers with ordered forks.
func BenchmarkSearchPhilosophers(b *testing.B) {
	for _, n := range []int{5, 7} {
		b.Run(fmt.Sprintf("N=%d", n), func(b *testing.B) { benchSearch(b, philosophers(n)) })
	}
}

// BenchmarkSearchWorkers: the philosophers of N=7 with several workers.
func BenchmarkSearchWorkers(b *testing.B) {
	for _, w := range []int{1, 2, 4} {
		b.Run(fmt.Sprintf("workers=%d", w), func(b *testing.B) { benchSearchWorkers(b, philosophers(7), w) })
	}
}

// BenchmarkSuccessors measures one state's successors, which must not
// allocate.
func BenchmarkSuccessors(b *testing.B) {
	m, err := explorer.New(philosophers(5).Program())
	if err != nil {
		b.Fatal(err)
	}
	r := m.NewStepper()
	s := m.Initial()
	n := 0
	emit := func(*explorer.Transition, []byte) { n++ }
	b.ReportAllocs()
	for b.Loop() {
		r.Successors(s, emit)
	}
}
