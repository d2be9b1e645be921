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

// newRetryClient builds the retrying client every call goes through.
func (c *Client) newRetryClient() *retryablehttp.Client {
	rc := &retryablehttp.Client{
		HTTPClient:   c.transportClient(),
		RetryWaitMin: c.retryWaitMin,
		RetryWaitMax: c.retryWaitMax,
		RetryMax:     c.maxRetries,
		CheckRetry:   c.checkRetry,
		Backoff:      c.backoff,
		// Hand back the last response so that it becomes an *APIError,
		// instead of retryablehttp's "giving up after N attempts".
		ErrorHandler: retryablehttp.PassthroughErrorHandler,
	}
	if c.logger != nil {
		rc.RequestLogHook = c.logRequest
		rc.ResponseLogHook = c.logResponse
	}
	return rc
}

// maxConnsPerHost is how many connections the default transport keeps open,
// and idle, per host.
const maxConnsPerHost = 64

// transportClient returns the *http.Client that carries each attempt.
//
// retryablehttp closes idle connections after a failed call, which would
// both throw away the pool that concurrent callers share and touch a
// caller's own client; the wrappers below hide that method.
func (c *Client) transportClient() *http.Client {
	if c.httpClient == nil {
		t := http.DefaultTransport.(*http.Transport).Clone()
		// The default keeps 2 idle connections per host: a burst of
		// concurrent calls would then open a new connection for most of
		// them, every time. Capping open connections at the idle limit
		// means none is ever opened only to be closed again; callers past
		// the cap wait for a free one (HTTP/2 multiplexes on one anyway).
		t.MaxIdleConns = 2 * maxConnsPerHost
		t.MaxIdleConnsPerHost = maxConnsPerHost
		t.MaxConnsPerHost = maxConnsPerHost
		t.ResponseHeaderTimeout = 2 * time.Minute
		return &http.Client{Transport: keepIdle{t}}
	}
	// Go through the caller's client as it is at each call, so that its
	// Transport, Timeout, Jar and redirect policy all apply.
	return &http.Client{
		Transport: callerClient{c.httpClient},
		CheckRedirect: func(*http.Request, []*http.Request) error {
			return http.ErrUseLastResponse // the caller's client has followed them
		},
	}
}

// keepIdle is a RoundTripper without CloseIdleConnections.
type keepIdle struct{ rt http.RoundTripper }

func (k keepIdle) RoundTrip(r *http.Request) (*http.Response, error) { return k.rt.RoundTrip(r) }

// callerClient sends each attempt through a caller's *http.Client.
type callerClient struct{ hc *http.Client }

func (c callerClient) RoundTrip(r *http.Request) (*http.Response, error) { return c.hc.Do(r) }

// attempt records, for calls other than reads, how far the current try got,
// so that a write is retried only when the server cannot have acted on it.
type attempt struct {
	kind    callKind
	gotConn atomic.Bool // a connection was obtained
	sent    atomic.Bool // the whole request was written on it
}

type attemptKey struct{}

// withAttempt returns ctx carrying the call's kind and a trace of how far
// each try got. A request cut off before its end cannot be acted on: its
// JSON body is incomplete.
func withAttempt(ctx context.Context, kind callKind) context.Context {
	a := &attempt{kind: kind}
	ctx = context.WithValue(ctx, attemptKey{}, a)
	return httptrace.WithClientTrace(ctx, &httptrace.ClientTrace{
		GetConn: func(string) {
			a.gotConn.Store(false)
			a.sent.Store(false)
		},
		GotConn:      func(httptrace.GotConnInfo) { a.gotConn.Store(true) },
		WroteRequest: func(info httptrace.WroteRequestInfo) { a.sent.Store(info.Err == nil) },
	})
}

// checkRetry decides whether an attempt is retried, as the README's table
// under "Retries and rate limits" says.
func (c *Client) checkRetry(ctx context.Context, resp *http.Response, err error) (bool, error) {
	if ctxErr := ctx.Err(); ctxErr != nil {
		return false, ctxErr
	}
	a, _ := ctx.Value(attemptKey{}).(*attempt)
	mayRepeat := a == nil || a.kind != write || c.retryWrites
	retry := false
	if err != nil && !errors.Is(err, ErrResponseTooLarge) {
		// retryablehttp knows which transport errors are permanent (bad
		// certificates, too many redirects, an unsupported scheme).
		if transient, _ := retryablehttp.DefaultRetryPolicy(ctx, nil, err); transient {
			retry = mayRepeat || neverSent(a, err)
		}
	} else {
		switch code := resp.StatusCode; {
		case code == http.StatusTooManyRequests:
			// The limiter refuses before any work is done, so even a
			// write may be repeated once the server says when.
			wait, ok := retryHint(resp.Header, time.Now())
			retry = ok && wait <= c.retryWaitMax
		case code >= 500 && code != http.StatusNotImplemented:
			retry = mayRepeat
		}
	}
	if err != nil && c.logger != nil {
		c.logger.DebugContext(ctx, "sendook: request failed", "error", err.Error(), "retry", retry)
	}
	return retry, nil
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

// backoff returns how long to wait before retry number attempt+1: what the
// server asked for when it said (checkRetry made sure it is within max),
// else an exponential delay with jitter between min and max.
func (c *Client) backoff(min, max time.Duration, attempt int, resp *http.Response) time.Duration {
	if resp != nil && (resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode == http.StatusServiceUnavailable) {
		if wait, ok := retryHint(resp.Header, time.Now()); ok && wait <= max {
			return wait
		}
	}
	ceiling := max
	if attempt < 32 && min<<attempt > 0 && min<<attempt < max {
		ceiling = min << attempt
	}
	// Equal jitter: half of the delay is fixed, half random, so that
	// clients failing together do not retry together.
	half := ceiling / 2
	wait := half
	if half > 0 {
		wait += rand.N(half + 1)
	}
	if wait < min {
		wait = min
	}
	return wait
}

// newIdempotencyKey returns 128 random bits, hex-encoded.
func newIdempotencyKey() string {
	var b [16]byte
	_, _ = crand.Read(b[:]) // never fails on supported platforms
	return hex.EncodeToString(b[:])
}

func (c *Client) logRequest(_ retryablehttp.Logger, req *http.Request, retryNumber int) {
	ctx := req.Context()
	if !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	c.logger.DebugContext(ctx, "sendook: request",
		"method", req.Method, "url", req.URL.Redacted(), "attempt", retryNumber+1,
		"headers", redactHeaders(req.Header))
}

func (c *Client) logResponse(_ retryablehttp.Logger, resp *http.Response) {
	ctx := resp.Request.Context()
	if !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	c.logger.DebugContext(ctx, "sendook: response",
		"method", resp.Request.Method, "url", resp.Request.URL.Redacted(), "status", statusText(resp.StatusCode),
		"request_id", firstHeader(resp.Header, "X-Request-Id", "Request-Id"))
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
