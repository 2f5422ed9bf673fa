package reports

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// processName is the display name of process p, or "process #p" when the
// Result does not name it (a malformed Result must not crash a report).
func processName(r *checker.Result, p int) string {
	if p >= 0 && p < len(r.Processes) {
		return r.Processes[p]
	}
	return fmt.Sprintf("process #%d", p)
}

// place renders a position as file:line, or "-" when it names no line.
func place(p source.Pos) string {
	switch {
	case !p.IsValid():
		return "-"
	case p.File == "":
		return strconv.Itoa(p.Line)
	}
	return p.File + ":" + strconv.Itoa(p.Line)
}

// placeIn renders a position of r's model as its line number alone when it is
// in r's own file (the header names it), else as file:line.
func placeIn(r *checker.Result, p source.Pos) string {
	if p.IsValid() && p.File == r.File {
		return strconv.Itoa(p.Line)
	}
	return place(p)
}

// valueText is a value as people read it: its Text, or a rendering from its
// kind when the Text is missing.
func valueText(r *checker.Result, v checker.Value) string {
	if v.Text != "" {
		return v.Text
	}
	switch v.Kind {
	case checker.BoolValue:
		return strconv.FormatBool(v.Int != 0)
	case checker.ProcessValue:
		if v.Int < 0 {
			return "none"
		}
		return processName(r, int(v.Int))
	}
	return strconv.FormatInt(int64(v.Int), 10)
}

// changesText renders a step's changes as "turn=0 interested[0]=true".
func changesText(r *checker.Result, cs []checker.Change) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Name + "=" + valueText(r, c.Value)
	}
	return strings.Join(parts, " ")
}

// constsText renders the constants as "N=2 M=3", in declaration order.
func constsText(cs []ir.Const) string {
	parts := make([]string, len(cs))
	for i, c := range cs {
		parts[i] = c.Name + "=" + strconv.FormatInt(int64(c.Value), 10)
	}
	return strings.Join(parts, " ")
}

// boundText is bounded_waiting's bound in words.
func boundText(c *checker.CheckResult) string {
	if c.Kind != ir.CheckBoundedWaiting {
		return ""
	}
	if c.Bound == nil {
		if c.Verdict == checker.Violated {
			return "unbounded"
		}
		return ""
	}
	return "bound " + strconv.Itoa(*c.Bound)
}

// explanation is the one-line plain explanation of a violated check: its
// Message, or a sentence from its kind when the Message is empty.
func explanation(c *checker.CheckResult) string {
	if c.Message != "" {
		return c.Message
	}
	switch c.Kind {
	case ir.CheckMutex:
		return "two processes are in critical at the same time"
	case ir.CheckDeadlock:
		return "no process can move, and some process has not terminated"
	case ir.CheckInvariant:
		return "the invariant is false in a reachable state"
	case ir.CheckAssert:
		return "an assertion failed"
	case ir.CheckRuntime:
		return "the model made a run-time error"
	case ir.CheckProgress:
		return "processes are trying but none ever enters critical"
	case ir.CheckStarvation:
		return "a trying process never enters critical"
	case ir.CheckBoundedWaiting:
		return "other processes enter critical without bound while one waits"
	case ir.CheckLeadsTo:
		return "the left side holds but the right side never follows"
	}
	return "the property does not hold"
}

// loopText says how a lasso repeats, or "" for a finite trace.
func loopText(t *checker.Trace) string {
	switch {
	case t.LoopStart <= 0:
		return ""
	case t.LoopStart > len(t.Steps):
		return "the run stays here forever"
	}
	return fmt.Sprintf("from step %d the run repeats forever", t.LoopStart)
}

// Bytes renders a byte count with a binary unit: "512 B", "1.5 MiB".
func Bytes(n uint64) string { return bytesText(float64(n)) }

// bytesText renders a byte count with a binary unit: "512 B", "1.5 MiB".
func bytesText(n float64) string {
	units := []string{"B", "KiB", "MiB", "GiB", "TiB", "PiB"}
	i := 0
	for n >= 1024 && i < len(units)-1 {
		n /= 1024
		i++
	}
	if i == 0 {
		return strconv.FormatFloat(n, 'f', 0, 64) + " B"
	}
	return strconv.FormatFloat(n, 'f', 1, 64) + " " + units[i]
}

// kindName is a check kind's name, safe for a kind the ir package does not know.
func kindName(k ir.CheckKind) string {
	if k > ir.CheckLeadsTo {
		return "check"
	}
	return k.String()
}

// verdictName is a verdict's word, safe for a value the checker does not know.
func verdictName(v checker.Verdict) string {
	if v > checker.Violated {
		return checker.Unknown.String()
	}
	return v.String()
}

// oneLine makes text safe for one line of a terminal: every control character
// (newline, tab, escape) becomes a space.
func oneLine(s string) string {
	return strings.Map(func(r rune) rune {
		if r < 0x20 || r == 0x7f || (r >= 0x80 && r < 0xa0) {
			return ' '
		}
		return r
	}, s)
}
