package pdq

import (
	"math/rand/v2"
	"runtime"
	"slices"
	"testing"
)

func randomHash(r *rand.Rand) Hash {
	return Hash{r.Uint64(), r.Uint64(), r.Uint64(), r.Uint64()}
}

// flip returns h with n distinct random bits flipped: at distance n.
func flip(r *rand.Rand, h Hash, n int) Hash {
	for _, k := range r.Perm(Size)[:n] {
		h[k/64] ^= 1 << (k % 64)
	}
	return h
}

// bruteForce is the linear scan the index must agree with.
func bruteForce(hashes []Hash, q Hash, maxDist int) []Match {
	var out []Match
	for i, h := range hashes {
		if d := Distance(q, h); d <= maxDist {
			out = append(out, Match{Pos: i, Distance: d})
		}
	}
	slices.SortStableFunc(out, func(a, b Match) int { return a.Distance - b.Distance })
	return out
}

// TestIndexMatchesBruteForce: for queries at every distance from 0 to 40 of
// an indexed hash, and for unrelated ones, the index returns exactly what
// a linear scan does at thresholds 31, 20 and 0: nothing within 31 missed
// (the pigeonhole on 16 chunks), nothing beyond the threshold returned.
// Near neighbours are planted in clusters so some queries match several.
func TestIndexMatchesBruteForce(t *testing.T) {
	t.Parallel()
	r := rand.New(rand.NewPCG(1, 2))
	var hashes []Hash
	for range 5000 {
		hashes = append(hashes, randomHash(r))
	}
	for i := range 500 {
		base := hashes[i]
		for range 3 {
			hashes = append(hashes, flip(r, base, r.IntN(40)))
		}
	}
	x := NewIndex(hashes)
	if x.Len() != len(hashes) || x.linear {
		t.Fatalf("Len %d, linear %v", x.Len(), x.linear)
	}
	small := NewIndex(hashes[:linearMax-1])
	if !small.linear {
		t.Fatal("a small index builds chunk tables")
	}
	found := 0
	for i := range 3000 {
		var q Hash
		if i%10 == 9 {
			q = randomHash(r)
		} else {
			q = flip(r, hashes[r.IntN(len(hashes))], i%41)
		}
		for _, maxDist := range []int{MatchDistance, 20, 0} {
			got, want := x.Query(q, maxDist), bruteForce(hashes, q, maxDist)
			if !slices.Equal(got, want) {
				t.Fatalf("query %s within %d: index %v, linear scan %v", q, maxDist, got, want)
			}
			if got, want := small.Query(q, maxDist), bruteForce(hashes[:linearMax-1], q, maxDist); !slices.Equal(got, want) {
				t.Fatalf("small index: %v, linear scan %v", got, want)
			}
			found += len(got)
		}
	}
	if found < 3000 {
		t.Errorf("only %d matches in all: the test planted too few near neighbours", found)
	}
	if got := x.Query(hashes[0], 99); len(got) == 0 || got[0] != (Match{0, 0}) {
		t.Errorf("a distance beyond 31 is capped: %v", got)
	}
}

// BenchmarkIndexQuery looks up a hash among 1,000,000 random PDQ hashes
// within distance 31 (half the queries have a planted match); it reports
// the index's heap size.
func BenchmarkIndexQuery(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	hashes := make([]Hash, 1_000_000)
	for i := range hashes {
		hashes[i] = randomHash(r)
	}
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	x := NewIndex(hashes)
	runtime.GC()
	runtime.ReadMemStats(&after)
	queries := make([]Hash, 1024)
	for i := range queries {
		if i%2 == 0 {
			queries[i] = flip(r, hashes[r.IntN(len(hashes))], r.IntN(32))
		} else {
			queries[i] = randomHash(r)
		}
	}
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		x.Query(queries[i%len(queries)], MatchDistance)
	}
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "index-MiB")
	runtime.KeepAlive(x)
}

// BenchmarkBruteForce is the linear scan of 1,000,000 hashes the index
// replaces, for comparison.
func BenchmarkBruteForce(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	hashes := make([]Hash, 1_000_000)
	for i := range hashes {
		hashes[i] = randomHash(r)
	}
	q := randomHash(r)
	for b.Loop() {
		bruteForce(hashes, q, MatchDistance)
	}
}
