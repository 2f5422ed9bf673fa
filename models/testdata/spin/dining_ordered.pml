/*
 * dining_ordered.ilv in Promela, N = 5 unless spin -DN=n
 * (3 <= n <= 5): the lower-numbered fork first.
 *
 * Weak semaphores: w[j] == K while philosopher j is blocked on semaphore K
 * (fork[k] is K = k + 1). down is one step that takes the permit or
 * blocks; up is one step that hands the permit to any one blocked process or,
 * with none, increments the count. The statement after a down is guarded by
 * w[i] == 0 in the same step. Each atomic block is one interleave step.
 * at[i] is a ghost: philosopher i is at its section eating (once past the
 * down before it, so eating(i) also needs w[i] == 0).
 */
#ifndef N
#define N 5
#endif
#define MAXN 5                          /* the arrays' size */

byte fork[MAXN] = 1;
byte w[MAXN];
bool at[MAXN];                          /* beyond N: always 0 */

#define eating(i) (at[i] && w[i] == 0)

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
	:: w[3] == K -> w[3] = 0
	:: w[4] == K -> w[4] = 0
	:: else -> S++
	fi
}

#define F(k) fork[k], (k) + 1

active [N] proctype Phil() {
	byte i = _pid;
	byte lo = (_pid == N - 1 -> 0 : _pid);       /* min(i, (i + 1) % N) */
	byte hi = (_pid == N - 1 -> _pid : _pid + 1); /* max(i, (i + 1) % N) */
	do
	:: w[i] = 0;                             /* noncritical (think), and leave it */
		atomic { down(F(lo)) };
		atomic { w[i] == 0 -> down(F(hi)); at[i] = true };
		atomic { w[i] == 0 -> at[i] = false };   /* section eating { skip } */
		atomic { up(F(hi)) };
		atomic { up(F(lo)) }
	:: w[i] == 0                             /* noncritical: stay */
	od
}

#define apart(j) !(eating(j) && eating((j + 1) % N))
ltl invariant { [] (apart(0) && apart(1) && apart(2) && apart(3) && apart(4)) }
