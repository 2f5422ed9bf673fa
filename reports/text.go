package reports

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/interleave/interleave/checker"
)

// TextOptions choose what the text report shows.
type TextOptions struct {
	// Color paints the verdict words with ANSI colours. The caller decides
	// (a terminal, and no NO_COLOR or --no-color).
	Color bool
	// Quiet keeps only the verdict lines.
	Quiet bool
	// Stats extends the statistics line with states per second, bytes per
	// state and peak memory.
	Stats bool
}

// ANSI colours of the verdict words.
const (
	ansiRed    = "\x1b[31m"
	ansiGreen  = "\x1b[32m"
	ansiYellow = "\x1b[33m"
	ansiReset  = "\x1b[0m"
)

// Text renders r as the text report of CLI.md: a header naming the model, one
// line per check with its verdict, then for each violated check a plain
// explanation and its trace as a table ending with the final state, and last the
// statistics line. A nil Result gives an empty report.
func Text(r *checker.Result, opts TextOptions) string {
	if r == nil {
		return ""
	}
	var b strings.Builder
	if !opts.Quiet {
		b.WriteString(header(r))
		b.WriteByte('\n')
	}
	for _, line := range verdictLines(r, opts.Color) {
		b.WriteString(line)
		b.WriteByte('\n')
	}
	if opts.Quiet {
		return b.String()
	}
	for i := range r.Checks {
		c := &r.Checks[i]
		switch {
		case c.Verdict == checker.Violated:
			b.WriteByte('\n')
			writeViolation(&b, r, c, opts.Color)
		case c.Witness != nil:
			b.WriteByte('\n')
			writeWitness(&b, r, c, opts.Color)
		}
	}
	b.WriteByte('\n')
	b.WriteString(statsLine(r.Stats, opts.Stats))
	b.WriteByte('\n')
	if opts.Stats && r.Stats.Reduction != nil {
		b.WriteString(r.Stats.Reduction.Text() + "\n")
	}
	if line := ApproxLine(r.Approx); line != "" {
		b.WriteString(line + "\n")
	}
	if len(r.Growing) > 0 {
		b.WriteString("kept growing until the limit: " + oneLine(strings.Join(r.Growing, ", ")) + "\n")
	}
	return b.String()
}

// Header is the first line of the text report: the file, the model and its
// constants, as "peterson.ilv: model peterson (N=2)".
func Header(r *checker.Result) string {
	if r == nil {
		return ""
	}
	return header(r)
}

// TraceText renders a trace as the text report shows a counterexample: the
// table of steps (step, process, line, statement, changes, note), the lasso's
// mark, the variables the run changed and where every process is at the end.
// r supplies the process names and the file. A nil trace gives "".
func TraceText(r *checker.Result, t *checker.Trace) string {
	if r == nil || t == nil {
		return ""
	}
	var b strings.Builder
	writeTrace(&b, r, t)
	return b.String()
}

// header names the file, the model, its constants and a memory model other
// than SC: "peterson.ilv: model peterson (N=2)", "peterson_tso.ilv: model
// peterson_tso, under TSO, store buffers of 2".
func header(r *checker.Result) string {
	var b strings.Builder
	if r.File != "" {
		b.WriteString(LineStart(r.File))
		b.WriteString(": ")
	}
	b.WriteString("model ")
	b.WriteString(oneLine(r.Model))
	if len(r.Consts) > 0 {
		b.WriteString(" (")
		b.WriteString(constsText(r.Consts))
		b.WriteString(")")
	}
	if mem := r.MemoryText(); mem != "" {
		b.WriteString(", ")
		b.WriteString(mem)
	}
	return b.String()
}

