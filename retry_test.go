package sendook_test

import (
	"context"
	"errors"
	"io"
	"log"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// attemptServer answers each request with answer(n), n counting from 1, and
// records every request it saw.
type attemptServer struct {
	*httptest.Server
	mu       sync.Mutex
	requests []seenRequest
	// open counts the connections open on the server's side.
	open atomic.Int32
}

type seenRequest struct {
	idempotencyKey string
	body           string
	header         http.Header
}

func newAttemptServer(t *testing.T, answer func(n int, w http.ResponseWriter, r *http.Request)) *attemptServer {
	t.Helper()
	s := &attemptServer{}
	s.Server = httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.requests = append(s.requests, seenRequest{idempotencyKey: r.Header.Get("Idempotency-Key"), body: string(body), header: r.Header.Clone()})
		n := len(s.requests)
		s.mu.Unlock()
		answer(n, w, r)
	}))
	s.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		switch state {
		case http.StateNew:
			s.open.Add(1)
		case http.StateClosed, http.StateHijacked:
			s.open.Add(-1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	return s
}

func (s *attemptServer) attempts() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.requests)
}

func (s *attemptServer) seen() []seenRequest {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]seenRequest(nil), s.requests...)
}

func (s *attemptServer) client(opts ...sendook.Option) *sendook.Client {
	base := []sendook.Option{sendook.WithBaseURL(s.URL), sendook.WithRetryWait(time.Millisecond, 5*time.Millisecond)}
	return sendook.NewClient(testAPIKey, append(base, opts...)...)
}

func status(code int, header ...string) func(int, http.ResponseWriter, *http.Request) {
	return func(_ int, w http.ResponseWriter, _ *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(code)
		if code == http.StatusOK {
			io.WriteString(w, inboxJSON)
		}
	}
}

// hangUp closes the connection after the whole request was read, without an
// answer: the server may have acted on it.
func hangUp(_ int, w http.ResponseWriter, _ *http.Request) {
	conn, _, err := w.(http.Hijacker).Hijack()
	if err == nil {
		conn.Close()
	}
}

// A read and a write, the two kinds the retry table tells apart.
var (
	readCall = func(ctx context.Context, c *sendook.Client) error {
		_, err := c.Inboxes.Get(ctx, inboxID)
		return err
	}
	writeCall = func(ctx context.Context, c *sendook.Client) error {
		_, err := c.Messages.Send(ctx, inboxID, &sendook.SendMessageParams{To: []string{"ada@example.com"}, Subject: "Hi"})
		return err
	}
)

