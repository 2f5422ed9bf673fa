package main

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/cespare/xxhash/v2"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
)

// maxShards bounds N in --swarm I/N.
const maxShards = 1 << 20

// parseApprox reads --approx and --swarm I/N into the approximate search
// they ask for, nil for none. Shard I searches with hash seed I; shard 1
// breadth first, as --approx alone (which is shard 1 of 1), for the
// shortest counterexamples, and the others depth first, each going down its
// own paths first, so that shards cut by a limit cover different parts.
func parseApprox(approx bool, swarm string) (*checker.Approx, error) {
	if swarm == "" {
		if !approx {
			return nil, nil
		}
		return &checker.Approx{Approx: explorer.Approx{Seed: 1}}, nil
	}
	i, n, ok := strings.Cut(swarm, "/")
	shard, err1 := strconv.Atoi(i)
	shards, err2 := strconv.Atoi(n)
	if !ok || err1 != nil || err2 != nil || shards < 1 || shards > maxShards || shard < 1 || shard > shards {
		return nil, fmt.Errorf("bad --swarm %q: want I/N with 1 <= I <= N <= %d, e.g. 3/16", swarm, maxShards)
	}
	return &checker.Approx{Approx: explorer.Approx{Seed: uint64(shard), DepthFirst: shard > 1}, Shard: shard, Shards: shards}, nil
}

// sourceHash is the hash of a model's text, and of the solution checked with
// it, that a shard's report carries: merge refuses shards of different texts.
func sourceHash(file lang.File, with *lang.File) uint64 {
	d := xxhash.New()
	_, _ = d.Write(file.Text)
	if with != nil {
		_, _ = d.Write([]byte{0})
		_, _ = d.Write(with.Text)
	}
	return max(d.Sum64(), 1)
}
