package reports

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
)

func TestTextVerdictLines(t *testing.T) {
	tests := []struct {
		name string
		r    *checker.Result
		want []string
	}{
		{"holds", holdsAll(), []string{
			"mutex            holds",
			"progress         holds",
			"bounded_waiting  holds  bound 1",
			"deadlock         holds",
			"assert           holds",
			"runtime          holds",
		}},
		{"unbounded", lasso(), []string{
			"mutex            holds",
			"starvation       violated  P[0] is trying and never enters critical",
			"bounded_waiting  violated  unbounded; P[1] and P[2] enter critical again and again while P[0] waits",
			"deadlock         holds",
		}},
		{"unknown", limited(), []string{
			"mutex            unknown   the max-states limit was reached before this check was decided",
			"bounded_waiting  unknown   the max-states limit was reached before this check was decided",
			"runtime          violated  division by zero in total / n",
		}},
		{"no checks", &checker.Result{Model: "empty"}, []string{"no checks"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.r, TextOptions{Quiet: true})
			assert.Equal(t, strings.Join(tt.want, "\n")+"\n", got)
		})
	}
}

func TestTextTrace(t *testing.T) {
	tests := []struct {
		name string
		r    *checker.Result
		// want are lines that must appear, in this order.
		want []string
		// absent are texts that must not appear.
		absent []string
	}{
		{"finite", mutexViolated(), []string{
			"peterson_swapped.ilv: model peterson_swapped (N=2)",
			"mutex violated: P[0] and P[1] are both in critical",
			"  step  process  line  statement                              changes",
			"     1  P[0]        8  turn = i                               turn=0",
			"     5  P[0]        9  interested[i] = true                   interested[0]=true",
			"  variables the run changed, at the end: turn=1 interested[1]=true interested[0]=true",
			"  the last state:",
			"    P[0]  line 12  skip",
			"states 66  transitions 130  depth 9  time 0.002s  memory 3.1 KiB",
		}, []string{"repeats forever", "stays here", "note", "unbounded"}},
		{"lasso", lasso(), []string{
			"     3  P[1]        6  down(s)               blocks on s",
			"  -- from step 4 the run repeats forever --",
			"     4  P[2]        8  up(s)                 hands the permit of s to P[1]",
			"    P[0]  line 6  down(s)            blocked: waits in down(s)",
		}, []string{"stays here"}},
		{"stays", staysForever(), []string{
			"     4  P[0]        7  noncritical",
			"  -- the run stays here forever --",
			"  the last state:",
			"positive violated: the invariant is false in a reachable state",
			"  the initial state breaks the property",
		}, []string{"repeats forever"}},
		{"limit", limited(), []string{
			"  step  process  line  statement        changes   note",
			"     1  Teller      4  lock(m)          m=Teller",
			"    Auditor  -       end        terminated",
			"(incomplete: max-states limit reached)",
		}, nil},
		{"control characters", nasty(), []string{
			`check "a\b" violated: assertion failed: "x < y && y > z" {braces} \ back slash`,
		}, []string{"\t", "back\n"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(tt.r, TextOptions{})
			rest := got
			for _, w := range tt.want {
				i := strings.Index(rest, w)
				require.GreaterOrEqual(t, i, 0, "missing (or out of order) %q in\n%s", w, got)
				rest = rest[i+len(w):]
			}
			for _, a := range tt.absent {
				assert.NotContains(t, got, a)
			}
			assert.True(t, strings.HasSuffix(got, "\n"))
		})
	}
}

func TestTextColor(t *testing.T) {
	tests := []struct {
		name  string
		color bool
	}{{"plain", false}, {"color", true}}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Text(lasso(), TextOptions{Color: tt.color})
			if !tt.color {
				assert.NotContains(t, got, "\x1b[")
				return
			}
			assert.Contains(t, got, "mutex            "+ansiGreen+"holds"+ansiReset+"\n")
			assert.Contains(t, got, "starvation       "+ansiRed+"violated"+ansiReset+"  P[0] is trying")
			assert.Contains(t, got, "starvation "+ansiRed+"violated"+ansiReset+": P[0]")
			// Without the escape codes the report is the plain one.
			plain := strings.NewReplacer(ansiGreen, "", ansiRed, "", ansiYellow, "", ansiReset, "").Replace(got)
			assert.Equal(t, Text(lasso(), TextOptions{}), plain)
		})
	}
	unknown := Text(limited(), TextOptions{Color: true, Quiet: true})
	assert.Contains(t, unknown, ansiYellow+"unknown"+ansiReset)
}

