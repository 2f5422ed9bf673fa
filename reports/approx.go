package reports

import (
	"fmt"
	"strconv"

	"github.com/interleave/interleave/checker"
)

// ApproxLine says how an approximate search was run, for the text report:
// "approximate search: 64-bit hashes, seed 3, shard 3 of 16, probability of
// a missed state 2.7e-06". "" for an exact search.
func ApproxLine(a *checker.Approx) string {
	if a == nil {
		return ""
	}
	line := "approximate search: "
	if a.DepthFirst {
		line = "approximate depth-first search: "
	}
	line += strconv.FormatUint(uint64(a.Bits), 10) + "-bit hashes, seed " + strconv.FormatUint(a.Seed, 10)
	if a.Shards > 0 {
		line += ", shard " + strconv.Itoa(a.Shard) + " of " + strconv.Itoa(a.Shards)
	}
	return line + ", probability of a missed state " + checker.ProbabilityText(a.Missed)
}

// approx writes the "approx" object of the JSON report: seed, hash_bits,
// missed_probability, depth_first when true, shard and shards for a
// swarm's search, and source_hash (16 hex digits) when known.
func (w *jsonWriter) approx(a *checker.Approx) {
	w.raw("{")
	w.key("seed")
	w.raw(strconv.FormatUint(a.Seed, 10))
	w.intField("hash_bits", int64(a.Bits))
	w.key("missed_probability")
	w.raw(strconv.FormatFloat(a.Missed, 'g', -1, 64))
	if a.DepthFirst {
		w.key("depth_first")
		w.raw("true")
	}
	if a.Shards > 0 {
		w.intField("shard", int64(a.Shard))
		w.intField("shards", int64(a.Shards))
	}
	if a.Source != 0 {
		w.field("source_hash", fmt.Sprintf("%016x", a.Source))
	}
	w.raw("}")
}
