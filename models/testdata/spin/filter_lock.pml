/*
 * filter_lock.ilv in Promela with N = 3: Peterson's filter lock.
 *
 * The for loop over the levels is unrolled, as interleave unrolls it. Each
 * atomic block or plain statement is one interleave step; ph[i] is a ghost
 * phase. The entry section starts with a loop, so it has no doorway: a
 * process is waiting as soon as it leaves noncritical.
 */
#define N    3
#define NCS  0
#define WAIT 2
#define CS   3

byte level[N];
byte victim[N];
byte ph[N];

#define trying(i)  (ph[i] == WAIT)
#define waiting(i) (ph[i] == WAIT)
#define crit(i)    (ph[i] == CS)
#define mayPass(l) (victim[l] != i || ((i == 0 || level[0] < l) && (i == 1 || level[1] < l) && (i == 2 || level[2] < l)))

active [N] proctype P() {
	byte i = _pid;
	do
	:: ph[i] = WAIT;                         /* noncritical, and leave it */
		level[i] = 1;
		victim[1] = i;
		mayPass(1);                          /* await */
		level[i] = 2;
		victim[2] = i;
		atomic { mayPass(2) -> ph[i] = CS }; /* await */
		ph[i] = NCS;                         /* critical { skip } */
		level[i] = 0
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
