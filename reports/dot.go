package reports

import (
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/emicklei/dot"

	"github.com/interleave/interleave/checker"
)

// Colours of the diagram.
const (
	dotFont      = "Helvetica"
	dotJoint     = "#1f5fbf"
	dotViolation = "#c0392b"
	dotNoteFill  = "#fde2e0"
	dotLoop      = "#1e8449"
	// dotCritical fills the steps after which their process is in critical.
	dotCritical = "#dff0e3"
)

// FirstViolated returns the index in r.Checks of the first violated check that
// has a trace, or -1 when there is none.
func FirstViolated(r *checker.Result) int {
	if r == nil {
		return -1
	}
	for i := range r.Checks {
		if r.Checks[i].Verdict == checker.Violated && r.Checks[i].Trace != nil {
			return i
		}
	}
	return -1
}

// DOT renders the counterexample of r.Checks[index] as a Graphviz diagram
// (CLI.md "Counterexample diagram"): one swim lane per process, left to right in
// process order; one node per step in its process's lane, labelled with the step
// number, the line, the statement and, small, the changes; edges from step to
// step in time order; a joint step as an edge across to its partner's lane; a
// highlighted note naming the broken property; and for a lasso a back edge
// labelled "repeats forever". A step after which its process is in critical is
// filled green; while a process is blocked, its lane's edge down to its next
// node is drawn red and labelled "blocked". The output is the same for the
// same Result.
//
// A bounded_waiting check that holds with a witness (a run that reaches its
// bound) has that run drawn the same way. It is an error to ask for a check
// that does not exist or has neither.
func DOT(r *checker.Result, index int) ([]byte, error) {
	if r == nil {
		return nil, errors.New("no result")
	}
	if index < 0 || index >= len(r.Checks) {
		return nil, fmt.Errorf("no check #%d: the result has %d", index, len(r.Checks))
	}
	c := &r.Checks[index]
	if diagramTrace(c) == nil {
		return nil, fmt.Errorf("check %s has no counterexample", c.Name)
	}
	return []byte(diagram(r, c).String()), nil
}

// diagramTrace is the run a check's diagram shows: its counterexample, or
// when it has none a bounded_waiting witness; nil when there is neither.
func diagramTrace(c *checker.CheckResult) *checker.Trace {
	if c.Trace != nil {
		return c.Trace
	}
	return c.Witness
}

// diagramTitle says what a diagram shows: "mutex violated", or for a witness
// "bounded_waiting holds, bound 1", then a memory model other than SC
// ("mutex violated, under TSO, store buffers of 2").
func diagramTitle(r *checker.Result, c *checker.CheckResult) string {
	if mem := r.MemoryText(); mem != "" {
		return verdictTitle(c) + ", " + mem
	}
	return verdictTitle(c)
}

// verdictTitle is diagramTitle without the memory model.
func verdictTitle(c *checker.CheckResult) string {
	if c.Trace == nil && c.Witness != nil {
		if s := boundText(c); s != "" {
			return c.Name + " " + verdictName(c.Verdict) + ", " + s
		}
		return c.Name + " " + verdictName(c.Verdict)
	}
	return c.Name + " violated"
}

// diagramText explains a diagram in one sentence.
func diagramText(c *checker.CheckResult) string {
	if c.Trace == nil && c.Witness != nil {
		return witnessText(c)
	}
	return explanation(c)
}

