package explorer

import "bytes"

// maxTieOrders is the most orderings of equal instances that Canon tries for
// one state; past it, equal instances keep their order (still a state of the
// same orbit, so still sound, only less reduced).
const maxTieOrders = 720

// Canon turns states into canonical representatives under a Symmetry: the
// instances of each reduced array sorted by their own bytes (program counter,
// block status, locals, elements of the arrays they index), and, among the
// orderings of instances whose bytes are equal, the one that gives the
// smallest state, so that every state of an orbit has the same
// representative. A Canon is for one goroutine; it allocates nothing per
// state.
type Canon struct {
	sym *Symmetry
	// perm[q] is the process whose part moves to process q; inv its inverse.
	perm, inv []int
	// runs are the tied stretches of perm, [lo, hi).
	runs       [][2]int
	cand, best []byte
}

// NewCanon returns a Canon for s.
func (s *Symmetry) NewCanon() *Canon {
	return &Canon{
		sym:  s,
		perm: make([]int, s.procs),
		inv:  make([]int, s.procs),
		runs: make([][2]int, 0, s.procs),
		cand: make([]byte, s.size),
		best: make([]byte, s.size),
	}
}

// less reports whether instance a of g sorts before instance b in s; equal
// tells that their bytes are the same.
func (g *symGroup) cmp(s []byte, a, b int) int {
	for _, f := range g.fields {
		x, y := f.off+a*f.stride, f.off+b*f.stride
		if c := bytes.Compare(s[x:x+f.width], s[y:y+f.width]); c != 0 {
			return c
		}
	}
	return 0
}

// Apply returns the canonical representative of s, in a buffer of the Canon
// that the next call overwrites. s is not modified.
func (c *Canon) Apply(s []byte) []byte {
	for q := range c.perm {
		c.perm[q] = q
	}
	c.runs = c.runs[:0]
	orders := 1
	for gi := range c.sym.groups {
		g := &c.sym.groups[gi]
		p := c.perm[g.base : g.base+g.n]
		for i := range p {
			p[i] = i
		}
		for i := 1; i < len(p); i++ {
			for j := i; j > 0 && g.cmp(s, p[j], p[j-1]) < 0; j-- {
				p[j], p[j-1] = p[j-1], p[j]
			}
		}
		for lo := 0; lo < len(p); {
			hi := lo + 1
			for hi < len(p) && g.cmp(s, p[lo], p[hi]) == 0 {
				hi++
			}
			if hi-lo > 1 && len(c.sym.pidBytes) > 0 {
				c.runs = append(c.runs, [2]int{g.base + lo, g.base + hi})
				for f := 2; f <= hi-lo; f++ {
					orders *= f
				}
			}
			lo = hi
		}
		for i := range p {
			p[i] += g.base
		}
	}
	if orders > maxTieOrders {
		c.runs = c.runs[:0]
	}
	c.build(s, c.best)
	for c.next() {
		c.build(s, c.cand)
		if bytes.Compare(c.cand, c.best) < 0 {
			c.cand, c.best = c.best, c.cand
		}
	}
	return c.best
}

// build writes s with the processes moved by c.perm into t.
func (c *Canon) build(s, t []byte) {
	copy(t, s)
	for q, p := range c.perm {
		c.inv[p] = q
	}
	for gi := range c.sym.groups {
		g := &c.sym.groups[gi]
		for k := range g.n {
			from := c.perm[g.base+k] - g.base
			if from == k {
				continue
			}
			for _, f := range g.fields {
				copy(t[f.off+k*f.stride:f.off+k*f.stride+f.width], s[f.off+from*f.stride:])
			}
		}
	}
	for _, o := range c.sym.pidBytes {
		if b := s[o]; b != 0 {
			t[o] = byte(c.inv[b-1] + 1)
		}
	}
}

// next moves c.perm to the next ordering of the tied runs, odometer-wise;
// false when every ordering has been tried (perm is then back to the first).
func (c *Canon) next() bool {
	for r := len(c.runs) - 1; r >= 0; r-- {
		if nextPermutation(c.perm[c.runs[r][0]:c.runs[r][1]]) {
			return true
		}
	}
	return false
}

// nextPermutation rearranges p into the next permutation in lexicographic
// order; at the last one it sorts p back and returns false.
func nextPermutation(p []int) bool {
	i := len(p) - 2
	for i >= 0 && p[i] >= p[i+1] {
		i--
	}
	if i < 0 {
		for a, b := 0, len(p)-1; a < b; a, b = a+1, b-1 {
			p[a], p[b] = p[b], p[a]
		}
		return false
	}
	j := len(p) - 1
	for p[j] <= p[i] {
		j--
	}
	p[i], p[j] = p[j], p[i]
	for a, b := i+1, len(p)-1; a < b; a, b = a+1, b-1 {
		p[a], p[b] = p[b], p[a]
	}
	return true
}

// Unreduced counts the states of the orbits of the states in st, each stored
// once per orbit by a search under s: the number of states a search without
// reduction stores. An orbit has |G| / |stabilizer| states; the permutations
// that leave a representative unchanged only exchange instances whose bytes
// are equal, so only those are tried, and only when process numbers are
// stored (else they all leave it unchanged). It gives up, returning 0, when
// a state has more than budget such permutations, or |G| passes 10^15.
func (s *Symmetry) Unreduced(st *Store, budget int) int64 {
	order := int64(1)
	for _, g := range s.groups {
		for f := 2; f <= g.n; f++ {
			order *= int64(f)
			if order > 1e15 {
				return 0
			}
		}
	}
	c := s.NewCanon()
	var total int64
	var rep []byte
	for id := range StateID(st.Len()) {
		rep = st.Load(id, rep)
		for q := range c.perm {
			c.perm[q] = q
		}
		c.runs = c.runs[:0]
		ties := int64(1)
		for gi := range s.groups {
			g := &s.groups[gi]
			for lo := 0; lo < g.n; {
				hi := lo + 1
				for hi < g.n && g.cmp(rep, lo, hi) == 0 {
					hi++
				}
				for f := 2; f <= hi-lo; f++ {
					ties *= int64(f)
				}
				if hi-lo > 1 {
					c.runs = append(c.runs, [2]int{g.base + lo, g.base + hi})
				}
				lo = hi
			}
		}
		fixed := ties
		if len(s.pidBytes) > 0 && ties > 1 {
			if ties > int64(budget) {
				return 0
			}
			fixed = 0
			for ok := true; ok; ok = c.next() {
				c.build(rep, c.cand)
				if bytes.Equal(c.cand, rep) {
					fixed++
				}
			}
		}
		total += order / fixed
	}
	return total
}
