/*
 * sleep_wakeup.ilv in Promela with N = 3: Tanenbaum's producer-consumer with
 * sleep and wakeup.
 *
 * asleep[j]: process j is blocked in sleep(). wakeup sets it false, which is
 * lost when j is not asleep. The statement after a sleep is guarded by
 * !asleep[i] in the same step. Each test of an if is one step, whichever way
 * it goes. count has the range 0..N: a step that would leave it is a
 * run-time error (rterr), and the run ends there: the process then loops, so
 * no later state is taken for a deadlock.
 */
#define N 3
#define PRODUCER 0
#define CONSUMER 1

byte count = 0;
bool asleep[2];
bool rterr = false;

inline setcount(v) {
	if
	:: 0 <= v && v <= N -> count = v
	:: else -> rterr = true
	fi
}

active proctype Producer() {
	byte i = PRODUCER;
	do
	:: if
		:: count == N -> asleep[i] = true    /* sleep() */
		:: count != N
		fi;
		atomic { !asleep[i] -> setcount(count + 1) };
		if
		:: rterr -> goto halt
		:: else
		fi;
		if
		:: count == 1 -> asleep[CONSUMER] = false   /* wakeup(Consumer) */
		:: count != 1
		fi
	od;
halt:
	do
	:: rterr
	od
}

active proctype Consumer() {
	byte i = CONSUMER;
	do
	:: if
		:: count == 0 -> asleep[i] = true    /* sleep() */
		:: count != 0
		fi;
		atomic { !asleep[i] -> setcount(count - 1) };
		if
		:: rterr -> goto halt
		:: else
		fi;
		if
		:: count == N - 1 -> asleep[PRODUCER] = false   /* wakeup(Producer) */
		:: count != N - 1
		fi
	od;
halt:
	do
	:: rterr
	od
}

ltl runtime { [] !rterr }
