package promela_test

import (
	"fmt"
	"math/rand/v2"
	"strings"
)

// gen writes a random model in the subset the export covers: a few shared
// variables, semaphores of the three kinds, a mutex, and processes (arrays,
// single and daemon; endless and terminating) built from assignments,
// awaits, asserts, if, while, for, either and atomic; some processes have
// the shape of a lock (noncritical, entry, critical, exit) and the model then
// checks progress and starvation.
// About one model in four also has channels (gen_chan_test.go).
// Values may leave their ranges: run-time errors are compared too.
type gen struct {
	r *rand.Rand
	b strings.Builder
	// chans are the channels; chosen by a stream of their own, so that a
	// model without channels is the one its seed always gave.
	chans []genChan
	vars  []genVar
	sems  []string
	mutex bool
	local bool // the process being written has a local l: 0..2
	index bool // ... and an index i
	depth int
}

type genVar struct {
	name string
	hi   int // range 0..hi
	arr  int // array length, 0 for a scalar
}

// genModel is the model of seed.
func genModel(seed uint64) string {
	g := &gen{r: rand.New(rand.NewPCG(seed, 0x5eed))}
	g.printf("model g%d\n", seed)
	for i := range 1 + g.r.IntN(3) {
		v := genVar{name: fmt.Sprintf("x%d", i), hi: 1 + g.r.IntN(3)}
		if g.r.IntN(4) == 0 {
			v.arr = 2
			g.printf("var %s: [2]0..%d\n", v.name, v.hi)
		} else {
			g.printf("var %s: 0..%d = %d\n", v.name, v.hi, g.r.IntN(v.hi+1))
		}
		g.vars = append(g.vars, v)
	}
	for i := range g.r.IntN(3) {
		kind := []string{"", " fifo", " busy"}[g.r.IntN(3)]
		g.printf("sem s%d = %d%s\n", i, g.r.IntN(2), kind)
		g.sems = append(g.sems, fmt.Sprintf("s%d", i))
	}
	if g.r.IntN(3) == 0 {
		g.mutex = true
		g.printf("mutex m\n")
	}
	g.channels(rand.New(rand.NewPCG(seed, 0xc4a7)))
	crit := false
	for i := range 1 + g.r.IntN(3) {
		crit = g.process(i) || crit
	}
	if crit {
		g.printf("check progress\ncheck starvation\n")
	}
	return g.b.String()
}

func (g *gen) printf(format string, args ...any) { fmt.Fprintf(&g.b, format, args...) }

// process writes process n and reports whether it has a critical section.
func (g *gen) process(n int) bool {
	g.local, g.index = g.r.IntN(2) == 0, false
	daemon := ""
	if g.r.IntN(6) == 0 {
		daemon = "daemon "
	}
	if g.r.IntN(2) == 0 {
		g.index = true
		g.printf("%sprocess P%d[i in 0..1] {\n", daemon, n)
	} else {
		g.printf("%sprocess Q%d {\n", daemon, n)
	}
	if g.local {
		g.printf("var l: 0..2 = 0\n")
	}
	g.depth = 0
	crit := false
	switch g.r.IntN(3) {
	case 0:
		g.block(2 + g.r.IntN(4))
	case 1:
		g.printf("loop {\n")
		g.block(2 + g.r.IntN(3))
		g.printf("}\n")
	default:
		// The shape of a lock: noncritical, entry, critical, exit.
		crit = true
		enter, exit := "", ""
		switch k := g.r.IntN(3); {
		case k == 0 && g.mutex:
			enter, exit = "lock(m)", "unlock(m)"
		case k == 1 && len(g.sems) > 0:
			sem := g.sems[g.r.IntN(len(g.sems))]
			enter, exit = "down("+sem+")", "up("+sem+")"
		}
		g.printf("loop {\nnoncritical\n")
		if enter != "" {
			g.printf("%s\n", enter)
		} else {
			g.block(1 + g.r.IntN(2))
		}
		g.printf("critical {\n")
		g.block(1)
		g.printf("}\n")
		if exit != "" {
			g.printf("%s\n", exit)
		} else {
			g.block(1 + g.r.IntN(2))
		}
		g.printf("}\n")
	}
	g.printf("}\n")
	return crit
}

