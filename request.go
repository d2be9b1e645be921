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
	"time"

	"github.com/google/go-querystring/query"
	"github.com/hashicorp/go-retryablehttp"
)

// maxResponseBody bounds how much of a successful response is read; a larger
// one is refused with ErrResponseTooLarge.
const maxResponseBody = 64 << 20

// maxErrorResponseBody bounds how much of a failed response is read: enough
// for any error the API sends, little enough for a page that never ends.
const maxErrorResponseBody = 1 << 20

// ErrResponseTooLarge is returned when a response body exceeds 64 MiB.
var ErrResponseTooLarge = errors.New("sendook: response body exceeds 64 MiB")

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
	from   *http.Response // the response body was read from
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

func (c *Client) decodeError(op call, resp *response, err error) error {
	return fmt.Errorf("sendook: %s %s: decoding the %d response: %w", op.method, op.path, resp.status, err)
}

// do sends op, with retries, and returns the response if its status is 2xx.
// Any other status is an *APIError; a transport failure is returned wrapped.
func (c *Client) do(ctx context.Context, op call) (*response, error) {
	if c.configErr != nil {
		return nil, c.configErr
	}
	if ctx == nil {
		return nil, invalid("ctx", "is nil")
	}
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
	var payload []byte
	if op.body != nil {
		var err error
		if payload, err = encodeBody(op.body); err != nil {
			return nil, fmt.Errorf("sendook: encoding request body: %w", err)
		}
	}

	idempotent := op.kind == safePost || (op.kind == write && c.retryWrites)
	if op.kind != read {
		ctx = withAttempt(ctx, op.kind)
	}
	// A nil []byte would still be sent as an empty body; pass no body at all.
	var rawBody any
	if payload != nil {
		rawBody = payload
	}
	req, err := retryablehttp.NewRequestWithContext(ctx, op.method, target, rawBody)
	if err != nil {
		return nil, fmt.Errorf("sendook: %s %s: %w", op.method, op.path, err)
	}
	// Header values are shared, read-only, across requests, as net/http
	// allows; only the one holding the key is built per request.
	h := req.Header
	h["Authorization"] = c.authorization()
	h["Accept"] = jsonMediaType
	h["User-Agent"] = c.userAgentHeader
	if payload != nil {
		h["Content-Type"] = jsonMediaType
	}
	if idempotent {
		// net/http re-sends a request carrying this header on its own when
		// a reused connection breaks; only calls that may be retried get it.
		h["Idempotency-Key"] = []string{newIdempotencyKey()}
	}

	var ro requestOptions
	for _, opt := range op.opts {
		if opt != nil {
			opt(&ro)
		}
	}
	for k, v := range ro.header {
		h[k] = v
	}

	// The body is read inside the retry loop, so that a read whose body
	// breaks off halfway is retried like one whose connection broke.
	rb := new(response)
	req.SetResponseHandler(rb.read)

	resp, err := c.retry.Do(req)
	if resp != nil {
		defer resp.Body.Close()
	}
	if err != nil {
		if ctxErr := ctx.Err(); ctxErr != nil && !errors.Is(err, ctxErr) {
			err = fmt.Errorf("%w (%v)", ctxErr, err)
		}
		return nil, fmt.Errorf("sendook: %s %s: %w", op.method, op.path, err)
	}
	if ro.info != nil {
		*ro.info = ResponseInfo{StatusCode: resp.StatusCode, Header: resp.Header}
	}
	if rb.from != resp {
		// Retries ran out on a status that would have been retried, so
		// the body read, if any, is an earlier attempt's.
		_ = rb.read(resp)
	}
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		rb.status = resp.StatusCode
		return rb, nil
	}
	return nil, newAPIError(op.method, op.path, resp.StatusCode, resp.Header, rb.body, c.apiKey(), time.Now())
}

// jsonMediaType is the value of the Accept and Content-Type headers.
var jsonMediaType = []string{"application/json"}

// read is the retry loop's response handler: it reads the body of the
// last attempt's response.
func (r *response) read(resp *http.Response) error {
	var err error
	r.body, err = readResponse(resp)
	r.from = resp
	return err
}

// readResponse reads the body of a success whole, up to maxResponseBody.
// Of a failure it reads what fits in maxErrorResponseBody and ignores a
// broken connection: the body is only a clue to what went wrong.
func readResponse(resp *http.Response) ([]byte, error) {
	if resp.StatusCode >= 200 && resp.StatusCode < 300 {
		return readBody(resp, maxResponseBody)
	}
	data, _ := readBody(resp, maxErrorResponseBody)
	return data, nil
}

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

// readBody reads at most limit bytes of resp's body into a buffer sized from
// Content-Length, and fails with ErrResponseTooLarge past the limit.
func readBody(resp *http.Response, limit int64) ([]byte, error) {
	if resp.ContentLength > limit {
		return nil, ErrResponseTooLarge
	}
	size := int64(512)
	if resp.ContentLength >= 0 {
		// One more byte than announced, so that the read that finds EOF
		// does not grow the buffer.
		size = resp.ContentLength + 1
	}
	buf := make([]byte, 0, size)
	r := io.LimitReader(resp.Body, limit+1)
	for {
		n, err := r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		if err == io.EOF {
			break
		}
		if err != nil {
			return buf, err
		}
		if len(buf) == cap(buf) {
			buf = append(buf, 0)[:len(buf)]
		}
	}
	if int64(len(buf)) > limit {
		return buf[:limit], ErrResponseTooLarge
	}
	return buf, nil
}

// statusText is used in log lines.
func statusText(code int) string { return strconv.Itoa(code) + " " + http.StatusText(code) }
