package sendook

import (
	"errors"
	"io"
	"net/http"
	"strconv"
	"time"
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

// stallError is an attempt whose response body sent nothing for too long.
type stallError struct{ after time.Duration }

func (e *stallError) Error() string {
	return "the response body stalled: no data for " + e.after.String()
}
