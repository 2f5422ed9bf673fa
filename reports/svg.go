package reports

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/interleave/interleave/checker"
)

// SVG geometry, in pixels. Text in the diagram is monospaced, so a label's
// width is its length times charW and the layout needs no font metrics.
const (
	svgMargin   = 16.0
	svgGutter   = 44.0 // the step numbers, left of the lanes
	svgGap      = 28.0 // between lanes
	svgMinLane  = 150.0
	svgMaxLane  = 360.0
	svgCharW    = 7.2 // monospace at 12px
	svgSmallW   = 6.0 // monospace at 10px
	svgLineH    = 15.0
	svgRowPad   = 12.0
	svgHeadH    = 30.0
	svgLoopW    = 56.0 // room right of the lanes for a lasso's back edge
	svgMaxVars  = 10   // columns of the variables table
	svgCellPadX = 10.0
)

// SVG colours.
const (
	svgInk       = "#222222"
	svgMuted     = "#666666"
	svgLaneLine  = "#bbbbbb"
	svgStepFill  = "#f4f7fb"
	svgStepLine  = "#7a8ca5"
	svgJoint     = "#1f5fbf"
	svgViolation = "#c0392b"
	svgNoteFill  = "#fde2e0"
	svgLoop      = "#1e8449"
	svgChanged   = "#fff3c4"
	// svgWitnessFill is the last state's note of a witness, which is no
	// violation.
	svgWitnessFill = "#e6f4ea"
	svgFont        = "DejaVu Sans Mono, Menlo, Consolas, monospace"
)

// SVG renders the counterexample of r.Checks[index] as a standalone SVG
// swim-lane diagram, laid out here without Graphviz: one column per process,
// one row per step in time order (the step number in the left margin), a joint
// step as an arrow across to its partner's lane, a lasso's cycle as a back edge
// labelled "repeats forever", the state that breaks the property as a
// highlighted note under the lanes saying where each process is, and right of
// the lanes a table of the variables the run changes, row by row, starting
// from their initial values. A bar on a lane's left edge marks when its
// process is in critical, one on its right edge when it is blocked. Long
// texts are shortened with "…" and given in full as tooltips. The output is
// the same bytes for the same Result.
//
// A bounded_waiting check that holds with a witness has that run drawn. It is
// an error to ask for a check that does not exist or has neither.
func SVG(r *checker.Result, index int) ([]byte, error) {
	if r == nil {
		return nil, errors.New("no result")
	}
	if index < 0 || index >= len(r.Checks) {
		return nil, fmt.Errorf("no check #%d: the result has %d", index, len(r.Checks))
	}
	c := &r.Checks[index]
	t := diagramTrace(c)
	if t == nil {
		return nil, fmt.Errorf("check %s has no counterexample", c.Name)
	}
	l := newSVGLayout(r, c, t)
	return []byte(l.render()), nil
}

// svgRow is the vertical place of one step.
type svgRow struct {
	y, h float64
}

// svgLayout is a diagram being laid out; x and y grow right and down.
type svgLayout struct {
	r     *checker.Result
	c     *checker.CheckResult
	t     *checker.Trace
	lanes int
	laneW float64
	rows  []svgRow
	vars  []string  // names of the table's columns
	varW  []float64 // their widths
	more  int       // changed variables left out of the table
	top   float64   // y of the lane headers
	body  float64   // y of the first row
	note  float64   // y of the breaking-state note
	noteH float64
	title []string // the explanation, wrapped
	b     strings.Builder
}

