package liveness

import (
	"context"
	"fmt"
	"os/exec"
	"reflect"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestGraphAccessors(t *testing.T) {
	g := build(t, 3, [][]int{{0, 2}, {}, {1}}, []arc{mv(0, 1, 0), joint(0, 2, 1, 2), mv(2, 0, 2)})
	require.Equal(t, 3, g.Nodes())
	require.Equal(t, 3, g.Edges())
	assert.Equal(t, 3, g.Procs())
	tests := []struct {
		edge, from, to int
		move           Move
	}{
		{0, 0, 1, Move{0, NoProc}},
		{1, 0, 2, Move{1, 2}},
		{2, 2, 0, Move{2, NoProc}},
	}
	for _, tt := range tests {
		t.Run(string(rune('0'+tt.edge)), func(t *testing.T) {
			assert.Equal(t, tt.from, g.Source(tt.edge))
			assert.Equal(t, tt.to, g.Target(tt.edge))
			assert.Equal(t, tt.move, g.Move(tt.edge))
			for p := range 3 {
				assert.Equal(t, p == tt.move.Proc || p == tt.move.Partner, g.Moves(tt.edge, p), "process %d", p)
			}
		})
	}
	lo, hi := g.Out(1)
	assert.Equal(t, lo, hi, "node 1 has no edges")
	lo, hi = g.Out(0)
	assert.Equal(t, []int{0, 2}, []int{lo, hi})
	assert.True(t, g.FairlyEnabled(0, 2))
	assert.False(t, g.FairlyEnabled(0, 1))
	assert.False(t, g.FairlyEnabled(0, 3))
	assert.Equal(t, 1, g.Enabled(2).Next(0))
}

func TestBuilderErrors(t *testing.T) {
	tests := []struct {
		name string
		make func(b *Builder)
		want string
	}{
		{"edge before node", func(b *Builder) { b.AddEdge(0, Move{0, NoProc}) }, "liveness: edge before the first node"},
		{"negative target", func(b *Builder) { b.AddNode(nil); b.AddEdge(-1, Move{0, NoProc}) }, "liveness: node 0: edge to node -1"},
		{"target beyond the nodes", func(b *Builder) { b.AddNode(nil); b.AddEdge(1, Move{0, NoProc}) }, "liveness: edge 0 leads to node 1, but there are 1 nodes"},
		{"unknown mover", func(b *Builder) { b.AddNode(nil); b.AddEdge(0, Move{2, NoProc}) }, "liveness: node 0: edge moves processes 2 and -1, want 0..1"},
		{"unknown partner", func(b *Builder) { b.AddNode(nil); b.AddEdge(0, Move{0, 5}) }, "liveness: node 0: edge moves processes 0 and 5, want 0..1"},
		{"unknown enabled process", func(b *Builder) {
			var s ProcSet
			s.Add(70)
			b.AddNode(s)
		}, "liveness: node 0: enabled process 70, want 0..1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			b, err := NewBuilder(2)
			require.NoError(t, err)
			tt.make(b)
			_, err = b.Build()
			assert.EqualError(t, err, tt.want)
		})
	}
	_, err := NewBuilder(MaxProcs + 1)
	assert.EqualError(t, err, "liveness: 65536 processes, want 0..65535")
}

func TestSets(t *testing.T) {
	tests := []struct {
		name    string
		members []int
	}{
		{"empty", nil},
		{"one word", []int{0, 5, 63}},
		{"several words", []int{1, 64, 65, 130, 200}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var p ProcSet
			var n NodeSet
			for _, m := range tt.members {
				p.Add(m)
				n.Add(m)
			}
			assert.Equal(t, len(tt.members), p.Len())
			assert.Equal(t, len(tt.members), n.Len())
			var gotP, gotN []int
			for i := p.Next(0); i >= 0; i = p.Next(i + 1) {
				gotP = append(gotP, i)
			}
			for i := n.Next(0); i >= 0; i = n.Next(i + 1) {
				gotN = append(gotN, i)
			}
			assert.Equal(t, tt.members, gotP)
			assert.Equal(t, tt.members, gotN)
			for i := range 256 {
				want := false
				for _, m := range tt.members {
					want = want || m == i
				}
				assert.Equal(t, want, p.Has(i), "process %d", i)
				assert.Equal(t, want, n.Has(i), "node %d", i)
			}
			assert.False(t, p.Has(-1))
			for _, m := range tt.members {
				p.Remove(m)
				n.Remove(m)
			}
			assert.Zero(t, p.Len())
			assert.Zero(t, n.Len())
		})
	}
}

