package checker_test

import (
	"context"
	"fmt"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang"
)

// symGen writes random models with an array of identical processes: shared
// scalars, an array indexed by the process index, a local, a mutex and a
// semaphore, and statements that keep the instances interchangeable, with
// now and then one that does not (the index in arithmetic, stored, or an
// instance named), so that both sides of the detection are exercised.
type symGen struct {
	r       *rand.Rand
	b       strings.Builder
	n       int
	scalars int
	mutex   bool
	sem     bool
	local   bool
	depth   int
	broken  bool
	// critical is set inside a critical block.
	critical bool
}

func symModel(seed uint64) string {
	g := &symGen{r: rand.New(rand.NewPCG(seed, 0x5e77))}
	g.n = 2 + g.r.IntN(2)
	g.scalars = 1 + g.r.IntN(2)
	g.printf("model s%d\n", seed)
	for k := range g.scalars {
		g.printf("var x%d: 0..3 = %d\n", k, g.r.IntN(2))
	}
	g.printf("var f: [%d]0..2\n", g.n)
	if g.mutex = g.r.IntN(2) == 0; g.mutex {
		g.printf("mutex m\n")
	}
	if g.sem = g.r.IntN(2) == 0; g.sem {
		g.printf("sem s = 1%s\n", []string{"", " fifo", " busy"}[g.r.IntN(3)])
	}
	g.printf("process P[i in 0..%d] {\n", g.n-1)
	if g.local = g.r.IntN(2) == 0; g.local {
		g.printf("var l: 0..2\n")
	}
	body := g.block(2 + g.r.IntN(3))
	if g.r.IntN(2) == 0 {
		g.printf("loop {\n%s}\n", body)
	} else {
		g.printf("%s", body)
	}
	g.printf("}\n")
	if g.r.IntN(3) == 0 {
		g.printf("process Q {\n%s}\n", g.single())
	}
	switch g.r.IntN(4) {
	case 0:
		g.printf("check invariant x0 <= %d\n", 1+g.r.IntN(3))
	case 1:
		g.printf("check invariant forall j in 0..%d: f[j] <= %d\n", g.n-1, 1+g.r.IntN(2))
	case 2:
		g.printf("check invariant f[0] <= 1\n")
	}
	return g.b.String()
}

func (g *symGen) printf(format string, args ...any) { fmt.Fprintf(&g.b, format, args...) }

func (g *symGen) block(n int) string {
	var b strings.Builder
	for range n {
		b.WriteString(g.stmt())
	}
	return b.String()
}

func (g *symGen) scalar() string { return fmt.Sprintf("x%d", g.r.IntN(g.scalars)) }

// value is an expression that a permutation of the instances leaves alone.
func (g *symGen) value() string {
	switch g.r.IntN(6) {
	case 0:
		return fmt.Sprint(g.r.IntN(3))
	case 1:
		return g.scalar()
	case 2:
		return g.scalar() + " + 1"
	case 3:
		if g.local {
			return "l"
		}
	}
	return "f[i]"
}

func (g *symGen) cond() string {
	ops := []string{"==", "!=", "<", ">="}
	return g.value() + " " + ops[g.r.IntN(len(ops))] + " " + fmt.Sprint(g.r.IntN(3))
}

func (g *symGen) stmt() string {
	if g.r.IntN(12) == 0 {
		g.broken = true
		return []string{
			g.scalar() + " = i\n",
			fmt.Sprintf("f[%d] = 1\n", g.r.IntN(g.n)),
			fmt.Sprintf("f[i] = f[(i + 1) %% %d]\n", g.n),
			"if i == 1 { " + g.scalar() + " = 2 }\n",
		}[g.r.IntN(4)]
	}
	g.depth++
	defer func() { g.depth-- }()
	deep := g.depth < 3
	switch k := g.r.IntN(12); {
	case k == 0 && deep:
		return "if " + g.cond() + " {\n" + g.block(1+g.r.IntN(2)) + "} else {\n" + g.block(1) + "}\n"
	case k == 1:
		return "atomic {\n" + g.assign() + g.assign() + "}\n"
	case k == 2 && deep && g.mutex:
		return "lock(m)\n" + g.block(1+g.r.IntN(2)) + "unlock(m)\n"
	case k == 3 && deep && g.sem:
		return "down(s)\n" + g.block(1+g.r.IntN(2)) + "up(s)\n"
	case k == 4 && deep && !g.critical:
		g.critical = true
		defer func() { g.critical = false }()
		return "critical {\n" + g.block(1) + "}\n"
	case k == 5:
		return "await " + g.cond() + "\n"
	case k == 9 && g.local:
		// a loop on the local alone: steps no other process can see
		return "l = 0\nwhile l < 2 {\nl = l + 1\n}\n"
	case k == 6:
		return "assert " + g.cond() + "\n"
	}
	return g.assign()
}

