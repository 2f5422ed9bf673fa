package reports

import (
	"strings"
	"unicode/utf8"
)

// align lays rows out as columns separated by two spaces, each column as wide as
// its widest cell. Columns whose index is in right are right-aligned. Trailing
// spaces are trimmed. Widths count runes, so non-ASCII text lines up.
func align(rows [][]string, right map[int]bool) []string {
	var widths []int
	for _, row := range rows {
		for i, cell := range row {
			row[i] = oneLine(cell)
			cell = row[i]
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], utf8.RuneCountInString(cell))
		}
	}
	lines := make([]string, len(rows))
	for r, row := range rows {
		var b strings.Builder
		for i, cell := range row {
			if i > 0 {
				b.WriteString("  ")
			}
			pad := strings.Repeat(" ", widths[i]-utf8.RuneCountInString(cell))
			if right[i] {
				b.WriteString(pad)
				b.WriteString(cell)
			} else {
				b.WriteString(cell)
				b.WriteString(pad)
			}
		}
		lines[r] = strings.TrimRight(b.String(), " ")
	}
	return lines
}
