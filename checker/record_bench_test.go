package checker

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
)

// BenchmarkRecordEdges times what the recorder does for each expanded state
// of a liveness search (recorder.edges: the node's enabled set, its edges'
// moves, the graph's columns), alone: the calls of the first states of
// filter_live N=4 (testdata/spinpairs) are captured once, then replayed into
// a fresh recorder at each iteration. It reports the time per state.
func BenchmarkRecordEdges(b *testing.B) {
	const states = 1 << 20
	path := filepath.Join("testdata", "spinpairs", "filter_live.ilv")
	text, err := os.ReadFile(path)
	require.NoError(b, err)
	p, err := lang.Compile(lang.File{Name: path, Text: text}, lang.Options{Consts: map[string]int32{"N": 4}})
	require.NoError(b, err)
	c := starvationCheck(b, p)
	m, err := explorer.New(p)
	require.NoError(b, err)
	// The captured calls: state i's bytes are bytes[i*size:], its edges
	// edges[ends[i-1]:ends[i]].
	var (
		size  int
		bytes []byte
		edges []explorer.Edge
		ends  []int
		froms []explorer.StateID
	)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	capture := func(from explorer.StateID, s []byte, es []explorer.Edge) {
		if len(froms) == states {
			cancel()
			return
		}
		size = len(s)
		froms = append(froms, from)
		bytes = append(bytes, s...)
		edges = append(edges, es...)
		ends = append(ends, len(edges))
	}
	v := newSafety(m, []*ir.Check{c})
	v.full = true
	_, err = explorer.Search(ctx, m, explorer.Options{Edges: capture}, v)
	require.NoError(b, err)
	require.Len(b, froms, states)
	for b.Loop() {
		rec, err := newRecorder(newSafety(m, []*ir.Check{c}))
		require.NoError(b, err)
		lo := 0
		for i, from := range froms {
			rec.edges(from, bytes[i*size:(i+1)*size], edges[lo:ends[i]])
			lo = ends[i]
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/states, "ns/state")
}
