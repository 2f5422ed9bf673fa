/*
 * bakery.ilv in Promela, N = 2 unless spin -DN=3, and R = 2: Lamport's
 * bakery algorithm, each process making R rounds and then terminating.
 *
 * The for loops over the processes are unrolled, as interleave unrolls
 * them; the round counter r stands for the position in the unrolled round
 * loop and changes in the step that ends a round. Each atomic block or plain
 * statement is one interleave step; ph[i] is a ghost phase (the doorway is
 * the doorway block). number has the range 0..N*R: a step that would leave it
 * is a run-time error (rterr), after which the process loops.
 */
#ifndef N
#define N    2
#endif
#define R    2
#define NCS  0
#define TRY  1
#define WAIT 2
#define CS   3

bool choosing[N];
byte number[N];
byte ph[N];
bool rterr = false;

#define trying(i)  (ph[i] == TRY || ph[i] == WAIT)
#define waiting(i) (ph[i] == WAIT)
#define crit(i)    (ph[i] == CS)
#define max(a, b)  (a > b -> a : b)
#define before(j)  (number[j] == 0 || number[i] < number[j] || (number[i] == number[j] && i <= j))

/*
 * The bound of bounded waiting: over[k] counts the entries into critical by
 * the other processes while process k is waiting, since k last entered, and
 * saturates at BOUND + 1 (spin -DBOUND=n). The bound is BOUND when bound_le
 * holds and, for BOUND > 0, bound_lt is violated.
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
	byte t = 0;
	byte r = 0;
	do
	:: r < R ->
		if
		:: ph[i] = TRY                       /* noncritical, and leave it */
		:: ph[i] == NCS -> goto stay         /* noncritical: stay */
		fi;
		choosing[i] = true;
		t = 0;
		t = max(t, number[0]);
		t = max(t, number[1]);
#if N == 3
		t = max(t, number[2]);
#endif
		atomic {
			if
			:: t + 1 <= N * R -> number[i] = t + 1
			:: else -> rterr = true
			fi
		};
		if
		:: rterr -> goto halt
		:: else
		fi;
		atomic { choosing[i] = false; ph[i] = WAIT };
		!choosing[0];
		before(0);
		!choosing[1];
#if N == 3
		before(1);
		!choosing[2];
		atomic { before(2) -> ph[i] = CS; enter(i) };
#else
		atomic { before(1) -> ph[i] = CS; enter(i) };
#endif
		ph[i] = NCS;                         /* critical { skip } */
		atomic { number[i] = 0; r++ }
	:: r == R -> break
	od;
	goto done;
stay:
	do
	:: ph[i] == NCS
	od;
halt:
	do
	:: rterr
	od;
done:
	skip
}

#if N == 3
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
#else
ltl mutex { [] !(crit(0) && crit(1)) }
ltl progress { [] ((trying(0) || trying(1)) -> <> (crit(0) || crit(1))) }
ltl starvation0 { [] (trying(0) -> <> crit(0)) }
ltl starvation1 { [] (trying(1) -> <> crit(1)) }
ltl bw0 { [] <> !waiting(0) || <> [] crit(1) || <> [] !crit(1) }
ltl bw1 { [] <> !waiting(1) || <> [] crit(0) || <> [] !crit(0) }
ltl bound_le { [] (over[0] <= BOUND && over[1] <= BOUND) }
ltl bound_lt { [] (over[0] < BOUND && over[1] < BOUND) }
#endif
ltl runtime { [] !rterr }
