/*
 * strict_alternation.ilv in Promela: await turn == i ... turn = 1 - i.
 * Each atomic block is one interleave step; ph[i] is a ghost phase. The
 * entry section starts with an await, so it has no doorway: a process is
 * waiting as soon as it leaves noncritical.
 */
#define NCS  0
#define WAIT 2
#define CS   3

bit turn = 0;
byte ph[2];

#define trying(i)  (ph[i] == WAIT)
#define waiting(i) (ph[i] == WAIT)
#define crit(i)    (ph[i] == CS)

/*
 * The bound of bounded waiting: over[k] counts the entries into critical by
 * the other processes (hand-offs included) while process k is waiting, since
 * k last entered, and saturates at BOUND + 1 (spin -DBOUND=n). The bound is
 * BOUND when bound_le holds and, for BOUND > 0, bound_lt is violated.
 */
#ifndef BOUND
#define BOUND 0
#endif
byte over[2];

inline enter(j) {
	k = 0;
	do
	:: k < 2 ->
		if
		:: k != j && waiting(k) && over[k] <= BOUND -> over[k]++
		:: else
		fi;
		k++
	:: k == 2 -> break
	od;
	k = 0;
	over[j] = 0
}

active [2] proctype P() {
	byte i = _pid;
	byte k = 0;
	do
	:: ph[i] = WAIT;                         /* noncritical, and leave it */
		atomic { turn == i -> ph[i] = CS; enter(i) };  /* await turn == i */
		ph[i] = NCS;                         /* critical { skip } */
		turn = 1 - i
	:: ph[i] == NCS                          /* noncritical: stay */
	od
}

ltl mutex { [] !(crit(0) && crit(1)) }
ltl progress { [] ((trying(0) || trying(1)) -> <> (crit(0) || crit(1))) }
ltl starvation0 { [] (trying(0) -> <> crit(0)) }
ltl starvation1 { [] (trying(1) -> <> crit(1)) }
ltl bw0 { [] <> !waiting(0) || <> [] crit(1) || <> [] !crit(1) }
ltl bw1 { [] <> !waiting(1) || <> [] crit(0) || <> [] !crit(0) }
ltl bound_le { [] (over[0] <= BOUND && over[1] <= BOUND) }
ltl bound_lt { [] (over[0] < BOUND && over[1] < BOUND) }
