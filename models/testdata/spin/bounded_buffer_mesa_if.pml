/*
 * bounded_buffer_mesa_if.ilv in Promela with N = 2: a bounded buffer as a Mesa
 * monitor, if around each wait; one producer, two consumers.
 *
 * The monitor's hidden mutex: held, and mb[j] while process j is blocked
 * entering (or re-entering) it. Entering is one step that takes the monitor
 * or blocks; leaving, and the release in wait, hand it to any one blocked
 * process or free it. wait(c) is one step that releases the monitor and
 * joins c's FIFO queue (cw[j] while queued); signal(c) moves the first
 * waiter out of the queue (nothing if none), and a process moved out takes
 * the monitor's lock as its next step. The statement after a step that may
 * block is guarded in the same step. Each atomic block is one interleave
 * step; each test of an if is a step, whichever way it goes.
 *
 * A step that makes an invariant false ends the run in interleave: here the
 * process then loops (bad), so no later state is taken for a deadlock.
 */
#define N  2
#define NP 3                                    /* Producer 0, Consumer[i] 1 + i */

int count = 0;
bool held = false;
bool mb[NP];
bool cw[NP];
chan notFull = [NP] of { byte };
chan notEmpty = [NP] of { byte };
bool bad = false;

inline lock() {
	if
	:: !held -> held = true
	:: else -> mb[i] = true
	fi
}

inline release() {
	if
	:: mb[0] -> mb[0] = false
	:: mb[1] -> mb[1] = false
	:: mb[2] -> mb[2] = false
	:: else -> held = false
	fi
}

inline wait(c) {
	release();
	cw[i] = true;
	c!i
}

inline signal(c) {
	if
	:: nempty(c) -> c?j; cw[j] = false; j = 0
	:: empty(c)
	fi
}

inline change(d) {
	count = count + d;
	bad = (count < 0 || count > N)
}

active proctype Producer() {
	byte i = 0;
	byte j = 0;
	do
	:: atomic { lock() };                           /* enter Buffer.put */
		if
		:: atomic { !mb[i] && count == N };
			atomic { wait(notFull) };
			atomic { !cw[i] -> lock() }             /* re-enter */
		:: atomic { !mb[i] && !(count == N) }
		fi;
		atomic { !mb[i] -> change(1) };
		if
		:: bad -> goto halt
		:: else
		fi;
		atomic { signal(notEmpty) };
		atomic { release() }                        /* leave */
	od;
halt:
	do
	:: bad
	od
}

active [2] proctype Consumer() {
	byte i = _pid;
	byte j = 0;
	do
	:: atomic { lock() };                           /* enter Buffer.get */
		if
		:: atomic { !mb[i] && count == 0 };
			atomic { wait(notEmpty) };
			atomic { !cw[i] -> lock() }             /* re-enter */
		:: atomic { !mb[i] && !(count == 0) }
		fi;
		atomic { !mb[i] -> change(-1) };
		if
		:: bad -> goto halt
		:: else
		fi;
		atomic { signal(notFull) };
		atomic { release() }                        /* leave */
	od;
halt:
	do
	:: bad
	od
}

ltl invariant { [] (count >= 0) }
ltl invariant2 { [] (count <= N) }
