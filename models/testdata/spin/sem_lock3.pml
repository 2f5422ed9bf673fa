/*
 * sem_lock3.ilv in Promela: a weak semaphore s = 1 as a lock, three processes.
 *
 * Weak semaphore: w[j] == 1 while process j is blocked in down(s). down is
 * one step that either takes the permit or blocks; up is one step that hands
 * the permit to any one blocked process (a nondeterministic choice) or, with
 * none blocked, increments s. The statement after a down is guarded by
 * w[i] == 0 in the same step, so a process handed the permit is at once past
 * its down. Each atomic block is one interleave step; ph[i] is a ghost phase.
 */
#define NCS  0
#define TRY  1
#define CS   3

byte s = 1;
byte w[3];
byte ph[3];

#define crit(i)    (ph[i] == CS && w[i] == 0)
#define trying(i)  (ph[i] == TRY || (ph[i] == CS && w[i] != 0))
#define waiting(i) (ph[i] == CS && w[i] != 0)

inline down(S, K) {
	if
	:: S > 0 -> S--
	:: else -> w[i] = K
	fi
}

inline up(S, K) {
	if
	:: w[0] == K -> w[0] = 0
	:: w[1] == K -> w[1] = 0
	:: w[2] == K -> w[2] = 0
	:: else -> S++
	fi
}

active [3] proctype P() {
	byte i = _pid;
	do
	:: ph[i] = TRY;                          /* noncritical, and leave it */
		atomic { down(s, 1); ph[i] = CS };
		atomic { w[i] == 0 -> ph[i] = NCS }; /* critical { skip } */
		atomic { up(s, 1) }
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
