package reports

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/interleave/interleave/checker"
)

// Markdown renders r as a Markdown report for a README or a CI job summary
// ($GITHUB_STEP_SUMMARY): a heading naming the model, a table of verdicts,
// and for each violated check (and each bounded_waiting witness) its
// explanation, its trace as a table and a Mermaid sequence diagram of it.
// Model text is escaped so that it cannot break a table or the diagram.
func Markdown(r *checker.Result) string {
	if r == nil {
		return ""
	}
	var b strings.Builder
	b.WriteString("## " + mdText(r.Model))
	if len(r.Consts) > 0 {
		b.WriteString(" (" + mdText(constsText(r.Consts)) + ")")
	}
	if mem := r.MemoryText(); mem != "" {
		b.WriteString(", " + mdText(mem))
	}
	b.WriteString("\n\n")
	if r.File != "" {
		b.WriteString("Model file " + mdCode(r.File) + ".\n\n")
	}
	b.WriteString("| check | verdict | details |\n|---|---|---|\n")
	for i := range r.Checks {
		c := &r.Checks[i]
		var detail []string
		if s := boundText(c); s != "" {
			detail = append(detail, s)
		}
		if c.Verdict != checker.Holds && c.Message != "" {
			detail = append(detail, c.Message)
		}
		fmt.Fprintf(&b, "| %s | %s | %s |\n", mdText(c.Name), mdVerdict(c.Verdict),
			mdText(strings.Join(detail, "; ")))
	}
	if len(r.Checks) == 0 {
		b.WriteString("| (no checks) | | |\n")
	}
	for i := range r.Checks {
		c := &r.Checks[i]
		switch {
		case c.Verdict == checker.Violated && c.Trace != nil:
			fmt.Fprintf(&b, "\n### %s violated\n\n%s\n", mdText(c.Name), mdText(sentence(explanation(c))))
			mdTrace(&b, r, c, c.Trace)
		case c.Verdict == checker.Violated:
			fmt.Fprintf(&b, "\n### %s violated\n\n%s\n", mdText(c.Name), mdText(sentence(explanation(c))))
		case c.Witness != nil:
			fmt.Fprintf(&b, "\n### %s: %s\n", mdText(c.Name), mdText(witnessText(c)))
			mdTrace(&b, r, c, c.Witness)
		}
	}
	b.WriteString("\n" + mdText(statsLine(r.Stats, false)) + "\n")
	return b.String()
}

