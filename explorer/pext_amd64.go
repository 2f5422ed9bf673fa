package explorer

// cpuid is the processor's answer to CPUID leaf, subleaf sub.
func cpuid(leaf, sub uint32) (a, b, c, d uint32)

// pextKey packs the n bytes at st, masks[k] telling the bits kept of their
// bytes 8k to 8k+7, into key: the kept bits side by side in order, the
// first lowest (the instruction PEXT, a word at a time). bad has the bits
// of the bytes outside their masks. The kept bits are at most 64.
//
//go:noescape
func pextKey(st *byte, n int, masks *uint64) (key, bad uint64)

// pdepState is pextKey undone: it writes the n bytes at st from key (the
// instruction PDEP).
//
//go:noescape
func pdepState(st *byte, n int, masks *uint64, key uint64)

// fastBitFields reports whether the processor has PEXT and PDEP (BMI2) and
// runs them in a few cycles: AMD processors before family 0x19 run them in
// microcode, slower than the codec's word loops.
func fastBitFields() bool {
	top, vendor1, vendor3, vendor2 := cpuid(0, 0)
	if top < 7 {
		return false
	}
	if _, b, _, _ := cpuid(7, 0); b&(1<<8) == 0 {
		return false
	}
	amd := vendor1 == 0x68747541 && vendor2 == 0x69746e65 && vendor3 == 0x444d4163 // "AuthenticAMD"
	if !amd {
		return true
	}
	a, _, _, _ := cpuid(1, 0)
	family := a >> 8 & 0xf
	if family == 0xf {
		family += a >> 20 & 0xff
	}
	return family >= 0x19
}