// diagram builds the graph of c's trace.
func diagram(r *checker.Result, c *checker.CheckResult) *dot.Graph {
	t := diagramTrace(c)
	g := dot.NewGraph(dot.Directed)
	g.ID("counterexample")
	g.Attr("rankdir", "TB")
	g.Attr("fontname", dotFont)
	g.Attr("labelloc", "t")
	g.Attr("nodesep", "0.5")
	g.Attr("ranksep", "0.35")
	g.Attr("label", dot.HTML(fmt.Sprintf("<b>%s</b>: %s",
		html(r.Model), html(diagramTitle(r, c)))))
	g.NodeInitializer(func(n dot.Node) { n.Attr("fontname", dotFont) })
	g.EdgeInitializer(func(e dot.Edge) { e.Attr("fontname", dotFont).Attr("fontsize", "10") })

	lanes := processCount(r, t)
	start := g.Node("start").Attr("shape", "circle").Attr("width", "0.3").
		Attr("fixedsize", "true").Attr("style", "filled").Attr("fillcolor", "black").
		Attr("label", "")
	// last[p] is the lowest node of lane p so far: each new node of the lane hangs
	// under it by an invisible edge, which keeps the lane vertical.
	lane := make([]*dot.Graph, lanes)
	last := make([]dot.Node, lanes)
	for p := range lanes {
		lane[p] = g.Subgraph(fmt.Sprintf("lane%06d", p), dot.ClusterOption{})
		lane[p].Attr("label", dot.HTML("<b>"+html(processName(r, p))+"</b>"))
		lane[p].Attr("style", "rounded")
		lane[p].Attr("fontname", dotFont)
		lane[p].Attr("color", "#999999")
		last[p] = lane[p].Node(fmt.Sprintf("h%06d", p)).Attr("shape", "point").
			Attr("style", "invis").Attr("label", "")
		g.Edge(start, last[p]).Attr("style", "invis")
	}
	// The lanes' heads share a rank, chained left to right in process order.
	g.Attr("newrank", "true")
	g.AddToSameRank("heads", last...)
	for p := 1; p < lanes; p++ {
		g.Edge(last[p-1], last[p]).Attr("style", "invis")
	}
	// rank[p] is the time of last[p]: a node of step i hangs i - rank[p] ranks
	// under the lane's previous node, so every step has the rank of its number
	// and the edges across lanes need not constrain the layout.
	rank := make([]int, lanes)
	// blocked[p] says whether process p is blocked after the steps so far: the
	// lane's edge down to its next node is then drawn, as the blocked interval.
	blocked := make([]bool, lanes)
	hang := func(p int, n dot.Node, step int) {
		e := g.Edge(last[p], n).Attr("style", "invis").Attr("weight", "10").
			Attr("minlen", strconv.Itoa(max(step-rank[p], 1)))
		if blocked[p] {
			e.Attr("style", "dashed").Attr("color", dotViolation).Attr("fontcolor", dotViolation).
				Attr("penwidth", "2").Attr("arrowhead", "none").Attr("label", "blocked")
		}
		last[p] = n
		rank[p] = step
	}

	nodes := make([]dot.Node, len(t.Steps))
	prev := start
	for i, s := range t.Steps {
		p := s.Process
		if p < 0 || p >= lanes {
			p = 0
		}
		n := lane[p].Node(fmt.Sprintf("s%06d", i)).Attr("shape", "box").
			Attr("style", "rounded").Attr("label", dot.HTML(stepLabel(r, s)))
		if slices.Contains(s.Critical, p) {
			n.Attr("style", "rounded,filled").Attr("fillcolor", dotCritical).Attr("tooltip", "in critical")
		}
		hang(p, n, i+1)
		g.Edge(prev, n).Attr("constraint", "false")
		nodes[i] = n
		prev = n
		if s.Partner >= 0 && s.Partner < lanes && s.Partner != p {
			j := lane[s.Partner].Node(fmt.Sprintf("j%06d", i)).Attr("shape", "box").
				Attr("style", "dashed").Attr("color", dotJoint).Attr("fontsize", "10").
				Attr("label", dot.HTML(jointLabel(r, s)))
			if slices.Contains(s.Critical, s.Partner) {
				j.Attr("style", "dashed,filled").Attr("fillcolor", dotCritical).Attr("tooltip", "in critical")
			}
			hang(s.Partner, j, i+1)
			g.Edge(n, j).Attr("style", "dashed").Attr("color", dotJoint).
				Attr("constraint", "false")
		}
		for q := range blocked {
			blocked[q] = slices.Contains(s.Blocked, q)
		}
	}

	// A process still blocked at the end: its interval runs to the lane's end.
	for p := range blocked {
		if blocked[p] {
			hang(p, lane[p].Node(fmt.Sprintf("b%06d", p)).Attr("shape", "point").
				Attr("color", dotViolation).Attr("label", ""), len(t.Steps)+1)
		}
	}

	fill, color := dotNoteFill, dotViolation
	if c.Trace == nil {
		fill, color = svgWitnessFill, dotLoop // a witness breaks nothing
	}
	note := g.Node("violation").Attr("shape", "note").Attr("style", "filled").
		Attr("fillcolor", fill).Attr("color", color).
		Attr("label", dot.HTML(noteLabel(r, c)))
	g.Edge(prev, note).Attr("color", color).Attr("style", "bold")

	switch {
	case t.LoopStart > 0 && t.LoopStart <= len(t.Steps) && len(nodes) > 0:
		g.Edge(prev, nodes[t.LoopStart-1]).Attr("label", "repeats forever").
			Attr("color", dotLoop).Attr("fontcolor", dotLoop).Attr("style", "bold").
			Attr("constraint", "false")
	case t.LoopStart > len(t.Steps):
		g.Edge(prev, prev).Attr("label", "stays here forever").
			Attr("color", dotLoop).Attr("fontcolor", dotLoop).Attr("style", "bold")
	}
	return g
}

