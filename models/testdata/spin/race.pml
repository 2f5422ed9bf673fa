/*
 * race.ilv in Promela: two processes do tmp = x; x = tmp + 1.
 * Each statement is one interleave step; done[i] is a ghost set in the last
 * step of process i (interleave's P[i]@end).
 */
int x = 0;
bool done[2];

active [2] proctype P() {
	int tmp = 0;
	tmp = x;
	atomic { x = tmp + 1; done[_pid] = true }
}

ltl invariant { [] ((done[0] && done[1]) -> x == 2) }
