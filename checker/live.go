package checker

import (
	"context"
	"errors"
	"fmt"
	"math/bits"
	"runtime"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/interleave/interleave/checker/liveness"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang/ir"
)

// fairnessOf maps the model's fairness to the liveness package's.
func fairnessOf(f ir.Fairness) liveness.Fairness {
	switch f {
	case ir.FairStrong:
		return liveness.Strong
	case ir.FairNone:
		return liveness.None
	}
	return liveness.Weak
}

// decide decides liveness check c on the graph of a complete search, under
// fairness, and fills in cr's verdict, message, traces and bound. The error is
// for a cancelled context and for a failure of the algorithms.
func (sg *stateGraph) decide(ctx context.Context, c *ir.Check, fairness ir.Fairness, cr *CheckResult) error {
	f := fairnessOf(fairness)
	switch c.Kind {
	case ir.CheckProgress:
		return sg.progress(ctx, f, cr)
	case ir.CheckStarvation:
		return sg.starvation(ctx, f, cr)
	case ir.CheckBoundedWaiting:
		return sg.boundedWaiting(ctx, cr)
	case ir.CheckLeadsTo:
		return sg.leadsTo(ctx, c, f, cr)
	}
	return fmt.Errorf("checker: %s is not a liveness check", c.Kind)
}

// initialNodes lists the graph's only initial node: state 0.
func initialNodes() []int { return []int{0} }

// live is the set of states that a counterexample may stay in: every state but
// the pruned ones (their run ends in a safety violation).
func (sg *stateGraph) live() liveness.NodeSet {
	n := sg.g.Nodes()
	s := liveness.NewNodeSet(n)
	for i := range s {
		s[i] = ^sg.ph.pruned[i]
	}
	if r := n & 63; r != 0 {
		s[len(s)-1] &= 1<<uint(r) - 1
	}
	return s
}

// progress: violated iff a fair run reaches a state where some process is
// trying and none is in critical, and from there on no process is ever in
// critical. from = some trying ∧ none in critical; inside = none in critical.
func (sg *stateGraph) progress(ctx context.Context, f liveness.Fairness, cr *CheckResult) error {
	inside := sg.live()
	from := liveness.NewNodeSet(sg.g.Nodes())
	for i := range inside {
		var crit, try uint64
		for p := range sg.ph.crit {
			crit |= sg.ph.crit[p][i]
			try |= sg.ph.trying[p][i]
		}
		inside[i] &^= crit
		from[i] = inside[i] & try
	}
	l, err := liveness.FairLasso(ctx, sg.g, initialNodes(), from, inside, f)
	if err != nil || l == nil {
		cr.Verdict = Holds
		return err
	}
	c := l.CycleStart()
	if l.Entry < len(l.Prefix) {
		c = l.Prefix[l.Entry].From
	}
	who := -1
	for p := range sg.ph.trying {
		if sg.ph.trying[p].Has(c) {
			who = p
			break
		}
	}
	if who < 0 {
		return errors.New("checker: progress counterexample without a trying process")
	}
	msg := sg.sp.Machine.Program().Processes[who].Display + " is trying but no process ever enters critical"
	if others := sg.others(l, who); len(others) > 0 {
		msg += ": " + sayList(others)
	}
	return sg.violated(cr, forever(msg, l, f), l)
}

