package liveness

import (
	"math/bits"
	"slices"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPackedGraphHoldsWhatWasAdded builds random graphs and reads every
// node's edges, moves and enabled set back: graphs whose rows the Builder
// packs into their offsets from the start, across chunk boundaries; graphs
// whose offsets outgrow the bits the number of processes leaves them, which
// the Builder unpacks as it goes; graphs of few
// processes whose nodes it keeps in rel, and those with a node of so many
// edges that it moves them to offsets; and graphs it never packs (more than
// 255 processes). Every form of every accessor is checked against what was
// added.
func TestPackedGraphHoldsWhatWasAdded(t *testing.T) {
	tests := []struct {
		name               string
		nodes, procs, sets int
		packedNodes        bool
		// movers, when set, is the processes that move: fewer moves than
		// the processes bound.
		movers int
		// rel: the nodes are kept in rel. fanout, when set, is the edges
		// of node nodes/2.
		rel    bool
		fanout int
	}{
		{"small", 50, 3, 8, true, 0, true, 0},
		{"across chunks", chunkLen + 3000, 4, 16, true, 0, true, 0},
		{"eight processes", 5000, 8, 256, true, 0, true, 0},
		{"a node of more edges than rel counts", 5000, 8, 256, true, 0, false, 300},
		{"a node of as many edges as rel counts", 5000, 8, 256, true, 0, true, 255 - 15*7},
		{"more than 255 moves", 20000, 40, 16, true, 0, false, 0},
		{"more than 255 enabled sets", 3000, 10, 1 << 10, true, 0, false, 0},
		{"targets of many bits, rows of many", 70000, 255, 16, true, 0, false, 0},
		{"offsets past the bits the processes leave", 400000, 12, 1 << 12, false, 0, false, 0},
		{"many processes", 2000, 300, 16, true, 0, false, 0},
		{"many processes, few moves", 2000, 300, 16, true, 3, false, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			x := uint64(7)
			next := func(k int) int {
				x = x*6364136223846793005 + 1442695040888963407
				return int(x>>33) % k
			}
			type node struct {
				enabled []int
				to      []int
				moves   []Move
			}
			nodes := make([]node, tt.nodes)
			b, err := NewBuilder(tt.procs)
			require.NoError(t, err)
			for v := range nodes {
				nd := &nodes[v]
				// The enabled set: the bits of a number below tt.sets.
				var s ProcSet
				for bits, p := next(tt.sets), 0; bits != 0; bits, p = bits>>1, p+1 {
					if bits&1 != 0 {
						s.Add(p)
						nd.enabled = append(nd.enabled, p)
					}
				}
				degree := next(8)
				if tt.fanout > 0 && v == tt.nodes/2 {
					degree = tt.fanout
				}
				for range degree {
					nd.to = append(nd.to, next(tt.nodes))
					movers := tt.procs
					if tt.movers > 0 {
						movers = tt.movers
					}
					nd.moves = append(nd.moves, Move{Proc: next(movers), Partner: next(movers+1) - 1})
				}
				var to, rows []uint32
				for i, t := range nd.to {
					to = append(to, uint32(t))
					rows = append(rows, b.MoveRow(nd.moves[i]))
				}
				if id := b.AddNodeRows(s, to, rows); id != v {
					require.Equal(t, v, id) // testify only on a mismatch: it is slow per node
				}
			}
			g, err := b.Build()
			require.NoError(t, err)
			// Each chunk of edges takes the bits of the largest target
			// and row so far.
			maxTarget, maxRow, e := 0, 0, 0
			for _, nd := range nodes {
				for _, to := range nd.to {
					maxTarget, maxRow = max(maxTarget, to), max(maxRow, g.MoveRow(e))
					e++
					if e%chunkLen == 0 || e == g.Edges() {
						ch := g.edges[(e-1)>>chunkBits]
						require.Equal(t, bits.Len(uint(maxTarget)), int(ch.targetBits), "edge %d", e-1)
						require.Equal(t, bits.Len(uint(maxTarget))+bits.Len(uint(maxRow)), int(ch.width), "edge %d", e-1)
					}
				}
			}
			assert.Equal(t, tt.rel, g.relBits != 0, "nodes in rel")
			if !tt.rel {
				assert.Equal(t, tt.packedNodes, g.offsetBits < 32, "offsets packed")
			}
			edges := 0
			for v, nd := range nodes {
				lo, hi := g.Out(v)
				if lo != edges || hi-lo != len(nd.to) {
					require.Equal(t, edges, lo, "node %d", v)
					require.Equal(t, len(nd.to), hi-lo, "node %d", v)
				}
				for i := range nd.to {
					e := lo + i
					if g.Target(e) != nd.to[i] || g.Move(e) != nd.moves[i] || (e%97 == 0 && g.Source(e) != v) {
						t.Fatalf("edge %d of node %d: to %d by %v, want %d by %v", e, v, g.Target(e), g.Move(e), nd.to[i], nd.moves[i])
					}
				}
				edges = hi
				var got []int
				en := g.Enabled(v)
				for p := en.Next(0); p >= 0; p = en.Next(p + 1) {
					got = append(got, p)
				}
				if !slices.Equal(nd.enabled, got) {
					t.Fatalf("node %d enables %v, want %v", v, got, nd.enabled)
				}
			}
			assert.Equal(t, edges, g.Edges())
		})
	}
}

// TestFits: a value's bits and a table's rows share 32 bits only when the
// rows are in one byte plane and the bits add up to at most 32.
func TestFits(t *testing.T) {
	one := codes{planes: []chunks[uint8]{nil}}
	two := codes{planes: []chunks[uint8]{nil, nil}}
	assert.True(t, fits(24, 256, one))
	assert.False(t, fits(25, 256, one))
	assert.True(t, fits(25, 128, one))
	assert.True(t, fits(31, 2, one))
	assert.True(t, fits(31, 1, one), "a single row takes no bits")
	assert.False(t, fits(32, 1, one), "no bit left to tell the packed form")
	assert.True(t, fits(0, 0, one), "an empty graph")
	assert.False(t, fits(8, 2, two), "rows past a byte")
	assert.False(t, fits(8, 2, codes{}), "no rows held")
}
