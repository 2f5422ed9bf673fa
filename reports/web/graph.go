package web

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/reports"
)

// GraphCap is the most states the page draws a state graph of.
const GraphCap = 100

// Geometry of the drawn graph, in pixels.
const (
	graphStepX  = 56.0
	graphStepY  = 64.0
	graphMargin = 24.0
)

// Graph is the whole reachable state graph of a small model, laid out for
// the page: one row per breadth-first depth, the initial state on top.
type Graph struct {
	// Message says, when the graph is not drawn, why ("" when it is).
	Message string `json:"message"`
	// States is the number of reachable states.
	States int     `json:"states"`
	Width  float64 `json:"width"`
	Height float64 `json:"height"`
	// Nodes[i] is state i for i < States, in breadth-first order; the nodes
	// after them are where faulting transitions lead.
	Nodes []GraphNode `json:"nodes"`
	Edges []GraphEdge `json:"edges"`
	// Current is the node of the run's current state; Run the nodes of the
	// run's states in order (-1 for a state not drawn).
	Current int   `json:"current"`
	Run     []int `json:"run"`
}

// GraphNode is one state (or a fault) and its place.
type GraphNode struct {
	X float64 `json:"x"`
	Y float64 `json:"y"`
	// Title describes the state: in full for the initial one, else what
	// differs from the state it was first reached from.
	Title string `json:"title"`
	// Deadlock, Fault and Violated mark a deadlocked state, a fault and a
	// state that breaks a mutex or invariant check.
	Deadlock bool `json:"deadlock"`
	Fault    bool `json:"fault"`
	Violated bool `json:"violated"`
}

// GraphEdge is one transition, labelled with its process and statement.
type GraphEdge struct {
	From  int    `json:"from"`
	To    int    `json:"to"`
	Label string `json:"label"`
}

// stateGraph is a model's graph once computed: the search it came from and
// the laid-out graph without the run's marks.
type stateGraph struct {
	sp *explorer.Space
	g  Graph
}

// graph explores the model's states once, up to GraphCap, and lays them out.
func (ss *Session) graph(ctx context.Context) (*stateGraph, error) {
	ss.graphOnce.Do(func() {
		ss.graphed, ss.graphErr = buildGraph(ctx, ss.m)
	})
	return ss.graphed, ss.graphErr
}

// buildGraph searches m's states (one past GraphCap tells the graph is too
// big) and lays the graph out.
func buildGraph(ctx context.Context, m *explorer.Machine) (*stateGraph, error) {
	sp, err := explorer.Search(ctx, m, explorer.Options{MaxStates: GraphCap + 1, Workers: 1}, reports.EveryState{})
	if err != nil {
		return nil, err
	}
	out := &stateGraph{sp: sp}
	n := sp.Outcome.States
	switch {
	case n > GraphCap:
		out.g.Message = fmt.Sprintf("The model has more than %d reachable states, too many to draw. "+
			"Shrink it (fewer processes, smaller constants) to see its state graph.", GraphCap)
		return out, nil
	case !sp.Outcome.Complete:
		out.g.Message = "The search of the state graph ended early (" + sp.Outcome.Limit + ")."
		return out, nil
	}
	rg := reports.NewStateGraph(m, sp)
	g := &out.g
	g.States = int(n)
	// Rows by depth, in breadth-first order; a fault one row below the state
	// it leaves.
	row := make([]int, len(rg.Nodes))
	for id := range g.States {
		row[id] = sp.Depth(explorer.StateID(id))
	}
	for _, e := range rg.Edges {
		if rg.Nodes[e.To].Fault {
			row[e.To] = row[e.From] + 1
		}
	}
	var rows [][]int
	for i, r := range row {
		for len(rows) <= r {
			rows = append(rows, nil)
		}
		rows[r] = append(rows[r], i)
	}
	widest := 0
	for _, r := range rows {
		widest = max(widest, len(r))
	}
	g.Width = 2*graphMargin + float64(max(widest-1, 0))*graphStepX
	g.Height = 2*graphMargin + float64(max(len(rows)-1, 0))*graphStepY
	g.Nodes = make([]GraphNode, len(rg.Nodes))
	for r, ids := range rows {
		left := (g.Width - float64(len(ids)-1)*graphStepX) / 2
		for k, id := range ids {
			nd := &g.Nodes[id]
			nd.X, nd.Y = left+float64(k)*graphStepX, graphMargin+float64(r)*graphStepY
			nd.Deadlock, nd.Fault = rg.Nodes[id].Deadlock, rg.Nodes[id].Fault
			lines := rg.Nodes[id].Lines
			if !nd.Fault {
				lines = append([]string{"state " + strconv.Itoa(id)}, lines...)
				for _, v := range verdicts(m, sp.Store.Get(explorer.StateID(id)), false) {
					if v.Violated {
						nd.Violated = true
						lines = append(lines, v.Message)
					}
				}
			}
			nd.Title = strings.Join(lines, "\n")
		}
	}
	for _, e := range rg.Edges {
		g.Edges = append(g.Edges, GraphEdge{From: e.From, To: e.To, Label: e.Label})
	}
	return out, nil
}

// Graph is the model's state graph with the run marked on it; its Message
// says when the model is too big to draw.
func (ss *Session) Graph(ctx context.Context) (Graph, error) {
	sg, err := ss.graph(ctx)
	if err != nil {
		return Graph{}, err
	}
	g := sg.g
	g.Current, g.Run = -1, []int{}
	if g.Message != "" {
		return g, nil
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	for i, s := range ss.run {
		id := -1
		if sid, ok := sg.sp.Store.Lookup(s); ok {
			id = int(sid)
		}
		g.Run = append(g.Run, id)
		if i == ss.at {
			g.Current = id
		}
	}
	return g, nil
}

// Path makes the shortest run from the initial state to state id of the
// graph the run, with the cursor at its end.
func (ss *Session) Path(ctx context.Context, id int) error {
	sg, err := ss.graph(ctx)
	if err != nil {
		return err
	}
	if sg.g.Message != "" || id < 0 || id >= sg.g.States {
		return fmt.Errorf("no state %d in the graph", id)
	}
	ss.mu.Lock()
	defer ss.mu.Unlock()
	run := [][]byte{ss.m.Initial()}
	var steps []explorer.Transition
	for _, sid := range sg.sp.Path(explorer.StateID(id))[1:] {
		next := sg.sp.Store.Get(sid)
		mv, ok := ss.moveTo(run[len(run)-1], next)
		if !ok {
			return fmt.Errorf("state %d is not reached from its parent", sid)
		}
		run = append(run, mv.next)
		steps = append(steps, mv.t)
	}
	ss.run, ss.steps, ss.at = run, steps, len(run)-1
	ss.replayed, ss.loop = "", -1
	return nil
}

// moveTo finds the first move out of s that reaches next.
func (ss *Session) moveTo(s, next []byte) (move, bool) {
	for _, mv := range ss.moves(s) {
		if mv.next != nil && string(mv.next) == string(next) {
			return mv, true
		}
	}
	return move{}, false
}
