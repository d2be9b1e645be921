package sendook

import (
	"fmt"
	"net/http"
	"testing"
	"time"
)

// The wait before each retry, attempt 0 included, is spread over the range
// the WithRetryWait docs give: uniform in [max(min, c/2), c] with
// c = min(max, b·2^(n+1)), b being min, or max/16 when min is 0.
func TestBackoffDistribution(t *testing.T) {
	const ms = time.Millisecond
	type span struct{ lo, hi time.Duration }
	tests := []struct {
		min, max time.Duration
		want     map[int]span // attempt → range
	}{
		{100 * ms, 3 * time.Second, map[int]span{0: {100 * ms, 200 * ms}, 1: {200 * ms, 400 * ms}, 2: {400 * ms, 800 * ms}, 3: {800 * ms, 1600 * ms}, 4: {1500 * ms, 3000 * ms}, 10: {1500 * ms, 3000 * ms}, 69: {1500 * ms, 3000 * ms}}},
		{0, 1600 * ms, map[int]span{0: {100 * ms, 200 * ms}, 1: {200 * ms, 400 * ms}, 3: {800 * ms, 1600 * ms}, 4: {800 * ms, 1600 * ms}, 40: {800 * ms, 1600 * ms}}},
		{defaultRetryWaitMin, defaultRetryWaitMax, map[int]span{0: {500 * ms, time.Second}, 4: {8 * time.Second, 16 * time.Second}, 5: {15 * time.Second, 30 * time.Second}}},
		{2 * time.Second, 3 * time.Second, map[int]span{0: {2 * time.Second, 3 * time.Second}, 7: {2 * time.Second, 3 * time.Second}}},
		{time.Second, time.Second, map[int]span{0: {time.Second, time.Second}, 3: {time.Second, time.Second}}},
		{0, 0, map[int]span{0: {0, 0}, 5: {0, 0}}},
	}
	const samples = 4000
	for _, tc := range tests {
		c := NewClient("key", WithRetryWait(tc.min, tc.max))
		for attempt, want := range tc.want {
			t.Run(fmt.Sprintf("%v-%v/attempt %d", tc.min, tc.max, attempt), func(t *testing.T) {
				var sum time.Duration
				var lower, upper int
				mid := want.lo + (want.hi-want.lo)/2
				for i := 0; i < samples; i++ {
					wait := c.backoff(attempt)
					if wait < want.lo || wait > want.hi {
						t.Fatalf("wait %v outside [%v, %v]", wait, want.lo, want.hi)
					}
					sum += wait
					if wait < mid {
						lower++
					} else {
						upper++
					}
				}
				if want.lo == want.hi {
					return
				}
				// Uniform: about half on either side of the middle, and a
				// mean near it.
				if lower < samples/3 || upper < samples/3 {
					t.Errorf("%d waits below the middle, %d above: not spread over the range", lower, upper)
				}
				mean := sum / samples
				if tolerance := (want.hi - want.lo) / 10; mean < mid-tolerance || mean > mid+tolerance {
					t.Errorf("mean wait %v, want about %v", mean, mid)
				}
			})
		}
	}
}

func TestRetryHint(t *testing.T) {
	now := time.Date(2026, 11, 27, 12, 0, 0, 0, time.UTC)
	tests := []struct {
		header http.Header
		want   time.Duration
		ok     bool
	}{
		{http.Header{"Retry-After": {"120"}}, 2 * time.Minute, true},
		{http.Header{"Retry-After": {" 0 "}}, 0, true},
		{http.Header{"Retry-After": {now.Add(90 * time.Second).Format(http.TimeFormat)}}, 90 * time.Second, true},
		{http.Header{"Retry-After": {now.Add(-time.Hour).Format(http.TimeFormat)}}, 0, true},
		{http.Header{"Ratelimit": {"limit=100, remaining=0, reset=42"}}, 42 * time.Second, true},
		{http.Header{"Ratelimit": {`limit=100, remaining=0, reset="7"`}}, 7 * time.Second, true},
		{http.Header{"Retry-After": {"-5"}}, 0, false},
		{http.Header{"Retry-After": {"soon"}}, 0, false},
		{http.Header{"Ratelimit": {"limit=100, remaining=0"}}, 0, false},
		{http.Header{"Retry-After": {"99999999999999999999"}}, 0, false},
		{http.Header{"Retry-After": {"9223372036854775807"}}, 100 * 365 * 24 * time.Hour, true},
		{http.Header{}, 0, false},
	}
	for _, tc := range tests {
		got, ok := retryHint(tc.header, now)
		if got != tc.want || ok != tc.ok {
			t.Errorf("%v: got %v, %v; want %v, %v", tc.header, got, ok, tc.want, tc.ok)
		}
	}
}