func newSVGLayout(r *checker.Result, c *checker.CheckResult, t *checker.Trace) *svgLayout {
	l := &svgLayout{r: r, c: c, t: t, lanes: processCount(r, t)}
	// Lane width: the widest label, within bounds.
	w := 0
	for p := range l.lanes {
		w = max(w, utf8.RuneCountInString(processName(r, p)))
	}
	for _, s := range t.Steps {
		w = max(w, utf8.RuneCountInString(stepHead(r, s)))
		// Small text is narrower: count it at its width.
		small := max(utf8.RuneCountInString(changesText(r, s.Changes)), utf8.RuneCountInString(s.Note))
		w = max(w, int(float64(small)*svgSmallW/svgCharW+1))
	}
	for _, ps := range t.Final {
		w = max(w, utf8.RuneCountInString(finalHead(r, ps)))
	}
	l.laneW = min(max(float64(w)*svgCharW+20, svgMinLane), svgMaxLane)
	// The variables table.
	for i, ch := range lastValues(t) {
		if i >= svgMaxVars {
			l.more++
			continue
		}
		n := utf8.RuneCountInString(ch.Name)
		for _, x := range t.Initial {
			if x.Name == ch.Name {
				n = max(n, utf8.RuneCountInString(valueText(r, x.Value)))
			}
		}
		for _, s := range t.Steps {
			for _, x := range s.Changes {
				if x.Name == ch.Name {
					n = max(n, utf8.RuneCountInString(valueText(r, x.Value)))
				}
			}
		}
		l.vars = append(l.vars, ch.Name)
		l.varW = append(l.varW, min(float64(n)*svgCharW, 160)+2*svgCellPadX)
	}
	l.title = wrap(sentence(diagramText(c)), int(max(l.lanesRight()-svgMargin, 400)/(svgCharW*1.05)))
	l.top = svgMargin + 26 + float64(len(l.title))*17 + 10
	l.body = l.top + svgHeadH + 14
	y := l.body
	for _, s := range t.Steps {
		lines := 1
		if len(s.Changes) > 0 {
			lines++
		}
		if s.Note != "" {
			lines++
		}
		h := float64(lines)*svgLineH + svgRowPad
		l.rows = append(l.rows, svgRow{y: y, h: h})
		y += h + 6
	}
	if len(t.Steps) == 0 {
		y += 6
	}
	if t.LoopStart > len(t.Steps) {
		y += 24 // "stays here forever"
	}
	l.note = y + 8
	l.noteH = 44 + 2*svgLineH
	return l
}

// laneX is the left edge of lane p.
func (l *svgLayout) laneX(p int) float64 {
	return svgMargin + svgGutter + float64(p)*(l.laneW+svgGap)
}

// lanesRight is the right edge of the last lane.
func (l *svgLayout) lanesRight() float64 { return l.laneX(l.lanes-1) + l.laneW }

// tableX is the left edge of the variables table.
func (l *svgLayout) tableX() float64 { return l.lanesRight() + svgLoopW }

func (l *svgLayout) width() float64 {
	w := l.tableX()
	for _, vw := range l.varW {
		w += vw
	}
	if l.more > 0 {
		w = max(w, l.tableX()+120)
	}
	return w + svgMargin
}

func (l *svgLayout) height() float64 { return l.note + l.noteH + svgMargin }

func (l *svgLayout) render() string {
	b := &l.b
	w, h := l.width(), l.height()
	fmt.Fprintf(b, `<svg xmlns="http://www.w3.org/2000/svg" width="%s" height="%s" viewBox="0 0 %s %s" font-family="%s" font-size="12">`+"\n",
		num(w), num(h), num(w), num(h), svgFont)
	fmt.Fprintf(b, "<title>%s</title>\n", xmlText(l.r.Model+": "+diagramTitle(l.r, l.c)))
	b.WriteString(`<defs>` +
		`<marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="` + svgJoint + `"/></marker>` +
		`<marker id="loop" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="8" markerHeight="8" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="` + svgLoop + `"/></marker>` +
		"</defs>\n")
	fmt.Fprintf(b, `<rect x="0" y="0" width="%s" height="%s" fill="white"/>`+"\n", num(w), num(h))
	l.header()
	l.lanesAndSteps()
	l.intervals()
	l.loop()
	l.table()
	l.breaking()
	b.WriteString("</svg>\n")
	return b.String()
}

