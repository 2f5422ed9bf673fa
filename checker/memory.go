package checker

import (
	"strings"

	"github.com/interleave/interleave/explorer"
)

// stillBuffered names the stores that are still in a store buffer in state s
// (under TSO and PSO), for the explanation of a violation: "; P[0]'s store
// turn=1 is still in its store buffer"; "" when there is none.
func stillBuffered(m *explorer.Machine, s []byte) string {
	if m.StoreBuffer() == 0 {
		return ""
	}
	var parts []string
	for p := range m.Processes() {
		stores := m.Buffered(s, p)
		if len(stores) == 0 {
			continue
		}
		name := m.Program().Processes[p].Display
		if len(stores) == 1 {
			parts = append(parts, name+"'s store "+stores[0]+" is still in its store buffer")
		} else {
			parts = append(parts, name+"'s stores "+strings.Join(stores, ", ")+" are still in its store buffer")
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return ", while " + strings.Join(parts, " and ")
}

// fairUnits is the number of parties that fairness is about in the liveness
// graph: the processes and, under TSO and PSO, each process's store buffers,
// whose flushes are one more party per process (flushUnit). A flush stays
// enabled until it is taken, so weak and strong fairness agree on it.
func fairUnits(m *explorer.Machine) int {
	if m.StoreBuffer() == 0 {
		return m.Processes()
	}
	return 2 * m.Processes()
}

// flushUnit is the party of the liveness graph that moves in a flush of
// process p's buffers.
func flushUnit(m *explorer.Machine, p int) int { return m.Processes() + p }
