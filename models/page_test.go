package models

import (
	"slices"
	"testing"
)

func TestNextPage(t *testing.T) {
	t.Parallel()
	id := func(n int64) int64 { return n }
	for _, tc := range []struct {
		name     string
		rows     []int64
		limit    int
		wantRows []int64
		wantNext int64
	}{
		{"OKEmpty", nil, 3, nil, 0},
		{"OKShort", []int64{9, 8}, 3, []int64{9, 8}, 0},
		{"OKExactlyFull", []int64{9, 8, 7}, 3, []int64{9, 8, 7}, 0},
		{"OKMore", []int64{9, 8, 7, 6}, 3, []int64{9, 8, 7}, 7},
		{"OKOneAPage", []int64{5, 4}, 1, []int64{5}, 5},
		{"OKZeroLimit", []int64{5}, 0, []int64{}, 0},
		{"OKNegativeLimit", []int64{5}, -1, []int64{5}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rows, next := nextPage(tc.rows, tc.limit, id)
			if !slices.Equal(rows, tc.wantRows) || next != tc.wantNext {
				t.Fatalf("nextPage(%v, %d) = %v, %d; want %v, %d", tc.rows, tc.limit, rows, next, tc.wantRows, tc.wantNext)
			}
		})
	}
}
