package main

import (
	"fmt"
	"maps"
	"strconv"
	"strings"
)

// maxSweep is the largest number of values one -D NAME=LO..HI may sweep.
const maxSweep = 1000

// sweep is what the -D flags ask for: constants with one value each, and at
// most one constant swept over a range of values (-D N=2..4).
type sweep struct {
	fixed map[string]int32
	// name is the swept constant, "" when nothing is swept; lo..hi its values.
	name   string
	lo, hi int32
}

// parseSweep reads the -D flags: NAME=VALUE, or NAME=LO..HI for a sweep.
func parseSweep(defs []string) (sweep, error) {
	var plain []string
	var s sweep
	for _, d := range defs {
		name, value, ok := strings.Cut(d, "=")
		lo, hi, isRange := strings.Cut(value, "..")
		if !ok || !isRange {
			plain = append(plain, d)
			continue
		}
		name = strings.TrimSpace(name)
		if !isIdent(name) {
			return sweep{}, fmt.Errorf("bad -D %q: want NAME=VALUE or NAME=LO..HI", d)
		}
		a, err1 := strconv.ParseInt(strings.TrimSpace(lo), 10, 32)
		b, err2 := strconv.ParseInt(strings.TrimSpace(hi), 10, 32)
		switch {
		case err1 != nil || err2 != nil:
			return sweep{}, fmt.Errorf("bad -D %q: want NAME=LO..HI with integers", d)
		case a > b:
			return sweep{}, fmt.Errorf("bad -D %q: the range %d..%d is empty", d, a, b)
		case b-a+1 > maxSweep:
			return sweep{}, fmt.Errorf("bad -D %q: at most %d values in a sweep", d, maxSweep)
		case s.name != "" && s.name != name:
			return sweep{}, fmt.Errorf("bad -D %q: only one constant can be swept (already %s)", d, s.name)
		}
		s.name, s.lo, s.hi = name, int32(a), int32(b)
	}
	fixed, err := parseDefines(plain)
	if err != nil {
		return sweep{}, err
	}
	if _, both := fixed[s.name]; both && s.name != "" {
		return sweep{}, fmt.Errorf("bad -D: %s is both set and swept", s.name)
	}
	s.fixed = fixed
	return s, nil
}

// values are the constant overrides of each run: one without a sweep, else
// one per swept value, in increasing order.
func (s sweep) values() []map[string]int32 {
	if s.name == "" {
		return []map[string]int32{s.fixed}
	}
	var out []map[string]int32
	for v := int64(s.lo); v <= int64(s.hi); v++ {
		m := maps.Clone(s.fixed)
		if m == nil {
			m = map[string]int32{}
		}
		m[s.name] = int32(v)
		out = append(out, m)
	}
	return out
}

// labels name each run of values for people ("N=3"); "" without a sweep.
func (s sweep) labels() []string {
	if s.name == "" {
		return []string{""}
	}
	var out []string
	for v := int64(s.lo); v <= int64(s.hi); v++ {
		out = append(out, fmt.Sprintf("%s=%d", s.name, v))
	}
	return out
}
