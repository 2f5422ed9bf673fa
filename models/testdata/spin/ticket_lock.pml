/*
 * ticket_lock.ilv in Promela, N = 3 unless spin -DN=2: a ticket lock, next
 * and serving counted modulo N.
 *
 * Each atomic block or plain statement is one interleave step; ph[i] is a
 * ghost phase. The doorway is taking the ticket.
 */
#ifndef N
#define N    3
#endif
#define NCS  0
#define TRY  1
#define WAIT 2
#define CS   3

byte next = 0;
byte serving = 0;
byte ph[N];

#define trying(i)  (ph[i] == TRY || ph[i] == WAIT)
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
byte over[N];

inline enter(j) {
	k = 0;
	do
	:: k < N ->
		if
		:: k != j && waiting(k) && over[k] <= BOUND -> over[k]++
		:: else
		fi;
		k++
	:: k == N -> break
	od;
	k = 0;
	over[j] = 0
}

active [N] proctype P() {
	byte i = _pid;
	byte k = 0;
	byte my = 0;
	do
	:: ph[i] = TRY;                          /* noncritical, and leave it */
		atomic { my = next; next = (next + 1) % N; ph[i] = WAIT };
		atomic { serving == my -> ph[i] = CS; enter(i) };
		ph[i] = NCS;                         /* critical { skip } */
		serving = (serving + 1) % N
	:: ph[i] == NCS                          /* noncritical: stay */
	od
}

#if N == 2
ltl mutex { [] !(crit(0) && crit(1)) }
ltl progress { [] ((trying(0) || trying(1)) -> <> (crit(0) || crit(1))) }
ltl starvation0 { [] (trying(0) -> <> crit(0)) }
ltl starvation1 { [] (trying(1) -> <> crit(1)) }
ltl bw0 { [] <> !waiting(0) || <> [] crit(1) || <> [] !crit(1) }
ltl bw1 { [] <> !waiting(1) || <> [] crit(0) || <> [] !crit(0) }
ltl bound_le { [] (over[0] <= BOUND && over[1] <= BOUND) }
ltl bound_lt { [] (over[0] < BOUND && over[1] < BOUND) }
#else
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
#endif
