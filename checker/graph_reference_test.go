package checker

import (
	"context"
	"reflect"
	"slices"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker/liveness"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/models"
)

// The graph a search records as it runs (recorder) must be exactly the graph
// rebuilt afterwards by listing every stored state's transitions again, the
// way the liveness checks built it before: buildGraph below is that
// reference.

// graphChunk is the number of states whose edges one worker lists at a time;
// a multiple of 64, so that two chunks never share a word of a NodeSet.
const graphChunk = 1024

// nodeEdges is what a worker found out about the states of one chunk: per
// state, its fairly enabled processes (words of them) and its number of edges;
// then the edges, in order.
type nodeEdges struct {
	lo, hi  int
	enabled []uint64
	counts  []int32
	targets []int32
	moves   []liveness.Move
}

// buildGraph builds the graph of a complete search and the phases of its
// states, on workers goroutines; the result does not depend on workers.
func buildGraph(ctx context.Context, sp *explorer.Space, workers int) (*stateGraph, error) {
	m := sp.Machine
	prog := m.Program()
	procs := m.Processes()
	n := sp.Store.Len()
	b, err := liveness.NewBuilder(fairUnits(m))
	if err != nil {
		return nil, err
	}
	if fairUnits(m) > procs {
		b.AlwaysFair(procs) // flushes: weakly fair whatever the fairness
	}
	b.Grow(n, int(sp.Outcome.Transitions))
	ph := &phases{pruned: liveness.NewNodeSet(n), hasCrit: make([]bool, procs)}
	for range procs {
		ph.crit = append(ph.crit, liveness.NewNodeSet(n))
		ph.trying = append(ph.trying, liveness.NewNodeSet(n))
		ph.waiting = append(ph.waiting, liveness.NewNodeSet(n))
	}
	if r := regionOf(prog, ir.RegionCritical); r >= 0 {
		for p := range procs {
			ph.hasCrit[p] = p < len(prog.Regions[r].PCs) && len(prog.Regions[r].PCs[p]) > 0
		}
	}
	workers = max(workers, 1)
	walkers := make([]*explorer.EdgeWalker, workers)
	for i := range walkers {
		walkers[i] = sp.NewEdgeWalker()
	}
	words := (fairUnits(m) + 63) / 64
	window := make([]nodeEdges, workers)
	for lo := 0; lo < n; lo += workers * graphChunk {
		if err := ctx.Err(); err != nil {
			return nil, err
		}
		var wg sync.WaitGroup
		for i := range window {
			c := &window[i]
			c.lo = min(lo+i*graphChunk, n)
			c.hi = min(c.lo+graphChunk, n)
			wg.Add(1)
			go func() {
				defer wg.Done()
				c.list(sp, walkers[i], ph, words)
			}()
		}
		wg.Wait()
		for i := range window {
			c := &window[i]
			e := 0
			for v := c.lo; v < c.hi; v++ {
				k := v - c.lo
				b.AddNode(liveness.ProcSet(c.enabled[k*words : (k+1)*words]))
				for range c.counts[k] {
					b.AddEdge(int(c.targets[e]), c.moves[e])
					e++
				}
			}
		}
	}
	g, err := b.Build()
	if err != nil {
		return nil, err
	}
	return &stateGraph{sp: sp, g: g, ph: ph}, nil
}