// TestManyProcesses runs the fairness checks with more processes than fit in
// one word: P65 is enabled in both nodes of the cycle 0→1→0 and moves on it
// only when moves says so.
func TestManyProcesses(t *testing.T) {
	tests := []struct {
		name  string
		moves bool
		want  bool
	}{
		{"P65 moves", true, true},
		{"P65 never moves", false, false},
	}
	for _, tt := range tests {
		for _, f := range []Fairness{Weak, Strong} {
			t.Run(tt.name+"/"+f.String(), func(t *testing.T) {
				back := mv(1, 0, 3)
				if tt.moves {
					back = joint(1, 0, 3, 65)
				}
				g := build(t, 70, [][]int{{3, 65}, {3, 65, 69}}, []arc{mv(0, 1, 69), back})
				l, err := FairLasso(context.Background(), g, []int{0}, nodes(0), all(2), f)
				require.NoError(t, err)
				if !tt.want {
					assert.Nil(t, l)
					return
				}
				checkLasso(t, g, []int{0}, nodes(0), all(2), f, l)
				assert.Equal(t, []Step{{0, 1, 0}, {1, 0, 1}}, l.Cycle)
			})
		}
	}
}

// TestStandsAlone pins that the package imports no other package of the
// project but explorer/pages, which gets memory and knows nothing of
// models: it works on an abstract graph.
func TestStandsAlone(t *testing.T) {
	if _, err := exec.LookPath("go"); err != nil {
		t.Skip("no go command on PATH")
	}
	const module = "github.com/interleave/interleave/"
	out, err := exec.Command("go", "list", "-deps", ".").CombinedOutput()
	require.NoError(t, err, string(out))
	for _, dep := range strings.Fields(string(out)) {
		if strings.HasPrefix(dep, module) && dep != module+"explorer/pages" {
			assert.Equal(t, module+"checker/liveness", dep, "liveness imports %s", dep)
		}
	}
}

// requireSameGraph asserts that two graphs have the same nodes, enabled
// sets and edges. It calls testify only on a mismatch: it is slow over
// every node and edge of a graph of a million nodes, the more under the
// race detector.
func requireSameGraph(t *testing.T, want, got *Graph) {
	t.Helper()
	require.Equal(t, want.Nodes(), got.Nodes())
	require.Equal(t, want.Edges(), got.Edges())
	for v := range want.Nodes() {
		if we, ge := want.Enabled(v), got.Enabled(v); !reflect.DeepEqual(we, ge) {
			require.Equal(t, we, ge, "node %d", v)
		}
		lo, hi := want.Out(v)
		glo, ghi := got.Out(v)
		if lo != glo || hi != ghi {
			require.Equal(t, [2]int{lo, hi}, [2]int{glo, ghi}, "node %d", v)
		}
		for e := lo; e < hi; e++ {
			if want.Target(e) != got.Target(e) || want.Move(e) != got.Move(e) {
				require.Equal(t, want.Target(e), got.Target(e), "edge %d", e)
				require.Equal(t, want.Move(e), got.Move(e), "edge %d", e)
			}
		}
	}
}

