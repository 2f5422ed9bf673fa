package liveness

import (
	"context"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestAlwaysFair: process 0 loops at node 0, where process 1 (a store buffer)
// is enabled and would leave inside. Without AlwaysFair, a run under None may
// stay at 0 forever; with it, process 1 must move under every fairness, and
// process 0's own fairness stays as asked.
func TestAlwaysFair(t *testing.T) {
	mk := func(always bool) *Graph {
		b, err := NewBuilder(2)
		require.NoError(t, err)
		if always {
			b.AlwaysFair(1)
		}
		var en0, en1 ProcSet
		en0.Add(0)
		en0.Add(1)
		b.AddNode(en0)
		b.AddEdge(0, Move{0, NoProc})
		b.AddEdge(1, Move{1, NoProc})
		b.AddNode(en1)
		g, err := b.Build()
		require.NoError(t, err)
		return g
	}
	ctx := context.Background()
	l, err := FairLasso(ctx, mk(false), []int{0}, nodes(0), nodes(0), None)
	require.NoError(t, err)
	assert.NotNil(t, l, "no fairness: the run may stay at 0")
	for _, f := range []Fairness{None, Weak, Strong} {
		l, err = FairLasso(ctx, mk(true), []int{0}, nodes(0), nodes(0), f)
		require.NoError(t, err)
		assert.Nil(t, l, "%s: process 1 must move, leaving node 0", f)
	}
	// Process 0 alone is not constrained under None: with process 1 never
	// enabled in a loop of process 0, the run stays.
	b, err := NewBuilder(2)
	require.NoError(t, err)
	b.AlwaysFair(1)
	var en ProcSet
	en.Add(0)
	b.AddNode(en)
	b.AddNode(en)
	g, err := b.Build()
	require.NoError(t, err)
	l, err = FairLasso(ctx, g, []int{0}, nodes(0), nodes(0), None)
	require.NoError(t, err)
	assert.NotNil(t, l)
}
