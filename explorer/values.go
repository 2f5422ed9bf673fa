package explorer

// Values lists every location of state s with its value, in the order and
// with the names of Changes: variable elements, semaphores, mutex owners,
// condition queues and buffered channels. A location whose layout leaves it
// a single possible value (a slot of no bits) is left out.
func (m *Machine) Values(s []byte) []Change {
	// Every bit of the complement differs from s, so every location that
	// takes at least one bit differs; Changes reads the values from s.
	flip := make([]byte, len(s))
	for i, b := range s {
		flip[i] = ^b
	}
	return m.Changes(flip, s)
}
