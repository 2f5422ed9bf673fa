/*
 * dekker.ilv in Promela: Dekker's algorithm for two processes.
 *
 * Each atomic block or plain statement is one interleave step: each test of
 * the while and of the if is a step, whichever way it goes. ph[i] is a ghost
 * phase; the doorway is wants[i] = true.
 */
#define NCS  0
#define TRY  1
#define WAIT 2
#define CS   3

bool wants[2];
bit turn = 0;
byte ph[2];

#define trying(i)  (ph[i] == TRY || ph[i] == WAIT)
#define waiting(i) (ph[i] == WAIT)
#define crit(i)    (ph[i] == CS)

active [2] proctype P() {
	byte i = _pid;
	do
	:: ph[i] = TRY;                          /* noncritical, and leave it */
		atomic { wants[i] = true; ph[i] = WAIT };
		do
		:: wants[1 - i] ->                   /* while test: true */
			if
			:: turn != i ->                  /* if test: true */
				wants[i] = false;
				turn == i;                   /* await turn == i */
				wants[i] = true
			:: turn == i                     /* if test: false */
			fi
		:: atomic { !wants[1 - i] -> ph[i] = CS }; break  /* while test: false */
		od;
		ph[i] = NCS;                         /* critical { skip } */
		turn = 1 - i;
		wants[i] = false
	:: ph[i] == NCS                          /* noncritical: stay */
	od
}

ltl mutex { [] !(crit(0) && crit(1)) }
ltl progress { [] ((trying(0) || trying(1)) -> <> (crit(0) || crit(1))) }
ltl starvation0 { [] (trying(0) -> <> crit(0)) }
ltl starvation1 { [] (trying(1) -> <> crit(1)) }
ltl bw0 { [] <> !waiting(0) || <> [] crit(1) || <> [] !crit(1) }
ltl bw1 { [] <> !waiting(1) || <> [] crit(0) || <> [] !crit(0) }
