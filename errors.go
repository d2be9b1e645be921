package sendook

import (
	"bytes"
	"encoding/json"
	"errors"
	"html"
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
	// ErrInvalidRequest matches a 400, 413 (a request body larger than the
	// server accepts) or 422 from the server, and a [*ValidationError]
	// refused before any request was sent.
	ErrInvalidRequest = errors.New("sendook: invalid request")
	// ErrServer matches a 5xx, returned once retries are exhausted.
	ErrServer = errors.New("sendook: server error")
)

// APIError is a failure reported by the Sendook API. Every method returns one
// (possibly wrapped) for a response with a 4xx or 5xx status, whichever of
// the API's error shapes the body had. The body is decoded field by field:
// a field of an unexpected type is skipped (it stays in Body), the others
// are kept.
//
// Every field that comes from the response, Details and Fields[].Value
// included, has the client's API key replaced by "[REDACTED]" wherever the
// key stands as a whole token (see the README's "Secrets").
type APIError struct {
	// StatusCode is the HTTP status, e.g. 404.
	StatusCode int
	// Code is the machine-readable error code, when the server gave one.
	Code string
	// Message describes the failure. It is never empty: it falls back to the
	// HTTP status text.
	Message string
	// Details holds the documented error details, when given as an object.
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
		return e.StatusCode == http.StatusBadRequest || e.StatusCode == http.StatusRequestEntityTooLarge ||
			e.StatusCode == http.StatusUnprocessableEntity
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

// newAPIError builds the error for a failed response from whatever its body
// and headers carry. secret is removed from every field kept (see redact),
// in case a server echoes the request back.
func newAPIError(method, path string, status int, header http.Header, body []byte, secret string, now time.Time) *APIError {
	e := &APIError{StatusCode: status, Method: method, Path: path}
	e.RetryAfter, _ = retryHint(header, now)
	e.RequestID = firstHeader(header, "X-Request-Id", "Request-Id", "X-Amzn-Requestid", "X-Correlation-Id")

	trimmed := bytes.TrimSpace(body)
	if !e.fill(trimmed) {
		e.Message = textMessage(trimmed)
	}
	if e.Message == "" {
		e.Message = http.StatusText(status)
	}
	if e.Message == "" {
		e.Message = "HTTP status " + strconv.Itoa(status)
	}
	e.redact(secret)
	body = redactBody(body, secret)
	e.Body = bytes.Clone(body[:min(len(body), maxErrorBody)])
	return e
}

// redact hides secret in every field that came from the response.
// Decoded strings are redacted after decoding, so that no escape (JSON's
// \u0073, HTML's &#115;) can spell the secret past the check.
func (e *APIError) redact(secret string) {
	if secret == "" {
		return
	}
	for _, s := range []*string{&e.Message, &e.Code, &e.RequestID} {
		*s = redact(*s, secret)
	}
	if e.Details != nil {
		redactValue(e.Details, secret)
	}
	for i := range e.Fields {
		f := &e.Fields[i]
		f.Field = redact(f.Field, secret)
		f.Message = redact(f.Message, secret)
		f.Location = redact(f.Location, secret)
		f.Value = redactValue(f.Value, secret)
	}
}

// fill decodes a JSON object body into e, field by field, so that a field
// of an unexpected type costs only that field. It understands the union of
// the API's error shapes: the documented {"message","code","details"}, the
// real {"error": "..."} and the real express-validator
// {"errors": [{"msg", "path", "location", "value"}]}. It reports false
// when body is not a JSON object.
func (e *APIError) fill(body []byte) bool {
	fields := jsonObject(body)
	if fields == nil {
		return false
	}
	e.Message = jsonText(fields["message"])
	e.Code = jsonText(fields["code"])
	if json.Unmarshal(fields["details"], &e.Details) != nil {
		e.Details = nil // details that are not an object are left in Body
	}
	if id, ok := e.Details["requestId"].(string); ok && e.RequestID == "" {
		e.RequestID = id
	}
	// "error" is a string on the real server; some proxies send an object
	// with its own message and code.
	e.Message = firstNonEmpty(e.Message, jsonText(fields["error"]))
	e.Code = firstNonEmpty(e.Code, jsonText(jsonObject(fields["error"])["code"]))

	var msgs []string
	for _, item := range jsonItems(fields["errors"]) {
		f := fieldError(item)
		if f.Field == "" && f.Message == "" {
			continue
		}
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
	return true
}

// fieldError decodes one item of an "errors" list: an express-validator
// object, or a bare message.
func fieldError(item json.RawMessage) FieldError {
	obj := jsonObject(item)
	if obj == nil {
		return FieldError{Message: jsonText(item)}
	}
	f := FieldError{
		Field:    firstNonEmpty(jsonText(obj["path"]), jsonText(obj["param"])),
		Message:  firstNonEmpty(jsonText(obj["msg"]), jsonText(obj["message"])),
		Location: jsonText(obj["location"]),
	}
	if raw, ok := obj["value"]; ok {
		_ = json.Unmarshal(raw, &f.Value) // valid JSON: jsonObject checked it
	}
	return f
}

// jsonObject returns the members of a JSON object; nil for anything else.
func jsonObject(raw []byte) map[string]json.RawMessage {
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	var obj map[string]json.RawMessage
	if json.Unmarshal(raw, &obj) != nil {
		return nil
	}
	return obj
}

// jsonItems returns the items of a JSON array; a single object counts as a
// list of one. Anything else gives none.
func jsonItems(raw json.RawMessage) []json.RawMessage {
	if len(raw) > 0 && raw[0] == '{' {
		return []json.RawMessage{raw}
	}
	var items []json.RawMessage
	if json.Unmarshal(raw, &items) != nil {
		return nil
	}
	return items
}

// jsonText returns the text a JSON value gives a message: a string as it
// is, a number as written, an object's own "message" or "msg"; "" for
// anything else.
func jsonText(raw json.RawMessage) string {
	if len(raw) == 0 {
		return ""
	}
	switch raw[0] {
	case '"':
		var s string
		if json.Unmarshal(raw, &s) == nil {
			return s
		}
	case '{':
		obj := jsonObject(raw)
		return firstNonEmpty(jsonText(obj["message"]), jsonText(obj["msg"]))
	default:
		var n json.Number
		if json.Unmarshal(raw, &n) == nil {
			return n.String()
		}
	}
	return ""
}

// maxTextMessage bounds how long a plain-text body may be to serve as the
// message; longer ones are more likely a page than a message.
const maxTextMessage = 200

// textMessage picks a message out of a body that is not a JSON object: a
// short text ("Unauthorized", or the real server's 429 "Too many requests,
// please try again later.", which it labels text/html), whatever its
// Content-Type says, or what an Express HTML error page puts in its <pre>
// ("Cannot GET /v1/x"). Any other markup gives "".
func textMessage(body []byte) string {
	if bytes.ContainsAny(body, "<>") {
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
// header that says no request is left ("limit=100, remaining=0, reset=30").
// A reset while requests remain is when the window renews, not a reason to
// wait.
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
		var remaining, reset int64 = -1, -1
		for _, part := range strings.Split(v, ",") {
			key, value, ok := strings.Cut(strings.TrimSpace(part), "=")
			n, err := strconv.ParseInt(strings.Trim(value, `" `), 10, 64)
			if !ok || err != nil || n < 0 {
				continue
			}
			switch strings.ToLower(strings.TrimSpace(key)) {
			case "remaining":
				remaining = n
			case "reset":
				reset = n
			}
		}
		if remaining == 0 && reset >= 0 {
			return seconds(reset), true
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
