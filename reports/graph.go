package reports

import (
	"fmt"
	"strings"

	"github.com/emicklei/dot"
)

// StateGraph is a model's whole reachable state graph, as `interleave graph`
// draws it. It is plain data, filled in by the caller from the engine.
type StateGraph struct {
	// Title names the graph: the model and, with a highlighted path, its check.
	Title string
	// Nodes are the states; Nodes[0] is the initial state.
	Nodes []GraphNode
	// Edges are the transitions, in the engine's order.
	Edges []GraphEdge
}

// GraphNode is one state, or the end of a faulting transition.
type GraphNode struct {
	// Lines describe the state: the initial state in full, any other what
	// differs from its parent in the search tree.
	Lines []string
	// Deadlock marks a state in which no process can move and some process
	// has not terminated; Fault a failed assertion or run-time error (not a
	// state: where a faulting transition leads).
	Deadlock bool
	Fault    bool
	// Highlight marks a state on the counterexample path; Broken the state in
	// which the highlighted check's property breaks.
	Highlight bool
	Broken    bool
}

// GraphEdge is one transition between Nodes[From] and Nodes[To].
type GraphEdge struct {
	From, To int
	// Label names the process and the statement: "P[0]: turn = i (8)".
	Label string
	// Highlight marks a step of the counterexample; Step is its number (0 for
	// none).
	Highlight bool
	Step      int
}

// GraphDOT renders g as a Graphviz digraph: a box per state (the initial one
// bold, deadlocks, faults and the state that breaks the property in red, the counterexample's states filled), an
// edge per transition labelled with its process and statement, the
// counterexample's edges bold and numbered. The same g gives the same bytes.
func GraphDOT(g *StateGraph) []byte {
	d := dot.NewGraph(dot.Directed)
	d.ID("states")
	d.Attr("fontname", dotFont)
	d.Attr("labelloc", "t")
	d.Attr("label", dot.HTML("<b>"+html(g.Title)+"</b>"))
	d.NodeInitializer(func(n dot.Node) {
		n.Attr("fontname", dotFont).Attr("fontsize", "10").Attr("shape", "box").Attr("style", "rounded")
	})
	d.EdgeInitializer(func(e dot.Edge) { e.Attr("fontname", dotFont).Attr("fontsize", "9") })
	nodes := make([]dot.Node, len(g.Nodes))
	for i, n := range g.Nodes {
		label := make([]string, len(n.Lines))
		for k, l := range n.Lines {
			label[k] = html(l)
		}
		text := strings.Join(label, "<br/>")
		if text == "" {
			text = " "
		}
		node := d.Node(fmt.Sprintf("n%d", i)).Attr("label", dot.HTML(text))
		style := "rounded"
		switch {
		case n.Fault:
			node.Attr("shape", "octagon").Attr("color", dotViolation).Attr("fontcolor", dotViolation)
			style = ""
		case n.Deadlock || n.Broken:
			node.Attr("color", dotViolation).Attr("penwidth", "2")
		}
		if i == 0 {
			node.Attr("penwidth", "2")
		}
		if n.Highlight {
			node.Attr("fillcolor", dotNoteFill)
			style = strings.TrimPrefix(style+",filled", ",")
		}
		if style == "" {
			style = "solid"
		}
		node.Attr("style", style)
		nodes[i] = node
	}
	for _, e := range g.Edges {
		if e.From < 0 || e.From >= len(nodes) || e.To < 0 || e.To >= len(nodes) {
			continue
		}
		edge := d.Edge(nodes[e.From], nodes[e.To]).Attr("label", e.Label)
		if e.Highlight {
			label := e.Label
			if e.Step > 0 {
				label = fmt.Sprintf("%d. %s", e.Step, e.Label)
			}
			edge.Attr("label", label).Attr("color", dotViolation).Attr("fontcolor", dotViolation).
				Attr("penwidth", "2.5")
		}
	}
	return []byte(d.String())
}
