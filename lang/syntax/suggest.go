package syntax

import "sort"

// statementStarts begin a statement; a word spelled like one of them at the
// start of a statement is taken for a misspelling.
var statementStarts = map[string]bool{
	"if": true, "while": true, "loop": true, "for": true, "either": true, "atomic": true,
	"critical": true, "noncritical": true, "skip": true, "assert": true, "await": true,
	"select": true, "break": true, "continue": true, "return": true, "var": true,
}

// likeKeyword returns the word of set (or "var", which also begins a
// declaration) that word is likely a misspelling of (see Closest), or "".
func likeKeyword(word string, set map[string]bool) string {
	if IsKeyword(word) {
		return ""
	}
	cands := make([]string, 0, len(set)+1)
	for k := range set {
		cands = append(cands, k)
	}
	if !set["var"] {
		cands = append(cands, "var")
	}
	return Closest(word, cands)
}

// Closest returns the candidate nearest to word by edit distance if it is a
// likely misspelling of word: at most one edit for words of up to four
// letters, two for longer ones, and never word itself. Ties go to the
// alphabetically first candidate.
func Closest(word string, cands []string) string {
	limit := 1
	if len(word) > 4 {
		limit = 2
	}
	if len(word) < 3 {
		return ""
	}
	sorted := append([]string(nil), cands...)
	sort.Strings(sorted)
	best, bestD := "", limit+1
	for _, c := range sorted {
		if d := EditDistance(word, c); d < bestD && c != word {
			best, bestD = c, d
		}
	}
	return best
}

// EditDistance is the Levenshtein distance between a and b, counting bytes
// (names are ASCII).
func EditDistance(a, b string) int {
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
