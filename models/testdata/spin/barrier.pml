/*
 * barrier.ilv in Promela: a reusable barrier for N = 3 processes and R = 3
 * rounds, with a mutex and a condition variable.
 *
 * The mutex: held, and mb[j] while process j is blocked in lock; lock is one
 * step that takes it or blocks, unlock hands it to any one blocked process
 * or frees it. wait(c, m) is one step that releases m and joins c's FIFO
 * queue (cw[j] while queued); broadcast moves every waiter out, and a process
 * moved out takes lock(m) as its next step. The statement after a step that
 * may block is guarded in the same step. Each atomic block or plain
 * statement is one interleave step; each test of an if or a while is a step,
 * whichever way it goes. The round counter r stands for the position in the
 * unrolled for loop and changes in the step that ends a round.
 */
#define N 3
#define R 3

bool held = false;
bool mb[N];
bool cw[N];
chan allHere = [N] of { byte };
byte arrived = 0;
bit phase = 0;
byte round[N];

inline lock() {
	if
	:: !held -> held = true
	:: else -> mb[i] = true
	fi
}

inline unlock() {
	if
	:: mb[0] -> mb[0] = false
	:: mb[1] -> mb[1] = false
	:: mb[2] -> mb[2] = false
	:: else -> held = false
	fi
}

active [N] proctype W() {
	byte i = _pid;
	bit p = 0;
	byte r = 0;
	byte j = 0;
	do
	:: r < R ->
		skip;                                   /* section work { skip } */
		atomic { lock() };
		atomic { !mb[i] -> p = phase };
		arrived++;
		if
		:: arrived == N ->
			arrived = 0;
			phase = 1 - phase;
			atomic {                            /* broadcast(allHere) */
				do
				:: allHere?j -> cw[j] = false
				:: empty(allHere) -> break
				od;
				j = 0
			}
		:: arrived != N ->
			do
			:: atomic { !mb[i] && phase == p };
				atomic { unlock(); cw[i] = true; allHere!i };   /* wait(allHere, m) */
				atomic { !cw[i] -> lock() }
			:: atomic { !mb[i] && phase != p }; break
			od
		fi;
		atomic { !mb[i] -> unlock() };
		atomic { round[i]++; r++ }
	:: r == R -> break
	od
}

#define near(a, b) (round[a] <= round[b] + 1)
ltl invariant { [] (near(0, 1) && near(0, 2) && near(1, 0) && near(1, 2) && near(2, 0) && near(2, 1)) }
