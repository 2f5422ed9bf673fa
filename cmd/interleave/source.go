package main

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"unicode/utf8"
)

// maxSource is the largest model or solution file read, in bytes.
const maxSource = 1 << 20

// readSource reads a model's source file: a regular file of at most
// maxSource bytes of UTF-8 text without NUL bytes. A named pipe, a device, a
// directory or a socket is refused without being read, and so is a symbolic
// link unless follow is set (a student's hand-in could otherwise point at
// any file of the grading machine). Errors name the file and quote nothing of
// it.
func readSource(path string, follow bool) ([]byte, error) {
	info, err := os.Lstat(path)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	if info.Mode()&fs.ModeSymlink != 0 && !follow {
		return nil, fmt.Errorf("%s is a symbolic link, not a regular file: only regular files are graded", path)
	}
	f, err := openSource(path, follow)
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	defer f.Close()
	if info, err = f.Stat(); err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	if !info.Mode().IsRegular() {
		return nil, fmt.Errorf("%s is %s, not a regular file", path, fileKind(info.Mode()))
	}
	if info.Size() > maxSource {
		return nil, fmt.Errorf("%s is too large: more than %d bytes", path, maxSource)
	}
	data, err := io.ReadAll(io.LimitReader(f, maxSource+1))
	if err != nil {
		return nil, fmt.Errorf("cannot read %s: %w", path, unwrapPath(err))
	}
	if len(data) > maxSource {
		return nil, fmt.Errorf("%s is too large: more than %d bytes", path, maxSource)
	}
	if !utf8.Valid(data) || bytes.IndexByte(data, 0) >= 0 {
		return nil, fmt.Errorf("%s is not a text file (binary, or not UTF-8)", path)
	}
	return data, nil
}

// fileKind names the kind of a file that is not a regular one.
func fileKind(m fs.FileMode) string {
	switch {
	case m.IsDir():
		return "a directory"
	case m&fs.ModeNamedPipe != 0:
		return "a named pipe (FIFO)"
	case m&fs.ModeSocket != 0:
		return "a socket"
	case m&fs.ModeCharDevice != 0:
		return "a character device"
	case m&fs.ModeDevice != 0:
		return "a device"
	case m&fs.ModeSymlink != 0:
		return "a symbolic link"
	}
	return "a special file"
}

// isNotExist reports whether err says that a file does not exist.
func isNotExist(err error) bool { return errors.Is(err, fs.ErrNotExist) }
