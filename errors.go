package sendook

import (
	"bytes"
	"encoding/json"
	"errors"
	"html"
	"mime"
	"net/http"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Sentinel errors that API failures match through [errors.Is]:
//
//	if errors.Is(err, sendook.ErrNotFound) { ... }
//
// To read the details of a failure, use [errors.As] with an [*APIError].
var (
	// ErrNotFound matches a 404, and a get or delete the server answered
	// with a null body (then the APIError's StatusCode is 404 too).
	ErrNotFound = errors.New("sendook: not found")
	// ErrUnauthorized matches a 401 or 403: the API key is missing, wrong
	// or revoked.
	ErrUnauthorized = errors.New("sendook: unauthorized")
	// ErrRateLimited matches a 429. The APIError's RetryAfter says how long
	// to wait when the server said so.
	ErrRateLimited = errors.New("sendook: rate limited")
	// ErrInvalidRequest matches a 400 or 422 from the server, and a
	// [*ValidationError] refused before any request was sent.
	ErrInvalidRequest = errors.New("sendook: invalid request")
	// ErrServer matches a 5xx, returned once retries are exhausted.
	ErrServer = errors.New("sendook: server error")
)

// APIError is a failure reported by the Sendook API. Every method returns one
// (possibly wrapped) for a response with a 4xx or 5xx status, whichever of
// the API's error shapes the body had.
type APIError struct {
	// StatusCode is the HTTP status, e.g. 404.
	StatusCode int
	// Code is the machine-readable error code, when the server gave one.
	Code string
	// Message describes the failure. It is never empty: it falls back to the
	// HTTP status text.
	Message string
	// Details holds the documented error details, when given.
	Details map[string]any
	// Fields lists validation failures per field, when given.
	Fields []FieldError
	// RequestID identifies the request for Sendook support, when given.
	RequestID string
	// RetryAfter is how long the server asked the caller to wait before
	// trying again, from the Retry-After or RateLimit headers; zero when it
	// did not say.
	RetryAfter time.Duration
	// Body is the raw response body, truncated to 8 KiB.
	Body []byte
	// Method and Path name the request that failed, e.g. "GET" and
	// "/v1/inboxes/abc".
	Method, Path string
}

// FieldError is the failure of one request field, as the server's validation
// reports it.
type FieldError struct {
	// Field is the field's name on the wire, e.g. "email".
	Field string
	// Message says what is wrong, e.g. "Invalid value".
	Message string
	// Location is where the field was read from, e.g. "body".
	Location string
	// Value is the value the server rejected.
	Value any
}

// Error returns a one-line description: the request, status, message, code
// and request id.
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("sendook: ")
	if e.Method != "" {
		b.WriteString(e.Method + " " + e.Path + ": ")
	}
	b.WriteString(strconv.Itoa(e.StatusCode))
	if text := http.StatusText(e.StatusCode); text != "" && text != e.Message {
		b.WriteString(" " + text)
	}
	b.WriteString(": " + e.Message)
	if e.Code != "" {
		b.WriteString(" (code " + e.Code + ")")
	}
	if e.RequestID != "" {
		b.WriteString(" [request " + e.RequestID + "]")
	}
	return b.String()
}

// Is reports whether target is the sentinel error for e's status code.
func (e *APIError) Is(target error) bool {
	switch target {
	case ErrNotFound:
		return e.StatusCode == http.StatusNotFound
	case ErrUnauthorized:
		return e.StatusCode == http.StatusUnauthorized || e.StatusCode == http.StatusForbidden
	case ErrRateLimited:
		return e.StatusCode == http.StatusTooManyRequests
	case ErrInvalidRequest:
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusUnprocessableEntity
	case ErrServer:
		return e.StatusCode >= 500 && e.StatusCode <= 599
	}
	return false
}

// ValidationError reports a parameter that was refused before any request
// was sent. It matches [ErrInvalidRequest] through [errors.Is].
type ValidationError struct {
	// Field names the parameter, e.g. "To", "inboxID" or "params".
	Field string
	// Reason says what is wrong with it, e.g. "is required".
	Reason string
}

// Error returns "sendook: <field> <reason>".
func (e *ValidationError) Error() string { return "sendook: " + e.Field + " " + e.Reason }

// Is reports whether target is [ErrInvalidRequest].
func (e *ValidationError) Is(target error) bool { return target == ErrInvalidRequest }

func invalid(field, reason string) error { return &ValidationError{Field: field, Reason: reason} }

// requireIDs checks name/value pairs of ID arguments and refuses the first
// empty one.
func requireIDs(pairs ...string) error {
	for i := 0; i+1 < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return invalid(pairs[i], "is required")
		}
	}
	return nil
}

// maxErrorBody bounds APIError.Body.
const maxErrorBody = 8 << 10

// errorBody is the union of every error shape the API sends: the documented
// {"message","code","details"}, the real {"error": "..."} and the real
// express-validator {"errors": [{"msg", "path", ...}]}.
type errorBody struct {
	Message string          `json:"message"`
	Code    json.RawMessage `json:"code"`
	Details map[string]any  `json:"details"`
	Error   json.RawMessage `json:"error"`
	Errors  []struct {
		Msg      string `json:"msg"`
		Message  string `json:"message"`
		Path     string `json:"path"`
		Param    string `json:"param"`
		Location string `json:"location"`
		Value    any    `json:"value"`
	} `json:"errors"`
}