// list computes the enabled sets, edges and phases of the states of chunk c.
func (c *nodeEdges) list(sp *explorer.Space, w *explorer.EdgeWalker, ph *phases, words int) {
	m := sp.Machine
	prog := m.Program()
	crit, trying, waiting := regionOf(prog, ir.RegionCritical), regionOf(prog, ir.RegionTrying), regionOf(prog, ir.RegionWaiting)
	c.enabled = c.enabled[:0]
	c.counts, c.targets, c.moves = c.counts[:0], c.targets[:0], c.moves[:0]
	var s []byte
	var en []uint64
	var count int32
	edge := func(t *explorer.Transition, to explorer.StateID, ok bool) {
		p := t.Process
		if t.Flush {
			p = flushUnit(m, p)
			en[p>>6] |= 1 << (uint(p) & 63)
		} else if prog.Processes[p].Code[m.PC(s, p)].Op != ir.OpNoncritical {
			en[p>>6] |= 1 << (uint(p) & 63)
		}
		if q := t.Partner; q >= 0 && t.PartnerReady() {
			en[q>>6] |= 1 << (uint(q) & 63)
		}
		if !ok {
			return
		}
		count++
		c.targets = append(c.targets, int32(to))
		partner := t.Partner
		if partner < 0 {
			partner = liveness.NoProc
		}
		c.moves = append(c.moves, liveness.Move{Proc: p, Partner: partner})
	}
	for v := c.lo; v < c.hi; v++ {
		id := explorer.StateID(v)
		s = sp.Store.Get(id)
		base := len(c.enabled)
		for range words {
			c.enabled = append(c.enabled, 0)
		}
		en = c.enabled[base:]
		count = 0
		w.Edges(id, edge)
		c.counts = append(c.counts, count)
		if sp.Pruned(id) {
			ph.pruned.Add(v)
		}
		for p := range ph.crit {
			if crit >= 0 && m.InRegion(s, p, crit) {
				ph.crit[p].Add(v)
			}
			try := trying >= 0 && m.InRegion(s, p, trying)
			if try {
				ph.trying[p].Add(v)
			}
			if (waiting >= 0 && m.InRegion(s, p, waiting)) || (try && m.Blocked(s, p)) {
				ph.waiting[p].Add(v)
			}
		}
	}
}

// TestRecordedGraphIsTheRebuiltOne: for every library model with a liveness
// check, and with 1 and 2 workers, the graph and phases recorded during the
// search equal those rebuilt from the stored states.
func TestRecordedGraphIsTheRebuiltOne(t *testing.T) {
	compared := 0
	for _, lm := range models.All() {
		m, checks := libraryModel(t, lm)
		for _, workers := range []int{1, 2} {
			want, got := recordAndRebuild(t, m, checks, workers)
			if got == nil {
				continue
			}
			sameGraph(t, want, got, lm.Name)
			compared++
		}
	}
	assert.Greater(t, compared, 20, "library models compared")
}

// TestRecordedGraphOfPrograms compares the recorded graph with the rebuilt
// one for programs the library does not cover: more processes than a word
// of an enabled set holds, which the recorder builds another way (a token
// passed along 70 processes, each at noncritical until it may go); and
// states the safety checks prune, which the search does not expand, whose
// phases are recorded after it (both processes past the increment).
func TestRecordedGraphOfPrograms(t *testing.T) {
	programs := []struct {
		name, src string
		units     int
	}{
		{"ring", `model ring
const N = 70
var turn: 0..N = 0
process P[i in 0..N-1] {
    await turn == i
    noncritical
    critical { turn = i + 1 }
}
check starvation
`, 70},
		{"pruned", `model pruned
var x: 0..2 = 0
process P[i in 0..1] {
    loop {
        noncritical
        x = x + 1
        critical { skip }
        x = x - 1
    }
}
check invariant x < 2
check starvation
check bounded_waiting
`, 2},
	}
	for _, pr := range programs {
		p, err := lang.Compile(lang.File{Name: pr.name + ".ilv", Text: []byte(pr.src)}, lang.Options{})
		require.NoError(t, err, pr.name)
		m, err := explorer.New(p)
		require.NoError(t, err, pr.name)
		require.Equal(t, pr.units, fairUnits(m), pr.name)
		checks, err := selectChecks(p.Checks, nil)
		require.NoError(t, err)
		for _, workers := range []int{1, 2} {
			want, got := recordAndRebuild(t, m, checks, workers)
			require.NotNil(t, got, pr.name)
			sameGraph(t, want, got, pr.name)
		}
	}
}

// libraryModel is the machine of library model lm and its checks.
func libraryModel(t *testing.T, lm models.Model) (*explorer.Machine, []*ir.Check) {
	t.Helper()
	p, err := lang.Compile(lang.File{Name: lm.File, Text: lm.Source}, lang.Options{})
	require.NoError(t, err, lm.Name)
	m, err := explorer.New(p)
	require.NoError(t, err, lm.Name)
	checks, err := selectChecks(p.Checks, nil)
	require.NoError(t, err, lm.Name)
	return m, checks
}

// recordGraph searches m whole with the safety checks of checks, recording
// its state graph, and returns the space and the graph.
func recordGraph(t testing.TB, m *explorer.Machine, checks []*ir.Check) (*explorer.Space, *stateGraph) {
	t.Helper()
	return recordGraphNoting(t, m, checks, false)
}

