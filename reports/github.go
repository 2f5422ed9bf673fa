package reports

import (
	"strconv"
	"strings"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang/source"
)

// GitHubAnnotations renders one GitHub Actions workflow command per violated
// check of r, "::error file=F,line=L,col=C,title=T::message", pointing at the
// step where the property breaks (breakPos). Values are escaped as the runner
// expects, so no model text can end a command early or start another. Each
// line ends with a newline; the commands go to standard error.
func GitHubAnnotations(r *checker.Result) []string {
	if r == nil {
		return nil
	}
	var out []string
	for i := range r.Checks {
		c := &r.Checks[i]
		if c.Verdict != checker.Violated {
			continue
		}
		var props []string
		if p, ok := breakPos(c); ok {
			file := p.File
			if file == "" {
				file = r.File
			}
			if file != "" {
				props = append(props, "file="+ghProperty(file))
			}
			props = append(props, "line="+strconv.Itoa(p.Line))
			if p.Col > 0 {
				props = append(props, "col="+strconv.Itoa(p.Col))
			}
		}
		props = append(props, "title="+ghProperty(r.Model+": "+c.Name+" violated"))
		out = append(out, "::error "+strings.Join(props, ",")+"::"+ghData(explanation(c))+"\n")
	}
	return out
}

// breakPos is where a check's property breaks: the last step of a finite
// counterexample (the faulting step, or the step into the bad state), the
// statement at which a lasso's starving process waits forever, else the step
// at which a lasso's cycle starts, else the check's own declaration.
func breakPos(c *checker.CheckResult) (source.Pos, bool) {
	if t := c.Trace; t != nil && t.LoopStart > 0 && t.Waiter >= 0 {
		for _, f := range t.Final {
			if f.Process == t.Waiter && f.Pos.IsValid() {
				return f.Pos, true
			}
		}
	}
	if t := c.Trace; t != nil && len(t.Steps) > 0 {
		s := t.Steps[len(t.Steps)-1]
		if t.LoopStart > 0 && t.LoopStart <= len(t.Steps) {
			s = t.Steps[t.LoopStart-1]
		}
		if s.Pos.IsValid() {
			return s.Pos, true
		}
	}
	return c.Pos, c.Pos.IsValid()
}

// ghData escapes a workflow command's message.
func ghData(s string) string { return GitHubData(s) }

// ghProperty escapes a workflow command's property value.
func ghProperty(s string) string { return GitHubProperty(s) }
