package sendook_test

import (
	"context"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// WithHeader refuses, before anything is sent, the headers the client owns
// (Authorization, Idempotency-Key), the hop-by-hop ones and malformed ones.
func TestWithHeaderRefuses(t *testing.T) {
	tests := []struct{ key, value string }{
		{"Authorization", "Bearer other"},
		{"authorization", "Bearer other"},
		{"Idempotency-Key", "abc"},
		{"Proxy-Authorization", "Basic x"},
		{"Proxy-Connection", "keep-alive"},
		{"Connection", "close"},
		{"Keep-Alive", "timeout=5"},
		{"TE", "trailers"},
		{"Trailer", "X-Checksum"},
		{"Transfer-Encoding", "chunked"},
		{"Upgrade", "websocket"},
		{"Host", "evil.example"},
		{"Content-Length", "0"},
		{"", "value"},
		{"X Bad Name", "v"},
		{"X-Fine", "line\r\nX-Injected: 1"},
		{"X-Fine", "nul\x00"},
	}
	for _, tc := range tests {
		t.Run(tc.key+"="+tc.value, func(t *testing.T) {
			client, mock := mockClient(t)
			_, err := client.Inboxes.Get(context.Background(), inboxID, sendook.WithHeader("X-Ok", "1"), sendook.WithHeader(tc.key, tc.value))
			var verr *sendook.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "WithHeader", verr.Field)
			assert.ErrorIs(t, err, sendook.ErrInvalidRequest)
			assert.Zero(t, mock.GetTotalCallCount(), "a request was sent")
		})
	}
}

// A header given with WithHeader goes out on every attempt of the call,
// and on no other call.
func TestWithHeaderOnEveryAttempt(t *testing.T) {
	srv := newAttemptServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		status(map[bool]int{true: 503, false: 200}[n < 3])(n, w, r)
	})
	client := srv.client()
	_, err := client.Inboxes.Get(context.Background(), inboxID, sendook.WithHeader("X-Trace", "a"), sendook.WithHeader("X-Trace", "b"), sendook.WithHeader("User-Agent", "mine/1"))
	require.NoError(t, err)
	_, err = client.Inboxes.Get(context.Background(), inboxID)
	require.NoError(t, err)
	seen := srv.seen()
	require.Len(t, seen, 4)
	for i, r := range seen[:3] {
		assert.Equal(t, []string{"a", "b"}, r.header.Values("X-Trace"), "attempt %d", i+1)
		assert.Equal(t, "mine/1", r.header.Get("User-Agent"), "attempt %d", i+1)
		assert.Equal(t, "Bearer "+testAPIKey, r.header.Get("Authorization"))
	}
	assert.Empty(t, seen[3].header.Values("X-Trace"), "the header leaked into the next call")
	assert.Regexp(t, `^sendook-go/`, seen[3].header.Get("User-Agent"))
}

// WithResponseInfo is filled when the call returns, on success and on API
// errors alike.
func TestWithResponseInfo(t *testing.T) {
	tests := []struct {
		name   string
		answer func(int, http.ResponseWriter, *http.Request)
		call   func(context.Context, *sendook.Client, ...sendook.RequestOption) error
		want   sendook.ResponseInfo // Header is checked for X-Probe only
		errIs  error
	}{
		{
			name: "success after a retry",
			answer: func(n int, w http.ResponseWriter, r *http.Request) {
				status(map[bool]int{true: 503, false: 200}[n == 1], "X-Request-Id", "req_1", "X-Probe", "yes")(n, w, r)
			},
			call: getInbox,
			want: sendook.ResponseInfo{StatusCode: 200, RequestID: "req_1", Attempts: 2},
		},
		{
			name:   "send with rate-limit headers",
			answer: status(200, "RateLimit", "limit=100, remaining=99, reset=3599", "RateLimit-Policy", "100;w=3600", "Request-Id", "req_2", "X-Probe", "yes"),
			call:   getInbox,
			want:   sendook.ResponseInfo{StatusCode: 200, RequestID: "req_2", Attempts: 1, RateLimit: &sendook.RateLimit{Limit: 100, Remaining: 99, Reset: 3599 * time.Second}},
		},
		{
			name:   "API error",
			answer: status(404, "X-Request-Id", "req_3", "X-Probe", "yes"),
			call:   getInbox,
			want:   sendook.ResponseInfo{StatusCode: 404, RequestID: "req_3", Attempts: 1},
			errIs:  sendook.ErrNotFound,
		},
		{
			name:   "rate limited, retries exhausted",
			answer: status(429, "Retry-After", "0", "RateLimit", "limit=100, remaining=0, reset=0", "X-Probe", "yes"),
			call:   getInbox,
			want:   sendook.ResponseInfo{StatusCode: 429, Attempts: 4, RateLimit: &sendook.RateLimit{Limit: 100, Remaining: 0, Reset: 0}},
			errIs:  sendook.ErrRateLimited,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newAttemptServer(t, tc.answer)
			var info sendook.ResponseInfo
			err := tc.call(context.Background(), srv.client(), sendook.WithResponseInfo(&info))
			if tc.errIs != nil {
				require.ErrorIs(t, err, tc.errIs)
			} else {
				require.NoError(t, err)
			}
			assert.Equal(t, "yes", info.Header.Get("X-Probe"))
			info.Header = nil
			assert.Equal(t, tc.want, info)
		})
	}
}

