package main

import (
	"bytes"
	"context"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"runtime/metrics"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// BenchmarkGradeClass grades 300 copies of the mutex_lab example's solutions
// (the reference and the typical mistakes, in turn) and reports solutions per
// second and the heap's high-water mark during grading.
func BenchmarkGradeClass(b *testing.B) {
	lab := filepath.Join("..", "..", "models", "assignments", "mutex_lab")
	sources, err := filepath.Glob(filepath.Join(lab, "solutions", "*.ilv"))
	require.NoError(b, err)
	sources = append(sources, filepath.Join(lab, "reference.ilv"))
	dir := b.TempDir()
	const class = 300
	var files []string
	for i := range class {
		text, err := os.ReadFile(sources[i%len(sources)])
		require.NoError(b, err)
		name := filepath.Join(dir, "student"+itoa3(i)+".ilv")
		require.NoError(b, os.WriteFile(name, text, 0o644))
		files = append(files, name)
	}
	args := append([]string{"grade", "--format", "csv", filepath.Join(lab, "assignment.ilv")}, files...)
	var peak atomic.Uint64
	stop := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		for {
			metrics.Read(sample)
			if v := sample[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-time.After(5 * time.Millisecond):
			}
		}
	}()
	runtime.GC()
	b.ResetTimer()
	for range b.N {
		var out bytes.Buffer
		code := run(context.Background(), args, env{stdout: &out, stderr: io.Discard,
			getenv: func(string) string { return "" }, isTerminal: func(io.Writer) bool { return false }})
		require.Equal(b, exitHolds, code)
	}
	b.StopTimer()
	close(stop)
	wg.Wait()
	b.ReportMetric(float64(class*b.N)/b.Elapsed().Seconds(), "solutions/s")
	b.ReportMetric(float64(peak.Load())/(1<<20), "peak-heap-MiB")
}

// itoa3 is n with at least three digits, so that the files sort in order.
func itoa3(n int) string {
	s := []byte{'0' + byte(n/100%10), '0' + byte(n/10%10), '0' + byte(n%10)}
	return string(s)
}
