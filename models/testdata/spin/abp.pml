/*
 * abp.ilv in Promela, or abp_noretransmit.ilv with spin -DNORETRANSMIT: the
 * alternating bit protocol over lossy channels of capacity 1, messages
 * numbered modulo K = 3.
 *
 * A send on a lossy channel is one step that is always enabled: it delivers
 * the message when the channel has room, or loses it (always when the channel
 * is full). either is an if whose options start with their first statement,
 * which is the step that chooses: a receive, enabled when a message is
 * there, or skip, the timeout. Each atomic block or plain statement is one
 * interleave step; each test of an if is a step, whichever way it goes.
 */
#define K 3

chan data = [1] of { byte, bit };
chan ack = [1] of { bit };

active proctype Sender() {
	byte msg = 0;
	bit b = 0;
	bit a = 0;
	do
	:: atomic {                                 /* data <- (msg, b), lossy */
			if
			:: nfull(data) -> data!msg, b
			:: skip
			fi
		};
#ifdef NORETRANSMIT
		ack?a;
		if
		:: a == b -> b = 1 - b; msg = (msg + 1) % K
		:: a != b
		fi
#else
		if
		:: ack?a;
			if
			:: a == b -> b = 1 - b; msg = (msg + 1) % K
			:: a != b
			fi
		:: skip                                 /* timeout: send again */
		fi
#endif
	od
}

active proctype Receiver() {
	byte m = 0;
	bit b = 0;
	bit expect = 0;
	byte want = 0;
	do
	:: data?m, b;
		if
		:: b == expect ->
			assert(m == want);
			want = (want + 1) % K;
			expect = 1 - expect
		:: b != expect
		fi;
		atomic {                                /* ack <- b, lossy */
			if
			:: nfull(ack) -> ack!b
			:: skip
			fi
		}
	od
}
