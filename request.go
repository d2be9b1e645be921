package sendook

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/google/go-querystring/query"
)

// maxErrorResponseBody bounds how much of a failed response is read: enough
// for any error the API sends, little enough for a page that never ends.
const maxErrorResponseBody = 1 << 20

// maxInitialBuffer bounds the read buffer made before any byte arrives:
// past it, the buffer grows with the data, whatever Content-Length said.
const maxInitialBuffer = 32 << 10

// ErrResponseTooLarge matches the error of a call whose response body is
// larger than the limit of [WithMaxResponseBytes] (64 MiB by default).
var ErrResponseTooLarge = errors.New("sendook: response body too large")

// tooLargeError is a response body past the limit; it says which option
// raises it.
type tooLargeError struct{ limit int64 }

func (e *tooLargeError) Error() string {
	size := strconv.FormatInt(e.limit, 10) + " bytes"
	if e.limit%(1<<20) == 0 {
		size = strconv.FormatInt(e.limit>>20, 10) + " MiB"
	}
	return "response body exceeds " + size + " (raise the limit with WithMaxResponseBytes)"
}

func (e *tooLargeError) Is(target error) bool { return target == ErrResponseTooLarge }

// callKind decides how a call may be retried (see retry.go).
type callKind int

const (
	// read is a GET or DELETE: retried on any transient failure.
	read callKind = iota
	// safePost is a POST without side effects worth guarding (verify, test):
	// retried like a read, with an Idempotency-Key.
	safePost
	// write is a create, send or reply: retried on a server error only
	// under WithRetryWrites.
	write
)

// call is one API request, as a resource method describes it.
type call struct {
	method string
	path   string // from apiPath: escaped, starting with /v1
	query  any    // a struct with `url` tags, or nil
	body   any    // encoded as JSON, or nil for no body
	kind   callKind
	opts   []RequestOption
}

// response is a completed exchange with a 2xx status.
type response struct {
	status int
	body   []byte
}

// doOne performs op and decodes a single resource through its wire form.
// A null body, which the open-source server sends for an API key that does
// not exist, is a 404 [*APIError].
func doOne[T, W any](ctx context.Context, client *Client, op call, model func(*W) T) (*T, error) {
	resp, err := client.do(ctx, op)
	if err != nil {
		return nil, err
	}
	v, err := decodeOne(resp.body, model)
	if err != nil {
		if errors.Is(err, errNullBody) {
			return nil, &APIError{StatusCode: http.StatusNotFound, Message: "Not found (the server answered null)", Body: resp.body, Method: op.method, Path: op.path}
		}
		return nil, client.decodeError(op, resp, err)
	}
	return v, nil
}

// doList performs op and decodes a collection in either envelope, through
// its elements' wire form.
func doList[T, W any](ctx context.Context, client *Client, op call, model func(*W) T) ([]T, error) {
	resp, err := client.do(ctx, op)
	if err != nil {
		return nil, err
	}
	items, err := decodeList(resp.body, model)
	if err != nil {
		return nil, client.decodeError(op, resp, err)
	}
	return items, nil
}

func (c *Client) decodeError(op call, resp response, err error) error {
	return fmt.Errorf("sendook: %s %s: decoding the %d response: %w", op.method, op.path, resp.status, err)
}