func (g *gen) block(n int) {
	for range n {
		g.stmt()
	}
}

// loc is an assignable location and its upper bound.
func (g *gen) loc() (string, int) {
	if g.local && g.r.IntN(4) == 0 {
		return "l", 2
	}
	v := g.vars[g.r.IntN(len(g.vars))]
	if v.arr == 0 {
		return v.name, v.hi
	}
	if g.index && g.r.IntN(2) == 0 {
		return v.name + "[i]", v.hi
	}
	return fmt.Sprintf("%s[%d]", v.name, g.r.IntN(v.arr)), v.hi
}

// value is an expression to assign to a location of range 0..hi: mostly in
// range, sometimes not.
func (g *gen) value(loc string, hi int) string {
	switch g.r.IntN(12) {
	case 0, 1, 2:
		return fmt.Sprint(g.r.IntN(hi + 1))
	case 3:
		return loc + " + 1"
	case 4:
		o, _ := g.loc()
		return o
	case 5, 6:
		if g.index {
			return "i"
		}
		return "1"
	default:
		return fmt.Sprintf("(%s + 1) %% %d", loc, hi+1)
	}
}

func (g *gen) cond() string {
	if len(g.chans) > 0 && g.r.IntN(6) == 0 {
		return g.lenCond()
	}
	l, hi := g.loc()
	op := []string{"==", "!=", "<", ">="}[g.r.IntN(4)]
	c := fmt.Sprintf("%s %s %d", l, op, g.r.IntN(hi+1))
	switch g.r.IntN(6) {
	case 0:
		return c + " && " + g.cond()
	case 1:
		return "!(" + c + ") || " + g.cond()
	}
	return c
}

func (g *gen) assign() {
	l, hi := g.loc()
	switch g.r.IntN(10) {
	case 0:
		g.printf("%s++\n", l)
	case 1:
		g.printf("%s--\n", l)
	default:
		g.printf("%s = %s\n", l, g.value(l, hi))
	}
}

func (g *gen) stmt() {
	g.depth++
	defer func() { g.depth-- }()
	deep := g.depth < 3
	if len(g.chans) > 0 && g.r.IntN(4) == 0 {
		g.comm(deep)
		return
	}
	switch k := g.r.IntN(16); {
	case k < 4:
		g.assign()
	case k == 4:
		g.printf("await %s\n", g.cond())
	case k == 5:
		g.printf("assert %s || %s\n", g.cond(), g.cond())
	case k == 6 && deep:
		g.printf("if %s {\n", g.cond())
		g.block(1 + g.r.IntN(2))
		if g.r.IntN(2) == 0 {
			g.printf("} else {\n")
			g.block(1 + g.r.IntN(2))
		}
		g.printf("}\n")
	case k == 7 && deep:
		g.printf("while %s {\n", g.cond())
		g.block(1 + g.r.IntN(2))
		g.printf("}\n")
	case k == 8 && deep:
		g.printf("either {\n")
		g.block(1 + g.r.IntN(2))
		g.printf("} or {\n")
		g.block(1 + g.r.IntN(2))
		g.printf("}\n")
	case k == 9:
		g.printf("atomic {\n")
		if g.r.IntN(2) == 0 {
			g.printf("await %s\n", g.cond())
		}
		for range 1 + g.r.IntN(2) {
			if g.r.IntN(3) == 0 {
				g.printf("if %s { ", g.cond())
				g.assign()
				g.printf("}\n")
			} else {
				g.assign()
			}
		}
		g.printf("}\n")
	case k == 10 && len(g.sems) > 0:
		g.printf("down(%s)\n", g.sems[g.r.IntN(len(g.sems))])
	case k == 11 && len(g.sems) > 0:
		g.printf("up(%s)\n", g.sems[g.r.IntN(len(g.sems))])
	case k == 12 && g.mutex:
		if g.r.IntN(2) == 0 {
			g.printf("lock(m)\n")
		} else {
			g.printf("unlock(m)\n")
		}
	case k == 14:
		g.printf("noncritical\n")
	case k == 15 && deep:
		g.printf("for j in 0..1 {\n")
		g.block(1)
		g.printf("}\n")
	default:
		g.printf("skip\n")
	}
}