// verdictLines gives one aligned line per check: name, verdict, and the bound
// or the message when there is something to say.
func verdictLines(r *checker.Result, color bool) []string {
	if len(r.Checks) == 0 {
		return []string{"no checks"}
	}
	rows := make([][]string, len(r.Checks))
	for i := range r.Checks {
		c := &r.Checks[i]
		var detail []string
		if s := boundText(c); s != "" {
			detail = append(detail, s)
		}
		if c.Verdict != checker.Holds && c.Message != "" {
			detail = append(detail, c.Message)
		}
		rows[i] = []string{c.Name, verdictName(c.Verdict), strings.Join(detail, "; ")}
	}
	lines := align(rows, nil)
	if !color {
		return lines
	}
	// Colour after aligning, so that escape codes do not count as width. The
	// verdict starts right after the padded name column.
	width := 0
	for _, row := range rows {
		width = max(width, len([]rune(row[0])))
	}
	for i, line := range lines {
		runes := []rune(line)
		start := width + 2
		word := verdictName(r.Checks[i].Verdict)
		end := start + len(word)
		if end > len(runes) {
			continue
		}
		lines[i] = string(runes[:start]) + paint(r.Checks[i].Verdict, word) + string(runes[end:])
	}
	return lines
}

// paint wraps a verdict word in its colour.
func paint(v checker.Verdict, word string) string {
	switch v {
	case checker.Holds:
		return ansiGreen + word + ansiReset
	case checker.Violated:
		return ansiRed + word + ansiReset
	}
	return ansiYellow + word + ansiReset
}

// writeViolation writes a violated check's explanation, its trace table, the
// lasso's mark and the final state.
func writeViolation(b *strings.Builder, r *checker.Result, c *checker.CheckResult, color bool) {
	verdict := "violated"
	if color {
		verdict = paint(checker.Violated, verdict)
	}
	fmt.Fprintf(b, "%s %s: %s\n", oneLine(c.Name), verdict, oneLine(explanation(c)))
	writeTrace(b, r, c.Trace)
}

// writeWitness writes the run that reaches a bounded_waiting check's bound.
func writeWitness(b *strings.Builder, r *checker.Result, c *checker.CheckResult, color bool) {
	verdict := verdictName(c.Verdict)
	if color {
		verdict = paint(c.Verdict, verdict)
	}
	fmt.Fprintf(b, "%s %s: %s\n", oneLine(c.Name), verdict, oneLine(witnessText(c)))
	writeTrace(b, r, c.Witness)
}

// witnessText introduces the run that reaches a bound.
func witnessText(c *checker.CheckResult) string {
	if c.Bound != nil {
		times := "times"
		if *c.Bound == 1 {
			times = "time"
		}
		return fmt.Sprintf("bound %d: a waiting process can be overtaken %d %s, as in this run", *c.Bound, *c.Bound, times)
	}
	return "a run that reaches the bound"
}

// writeTrace writes a trace's table, the lasso's mark, the variables the run
// changed and the final state.
func writeTrace(b *strings.Builder, r *checker.Result, t *checker.Trace) {
	if t == nil {
		b.WriteString("  (no trace)\n")
		return
	}
	if len(t.Steps) == 0 {
		b.WriteString("  the initial state breaks the property\n")
	} else {
		writeSteps(b, r, t)
	}
	if t.LoopStart > len(t.Steps) {
		fmt.Fprintf(b, "  -- %s --\n", loopText(t))
	}
	if vs := lastValues(t); len(vs) > 0 {
		b.WriteString("  variables the run changed, at the end: ")
		b.WriteString(oneLine(changesText(r, vs)))
		b.WriteByte('\n')
	}
	writeFinal(b, r, t)
}

// lastValues is every variable a trace changes, in the order of its first
// change, with its last value.
func lastValues(t *checker.Trace) []checker.Change {
	var out []checker.Change
	at := map[string]int{}
	for _, s := range t.Steps {
		for _, c := range s.Changes {
			if i, ok := at[c.Name]; ok {
				out[i].Value = c.Value
				continue
			}
			at[c.Name] = len(out)
			out = append(out, c)
		}
	}
	return out
}