// header writes the title, the explanation and the lane heads.
func (l *svgLayout) header() {
	b := &l.b
	fmt.Fprintf(b, `<text x="%s" y="%s" font-size="15" font-weight="bold" fill="%s">%s</text>`+"\n",
		num(svgMargin), num(svgMargin+14), svgInk, xmlText(l.r.Model+": "+diagramTitle(l.r, l.c)))
	color := svgViolation
	if l.c.Trace == nil {
		color = svgInk // a witness breaks nothing
	}
	for i, line := range l.title {
		fmt.Fprintf(b, `<text x="%s" y="%s" fill="%s">%s</text>`+"\n",
			num(svgMargin), num(svgMargin+36+float64(i)*17), color, xmlText(line))
	}
	fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="%s" font-size="10">step</text>`+"\n",
		num(svgMargin+svgGutter-10), num(l.top+svgHeadH/2+4), svgMuted)
	for p := range l.lanes {
		x := l.laneX(p)
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" rx="6" fill="%s" stroke="%s"/>`+"\n",
			num(x), num(l.top), num(l.laneW), num(svgHeadH), "#e8ecf2", svgStepLine)
		l.label(x+l.laneW/2, l.top+svgHeadH/2+4, "middle", "bold", svgInk, processName(l.r, p), l.laneW-10, svgCharW)
		fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-dasharray="4 4"/>`+"\n",
			num(x+l.laneW/2), num(l.top+svgHeadH), num(x+l.laneW/2), num(l.note), svgLaneLine)
	}
}

// lanesAndSteps writes one box per step in its process's lane, and for a
// joint step an arrow to a dashed box in the partner's lane.
func (l *svgLayout) lanesAndSteps() {
	b := &l.b
	t := l.t
	if len(t.Steps) == 0 {
		fmt.Fprintf(b, `<text x="%s" y="%s" fill="%s" font-style="italic">the initial state breaks the property</text>`+"\n",
			num(l.laneX(0)), num(l.body+4), svgMuted)
	}
	for i, s := range t.Steps {
		row := l.rows[i]
		p := clampLane(s.Process, l.lanes)
		x := l.laneX(p)
		fmt.Fprintf(b, `<text x="%s" y="%s" text-anchor="end" fill="%s">%d</text>`+"\n",
			num(svgMargin+svgGutter-10), num(row.y+svgLineH), svgMuted, s.Number)
		fmt.Fprintf(b, `<g><title>%s</title>`, xmlText(stepTooltip(l.r, s)))
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" rx="5" fill="%s" stroke="%s"/>`,
			num(x), num(row.y), num(l.laneW), num(row.h), svgStepFill, svgStepLine)
		y := row.y + svgLineH
		l.label(x+8, y, "start", "", svgInk, stepHead(l.r, s), l.laneW-16, svgCharW)
		if len(s.Changes) > 0 {
			y += svgLineH
			l.small(x+8, y, "#7a5a00", changesText(l.r, s.Changes), l.laneW-16, false)
		}
		if s.Note != "" {
			y += svgLineH
			l.small(x+8, y, svgJoint, s.Note, l.laneW-16, true)
		}
		b.WriteString("</g>\n")
		if s.Partner >= 0 && s.Partner < l.lanes && s.Partner != p {
			l.joint(s, p, row)
		}
	}
	if t.LoopStart > len(t.Steps) {
		y := l.note - 14
		fmt.Fprintf(b, `<text x="%s" y="%s" fill="%s" font-weight="bold">↻ %s</text>`+"\n",
			num(l.laneX(0)), num(y), svgLoop, xmlText(loopText(t)))
	}
}

// joint writes the arrow of a joint step from lane p to the partner's lane.
func (l *svgLayout) joint(s checker.Step, p int, row svgRow) {
	b := &l.b
	q := s.Partner
	bw := min(l.laneW*0.8, 150)
	bx := l.laneX(q) + (l.laneW-bw)/2
	by := row.y + 4
	bh := row.h - 8
	fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" rx="5" fill="white" stroke="%s" stroke-dasharray="5 3"/>`+"\n",
		num(bx), num(by), num(bw), num(bh), svgJoint)
	label := s.PartnerNote
	if label == "" {
		label = "with " + processName(l.r, p)
	}
	l.small(bx+bw/2, by+bh/2+4, svgJoint, label, bw-8, true, "middle")
	y := row.y + row.h/2
	x1, x2 := l.laneX(p)+l.laneW, bx
	if q < p {
		x1, x2 = l.laneX(p), bx+bw
	}
	fmt.Fprintf(b, `<line x1="%s" y1="%s" x2="%s" y2="%s" stroke="%s" stroke-width="1.6" marker-end="url(#arrow)"/>`+"\n",
		num(x1), num(y), num(x2), num(y), svgJoint)
}

