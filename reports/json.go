package reports

import (
	"bytes"
	"encoding/json"
	"math"
	"strconv"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// SchemaVersion is the version of the JSON report's shape (CLI.md "JSON
// report"). Fields may be added within a version, never renamed.
const SchemaVersion = 1

// JSON renders r as the JSON report of CLI.md, indented by two spaces and ending
// with a newline. Objects are written field by field in a fixed order, so the
// bytes depend on r alone. Beyond the contract's fields it adds "limit" to the
// stats, "memory" (the memory model: "sc", "tso" or "pso") and, under TSO
// and PSO, "store_buffer" (the capacity of each store buffer) at the top
// level, "flush" to the steps of the memory system, "kind" and "points" to
// each check, "reduction" to the stats (unless --reduce none), and "file",
// "partner" and "note" to
// the steps, "final" to a trace, and "witness" (a trace) to a bounded_waiting
// check with a run that reaches its bound, and "approx" (ApproxLine's
// figures) after an approximate search. A nil Result gives "null".
func JSON(r *checker.Result) []byte {
	if r == nil {
		return []byte("null\n")
	}
	w := &jsonWriter{}
	w.raw("{")
	w.key("schema_version")
	w.raw(strconv.Itoa(SchemaVersion))
	w.field("file", r.File)
	w.field("model", r.Model)
	w.field("memory", r.Memory.String())
	if r.StoreBuffer > 0 {
		w.intField("store_buffer", int64(r.StoreBuffer))
	}
	w.key("constants")
	w.consts(r.Consts)
	w.key("processes")
	w.raw("[")
	for i, p := range r.Processes {
		w.comma(i)
		w.str(p)
	}
	w.raw("]")
	w.key("stats")
	w.stats(r.Stats)
	if r.Approx != nil {
		w.key("approx")
		w.approx(r.Approx)
	}
	if len(r.Growing) > 0 {
		w.key("growing")
		w.raw("[")
		for i, g := range r.Growing {
			w.comma(i)
			w.str(g)
		}
		w.raw("]")
	}
	w.key("checks")
	w.raw("[")
	for i := range r.Checks {
		w.comma(i)
		w.check(r, &r.Checks[i])
	}
	w.raw("]}")
	var out bytes.Buffer
	// The compact text is valid JSON by construction; Indent only re-spaces it.
	if err := json.Indent(&out, w.buf.Bytes(), "", "  "); err != nil {
		return append(w.buf.Bytes(), '\n')
	}
	out.WriteByte('\n')
	return out.Bytes()
}

// jsonWriter writes compact JSON in the order it is told.
type jsonWriter struct {
	buf bytes.Buffer
}

func (w *jsonWriter) raw(s string) { w.buf.WriteString(s) }

// comma separates the i-th element of a list or object from the previous one.
func (w *jsonWriter) comma(i int) {
	if i > 0 {
		w.buf.WriteByte(',')
	}
}

// key writes an object key; every key but the first of an object follows a
// comma, which key adds when the last byte written is not an opening brace.
func (w *jsonWriter) key(k string) {
	if b := w.buf.Bytes(); len(b) > 0 && b[len(b)-1] != '{' {
		w.buf.WriteByte(',')
	}
	w.str(k)
	w.buf.WriteByte(':')
}

func (w *jsonWriter) field(k, v string) {
	w.key(k)
	w.str(v)
}

func (w *jsonWriter) intField(k string, v int64) {
	w.key(k)
	w.raw(strconv.FormatInt(v, 10))
}

// str writes a JSON string, without escaping <, > and & for HTML.
func (w *jsonWriter) str(s string) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(s); err != nil {
		w.buf.WriteString(`""`)
		return
	}
	w.buf.Write(bytes.TrimRight(b.Bytes(), "\n"))
}

func (w *jsonWriter) consts(cs []ir.Const) {
	w.raw("{")
	seen := make(map[string]bool, len(cs))
	for _, c := range cs {
		if seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		w.intField(c.Name, int64(c.Value))
	}
	w.raw("}")
}

func (w *jsonWriter) stats(s checker.Stats) {
	w.raw("{")
	w.intField("states", s.States)
	w.intField("transitions", s.Transitions)
	w.intField("depth", int64(s.Depth))
	w.key("seconds")
	secs := s.Elapsed.Seconds()
	if math.IsNaN(secs) || math.IsInf(secs, 0) {
		secs = 0
	}
	w.raw(strconv.FormatFloat(secs, 'f', -1, 64))
	w.key("complete")
	w.raw(strconv.FormatBool(s.Complete))
	w.key("limit")
	if s.Limit == "" {
		w.raw("null")
	} else {
		w.str(s.Limit)
	}
	if s.Reduction != nil {
		w.key("reduction")
		w.reduction(s.Reduction, s.States)
	}
	w.raw("}")
}