// The contract's retry table, row by row: how many attempts each failure
// gets for a read, a write, and a write under WithRetryWrites.
func TestRetryTable(t *testing.T) {
	const maxRetries = 3
	tests := []struct {
		name   string
		answer func(int, http.ResponseWriter, *http.Request)
		// attempts for a read, a write, and a write with WithRetryWrites.
		read, write, writeOptIn int
		wantStatus              int // of the final *APIError; 0 for a transport error
	}{
		{"500 forever", status(500), 4, 1, 4, 500},
		{"502 forever", status(502), 4, 1, 4, 502},
		{"501 is never retried", status(501), 1, 1, 1, 501},
		{"500 then success", func(n int, w http.ResponseWriter, r *http.Request) {
			status(map[bool]int{true: 500, false: 200}[n == 1])(n, w, r)
		}, 2, 1, 2, 500},
		{"connection closed after the request", hangUp, 4, 1, 4, 0},
		{"429 with Retry-After within the max wait", status(429, "Retry-After", "0"), 4, 4, 4, 429},
		{"429 with a RateLimit reset within the max wait", status(429, "RateLimit", "limit=100, remaining=0, reset=0"), 4, 4, 4, 429},
		{"429 without a hint", status(429), 1, 1, 1, 429},
		{"429 with a hint over the max wait", status(429, "Retry-After", "3600"), 1, 1, 1, 429},
		{"503 with Retry-After within the max wait", status(503, "Retry-After", "0"), 4, 1, 4, 503},
		{"503 with a hint over the max wait", status(503, "Retry-After", "3600"), 1, 1, 1, 503},
		{"400", status(400), 1, 1, 1, 400},
		{"404", status(404), 1, 1, 1, 404},
		{"401", status(401), 1, 1, 1, 401},
	}
	for _, tc := range tests {
		for _, kind := range []struct {
			name string
			call func(context.Context, *sendook.Client) error
			opts []sendook.Option
			want int
		}{
			{"read", readCall, nil, tc.read},
			{"write", writeCall, nil, tc.write},
			{"write with WithRetryWrites", writeCall, []sendook.Option{sendook.WithRetryWrites()}, tc.writeOptIn},
		} {
			t.Run(tc.name+"/"+kind.name, func(t *testing.T) {
				srv := newAttemptServer(t, tc.answer)
				client := srv.client(append(kind.opts, sendook.WithMaxRetries(maxRetries))...)
				err := kind.call(context.Background(), client)
				assert.Equal(t, kind.want, srv.attempts(), "attempts")
				succeeded := tc.name == "500 then success" && kind.want == 2
				if succeeded {
					require.NoError(t, err)
					return
				}
				require.Error(t, err)
				var apiErr *sendook.APIError
				if tc.wantStatus == 0 {
					assert.False(t, errors.As(err, &apiErr), "a transport failure is not an APIError: %v", err)
					return
				}
				require.ErrorAs(t, err, &apiErr, "the last response comes back as an *APIError")
				assert.Equal(t, tc.wantStatus, apiErr.StatusCode)
				assert.NotContains(t, err.Error(), "giving up")
			})
		}
	}
}

// A connection that cannot be made never reached the server, so even a
// write is retried.
func TestRetryWhenTheConnectionIsRefused(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close())

	for _, tc := range []struct {
		name string
		call func(context.Context, *sendook.Client) error
	}{{"read", readCall}, {"write", writeCall}} {
		t.Run(tc.name, func(t *testing.T) {
			counter := &countingTransport{rt: http.DefaultTransport}
			client := sendook.NewClient(testAPIKey, sendook.WithBaseURL("http://"+addr),
				sendook.WithHTTPClient(&http.Client{Transport: counter}),
				sendook.WithRetryWait(time.Millisecond, time.Millisecond), sendook.WithMaxRetries(2))
			err := tc.call(context.Background(), client)
			require.Error(t, err)
			var opErr *net.OpError
			assert.ErrorAs(t, err, &opErr, "the transport error stays wrapped")
			assert.EqualValues(t, 3, counter.n.Load(), "attempts")
		})
	}
}

// A per-attempt timeout may fire after the server got the request: reads
// are retried, writes are not.
func TestRetryAfterAnAttemptTimesOut(t *testing.T) {
	for _, tc := range []struct {
		name string
		call func(context.Context, *sendook.Client) error
		opts []sendook.Option
		want int
	}{
		{"read", readCall, nil, 3},
		{"write", writeCall, nil, 1},
		{"write with WithRetryWrites", writeCall, []sendook.Option{sendook.WithRetryWrites()}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newAttemptServer(t, func(_ int, _ http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
			hc := &http.Client{Timeout: 20 * time.Millisecond}
			err := tc.call(context.Background(), srv.client(append(tc.opts, sendook.WithHTTPClient(hc), sendook.WithMaxRetries(2))...))
			require.Error(t, err)
			assert.Equal(t, tc.want, srv.attempts())
		})
	}
}

// Every attempt of one call sends the same body and Idempotency-Key; the
// next call sends a new key.
func TestRetriesRepeatTheSameRequest(t *testing.T) {
	for _, tc := range []struct {
		name string
		call func(context.Context, *sendook.Client) error
		opts []sendook.Option
	}{
		{"send with WithRetryWrites", writeCall, []sendook.Option{sendook.WithRetryWrites()}},
		{"verify", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Domains.Verify(ctx, "agents.example.com")
			return err
		}, nil},
		{"webhook test", func(ctx context.Context, c *sendook.Client) error { return c.Webhooks.Test(ctx, webhookID) }, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newAttemptServer(t, status(503))
			client := srv.client(append(tc.opts, sendook.WithMaxRetries(2))...)
			require.Error(t, tc.call(context.Background(), client))
			require.Error(t, tc.call(context.Background(), client))
			seen := srv.seen()
			require.Len(t, seen, 6)
			first, second := seen[:3], seen[3:]
			for _, attempts := range [][]seenRequest{first, second} {
				assert.NotEmpty(t, attempts[0].idempotencyKey)
				for _, a := range attempts[1:] {
					assert.Equal(t, attempts[0].idempotencyKey, a.idempotencyKey, "a retry differs from the first attempt")
					assert.Equal(t, attempts[0].body, a.body, "a retry differs from the first attempt")
				}
			}
			assert.NotEqual(t, first[0].idempotencyKey, second[0].idempotencyKey, "two calls share a key")
		})
	}
}

