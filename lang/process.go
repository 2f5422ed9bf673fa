package lang

import (
	"sort"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
	"github.com/interleave/interleave/lang/syntax"
)

// builtinRegions are the region names every model has.
var builtinRegions = map[string]bool{"critical": true, "end": true, "noncritical": true, "trying": true, "waiting": true}

// collectRegions creates the regions before any code is lowered, so that an
// expression may name a label or section that appears later: critical (only if
// the model has a critical block), the sections and labels in order of first
// appearance, then end, noncritical, trying and waiting.
func (c *compiler) collectRegions(f *syntax.File) {
	var named []*ir.Region
	kinds := map[string]ir.RegionKind{}
	hasCritical := false
	var walk func(b *syntax.Block)
	add := func(name string, kind ir.RegionKind, p source.Pos) {
		if builtinRegions[name] {
			c.errorf(p, "%s is the name of a built-in region", name)
			return
		}
		if k, ok := kinds[name]; ok {
			if k != kind {
				c.errorf(p, "%s names both a section and a label", name)
			}
			return
		}
		kinds[name] = kind
		named = append(named, &ir.Region{Name: name, Kind: kind})
	}
	walk = func(b *syntax.Block) {
		if b == nil {
			return
		}
		for _, s := range b.Stmts {
			if s.Label != nil {
				add(s.Label.Name, ir.RegionLabel, pos(s.Label.Pos))
			}
			switch {
			case s.If != nil:
				for i := s.If; i != nil; i = i.ElseIf {
					walk(i.Then)
					walk(i.Else)
				}
			case s.While != nil:
				walk(s.While.Body)
			case s.Loop != nil:
				walk(s.Loop.Body)
			case s.For != nil:
				walk(s.For.Body)
			case s.Either != nil:
				for _, a := range s.Either.Alts {
					walk(a)
				}
			case s.Block != nil:
				if s.Block.Kind == "critical" {
					hasCritical = true
				}
				walk(s.Block.Body)
			case s.Section != nil:
				add(s.Section.Name.Name, ir.RegionSection, pos(s.Section.Name.Pos))
				walk(s.Section.Body)
			case s.Select != nil:
				for _, cs := range s.Select.Cases {
					walk(&syntax.Block{Stmts: cs.Body})
				}
			}
		}
	}
	for _, d := range f.Decls {
		switch {
		case d.Process != nil:
			walk(d.Process.Body)
		case d.Proc != nil:
			walk(d.Proc.Body)
		case d.Monitor != nil:
			for _, it := range d.Monitor.Items {
				if it.Proc != nil {
					walk(it.Proc.Body)
				}
			}
		}
	}
	n := len(c.prog.Processes)
	newRegion := func(name string, kind ir.RegionKind) int {
		c.prog.Regions = append(c.prog.Regions, &ir.Region{Name: name, Kind: kind, PCs: make([][]int, n)})
		c.regions[name] = len(c.prog.Regions) - 1
		return len(c.prog.Regions) - 1
	}
	if hasCritical {
		c.critical = newRegion("critical", ir.RegionCritical)
	}
	for _, r := range named {
		newRegion(r.Name, r.Kind)
	}
	c.end = newRegion("end", ir.RegionEnd)
	c.noncrit = newRegion("noncritical", ir.RegionNoncritical)
	c.trying = newRegion("trying", ir.RegionTrying)
	c.waiting = newRegion("waiting", ir.RegionWaiting)
}

// lowerProcess lowers every instance of a process declaration.
func (c *compiler) lowerProcess(info *processInfo) {
	for k := 0; k < info.count; k++ {
		idx := info.base + k
		g := &gen{c: c, owner: idx, locals: map[*syntax.Name]*symbol{}, returns: [][]int{nil}}
		sc := newScope(c.global)
		if info.array {
			sc.names[info.decl.Index.Name] = &symbol{kind: symConst, name: info.decl.Index.Name, pos: pos(info.decl.Index.Pos), what: "process index", val: info.lo + int64(k)}
		}
		g.block(info.decl.Body, sc)
		g.patch(g.returns[0], len(g.nodes))
		g.atomic = 0
		g.step(&ir.Instr{Op: ir.OpEnd, Pos: pos(info.decl.Body.Pos), Text: "end"}, neverBlocks)
		inst := &instance{info: info}
		c.instances = append(c.instances, inst)
		c.finalize(g, idx, inst)
	}
}

