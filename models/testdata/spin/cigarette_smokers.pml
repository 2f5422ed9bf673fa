/*
 * cigarette_smokers.ilv in Promela: the agent, three pushers that keep track
 * of the ingredients on the table, and three smokers.
 *
 * Weak semaphores: w[p] == K while process p is blocked on semaphore K
 * (agentSem is 1, item[k] is 2 + k, smoker[j] is 5 + j, mutex is 8). down
 * is one step that takes the permit or blocks; up is one step that hands the
 * permit to any one blocked process or, with none, increments the count. The
 * statement after a down is guarded by w[i] == 0 in the same step. either is
 * an if whose options start with their first statement, which is the step
 * that chooses. Each atomic block or plain statement is one interleave step;
 * each test of an if or else if is a step, whichever way it goes. A failed
 * assertion ends the run in interleave: here the process then loops (bad), so
 * no later state is taken for a deadlock.
 */
#define NP 7                                    /* Agent 0, Pusher[k] 1 + k, Smoker[j] 4 + j */

byte agentSem = 1;
byte item[3];
byte smoker[3];
byte mutex = 1;
bool onTable[3];
byte missing = 0;
byte w[NP];
bool bad = false;

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
	:: w[5] == K -> w[5] = 0
	:: w[6] == K -> w[6] = 0
	:: else -> S++
	fi
}

#define ITEM(k)   item[k], (k) + 2
#define SMOKER(j) smoker[j], (j) + 5

active proctype Agent() {
	byte i = 0;
	do
	:: atomic { down(agentSem, 1) };
		if
		:: atomic { w[i] == 0 -> missing = 0 };
			atomic { up(ITEM(1)) };
			atomic { up(ITEM(2)) }
		:: atomic { w[i] == 0 -> missing = 1 };
			atomic { up(ITEM(0)) };
			atomic { up(ITEM(2)) }
		:: atomic { w[i] == 0 -> missing = 2 };
			atomic { up(ITEM(0)) };
			atomic { up(ITEM(1)) }
		fi
	od
}

active [3] proctype Pusher() {
	byte i = _pid;
	byte k = _pid - 1;
	do
	:: atomic { down(ITEM(k)) };
		atomic { w[i] == 0 -> down(mutex, 8) };
		if
		:: atomic { w[i] == 0 && onTable[(k + 1) % 3] };
			onTable[(k + 1) % 3] = false;
			atomic { up(SMOKER((k + 2) % 3)) }
		:: atomic { w[i] == 0 && !onTable[(k + 1) % 3] };
			if
			:: onTable[(k + 2) % 3];
				onTable[(k + 2) % 3] = false;
				atomic { up(SMOKER((k + 1) % 3)) }
			:: !onTable[(k + 2) % 3];
				onTable[k] = true
			fi
		fi;
		atomic { up(mutex, 8) }
	od
}

active [3] proctype Smoker() {
	byte i = _pid;
	byte j = _pid - 4;
	do
	:: atomic { down(SMOKER(j)) };
		atomic { w[i] == 0 -> bad = (missing != j); assert(!bad) };
		if
		:: bad -> goto halt
		:: else
		fi;
		atomic { up(agentSem, 1) };
		skip                                    /* section smoking { skip } */
	od;
halt:
	do
	:: bad
	od
}
