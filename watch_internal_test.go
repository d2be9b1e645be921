package sendook

import (
	"errors"
	"fmt"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
)

func TestWatchBackoff(t *testing.T) {
	w := &watcher{interval: 2 * time.Second}
	plain := errors.New("connection refused")
	limited := &APIError{StatusCode: http.StatusTooManyRequests, RetryAfter: 90 * time.Second}
	shortHint := &APIError{StatusCode: http.StatusTooManyRequests, RetryAfter: time.Second}
	tests := []struct {
		name string
		err  error
		n    int
		want time.Duration
	}{
		{"first failure waits one interval", plain, 1, 2 * time.Second},
		{"second failure doubles it", plain, 2, 4 * time.Second},
		{"fourth failure", plain, 4, 16 * time.Second},
		{"capped at 30s", plain, 10, 30 * time.Second},
		{"a rate limit waits as the server asks", limited, 1, 90 * time.Second},
		{"wrapped, too", fmt.Errorf("sendook: GET x: %w", limited), 3, 90 * time.Second},
		{"but never less than an interval", shortHint, 1, 2 * time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, w.backoff(tt.err, tt.n))
		})
	}
}

func TestWatchBackoffKeepsLongIntervals(t *testing.T) {
	w := &watcher{interval: time.Minute}
	assert.Equal(t, time.Minute, w.backoff(errors.New("x"), 5))
}

func TestJitterStaysNearAndAboveTheFloor(t *testing.T) {
	for i := 0; i < 1000; i++ {
		d := jitter(2 * time.Second)
		assert.True(t, d >= 1800*time.Millisecond && d <= 2200*time.Millisecond, d)
		assert.GreaterOrEqual(t, jitter(time.Millisecond), minPollInterval)
	}
	seen := map[time.Duration]bool{}
	for i := 0; i < 100; i++ {
		seen[jitter(2*time.Second)] = true
	}
	assert.Greater(t, len(seen), 50, "jitter spreads the polls")
}

func TestOutbound(t *testing.T) {
	tests := []struct {
		name string
		m    Message
		want bool
	}{
		{"received", Message{Status: MessageStatusReceived, FromInboxID: "in"}, false},
		{"sent", Message{Status: MessageStatusSent}, true},
		{"delivered", Message{Status: MessageStatusDelivered}, true},
		{"bounced", Message{Status: MessageStatusBounced}, true},
		{"no status, from this inbox", Message{FromInboxID: "in"}, true},
		{"no status, from this inbox to itself", Message{FromInboxID: "in", ToInboxID: "in"}, false},
		{"no status, from elsewhere", Message{FromInboxID: "other"}, false},
		{"no status, nothing known", Message{}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			assert.Equal(t, tt.want, outbound(&tt.m, "in"))
		})
	}
}

func TestDescribeWatch(t *testing.T) {
	assert.Equal(t, "in inbox Z", describeWatch(nil, "Z"))
	assert.Equal(t, `from x@y with subject containing "code" in inbox Z`,
		describeWatch(&WatchParams{From: "x@y", Subject: "code"}, "Z"))
	assert.Equal(t, `matching "order 7" in thread T accepted by Match in inbox Z`,
		describeWatch(&WatchParams{Query: "order 7", ThreadID: "T", Match: func(*Message) bool { return true }}, "Z"))
}