// do sends op, with retries, and returns the response if its status is 2xx.
// Any other status is an *APIError; a transport failure is returned wrapped.
func (c *Client) do(ctx context.Context, op call) (response, error) {
	if c.configErr != nil {
		return response{}, c.configErr
	}
	if ctx == nil {
		return response{}, invalid("ctx", "is nil")
	}
	// Allocated only when there are options: a call without them costs
	// nothing for them.
	var ro *requestOptions
	if len(op.opts) > 0 {
		ro = new(requestOptions)
		for _, opt := range op.opts {
			if opt != nil {
				opt(ro)
			}
		}
		if ro.err != nil {
			return response{}, ro.err
		}
	}
	target := c.baseURL + op.path
	if op.query != nil {
		values, err := query.Values(op.query)
		if err != nil {
			return response{}, fmt.Errorf("sendook: encoding query: %w", err)
		}
		if q := values.Encode(); q != "" {
			target += "?" + q
		}
	}
	var body io.Reader
	if op.body != nil {
		payload, err := encodeBody(op.body)
		if err != nil {
			return response{}, fmt.Errorf("sendook: encoding request body: %w", err)
		}
		body = bytes.NewReader(payload) // and GetBody, for every retry
	}

	var trace *attempt
	if op.kind != read {
		ctx, trace = withAttempt(ctx, op.kind)
	}
	req, err := http.NewRequestWithContext(ctx, op.method, target, body)
	if err != nil {
		return response{}, fmt.Errorf("sendook: %s %s: %w", op.method, op.path, err)
	}
	// Header values are shared, read-only, across requests, as net/http
	// allows; only the one holding the key is built per request.
	h := req.Header
	h["Authorization"] = c.authorization()
	h["Accept"] = jsonMediaType
	h["User-Agent"] = c.userAgentHeader
	if body != nil {
		h["Content-Type"] = jsonMediaType
	}
	if op.kind == safePost || (op.kind == write && c.retryWrites) {
		// net/http re-sends a request carrying this header on its own when
		// a reused connection breaks; only calls that may be retried get it.
		h["Idempotency-Key"] = []string{newIdempotencyKey()}
	}
	if ro != nil {
		for k, v := range ro.header {
			h[k] = v
		}
	}

	var (
		last    *http.Response // the last response received, for ResponseInfo
		lastErr error          // the last attempt's failure, kept if ctx ends
	)
	for n := 1; ; n++ {
		if n > 1 {
			// A new request value, so that the transport's goroutines
			// still holding the last one do not race with the new body.
			req = req.WithContext(ctx)
			if req.GetBody != nil {
				req.Body, _ = req.GetBody() // a fresh reader of the same bytes
			}
		}
		c.logRequest(req, n)
		resp, data, err := c.attempt(req)
		if resp != nil && err == nil {
			c.logResponse(req, resp)
			last = resp
		}
		if err == nil && resp.StatusCode >= 200 && resp.StatusCode < 300 {
			ro.fill(resp, n, nil)
			return response{status: resp.StatusCode, body: data}, nil
		}
		verdict := c.checkRetry(ctx, op.kind, trace, resp, err)
		if err != nil {
			c.logFailure(ctx, err, verdict.retry && n <= c.maxRetries)
		}
		failure := err
		if err == nil {
			failure = newAPIError(op.method, op.path, resp.StatusCode, resp.Header, data, c.apiKey(), time.Now())
		} else if ctx.Err() != nil && lastErr != nil {
			// The context ended during this attempt: the one before says
			// more about what went wrong.
			return response{}, ro.fill(last, n, &interruptedError{op: op, ctxErr: ctx.Err(), last: lastErr, attempts: n - 1})
		}
		if !verdict.retry || n > c.maxRetries {
			return response{}, ro.fill(last, n, c.finalError(ctx, op, failure, n))
		}
		lastErr = failure
		wait := verdict.wait
		if !verdict.hinted {
			wait = c.backoff(n - 1)
		}
		if !pause(ctx, wait) {
			return response{}, ro.fill(last, n, &interruptedError{op: op, ctxErr: ctx.Err(), last: lastErr, attempts: n})
		}
	}
}

// finalError is the error a call returns for its last attempt's failure:
// an *APIError as it is, a transport failure wrapped with the request. If
// the context ended meanwhile, the error matches the context's error too.
func (c *Client) finalError(ctx context.Context, op call, failure error, attempts int) error {
	ctxErr := ctx.Err()
	var apiErr *APIError
	if errors.As(failure, &apiErr) {
		if ctxErr != nil {
			return &interruptedError{op: op, ctxErr: ctxErr, last: apiErr, attempts: attempts}
		}
		return apiErr
	}
	if ctxErr != nil && !errors.Is(failure, ctxErr) {
		failure = fmt.Errorf("%w (%v)", ctxErr, failure)
	}
	return fmt.Errorf("sendook: %s %s: %w", op.method, op.path, failure)
}

