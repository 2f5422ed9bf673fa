#include "textflag.h"

// HOMES_ARGS loads the arguments of a prefetch of home slots, (table
// *uint32, slots uint64, hashes []uint64): the table to DI, its slots to
// SI, the hashes to BX and their number to CX.
#define HOMES_ARGS \
	MOVQ table+0(FP), DI; \
	MOVQ slots+8(FP), SI; \
	MOVQ hashes_base+16(FP), BX; \
	MOVQ hashes_len+24(FP), CX

// HOME_OF_HASH sets AX to the home slot of the hash at BX, as homeIn.
#define HOME_OF_HASH \
	MOVQ (BX), AX; \
	SHRQ $32, AX; \
	IMULQ SI, AX; \
	SHRQ $32, AX

// func prefetchHomes(table *uint32, slots uint64, hashes []uint64)
TEXT ·prefetchHomes(SB), NOSPLIT, $0-40
	HOMES_ARGS
	TESTQ CX, CX
	JEQ done
loop:
	HOME_OF_HASH
	PREFETCHT0 (DI)(AX*4)
	// The slot 8 after the home: the next line when the home lies in
	// the last half of its own, where a probe often runs on.
	PREFETCHT0 32(DI)(AX*4)
	ADDQ $8, BX
	DECQ CX
	JNZ loop
done:
	RET

// func prefetchHomesToWrite(table *uint32, slots uint64, hashes []uint64)
TEXT ·prefetchHomesToWrite(SB), NOSPLIT, $0-40
	HOMES_ARGS
	TESTQ CX, CX
	JEQ done
loop:
	HOME_OF_HASH
	LEAQ (DI)(AX*4), DX
	// PREFETCHW (DX)
	BYTE $0x0F; BYTE $0x0D; BYTE $0x0A
	ADDQ $8, BX
	DECQ CX
	JNZ loop
done:
	RET

// func prefetchAddrs(addrs []uintptr)
TEXT ·prefetchAddrs(SB), NOSPLIT, $0-24
	MOVQ addrs_base+0(FP), BX
	MOVQ addrs_len+8(FP), CX
	TESTQ CX, CX
	JEQ done
loop:
	MOVQ (BX), AX
	PREFETCHT0 (AX)
	ADDQ $8, BX
	DECQ CX
	JNZ loop
done:
	RET

// func prefetchWrite(p uintptr, n uintptr)
TEXT ·prefetchWrite(SB), NOSPLIT, $0-16
	MOVQ p+0(FP), AX
	MOVQ n+8(FP), CX
	ADDQ AX, CX
loop:
	CMPQ AX, CX
	JAE done
	// PREFETCHW (AX)
	BYTE $0x0F; BYTE $0x0D; BYTE $0x08
	ADDQ $64, AX
	JMP loop
done:
	RET
