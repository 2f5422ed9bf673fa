package reports

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"github.com/interleave/interleave/checker"
)

// shardDoc is what Merge reads of a shard's JSON report.
type shardDoc struct {
	File        string          `json:"file"`
	Model       string          `json:"model"`
	Memory      string          `json:"memory"`
	StoreBuffer int             `json:"store_buffer"`
	Constants   json.RawMessage `json:"constants"`
	Processes   json.RawMessage `json:"processes"`
	Results     json.RawMessage `json:"results"`
	Stats       struct {
		States      int64 `json:"states"`
		Transitions int64 `json:"transitions"`
		Complete    bool  `json:"complete"`
	} `json:"stats"`
	Approx *struct {
		Seed     uint64  `json:"seed"`
		HashBits int     `json:"hash_bits"`
		Missed   float64 `json:"missed_probability"`
		Shard    int     `json:"shard"`
		Shards   int     `json:"shards"`
		Source   string  `json:"source_hash"`
	} `json:"approx"`
	Checks []shardCheck `json:"checks"`
}

// shardCheck is one check of a shard's report.
type shardCheck struct {
	Name    string `json:"name"`
	Kind    string `json:"kind"`
	Verdict string `json:"verdict"`
	Message string `json:"message"`
	Trace   *struct {
		Steps []json.RawMessage `json:"steps"`
	} `json:"trace"`
	trace json.RawMessage
}

// Merged is the verdicts of a swarm: the JSON reports of the shards of one
// model's approximate searches (check --swarm I/N), put together.
type Merged struct {
	File, Model, Memory string
	StoreBuffer         int
	// Constants and Processes are as the shards' reports have them (JSON).
	Constants, Processes json.RawMessage
	// Shards is N; Present the shards merged, in order; Missing those not
	// given; Complete the number of shards whose search was complete.
	Shards           int
	Present, Missing []int
	Complete         int
	// HashBits is the shards' hash width; MaxMissed the largest probability
	// of a missed state of a shard. States and Transitions are the shards'
	// sums.
	HashBits            int
	MaxMissed           float64
	States, Transitions int64
	Checks              []MergedCheck
}

// MergedCheck is the merged verdict of one check.
type MergedCheck struct {
	Name, Kind, Verdict, Message string
	// Shard is the shard whose trace is kept, 0 when none; Trace is that
	// trace (JSON), of Steps steps.
	Shard int
	Trace json.RawMessage
	Steps int
}

// Merge puts together the shard reports docs, read from files (named as
// given, for messages). They must be the single-run JSON reports of the
// shards of one swarm: the same file, text (source_hash), model, constants, memory model,
// processes, checks, number of shards and hash width, each shard at most
// once. A check violated in some shard is violated, with the shortest trace
// (on a tie, the lowest shard's); otherwise it is unknown: a swarm proves
// nothing. The error says which file does not fit.
func Merge(files []string, docs [][]byte) (*Merged, error) {
	if len(docs) == 0 {
		return nil, fmt.Errorf("no shard reports")
	}
	shards := make([]*shardDoc, len(docs))
	for i, doc := range docs {
		d, err := readShard(doc)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", files[i], err)
		}
		shards[i] = d
	}
	first := shards[0]
	m := &Merged{File: first.File, Model: first.Model, Memory: first.Memory, StoreBuffer: first.StoreBuffer,
		Constants: first.Constants, Processes: first.Processes, Shards: first.Approx.Shards, HashBits: first.Approx.HashBits}
	byShard := map[int]int{}
	for i, d := range shards {
		if what := differs(first, d); what != "" {
			return nil, fmt.Errorf("%s is not a shard of the same run as %s: %s", files[i], files[0], what)
		}
		if j, ok := byShard[d.Approx.Shard]; ok {
			return nil, fmt.Errorf("%s and %s are both shard %d of %d", files[j], files[i], d.Approx.Shard, m.Shards)
		}
		byShard[d.Approx.Shard] = i
		m.States += d.Stats.States
		m.Transitions += d.Stats.Transitions
		m.MaxMissed = max(m.MaxMissed, d.Approx.Missed)
		if d.Stats.Complete {
			m.Complete++
		}
	}
	for s := 1; s <= m.Shards; s++ {
		if _, ok := byShard[s]; ok {
			m.Present = append(m.Present, s)
		} else {
			m.Missing = append(m.Missing, s)
		}
	}
	for k, c := range first.Checks {
		mc := MergedCheck{Name: c.Name, Kind: c.Kind, Verdict: verdictName(checker.Unknown)}
		liveness := true
		for _, s := range m.Present {
			sc := shards[byShard[s]].Checks[k]
			if sc.Verdict == verdictName(checker.Violated) && sc.Trace != nil {
				if n := len(sc.Trace.Steps); mc.Shard == 0 || n < mc.Steps {
					mc.Verdict, mc.Message, mc.Shard, mc.Trace, mc.Steps = sc.Verdict, sc.Message, s, sc.trace, n
				}
			}
			liveness = liveness && sc.Message == checker.ApproxLiveness
		}
		if mc.Shard == 0 {
			mc.Message = m.notFound()
			if liveness {
				mc.Message = checker.ApproxLiveness
			}
		}
		m.Checks = append(m.Checks, mc)
	}
	return m, nil
}

