package main

import (
	"bytes"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	"github.com/interleave/interleave/checker"
)

func TestProgressLine(t *testing.T) {
	var b bytes.Buffer
	l := &progressLine{w: &b}
	l.update(checker.Progress{States: 4096, Depth: 3, Elapsed: 500 * time.Millisecond, Memory: 1 << 20})
	assert.Empty(t, b.String(), "silent during the first second")
	l.done()
	assert.Empty(t, b.String(), "nothing to erase")

	l.update(checker.Progress{States: 3000, Depth: 7, Elapsed: 2 * time.Second, Memory: 3 << 20})
	assert.Equal(t, "\r\033[Kexploring: 3000 states  depth 7  1500 states/s  memory 3.0 MiB", b.String())
	b.Reset()
	l.update(checker.Progress{States: 4000, Depth: 8, Elapsed: 2100 * time.Millisecond})
	assert.Empty(t, b.String(), "not redrawn within half a second")
	l.done()
	assert.Equal(t, "\r\033[K", b.String())
}

func TestProgressOnlyOnATerminal(t *testing.T) {
	tests := []struct {
		name     string
		terminal bool
		args     []string
		want     bool
	}{
		{"pipe", false, []string{"check", "a.ilv"}, false},
		{"terminal", true, []string{"check", "a.ilv"}, true},
		{"quiet terminal", true, []string{"check", "-q", "a.ilv"}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := &fakeRun{terminal: tt.terminal, results: map[string]*checker.Result{"a.ilv": verdicts("a.ilv", checker.Holds)}}
			assert.Equal(t, 0, f.run(tt.args...))
			assert.Equal(t, tt.want, f.cfg.progress != nil)
			assert.Equal(t, tt.want, f.cfg.opts.Progress != nil)
		})
	}
}
