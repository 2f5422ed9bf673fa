package lang

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestPhaseWithoutCritical checks that @trying and @waiting of a process
// without a critical block are refused with the reason and a fix, and that
// they stay allowed where the process has one.
func TestPhaseWithoutCritical(t *testing.T) {
	const readers = "var x: int\nprocess Reader[i in 0..1] {\n    loop {\n        noncritical\n        reading: x = 1\n    }\n}\nprocess W {\n    loop {\n        noncritical\n        critical { x = 0 }\n    }\n}\n"
	tests := []struct {
		name  string
		check string
		want  string
	}{
		{"trying in leadsto", "check Reader[0]@trying leadsto Reader[0]@reading",
			"test.ilv:14:17: Reader[0]@trying is never true: process Reader has no critical block; label the statement to watch (name: stmt) and use Reader[0]@name"},
		{"waiting in an invariant", "check invariant !Reader[1]@waiting",
			"test.ilv:14:28: Reader[1]@waiting is never true: process Reader has no critical block; label the statement to watch (name: stmt) and use Reader[1]@name"},
		{"with a critical block", "check W@trying leadsto W@critical", ""},
		{"a label", "check invariant Reader[0]@reading || true", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Compile(File{Name: "test.ilv", Text: []byte(readers + tt.check + "\n")}, Options{})
			if tt.want == "" {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Equal(t, tt.want, err.Error())
		})
	}
}
