/*
 * readers_writers.ilv in Promela with R = 2: readers' preference.
 *
 * Weak semaphores: w[j] == K while process j is blocked on semaphore K
 * (1 mutex, 2 db). down is one step that takes the permit or blocks; up is
 * one step that hands the permit to any one blocked process or, with none,
 * increments the count. The statement after a down is guarded by w[i] == 0
 * in the same step. Each atomic block or plain statement is one interleave
 * step; each test of an if is a step, whichever way it goes.
 *
 * reading[j]: reader j is in its section reading; ph is the writer's ghost
 * phase (its critical section is writing). rc has the range 0..R: a step
 * that would leave it is a run-time error (rterr), after which the process
 * loops, so no later state is taken for a deadlock.
 */
#define R 2
#define WRITER R
#define NCS 0
#define TRY 1
#define CS  3

byte mutex = 1;
byte db = 1;
byte rc = 0;
byte w[R + 1];
bool reading[R];
byte ph;
bool rterr = false;

#define writing  (ph == CS && w[WRITER] == 0)
#define wtrying  (ph == TRY || (ph == CS && w[WRITER] != 0))

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

inline setrc(v) {
	if
	:: 0 <= v && v <= R -> rc = v
	:: else -> rterr = true
	fi
}

active [R] proctype Reader() {
	byte i = _pid;
	do
	:: w[i] = 0;                             /* noncritical, and leave it */
		atomic { down(mutex, 1) };
		atomic { w[i] == 0 -> setrc(rc + 1) };
		if
		:: rterr -> goto halt
		:: else
		fi;
		if
		:: rc == 1 -> atomic { down(db, 2) }
		:: rc != 1
		fi;
		atomic { w[i] == 0 -> up(mutex, 1); reading[i] = true };
		reading[i] = false;                  /* section reading { skip } */
		atomic { down(mutex, 1) };
		atomic { w[i] == 0 -> setrc(rc - 1) };
		if
		:: rterr -> goto halt
		:: else
		fi;
		if
		:: rc == 0 -> atomic { up(db, 2) }
		:: rc != 0
		fi;
		atomic { up(mutex, 1) }
	:: w[i] == 0                             /* noncritical: stay */
	od;
halt:
	do
	:: rterr
	od
}

active proctype Writer() {
	byte i = WRITER;
	do
	:: ph = TRY;                             /* noncritical, and leave it */
		atomic { down(db, 2); ph = CS };
		atomic { w[i] == 0 -> ph = NCS };    /* critical { skip } */
		atomic { up(db, 2) }
	:: ph == NCS                             /* noncritical: stay */
	od
}

ltl invariant { [] (!writing || !(reading[0] || reading[1])) }
ltl starvation { [] (wtrying -> <> writing) }
ltl runtime { [] !rterr }
