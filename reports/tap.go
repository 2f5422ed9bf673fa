package reports

import (
	"encoding/json"
	"strconv"
	"strings"

	"github.com/interleave/interleave/checker"
)

// TAP renders results in the Test Anything Protocol, version 13: one test
// line per check of every model, in order ("ok 1 - peterson.ilv: mutex"), a
// violated or unknown check being "not ok" with a YAML block of diagnostics
// (the verdict, the explanation, the place where the property breaks and, for
// a violation, the text report's trace). Descriptions escape '#' and '\' as
// TAP requires; YAML strings are written as JSON strings, which YAML reads.
//
// Each model in broken is one more test after them, "not ok N - FILE: model",
// with its error in the diagnostics.
func TAP(results []*checker.Result, broken ...ModelError) []byte {
	var b strings.Builder
	b.WriteString("TAP version 13\n")
	n := 0
	for _, r := range results {
		if r != nil {
			n += len(r.Checks)
		}
	}
	b.WriteString("1.." + strconv.Itoa(n+len(broken)) + "\n")
	i := 0
	for _, r := range results {
		if r == nil {
			continue
		}
		for k := range r.Checks {
			i++
			tapTest(&b, r, &r.Checks[k], i)
		}
	}
	for _, m := range broken {
		i++
		b.WriteString("not ok " + strconv.Itoa(i) + " - " + tapEscape(oneLine(m.File)) + ": model\n  ---\n")
		yamlField(&b, "message", oneLine(firstLine(m.Message)))
		yamlField(&b, "severity", "error")
		b.WriteString("  error: |\n")
		for _, line := range strings.Split(strings.TrimRight(m.Message, "\n"), "\n") {
			b.WriteString("    " + strings.Map(func(r rune) rune {
				if r < 0x20 || r == 0x7f {
					return ' '
				}
				return r
			}, line) + "\n")
		}
		b.WriteString("  ...\n")
	}
	return []byte(b.String())
}

// tapTest writes one test line and, unless the check holds, its diagnostics.
func tapTest(b *strings.Builder, r *checker.Result, c *checker.CheckResult, i int) {
	desc := tapEscape(oneLine(suiteName(r) + ": " + c.Name))
	if c.Verdict == checker.Holds {
		b.WriteString("ok " + strconv.Itoa(i) + " - " + desc + "\n")
		return
	}
	b.WriteString("not ok " + strconv.Itoa(i) + " - " + desc + "\n")
	b.WriteString("  ---\n")
	yamlField(b, "verdict", verdictName(c.Verdict))
	if c.Verdict == checker.Violated {
		yamlField(b, "message", oneLine(explanation(c)))
		yamlField(b, "severity", "fail")
	} else {
		yamlField(b, "message", oneLine(c.Message))
		yamlField(b, "severity", "unknown")
	}
	if p, ok := breakPos(c); ok {
		b.WriteString("  at:\n")
		if p.File != "" {
			b.WriteString("  ")
			yamlField(b, "file", p.File)
		}
		b.WriteString("    line: " + strconv.Itoa(p.Line) + "\n")
		b.WriteString("    column: " + strconv.Itoa(p.Col) + "\n")
	}
	if c.Verdict == checker.Violated && c.Trace != nil {
		b.WriteString("  trace: |\n")
		for _, line := range strings.Split(strings.TrimRight(violationText(r, c), "\n"), "\n") {
			b.WriteString("    " + line + "\n")
		}
	}
	b.WriteString("  ...\n")
}

// yamlField writes `  key: "value"`.
func yamlField(b *strings.Builder, key, value string) {
	q, err := json.Marshal(value)
	if err != nil {
		q = []byte(`""`)
	}
	b.WriteString("  " + key + ": " + string(q) + "\n")
}

// tapEscape escapes a test description: '\' and '#' are TAP's.
func tapEscape(s string) string {
	return strings.NewReplacer(`\`, `\\`, "#", `\#`).Replace(s)
}
