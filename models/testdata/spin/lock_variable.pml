/*
 * lock_variable.ilv in Promela: await lock == 0, then lock = 1, as two steps.
 * Each atomic block is one interleave step; ph[i] is a ghost phase.
 */
#define NCS  0
#define TRY  1
#define CS   3

bit lock = 0;
byte ph[2];

#define crit(i) (ph[i] == CS)

active [2] proctype P() {
	byte i = _pid;
	do
	:: ph[i] = TRY;                          /* noncritical, and leave it */
		lock == 0;                           /* await lock == 0 */
		atomic { lock = 1; ph[i] = CS };
		ph[i] = NCS;                         /* critical { skip } */
		lock = 0
	:: ph[i] == NCS                          /* noncritical: stay */
	od
}

ltl mutex { [] !(crit(0) && crit(1)) }
