package main

import (
	"path/filepath"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestLoadRefusesSpecialFiles: a named pipe or a device is refused before it
// is read, so that neither blocks nor streams for ever.
func TestLoadRefusesSpecialFiles(t *testing.T) {
	fifo := filepath.Join(t.TempDir(), "fifo.ilv")
	require.NoError(t, syscall.Mkfifo(fifo, 0o644))
	_, err := load(fifo)
	assert.EqualError(t, err, fifo+" is a named pipe (FIFO), not a regular file")
	_, err = load("/dev/zero")
	assert.EqualError(t, err, "/dev/zero is a character device, not a regular file")
	_, err = readSolution("/dev/zero")
	assert.EqualError(t, err, "/dev/zero is a character device, not a regular file")
}
