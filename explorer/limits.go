package explorer

import (
	"context"
	"errors"
)

// ErrMemoryLimit is the cause of a context cancelled because the memory limit
// was reached: a search ending on it reports LimitMemory.
var ErrMemoryLimit = errors.New("the memory limit was reached")

// LimitOf names the limit that a done context stands for: LimitMemory when
// its cause is ErrMemoryLimit, LimitTimeout when its deadline passed (or its
// cause is context.DeadlineExceeded), else LimitCancelled; "" while it is not
// done.
func LimitOf(ctx context.Context) string {
	if ctx.Err() == nil {
		return ""
	}
	switch cause := context.Cause(ctx); {
	case errors.Is(cause, ErrMemoryLimit):
		return LimitMemory
	case errors.Is(cause, context.DeadlineExceeded):
		return LimitTimeout
	}
	return LimitCancelled
}
