package sendook

import (
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RequestOption changes one call: pass it last to any method.
//
//	var info sendook.ResponseInfo
//	msg, err := client.Messages.Send(ctx, inbox, params, sendook.WithResponseInfo(&info))
//
// A RequestOption given a value it refuses makes the call fail with a
// [*ValidationError] before anything is sent.
type RequestOption func(*requestOptions)

// requestOptions are the per-call settings that RequestOptions set.
type requestOptions struct {
	header http.Header
	info   *ResponseInfo
	err    error // the first option refused
}

// WithHeader adds a header to this call's request, on every attempt. Several
// WithHeader options with one key send every value; a header the client
// sets itself (Accept, User-Agent) is replaced.
//
// The headers the client owns are refused: Authorization (it carries the
// API key), Idempotency-Key (see [WithRetryWrites]), and those that belong
// to the connection rather than the call: Host, Content-Length,
// Content-Type, Connection, Keep-Alive, TE, Trailer, Transfer-Encoding,
// Upgrade and every Proxy-* header. So are a malformed name and a value
// holding a line break or another control character.
func WithHeader(key, value string) RequestOption {
	if reason := headerProblem(key, value); reason != "" {
		err := invalid("WithHeader", reason)
		return func(o *requestOptions) {
			if o.err == nil {
				o.err = err
			}
		}
	}
	return func(o *requestOptions) {
		if o.header == nil {
			o.header = make(http.Header)
		}
		o.header.Add(key, value)
	}
}

// ownedHeaders are the headers WithHeader refuses, and why.
var ownedHeaders = map[string]string{
	"Authorization":     "the client sends the API key in it",
	"Idempotency-Key":   "the client sets it on calls that may be retried (see WithRetryWrites)",
	"Host":              "it is set from the base URL",
	"Content-Length":    "it is set from the body",
	"Content-Type":      "the client sends JSON",
	"Connection":        "it is a hop-by-hop header that net/http manages",
	"Keep-Alive":        "it is a hop-by-hop header that net/http manages",
	"Te":                "it is a hop-by-hop header that net/http manages",
	"Trailer":           "it is a hop-by-hop header that net/http manages",
	"Transfer-Encoding": "it is a hop-by-hop header that net/http manages",
	"Upgrade":           "it is a hop-by-hop header that net/http manages",
}

// headerProblem says what is wrong with a header WithHeader was given, or
// "". The value is never quoted: it may be a secret.
func headerProblem(key, value string) string {
	if key == "" {
		return "has an empty header name"
	}
	for i := 0; i < len(key); i++ {
		if !isTokenChar(key[i]) {
			return fmt.Sprintf("header name %q is not a valid HTTP field name", key)
		}
	}
	name := http.CanonicalHeaderKey(key)
	if why, ok := ownedHeaders[name]; ok {
		return "may not set " + name + ": " + why
	}
	if strings.HasPrefix(name, "Proxy-") {
		return "may not set " + name + ": proxy headers belong to the connection, not the call"
	}
	for i := 0; i < len(value); i++ {
		if b := value[i]; (b < ' ' && b != '\t') || b == 0x7f {
			return "value of " + name + " holds a control character (a line break?)"
		}
	}
	return ""
}

// isTokenChar reports whether b may appear in an HTTP field name (RFC 9110
// token).
func isTokenChar(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	}
	return strings.IndexByte("!#$%&'*+-.^_`|~", b) >= 0
}

// WithResponseInfo makes the call fill info when it returns: on success and
// on API errors alike, from the last response received. When no response
// came (a network failure), only Attempts is set.
func WithResponseInfo(info *ResponseInfo) RequestOption {
	return func(o *requestOptions) { o.info = info }
}

// ResponseInfo describes the HTTP response a call ended with.
type ResponseInfo struct {
	// StatusCode is the last response's HTTP status.
	StatusCode int
	// Header holds the last response's headers.
	Header http.Header
	// RequestID is the server's id for the request, when it gave one
	// (X-Request-Id, Request-Id, X-Amzn-Requestid or X-Correlation-Id, as
	// in [APIError.RequestID]).
	RequestID string
	// RateLimit is the rate limit the response reported, from the RateLimit
	// and RateLimit-Policy headers; nil when it had none. The Sendook
	// server sends them on sends and replies.
	RateLimit *RateLimit
	// Attempts is 1 plus the number of retries made.
	Attempts int
}

// RateLimit is a server's rate limit as a response reports it.
type RateLimit struct {
	// Limit is how many requests the window allows.
	Limit int
	// Remaining is how many are left in this window.
	Remaining int
	// Reset is the time until the window resets.
	Reset time.Duration
}

// requestIDHeaders are the headers a server's request id is read from, in
// order.
var requestIDHeaders = []string{"X-Request-Id", "Request-Id", "X-Amzn-Requestid", "X-Correlation-Id"}

// fill sets the ResponseInfo a WithResponseInfo asked for, from the last
// response received (nil if none) after attempts attempts, and passes err
// through. o may be nil: a call without options.
func (o *requestOptions) fill(last *http.Response, attempts int, err error) error {
	if o == nil || o.info == nil {
		return err
	}
	info := ResponseInfo{Attempts: attempts}
	if last != nil {
		info.StatusCode = last.StatusCode
		info.Header = last.Header
		info.RequestID = firstHeader(last.Header, requestIDHeaders...)
		info.RateLimit = parseRateLimit(last.Header)
	}
	if apiErr, ok := err.(*APIError); ok && apiErr.RequestID != "" {
		info.RequestID = apiErr.RequestID
	}
	*o.info = info
	return err
}

// parseRateLimit reads the RateLimit and RateLimit-Policy headers, in the
// form the Sendook server sends ("limit=100, remaining=99, reset=3599" and
// "100;w=3600") and in the later structured form (`"default";r=99;t=3599`
// and `"default";q=100;w=3600`). Parameters that do not parse are skipped;
// nil when nothing does.
func parseRateLimit(h http.Header) *RateLimit {
	var rl RateLimit
	found, haveLimit := false, false
	for _, part := range splitParams(h.Get("RateLimit")) {
		key, n, ok := param(part)
		if !ok {
			continue
		}
		switch key {
		case "limit", "q":
			rl.Limit, haveLimit = n, true
		case "remaining", "r":
			rl.Remaining = n
		case "reset", "t":
			rl.Reset = seconds(int64(n))
		default:
			continue
		}
		found = true
	}
	for i, part := range splitParams(h.Get("RateLimit-Policy")) {
		if haveLimit {
			break
		}
		if n, err := strconv.Atoi(part); err == nil && n >= 0 && i == 0 {
			rl.Limit, haveLimit, found = n, true, true
		} else if key, n, ok := param(part); ok && key == "q" {
			rl.Limit, haveLimit, found = n, true, true
		}
	}
	if !found {
		return nil
	}
	return &rl
}

// splitParams splits a header value at commas and semicolons, trimming
// each part.
func splitParams(v string) []string {
	if v == "" {
		return nil
	}
	parts := strings.FieldsFunc(v, func(r rune) bool { return r == ',' || r == ';' })
	for i := range parts {
		parts[i] = strings.TrimSpace(parts[i])
	}
	return parts
}

// param parses "key=n", n a non-negative integer, possibly quoted; key is
// lower-cased.
func param(part string) (string, int, bool) {
	key, value, ok := strings.Cut(part, "=")
	if !ok {
		return "", 0, false
	}
	n, err := strconv.Atoi(strings.Trim(strings.TrimSpace(value), `"`))
	if err != nil || n < 0 {
		return "", 0, false
	}
	return strings.ToLower(strings.TrimSpace(key)), n, true
}