// writeSteps writes the trace table, with a marker line before the step at
// which a lasso's cycle starts.
func writeSteps(b *strings.Builder, r *checker.Result, t *checker.Trace) {
	notes := false
	for _, s := range t.Steps {
		notes = notes || s.Note != ""
	}
	head := []string{"step", "process", "line", "statement", "changes"}
	if notes {
		head = append(head, "note")
	}
	rows := [][]string{head}
	for _, s := range t.Steps {
		row := []string{strconv.Itoa(s.Number), processName(r, s.Process), placeIn(r, s.Pos),
			s.Statement, changesText(r, s.Changes)}
		if notes {
			row = append(row, s.Note)
		}
		rows = append(rows, row)
	}
	lines := align(rows, map[int]bool{0: true, 2: true})
	for i, line := range lines {
		if i > 0 && t.LoopStart > 0 && t.LoopStart <= len(t.Steps) && t.Steps[i-1].Number == t.LoopStart {
			fmt.Fprintf(b, "  -- %s --\n", loopText(t))
		}
		b.WriteString("  ")
		b.WriteString(line)
		b.WriteByte('\n')
	}
}

// writeFinal writes where every process is in the trace's last state and, when
// blocked, what it waits for.
func writeFinal(b *strings.Builder, r *checker.Result, t *checker.Trace) {
	if len(t.Final) == 0 {
		return
	}
	b.WriteString("  the last state:\n")
	rows := make([][]string, len(t.Final))
	for i, ps := range t.Final {
		where := placeIn(r, ps.Pos)
		if where != "-" {
			where = "line " + where
		}
		rows[i] = []string{processName(r, ps.Process), where, finalStatement(ps), finalStatus(ps)}
	}
	for _, line := range align(rows, nil) {
		b.WriteString("    ")
		b.WriteString(line)
		b.WriteByte('\n')
	}
}

// finalStatement is a process's next statement, "end" once terminated.
func finalStatement(ps checker.ProcessState) string {
	if ps.Terminated && ps.Statement == "" {
		return "end"
	}
	return ps.Statement
}

// finalStatus says whether a process has terminated or is blocked, and on what.
func finalStatus(ps checker.ProcessState) string {
	switch {
	case ps.Terminated:
		return "terminated"
	case ps.Blocked && ps.Waits != "":
		return "blocked: " + ps.Waits
	case ps.Blocked:
		return "blocked"
	}
	return ""
}

// statsLine renders the run's figures; extended adds the rates and memory
// details of --stats.
func statsLine(s checker.Stats, extended bool) string {
	parts := []string{
		"states " + strconv.FormatInt(s.States, 10),
		"transitions " + strconv.FormatInt(s.Transitions, 10),
		"depth " + strconv.Itoa(s.Depth),
		"time " + strconv.FormatFloat(s.Elapsed.Seconds(), 'f', 3, 64) + "s",
		"memory " + bytesText(float64(s.States)*s.BytesPerState),
	}
	if extended {
		rate := "-"
		if secs := s.Elapsed.Seconds(); secs > 0 {
			rate = strconv.FormatFloat(float64(s.States)/secs, 'f', 0, 64)
		}
		parts = append(parts,
			"states/s "+rate,
			"bytes/state "+strconv.FormatFloat(s.BytesPerState, 'f', 1, 64),
			stateSize(s),
			"peak memory "+bytesText(float64(s.PeakMemory)))
		if s.Liveness > 0 {
			// The part of the time that went to the liveness checks,
			// after the search that recorded their graph.
			parts = append(parts, "liveness "+strconv.FormatFloat(s.Liveness.Seconds(), 'f', 3, 64)+"s")
		}
		if s.GraphBytes > 0 {
			parts = append(parts, "graph "+bytesText(float64(s.GraphBytes))+
				" ("+strconv.FormatFloat(s.GraphBytesPerState, 'f', 1, 64)+" B/state)")
		}
	}
	line := strings.Join(parts, "  ")
	if !s.Complete {
		switch s.Limit {
		case "cancelled":
			line += "  (incomplete: the run was cancelled)"
		case "":
			line += "  (incomplete)"
		case checker.LimitStopAtFirst:
			line += "  (incomplete: stopped at the first violation)"
		default:
			line += "  (incomplete: " + s.Limit + " limit reached)"
		}
	}
	return line
}

// stateSize is the size of a state in the extended statistics, with the
// bytes the store keeps of it when it packs states.
func stateSize(s checker.Stats) string {
	text := "state size " + strconv.Itoa(s.StateBytes) + " B"
	if s.KeyBytes > 0 && s.KeyBytes < s.StateBytes {
		text += " (stored in " + strconv.Itoa(s.KeyBytes) + " B)"
	}
	return text
}
