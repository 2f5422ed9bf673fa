// Package liveness decides liveness properties on an explicit state graph: the
// existence of a fair run that eventually stays inside a set of nodes forever
// (progress, starvation and leads-to checks), and the largest weight that a path
// can gather inside a set of nodes (bounded waiting).
//
// The package works on an abstract Graph and knows nothing of models, states or
// the language: the checker builds the Graph from the explored state space with
// a Builder, one node per state in breadth-first order, and maps the witnesses
// (Lasso, Interval: node paths with the index of every edge taken) back to
// traces. FairLasso decides the fairness-dependent checks, BoundedWaiting the
// bound of a waiting interval (Scratch.WeighWaiting, then
// WaitingWeights.Witness, for searches side by side).
//
// Invariants and conventions:
//
//   - Nodes are numbered 0..N-1; edges are stored in compressed sparse row form,
//     grouped by source node in the order they were added, so that every edge has
//     a fixed index. Each edge is labelled with the process that moves on it and,
//     for a joint step, its partner: both count as moving.
//   - Every node has an implicit stutter self-loop on which no process moves. A
//     run may take it forever exactly when that is fair: under weak and strong
//     fairness when no process is fairly enabled in the node, under no fairness
//     always. The algorithms treat it as an ordinary edge of every strongly
//     connected component; witnesses show it as a Step whose Edge is Stutter.
//   - A process is fairly enabled in a node when the builder says so (in a model:
//     enabled and not at noncritical). Fairness constraints only ever concern
//     fairly enabled processes.
//   - Results are deterministic: the same graph and arguments always give the
//     same answer and the same witness. Ties are broken by breadth-first order
//     from the initial nodes and by edge order; nothing iterates over a map.
//   - Memory is a few bytes per node and per edge, in arrays kept in the
//     chunks they were built in: an edge takes its target and the row of
//     its move (in a table of the distinct ones) side by side, in as many
//     bits as the largest target and row of its chunk of edges need (27 for
//     18 million nodes and 4 moves); a quarter of a byte per node for a guide
//     that holds the first edge of every 16th node; and 2 bytes per node
//     with at most 8 processes, the distance of its first edge from the
//     guide's with the row of its enabled set, else 4 (an offset and the
//     row), 5 and so on. A weakly fair search that finds no fair run takes 2
//     bytes of scratch per node and the stacks of one depth-first search;
//     on a set of at most a quarter of the nodes (a starvation check's
//     core), unless Compact, it runs on the set's subgraph, a Graph of its
//     own numbered anew, which takes 4 bytes a node of the set, for an edge
//     between two of them the bits of a target below a quarter of the
//     graph's nodes and of a move's row (26 for filter_live's 18 million),
//     4 bytes for every 64 nodes of the graph, and 2 bytes of scratch a
//     node of the set; searched from every node of the set, as a core is,
//     4 bytes for each node in the queue of those that no cycle reaches,
//     which the search then leaves out (the counts of the edges into the
//     nodes take the scratch's memory before the search does). The searches that build its
//     witness take some 40 to 60 bytes per node. Bounded waiting takes 2 bytes per node (4 once
//     a weight passes 32 765) and the stacks of one depth-first search,
//     and its witness 4 bytes per node more, written only where its
//     searches go. There are no per-node heap objects, and every traversal
//     is iterative with explicit stacks and queues, in time O(N + E)
//     (strong fairness: O(N + E) per refinement round, at most one round
//     per process).
package liveness