// starvation: for each process with a critical block, in order, violated iff a
// fair run reaches a state where it is trying and from there on never enters
// critical (it may stay trying, or go back to a noncritical statement without
// entering). from = that process trying; inside = that process not in critical.
func (sg *stateGraph) starvation(ctx context.Context, f liveness.Fairness, cr *CheckResult) error {
	all := sg.live()
	var cores []liveness.NodeSet
	switch {
	case f != liveness.Weak || sg.noCores:
	case sg.coresFound:
		cores = sg.cores
	default:
		var err error
		if cores, err = sg.starvationCores(ctx, nil); err != nil {
			return err
		}
	}
	search := func(ctx context.Context, p int, s *liveness.Scratch) (*liveness.Lasso, error) {
		from, inside := s.Sets(sg.g.Nodes())
		for i := range from {
			from[i] = sg.ph.trying[p][i] & all[i]
			inside[i] = all[i] &^ sg.ph.crit[p][i]
		}
		var core liveness.NodeSet
		if p < len(cores) {
			core = cores[p]
		}
		return s.FairLassoWithin(ctx, sg.g, initialNodes(), from, inside, core, f)
	}
	found := false
	err := eachProcess(ctx, sg, search, func(p int, l *liveness.Lasso) (bool, error) {
		if l == nil {
			return false, nil
		}
		msg := sg.waitsAt(l, p)
		if others := sg.others(l, p); len(others) > 0 {
			msg += " while " + sayList(others)
		}
		if err := sg.violated(cr, forever(msg, l, f), l); err != nil {
			return true, err
		}
		cr.Trace.Waiter = p
		found = true
		return true, nil
	})
	if err != nil || found {
		return err
	}
	cr.Verdict, cr.Message = Holds, "every process was checked"
	return nil
}

// eachProcess runs search for every process with a critical block (but those
// interchangeable with an earlier one, sg.sym), up to
// sg.workers of them at once, and hands each result to use in the order of
// the processes until use says to stop: use sees what a one-at-a-time run
// would give it. The workers take the next process as soon as they are done
// with one, each with a Scratch of its own that it keeps from search to
// search; once use stops, they take no more, and the searches still running
// are cancelled through their context. search must only read the graph.
func eachProcess[T any](ctx context.Context, sg *stateGraph, search func(ctx context.Context, p int, s *liveness.Scratch) (T, error), use func(p int, r T) (stop bool, err error)) error {
	var procs []int
	for p := range sg.ph.hasCrit {
		// A process interchangeable with an earlier one has the same
		// answer, already given: the runs of either are those of the
		// other with the two renamed, and so are its critical sections
		// and the fairness it is owed.
		if sg.ph.hasCrit[p] && (sg.sym == nil || sg.sym.Representative(p) == p) {
			procs = append(procs, p)
		}
	}
	w := max(1, min(sg.workers, len(procs)))
	scratch := func() *liveness.Scratch {
		s := new(liveness.Scratch)
		if w > 1 && sg.compact {
			// Searches side by side close to the memory limit: each
			// takes less memory, and a little more time.
			s.Compact()
		}
		return s
	}
	if w == 1 {
		s := scratch()
		for _, p := range procs {
			r, err := search(ctx, p, s)
			if err != nil {
				return err
			}
			// What a search allocates beyond its Scratch is garbage once
			// it returns: beside a large graph, collect it now, so that
			// the next search reuses its memory instead of the heap
			// growing by a search's worth each time.
			if sg.large() {
				runtime.GC()
			}
			if stop, err := use(p, r); stop || err != nil {
				return err
			}
		}
		return nil
	}
	type outcome struct {
		r   T
		err error
	}
	results := make([]chan outcome, len(procs))
	for i := range results {
		results[i] = make(chan outcome, 1)
	}
	var next atomic.Int64
	var stopped atomic.Bool
	var wg sync.WaitGroup
	defer wg.Wait()
	defer stopped.Store(true)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	for range w {
		wg.Go(func() {
			s := scratch()
			for {
				i := int(next.Add(1) - 1)
				if i >= len(procs) || stopped.Load() {
					return
				}
				r, err := search(ctx, procs[i], s)
				results[i] <- outcome{r, err}
			}
		})
	}
	for i, p := range procs {
		o := <-results[i]
		if o.err != nil {
			return o.err
		}
		if sg.large() {
			runtime.GC()
		}
		if stop, err := use(p, o.r); stop || err != nil {
			return err
		}
	}
	return nil
}

// crowded reports whether workers searches side by side, each keeping 2
// bytes a node of a graph of nodes nodes (liveness.Scratch), would take the
// heap past half of limit: then they keep less (Scratch.Compact), a little
// slower, and leave room under the limit for the lasso that a search that
// finds one builds. A limit of 0 crowds nothing.
func crowded(limit uint64, workers, nodes int) bool {
	if limit == 0 || workers < 2 {
		return false
	}
	return explorer.MemoryInUse()+2*uint64(workers)*uint64(nodes) > limit/2
}