// loop writes a lasso's back edge from the last step to the cycle's first,
// right of the lanes.
func (l *svgLayout) loop() {
	t := l.t
	if t.LoopStart <= 0 || t.LoopStart > len(t.Steps) {
		return
	}
	b := &l.b
	from, to := l.rows[len(l.rows)-1], l.rows[t.LoopStart-1]
	xr := l.lanesRight()
	xo := xr + svgLoopW*0.45
	y1, y2 := from.y+from.h/2, to.y+to.h/2
	fmt.Fprintf(b, `<path d="M%s,%s H%s V%s H%s" fill="none" stroke="%s" stroke-width="2" marker-end="url(#loop)"/>`+"\n",
		num(xr+2), num(y1), num(xo), num(y2), num(xr+4), svgLoop)
	mid := (y1 + y2) / 2
	fmt.Fprintf(b, `<text x="%s" y="%s" fill="%s" font-size="11" font-weight="bold" text-anchor="middle" transform="rotate(-90 %s %s)">repeats forever</text>`+"\n",
		num(xo+12), num(mid), svgLoop, num(xo+12), num(mid))
	// A bracket in the gutter marks the cycle's rows too.
	gx := svgMargin + 4
	fmt.Fprintf(b, `<path d="M%s,%s h-4 V%s h4" fill="none" stroke="%s" stroke-width="2"/>`+"\n",
		num(gx+6), num(to.y+2), num(from.y+from.h-2), svgLoop)
}

// table writes the variables the run changes: one column per variable, one
// cell per step; a cell is highlighted where the step changes it and shows
// the value it keeps elsewhere (its initial value before its first change).
func (l *svgLayout) table() {
	if len(l.vars) == 0 {
		return
	}
	b := &l.b
	x := l.tableX()
	col := make(map[string]int, len(l.vars))
	xs := make([]float64, len(l.vars))
	for i, name := range l.vars {
		col[name] = i
		xs[i] = x
		fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="#e8ecf2" stroke="%s"/>`+"\n",
			num(x), num(l.top), num(l.varW[i]), num(svgHeadH), svgLaneLine)
		l.label(x+l.varW[i]/2, l.top+svgHeadH/2+4, "middle", "bold", svgInk, name, l.varW[i]-8, svgCharW)
		x += l.varW[i]
	}
	if l.more > 0 {
		fmt.Fprintf(b, `<text x="%s" y="%s" fill="%s" font-size="10">+%d more</text>`+"\n",
			num(x+6), num(l.top+svgHeadH/2+4), svgMuted, l.more)
	}
	cur := make([]string, len(l.vars))
	for _, ch := range l.t.Initial {
		if k, ok := col[ch.Name]; ok {
			cur[k] = valueText(l.r, ch.Value)
		}
	}
	for i, s := range l.t.Steps {
		row := l.rows[i]
		changed := make([]bool, len(l.vars))
		for _, ch := range s.Changes {
			if k, ok := col[ch.Name]; ok {
				cur[k] = valueText(l.r, ch.Value)
				changed[k] = true
			}
		}
		for k := range l.vars {
			fill, color, weight := "white", svgMuted, ""
			if changed[k] {
				fill, color, weight = svgChanged, svgInk, "bold"
			}
			fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s" stroke="%s"/>`+"\n",
				num(xs[k]), num(row.y), num(l.varW[k]), num(row.h), fill, svgLaneLine)
			if cur[k] != "" {
				l.label(xs[k]+l.varW[k]/2, row.y+svgLineH, "middle", weight, color, cur[k], l.varW[k]-8, svgCharW)
			}
		}
	}
}

// breaking writes the highlighted note of the state that breaks the property:
// the verdict across the lanes, and in each lane where its process is.
func (l *svgLayout) breaking() {
	b := &l.b
	x := l.laneX(0) - 6
	w := l.lanesRight() - l.laneX(0) + 12
	fill, stroke := svgNoteFill, svgViolation
	head := l.c.Name + " violated here"
	switch {
	case l.c.Trace == nil:
		fill, stroke = svgWitnessFill, svgLoop
		head = "the bound is reached here"
	case l.t.LoopStart > 0:
		head = l.c.Name + " violated: " + loopText(l.t)
	}
	fmt.Fprintf(b, `<rect x="%s" y="%s" width="%s" height="%s" rx="6" fill="%s" stroke="%s" stroke-width="2"/>`+"\n",
		num(x), num(l.note), num(w), num(l.noteH), fill, stroke)
	l.label(x+10, l.note+18, "start", "bold", stroke, head, w-20, svgCharW)
	for _, ps := range l.t.Final {
		p := clampLane(ps.Process, l.lanes)
		lx := l.laneX(p)
		l.label(lx+4, l.note+18+svgLineH+4, "start", "", svgInk, finalHead(l.r, ps), l.laneW-8, svgCharW)
		if st := finalStatus(ps); st != "" {
			l.small(lx+4, l.note+18+2*svgLineH+4, svgViolation, st, l.laneW-8, true)
		}
	}
}

