package main

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/lang/ir"
)

// parseDefines turns the -D NAME=VALUE flags into constant overrides. A name
// given twice takes its last value.
func parseDefines(defs []string) (map[string]int32, error) {
	out := make(map[string]int32, len(defs))
	for _, d := range defs {
		name, value, ok := strings.Cut(d, "=")
		name, value = strings.TrimSpace(name), strings.TrimSpace(value)
		if !ok || !isIdent(name) || value == "" {
			return nil, fmt.Errorf("bad -D %q: want NAME=VALUE", d)
		}
		n, err := strconv.ParseInt(value, 10, 32)
		if err != nil {
			if ne, ok := err.(*strconv.NumError); ok && ne.Err == strconv.ErrRange {
				return nil, fmt.Errorf("bad -D %q: %s is out of range", d, value)
			}
			return nil, fmt.Errorf("bad -D %q: %s is not an integer", d, value)
		}
		out[name] = int32(n)
	}
	return out, nil
}

// isIdent reports whether s is a name of the modelling language.
func isIdent(s string) bool {
	if s == "" {
		return false
	}
	for i, r := range s {
		letter := r == '_' || r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z'
		if !letter && (i == 0 || r < '0' || r > '9') {
			return false
		}
	}
	return true
}

// unitSize is the number of bytes in a unit of --max-memory (any case):
// decimal (kB, MB, GB, TB) or binary (KiB, MiB, GiB, TiB).
func unitSize(unit string) (float64, bool) {
	switch strings.ToLower(unit) {
	case "", "b":
		return 1, true
	case "k", "kb":
		return 1e3, true
	case "m", "mb":
		return 1e6, true
	case "g", "gb":
		return 1e9, true
	case "t", "tb":
		return 1e12, true
	case "ki", "kib":
		return 1 << 10, true
	case "mi", "mib":
		return 1 << 20, true
	case "gi", "gib":
		return 1 << 30, true
	case "ti", "tib":
		return 1 << 40, true
	}
	return 0, false
}

// parseSize reads a memory size: plain bytes ("1048576") or a number with a
// decimal or binary unit ("512MB", "2GiB", "1.5 GB").
func parseSize(s string) (uint64, error) {
	bad := fmt.Errorf("bad size %q: want bytes, or a number with a unit such as 512MB or 2GiB", s)
	t := strings.TrimSpace(s)
	i := 0
	for i < len(t) && (t[i] >= '0' && t[i] <= '9' || t[i] == '.') {
		i++
	}
	num := t[:i]
	mult, ok := unitSize(strings.TrimSpace(t[i:]))
	if num == "" || !ok {
		return 0, bad
	}
	if n, err := strconv.ParseUint(num, 10, 64); err == nil && mult == 1 {
		return n, nil
	}
	f, err := strconv.ParseFloat(num, 64)
	if err != nil {
		return 0, bad
	}
	v := f * mult
	if math.IsInf(v, 0) || math.IsNaN(v) || v >= math.MaxUint64 {
		return 0, fmt.Errorf("bad size %q: too large", s)
	}
	return uint64(v), nil
}

// parseFairness reads --fairness.
func parseFairness(s string) (ir.Fairness, error) {
	switch s {
	case "weak":
		return ir.FairWeak, nil
	case "strong":
		return ir.FairStrong, nil
	case "none":
		return ir.FairNone, nil
	}
	return 0, fmt.Errorf("bad --fairness %q: want weak, strong or none", s)
}

// format is a report format of --format.
type format string

const (
	formatText     format = "text"
	formatJSON     format = "json"
	formatJUnit    format = "junit"
	formatMarkdown format = "markdown"
	formatTAP      format = "tap"
)

// parseFormat reads --format.
func parseFormat(s string) (format, error) {
	switch s {
	case "text", "json", "junit", "markdown", "tap":
		return format(s), nil
	}
	return "", fmt.Errorf("bad --format %q: want text, json, junit, markdown or tap", s)
}

// reduceUsage is the help of --reduce.
const reduceUsage = "state-space reductions: none, por (partial order), symmetry, or all"

// parseReduce reads --reduce.
func parseReduce(s string) (checker.Reduce, error) {
	r, err := checker.ParseReduce(s)
	if err != nil {
		return r, fmt.Errorf("bad --reduce %q: want none, por, symmetry or all", s)
	}
	return r, nil
}
