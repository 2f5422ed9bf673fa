package source

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// Printable returns line with every character that could act on a terminal
// or a log reader shown as a Go escape instead: C0 controls but the tab,
// DEL, C1 controls, the bidirectional overrides and invalid bytes, so that a
// model's text cannot paint over a report. A line whose text would start a
// CI workflow command ("::", after leading blanks) has that first colon
// escaped too.
func Printable(line string) string {
	if isClean(line) {
		return line
	}
	var b strings.Builder
	for i := 0; i < len(line); {
		s, n := render(line, i)
		b.WriteString(s)
		i += n
	}
	return b.String()
}

// isClean reports whether Printable leaves line as it is.
func isClean(line string) bool {
	for i := 0; i < len(line); {
		s, n := render(line, i)
		if s != line[i:i+n] {
			return false
		}
		i += n
	}
	return true
}

// render returns how the character at byte i of line is shown, and its length
// in bytes.
func render(line string, i int) (string, int) {
	r, n := utf8.DecodeRuneInString(line[i:])
	switch {
	case r == utf8.RuneError && n == 1:
		return fmt.Sprintf(`\x%02x`, line[i]), 1
	case r == '\t':
		return "\t", 1
	case r < 0x20 || r == 0x7f:
		return fmt.Sprintf(`\x%02x`, r), n
	case r >= 0x80 && r < 0xa0, r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069,
		r == 0x200e, r == 0x200f, r == 0x061c:
		return fmt.Sprintf(`\u%04x`, r), n
	case r == ':' && strings.TrimLeft(line[:i], " \t") == "" && strings.HasPrefix(line[i:], "::"):
		return `\x3a`, 1
	}
	return line[i : i+n], n
}
