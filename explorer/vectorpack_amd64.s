#include "textflag.h"
#include "go_asm.h"

// func packVectors(st *byte, blocks *vectorBlock, n int) (key, bad uint64)
TEXT ·packVectors(SB), NOSPLIT, $0-40
	MOVQ st+0(FP), SI
	MOVQ blocks+8(FP), DI
	MOVQ n+16(FP), CX
	XORQ R9, R9 // bad
	VPXOR Y3, Y3, Y3 // the key's groups, or-ed in four words
	VPXOR Y4, Y4, Y4 // zero
block:
	VMOVDQU (SI), Y0
	VPTEST vectorBlock_over(DI), Y0
	JEQ inBounds
	MOVQ $1, R9
inBounds:
	// Each pair's fields together in its 16 bits, then each group's in
	// its 32 bits.
	VPMADDUBSW vectorBlock_bytes(DI), Y0, Y0
	VPMADDWD vectorBlock_pairs(DI), Y0, Y0
	// The odd groups (Y1) and the even ones (Y0) to their bits of the key.
	VPSRLQ $32, Y0, Y1
	VPBLENDD $0xaa, Y4, Y0, Y0
	VPSLLVQ vectorBlock_even(DI), Y0, Y0
	VPSLLVQ vectorBlock_odd(DI), Y1, Y1
	VPOR Y0, Y3, Y3
	VPOR Y1, Y3, Y3
	ADDQ $32, SI
	ADDQ $vectorBlock__size, DI
	DECQ CX
	JNZ block
	// The four words or-ed into one.
	VEXTRACTI128 $1, Y3, X0
	VPOR X0, X3, X3
	VPSHUFD $0x4e, X3, X0
	VPOR X0, X3, X3
	VMOVQ X3, AX
	VZEROUPPER
	MOVQ AX, key+24(FP)
	MOVQ R9, bad+32(FP)
	RET

// func unpackVectors(st *byte, blocks *vectorBlock, n int, key uint64)
TEXT ·unpackVectors(SB), NOSPLIT, $0-32
	MOVQ st+0(FP), SI
	MOVQ blocks+8(FP), DI
	MOVQ n+16(FP), CX
	VPBROADCASTQ key+24(FP), Y2
block:
	// Each group's bits at the start of its 32 bits.
	VPSRLVQ vectorBlock_even(DI), Y2, Y0
	VPSRLVQ vectorBlock_odd(DI), Y2, Y1
	VPSLLQ $32, Y1, Y1
	VPBLENDD $0xaa, Y1, Y0, Y0
	VPAND vectorBlock_fields(DI), Y0, Y0
	// Each group's second pair to its 16 bits.
	VPAND vectorBlock_highHalves(DI), Y0, Y1
	VPSLLVD vectorBlock_halves(DI), Y1, Y1
	VPAND vectorBlock_lowHalves(DI), Y0, Y0
	VPOR Y1, Y0, Y0
	// Each pair's second byte to its 8 bits.
	VPAND vectorBlock_highPairs(DI), Y0, Y1
	VPSLLVD vectorBlock_bytesApart(DI), Y1, Y1
	VPAND vectorBlock_lowPairs(DI), Y0, Y0
	VPOR Y1, Y0, Y0
	VMOVDQU Y0, (SI)
	ADDQ $32, SI
	ADDQ $vectorBlock__size, DI
	DECQ CX
	JNZ block
	VZEROUPPER
	RET

// func xgetbv() (eax, edx uint32)
TEXT ·xgetbv(SB), NOSPLIT, $0-8
	MOVL $0, CX
	XGETBV
	MOVL AX, eax+0(FP)
	MOVL DX, edx+4(FP)
	RET
