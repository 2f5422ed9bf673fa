/*
 * prodcons_sem.ilv in Promela: producer-consumer with the semaphores mutex,
 * empty and full (N = 3 slots), named sempty and sfull (empty and full are
 * Promela keywords).
 *
 * Weak semaphores: w[j] == K while process j is blocked on semaphore K
 * (1 mutex, 2 empty, 3 full). down is one step that takes a permit or
 * blocks; up is one step that hands the permit to a blocked process or, with
 * none, increments the count. The statement after a down is guarded by
 * w[i] == 0 in the same step. Each atomic block is one interleave step.
 */
#define N 3
#define PRODUCER 0
#define CONSUMER 1

byte mutex = 1;
byte sempty = N;
byte sfull = 0;
int items = 0;
byte w[2];

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
	:: else -> S++
	fi
}

active proctype Producer() {
	byte i = PRODUCER;
	do
	:: atomic { down(sempty, 2) };
		atomic { w[i] == 0 -> down(mutex, 1) };
		atomic { w[i] == 0 -> items++ };
		atomic { up(mutex, 1) };
		atomic { up(sfull, 3) }
	od
}

active proctype Consumer() {
	byte i = CONSUMER;
	do
	:: atomic { down(sfull, 3) };
		atomic { w[i] == 0 -> down(mutex, 1) };
		atomic { w[i] == 0 -> assert(items > 0) };
		items--;
		atomic { up(mutex, 1) };
		atomic { up(sempty, 2) }
	od
}

ltl invariant { [] (0 <= items && items <= N) }
