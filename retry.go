package sendook

import (
	"context"
	crand "crypto/rand"
	"encoding/hex"
	"errors"
	"log/slog"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/httptrace"
	"strings"
	"sync/atomic"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// attempt records, for calls other than reads, how far the current try got,
// so that a write is retried only when the server cannot have acted on it.
type attempt struct {
	kind    callKind
	gotConn atomic.Bool // a connection was obtained
	sent    atomic.Bool // the whole request was written on it
}

// withAttempt returns ctx carrying a trace of how far each try of a call of
// the given kind got, and that record. A request cut off before its end
// cannot be acted on: its JSON body is incomplete.
func withAttempt(ctx context.Context, kind callKind) (context.Context, *attempt) {
	a := &attempt{kind: kind}
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) {
			a.gotConn.Store(false)
			a.sent.Store(false)
		},
		GotConn:      func(httptrace.GotConnInfo) { a.gotConn.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) { a.sent.Store(info.Err == nil) },
	}), a
}

// retryVerdict is what checkRetry decides about one attempt.
type retryVerdict struct {
	retry bool
	// wait is the server's hint, when hinted; else the backoff applies.
	wait   time.Duration
	hinted bool
}

// checkRetry decides whether an attempt that ended with resp or err is
// retried, as the README's table under "Retries and rate limits" says. a
// is nil for reads.
func (c *Client) checkRetry(ctx context.Context, kind callKind, a *attempt, resp *http.Response, err error) retryVerdict {
	if ctx.Err() != nil {
		return retryVerdict{}
	}
	mayRepeat := kind != write || c.retryWrites
	var v retryVerdict
	if err != nil {
		var tooLarge *tooLargeError
		switch {
		case errors.As(err, &tooLarge):
		case resp != nil:
			// Only a redirect refused by a CheckRedirect comes back with
			// both a response and an error: the refusal stands.
		default:
			// retryablehttp knows which transport errors are permanent
			// (bad certificates, an unsupported scheme, an invalid
			// header).
			if transient, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err); transient {
				v.retry = mayRepeat || neverSent(a, err)
			}
		}
		return v
	}
	switch code := resp.StatusCode; {
	case code == http.StatusTooManyRequests:
		// The limiter refuses before any work is done, so even a write may
		// be repeated once the server says when.
		v.wait, v.hinted = retryHint(resp.Header, time.Now())
		v.retry = v.hinted
	case code == http.StatusServiceUnavailable:
		v.wait, v.hinted = retryHint(resp.Header, time.Now())
		v.retry = mayRepeat
	case code >= 500 && code != http.StatusNotImplemented:
		v.retry = mayRepeat
	}
	if v.retry && v.hinted {
		// A hint past the max wait, or past the context's deadline, is not
		// waited for: the caller gets the answer and its RetryAfter now.
		if deadline, ok := ctx.Deadline(); v.wait > c.retryWaitMax || (ok && v.wait > time.Until(deadline)) {
			v.retry = false
		}
	}
	return v
}

// neverSent reports whether a failed attempt provably never reached the
// server: the connection could not be made, or the request was not written
// on it whole.
func neverSent(a *attempt, err error) bool {
	var opErr *net.OpError
	if errors.As(err, &opErr) && opErr.Op == "dial" {
		return true
	}
	var dnsErr *net.DNSError
	if errors.As(err, &dnsErr) {
		return true
	}
	// Only net/http's own transport reports GotConn; for any other the
	// trace says nothing, and nothing is assumed.
	return a != nil && a.gotConn.Load() && !a.sent.Load()
}

// backoff returns how long to wait before retry number n+1: uniformly
// random in [max(min, c/2), c], c = min(max, b·2^(n+1)), where b is the
// minimum wait, or max/16 when that is 0 (see WithRetryWait). The jitter
// keeps clients that failed together from retrying together.
func (c *Client) backoff(n int) time.Duration {
	lo, hi := c.retryWaitMin, c.retryWaitMax
	base := lo
	if base == 0 {
		base = hi / 16
	}
	ceiling := hi
	if n < 62 && base > 0 && base <= hi>>(n+1) {
		ceiling = base << (n + 1)
	}
	floor := max(lo, ceiling/2)
	if ceiling <= floor {
		return floor
	}
	return floor + rand.N(ceiling-floor+1)
}

// pause waits d, or until ctx ends; it reports whether the wait was whole.
func pause(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return ctx.Err() == nil
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return false
	case <-t.C:
		return true
	}
}

// newIdempotencyKey returns 128 random bits, hex-encoded.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = crand.Read(b[:]) // never fails on supported platforms
	return hex.EncodeToString(b[:])
}

func (c *Client) logRequest(req *http.Request, n int) {
	ctx := req.Context()
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	c.logger.DebugContext(ctx, "sendook: request",
		"method", req.Method, "url", req.URL.Redacted(), "attempt", n,
		"headers", redactHeaders(req.Header))
}

func (c *Client) logResponse(req *http.Request, resp *http.Response) {
	ctx := req.Context()
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	c.logger.DebugContext(ctx, "sendook: response",
		"method", req.Method, "url", req.URL.Redacted(), "status", statusText(resp.StatusCode),
		"request_id", firstHeader(resp.Header, requestIDHeaders...))
}

func (c *Client) logFailure(ctx context.Context, err error, retry bool) {
	if c.logger != nil {
		c.logger.DebugContext(ctx, "sendook: request failed", "error", err.Error(), "retry", retry)
	}
}

// redactHeaders returns h for logging, with credentials hidden.
func redactHeaders(h http.Header) map[string]string {
	out := make(map[string]string, len(h))
	for name, values := range h {
		switch http.CanonicalHeaderKey(name) {
		case "Authorization", "Cookie", "Proxy-Authorization":
			out[name] = redactedText
		default:
			out[name] = strings.Join(values, ", ")
		}
	}
	return out
}