// label writes one line of text, shortened with "…" to fit width (in
// pixels, at charW per character), with the full text as a tooltip when
// shortened.
func (l *svgLayout) label(x, y float64, anchor, weight, color, s string, width, charW float64) {
	s = oneLine(s)
	short := fit(s, int(width/charW))
	attrs := ""
	if anchor != "start" {
		attrs += ` text-anchor="` + anchor + `"`
	}
	if weight != "" {
		attrs += ` font-weight="` + weight + `"`
	}
	if charW == svgSmallW {
		attrs += ` font-size="10"`
	}
	fmt.Fprintf(&l.b, `<text x="%s" y="%s" fill="%s"%s>`, num(x), num(y), color, attrs)
	if short != s {
		fmt.Fprintf(&l.b, `<title>%s</title>`, xmlText(s))
	}
	l.b.WriteString(xmlText(short) + "</text>\n")
}

// small writes a line of small text, in italics when italic.
func (l *svgLayout) small(x, y float64, color, s string, width float64, italic bool, anchor ...string) {
	a := "start"
	if len(anchor) > 0 {
		a = anchor[0]
	}
	style := ""
	if italic {
		style = "italic"
	}
	if style != "" {
		fmt.Fprintf(&l.b, `<g font-style="%s">`, style)
	}
	l.label(x, y, a, "", color, s, width, svgSmallW)
	if style != "" {
		l.b.WriteString("</g>\n")
	}
}

// stepHead is a step's first line: "line 8: turn = i".
func stepHead(r *checker.Result, s checker.Step) string {
	if where := placeIn(r, s.Pos); where != "-" {
		return "line " + where + ": " + oneLine(s.Statement)
	}
	return oneLine(s.Statement)
}

// stepTooltip is everything about a step, for its tooltip.
func stepTooltip(r *checker.Result, s checker.Step) string {
	parts := []string{"step " + strconv.Itoa(s.Number) + ", " + processName(r, s.Process) + ", " + place(s.Pos), s.Statement}
	if len(s.Changes) > 0 {
		parts = append(parts, changesText(r, s.Changes))
	}
	if s.Note != "" {
		parts = append(parts, s.Note)
	}
	return strings.Join(parts, " | ")
}

// finalHead says where a process is in the last state.
func finalHead(r *checker.Result, ps checker.ProcessState) string {
	if where := placeIn(r, ps.Pos); where != "-" {
		return "at line " + where + ": " + oneLine(finalStatement(ps))
	}
	return "at " + oneLine(finalStatement(ps))
}

// fit shortens s to at most n characters, ending it with "…" when cut.
func fit(s string, n int) string {
	if n < 2 {
		n = 2
	}
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)
	return string(rs[:n-1]) + "…"
}

// wrap breaks s into lines of at most n characters at spaces (a longer word
// is cut), at most three lines, the last shortened with "…".
func wrap(s string, n int) []string {
	n = max(n, 20)
	var lines []string
	cur := ""
	for _, w := range strings.Fields(s) {
		switch {
		case cur == "":
			cur = w
		case utf8.RuneCountInString(cur)+1+utf8.RuneCountInString(w) <= n:
			cur += " " + w
		default:
			lines = append(lines, cur)
			cur = w
		}
	}
	if cur != "" {
		lines = append(lines, cur)
	}
	for i := range lines {
		lines[i] = fit(lines[i], n)
	}
	if len(lines) > 3 {
		lines = lines[:3]
		lines[2] = fit(lines[2], n-1) + "…"
	}
	return lines
}

// num formats a coordinate with at most one decimal.
func num(f float64) string {
	return strconv.FormatFloat(float64(int64(f*10+0.5))/10, 'f', -1, 64)
}

// xmlText escapes text for SVG character data or attribute values.
func xmlText(s string) string {
	var b strings.Builder
	escapeXML(&b, oneLine(s), true)
	return b.String()
}