// newAPIError builds the error for a failed response from whatever its body
// and headers carry. secret is removed from everything kept, in case a
// server echoes the request back.
func newAPIError(method, path string, status int, header http.Header, body []byte, secret string, now time.Time) *APIError {
	if secret != "" {
		body = bytes.ReplaceAll(body, []byte(secret), []byte(redactedText))
	}
	e := &APIError{StatusCode: status, Method: method, Path: path}
	if len(body) > maxErrorBody {
		e.Body = bytes.Clone(body[:maxErrorBody])
	} else {
		e.Body = bytes.Clone(body)
	}
	e.RetryAfter, _ = retryHint(header, now)
	e.RequestID = firstHeader(header, "X-Request-Id", "Request-Id", "X-Amzn-Requestid", "X-Correlation-Id")

	trimmed := bytes.TrimSpace(body)
	var parsed errorBody
	if len(trimmed) > 0 && trimmed[0] == '{' && json.Unmarshal(trimmed, &parsed) == nil {
		e.fill(&parsed)
	} else {
		e.Message = textMessage(header.Get("Content-Type"), trimmed)
	}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	if e.Message == "" {
		e.Message = "HTTP status " + strconv.Itoa(status)
	}
	if secret != "" {
		// Escapes in JSON strings and HTML entities can spell the secret
		// without its bytes appearing in the body as such.
		for _, s := range []*string{&e.Message, &e.Code, &e.RequestID} {
			*s = strings.ReplaceAll(*s, secret, redactedText)
		}
		for i := range e.Fields {
			e.Fields[i].Message = strings.ReplaceAll(e.Fields[i].Message, secret, redactedText)
		}
	}
	return e
}

func (e *APIError) fill(p *errorBody) {
	e.Message = p.Message
	e.Code = scalarText(p.Code)
	e.Details = p.Details
	if id, ok := p.Details["requestId"].(string); ok && e.RequestID == "" {
		e.RequestID = id
	}
	if len(p.Error) > 0 {
		// "error" is a string on the real server; some proxies send an
		// object with its own message and code.
		var nested struct {
			Message string          `json:"message"`
			Code    json.RawMessage `json:"code"`
		}
		if text := scalarText(p.Error); text != "" {
			e.Message = firstNonEmpty(e.Message, text)
		} else if json.Unmarshal(p.Error, &nested) == nil {
			e.Message = firstNonEmpty(e.Message, nested.Message)
			e.Code = firstNonEmpty(e.Code, scalarText(nested.Code))
		}
	}
	var msgs []string
	for _, fe := range p.Errors {
		f := FieldError{Field: firstNonEmpty(fe.Path, fe.Param), Message: firstNonEmpty(fe.Msg, fe.Message), Location: fe.Location, Value: fe.Value}
		e.Fields = append(e.Fields, f)
		switch {
		case f.Field != "" && f.Message != "":
			msgs = append(msgs, f.Field+": "+f.Message)
		case f.Message != "":
			msgs = append(msgs, f.Message)
		}
	}
	if e.Message == "" {
		e.Message = strings.Join(msgs, "; ")
	}
}

// scalarText returns a JSON string's or number's text; "" for anything else.
func scalarText(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var n json.Number
	if json.Unmarshal(raw, &n) == nil {
		return n.String()
	}
	return ""
}

// maxTextMessage bounds how long a plain-text body may be to serve as the
// message; longer ones are more likely a page than a message.
const maxTextMessage = 200

// textMessage picks a message out of a non-JSON body: the text of a short
// plain body ("Unauthorized"), or what an Express HTML error page puts in
// its <pre> ("Cannot GET /v1/x"). Anything else gives "".
func textMessage(contentType string, body []byte) string {
	mediaType, _, _ := mime.ParseMediaType(contentType)
	if mediaType == "text/html" || bytes.HasPrefix(body, []byte("<")) {
		start := bytes.Index(body, []byte("<pre>"))
		end := bytes.Index(body, []byte("</pre>"))
		if start < 0 || end < start {
			return ""
		}
		body = bytes.TrimSpace(body[start+len("<pre>") : end])
		body = bytes.ReplaceAll(body, []byte("<br>"), []byte(" "))
	}
	if len(body) == 0 || len(body) > maxTextMessage || bytes.ContainsAny(body, "<>\x00") {
		return ""
	}
	text := strings.Join(strings.Fields(string(body)), " ")
	if !utf8.ValidString(text) {
		return ""
	}
	return html.UnescapeString(text)
}

func firstNonEmpty(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func firstHeader(h http.Header, names ...string) string {
	for _, name := range names {
		if v := h.Get(name); v != "" {
			return v
		}
	}
	return ""
}

// retryHint returns how long the server asked the client to wait: the
// Retry-After header (seconds or an HTTP date), else the reset of a RateLimit
// header ("limit=100, remaining=0, reset=30").
func retryHint(h http.Header, now time.Time) (time.Duration, bool) {
	if v := strings.TrimSpace(h.Get("Retry-After")); v != "" {
		if secs, err := strconv.ParseInt(v, 10, 64); err == nil && secs >= 0 {
			return seconds(secs), true
		}
		if t, err := http.ParseTime(v); err == nil {
			return max(t.Sub(now), 0), true
		}
	}
	if v := h.Get("RateLimit"); v != "" {
		for _, part := range strings.Split(v, ",") {
			key, value, ok := strings.Cut(strings.TrimSpace(part), "=")
			if !ok || !strings.EqualFold(key, "reset") {
				continue
			}
			if secs, err := strconv.ParseInt(strings.Trim(value, `" `), 10, 64); err == nil && secs >= 0 {
				return seconds(secs), true
			}
		}
	}
	return 0, false
}

// seconds converts a server-given count of seconds, capped so that a huge
// value cannot overflow.
func seconds(n int64) time.Duration {
	const maxSeconds = int64(100 * 365 * 24 * time.Hour / time.Second)
	return time.Duration(min(n, maxSeconds)) * time.Second
}
