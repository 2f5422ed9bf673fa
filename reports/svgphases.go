package reports

import (
	"fmt"
	"slices"
)

// SVG colours of the intervals drawn on the lanes.
const (
	svgBlocked  = "#c0392b"
	svgCritical = "#1e8449"
)

// intervals marks on each lane when its process is blocked, as a bar on the
// lane's right edge from the step that blocks it to the step that frees it
// (to the end of the run when none does), and when it is inside critical, as
// a bar on the lane's left edge from the step that enters to the one that
// leaves. Each bar's tooltip says what it is.
func (l *svgLayout) intervals() {
	for p := range l.lanes {
		l.interval(p, func(s int) bool { return slices.Contains(l.t.Steps[s].Critical, p) },
			l.laneX(p)+1, svgCritical, "in critical")
		l.interval(p, func(s int) bool { return slices.Contains(l.t.Steps[s].Blocked, p) },
			l.laneX(p)+l.laneW-6, svgBlocked, "blocked")
	}
}

// interval draws a bar at x for each run of steps after which in holds for
// process p.
func (l *svgLayout) interval(p int, in func(step int) bool, x float64, color, what string) {
	steps := l.t.Steps
	for i := 0; i < len(steps); i++ {
		if !in(i) {
			continue
		}
		j := i
		for j < len(steps) && in(j) {
			j++
		}
		y1 := l.rows[i].y + l.rows[i].h/2
		y2, until := l.note, "the end of the run"
		if j < len(steps) {
			y2 = l.rows[j].y + l.rows[j].h/2
			until = fmt.Sprintf("step %d", steps[j].Number)
		}
		fmt.Fprintf(&l.b, `<g><title>%s</title><rect x="%s" y="%s" width="5" height="%s" rx="2" fill="%s" fill-opacity="0.75"/></g>`+"\n",
			xmlText(fmt.Sprintf("%s %s from step %d to %s", processName(l.r, p), what, steps[i].Number, until)),
			num(x), num(y1), num(y2-y1), color)
		i = j
	}
}
