package explorer

import (
	"math"

	"github.com/interleave/interleave/lang/ir"
	"github.com/interleave/interleave/lang/source"
)

// opSymbols spells the arithmetic operators in a fault message.
var opSymbols = [...]string{ir.OpAdd: "+", ir.OpSub: "-", ir.OpMul: "*", ir.OpDiv: "/", ir.OpMod: "%"}

// arith applies a binary arithmetic operator to two int values. The result is
// computed in 64 bits, where none of the operators can overflow, and a result
// outside int (32-bit signed: -2147483648..2147483647) is a run-time fault, as
// is a zero divisor. / and % truncate toward zero; the one quotient that
// overflows is -2147483648 / -1, whose remainder 0 does not.
func arith(op ir.ExprOp, a, b int32, pos source.Pos) (int32, *Fault) {
	x, y := int64(a), int64(b)
	var r int64
	switch op {
	case ir.OpAdd:
		r = x + y
	case ir.OpSub:
		r = x - y
	case ir.OpMul:
		r = x * y
	case ir.OpDiv, ir.OpMod:
		if y == 0 {
			return 0, runtimeFault(pos, "division by zero")
		}
		if op == ir.OpDiv {
			r = x / y
		} else {
			r = x % y
		}
	}
	if r < math.MinInt32 || r > math.MaxInt32 {
		return 0, overflow(pos, "%d %s %d", a, opSymbols[op], b)
	}
	return int32(r), nil
}

// negate is unary minus on an int value: -(-2147483648) is a run-time fault.
func negate(a int32, pos source.Pos) (int32, *Fault) {
	if a == math.MinInt32 {
		return 0, overflow(pos, "-(%d)", a)
	}
	return -a, nil
}

// overflow is the fault of an int result out of range; format and args spell
// the operation.
func overflow(pos source.Pos, format string, args ...any) *Fault {
	return runtimeFault(pos, "int overflow: "+format+" is out of range -2147483648..2147483647", args...)
}
