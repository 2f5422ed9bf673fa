package liveness

// Stutter is the Edge of a Step that stays in its node with no process moving.
const Stutter = -1

// Step is one step of a witness: the edge with index Edge from node From to node
// To, or a stutter (Edge == Stutter, From == To).
type Step struct {
	From, To int
	Edge     int
}

// Lasso is an infinite run: a prefix from an initial node, then a cycle repeated
// forever.
type Lasso struct {
	// Start is the initial node the run starts in.
	Start int
	// Prefix leads from Start to the first node of the cycle; it is empty when
	// the cycle starts at Start.
	Prefix []Step
	// Entry is the number of prefix steps taken before the run reaches the node
	// it is interesting from (FairLasso: the `from` node; BoundedWaiting: the
	// start of the waiting interval). From there on, through the cycle, every
	// node is in the set the run must stay in.
	Entry int
	// Cycle is not empty; it starts and ends at the same node, the last node of
	// the prefix. A single stutter step is a run that stays in that node forever.
	Cycle []Step
}

// CycleStart is the first (and last) node of the cycle.
func (l *Lasso) CycleStart() int { return l.Cycle[0].From }

// Interval is a finite run that ends inside a waiting interval: Prefix leads from
// Start to the node where the weight starts to count, and Inside goes on from
// there without leaving the waiting nodes.
type Interval struct {
	Start  int
	Prefix []Step
	// Entry is the number of prefix steps before the waiting interval begins:
	// from there on, every node is a waiting node.
	Entry  int
	Inside []Step
}