// notFound is the message of a check no shard found violated.
func (m *Merged) notFound() string {
	msg := fmt.Sprintf("no violation found (approximate, %d of %d shards", len(m.Present), m.Shards)
	if n := len(m.Present) - m.Complete; n > 0 {
		msg += fmt.Sprintf(", %d of them stopped by a limit", n)
	}
	if len(m.Missing) > 0 {
		msg += "; missing " + shardList(m.Missing)
	}
	return msg + "; probability of a missed state at most " + checker.ProbabilityText(m.MaxMissed) + " in each)"
}

// shardList names shards: "shard 3", "shards 2, 5 and 7".
func shardList(s []int) string {
	words := make([]string, len(s))
	for i, n := range s {
		words[i] = strconv.Itoa(n)
	}
	if len(s) == 1 {
		return "shard " + words[0]
	}
	return "shards " + strings.Join(words[:len(s)-1], ", ") + " and " + words[len(s)-1]
}

// readShard parses one shard's report.
func readShard(doc []byte) (*shardDoc, error) {
	d := &shardDoc{}
	if err := json.Unmarshal(doc, d); err != nil {
		return nil, fmt.Errorf("not a JSON report of interleave check: %v", err)
	}
	if d.Results != nil {
		return nil, fmt.Errorf("holds several runs: merge takes one run per file")
	}
	if d.Approx == nil || d.Approx.Shards < 1 || d.Approx.Shard < 1 || d.Approx.Shard > d.Approx.Shards {
		return nil, fmt.Errorf("not the report of a shard: run interleave check --swarm I/N --format json")
	}
	var raw struct {
		Checks []struct {
			Trace json.RawMessage `json:"trace"`
		} `json:"checks"`
	}
	if err := json.Unmarshal(doc, &raw); err != nil {
		return nil, fmt.Errorf("not a JSON report of interleave check: %v", err)
	}
	for i := range d.Checks {
		c := &d.Checks[i]
		c.trace = raw.Checks[i].Trace
		if c.Verdict == verdictName(checker.Violated) && c.Trace == nil {
			return nil, fmt.Errorf("check %s is violated without a trace", c.Name)
		}
	}
	for _, f := range []*json.RawMessage{&d.Constants, &d.Processes} {
		var b bytes.Buffer
		if err := json.Compact(&b, *f); err == nil {
			*f = b.Bytes()
		}
	}
	return d, nil
}

// differs says what tells shard b from shard a's run, or "".
func differs(a, b *shardDoc) string {
	switch {
	case a.File != b.File:
		return "the file differs"
	case a.Approx.Source != b.Approx.Source:
		return "the model's text differs"
	case a.Model != b.Model:
		return "the model differs"
	case !bytes.Equal(a.Constants, b.Constants):
		return "the constants differ"
	case a.Memory != b.Memory || a.StoreBuffer != b.StoreBuffer:
		return "the memory model differs"
	case !bytes.Equal(a.Processes, b.Processes):
		return "the processes differ"
	case !slices.EqualFunc(a.Checks, b.Checks, func(x, y shardCheck) bool { return x.Name == y.Name && x.Kind == y.Kind }):
		return "the checks differ"
	case a.Approx.Shards != b.Approx.Shards:
		return "the number of shards differs"
	case a.Approx.HashBits != b.Approx.HashBits:
		return "the hash width differs"
	}
	return ""
}

// Violated tells whether some check of the swarm is violated.
func (m *Merged) Violated() bool {
	return slices.ContainsFunc(m.Checks, func(c MergedCheck) bool { return c.Shard > 0 })
}

