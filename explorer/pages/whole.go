package pages

// Whole returns n bytes, all zeros, for a block that will be written
// whole, backed by the kernel before it is returned: all at once (back),
// then each page written once, which costs next to nothing where the
// kernel backed them, and backs them where it could not. A virtual machine
// makes every fault costly. On one (a hypervisor that takes every fault to
// the host) 256 MiB written a 4 KiB page at a time took 0.65 s, backed at
// once 0.04 s and the first writes after that 0.29 s, on huge pages 0.40 s
// where the host backed the memory anew. On another (Firecracker, free
// page reporting), new memory on 4 KiB pages cost 0.6-0.7 s a GB written
// a page at a time and 0.47-0.70 backed at once, on huge pages 2.6-4.5 s
// a GB, unless another process had just freed them (0.12-0.15): the
// blocks are on ordinary pages.
func Whole(n int) []byte {
	b := make([]byte, n)
	back(b)
	for i := 0; i < n; i += pageSize {
		b[i] = 0
	}
	return b
}

// pageSize is the smallest page size of the machines Go runs on.
const pageSize = 4 << 10
