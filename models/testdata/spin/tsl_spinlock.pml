/*
 * tsl_spinlock.ilv in Promela: while tsl(lock) { } ... lock = false.
 * Each atomic block is one interleave step; ph[i] is a ghost phase. Every
 * test-and-set is one step, whichever value it returns; the entry section is
 * a loop, so a process is waiting as soon as it leaves noncritical.
 */
#define NCS  0
#define WAIT 2
#define CS   3

bool lock = false;
byte ph[2];

#define trying(i)  (ph[i] == WAIT)
#define waiting(i) (ph[i] == WAIT)
#define crit(i)    (ph[i] == CS)

active [2] proctype P() {
	byte i = _pid;
	do
	:: ph[i] = WAIT;                         /* noncritical, and leave it */
		do
		:: lock                              /* tsl returns true: spin */
		:: atomic { !lock -> lock = true; ph[i] = CS }; break
		od;
		ph[i] = NCS;                         /* critical { skip } */
		lock = false
	:: ph[i] == NCS                          /* noncritical: stay */
	od
}

ltl mutex { [] !(crit(0) && crit(1)) }
ltl progress { [] ((trying(0) || trying(1)) -> <> (crit(0) || crit(1))) }
ltl starvation0 { [] (trying(0) -> <> crit(0)) }
ltl starvation1 { [] (trying(1) -> <> crit(1)) }
ltl bw0 { [] <> !waiting(0) || <> [] crit(1) || <> [] !crit(1) }
ltl bw1 { [] <> !waiting(1) || <> [] crit(0) || <> [] !crit(0) }
