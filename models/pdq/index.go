package pdq

import "slices"

// Index finds the hashes within MatchDistance of a query among many
// (multi-index hashing, Norouzi et al.; PDQ's own MIH256 does the same):
// the 256 bits are cut into 16 chunks of 16 bits. If two hashes are within
// distance 31, their 16 chunk distances add up to at most 31, so at least
// one chunk is within distance 1 (were every chunk 2 or more apart, the sum
// would be at least 32). A query therefore looks up, for each chunk, the
// buckets of that chunk's value and its 16 one-bit neighbours, and checks
// the full distance of each hash found there. TestIndexMatchesBruteForce
// holds it to a linear scan.
//
// A small set (fewer than linearMax hashes) is scanned instead: its chunk
// tables would cost more memory (4 MiB) than the scan costs time.
//
// An Index is built once and never changed, so any number of goroutines
// may query it at once; a changed bank builds a new one.
type Index struct {
	hashes []Hash
	linear bool
	// For each chunk, the positions of the hashes by the chunk's value:
	// those with value v are ids[c][start[c][v]:start[c][v+1]].
	start [chunks][]uint32
	ids   [chunks][]uint32
}

const chunks = 16

// linearMax is the size from which an Index builds its chunk tables.
const linearMax = 4096

// chunk returns 16-bit chunk c (0-15) of h.
func (h *Hash) chunk(c int) uint16 { return uint16(h[c/4] >> (16 * (c % 4))) }

// NewIndex indexes hashes; a match is reported by its position in hashes.
func NewIndex(hashes []Hash) *Index {
	x := &Index{hashes: slices.Clone(hashes), linear: len(hashes) < linearMax}
	if x.linear {
		return x
	}
	n := len(hashes)
	for c := range chunks {
		start := make([]uint32, 1<<16+1)
		for i := range x.hashes {
			start[int(x.hashes[i].chunk(c))+1]++
		}
		for v := 1; v < len(start); v++ {
			start[v] += start[v-1]
		}
		ids := make([]uint32, n)
		next := slices.Clone(start[:1<<16])
		for i := range x.hashes {
			v := x.hashes[i].chunk(c)
			ids[next[v]] = uint32(i)
			next[v]++
		}
		x.start[c], x.ids[c] = start, ids
	}
	return x
}

// Len is the number of hashes indexed.
func (x *Index) Len() int { return len(x.hashes) }

// Hash returns the hash at position pos.
func (x *Index) Hash(pos int) Hash { return x.hashes[pos] }

// Match is a hash found near a query: its position and its distance.
type Match struct {
	Pos      int
	Distance int
}

// MaxIndexDistance is the largest distance Query finds every match for.
const MaxIndexDistance = 31

// Query returns every indexed hash within maxDist of q (maxDist is capped
// at MaxIndexDistance), nearest first, then by position.
func (x *Index) Query(q Hash, maxDist int) []Match {
	maxDist = min(maxDist, MaxIndexDistance)
	var out []Match
	if x.linear {
		for i := range x.hashes {
			if d := Distance(q, x.hashes[i]); d <= maxDist {
				out = append(out, Match{Pos: i, Distance: d})
			}
		}
		slices.SortStableFunc(out, func(a, b Match) int { return a.Distance - b.Distance })
		return out
	}
	for c := range chunks {
		v := q.chunk(c)
		out = x.probe(c, v, q, maxDist, out)
		for b := range 16 {
			out = x.probe(c, v^(1<<b), q, maxDist, out)
		}
	}
	slices.SortFunc(out, func(a, b Match) int {
		if a.Distance != b.Distance {
			return a.Distance - b.Distance
		}
		return a.Pos - b.Pos
	})
	return slices.Compact(out)
}

func (x *Index) probe(c int, v uint16, q Hash, maxDist int, out []Match) []Match {
	for _, i := range x.ids[c][x.start[c][v]:x.start[c][int(v)+1]] {
		if d := Distance(q, x.hashes[i]); d <= maxDist {
			out = append(out, Match{Pos: int(i), Distance: d})
		}
	}
	return out
}
