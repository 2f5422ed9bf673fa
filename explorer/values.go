package explorer

import (
	"strconv"

	"github.com/interleave/interleave/lang/ir"
)

// Values lists every variable element and semaphore with its value in state
// s, in layout order, named as Changes names them: the whole store at a
// glance, such as the initial values a diagram starts from.
func (m *Machine) Values(s []byte) []Change {
	var out []Change
	for i := range m.lay.vars {
		sl := &m.lay.vars[i]
		for e := range sl.n {
			v := m.lay.load(s, sl, e)
			val := Value{Kind: IntValue, Int: v, Text: strconv.Itoa(int(v))}
			if sl.v.Elem.Kind == ir.Bool {
				val.Kind = BoolValue
				val.Text = strconv.FormatBool(v != 0)
			}
			out = append(out, Change{Name: elemName(m.varName(sl.v), sl.v.Dims, e), Value: val})
		}
	}
	for e := range m.lay.semOff {
		v := m.lay.semValue(s, e)
		out = append(out, Change{Name: m.semName(e), Value: Value{Kind: IntValue, Int: int32(v), Text: strconv.Itoa(v)}})
	}
	return out
}
