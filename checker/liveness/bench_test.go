package liveness

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"
)

// benchNodes is the size of the benchmark graphs.
const benchNodes = 1 << 20

// benchGraph is a generated graph of n nodes and three processes, three edges
// per node: P0 goes round a ring; P1 jumps forward and P2, jointly with P0,
// jumps back, either to nearby nodes (local, as in a breadth-first numbering
// of a state space) or anywhere (random, the worst case for the caches). Which
// processes are fairly enabled varies with the node id. The graph has large
// strongly connected components and needs refinement under strong fairness.
func benchGraph(b *testing.B, n int, local bool) *Graph {
	bld, err := NewBuilder(3)
	require.NoError(b, err)
	bld.Grow(n, 3*n)
	en := NewProcSet(3)
	for v := range n {
		en.Clear()
		for p := range 3 {
			if (v>>p)&1 == 0 || v%7 == 0 {
				en.Add(p)
			}
		}
		bld.AddNode(en)
		bld.AddEdge((v+1)%n, Move{0, NoProc})
		if local {
			bld.AddEdge((v+2+v%97)%n, Move{1, NoProc})
			bld.AddEdge(max(0, v-1-v%89), Move{2, 0})
		} else {
			bld.AddEdge(int((uint64(v)*2654435761+12345)%uint64(n)), Move{1, NoProc})
			bld.AddEdge(v/2, Move{2, 0})
		}
	}
	g, err := bld.Build()
	require.NoError(b, err)
	return g
}

// benchSets are the from, inside and waiting sets of the benchmarks: the from
// nodes are in the second half, so that the searches go deep.
func benchSets(n int) (from, inside, waiting NodeSet) {
	from, inside, waiting = NewNodeSet(n), NewNodeSet(n), NewNodeSet(n)
	for v := range n {
		if v%5 == 0 && v > n/2 {
			from.Add(v)
		}
		if v%11 != 3 {
			inside.Add(v)
		}
		if v%13 != 0 {
			waiting.Add(v)
		}
	}
	return from, inside, waiting
}

func report(b *testing.B, g *Graph) {
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(g.Nodes()), "ns/node")
	b.ReportMetric(float64(g.Bytes())/float64(g.Nodes()), "graph-B/node")
}

var benchShapes = []struct {
	name  string
	local bool
}{{"local", true}, {"random", false}}

func BenchmarkFairLasso(b *testing.B) {
	for _, shape := range benchShapes {
		g := benchGraph(b, benchNodes, shape.local)
		from, inside, _ := benchSets(benchNodes)
		for _, f := range []Fairness{Weak, Strong, None} {
			b.Run(shape.name+"/"+f.String(), func(b *testing.B) {
				b.ReportAllocs()
				for b.Loop() {
					_, err := FairLasso(context.Background(), g, []int{0}, from, inside, f)
					require.NoError(b, err)
				}
				report(b, g)
			})
		}
	}
}

func BenchmarkBoundedWaiting(b *testing.B) {
	weight := func(from, to, edge int) int {
		if to%17 == 0 {
			return 1
		}
		return 0
	}
	for _, shape := range benchShapes {
		g := benchGraph(b, benchNodes, shape.local)
		_, _, waiting := benchSets(benchNodes)
		b.Run(shape.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				_, err := BoundedWaiting(context.Background(), g, []int{0}, waiting, weight)
				require.NoError(b, err)
			}
			report(b, g)
		})
	}
}

func BenchmarkBuild(b *testing.B) {
	b.ReportAllocs()
	var g *Graph
	for b.Loop() {
		g = benchGraph(b, benchNodes, true)
	}
	report(b, g)
}
