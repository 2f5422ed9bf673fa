package main

import (
	"runtime/debug"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

func TestVersionCommand(t *testing.T) {
	code, stdout, stderr := runMain("version")
	require.Equal(t, exitHolds, code, stderr)
	assert.Regexp(t, `^interleave 0\.1\.0-dev( .+)?\n$`, stdout)
}

func TestVersionText(t *testing.T) {
	tests := []struct {
		name string
		bi   *debug.BuildInfo
		want string
	}{
		{"no build info", nil, "interleave " + version},
		{"development build", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "(devel)"}},
			"interleave " + version + " go1.26.0"},
		{"release with revision", &debug.BuildInfo{GoVersion: "go1.26.0", Main: debug.Module{Version: "v1.2.3"},
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "0123456789abcdef0123"}, {Key: "vcs.modified", Value: "false"}}},
			"interleave " + version + " module v1.2.3 go1.26.0 revision 0123456789ab"},
		{"modified tree", &debug.BuildInfo{GoVersion: "go1.26.0",
			Settings: []debug.BuildSetting{{Key: "vcs.revision", Value: "abc"}, {Key: "vcs.modified", Value: "true"}}},
			"interleave " + version + " go1.26.0 revision abc+dirty"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, versionText(tt.bi))
		})
	}
}