// recordGraphNoting is recordGraph by a search that notes the moves of the
// processes' parts when noting is set (explorer.Options.PartMoves).
func recordGraphNoting(t testing.TB, m *explorer.Machine, checks []*ir.Check, noting bool) (*explorer.Space, *stateGraph) {
	t.Helper()
	v := newSafety(m, checks)
	v.full = true
	rec, err := newRecorder(v)
	require.NoError(t, err)
	sp, err := explorer.Search(context.Background(), m, explorer.Options{Edges: rec.edges, PartMoves: noting}, rec)
	require.NoError(t, err)
	require.True(t, sp.Outcome.Complete)
	sg, err := rec.graph(sp, 1)
	require.NoError(t, err)
	return sp, sg
}

// starvationCheck is the starvation check of p.
func starvationCheck(t testing.TB, p *ir.Program) *ir.Check {
	t.Helper()
	return checkOfKind(t, p, ir.CheckStarvation)
}

// checkOfKind is p's first check of kind kind.
func checkOfKind(t testing.TB, p *ir.Program, kind ir.CheckKind) *ir.Check {
	t.Helper()
	i := slices.IndexFunc(p.Checks, func(c *ir.Check) bool { return c.Kind == kind })
	require.GreaterOrEqual(t, i, 0, "no check of kind %v", kind)
	return p.Checks[i]
}

// recordAndRebuild searches m's states (up to 200000) with workers
// workers, recording the graph, and returns the graph rebuilt afterwards
// and the one recorded; nil ones when the search is not complete. The
// rebuilt graph keeps waiting sets only where the recorder does: for
// bounded waiting.
func recordAndRebuild(t *testing.T, m *explorer.Machine, checks []*ir.Check, workers int) (want, got *stateGraph) {
	t.Helper()
	v := newSafety(m, checks)
	v.full = true
	rec, err := newRecorder(v)
	require.NoError(t, err)
	sp, err := explorer.Search(context.Background(), m, explorer.Options{Workers: workers, MaxStates: 200000, Edges: rec.edges}, rec)
	require.NoError(t, err)
	if !sp.Outcome.Complete {
		return nil, nil
	}
	if workers > 1 {
		// Node sets made by goroutines taking stretches of one word.
		rec.stretch = 64
	}
	got, err = rec.graph(sp, workers)
	require.NoError(t, err)
	want, err = buildGraph(context.Background(), sp, workers)
	require.NoError(t, err)
	if !slices.ContainsFunc(checks, func(c *ir.Check) bool { return c.Kind == ir.CheckBoundedWaiting }) {
		for p := range want.ph.waiting {
			want.ph.waiting[p] = nil
		}
	}
	return want, got
}

// sameGraph asserts that two state graphs of one search are equal. It
// calls testify only on a mismatch: it is slow over every node and edge of
// every library model, the more under the race detector.
func sameGraph(t *testing.T, want, got *stateGraph, name string) {
	t.Helper()
	w, g := want.g, got.g
	require.Equal(t, w.Nodes(), g.Nodes(), name)
	require.Equal(t, w.Edges(), g.Edges(), name)
	for v := range w.Nodes() {
		wlo, whi := w.Out(v)
		glo, ghi := g.Out(v)
		if wlo != glo || whi != ghi {
			require.Equal(t, [2]int{wlo, whi}, [2]int{glo, ghi}, "%s: node %d", name, v)
		}
		if we, ge := w.Enabled(v), g.Enabled(v); !reflect.DeepEqual(we, ge) {
			require.Equal(t, we, ge, "%s: node %d", name, v)
		}
		for e := wlo; e < whi; e++ {
			if w.Target(e) != g.Target(e) || w.Move(e) != g.Move(e) {
				require.Equal(t, w.Target(e), g.Target(e), "%s: edge %d", name, e)
				require.Equal(t, w.Move(e), g.Move(e), "%s: edge %d", name, e)
			}
		}
	}
	assert.Equal(t, want.ph.pruned, got.ph.pruned, name)
	assert.Equal(t, want.ph.crit, got.ph.crit, name)
	assert.Equal(t, want.ph.trying, got.ph.trying, name)
	assert.Equal(t, want.ph.waiting, got.ph.waiting, name)
	assert.Equal(t, want.ph.hasCrit, got.ph.hasCrit, name)
}
