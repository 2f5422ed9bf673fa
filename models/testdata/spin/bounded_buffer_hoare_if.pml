/*
 * bounded_buffer_hoare_if.ilv in Promela with N = 2: a bounded buffer as a
 * Hoare monitor, if around each wait; one producer, two consumers.
 *
 * The monitor's hidden mutex: held, and mb[j] while process j is blocked
 * entering it. Entering is one step that takes the monitor or blocks.
 * wait(c) is one step that releases the monitor and joins c's FIFO queue
 * (cw[j] while queued). signal(c) with a waiter hands the monitor straight
 * to the first waiter, which goes on after its wait, and the signaller joins
 * the FIFO urgent queue (ur[j] while queued); with no waiter it does
 * nothing. Releasing the monitor (leaving, or wait) hands it to the first
 * process of the urgent queue, else to any one blocked entrant, else frees
 * it. The statement after a step that may block is guarded in the same
 * step. Each atomic block is one interleave step; each test of an if is a
 * step, whichever way it goes.
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
bool ur[NP];
chan notFull = [NP] of { byte };
chan notEmpty = [NP] of { byte };
chan urgent = [NP] of { byte };
bool bad = false;

#define inside (!mb[i] && !cw[i] && !ur[i])

inline lock() {
	if
	:: !held -> held = true
	:: else -> mb[i] = true
	fi
}

inline release() {
	if
	:: nempty(urgent) -> urgent?j; ur[j] = false; j = 0
	:: empty(urgent) ->
		if
		:: mb[0] -> mb[0] = false
		:: mb[1] -> mb[1] = false
		:: mb[2] -> mb[2] = false
		:: else -> held = false
		fi
	fi
}

inline wait(c) {
	release();
	cw[i] = true;
	c!i
}

inline signal(c) {
	if
	:: nempty(c) -> c?j; cw[j] = false; j = 0; ur[i] = true; urgent!i
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
		:: atomic { inside && count == N };
			atomic { wait(notFull) }
		:: atomic { inside && count != N }
		fi;
		atomic { inside -> change(1) };
		if
		:: bad -> goto halt
		:: else
		fi;
		atomic { signal(notEmpty) };
		atomic { inside -> release() }              /* leave */
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
		:: atomic { inside && count == 0 };
			atomic { wait(notEmpty) }
		:: atomic { inside && count != 0 }
		fi;
		atomic { inside -> change(-1) };
		if
		:: bad -> goto halt
		:: else
		fi;
		atomic { signal(notFull) };
		atomic { inside -> release() }              /* leave */
	od;
halt:
	do
	:: bad
	od
}

ltl invariant { [] (count >= 0) }
ltl invariant2 { [] (count <= N) }