// MergedJSON renders m as one JSON document: the model, as a shard's report
// names it, "swarm" (shards, merged, missing, complete, hash_bits,
// missed_probability_max, states, transitions) and the checks, each with
// the shard of its trace (or null) and the trace as that shard's report has
// it. Indented by two spaces, ending with a newline.
func MergedJSON(m *Merged) []byte {
	w := &jsonWriter{}
	w.raw("{")
	w.key("schema_version")
	w.raw(strconv.Itoa(SchemaVersion))
	w.field("file", m.File)
	w.field("model", m.Model)
	w.field("memory", m.Memory)
	if m.StoreBuffer > 0 {
		w.intField("store_buffer", int64(m.StoreBuffer))
	}
	w.key("constants")
	w.buf.Write(m.Constants)
	w.key("processes")
	w.buf.Write(m.Processes)
	w.key("swarm")
	w.raw("{")
	w.intField("shards", int64(m.Shards))
	w.key("merged")
	w.ints(m.Present)
	w.key("missing")
	w.ints(m.Missing)
	w.intField("complete", int64(m.Complete))
	w.intField("hash_bits", int64(m.HashBits))
	w.key("missed_probability_max")
	w.raw(strconv.FormatFloat(m.MaxMissed, 'g', -1, 64))
	w.intField("states", m.States)
	w.intField("transitions", m.Transitions)
	w.raw("}")
	w.key("checks")
	w.raw("[")
	for i, c := range m.Checks {
		w.comma(i)
		w.raw("{")
		w.field("name", c.Name)
		w.field("kind", c.Kind)
		w.field("verdict", c.Verdict)
		w.field("message", c.Message)
		w.key("shard")
		if c.Shard > 0 {
			w.raw(strconv.Itoa(c.Shard))
			w.key("trace")
			w.buf.Write(c.Trace)
		} else {
			w.raw("null")
		}
		w.raw("}")
	}
	w.raw("]}")
	var out bytes.Buffer
	if err := json.Indent(&out, w.buf.Bytes(), "", "  "); err != nil {
		return append(w.buf.Bytes(), '\n')
	}
	out.WriteByte('\n')
	return out.Bytes()
}

// ints writes a list of numbers.
func (w *jsonWriter) ints(ns []int) {
	w.raw("[")
	for i, n := range ns {
		w.comma(i)
		w.raw(strconv.Itoa(n))
	}
	w.raw("]")
}

// traceStep is what the text of a merge shows of a step.
type traceStep struct {
	Step      int             `json:"step"`
	Process   string          `json:"process"`
	Line      int             `json:"line"`
	Statement string          `json:"statement"`
	Changes   json.RawMessage `json:"changes"`
	Note      string          `json:"note"`
}

// MergedText renders m for a terminal: a header, one line per check with
// its merged verdict, each violation's trace (from the shard's report), and
// the swarm's figures.
func MergedText(m *Merged) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s: model %s", m.File, m.Model)
	if pairs := orderedPairs(m.Constants); len(pairs) > 0 {
		b.WriteString(" (" + strings.Join(pairs, ", ") + ")")
	}
	fmt.Fprintf(&b, ", swarm of %d shards\n", m.Shards)
	width := 0
	for _, c := range m.Checks {
		width = max(width, len(c.Name))
	}
	for _, c := range m.Checks {
		fmt.Fprintf(&b, "%-*s  %-8s  %s\n", width, oneLine(c.Name), c.Verdict, oneLine(c.Message))
	}
	for _, c := range m.Checks {
		if c.Shard == 0 {
			continue
		}
		fmt.Fprintf(&b, "\n%s violated: %s (shard %d, %d steps)\n", oneLine(c.Name), oneLine(c.Message), c.Shard, c.Steps)
		var t struct {
			Steps []traceStep `json:"steps"`
		}
		if err := json.Unmarshal(c.Trace, &t); err != nil {
			continue
		}
		for _, s := range t.Steps {
			line := fmt.Sprintf("  %3d  %-8s line %-4d %s", s.Step, oneLine(s.Process), s.Line, oneLine(s.Statement))
			if ch := orderedPairs(s.Changes); len(ch) > 0 {
				line += "   " + oneLine(strings.Join(ch, ", "))
			}
			if s.Note != "" {
				line += "   (" + oneLine(s.Note) + ")"
			}
			b.WriteString(strings.TrimRight(line, " ") + "\n")
		}
	}
	fmt.Fprintf(&b, "\nshards %d of %d", len(m.Present), m.Shards)
	if len(m.Missing) > 0 {
		b.WriteString(" (missing " + shardList(m.Missing) + ")")
	}
	fmt.Fprintf(&b, "  complete %d  states %d  transitions %d (summed over the shards)  probability of a missed state at most %s in each\n",
		m.Complete, m.States, m.Transitions, checker.ProbabilityText(m.MaxMissed))
	return b.String()
}

// orderedPairs reads a flat JSON object into "key=value" strings, in its
// order; nil when it is not one.
func orderedPairs(raw json.RawMessage) []string {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil
	}
	var out []string
	for dec.More() {
		k, err := dec.Token()
		if err != nil {
			return out
		}
		var v any
		if err := dec.Decode(&v); err != nil {
			return out
		}
		val := fmt.Sprint(v)
		if s, ok := v.(string); ok {
			val = s
		}
		out = append(out, fmt.Sprint(k)+"="+val)
	}
	if _, err := dec.Token(); err != nil && err != io.EOF {
		return out
	}
	return out
}
