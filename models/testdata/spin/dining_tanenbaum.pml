/*
 * dining_tanenbaum.ilv in Promela, N = 4 unless spin -DN=3: Tanenbaum's
 * dining philosophers, a state per philosopher.
 *
 * mutex is a strong (fifo) semaphore: blocked processes queue in the channel
 * mq (mw[j] while queued) and up hands the permit to the oldest. s[k] is a
 * weak semaphore that only philosopher k takes (sw[k] while it is blocked
 * there), so up(s[k]) hands the permit to k if it is blocked. The statement
 * after a down is guarded in the same step. The procedures are inlined, as in
 * interleave; each test of an if is one step, whichever way it goes, and
 * each atomic block is one interleave step. ph[i] is a ghost phase set by
 * the down(s[i]) before the critical section.
 */
#ifndef N
#define N 4
#endif
#define THINKING 0
#define HUNGRY   1
#define EATING   2
#define NCS 0
#define TRY 1
#define CS  3

byte state[N];
byte mutex = 1;
chan mq = [N] of { byte };
bool mw[N];
byte s[N];
bool sw[N];
byte ph[N];

#define crit(i)   (ph[i] == CS && !sw[i])
#define trying(i) (ph[i] == TRY || (ph[i] == CS && sw[i]))
#define canEat(k) (state[k] == HUNGRY && state[((k) + N - 1) % N] != EATING && state[((k) + 1) % N] != EATING)

inline downMutex() {
	if
	:: mutex > 0 -> mutex--
	:: else -> mw[i] = true; mq!i
	fi
}

inline upMutex() {
	if
	:: nempty(mq) -> mq?j; mw[j] = false; j = 0
	:: empty(mq) -> mutex++
	fi
}

inline test(k) {
	if
	:: canEat(k);
		state[k] = EATING;
		atomic {                                /* up(s[k]) */
			if
			:: sw[k] -> sw[k] = false
			:: else -> s[k]++
			fi
		}
	:: !canEat(k)
	fi
}

active [N] proctype Phil() {
	byte i = _pid;
	byte j = 0;
	do
	:: ph[i] = TRY;                             /* noncritical (think), and leave it */
		atomic { downMutex() };                 /* take_forks(i) */
		atomic { !mw[i] -> state[i] = HUNGRY };
		test(i);
		atomic { upMutex() };
		atomic {                                /* down(s[i]) */
			if
			:: s[i] > 0 -> s[i]--
			:: else -> sw[i] = true
			fi;
			ph[i] = CS
		};
		atomic { !sw[i] -> ph[i] = NCS };       /* critical { skip } */
		atomic { downMutex() };                 /* put_forks(i) */
		atomic { !mw[i] -> state[i] = THINKING };
		test((i + N - 1) % N);
		test((i + 1) % N);
		atomic { upMutex() }
	:: ph[i] == NCS                             /* noncritical: stay */
	od
}

#if N == 3
ltl invariant { [] (!(crit(0) && crit(1)) && !(crit(1) && crit(2)) && !(crit(2) && crit(0))) }
ltl invariant2 { [] (!(state[0] == EATING && state[1] == EATING) && !(state[1] == EATING && state[2] == EATING) && !(state[2] == EATING && state[0] == EATING)) }
#else
ltl invariant { [] (!(crit(0) && crit(1)) && !(crit(1) && crit(2)) && !(crit(2) && crit(3)) && !(crit(3) && crit(0))) }
ltl invariant2 { [] (!(state[0] == EATING && state[1] == EATING) && !(state[1] == EATING && state[2] == EATING) && !(state[2] == EATING && state[3] == EATING) && !(state[3] == EATING && state[0] == EATING)) }
ltl starvation3 { [] (trying(3) -> <> crit(3)) }
#endif
ltl starvation0 { [] (trying(0) -> <> crit(0)) }
ltl starvation1 { [] (trying(1) -> <> crit(1)) }
ltl starvation2 { [] (trying(2) -> <> crit(2)) }
