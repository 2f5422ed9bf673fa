package main

import (
	"fmt"

	"github.com/spf13/pflag"

	"github.com/interleave/interleave/lang/ir"
)

// memoryFlags are --memory and --store-buffer, shared by check, grade,
// simulate and graph.
type memoryFlags struct {
	memory string
	buffer int
}

// add declares the flags on fl.
func (f *memoryFlags) add(fl *pflag.FlagSet) {
	fl.StringVar(&f.memory, "memory", "", "override the model's memory model: sc, tso or pso")
	fl.IntVar(&f.buffer, "store-buffer", ir.DefaultStoreBuffer, "capacity `K` of each store buffer under tso and pso")
}

// validate checks the flags' values.
func (f *memoryFlags) validate() error {
	if f.memory != "" {
		if _, ok := ir.ParseMemory(f.memory); !ok {
			return fmt.Errorf("bad --memory %q: want sc, tso or pso", f.memory)
		}
	}
	if f.buffer < 1 || f.buffer > 255 {
		return fmt.Errorf("bad --store-buffer %d: want 1 to 255", f.buffer)
	}
	return nil
}

// apply sets the memory model of p: the flag wins over the model's
// declaration.
func (f *memoryFlags) apply(p *ir.Program) {
	if mem, ok := ir.ParseMemory(f.memory); ok {
		p.Memory = mem
	}
	p.StoreBuffer = f.buffer
}
