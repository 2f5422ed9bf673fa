package main

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/lang/ir"
)

func TestParseDefines(t *testing.T) {
	tests := []struct {
		name    string
		defs    []string
		want    map[string]int32
		wantErr string
	}{
		{"none", nil, map[string]int32{}, ""},
		{"one", []string{"N=3"}, map[string]int32{"N": 3}, ""},
		{"several", []string{"N=3", "MAX_LEN=10", "lo=-2"}, map[string]int32{"N": 3, "MAX_LEN": 10, "lo": -2}, ""},
		{"spaces", []string{" N = 4 "}, map[string]int32{"N": 4}, ""},
		{"last wins", []string{"N=3", "N=5"}, map[string]int32{"N": 5}, ""},
		{"limits", []string{"A=2147483647", "B=-2147483648"}, map[string]int32{"A": 2147483647, "B": -2147483648}, ""},
		{"no equals", []string{"N"}, nil, `bad -D "N": want NAME=VALUE`},
		{"no name", []string{"=3"}, nil, `bad -D "=3": want NAME=VALUE`},
		{"no value", []string{"N="}, nil, `bad -D "N=": want NAME=VALUE`},
		{"bad name", []string{"a-b=1"}, nil, `bad -D "a-b=1": want NAME=VALUE`},
		{"digit first", []string{"1N=1"}, nil, `bad -D "1N=1": want NAME=VALUE`},
		{"not integer", []string{"N=1.5"}, nil, `bad -D "N=1.5": 1.5 is not an integer`},
		{"bool", []string{"N=true"}, nil, `bad -D "N=true": true is not an integer`},
		{"overflow", []string{"N=2147483648"}, nil, `bad -D "N=2147483648": 2147483648 is out of range`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := parseDefines(tt.defs)
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseSize(t *testing.T) {
	tests := []struct {
		in      string
		want    uint64
		wantErr bool
	}{
		{"0", 0, false},
		{"1048576", 1 << 20, false},
		{"512MB", 512_000_000, false},
		{"512mb", 512_000_000, false},
		{"2GiB", 2 << 30, false},
		{"2 GiB", 2 << 30, false},
		{"1.5GiB", 3 << 29, false},
		{"64KiB", 64 << 10, false},
		{"10kB", 10_000, false},
		{"3G", 3_000_000_000, false},
		{"1TiB", 1 << 40, false},
		{"100B", 100, false},
		{"18446744073709551615", 18446744073709551615, false},
		{"", 0, true},
		{"MB", 0, true},
		{"-1", 0, true},
		{"12XB", 0, true},
		{"1.2.3MB", 0, true},
		{"99999999999TiB", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseSize(tt.in)
			if tt.wantErr {
				assert.Error(t, err)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseFairness(t *testing.T) {
	tests := []struct {
		in      string
		want    ir.Fairness
		wantErr string
	}{
		{"weak", ir.FairWeak, ""},
		{"strong", ir.FairStrong, ""},
		{"none", ir.FairNone, ""},
		{"Weak", 0, `bad --fairness "Weak": want weak, strong or none`},
		{"", 0, `bad --fairness "": want weak, strong or none`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseFairness(tt.in)
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}

func TestParseFormat(t *testing.T) {
	tests := []struct {
		in      string
		want    format
		wantErr string
	}{
		{"text", formatText, ""},
		{"json", formatJSON, ""},
		{"junit", formatJUnit, ""},
		{"markdown", formatMarkdown, ""},
		{"tap", formatTAP, ""},
		{"yaml", "", `bad --format "yaml": want text, json, junit, markdown or tap`},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := parseFormat(tt.in)
			if tt.wantErr != "" {
				assert.EqualError(t, err, tt.wantErr)
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.want, got)
		})
	}
}
