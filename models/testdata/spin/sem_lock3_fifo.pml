/*
 * sem_lock3_fifo.ilv in Promela: a strong (fifo) semaphore s = 1 as a lock,
 * three processes.
 *
 * Strong semaphore: the blocked processes queue in the channel q, and
 * w[j] == 1 while process j is blocked. down is one step that takes the
 * permit or joins the queue; up is one step that hands the permit to the
 * oldest blocked process or, with none, increments s. The statement after a
 * down is guarded by w[i] == 0 in the same step, so a process handed the
 * permit is at once past its down. Each atomic block is one interleave step;
 * ph[i] is a ghost phase set by the down (a blocked process waits in it).
 */
#define NCS  0
#define TRY  1
#define CS   3

byte s = 1;
chan q = [3] of { byte };
byte w[3];
byte ph[3];

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
byte over[3];

inline enter(j) {
	k = 0;
	do
	:: k < 3 ->
		if
		:: k != j && waiting(k) && over[k] <= BOUND -> over[k]++
		:: else
		fi;
		k++
	:: k == 3 -> break
	od;
	k = 0;
	over[j] = 0
}

inline down(S) {
	if
	:: S > 0 -> S--; enter(i)
	:: else -> w[i] = 1; q!i
	fi
}

inline up(S) {
	if
	:: nempty(q) -> q?j; w[j] = 0; enter(j); j = 0
	:: empty(q) -> S++
	fi
}

active [3] proctype P() {
	byte i = _pid;
	byte k = 0;
	byte j = 0;
	do
	:: ph[i] = TRY;                          /* noncritical, and leave it */
		atomic { down(s); ph[i] = CS };
		atomic { w[i] == 0 -> ph[i] = NCS }; /* critical { skip } */
		atomic { up(s) }
	:: ph[i] == NCS                          /* noncritical: stay */
	od
}

ltl mutex { [] (!(crit(0) && crit(1)) && !(crit(0) && crit(2)) && !(crit(1) && crit(2))) }
ltl progress { [] ((trying(0) || trying(1) || trying(2)) -> <> (crit(0) || crit(1) || crit(2))) }
ltl starvation0 { [] (trying(0) -> <> crit(0)) }
ltl starvation1 { [] (trying(1) -> <> crit(1)) }
ltl starvation2 { [] (trying(2) -> <> crit(2)) }
ltl bw0 { [] <> !waiting(0) || ((<> [] crit(1) || <> [] !crit(1)) && (<> [] crit(2) || <> [] !crit(2))) }
ltl bw1 { [] <> !waiting(1) || ((<> [] crit(0) || <> [] !crit(0)) && (<> [] crit(2) || <> [] !crit(2))) }
ltl bw2 { [] <> !waiting(2) || ((<> [] crit(0) || <> [] !crit(0)) && (<> [] crit(1) || <> [] !crit(1))) }
ltl bound_le { [] (over[0] <= BOUND && over[1] <= BOUND && over[2] <= BOUND) }
ltl bound_lt { [] (over[0] < BOUND && over[1] < BOUND && over[2] < BOUND) }
