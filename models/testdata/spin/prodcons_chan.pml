/*
 * prodcons_chan.ilv in Promela: producer and consumer over a buffered FIFO
 * channel of capacity N = 2, items numbered modulo K = 3. Each statement is
 * one interleave step.
 */
#define N 2
#define K 3

chan buffer = [N] of { byte };

active proctype Producer() {
	byte next = 0;
	do
	:: buffer!next;
		next = (next + 1) % K
	od
}

active proctype Consumer() {
	byte item = 0;
	byte expect = 0;
	do
	:: buffer?item;
		assert(item == expect);
		expect = (expect + 1) % K
	od
}