// finalize turns an instance's nodes into its Code: jumps are followed to the
// step they lead to, steps are numbered with the entry first and OpEnd last,
// and the instance's program counters are added to the regions.
func (c *compiler) finalize(g *gen, idx int, inst *instance) {
	nodes := g.nodes
	end := len(nodes) - 1
	resolved := make([]int, len(nodes)+1)
	for i := range resolved {
		resolved[i] = -2 // not yet known
	}
	resolve := func(i int) int {
		if i < 0 || i > end {
			return end
		}
		var path []int
		onPath := map[int]bool{}
		for {
			if resolved[i] >= 0 {
				break
			}
			if !nodes[i].jump {
				resolved[i] = i
				break
			}
			if onPath[i] {
				reported := false
				for _, j := range path {
					if p := nodes[j].loopPos; p.IsValid() && !reported {
						c.errorf(p, "loop can go round without any step; add a statement such as skip or await")
						reported = true
					}
				}
				if !reported {
					c.errorf(c.prog.Processes[idx].Pos, "loop can go round without any step")
				}
				for _, j := range path {
					resolved[j] = end
				}
				return end
			}
			onPath[i] = true
			path = append(path, i)
			i = nodes[i].next
			if i < 0 || i > end {
				i = end
			}
		}
		for _, j := range path {
			resolved[j] = resolved[i]
		}
		return resolved[i]
	}
	entry := resolve(0)
	order := []int{}
	if entry != end {
		order = append(order, entry)
	}
	for i, n := range nodes[:end] {
		if !n.jump && i != entry {
			order = append(order, i)
		}
	}
	order = append(order, end)
	pcOf := make([]int, len(nodes))
	for i := range pcOf {
		pcOf[i] = -1
	}
	for pc, i := range order {
		pcOf[i] = pc
	}
	target := func(i int) int { return pcOf[resolve(i)] }
	code := make([]*ir.Instr, len(order))
	for pc, i := range order {
		n := nodes[i]
		in := n.in
		switch in.Op {
		case ir.OpEnd:
		case ir.OpEither:
			in.Alts = make([]int, len(n.alts))
			for k, a := range n.alts {
				in.Alts[k] = target(a)
			}
		case ir.OpSelect:
			for k, cs := range in.Cases {
				cs.Next = target(n.cases[k])
			}
			in.Default = -1
			if n.def >= 0 {
				in.Default = target(n.def)
			}
			// Next is not used by a select; it names a valid target.
			in.Next = in.Default
			if len(in.Cases) > 0 {
				in.Next = in.Cases[0].Next
			}
		default:
			in.Next = target(n.next)
			if in.Op == ir.OpBranch {
				in.Else = target(n.els)
			}
		}
		if in.Op == ir.OpAtomic && !code0InAtomic(nodes, resolve(n.next)) {
			c.errorf(in.Pos, "atomic block has no step")
		}
		code[pc] = in
	}
	proc := c.prog.Processes[idx]
	proc.Code = code
	add := func(r, pc int) { c.prog.Regions[r].PCs[idx] = append(c.prog.Regions[r].PCs[idx], pc) }
	critical := make([]bool, len(code))
	doorway := make([]bool, len(code))
	explicitDoorway := false
	for pc, i := range order {
		n := nodes[i]
		if n.critical && c.critical >= 0 {
			add(c.critical, pc)
			critical[pc] = true
			inst.hasCritical = true
		}
		if n.doorway {
			doorway[pc] = true
			explicitDoorway = true
		}
		for _, r := range uniqueInts(n.sections) {
			add(r, pc)
		}
		if ir.MayStay(code, pc) {
			// At noncritical, or at an either that may choose one and
			// stay: in the noncritical section either way.
			add(c.noncrit, pc)
			inst.hasNoncritical = true
		}
	}
	add(c.end, len(code)-1)
	for _, l := range g.labels {
		if pc := target(l.node); pc >= 0 {
			add(l.region, pc)
		}
	}
	for _, r := range c.prog.Regions {
		r.PCs[idx] = uniqueInts(r.PCs[idx])
	}
	if c.critical >= 0 {
		trying, waiting := phases(c.doorwayView(code), c.prog.Sems, critical, doorway, explicitDoorway)
		for pc := range code {
			if trying[pc] {
				add(c.trying, pc)
			}
			if waiting[pc] {
				add(c.waiting, pc)
			}
		}
	}
}

func code0InAtomic(nodes []*node, i int) bool {
	return i >= 0 && i < len(nodes) && !nodes[i].jump && nodes[i].in.InAtomic
}

// uniqueInts sorts and deduplicates a list of program counters.
func uniqueInts(xs []int) []int {
	if len(xs) == 0 {
		return xs
	}
	sort.Ints(xs)
	out := xs[:1]
	for _, x := range xs[1:] {
		if x != out[len(out)-1] {
			out = append(out, x)
		}
	}
	return out
}