// TestAddNodeRowsIsAddEdge builds the same graphs node by node with AddNode
// and AddEdge, and with AddNodeRows and the rows MoveRow gives: a graph
// whose edges cross chunk boundaries, one of more than 12 processes
// (enabled sets not in a table), one with more than 255 distinct moves (a
// second byte plane), one of more than 255 processes (enabled sets of
// several words); and misuses, which must give the same errors.
func TestAddNodeRowsIsAddEdge(t *testing.T) {
	type node struct {
		enabled ProcSet
		to      []int
		moves   []Move
	}
	// graph makes n nodes of up to 7 edges, with moves drawn from procs
	// processes and enabled sets of them.
	graph := func(n, procs int) []node {
		nodes := make([]node, n)
		x := uint64(1)
		next := func(k int) int {
			x = x*6364136223846793005 + 1442695040888963407
			return int(x>>33) % k
		}
		for v := range nodes {
			nodes[v].enabled = NewProcSet(procs)
			for range next(4) {
				nodes[v].enabled.Add(next(procs))
			}
			for range next(8) {
				nodes[v].to = append(nodes[v].to, next(n))
				nodes[v].moves = append(nodes[v].moves, Move{Proc: next(procs), Partner: next(procs+1) - 1})
			}
		}
		return nodes
	}
	build := func(procs int, nodes []node, byRows bool) (*Graph, error) {
		b, err := NewBuilder(procs)
		require.NoError(t, err)
		for _, nd := range nodes {
			if !byRows {
				b.AddNode(nd.enabled)
				for i, to := range nd.to {
					b.AddEdge(to, nd.moves[i])
				}
				continue
			}
			var to, rows []uint32
			for i, t := range nd.to {
				to = append(to, uint32(t))
				rows = append(rows, b.MoveRow(nd.moves[i]))
			}
			b.AddNodeRows(nd.enabled, to, rows)
		}
		return b.Build()
	}
	same := func(t *testing.T, procs int, nodes []node) {
		want, err := build(procs, nodes, false)
		require.NoError(t, err)
		got, err := build(procs, nodes, true)
		require.NoError(t, err)
		requireSameGraph(t, want, got)
	}
	t.Run("across chunks", func(t *testing.T) { same(t, 3, graph(chunkLen/2, 3)) })
	t.Run("more than 12 processes", func(t *testing.T) { same(t, 20, graph(5000, 20)) })
	t.Run("more than 255 moves", func(t *testing.T) { same(t, 40, graph(20000, 40)) })
	t.Run("more than 255 processes", func(t *testing.T) { same(t, 300, graph(2000, 300)) })
	misuses := []struct {
		name string
		node node
	}{
		{"target past the nodes", node{nil, []int{0, MaxNodes}, []Move{{0, NoProc}, {0, NoProc}}}},
		{"unknown enabled process", node{ProcSet{1 << 3}, []int{0}, []Move{{0, NoProc}}}},
	}
	for _, m := range misuses {
		t.Run(m.name, func(t *testing.T) {
			_, want := build(2, []node{m.node}, false)
			_, got := build(2, []node{m.node}, true)
			require.Error(t, want)
			assert.Equal(t, want.Error(), got.Error())
		})
	}
	// A move MoveRow does not know is not tied to a node yet.
	for _, m := range []Move{{2, NoProc}, {0, 5}, {-1, NoProc}} {
		t.Run("unknown move", func(t *testing.T) {
			b, err := NewBuilder(2)
			require.NoError(t, err)
			b.AddNodeRows(nil, []uint32{0}, []uint32{b.MoveRow(m)})
			_, err = b.Build()
			assert.EqualError(t, err, fmt.Sprintf("liveness: a move of processes %d and %d, want 0..1", m.Proc, m.Partner))
		})
	}
	t.Run("unknown row", func(t *testing.T) {
		b, err := NewBuilder(2)
		require.NoError(t, err)
		b.AddNodeRows(nil, []uint32{0}, []uint32{b.MoveRow(Move{0, NoProc}) + 1})
		_, err = b.Build()
		assert.EqualError(t, err, "liveness: node 0: edge of move row 1, want 0..0")
	})
	t.Run("unknown row within the bits of the rows", func(t *testing.T) {
		// Three moves make rows of two bits: row 3 fits them and is
		// none, after a node whose edges have widened the rows.
		b, err := NewBuilder(2)
		require.NoError(t, err)
		rows := []uint32{b.MoveRow(Move{0, NoProc}), b.MoveRow(Move{1, NoProc}), b.MoveRow(Move{0, 1})}
		b.AddNodeRows(nil, []uint32{0, 0, 0}, rows)
		b.AddNodeRows(nil, []uint32{0}, []uint32{3})
		_, err = b.Build()
		assert.EqualError(t, err, "liveness: node 1: edge of move row 3, want 0..2")
	})
	t.Run("lengths differ", func(t *testing.T) {
		for _, procs := range []int{2, 20} { // the packed way and the other
			b, err := NewBuilder(procs)
			require.NoError(t, err)
			b.AddNodeRows(nil, []uint32{0}, nil)
			_, err = b.Build()
			assert.EqualError(t, err, "liveness: node 0: 1 edges and 0 moves")
		}
	})
}

// TestEdgeGuess checks the guide a search asks for a node's edges by: the
// guess is always an edge index of the graph's range, it lies in the edges of
// the node's stretch of guide, and it is the node's first edge exactly when
// the nodes of its stretch have equal degrees.
func TestEdgeGuess(t *testing.T) {
	shapes := []struct {
		name   string
		degree func(v int) int
	}{
		{"equal degrees", func(int) int { return 3 }},
		{"no edges", func(int) int { return 0 }},
		{"varied degrees", func(v int) int { return v * 7 % 5 }},
		{"edges at the end only", func(v int) int { return v / 90 * 4 }},
	}
	for _, sh := range shapes {
		t.Run(sh.name, func(t *testing.T) {
			const n = 100
			var arcs []arc
			enabled := make([][]int, n)
			for v := range n {
				for i := range sh.degree(v) {
					arcs = append(arcs, mv(v, (v+i+1)%n, i%2))
				}
			}
			g := build(t, 2, enabled, arcs)
			require.Len(t, g.guide, n>>guideShift+2)
			for v := range n {
				e := g.edgeGuess(uint32(v))
				first, _ := g.Out(v)
				stretch := v >> guideShift << guideShift
				lo, _ := g.Out(stretch)
				_, hi := g.Out(min(stretch+1<<guideShift, n) - 1)
				assert.LessOrEqual(t, int(e), g.Edges(), "node %d", v)
				assert.GreaterOrEqual(t, int(e), lo, "node %d", v)
				assert.LessOrEqual(t, int(e), hi, "node %d", v)
				equal := stretch+1<<guideShift <= n
				for u := stretch; u < min(stretch+1<<guideShift, n); u++ {
					equal = equal && sh.degree(u) == sh.degree(stretch)
				}
				if equal {
					assert.Equal(t, first, int(e), "node %d", v)
				}
			}
		})
	}
}
