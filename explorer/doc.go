// Package explorer is the exploration engine of interleave: it runs a compiled
// program (package ir) as a state machine and enumerates its reachable states.
//
// The phase has three parts, each in its own file:
//
//   - Machine (machine.go, step.go, eval.go) compiles an *ir.Program into a fixed
//     state layout (layout.go) and computes the successors of a state. Successors
//     come in a fixed order — processes in index order, then OpEither
//     alternatives, hand-over choices and atomic paths in program order — so that
//     everything built on them is deterministic.
//   - Store (store.go) is the visited set: states keyed by their bytes, with ids
//     in insertion order. A search's store keeps the parents in a byte a
//     state, the number of new states each expansion found (childcounts.go:
//     filled breadth first, the parents of states in id order never
//     decrease), or none when the search tells its edges to a recorder that
//     names the parents (Options.EdgeParents); a store of its own keeps a
//     parent link in each record. Nothing else is stored per state; a trace
//     is rebuilt by re-running the parent's successors.
//   - Search (search.go) is a breadth-first search, level by level, calling a
//     Visitor on each new state, each fault and each state without successors.
//     The first violation found at the smallest depth is therefore the shortest
//     counterexample and, among the shortest, the first in successor order.
//     With several workers (parallel.go) successors are computed concurrently
//     and merged in state order, so that the Visitor sees the very same calls;
//     the workers insert them together (claim.go), in phases that a team of
//     goroutines living as long as the search runs (team.go).
//   - Space (trace.go) rebuilds the steps that lead to a stored state or fault;
//     EdgeWalker and EdgeStep (edges.go) list and rebuild the transitions
//     between stored states, for the graph algorithms of liveness checks.
//   - Changes and Describe (describe.go) put states into words for reports.
//
// Synchronization: semaphores, mutexes and sleep/wakeup (step.go); condition
// variables and Mesa or Hoare monitors (monitor.go); buffered, unbuffered and
// lossy channels and select (channel.go). Every queue and buffer lives in the
// state (layout.go), so that a blocked process, a waiting signaller or a
// message in transit is part of what makes two states different. A
// rendezvous is one joint step: the sender moves, and the receiver, its
// Transition.Partner, moves with it.
//
// Weak memory (memory.go): under TSO and PSO each process's stores to shared
// variables wait in bounded FIFO store buffers that live in the state; a
// process reads its own buffered stores, others read memory. Writing the
// oldest buffered store to memory is a transition of its own (Transition.Flush),
// attributed to the buffer's process and listed after that process's steps.
// Synchronising instructions wait for empty buffers. Under SC none of this
// exists: the layout, the successors and their cost are those of a program
// without weak memory.
//
// Invariants: a state is a byte string of exactly Machine.StateSize bytes; equal
// states have equal bytes; a fault (an assertion failure or a run-time error of
// the model) is a transition without a successor state. The engine never imports
// the parser: it sees only packages ir and source.
package explorer