// reduction writes what the run's reductions did: the mode asked for, the
// reductions applied, the process arrays reduced by symmetry, the reasons for
// what was not applied, the states a search without reduction would have
// stored and the states saved (null when not counted), and the states stored
// again to rebuild counterexamples.
func (w *jsonWriter) reduction(r *checker.Reduction, stored int64) {
	w.raw("{")
	w.field("mode", r.Mode.String())
	list := func(k string, xs []string) {
		w.key(k)
		w.raw("[")
		for i, x := range xs {
			w.comma(i)
			w.str(x)
		}
		w.raw("]")
	}
	list("applied", r.Applied)
	list("symmetric", r.Symmetric)
	list("not_applied", r.NotApplied)
	w.key("states_without")
	if r.Unreduced > 0 {
		w.raw(strconv.FormatInt(r.Unreduced, 10))
		w.intField("states_saved", r.Saved(stored))
	} else {
		w.raw("null")
		w.key("states_saved")
		w.raw("null")
	}
	w.intField("retrace_states", r.RetraceStates)
	w.raw("}")
}

func (w *jsonWriter) check(r *checker.Result, c *checker.CheckResult) {
	w.raw("{")
	w.field("name", c.Name)
	w.field("kind", kindName(c.Kind))
	w.field("verdict", verdictName(c.Verdict))
	w.field("message", c.Message)
	if c.Kind == ir.CheckBoundedWaiting {
		w.key("bound")
		if c.Bound == nil {
			w.raw("null")
		} else {
			w.raw(strconv.Itoa(*c.Bound))
		}
	}
	w.intField("points", int64(c.Points))
	if c.Trace != nil {
		w.key("trace")
		w.trace(r, c.Trace)
	}
	if c.Witness != nil {
		w.key("witness")
		w.trace(r, c.Witness)
	}
	w.raw("}")
}

func (w *jsonWriter) trace(r *checker.Result, t *checker.Trace) {
	w.raw("{")
	w.key("loop_start")
	if t.LoopStart > 0 {
		w.raw(strconv.Itoa(t.LoopStart))
	} else {
		w.raw("null")
	}
	w.key("steps")
	w.raw("[")
	for i, s := range t.Steps {
		w.comma(i)
		w.step(r, s)
	}
	w.raw("]")
	w.key("final")
	w.raw("[")
	for i, ps := range t.Final {
		w.comma(i)
		w.raw("{")
		w.field("process", processName(r, ps.Process))
		w.pos(ps.Pos)
		w.field("statement", finalStatement(ps))
		w.key("terminated")
		w.raw(strconv.FormatBool(ps.Terminated))
		w.key("blocked")
		w.raw(strconv.FormatBool(ps.Blocked))
		w.field("waits", ps.Waits)
		w.raw("}")
	}
	w.raw("]}")
}

func (w *jsonWriter) step(r *checker.Result, s checker.Step) {
	w.raw("{")
	w.intField("step", int64(s.Number))
	w.field("process", processName(r, s.Process))
	w.key("partner")
	if s.Partner >= 0 {
		w.str(processName(r, s.Partner))
	} else {
		w.raw("null")
	}
	w.pos(s.Pos)
	w.field("statement", s.Statement)
	w.key("changes")
	w.changes(r, s.Changes)
	if s.Note != "" {
		w.field("note", s.Note)
	}
	if s.PartnerNote != "" {
		w.field("partner_note", s.PartnerNote)
	}
	if s.Flush {
		w.key("flush")
		w.raw("true")
	}
	w.raw("}")
}

// pos writes "file", "line" and "col" fields.
func (w *jsonWriter) pos(p source.Pos) {
	w.field("file", p.File)
	w.intField("line", int64(p.Line))
	w.intField("col", int64(p.Col))
}

// changes writes a step's changes as an object in their order; a name listed
// twice keeps its first place and its last value, so keys stay unique.
func (w *jsonWriter) changes(r *checker.Result, cs []checker.Change) {
	last := make(map[string]checker.Value, len(cs))
	for _, c := range cs {
		last[c.Name] = c.Value
	}
	w.raw("{")
	seen := make(map[string]bool, len(cs))
	for _, c := range cs {
		if seen[c.Name] {
			continue
		}
		seen[c.Name] = true
		w.key(c.Name)
		v := last[c.Name]
		switch v.Kind {
		case checker.IntValue:
			w.raw(strconv.FormatInt(int64(v.Int), 10))
		case checker.BoolValue:
			w.raw(strconv.FormatBool(v.Int != 0))
		default:
			w.str(valueText(r, v))
		}
	}
	w.raw("}")
}