// RateLimit is read from the RateLimit and RateLimit-Policy headers in
// their common forms; it is nil when there are none, and junk is ignored.
func TestResponseInfoRateLimit(t *testing.T) {
	tests := []struct {
		name   string
		header []string
		want   *sendook.RateLimit
	}{
		{"none", nil, nil},
		{"the send endpoint's", []string{"RateLimit", "limit=100, remaining=99, reset=3599", "RateLimit-Policy", "100;w=3600"}, &sendook.RateLimit{Limit: 100, Remaining: 99, Reset: 3599 * time.Second}},
		{"limit from the policy only", []string{"RateLimit", "remaining=5, reset=60", "RateLimit-Policy", "100;w=3600"}, &sendook.RateLimit{Limit: 100, Remaining: 5, Reset: time.Minute}},
		{"policy alone", []string{"RateLimit-Policy", "100;w=3600"}, &sendook.RateLimit{Limit: 100, Remaining: 0, Reset: 0}},
		{"spaces and case", []string{"RateLimit", " Limit = 10 ;Remaining=3 , RESET=\"7\" "}, &sendook.RateLimit{Limit: 10, Remaining: 3, Reset: 7 * time.Second}},
		{"structured-field form", []string{"RateLimit", `"default";r=50;t=30`, "RateLimit-Policy", `"default";q=100;w=60`}, &sendook.RateLimit{Limit: 100, Remaining: 50, Reset: 30 * time.Second}},
		{"junk", []string{"RateLimit", "lots, remaining=many, reset=-4, limit=1e9999, =,;;", "RateLimit-Policy", "w=;;"}, nil},
		{"junk beside a good value", []string{"RateLimit", "remaining=x, limit=100, reset=soon"}, &sendook.RateLimit{Limit: 100}},
		{"huge reset", []string{"RateLimit", "limit=1, remaining=0, reset=99999999999999"}, &sendook.RateLimit{Limit: 1, Reset: 100 * 365 * 24 * time.Hour}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := newAttemptServer(t, status(200, tc.header...))
			var info sendook.ResponseInfo
			require.NoError(t, getInbox(context.Background(), srv.client(), sendook.WithResponseInfo(&info)))
			assert.Equal(t, tc.want, info.RateLimit)
		})
	}
}

func getInbox(ctx context.Context, c *sendook.Client, opts ...sendook.RequestOption) error {
	_, err := c.Inboxes.Get(ctx, inboxID, opts...)
	return err
}

// When no response came at all, ResponseInfo still counts the attempts.
func TestWithResponseInfoWithoutAResponse(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())
	info := sendook.ResponseInfo{StatusCode: -1, RequestID: "stale"}
	client := sendook.NewClient(testAPIKey, sendook.WithBaseURL("http://"+addr), sendook.WithMaxRetries(2), sendook.WithRetryWait(time.Millisecond, time.Millisecond))
	require.Error(t, getInbox(context.Background(), client, sendook.WithResponseInfo(&info)))
	assert.Equal(t, sendook.ResponseInfo{Attempts: 3}, info)
}
