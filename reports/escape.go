package reports

import (
	"strconv"
	"strings"

	"github.com/interleave/interleave/lang/source"
)

// Escaping of untrusted text (file names, model text, messages) for the
// outputs that other programs read: terminals, GitHub's runner, spreadsheets
// and Markdown renderers. No model or file name can paint a terminal, start a
// workflow command or become a spreadsheet formula.

// LineStart makes s safe to start a line of a report: control characters
// become escapes, and text that a CI runner would read as a workflow command
// (starting with "::" after blanks) or that holds a control character is quoted, Go
// style.
func LineStart(s string) string {
	p := source.Printable(s)
	if p != s || strings.HasPrefix(strings.TrimLeft(s, " \t"), "::") {
		return strconv.Quote(s)
	}
	return s
}

// CSVCell makes s safe as a spreadsheet cell: control characters become
// escapes, and a cell that a spreadsheet would read as a formula (starting
// with = + - @, a tab or a carriage return) or that would start a workflow
// command (":") is prefixed with a single quote, as OWASP recommends.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r:", rune(s[0])) {
		s = "'" + s
	}
	return source.Printable(s)
}

// GitHubData escapes a workflow command's message as GitHub's runner
// expects (%25, %0D, %0A); other control characters are shown as escapes.
func GitHubData(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = printableKeepCR(l)
	}
	return strings.NewReplacer("%", "%25", "\r", "%0D", "\n", "%0A").Replace(strings.Join(lines, "\n"))
}

// GitHubProperty escapes a workflow command's property value: as GitHubData,
// and ':' and ',' too.
func GitHubProperty(s string) string {
	return strings.NewReplacer(":", "%3A", ",", "%2C").Replace(GitHubData(s))
}

// printableKeepCR is source.Printable on each part of l between carriage
// returns, which GitHub's escapes take care of.
func printableKeepCR(l string) string {
	parts := strings.Split(l, "\r")
	for i, p := range parts {
		parts[i] = printableNoColons(p)
	}
	return strings.Join(parts, "\r")
}

// printableNoColons is source.Printable without the escape of a leading
// "::", which an escaped workflow command's data never needs.
func printableNoColons(s string) string {
	if strings.HasPrefix(strings.TrimLeft(s, " \t"), "::") {
		i := strings.Index(s, "::")
		return s[:i+1] + source.Printable(s[i+1:])
	}
	return source.Printable(s)
}

// Fence returns a Markdown code fence longer than any run of backticks in s,
// and at least three long, so that s cannot close it.
func Fence(s string) string {
	longest, run := 0, 0
	for i := 0; i < len(s); i++ {
		if s[i] == '`' {
			run++
			longest = max(longest, run)
		} else {
			run = 0
		}
	}
	return strings.Repeat("`", max(3, longest+1))
}

// printableLines is source.Printable on every line of s.
func printableLines(s string) string {
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		lines[i] = source.Printable(l)
	}
	return strings.Join(lines, "\n")
}