// attempt sends req once and reads the response body whole: a body that
// breaks off or stalls halfway fails the attempt like a broken connection.
// The body of a success is read up to the response limit; that of a
// failure up to maxErrorResponseBody, ignoring a break: it is only a clue.
// Only a redirect refused by a CheckRedirect returns both a response and an
// error.
func (c *Client) attempt(req *http.Request) (*http.Response, []byte, error) {
	resp, err := c.send(req)
	if err != nil {
		return resp, nil, err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode >= 300 {
		data, _ := c.readBody(resp, maxErrorResponseBody)
		return resp, data, nil
	}
	data, err := c.readBody(resp, c.maxResponseBytes)
	if err != nil {
		return nil, nil, err
	}
	return resp, data, nil
}

// readBody reads at most limit bytes of resp's body, into a buffer that
// grows with the data (Content-Length only sizes the first, bounded,
// allocation), and fails past the limit.
//
// A read that makes no progress for the stall timeout fails with a
// *stallError: a timer closes the body, which ends a blocked read on
// net/http's transports (HTTP/1 and HTTP/2) as it ends the connection. A
// timer per attempt, rather than a context per attempt, keeps a call that
// does not stall from paying for more than the timer.
func (c *Client) readBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, &tooLargeError{limit: limit}
	}
	size := int64(512)
	if resp.ContentLength >= 0 {
		// One more byte than announced, so that the read that finds EOF
		// does not grow the buffer.
		size = min(resp.ContentLength+1, maxInitialBuffer)
	}
	body := resp.Body
	timer := time.AfterFunc(c.stallTimeout, func() { body.Close() })
	defer timer.Stop()
	buf := make([]byte, 0, min(size, limit+1))
	for {
		// Read at most one byte past the limit, to tell a body that ends
		// there from one that goes on.
		n, err := body.Read(buf[len(buf):min(int64(cap(buf)), limit+1)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			if !timer.Stop() {
				return buf, &stallError{after: c.stallTimeout}
			}
			return buf, err
		}
		if int64(len(buf)) > limit {
			return buf[:limit], &tooLargeError{limit: limit}
		}
		if n > 0 && !timer.Reset(c.stallTimeout) {
			// The timer fired as this read returned: the body is closed.
			return buf, &stallError{after: c.stallTimeout}
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
	if int64(len(buf)) > limit { // the last read brought EOF with it
		return buf[:limit], &tooLargeError{limit: limit}
	}
	return buf, nil
}

// interruptedError is a call whose context ended between or during
// retries: it matches both the context's error and the last failure.
type interruptedError struct {
	op       call
	ctxErr   error
	last     error
	attempts int // the attempts that had failed before
}

func (e *interruptedError) Error() string {
	prefix := "sendook: " + e.op.method + " " + e.op.path + ": "
	return prefix + e.ctxErr.Error() + " after " + strconv.Itoa(e.attempts) + " failed attempt(s); the last: " + strings.TrimPrefix(e.last.Error(), prefix)
}

func (e *interruptedError) Unwrap() []error { return []error{e.ctxErr, e.last} }

// jsonMediaType is the value of the Accept and Content-Type headers.
var jsonMediaType = []string{"application/json"}

// encodeBody encodes v as JSON, once per call: every attempt sends the same
// bytes. Params that carry attachments build their JSON themselves, in one
// buffer of the right size (see SendMessageParams.encodeJSON).
func encodeBody(v any) ([]byte, error) {
	if e, ok := v.(interface{ encodeJSON() ([]byte, error) }); ok {
		return e.encodeJSON()
	}
	return marshalJSON(v)
}

// marshalJSON is json.Marshal without HTML escaping, which would only make
// message bodies larger.
func marshalJSON(v any) ([]byte, error) {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// statusText is used in log lines.
func statusText(code int) string { return strconv.Itoa(code) + " " + http.StatusText(code) }