// The wait a 429 or 503 asks for is honoured when the context leaves time
// for it; a hint longer than the time left fails at once with the
// server's answer and its RetryAfter, instead of sleeping into the
// deadline.
func TestRetryAfterAndTheTimeLeft(t *testing.T) {
	for _, code := range []int{http.StatusTooManyRequests, http.StatusServiceUnavailable} {
		sentinel := map[int]error{429: sendook.ErrRateLimited, 503: sendook.ErrServer}[code]
		t.Run(strconv.Itoa(code)+" with a hint within the time left", func(t *testing.T) {
			srv := newAttemptServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
				status(map[bool]int{true: code, false: 200}[n == 1], "Retry-After", "1")(n, w, r)
			})
			ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
			defer cancel()
			require.NoError(t, readCall(ctx, srv.client(sendook.WithRetryWait(time.Millisecond, 10*time.Second))))
			assert.Equal(t, 2, srv.attempts())
		})
		t.Run(strconv.Itoa(code)+" with a hint past the deadline", func(t *testing.T) {
			srv := newAttemptServer(t, status(code, "Retry-After", "60"))
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := readCall(ctx, srv.client(sendook.WithRetryWait(time.Millisecond, time.Hour)))
			require.NoError(t, ctx.Err(), "the call slept into its deadline")
			require.ErrorIs(t, err, sentinel)
			assert.NotErrorIs(t, err, context.DeadlineExceeded)
			var apiErr *sendook.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, time.Minute, apiErr.RetryAfter)
			assert.Equal(t, 1, srv.attempts())
		})
	}
}

// When the context ends during retries, the error keeps the last attempt's
// cause, in its text and in its chain, beside the context's error.
func TestContextEndKeepsTheLastCause(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	refused := "http://" + ln.Addr().String()
	require.NoError(t, ln.Close())

	tests := []struct {
		name     string
		answer   func(int, http.ResponseWriter, *http.Request) // nil: the connection is refused
		wait     time.Duration
		wantIs   error
		wantAs   any
		wantText string
	}{
		{name: "503 then the deadline, while waiting", answer: status(503), wait: 200 * time.Millisecond, wantIs: sendook.ErrServer, wantText: "503"},
		{name: "connection refused, then the deadline, while waiting", wait: 200 * time.Millisecond, wantAs: new(*net.OpError), wantText: "connection refused"},
		{name: "503 then the deadline, during the next attempt", answer: func(n int, w http.ResponseWriter, r *http.Request) {
			if n == 1 {
				status(503)(n, w, r)
				return
			}
			<-r.Context().Done()
		}, wait: time.Millisecond, wantIs: sendook.ErrServer, wantText: "503"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			base := refused
			if tc.answer != nil {
				base = newAttemptServer(t, tc.answer).URL
			}
			client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(base), sendook.WithRetryWait(tc.wait, tc.wait), sendook.WithMaxRetries(10))
			ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
			defer cancel()
			err := readCall(ctx, client)
			require.ErrorIs(t, err, context.DeadlineExceeded)
			if tc.wantIs != nil {
				assert.ErrorIs(t, err, tc.wantIs)
			}
			if tc.wantAs != nil {
				assert.ErrorAs(t, err, tc.wantAs)
			}
			var apiErr *sendook.APIError
			assert.False(t, errors.As(err, &apiErr), "a call that ended with its context is never an *APIError")
			assert.Contains(t, err.Error(), tc.wantText)
			assert.Contains(t, err.Error(), "deadline exceeded")
			assert.Equal(t, 1, strings.Count(err.Error(), "sendook:"), err.Error())
			assert.NotContains(t, err.Error(), testAPIKey)
		})
	}
}

