package explorer

import "fmt"

// frame is a state on the stack of a depth-first approximate search; its
// bytes are those of its depth in approxSearcher.stack.
type frame struct {
	id StateID
	// rot is the process its transitions are taken from first; taken is the
	// number of them taken so far, in that order.
	rot, taken int32
}

// runDepthFirst explores depth first from the initial state: the stack
// holds the bytes of the states on the current path only, and a state's
// transitions are computed again each time the search comes back to it, to
// take the next one. Each state's transitions are taken process by process
// from a process its hash chooses, so that searches of different seeds go
// down different paths first.
func (sr *approxSearcher) runDepthFirst(m *Machine) {
	out := &sr.sp.Outcome
	init := m.Initial()
	h := sr.hash(init)
	sr.set.add(h)
	sr.sp.links.add(NoParent, 0)
	switch sr.v.State(0, init, 0) {
	case Stop:
		out.Stopped, sr.stop = true, true
		return
	case Prune:
		return
	}
	sr.push(0, h, init)
	expanded := 0
	for len(sr.frames) > 0 {
		d := len(sr.frames) - 1
		f := &sr.frames[d]
		s := sr.stack[d*sr.size : (d+1)*sr.size]
		if f.taken == 0 {
			expanded++
			if expanded%sampleEvery == 0 && sr.limit() {
				return
			}
		}
		sr.from, sr.depth = f.id, d
		n := sr.ordered(s, int(f.rot))
		if sr.stop {
			return
		}
		if n == 0 {
			if sr.v.Deadend(f.id, s) == Stop {
				out.Stopped, sr.stop = true, true
				return
			}
			sr.pop()
			continue
		}
		pushed := false
		for int(f.taken) < n && !pushed {
			k := sr.order[f.taken]
			f.taken++
			t := &sr.bufTrans[k]
			out.Transitions++
			if t.Fault != nil {
				if sr.v.Fault(f.id, t) == Stop {
					out.Stopped, sr.stop = true, true
					return
				}
				continue
			}
			next := sr.bufStates[sr.bufOff[k] : int(sr.bufOff[k])+sr.size]
			h, ok := sr.admit(t, next)
			if sr.stop {
				return
			}
			if !ok {
				continue
			}
			id := StateID(sr.sp.links.n - 1)
			out.Depth = max(out.Depth, d+1)
			switch sr.v.State(id, next, d+1) {
			case Stop:
				out.Stopped, sr.stop = true, true
				return
			case Prune:
				continue
			}
			sr.push(id, h, next)
			pushed = true
		}
		if !pushed {
			sr.pop()
		}
	}
}

// push puts state id, of hash h, on the stack.
func (sr *approxSearcher) push(id StateID, h uint64, s []byte) {
	rot := 0
	if sr.procs > 0 {
		rot = int((h >> 32) % uint64(sr.procs))
	}
	sr.frames = append(sr.frames, frame{id: id, rot: int32(rot)})
	sr.stack = append(sr.stack, s...)
}

// pop takes the top state off the stack.
func (sr *approxSearcher) pop() {
	sr.frames = sr.frames[:len(sr.frames)-1]
	sr.stack = sr.stack[:len(sr.frames)*sr.size]
}

// ordered computes the transitions out of s into the buffers, and in
// sr.order their positions, process by process from process rot. It
// returns their number.
func (sr *approxSearcher) ordered(s []byte, rot int) int {
	sr.bufTrans, sr.bufStates, sr.bufOff = sr.bufTrans[:0], sr.bufStates[:0], sr.bufOff[:0]
	n := sr.r.Successors(s, sr.buffer)
	sr.order = sr.order[:0]
	for k := range sr.procs {
		p := (k + rot) % sr.procs
		for i := range sr.bufTrans {
			if sr.bufTrans[i].Process == p {
				sr.order = append(sr.order, int32(i))
			}
		}
	}
	if len(sr.order) != n {
		sr.err, sr.stop = fmt.Errorf("explorer: a transition of no process"), true
	}
	return n
}
