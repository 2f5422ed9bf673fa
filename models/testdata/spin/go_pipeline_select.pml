/*
 * go_pipeline_select.ilv in Promela, ITEMS = 3: Main sends numbers and
 * receives squares in one select, so it never blocks the pipeline.
 *
 * Unbuffered channels are Promela rendezvous channels: a send and its
 * receive are one joint step, as in interleave. select (no default) is an if
 * whose options start with their communications: one step performs a ready
 * one. Square is a daemon: it may block forever at either of its statements,
 * so both carry end labels. Each statement is one interleave step; each test
 * of an if or a while is a step, whichever way it goes.
 */
#define ITEMS 3

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
	byte sent = 0;
	byte got = 0;
	int y = 0;
	do
	:: got < ITEMS ->
		if
		:: sent < ITEMS ->
			if
			:: nums!sent + 1;
				sent++
			:: squares?y;
				got++;
				assert(y == got * got)
			fi
		:: sent >= ITEMS ->
			squares?y;
			got++;
			assert(y == got * got)
		fi
	:: got >= ITEMS -> break
	od
}
