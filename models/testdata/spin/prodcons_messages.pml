/*
 * prodcons_messages.ilv in Promela: producer and consumer exchanging N = 2
 * messages over two buffered FIFO channels, items numbered modulo K = 3.
 * The channel full is named fullc (full is a Promela keyword). Each
 * statement is one interleave step (the consumer's counter j stands for the
 * position in its unrolled for loop).
 */
#define N 2
#define K 3

chan empties = [N] of { byte };
chan fullc = [N] of { byte };

active proctype Producer() {
	byte next = 0;
	do
	:: empties?_;
		fullc!next;
		next = (next + 1) % K
	od
}

active proctype Consumer() {
	byte item = 0;
	byte expect = 0;
	byte j = 1;
	do
	:: j <= N -> empties!0; j++
	:: j > N -> break
	od;
	do
	:: fullc?item;
		empties!0;
		assert(item == expect);
		expect = (expect + 1) % K
	od
}

ltl invariant { [] (len(empties) + len(fullc) <= N) }
