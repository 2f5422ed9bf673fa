package checker

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/explorer"
)

func TestWatchMemoryCancelsPastTheLimit(t *testing.T) {
	ctx, stop := watchMemory(context.Background(), 1)
	defer stop()
	select {
	case <-ctx.Done():
	case <-time.After(10 * time.Second):
		t.Fatal("a heap past the limit did not cancel the run")
	}
	assert.ErrorIs(t, context.Cause(ctx), explorer.ErrMemoryLimit)
	assert.Equal(t, explorer.LimitMemory, explorer.LimitOf(ctx))
}

func TestWatchMemoryUnderTheLimit(t *testing.T) {
	ctx, stop := watchMemory(context.Background(), 1<<50)
	time.Sleep(5 * memoryPoll)
	require.NoError(t, ctx.Err())
	stop()
	assert.Error(t, ctx.Err(), "stop releases the watch")
	assert.Equal(t, explorer.LimitCancelled, explorer.LimitOf(ctx))
}
