package syntax

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestMisspelledKeywords checks that a word spelled like a keyword where a
// statement or a declaration begins is reported with the keyword meant.
func TestMisspelledKeywords(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"while", "process P {\n    whlie turn != i { skip }\n}",
			`test.ilv:2:5: got "whlie", want statement: did you mean while?`},
		{"await", "process P {\n    awiat x == 0\n}",
			`test.ilv:2:5: got "awiat", want statement: did you mean await?`},
		{"process", "proces P {\n    skip\n}",
			`test.ilv:1:1: got "proces", want declaration: did you mean process?`},
		{"var at the top", "vars x: int",
			`test.ilv:1:1: got "vars", want declaration: did you mean var?`},
		{"a word far from any keyword", "process P {\n    frob bar\n}",
			`test.ilv:2:10: got "bar", want "=", "+=", "-=", "++", "--", "<-" or "(": a statement is an assignment, a send or a call`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("test.ilv", []byte(tt.src))
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}

func TestClosest(t *testing.T) {
	cands := []string{"flag", "turn", "flags", "while"}
	assert.Equal(t, "flag", Closest("flg", cands))
	assert.Equal(t, "while", Closest("whlie", cands))
	assert.Equal(t, "", Closest("x", cands))
	assert.Equal(t, "", Closest("count", cands))
	assert.Equal(t, "", Closest("flag", []string{"flag"}))
	assert.Equal(t, 2, EditDistance("whlie", "while"))
	assert.Equal(t, 3, EditDistance("", "abc"))
}