// sentence ends s with a full stop.
func sentence(s string) string {
	s = strings.TrimSpace(oneLine(s))
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

// mdVerdict is a verdict with a sign that reads without colour.
func mdVerdict(v checker.Verdict) string {
	switch v {
	case checker.Holds:
		return "✅ holds"
	case checker.Violated:
		return "❌ violated"
	}
	return "⚠️ unknown"
}

// mdTrace writes a trace as a table, its lasso, the last state and the
// sequence diagram.
func mdTrace(b *strings.Builder, r *checker.Result, c *checker.CheckResult, t *checker.Trace) {
	b.WriteString("\n")
	if len(t.Steps) == 0 {
		b.WriteString("The initial state breaks the property.\n")
	} else {
		b.WriteString("| step | process | line | statement | changes | note |\n|--:|---|--:|---|---|---|\n")
		for _, s := range t.Steps {
			num := strconv.Itoa(s.Number)
			if t.LoopStart > 0 && s.Number == t.LoopStart {
				num = "🔁 " + num
			}
			fmt.Fprintf(b, "| %s | %s | %s | %s | %s | %s |\n", num, mdText(processName(r, s.Process)),
				mdText(placeIn(r, s.Pos)), mdCode(s.Statement), mdCode(changesText(r, s.Changes)), mdText(s.Note))
		}
	}
	if s := loopText(t); s != "" {
		b.WriteString("\n🔁 " + mdText(sentence(strings.ToUpper(s[:1])+s[1:])) + "\n")
	}
	if len(t.Final) > 0 {
		b.WriteString("\nThe last state:\n\n")
		for _, ps := range t.Final {
			line := mdText(processName(r, ps.Process)) + " at " + mdCode(finalStatement(ps))
			if where := placeIn(r, ps.Pos); where != "-" {
				line += " (line " + mdText(where) + ")"
			}
			if st := finalStatus(ps); st != "" {
				line += ": " + mdText(st)
			}
			b.WriteString("- " + line + "\n")
		}
	}
	b.WriteString("\n```mermaid\n")
	b.WriteString(Mermaid(r, c, t))
	b.WriteString("```\n")
}

// Mermaid renders trace t of check c as a Mermaid sequence diagram: one
// participant per process; a step as a note over its process, or for a joint
// step an arrow from the process that moved to its partner; a lasso's cycle in
// a "loop repeats forever" block; and last a note over every process naming
// the broken property.
func Mermaid(r *checker.Result, c *checker.CheckResult, t *checker.Trace) string {
	var b strings.Builder
	b.WriteString("sequenceDiagram\n")
	n := processCount(r, t)
	for p := range n {
		fmt.Fprintf(&b, "    participant p%d as %s\n", p, mermaidText(processName(r, p)))
	}
	indent := "    "
	looping := false
	for _, s := range t.Steps {
		if t.LoopStart > 0 && s.Number == t.LoopStart {
			b.WriteString("    loop repeats forever\n")
			indent = "        "
			looping = true
		}
		label := strconv.Itoa(s.Number) + ". " + s.Statement
		if len(s.Changes) > 0 {
			label += " → " + changesText(r, s.Changes)
		}
		if s.Note != "" {
			label += " (" + s.Note + ")"
		}
		p := clampLane(s.Process, n)
		if s.Partner >= 0 && s.Partner < n && s.Partner != p {
			fmt.Fprintf(&b, "%sp%d->>p%d: %s\n", indent, p, s.Partner, mermaidText(label))
		} else {
			fmt.Fprintf(&b, "%sNote over p%d: %s\n", indent, p, mermaidText(label))
		}
	}
	if looping {
		b.WriteString("    end\n")
	}
	over := "p0"
	if n > 1 {
		over = fmt.Sprintf("p0,p%d", n-1)
	}
	verdict := "violated"
	if c.Verdict != checker.Violated {
		verdict = verdictName(c.Verdict)
	}
	msg := c.Name + " " + verdict + ": " + explanation(c)
	if c.Verdict != checker.Violated {
		msg = c.Name + ": " + witnessText(c)
	}
	if t.LoopStart > len(t.Steps) && !strings.Contains(msg, loopText(t)) {
		msg += " (" + loopText(t) + ")"
	}
	fmt.Fprintf(&b, "    Note over %s: %s\n", over, mermaidText(msg))
	return b.String()
}

// clampLane keeps a malformed process index inside the diagram.
func clampLane(p, n int) int {
	if p < 0 || p >= n {
		return 0
	}
	return p
}

// mermaidText escapes text for a Mermaid label: the characters Mermaid reads
// as syntax become its numeric entity codes, control characters spaces.
func mermaidText(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		switch r {
		case '#', ';', '<', '>', '&', '"', '%', '`', '{', '}':
			b.WriteString("#" + strconv.Itoa(int(r)) + ";")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// mdText escapes text for Markdown: every ASCII punctuation character that
// Markdown or a table reads as syntax gets a backslash, and control characters
// become spaces.
func mdText(s string) string {
	var b strings.Builder
	for _, r := range oneLine(s) {
		if strings.ContainsRune("\\`*_{}[]<>#|~&", r) {
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// mdCode renders s as inline code, safe inside a table: the fence is longer
// than any run of backticks in s, and '|' is escaped. Empty text is empty.
func mdCode(s string) string {
	s = strings.TrimSpace(oneLine(s))
	if s == "" {
		return ""
	}
	s = strings.ReplaceAll(s, "|", `\|`)
	fence := "`"
	for strings.Contains(s, fence) {
		fence += "`"
	}
	pad := ""
	if strings.HasPrefix(s, "`") || strings.HasSuffix(s, "`") {
		pad = " "
	}
	return fence + pad + s + pad + fence
}
