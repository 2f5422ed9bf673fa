package promela_test

import (
	"fmt"
	"math/rand/v2"
)

// genChan is a channel of a generated model: messages 0..hi (pairs of them
// when pair), capacity cap (0 unbuffered), an array of two when arr.
type genChan struct {
	name  string
	cap   int
	hi    int
	pair  bool
	arr   bool
	lossy bool
}

// channels declares, in one model of four, one to three channels, drawn
// from r: unbuffered and buffered (sometimes lossy), some of pairs, some
// arrays of two (mailboxes).
func (g *gen) channels(r *rand.Rand) {
	if r.IntN(4) != 0 {
		return
	}
	for i := range 1 + r.IntN(3) {
		c := genChan{name: fmt.Sprintf("c%d", i), cap: r.IntN(3), hi: 1 + r.IntN(2)}
		c.pair = r.IntN(5) == 0
		c.arr = r.IntN(5) == 0
		c.lossy = c.cap > 0 && r.IntN(5) == 0
		typ := fmt.Sprintf("0..%d", c.hi)
		if c.pair {
			typ = fmt.Sprintf("(0..%d, 0..%d)", c.hi, c.hi)
		}
		capacity, lossy := "", ""
		switch {
		case c.arr:
			capacity = fmt.Sprintf("[2][%d]", c.cap)
		case c.cap > 0:
			capacity = fmt.Sprintf("[%d]", c.cap)
		}
		if c.lossy {
			lossy = " lossy"
		}
		g.printf("chan %s%s: %s%s\n", c.name, capacity, typ, lossy)
		g.chans = append(g.chans, c)
	}
}

// ch is a channel to communicate on, as written, and the channel.
func (g *gen) ch() (string, genChan) {
	c := g.chans[g.r.IntN(len(g.chans))]
	if !c.arr {
		return c.name, c
	}
	if g.index && g.r.IntN(2) == 0 {
		return c.name + "[i]", c
	}
	return fmt.Sprintf("%s[%d]", c.name, g.r.IntN(2)), c
}

// send is a send on a random channel: c <- v or c <- (v, w).
func (g *gen) send() string {
	name, c := g.ch()
	if c.pair {
		return fmt.Sprintf("%s <- (%s, %s)", name, g.value("0", c.hi), g.value("0", c.hi))
	}
	return fmt.Sprintf("%s <- %s", name, g.value("0", c.hi))
}

// recv is a receive on a random channel, into locations or discarded.
func (g *gen) recv() string {
	name, c := g.ch()
	switch {
	case g.r.IntN(5) == 0:
		return "<-" + name
	case c.pair:
		a, _ := g.loc()
		b, _ := g.loc()
		return fmt.Sprintf("(%s, %s) = <-%s", a, b, name)
	}
	l, _ := g.loc()
	return fmt.Sprintf("%s = <-%s", l, name)
}

// comm writes a send, a receive or a select.
func (g *gen) comm(deep bool) {
	switch k := g.r.IntN(5); {
	case k < 2:
		g.printf("%s\n", g.send())
	case k < 4 || !deep:
		g.printf("%s\n", g.recv())
	default:
		g.printf("select {\n")
		for range 1 + g.r.IntN(2) {
			if g.r.IntN(2) == 0 {
				g.printf("case %s:\n", g.send())
			} else {
				g.printf("case %s:\n", g.recv())
			}
			g.block(g.r.IntN(2))
		}
		if g.r.IntN(3) == 0 {
			g.printf("default:\n")
			g.block(1)
		}
		g.printf("}\n")
	}
}

// lenCond is a test of the number of messages in a channel.
func (g *gen) lenCond() string {
	name, c := g.ch()
	op := []string{"==", "!=", "<", ">="}[g.r.IntN(4)]
	return fmt.Sprintf("len(%s) %s %d", name, op, g.r.IntN(max(c.cap, 1)+1))
}
