package main

import (
	"context"
	"fmt"
	"testing"

	"github.com/interleave/interleave/checker"
	"github.com/interleave/interleave/explorer"
	"github.com/interleave/interleave/lang"
)

// FuzzHugeLayouts compiles and checks models whose declarations reach for
// huge states (large arrays, channel buffers, many processes): each must end
// in a compile error, the state-size error or a check within the limits;
// never a crash or an allocation the limits did not allow.
func FuzzHugeLayouts(f *testing.F) {
	f.Add(uint32(1000000), uint16(1), uint16(0), uint8(1))
	f.Add(uint32(300000), uint16(1), uint16(0), uint8(2))
	f.Add(uint32(1<<20), uint16(1<<15), uint16(1000), uint8(255))
	f.Add(uint32(16000), uint16(4), uint16(60000), uint8(3))
	f.Add(uint32(5), uint16(65535), uint16(65535), uint8(0))
	f.Fuzz(func(t *testing.T, elems uint32, arrays, capacity uint16, procs uint8) {
		src := fmt.Sprintf("var big: [%d]int\nvar grid: [%d][%d]0..3\nchan c: [%d] of 0..1000\n"+
			"process P[i in 0..%d] { big[0] = 1; grid[0][0] = 2; c <- 7 }\n",
			elems, arrays, capacity%64+1, capacity, int(procs)%300)
		prog, err := lang.Compile(lang.File{Name: "huge.ilv", Text: []byte(src)}, lang.Options{})
		if err != nil {
			return
		}
		m, err := explorer.New(prog)
		if err != nil {
			return
		}
		if m.StateSize() > explorer.MaxStateBytes {
			t.Fatalf("a state of %d bytes was accepted", m.StateSize())
		}
		res, err := checker.Run(context.Background(), prog, checker.Options{MaxStates: 2000, MaxMemory: 256 << 20, Workers: 1})
		if err != nil {
			t.Fatalf("checker error on a compiled model: %v", err)
		}
		if res == nil {
			t.Fatal("no result")
		}
	})
}