// boundedWaiting: for each process i with a critical block, the largest number
// of entries into critical by the others along a stretch of states where i is
// waiting, no fairness assumed; the check's bound is the largest over i. An
// edge weighs the number of processes other than i not in critical before it
// and in critical after it (a hand-off into critical counts).
func (sg *stateGraph) boundedWaiting(ctx context.Context, cr *CheckResult) error {
	all := sg.live()
	inCrit := sg.critMasks()
	search := func(ctx context.Context, i int, s *liveness.Scratch) (*liveness.WaitingWeights, error) {
		set := liveness.NewNodeSet(sg.g.Nodes())
		for k := range set {
			set[k] = sg.ph.waiting[i][k] & all[k]
		}
		weight := func(from, to, _ int) int {
			n := 0
			for j, crit := range sg.ph.crit {
				if j != i && !crit.Has(from) && crit.Has(to) {
					n++
				}
			}
			return n
		}
		if inCrit != nil {
			others := ^uint8(1 << i)
			weight = func(from, to, _ int) int {
				return bits.OnesCount8(inCrit.of(to) &^ inCrit.of(from) & others)
			}
		}
		return s.WeighWaiting(ctx, sg.g, initialNodes(), set, weight)
	}
	// The searches side by side keep only their answers; the one witness
	// shown is built once they are done: that of the first process in
	// order whose waiting is unbounded, else of the first with the largest
	// bound.
	var best *liveness.WaitingWeights
	bestProc := -1
	err := eachProcess(ctx, sg, search, func(i int, ww *liveness.WaitingWeights) (bool, error) {
		switch {
		case ww.Unbounded:
			best, bestProc = ww, i
			return true, nil
		case ww.Reached && (best == nil || ww.Bound > best.Bound):
			best, bestProc = ww, i
		}
		return false, nil
	})
	if err != nil {
		return err
	}
	if best == nil {
		cr.Verdict = Holds
		k := 0
		cr.Bound = &k
		cr.Message = "no process ever waits"
		return nil
	}
	if sg.large() {
		// The searches' scratch is garbage: the witness reuses its memory.
		runtime.GC()
	}
	wb, err := best.Witness(ctx, new(liveness.Scratch))
	if err != nil {
		return err
	}
	if wb.Unbounded {
		l := wb.Lasso
		msg := sg.waitsAt(l, bestProc)
		if others := sg.others(l, bestProc); len(others) > 0 {
			msg += " while " + sayList(others)
		}
		if err := sg.violated(cr, msg, l); err != nil {
			return err
		}
		cr.Trace.Waiter = bestProc
		return nil
	}
	cr.Verdict = Holds
	k := wb.Bound
	cr.Bound = &k
	name := sg.sp.Machine.Program().Processes[bestProc].Display
	cr.Message = fmt.Sprintf("while one process waits, the others enter critical at most %d %s in all (reached while %s waits)", k, plural(k, "time", "times"), name)
	w, err := sg.intervalTrace(wb.Path)
	if err != nil {
		return err
	}
	cr.Witness = w
	return nil
}

// critMasks holds, for each node, the processes in critical there, a bit
// each: a bounded waiting search weighs each edge it follows by the
// processes that enter critical on it, one load a node rather than one a
// process. Up to 4 processes, a node takes 4 bits, else a byte.
type critMasks struct {
	masks []uint8
	// nibbles tells that a byte holds two nodes' masks, the even one's in
	// its low 4 bits.
	nibbles bool
}

// of is the mask of node v.
func (cm *critMasks) of(v int) uint8 {
	if cm.nibbles {
		return cm.masks[v>>1] >> (uint(v&1) * 4) & 15
	}
	return cm.masks[v]
}

