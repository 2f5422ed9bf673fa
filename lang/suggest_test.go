package lang

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestSuggestions checks that errors name the fix that is likely meant.
func TestSuggestions(t *testing.T) {
	tests := []struct {
		name string
		src  string
		want string
	}{
		{"undefined name next to a declared one", "var flag: [2]bool\nprocess P {\n    flg[0] = true\n}",
			"test.ilv:3:5: undefined: flg (did you mean flag?)"},
		{"undefined in an expression", "var flag: bool\nvar x: bool\nprocess P {\n    x = flg\n}",
			"test.ilv:4:9: undefined: flg (did you mean flag?)"},
		{"undefined local", "process P {\n    var count: int\n    cont = 1\n}",
			"test.ilv:3:5: undefined: cont (did you mean count?)"},
		{"undefined with nothing alike", "var flag: bool\nprocess P {\n    zzz = 1\n}",
			"test.ilv:3:5: undefined: zzz"},
		{"wait on a semaphore", "sem s = 1\nprocess P {\n    wait(s)\n}",
			"test.ilv:3:10: s is a semaphore, not a condition variable: did you mean down(s)?"},
		{"signal on a semaphore array", "sem s[2] = 1\nprocess P {\n    signal(s[1])\n}",
			"test.ilv:3:12: s is a semaphore, not a condition variable: did you mean up(s[1])?"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(File{Name: "test.ilv", Text: []byte(tt.src)}, Options{})
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}