// Cancelling the context ends the wait between attempts at once; the
// error matches the cancellation and the last attempt's failure.
func TestRetryWaitEndsOnCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	srv := newAttemptServer(t, status(http.StatusServiceUnavailable))
	// The client logs its response just before it starts waiting.
	onResponse := slog.New(handlerFunc(func(r slog.Record) {
		if r.Message == "sendook: response" {
			cancel()
		}
	}))
	client := srv.client(sendook.WithRetryWait(time.Hour, time.Hour), sendook.WithLogger(onResponse))
	err := readCall(ctx, client)
	require.ErrorIs(t, err, context.Canceled)
	assert.ErrorIs(t, err, sendook.ErrServer, "the last attempt's cause")
	assert.Equal(t, 1, srv.attempts())
}

// handlerFunc is a debug-level slog.Handler that calls a function.
type handlerFunc func(slog.Record)

func (f handlerFunc) Enabled(context.Context, slog.Level) bool      { return true }
func (f handlerFunc) Handle(_ context.Context, r slog.Record) error { f(r); return nil }
func (f handlerFunc) WithAttrs([]slog.Attr) slog.Handler            { return f }
func (f handlerFunc) WithGroup(string) slog.Handler                 { return f }

func TestMaxRetriesZeroDisablesRetries(t *testing.T) {
	srv := newAttemptServer(t, status(500))
	err := readCall(context.Background(), srv.client(sendook.WithMaxRetries(0)))
	require.ErrorIs(t, err, sendook.ErrServer)
	assert.Equal(t, 1, srv.attempts())
}

func TestDefaultMaxRetriesIsThree(t *testing.T) {
	srv := newAttemptServer(t, status(500))
	require.Error(t, readCall(context.Background(), srv.client()))
	assert.Equal(t, 4, srv.attempts())
}

// Without WithLogger the client prints nothing, retries included: not on
// standard output or error, nor through the standard logger.
func TestRetriesPrintNothing(t *testing.T) {
	srv := newAttemptServer(t, status(500))
	var callErr error
	printed := captureOutput(t, func() { callErr = readCall(context.Background(), srv.client()) })
	require.Error(t, callErr)
	assert.Equal(t, 4, srv.attempts())
	assert.Empty(t, printed)
}

// captureOutput runs f and returns what it printed to standard output,
// standard error and the standard logger.
func captureOutput(t *testing.T, f func()) string {
	t.Helper()
	r, w, err := os.Pipe()
	require.NoError(t, err)
	var printed []byte
	done := make(chan struct{})
	go func() {
		defer close(done)
		printed, _ = io.ReadAll(r)
	}()
	stderr, stdout, logOut := os.Stderr, os.Stdout, log.Writer()
	os.Stderr, os.Stdout = w, w
	log.SetOutput(w)
	func() {
		defer func() {
			os.Stderr, os.Stdout = stderr, stdout
			log.SetOutput(logOut)
		}()
		f()
	}()
	require.NoError(t, w.Close())
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("the output pipe was not closed")
	}
	return string(printed)
}

// The standard logger is seen: a log line printed during f is caught.
func TestCaptureOutputSeesTheStandardLogger(t *testing.T) {
	assert.Contains(t, captureOutput(t, func() { log.Print("caught") }), "caught")
}

type countingTransport struct {
	rt http.RoundTripper
	n  atomic.Int32
}

func (c *countingTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	c.n.Add(1)
	return c.rt.RoundTrip(r)
}
