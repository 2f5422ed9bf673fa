#include "textflag.h"

// func cpuid(leaf, sub uint32) (a, b, c, d uint32)
TEXT ·cpuid(SB), NOSPLIT, $0-24
	MOVL leaf+0(FP), AX
	MOVL sub+4(FP), CX
	CPUID
	MOVL AX, a+8(FP)
	MOVL BX, b+12(FP)
	MOVL CX, c+16(FP)
	MOVL DX, d+20(FP)
	RET

// func pextKey(st *byte, n int, masks *uint64) (key, bad uint64)
TEXT ·pextKey(SB), NOSPLIT, $0-40
	MOVQ st+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ masks+16(FP), DI
	XORQ R8, R8 // key
	XORQ R9, R9 // bad
	XORQ R10, R10 // shift
	MOVQ CX, R12 // n
words:
	CMPQ CX, $8
	JLT tail
	MOVQ (SI), AX
	MOVQ (DI), DX
	ANDNQ AX, DX, BX // BX = ^DX & AX
	ORQ BX, R9
	PEXTQ DX, AX, BX // BX = pext(AX, DX)
	SHLXQ R10, BX, BX
	ORQ BX, R8
	POPCNTQ DX, DX
	ADDQ DX, R10
	ADDQ $8, SI
	ADDQ $8, DI
	SUBQ $8, CX
	JMP words
tail:
	TESTQ CX, CX
	JEQ done
	CMPQ R12, $8
	JLT bytes
	// At least 8 bytes in all: the word that ends with the last byte,
	// shifted down past the bytes of the words before.
	MOVQ -8(SI)(CX*1), AX
	MOVQ CX, R11
	SHLQ $3, R11
	NEGQ R11
	ADDQ $64, R11
	SHRXQ R11, AX, AX
	JMP last
bytes:
	XORQ AX, AX
	MOVQ CX, R11
	DECQ R11
byte:
	SHLQ $8, AX
	MOVBQZX (SI)(R11*1), BX
	ORQ BX, AX
	DECQ R11
	JGE byte
last:
	MOVQ (DI), DX
	ANDNQ AX, DX, BX
	ORQ BX, R9
	PEXTQ DX, AX, BX
	SHLXQ R10, BX, BX
	ORQ BX, R8
done:
	MOVQ R8, key+24(FP)
	MOVQ R9, bad+32(FP)
	RET

// func pdepState(st *byte, n int, masks *uint64, key uint64)
TEXT ·pdepState(SB), NOSPLIT, $0-32
	MOVQ st+0(FP), SI
	MOVQ n+8(FP), CX
	MOVQ masks+16(FP), DI
	MOVQ key+24(FP), R8
words:
	CMPQ CX, $8
	JLT tail
	MOVQ (DI), DX
	PDEPQ DX, R8, AX // AX = pdep(R8, DX)
	MOVQ AX, (SI)
	POPCNTQ DX, DX
	SHRXQ DX, R8, R8
	ADDQ $8, SI
	ADDQ $8, DI
	SUBQ $8, CX
	JMP words
tail:
	TESTQ CX, CX
	JEQ done
	MOVQ (DI), DX
	PDEPQ DX, R8, AX
byte:
	MOVB AX, (SI)
	SHRQ $8, AX
	INCQ SI
	DECQ CX
	JNZ byte
done:
	RET
