/*
 * client_server.ilv in Promela: C = 2 clients make R = 2 requests each to a
 * server, over a request channel of capacity C and one mailbox of capacity 1
 * per client. Buffered channels are FIFO Promela channels; each statement is
 * one interleave step (a client's counter r stands for the position in its
 * unrolled for loop). The server is a daemon: the places where it can block
 * carry end labels.
 */
#define C 2
#define R 2

chan req = [C] of { byte, int };
chan reply[C] = [1] of { int };

active proctype Server() {
	byte c = 0;
	int x = 0;
end_receive:
	do
	:: req?c, x;
end_send:
		reply[c]!2 * x + 1
	od
}

active [C] proctype Client() {
	byte i = _pid - 1;
	int y = 0;
	byte r = 1;
	do
	:: r <= R ->
		req!i, 10 * i + r;
		reply[i]?y;
		assert(y == 2 * (10 * i + r) + 1);
		r++
	:: r > R -> break
	od
}
