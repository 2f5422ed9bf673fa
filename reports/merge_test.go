package reports_test

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/reports"
)

// shard is a shard's JSON report with a mutex check violated after steps
// steps (0: not violated) and a deadlock check not violated.
func shard(model string, i, n, steps int, complete bool) []byte {
	mutex := `{"name":"mutex","kind":"mutex","verdict":"unknown","message":"no violation found (approximate: probability of a missed state 1e-17)","points":0}`
	if steps > 0 {
		var ss []string
		for k := 1; k <= steps; k++ {
			ss = append(ss, fmt.Sprintf(`{"step":%d,"process":"P[%d]","file":"m.ilv","line":%d,"col":1,"statement":"x = %d","changes":{"x":%d,"y":true}}`, k, k%2, 10+k, k, k))
		}
		mutex = fmt.Sprintf(`{"name":"mutex","kind":"mutex","verdict":"violated","message":"P[0] and P[1] are both in critical (shard %d)","points":0,"trace":{"loop_start":null,"steps":[%s],"final":[]}}`, i, strings.Join(ss, ","))
	}
	return fmt.Appendf(nil, `{"schema_version":1,"file":"m.ilv","model":%q,"memory":"sc","constants":{"N":3,"M":1},"processes":["P[0]","P[1]"],
"stats":{"states":100,"transitions":200,"depth":9,"seconds":0.1,"complete":%t,"limit":null},
"approx":{"seed":%d,"hash_bits":64,"missed_probability":%g,"shard":%d,"shards":%d,"source_hash":"00000000000000aa"},
"checks":[%s,{"name":"deadlock","kind":"deadlock","verdict":"unknown","message":"no violation found","points":0},
{"name":"starvation","kind":"starvation","verdict":"unknown","message":"an approximate search does not decide liveness checks","points":0}]}`,
		model, complete, i, float64(i)*1e-17, i, n, mutex)
}

func names(n int) []string {
	var out []string
	for i := range n {
		out = append(out, fmt.Sprintf("s%d.json", i+1))
	}
	return out
}

func TestMergeTakesTheShortestViolation(t *testing.T) {
	docs := [][]byte{shard("m", 1, 4, 0, true), shard("m", 2, 4, 7, true), shard("m", 3, 4, 5, true), shard("m", 4, 4, 5, true)}
	m, err := reports.Merge(names(4), docs)
	require.NoError(t, err)
	assert.True(t, m.Violated())
	assert.Equal(t, []int{1, 2, 3, 4}, m.Present)
	assert.Empty(t, m.Missing)
	assert.Equal(t, int64(400), m.States)
	mutex := m.Checks[0]
	assert.Equal(t, "violated", mutex.Verdict)
	assert.Equal(t, 3, mutex.Shard)
	assert.Equal(t, 5, mutex.Steps)
	assert.Equal(t, "P[0] and P[1] are both in critical (shard 3)", mutex.Message)
	assert.Equal(t, "unknown", m.Checks[1].Verdict)
	assert.Equal(t, "no violation found (approximate, 4 of 4 shards; probability of a missed state at most 4.0e-17 in each)", m.Checks[1].Message)
	assert.Equal(t, "an approximate search does not decide liveness checks", m.Checks[2].Message)

	text := reports.MergedText(m)
	assert.Contains(t, text, "m.ilv: model m (N=3, M=1), swarm of 4 shards\n")
	assert.Contains(t, text, "mutex violated: P[0] and P[1] are both in critical (shard 3) (shard 3, 5 steps)\n")
	assert.Contains(t, text, "    5  P[1]     line 15   x = 5   x=5, y=true\n")
	var doc struct {
		Swarm struct {
			Shards  int
			Merged  []int
			Missing []int
		}
		Checks []struct {
			Verdict string
			Shard   *int
			Trace   struct{ Steps []json.RawMessage }
		}
	}
	require.NoError(t, json.Unmarshal(reports.MergedJSON(m), &doc))
	assert.Equal(t, 4, doc.Swarm.Shards)
	assert.Equal(t, []int{}, doc.Swarm.Missing)
	require.NotNil(t, doc.Checks[0].Shard)
	assert.Equal(t, 3, *doc.Checks[0].Shard)
	assert.Len(t, doc.Checks[0].Trace.Steps, 5)
	assert.Nil(t, doc.Checks[1].Shard)

	// The order of the files does not matter.
	rev, err := reports.Merge(names(4), [][]byte{docs[3], docs[2], docs[1], docs[0]})
	require.NoError(t, err)
	assert.Equal(t, reports.MergedJSON(m), reports.MergedJSON(rev))
}

func TestMergeNamesMissingShards(t *testing.T) {
	m, err := reports.Merge(names(3), [][]byte{shard("m", 2, 6, 0, true), shard("m", 5, 6, 0, false), shard("m", 3, 6, 0, true)})
	require.NoError(t, err)
	assert.False(t, m.Violated())
	assert.Equal(t, []int{2, 3, 5}, m.Present)
	assert.Equal(t, []int{1, 4, 6}, m.Missing)
	assert.Equal(t, "no violation found (approximate, 3 of 6 shards, 1 of them stopped by a limit; missing shards 1, 4 and 6; probability of a missed state at most 5.0e-17 in each)", m.Checks[0].Message)
	assert.Contains(t, reports.MergedText(m), "shards 3 of 6 (missing shards 1, 4 and 6)")
}

func TestMergeRefuses(t *testing.T) {
	tests := []struct {
		name string
		docs [][]byte
		want string
	}{
		{"another model", [][]byte{shard("m", 1, 2, 0, true), shard("other", 2, 2, 0, true)},
			"s2.json is not a shard of the same run as s1.json: the model differs"},
		{"another text", [][]byte{shard("m", 1, 2, 0, true), []byte(strings.Replace(string(shard("m", 2, 2, 0, true)), `aa"`, `ab"`, 1))},
			"s2.json is not a shard of the same run as s1.json: the model's text differs"},
		{"other constants", [][]byte{shard("m", 1, 2, 0, true), []byte(strings.Replace(string(shard("m", 2, 2, 0, true)), `"N":3`, `"N":4`, 1))},
			"s2.json is not a shard of the same run as s1.json: the constants differ"},
		{"another swarm", [][]byte{shard("m", 1, 2, 0, true), shard("m", 2, 3, 0, true)},
			"s2.json is not a shard of the same run as s1.json: the number of shards differs"},
		{"twice", [][]byte{shard("m", 2, 2, 0, true), shard("m", 2, 2, 0, true)},
			"s1.json and s2.json are both shard 2 of 2"},
		{"exact", [][]byte{[]byte(`{"schema_version":1,"file":"m.ilv","model":"m","checks":[]}`)},
			"s1.json: not the report of a shard: run interleave check --swarm I/N --format json"},
		{"several runs", [][]byte{[]byte(`{"schema_version":1,"results":[],"errors":[]}`)},
			"s1.json: holds several runs: merge takes one run per file"},
		{"violated without a trace", [][]byte{[]byte(strings.Replace(string(shard("m", 1, 2, 0, true)), `"verdict":"unknown"`, `"verdict":"violated"`, 1))},
			"s1.json: check mutex is violated without a trace"},
		{"not json", [][]byte{[]byte(`mutex holds`)},
			"s1.json: not a JSON report of interleave check: invalid character 'm' looking for beginning of value"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := reports.Merge(names(len(tt.docs)), tt.docs)
			assert.EqualError(t, err, tt.want)
		})
	}
}