func TestStatsLine(t *testing.T) {
	tests := []struct {
		name     string
		s        checker.Stats
		extended bool
		want     string
	}{
		{"plain", checker.Stats{States: 2048, Transitions: 4096, Depth: 12, Elapsed: 1500 * time.Millisecond,
			Complete: true, BytesPerState: 512}, false,
			"states 2048  transitions 4096  depth 12  time 1.500s  memory 1.0 MiB"},
		{"extended", checker.Stats{States: 3000, Transitions: 1, Depth: 1, Elapsed: 1500 * time.Millisecond,
			Complete: true, BytesPerState: 10, StateBytes: 6, PeakMemory: 3 << 30}, true,
			"states 3000  transitions 1  depth 1  time 1.500s  memory 29.3 KiB  states/s 2000  bytes/state 10.0  state size 6 B  peak memory 3.0 GiB"},
		{"liveness", checker.Stats{States: 4000, Transitions: 9000, Depth: 5, Elapsed: 2 * time.Second,
			Complete: true, BytesPerState: 16, StateBytes: 8, KeyBytes: 4, PeakMemory: 1 << 20,
			Liveness: 750 * time.Millisecond, GraphBytes: 72000, GraphBytesPerState: 18}, true,
			"states 4000  transitions 9000  depth 5  time 2.000s  memory 62.5 KiB  states/s 2000  bytes/state 16.0  " +
				"state size 8 B (stored in 4 B)  peak memory 1.0 MiB  liveness 0.750s  graph 70.3 KiB (18.0 B/state)"},
		{"liveness, plain", checker.Stats{States: 4000, Elapsed: 2 * time.Second, Complete: true,
			Liveness: 750 * time.Millisecond, GraphBytes: 72000, GraphBytesPerState: 18}, false,
			"states 4000  transitions 0  depth 0  time 2.000s  memory 0 B"},
		{"no time", checker.Stats{States: 1, Complete: true}, true,
			"states 1  transitions 0  depth 0  time 0.000s  memory 0 B  states/s -  bytes/state 0.0  state size 0 B  peak memory 0 B"},
		{"timeout", checker.Stats{States: 7, Limit: "timeout"}, false,
			"states 7  transitions 0  depth 0  time 0.000s  memory 0 B  (incomplete: timeout limit reached)"},
		{"stopped", checker.Stats{States: 7}, false,
			"states 7  transitions 0  depth 0  time 0.000s  memory 0 B  (incomplete)"},
		{"cancelled", checker.Stats{States: 7, Limit: "cancelled"}, false,
			"states 7  transitions 0  depth 0  time 0.000s  memory 0 B  (incomplete: the run was cancelled)"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, statsLine(tt.s, tt.extended))
		})
	}
}

func TestAlign(t *testing.T) {
	tests := []struct {
		name  string
		rows  [][]string
		right map[int]bool
		want  []string
	}{
		{"left", [][]string{{"a", "bb", ""}, {"ccc", "d", "e"}}, nil, []string{"a    bb", "ccc  d   e"}},
		{"right", [][]string{{"1", "x"}, {"10", "y"}}, map[int]bool{0: true}, []string{" 1  x", "10  y"}},
		{"runes", [][]string{{"é", "x"}, {"ab", "y"}}, nil, []string{"é   x", "ab  y"}},
		{"control", [][]string{{"a\tb", "c"}}, nil, []string{"a b  c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, align(tt.rows, tt.right))
		})
	}
}

func TestBytesText(t *testing.T) {
	tests := []struct {
		n    float64
		want string
	}{{0, "0 B"}, {1023, "1023 B"}, {1024, "1.0 KiB"}, {1536, "1.5 KiB"}, {5 << 20, "5.0 MiB"}, {1 << 40, "1.0 TiB"}}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			assert.Equal(t, tt.want, bytesText(tt.n))
		})
	}
}

func TestTextNil(t *testing.T) {
	assert.Empty(t, Text(nil, TextOptions{}))
}
