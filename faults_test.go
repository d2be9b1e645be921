package sendook_test

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// The fault matrix: a misbehaving server, case by case, for a read and for a
// send. Each case checks what the caller gets, how many attempts were made,
// and that a send was never carried out twice.
func TestFaultMatrix(t *testing.T) {
	const maxRetries = 3
	httpDate := func(d time.Duration) string { return time.Now().Add(d).UTC().Format(http.TimeFormat) }
	tests := []struct {
		name        string
		answer      func(n int, w http.ResponseWriter, r *http.Request)
		ctxTimeout  time.Duration
		read, write outcome
	}{
		{
			name: "5xx then success",
			answer: func(n int, w http.ResponseWriter, r *http.Request) {
				status(map[bool]int{true: 502, false: 200}[n == 1])(n, w, r)
			},
			read: outcome{attempts: 2}, write: outcome{attempts: 1, err: sendook.ErrServer, status: 502},
		},
		{
			name:   "5xx forever",
			answer: status(503),
			read:   outcome{attempts: 4, err: sendook.ErrServer, status: 503}, write: outcome{attempts: 1, err: sendook.ErrServer, status: 503},
		},
		{
			name:   "Express HTML 500",
			answer: htmlError,
			read:   outcome{attempts: 4, err: sendook.ErrServer, status: 500}, write: outcome{attempts: 1, err: sendook.ErrServer, status: 500},
		},
		{
			name:   "connection dropped after the request was read",
			answer: hangUp,
			read:   outcome{attempts: 4, err: io.EOF}, write: outcome{attempts: 1, err: io.EOF},
		},
		{
			name: "slow server past the context deadline", ctxTimeout: 50 * time.Millisecond,
			answer: func(_ int, _ http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
			read:   outcome{attempts: 1, err: context.DeadlineExceeded}, write: outcome{attempts: 1, err: context.DeadlineExceeded},
		},
		{
			name:   "429 with Retry-After in seconds",
			answer: status(429, "Retry-After", "0"),
			read:   outcome{attempts: 4, err: sendook.ErrRateLimited, status: 429}, write: outcome{attempts: 4, err: sendook.ErrRateLimited, status: 429},
		},
		{
			name:   "429 with Retry-After as an HTTP date",
			answer: status(429, "Retry-After", httpDate(-time.Minute)),
			read:   outcome{attempts: 4, err: sendook.ErrRateLimited, status: 429}, write: outcome{attempts: 4, err: sendook.ErrRateLimited, status: 429},
		},
		{
			name:   "429 with RateLimit headers and no Retry-After",
			answer: status(429, "RateLimit", "limit=100, remaining=0, reset=0", "RateLimit-Policy", "100;w=3600"),
			read:   outcome{attempts: 4, err: sendook.ErrRateLimited, status: 429}, write: outcome{attempts: 4, err: sendook.ErrRateLimited, status: 429},
		},
		{
			name:   "429 whose hint exceeds the max wait",
			answer: status(429, "Retry-After", httpDate(2*time.Hour)),
			read:   outcome{attempts: 1, err: sendook.ErrRateLimited, status: 429}, write: outcome{attempts: 1, err: sendook.ErrRateLimited, status: 429},
		},
		{
			name: "body cut off before its announced length",
			answer: func(_ int, w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Length", strconv.Itoa(len(inboxJSON)))
				io.WriteString(w, inboxJSON[:20])
			},
			read: outcome{attempts: 4, err: io.ErrUnexpectedEOF}, write: outcome{attempts: 1, err: io.ErrUnexpectedEOF},
		},
		{
			name:   "truncated JSON",
			answer: func(_ int, w http.ResponseWriter, _ *http.Request) { io.WriteString(w, inboxJSON[:20]) },
			read:   outcome{attempts: 1, err: errDecode}, write: outcome{attempts: 1, err: errDecode},
		},
		{
			name:   "200 with a body that is not JSON",
			answer: func(_ int, w http.ResponseWriter, _ *http.Request) { io.WriteString(w, "<html>OK</html>") },
			read:   outcome{attempts: 1, err: errDecode}, write: outcome{attempts: 1, err: errDecode},
		},
		{
			name: "endless body",
			answer: func(_ int, w http.ResponseWriter, r *http.Request) {
				chunk := make([]byte, 64<<10)
				for r.Context().Err() == nil {
					if _, err := w.Write(chunk); err != nil {
						return
					}
				}
			},
			read: outcome{attempts: 1, err: sendook.ErrResponseTooLarge}, write: outcome{attempts: 1, err: sendook.ErrResponseTooLarge},
		},
	}

	var duplicates atomic.Int32
	for _, tc := range tests {
		for _, kind := range []struct {
			name string
			call func(context.Context, *sendook.Client) error
			want outcome
		}{{"read", readCall, tc.read}, {"send", writeCall, tc.write}} {
			t.Run(tc.name+"/"+kind.name, func(t *testing.T) {
				srv := newAttemptServer(t, tc.answer)
				ctx := context.Background()
				if tc.ctxTimeout > 0 {
					var cancel context.CancelFunc
					ctx, cancel = context.WithTimeout(ctx, tc.ctxTimeout)
					defer cancel()
				}
				err := kind.call(ctx, srv.client(sendook.WithMaxRetries(maxRetries), sendook.WithRetryWait(time.Millisecond, time.Minute)))
				checkOutcome(t, kind.want, err, srv.attempts())
				if kind.name == "send" && srv.attempts() > 1 && !isRateLimitCase(kind.want) {
					duplicates.Add(int32(srv.attempts() - 1))
				}
			})
		}
	}
	assert.Zero(t, duplicates.Load(), "sends carried out twice")
	t.Logf("fault matrix: %d cases, %d duplicated sends", 2*len(tests), duplicates.Load())
}

// outcome is what a call in the fault matrix must come to.
type outcome struct {
	attempts int   // exact attempts
	err      error // what errors.Is must match; nil for success
	status   int   // the *APIError's status, when one is expected
}

// A 429 is refused by the limiter before any work, so repeating a send
// after it duplicates nothing.
func isRateLimitCase(o outcome) bool { return errors.Is(o.err, sendook.ErrRateLimited) }

// errDecode stands for "the response could not be decoded".
var errDecode = errors.New("decode error")

func checkOutcome(t *testing.T, want outcome, err error, attempts int) {
	t.Helper()
	assert.Equal(t, want.attempts, attempts, "attempts")
	if want.err == nil {
		require.NoError(t, err)
		return
	}
	require.Error(t, err)
	var apiErr *sendook.APIError
	isAPIErr := errors.As(err, &apiErr)
	switch {
	case want.status != 0:
		require.True(t, isAPIErr, "want an *APIError, got %v", err)
		assert.Equal(t, want.status, apiErr.StatusCode)
		assert.NotEmpty(t, apiErr.Message)
	default:
		assert.False(t, isAPIErr, "a failure without a status is not an *APIError: %v", err)
	}
	if want.err == errDecode {
		assert.ErrorContains(t, err, "decoding the 200 response")
	} else {
		assert.ErrorIs(t, err, want.err)
	}
	assert.NotContains(t, err.Error(), testAPIKey)
}

func htmlError(_ int, w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(http.StatusInternalServerError)
	io.WriteString(w, "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Internal Server Error</pre>\n</body>\n</html>\n")
}

// A server that accepts connections and closes them before reading
// anything: reads are retried; a send may or may not be, depending on
// whether the close beat the write, but nothing reached the server either
// way.
func TestFaultConnectionDroppedBeforeTheRequestWasRead(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	var accepted atomic.Int32
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			accepted.Add(1)
			conn.(*net.TCPConn).SetLinger(0)
			conn.Close()
		}
	}()
	defer ln.Close()
	client := sendook.NewClient(testAPIKey, sendook.WithBaseURL("http://"+ln.Addr().String()),
		sendook.WithRetryWait(time.Millisecond, time.Millisecond), sendook.WithMaxRetries(3))

	err = readCall(context.Background(), client)
	require.Error(t, err)
	var apiErr *sendook.APIError
	assert.False(t, errors.As(err, &apiErr))
	assert.EqualValues(t, 4, accepted.Load(), "read attempts")

	accepted.Store(0)
	require.Error(t, writeCall(context.Background(), client))
	assert.GreaterOrEqual(t, accepted.Load(), int32(1))
	assert.LessOrEqual(t, accepted.Load(), int32(4))
}

// A read whose body broke off is retried; when the retries then run out on
// a 503, the error carries the 503's body, not the broken one's.
func TestExhaustedRetriesReportTheLastBody(t *testing.T) {
	srv := newAttemptServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		if n == 1 {
			w.Header().Set("Content-Length", "100")
			io.WriteString(w, `{"error":"first"`)
			return
		}
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusServiceUnavailable)
		io.WriteString(w, `{"error":"attempt `+strconv.Itoa(n)+`"}`)
	})
	err := readCall(context.Background(), srv.client(sendook.WithMaxRetries(2)))
	var apiErr *sendook.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, 3, srv.attempts())
	assert.Equal(t, "attempt 3", apiErr.Message)
}
