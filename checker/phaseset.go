package checker

import "github.com/interleave/interleave/checker/liveness"

// phaseSet is a node set as a search records it, one state after another:
// in chunks, so that it grows without copying itself. A set that doubled
// into new arrays would leave its smaller copies behind, garbage that stays
// resident until the next collection, at the peak of a large run (about
// 20 MB beside the 18 million states of filter_live with four processes).
// flat makes it the NodeSet the decisions read, once the search is over.
type phaseSet struct {
	chunks [][]uint64
}

// phaseChunkWords is the words of a full chunk: 1 Mi states, 128 KiB. The
// first chunk starts small and doubles up to it, so that a small state
// space keeps small sets.
const (
	phaseChunkBits  = 14
	phaseChunkWords = 1 << phaseChunkBits
	firstPhaseWords = 16
)

// grow makes room for the states below words*64.
func (s *phaseSet) grow(words int) {
	for have := s.words(); have < words; have = s.words() {
		switch last := len(s.chunks) - 1; {
		case last < 0:
			s.chunks = append(s.chunks, make([]uint64, min(max(firstPhaseWords, words), phaseChunkWords)))
		case last == 0 && len(s.chunks[0]) < phaseChunkWords:
			bigger := make([]uint64, min(max(2*len(s.chunks[0]), words), phaseChunkWords))
			copy(bigger, s.chunks[0])
			s.chunks[0] = bigger
		default:
			s.chunks = append(s.chunks, make([]uint64, phaseChunkWords))
		}
	}
}

// words is the room of s, in words.
func (s *phaseSet) words() int {
	if len(s.chunks) == 0 {
		return 0
	}
	return (len(s.chunks)-1)<<phaseChunkBits + len(s.chunks[len(s.chunks)-1])
}

// flat is the set as a NodeSet of n nodes; s is empty afterwards.
func (s *phaseSet) flat(n int) liveness.NodeSet {
	out := liveness.NewNodeSet(n)
	for i, ch := range s.chunks {
		if lo := i << phaseChunkBits; lo < len(out) {
			copy(out[lo:], ch)
		}
	}
	s.chunks = nil
	return out
}
