package sendook

import (
	"net/http"
	"testing"
	"time"
)

// Backoff grows exponentially, is jittered, and stays within its bounds;
// a server's hint within the max wait is taken as it is.
func TestBackoffBounds(t *testing.T) {
	c := NewClient("key")
	const minWait, maxWait = 100 * time.Millisecond, 3 * time.Second
	for attempt := 0; attempt < 70; attempt++ {
		seen := map[time.Duration]bool{}
		for i := 0; i < 200; i++ {
			wait := c.backoff(minWait, maxWait, attempt, nil)
			if wait < minWait || wait > maxWait {
				t.Fatalf("attempt %d: wait %v outside [%v, %v]", attempt, wait, minWait, maxWait)
			}
			ceiling := min(minWait<<min(attempt, 30), maxWait)
			if wait < ceiling/2 || wait > ceiling {
				t.Fatalf("attempt %d: wait %v outside [%v, %v]", attempt, wait, ceiling/2, ceiling)
			}
			seen[wait] = true
		}
		if attempt > 0 && len(seen) < 10 {
			t.Fatalf("attempt %d: only %d distinct waits: no jitter", attempt, len(seen))
		}
	}

	hinted := &http.Response{StatusCode: http.StatusTooManyRequests, Header: http.Header{"Retry-After": {"2"}}}
	if wait := c.backoff(minWait, maxWait, 0, hinted); wait != 2*time.Second {
		t.Fatalf("Retry-After 2: waited %v", wait)
	}
	tooLong := &http.Response{StatusCode: http.StatusServiceUnavailable, Header: http.Header{"Retry-After": {"3600"}}}
	if wait := c.backoff(minWait, maxWait, 0, tooLong); wait > maxWait {
		t.Fatalf("a hint past the max wait was taken: %v", wait)
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
