/*
 * peterson_swapped.ilv in Promela: Peterson's algorithm with the two doorway
 * assignments swapped. Each atomic block is one interleave step; ph[i] is a
 * ghost phase written in the step that changes it.
 */
#define NCS  0
#define TRY  1
#define CS   3

bit turn = 0;
bool interested[2];
byte ph[2];

#define crit(i) (ph[i] == CS)

active [2] proctype P() {
	byte i = _pid;
	do
	:: ph[i] = TRY;                          /* noncritical, and leave it */
		turn = i;
		interested[i] = true;
		atomic { !(turn == i && interested[1 - i]) -> ph[i] = CS }
		ph[i] = NCS;                         /* critical { skip } */
		interested[i] = false
	:: ph[i] == NCS                          /* noncritical: stay */
	od
}

ltl mutex { [] !(crit(0) && crit(1)) }
