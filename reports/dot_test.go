package reports

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
)

func TestDOTRendersWithGraphviz(t *testing.T) {
	bin, err := exec.LookPath("dot")
	if err != nil {
		t.Skip("Graphviz dot is not on PATH")
	}
	for _, f := range fixtures() {
		for i, c := range f.r.Checks {
			if c.Trace == nil {
				continue
			}
			t.Run(f.name+"/"+c.Name, func(t *testing.T) {
				out, err := DOT(f.r, i)
				require.NoError(t, err)
				path := filepath.Join(t.TempDir(), "trace.dot")
				require.NoError(t, os.WriteFile(path, out, 0o644))
				svg, err := exec.Command(bin, "-Tsvg", path).CombinedOutput()
				require.NoError(t, err, string(svg))
				assert.Contains(t, string(svg), "<svg")
				// The diagram names the broken property in its note.
				assert.Contains(t, string(svg), htmlText(c.Name+" violated"))
			})
		}
	}
}

// htmlText is s as Graphviz writes it into SVG text.
func htmlText(s string) string {
	return strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;").Replace(s)
}

func TestDOTStructure(t *testing.T) {
	tests := []struct {
		name  string
		r     *checker.Result
		check int
		want  []string
		count map[string]int
	}{
		{"finite", mutexViolated(), 0,
			[]string{`label=<<b>P[0]</b>>`, `label=<<b>P[1]</b>>`, `shape="note"`,
				`<b>mutex violated</b><br/>P[0] and P[1] are both in critical`,
				`<b>3</b>  <font color="#666666">line 9</font><br/>interested[i] = true<br/><font point-size="9">interested[1]=true</font>`},
			map[string]int{"subgraph cluster_": 2, `shape="box",style="rounded"`: 6, "repeats forever": 0, "stays here forever": 0}},
		{"lasso", lasso(), 1,
			[]string{`label="repeats forever"`, `step 4: hands the permit of s to P[1]`},
			map[string]int{"subgraph cluster_": 3, `shape="box",style="rounded"`: 10, `style="dashed"];`: 6, `label="repeats forever"`: 1}},
		{"stays", staysForever(), 0,
			[]string{`label="stays here forever"`, `<i>the run stays here forever</i>`},
			map[string]int{"subgraph cluster_": 2, `shape="box",style="rounded"`: 4, "repeats forever": 0}},
		{"no steps", staysForever(), 1,
			[]string{`<b>positive violated</b><br/>the invariant is false in a reachable state`},
			map[string]int{`shape="box",style="rounded"`: 0}},
		{"escaping", nasty(), 0,
			[]string{`s = &quot;}{&quot; \ &lt;b&gt;x&lt;/b&gt; &amp;<br/>`, `a[&quot;k&quot;]=R&lt;&quot;1&quot;&gt;`,
				`<b>R&lt;&quot;1&quot;&gt;</b>`, `back slash`},
			map[string]int{"<b>x</b>": 0, "x&lt;/b&gt;\t": 0}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, err := DOT(tt.r, tt.check)
			require.NoError(t, err)
			got := string(out)
			for _, w := range tt.want {
				assert.Contains(t, got, w)
			}
			for s, n := range tt.count {
				assert.Equal(t, n, strings.Count(got, s), "count of %q", s)
			}
			again, err := DOT(tt.r, tt.check)
			require.NoError(t, err)
			assert.Equal(t, out, again, "same result, same bytes")
		})
	}
}

func TestDOTErrors(t *testing.T) {
	tests := []struct {
		name  string
		r     *checker.Result
		check int
		want  string
	}{
		{"nil", nil, 0, "no result"},
		{"out of range", holdsAll(), 6, "no check #6: the result has 6"},
		{"negative", holdsAll(), -1, "no check #-1: the result has 6"},
		{"no trace", holdsAll(), 0, "check mutex has no counterexample"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := DOT(tt.r, tt.check)
			assert.EqualError(t, err, tt.want)
		})
	}
}

func TestFirstViolated(t *testing.T) {
	tests := []struct {
		name string
		r    *checker.Result
		want int
	}{
		{"nil", nil, -1},
		{"holds", holdsAll(), -1},
		{"first", mutexViolated(), 0},
		{"second", lasso(), 1},
		{"after unknowns", limited(), 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, FirstViolated(tt.r))
		})
	}
}
