package explorer

import (
	"encoding/binary"
	"fmt"
)

// Most keys are one word, packed by the processor's PEXT, by vector
// instructions or by shifts and masks (pack.go, vectorpack.go, lanes.go):
// a chunk's expansion then takes each successor's key as that word and
// hashes the word, and the pass that finds repeats (findRepeats) compares
// keys as words.

// wordEmit is the emit of chunk c's expansion (expand) for keys of one
// word, when no symmetry applies; nil for any other search, which takes
// the general emit. record tells it to note the transitions' edges.
func (c *chunk) wordEmit(v *view, record bool, canon *Canon) func(t *Transition, next []byte) {
	cd := v.codec
	if cd == nil || cd.lanes == nil || canon != nil {
		return nil
	}
	size, seed := v.size, v.hash.word
	return func(t *Transition, next []byte) {
		if (record || t.Fault != nil) && c.noteFault(t, record) {
			return
		}
		key, bad := cd.wordKey(next)
		if bad != 0 {
			panic(fmt.Sprintf("explorer: a state's byte is past its bits: % x", next))
		}
		c.addWordKey(key, size, seed)
		if c.moves != nil {
			c.moves.note(moverOf(t), t.Partner, c.fromKey, key)
		}
	}
}

// addWordKey adds a successor of key key, a word, of size bytes, to the
// chunk, seed being the word hash's.
func (c *chunk) addWordKey(key uint64, size int, seed uint64) {
	n := len(c.keys)
	if cap(c.keys)-n < 8 {
		c.keys = append(c.keys[:cap(c.keys)], make([]byte, 8+n-cap(c.keys))...)
	}
	c.keys = c.keys[:n+size]
	binary.LittleEndian.PutUint64(c.keys[n:n+8], key)
	// keyHash.of of the key's bytes: the word, whose bits past the
	// key's bytes are clear.
	c.hashes = append(c.hashes, mixWord(key^seed))
	c.kinds = append(c.kinds, toNew)
}
