package sendook

import (
	"net/http"
	"testing"
	"time"
)

// The limits the README's "Other options, limits and timeouts" table
// documents are the ones a new client has.
func TestDocumentedDefaults(t *testing.T) {
	c := NewClient("key")
	for _, tc := range []struct {
		name      string
		got, want any
	}{
		{"response header timeout", c.transport.ResponseHeaderTimeout, 2 * time.Minute},
		{"stall timeout", c.stallTimeout, 30 * time.Second},
		{"response body limit", c.maxResponseBytes, int64(64 << 20)},
		{"idle connections per host", c.transport.MaxIdleConnsPerHost, 64},
		{"max retries", c.maxRetries, 3},
		{"retry wait", [2]time.Duration{c.retryWaitMin, c.retryWaitMax}, [2]time.Duration{500 * time.Millisecond, 30 * time.Second}},
	} {
		if tc.got != tc.want {
			t.Errorf("%s: %v, want %v", tc.name, tc.got, tc.want)
		}
	}
	// The caller's client is used as it is: no transport of the SDK's.
	if c := NewClient("key", WithHTTPClient(&http.Client{})); c.transport != nil || c.own != nil {
		t.Error("a client with WithHTTPClient made a transport of its own")
	}
}
