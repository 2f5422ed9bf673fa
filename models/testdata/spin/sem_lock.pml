/*
 * sem_lock.ilv in Promela: a weak semaphore s = 1 as a lock, two processes.
 *
 * Weak semaphore: w[j] == 1 while process j is blocked in down(s). down is
 * one step that either takes the permit or blocks; up is one step that hands
 * the permit to any one blocked process (a nondeterministic choice) or, with
 * none blocked, increments s. The statement after a down is guarded by
 * w[i] == 0 in the same step, so a process handed the permit is at once past
 * its down, as in interleave. Each atomic block is one interleave step; ph[i]
 * is a ghost phase set by the down (a blocked process is waiting in it).
 */
#define NCS  0
#define TRY  1
#define CS   3

byte s = 1;
byte w[2];
byte ph[2];

#define crit(i)    (ph[i] == CS && w[i] == 0)
#define trying(i)  (ph[i] == TRY || (ph[i] == CS && w[i] != 0))
#define waiting(i) (ph[i] == CS && w[i] != 0)

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

inline down(S, K) {
	if
	:: S > 0 -> S--; enter(i)
	:: else -> w[i] = K
	fi
}

inline up(S, K) {
	if
	:: w[0] == K -> w[0] = 0; enter(0)
	:: w[1] == K -> w[1] = 0; enter(1)
	:: else -> S++
	fi
}

active [2] proctype P() {
	byte i = _pid;
	byte k = 0;
	do
	:: ph[i] = TRY;                          /* noncritical, and leave it */
		atomic { down(s, 1); ph[i] = CS };
		atomic { w[i] == 0 -> ph[i] = NCS }; /* critical { skip } */
		atomic { up(s, 1) }
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