// processCount is the number of lanes: every process of the Result, and any
// process a malformed trace mentions beyond them.
func processCount(r *checker.Result, t *checker.Trace) int {
	n := len(r.Processes)
	for _, s := range t.Steps {
		n = max(n, s.Process+1, s.Partner+1)
	}
	for _, ps := range t.Final {
		n = max(n, ps.Process+1)
	}
	return max(n, 1)
}

// stepLabel is a step node's HTML label: number and line, the statement, and
// small the changes and the note.
func stepLabel(r *checker.Result, s checker.Step) string {
	var b strings.Builder
	fmt.Fprintf(&b, "<b>%d</b>", s.Number)
	if s.Pos.IsValid() {
		b.WriteString("  <font color=\"#666666\">line " + strconv.Itoa(s.Pos.Line) + "</font>")
	}
	b.WriteString("<br/>" + html(s.Statement))
	if len(s.Changes) > 0 {
		b.WriteString("<br/><font point-size=\"9\">" + html(changesText(r, s.Changes)) + "</font>")
	}
	if s.Note != "" {
		b.WriteString("<br/><font point-size=\"9\"><i>" + html(s.Note) + "</i></font>")
	}
	return b.String()
}

// jointLabel marks, in the partner's lane, what a joint step did to it.
func jointLabel(r *checker.Result, s checker.Step) string {
	text := s.PartnerNote
	if text == "" {
		text = s.Note
	}
	if text == "" {
		text = "with " + processName(r, s.Process)
	}
	return fmt.Sprintf("<i>step %d: %s</i>", s.Number, html(text))
}

// noteLabel names the broken property and says where each process is.
func noteLabel(r *checker.Result, c *checker.CheckResult) string {
	var b strings.Builder
	t := diagramTrace(c)
	b.WriteString("<b>" + html(diagramTitle(r, c)) + "</b><br/>" + html(diagramText(c)))
	if s := loopText(t); s != "" {
		b.WriteString("<br/><i>" + html(s) + "</i>")
	}
	for _, ps := range t.Final {
		line := processName(r, ps.Process) + " at " + finalStatement(ps)
		if st := finalStatus(ps); st != "" {
			line += " (" + st + ")"
		}
		b.WriteString("<br/><font point-size=\"9\">" + html(line) + "</font>")
	}
	return b.String()
}

// html escapes text for a Graphviz HTML-like label: the markup characters
// become entities and control characters become spaces, so no model text can
// break the label or the DOT syntax around it.
func html(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch {
		case r == '&':
			b.WriteString("&amp;")
		case r == '<':
			b.WriteString("&lt;")
		case r == '>':
			b.WriteString("&gt;")
		case r == '"':
			b.WriteString("&quot;")
		case r == '\'':
			b.WriteString("&#39;")
		case r < 0x20 || r == 0x7f:
			b.WriteByte(' ')
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}
