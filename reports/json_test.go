package reports

import (
	"bytes"
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang/ir"
)

// decode parses a JSON report into generic values, keeping numbers exact.
func decode(t *testing.T, data []byte) map[string]any {
	t.Helper()
	require.True(t, json.Valid(data), string(data))
	var doc map[string]any
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	require.NoError(t, dec.Decode(&doc))
	return doc
}

func TestJSONShape(t *testing.T) {
	doc := decode(t, JSON(lasso()))
	assert.Equal(t, json.Number("1"), doc["schema_version"])
	assert.Equal(t, "sem_lock3.ilv", doc["file"])
	assert.Equal(t, "sem_lock3", doc["model"])
	assert.Equal(t, map[string]any{}, doc["constants"])
	stats := doc["stats"].(map[string]any)
	assert.Equal(t, json.Number("1234567"), stats["states"])
	assert.Equal(t, json.Number("4567890"), stats["transitions"])
	assert.Equal(t, json.Number("40"), stats["depth"])
	assert.Equal(t, json.Number("2.5"), stats["seconds"])
	assert.Equal(t, true, stats["complete"])

	checks := doc["checks"].([]any)
	require.Len(t, checks, 4)
	mutex := checks[0].(map[string]any)
	assert.Equal(t, "holds", mutex["verdict"])
	assert.NotContains(t, mutex, "bound", "bound is only on bounded_waiting")
	assert.NotContains(t, mutex, "trace", "a check that holds has no trace")

	bw := checks[2].(map[string]any)
	assert.Equal(t, "bounded_waiting", bw["name"])
	require.Contains(t, bw, "bound")
	assert.Nil(t, bw["bound"], "unbounded is null")

	st := checks[1].(map[string]any)
	assert.Equal(t, "violated", st["verdict"])
	assert.Equal(t, json.Number("2"), st["points"])
	trace := st["trace"].(map[string]any)
	assert.Equal(t, json.Number("4"), trace["loop_start"])
	steps := trace["steps"].([]any)
	require.Len(t, steps, 10)
	first := steps[0].(map[string]any)
	assert.Equal(t, json.Number("1"), first["step"])
	assert.Equal(t, "P[2]", first["process"])
	assert.Equal(t, json.Number("6"), first["line"])
	assert.Equal(t, json.Number("9"), first["col"])
	assert.Equal(t, "down(s)", first["statement"])
	assert.Equal(t, map[string]any{"s": json.Number("0")}, first["changes"])
	assert.NotContains(t, first, "note")
	fourth := steps[3].(map[string]any)
	assert.Equal(t, "P[1]", fourth["partner"])
	assert.Equal(t, "hands the permit of s to P[1]", fourth["note"])
}

func TestJSONValues(t *testing.T) {
	tests := []struct {
		name string
		r    *checker.Result
		// check picks the check and the step whose changes are compared.
		check, step int
		want        map[string]any
	}{
		{"int", mutexViolated(), 0, 0, map[string]any{"turn": json.Number("0")}},
		{"bool", mutexViolated(), 0, 2, map[string]any{"interested[1]": true}},
		{"process", limited(), 2, 0, map[string]any{"m": "Teller"}},
		{"none", limited(), 2, 1, map[string]any{}},
		{"duplicate name keeps the last value", &checker.Result{Checks: []checker.CheckResult{{
			Verdict: checker.Violated, Trace: &checker.Trace{Steps: []checker.Step{{Number: 1, Partner: -1,
				Changes: []checker.Change{{Name: "x", Value: intv(1)}, {Name: "y", Value: intv(2)}, {Name: "x", Value: intv(3)}}}}}}}},
			0, 0, map[string]any{"x": json.Number("3"), "y": json.Number("2")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			doc := decode(t, JSON(tt.r))
			c := doc["checks"].([]any)[tt.check].(map[string]any)
			s := c["trace"].(map[string]any)["steps"].([]any)[tt.step].(map[string]any)
			assert.Equal(t, tt.want, s["changes"])
		})
	}
}

func TestJSONFields(t *testing.T) {
	tests := []struct {
		name string
		r    *checker.Result
		path func(doc map[string]any) any
		want any
	}{
		{"constants in order", limited(), func(d map[string]any) any { return d["constants"] },
			map[string]any{"N": json.Number("3"), "MAX": json.Number("-1")}},
		{"bound", holdsAll(), func(d map[string]any) any { return d["checks"].([]any)[2].(map[string]any)["bound"] },
			json.Number("1")},
		{"finite trace", mutexViolated(), func(d map[string]any) any {
			return d["checks"].([]any)[0].(map[string]any)["trace"].(map[string]any)["loop_start"]
		}, nil},
		{"limit", limited(), func(d map[string]any) any { return d["stats"].(map[string]any)["limit"] }, "max-states"},
		{"incomplete", limited(), func(d map[string]any) any { return d["stats"].(map[string]any)["complete"] }, false},
		{"escaped text", nasty(), func(d map[string]any) any { return d["checks"].([]any)[0].(map[string]any)["message"] },
			"assertion failed: \"x < y && y > z\" {braces} \\ back\nslash"},
		{"terminated", limited(), func(d map[string]any) any {
			f := d["checks"].([]any)[2].(map[string]any)["trace"].(map[string]any)["final"].([]any)[1].(map[string]any)
			return []any{f["statement"], f["terminated"]}
		}, []any{"end", true}},
		{"partner note", rendezvous(), func(d map[string]any) any {
			s := d["checks"].([]any)[0].(map[string]any)["trace"].(map[string]any)["steps"].([]any)[0].(map[string]any)
			return []any{s["partner"], s["note"], s["partner_note"]}
		}, []any{"R", "sends 1 to R over c", "receives 1 from S over c"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, tt.path(decode(t, JSON(tt.r))))
		})
	}
}

func TestJSONDeterministic(t *testing.T) {
	for _, f := range fixtures() {
		t.Run(f.name, func(t *testing.T) {
			a, b := JSON(f.r), JSON(f.r)
			assert.Equal(t, a, b)
			assert.Equal(t, byte('\n'), a[len(a)-1])
			// Field order is fixed: schema_version first, checks last.
			assert.True(t, bytes.HasPrefix(a, []byte("{\n  \"schema_version\": 1,\n  \"file\": ")), string(a[:40]))
			assert.Less(t, bytes.Index(a, []byte(`"stats"`)), bytes.Index(a, []byte(`"checks"`)))
		})
	}
	assert.Equal(t, "null\n", string(JSON(nil)))
}

// rendezvous is a deadlock after one rendezvous: S sends 1 to R over an
// unbuffered channel c, then waits to send again with nobody to receive.
func rendezvous() *checker.Result {
	f := "chan.ilv"
	return &checker.Result{
		File: f, Model: "chan", Processes: []string{"S", "R"},
		Checks: []checker.CheckResult{{
			Name: "deadlock", Kind: ir.CheckDeadlock, Verdict: checker.Violated,
			Message: "no process can move: S waits to send on c",
			Trace: &checker.Trace{Steps: []checker.Step{{
				Number: 1, Process: 0, Partner: 1, Pos: at(f, 4, 5), Statement: "c <- 1",
				Note: "sends 1 to R over c", PartnerNote: "receives 1 from S over c",
			}}},
		}},
		Stats: checker.Stats{States: 2, Transitions: 1, Depth: 1, Complete: true},
	}
}
