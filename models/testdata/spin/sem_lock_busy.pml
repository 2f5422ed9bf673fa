/*
 * sem_lock_busy.ilv in Promela: a busy-wait semaphore s = 1, two processes.
 *
 * A busy down is await s > 0; s-- in one step. It can be disabled, so a
 * process is waiting as soon as it leaves noncritical. Each atomic block is
 * one interleave step; ph[i] is a ghost phase.
 *
 * SPIN has weak fairness only. The starvation_strong claims, run with weak
 * fairness, add strong fairness for the process they are about in the
 * formula: enabled infinitely often (it is enabled except at its down while
 * s == 0), it moves infinitely often (_last is the process that made the
 * last step). That assumes less than strong fairness for all, so "holds"
 * carries over to fairness strong.
 */
#define NCS  0
#define WAIT 2
#define CS   3

byte s = 1;
byte ph[2];

#define crit(i)    (ph[i] == CS)
#define trying(i)  (ph[i] == WAIT)
#define waiting(i) (ph[i] == WAIT)
#define sfair(j)   ([] <> (ph[j] != WAIT || s > 0) -> [] <> (_last == j))

active [2] proctype P() {
	byte i = _pid;
	do
	:: ph[i] = WAIT;                         /* noncritical, and leave it */
		atomic { s > 0 -> s--; ph[i] = CS }; /* down(s) */
		ph[i] = NCS;                         /* critical { skip } */
		s++                                  /* up(s) */
	:: ph[i] == NCS                          /* noncritical: stay */
	od
}

ltl mutex { [] !(crit(0) && crit(1)) }
ltl progress { [] ((trying(0) || trying(1)) -> <> (crit(0) || crit(1))) }
ltl starvation0 { [] (trying(0) -> <> crit(0)) }
ltl starvation1 { [] (trying(1) -> <> crit(1)) }
ltl starvation_strong0 { sfair(0) -> [] (trying(0) -> <> crit(0)) }
ltl starvation_strong1 { sfair(1) -> [] (trying(1) -> <> crit(1)) }
ltl bw0 { [] <> !waiting(0) || <> [] crit(1) || <> [] !crit(1) }
ltl bw1 { [] <> !waiting(1) || <> [] crit(0) || <> [] !crit(0) }