// assign is an assignment that keeps the instances interchangeable.
func (g *symGen) assign() string {
	switch g.r.IntN(3) {
	case 0:
		return fmt.Sprintf("f[i] = %d\n", g.r.IntN(3))
	case 1:
		if g.local {
			return fmt.Sprintf("l = %d\n", g.r.IntN(3))
		}
	}
	return g.scalar() + " = " + g.value() + "\n"
}

// single is the body of a process outside the array.
func (g *symGen) single() string {
	switch g.r.IntN(5) {
	case 0:
		g.broken = true
		return "await f[0] == 1\nx0 = 0\n"
	case 2:
		// a process that may spin on its locals for ever
		return "var k: 0..1\nloop {\neither { k = 1 - k } or { x0 = 3 }\n}\n"
	case 3:
		return "var k: 0..1\nloop {\nk = 1 - k\n}\n"
	case 1:
		return "await max(f) == 2\nx0 = 1\n"
	}
	return "loop {\nawait " + g.scalar() + " > 1\n" + g.scalar() + " = 0\n}\n"
}

// TestReductionRandom checks random models with and without reduction: the
// same verdicts, messages and traces, the orbits counting the full state
// space, and the same result for one worker and two.
func TestReductionRandom(t *testing.T) {
	runs, reduced, broken, retraced, partial := 0, 0, 0, 0, 0
	for seed := range uint64(150) {
		src := symModel(seed)
		p, err := lang.Compile(lang.File{Name: "g.ilv", Text: []byte(src)}, lang.Options{})
		require.NoError(t, err, src)
		for _, first := range []bool{false, true} {
			opts := checker.Options{Workers: 1, StopAtFirst: first, MaxStates: 100_000}
			none, err := checker.Run(context.Background(), p, opts)
			require.NoError(t, err)
			if !none.Stats.Complete && !first {
				break
			}
			opts.Reduce = checker.ReduceAll
			all, err := checker.Run(context.Background(), p, opts)
			require.NoError(t, err)
			runs++
			opts.Reduce = checker.ReducePOR
			por, err := checker.Run(context.Background(), p, opts)
			require.NoError(t, err)
			assert.Equal(t, none.Checks, por.Checks, "seed %d stop at first %v, partial order\n%s", seed, first, src)
			if slices.Contains(por.Stats.Reduction.Applied, "por") && por.Stats.States < none.Stats.States {
				partial++
			}
			opts.Reduce = checker.ReduceAll
			if !assert.Equal(t, none.Checks, all.Checks, "seed %d stop at first %v\n%s", seed, first, src) {
				continue
			}
			red := all.Stats.Reduction
			if !slices.Contains(red.Applied, "symmetry") {
				broken++
				if len(red.Applied) == 0 {
					assert.Equal(t, none.Stats.States, all.Stats.States, "seed %d", seed)
				}
				continue
			}
			reduced++
			if red.RetraceStates > 0 {
				retraced++
			}
			if all.Stats.Complete {
				assert.Equal(t, none.Stats.States, red.Unreduced, "seed %d: states without reduction\n%s", seed, src)
			}
			opts.Workers = 2
			two, err := checker.Run(context.Background(), p, opts)
			require.NoError(t, err)
			assert.Equal(t, all.Checks, two.Checks, "seed %d: two workers", seed)
			assert.Equal(t, all.Stats.States, two.Stats.States, "seed %d: two workers", seed)
		}
	}
	t.Logf("%d runs, %d reduced by symmetry (%d with traces searched again), %d not; %d reduced by partial order alone", runs, reduced, retraced, broken, partial)
	assert.Greater(t, reduced, runs/3, "most random models are symmetric")
	assert.Greater(t, broken, runs/10, "some random models are not")
	assert.Greater(t, retraced, reduced/10, "some reduced models have counterexamples")
	assert.Greater(t, partial, runs/4, "partial-order reduction applies to many")
}
