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
// not exist, is a 404 [*APIError]. An empty body is an error, except for a
// delete, which may answer 204 No Content.
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
		if errors.Is(err, errEmptyBody) && op.method == http.MethodDelete {
			return new(T), nil // a 204 to a delete: done, nothing to show
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
	var trace *attempt
	if op.kind != read {
		ctx, trace = withAttempt(ctx, op.kind)
	}
	req, err := c.newRequest(ctx, op, ro)
	if err != nil {
		return response{}, err
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

// newRequest builds op's request with all its headers: the client's, the
// Idempotency-Key of a call that may be retried, and the call's own.
func (c *Client) newRequest(ctx context.Context, op call, ro *requestOptions) (*http.Request, error) {
	target := c.baseURL + op.path
	if op.query != nil {
		values, err := query.Values(op.query)
		if err != nil {
			return nil, fmt.Errorf("sendook: encoding query: %w", err)
		}
		if q := values.Encode(); q != "" {
			target += "?" + q
		}
	}
	var body io.Reader
	if op.body != nil {
		payload, err := encodeBody(op.body)
		if err != nil {
			return nil, fmt.Errorf("sendook: encoding request body: %w", err)
		}
		body = bytes.NewReader(payload) // and GetBody, for every retry
	}

	req, err := http.NewRequestWithContext(ctx, op.method, target, body)
	if err != nil {
		return nil, fmt.Errorf("sendook: %s %s: %w", op.method, op.path, err)
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
	return req, nil
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

// interruptedError is a call whose context ended between or during
// retries: it matches both the context's error and the last failure. A last
// failure that was an *APIError is matched through its sentinels (ErrServer,
// ErrRateLimited, ...) but is not unwrapped, because a call that ended with
// its context is a transport failure, never an *APIError.
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

func (e *interruptedError) Unwrap() []error {
	if _, ok := e.last.(*APIError); ok {
		return []error{e.ctxErr}
	}
	return []error{e.ctxErr, e.last}
}

// Is matches the sentinels of a last failure that was an *APIError.
func (e *interruptedError) Is(target error) bool {
	apiErr, ok := e.last.(*APIError)
	return ok && apiErr.Is(target)
}

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
