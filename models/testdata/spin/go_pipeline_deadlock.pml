/*
 * go_pipeline_deadlock.ilv in Promela, ITEMS = 2 unless spin -DITEMS=n:
 * Main sends all its numbers down an unbuffered channel before it reads any
 * square back.
 *
 * Unbuffered channels are Promela rendezvous channels: a send and its
 * receive are one joint step, as in interleave. Square is a daemon: it may
 * block forever at either of its statements, so both carry end labels. Each
 * statement is one interleave step; Main's counter k stands for the position
 * in its unrolled for loops (its increments are local steps no check sees).
 */
#ifndef ITEMS
#define ITEMS 2
#endif

chan nums = [0] of { int };
chan squares = [0] of { int };

active proctype Square() {
	int x = 0;
end_receive:
	do
	:: nums?x;
end_send:
		squares!x * x
	od
}

active proctype Main() {
	int y = 0;
	byte k = 1;
	do
	:: k <= ITEMS -> nums!k; k++
	:: k > ITEMS -> break
	od;
	k = 1;
	do
	:: k <= ITEMS -> squares?y; assert(y == k * k); k++
	:: k > ITEMS -> break
	od
}