// critMasks returns the masks of sg's nodes, made by sg.workers goroutines,
// or nil when there are more than 8 processes.
func (sg *stateGraph) critMasks() *critMasks {
	procs := len(sg.ph.crit)
	if procs > 8 {
		return nil
	}
	n := sg.g.Nodes()
	cm := &critMasks{nibbles: procs <= 4}
	perByte := 1
	if cm.nibbles {
		perByte = 2
	}
	cm.masks = make([]uint8, (n+perByte-1)/perByte)
	words := (n + 63) / 64
	workers := max(1, min(sg.workers, words/(1<<12)))
	var wg sync.WaitGroup
	for w := range workers {
		wg.Go(func() {
			// Whole words of nodes a goroutine, so that no two write a
			// byte.
			for x := words * w / workers; x < words*(w+1)/workers; x++ {
				for j, crit := range sg.ph.crit {
					for b := crit[x]; b != 0; b &= b - 1 {
						v := x<<6 + bits.TrailingZeros64(b)
						if v >= n {
							break
						}
						if cm.nibbles {
							cm.masks[v>>1] |= 1 << (j + v&1*4)
						} else {
							cm.masks[v] |= 1 << j
						}
					}
				}
			}
		})
	}
	wg.Wait()
	return cm
}

// plural picks the word for n.
func plural(n int, one, many string) string {
	if n == 1 {
		return one
	}
	return many
}

// leadsTo: violated iff a fair run reaches a state where e1 holds and e2 does
// not, and e2 never holds from there on. from = e1 ∧ ¬e2; inside = ¬e2. An
// expression that cannot be evaluated in a state (an index out of bounds, a
// division by zero) counts as false there; the message says so.
func (sg *stateGraph) leadsTo(ctx context.Context, c *ir.Check, f liveness.Fairness, cr *CheckResult) error {
	if c.Expr == nil || c.Goal == nil {
		return fmt.Errorf("checker: %s: leads-to without both sides", c.Name)
	}
	m := sg.sp.Machine
	n := sg.g.Nodes()
	inside, from := sg.live(), liveness.NewNodeSet(n)
	bad, firstBad := 0, ""
	failed := false
	eval := func(s []byte, e *ir.Expr) bool {
		v, err := m.Eval(s, e)
		if err == nil {
			return v != 0
		}
		if bad == 0 && !failed {
			var fe *explorer.Fault
			if errors.As(err, &fe) {
				firstBad = fe.Msg
			} else {
				firstBad = err.Error()
			}
		}
		failed = true
		return false
	}
	var buf []byte
	for v := range n {
		if v%4096 == 0 {
			if err := ctx.Err(); err != nil {
				return err
			}
		}
		if !inside.Has(v) {
			continue
		}
		buf = sg.sp.Store.Load(explorer.StateID(v), buf)
		s := buf
		failed = false
		switch {
		case eval(s, c.Goal):
			inside.Remove(v)
		case eval(s, c.Expr):
			from.Add(v)
		}
		if failed {
			bad++
		}
	}
	note := ""
	if bad > 0 {
		note = fmt.Sprintf("in %d %s an expression of the check cannot be evaluated (%s): it counts as false there",
			bad, plural(bad, "state", "states"), firstBad)
	}
	l, err := liveness.FairLasso(ctx, sg.g, initialNodes(), from, inside, f)
	if err != nil {
		return err
	}
	if l == nil {
		cr.Verdict, cr.Message = Holds, note
		return nil
	}
	left, goal := "the left side", "the goal"
	if from, to, ok := strings.Cut(c.Text, " leadsto "); ok {
		left, goal = from, to
	}
	msg := forever(fmt.Sprintf("%s holds after %d %s, but %s never holds from then on",
		left, l.Entry, plural(l.Entry, "step", "steps"), goal), l, f)
	if note != "" {
		msg += "; " + note
	}
	return sg.violated(cr, msg, l)
}

// violated records a violation with the lasso's trace.
func (sg *stateGraph) violated(cr *CheckResult, msg string, l *liveness.Lasso) error {
	t, err := sg.lassoTrace(l)
	if err != nil {
		return err
	}
	cr.Verdict, cr.Message, cr.Trace = Violated, msg, t
	return nil
}
