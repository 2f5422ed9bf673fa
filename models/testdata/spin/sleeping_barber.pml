/*
 * sleeping_barber.ilv in Promela: one barber, CHAIRS = 1, C = 3 customers.
 *
 * Weak semaphores: w[p] == K while process p is blocked on semaphore K
 * (customers 1, barbers 2, mutex 3). down is one step that takes the permit
 * or blocks; up is one step that hands the permit to any one blocked process
 * or, with none, increments the count. The statement after a down is guarded
 * by w[i] == 0 in the same step. Each atomic block or plain statement is one
 * interleave step; each test of an if is a step, whichever way it goes. The
 * barber is a daemon: the places where it can block carry end labels. A
 * failed assertion ends the run in interleave: here the barber then loops
 * (bad), so no later state is taken for a deadlock.
 */
#define CHAIRS 1
#define C      3
#define NP     (C + 1)                          /* Barber 0, Customer[j] 1 + j */

byte customers = 0;
byte barbers = 0;
byte mutex = 1;
int waiting = 0;
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
	:: else -> S++
	fi
}

active proctype Barber() {
	byte i = 0;
	do
	:: atomic { down(customers, 1) };
end_customers:
		atomic { w[i] == 0 -> down(mutex, 3) };
end_mutex:
		atomic { w[i] == 0 -> bad = !(waiting > 0); assert(!bad) };
		if
		:: bad -> goto halt
		:: else
		fi;
		waiting--;
		atomic { up(barbers, 2) };
		atomic { up(mutex, 3) };
		skip                                    /* section cutting { skip } */
	od;
halt:
	do
	:: bad
	od
}

active [C] proctype Customer() {
	byte i = _pid;
	atomic { down(mutex, 3) };
	if
	:: atomic { w[i] == 0 && waiting < CHAIRS };
		waiting++;
		atomic { up(customers, 1) };
		atomic { up(mutex, 3) };
		atomic { down(barbers, 2) };
		atomic { w[i] == 0 -> skip }            /* section haircut { skip } */
	:: atomic { w[i] == 0 && waiting >= CHAIRS };
		atomic { up(mutex, 3) }
	fi
}

ltl invariant { [] (0 <= waiting && waiting <= CHAIRS) }
