package sendooktest

import (
	"bytes"
	"encoding/json"
	"html"
	"net/http"
	"strings"
)

// apiError is a failure, described once and written in either dialect.
type apiError struct {
	status int
	// code is the documented dialect's machine-readable code.
	code string
	msg  string
	// field names the body field a validation failure is about; the real
	// dialect then answers express-validator's {"errors": [...]}.
	field field
	// fieldMsg is the real dialect's "msg" for that field, by default
	// "Invalid value".
	fieldMsg string
	// crashesReal marks a case where the real server fails with an
	// unhandled exception: an HTML 500 page in that dialect.
	crashesReal bool
	// page makes the real dialect answer with Express's HTML error page
	// for status, as for a body that is not JSON.
	page bool
}

func notFound(what string) *apiError {
	return &apiError{status: http.StatusNotFound, code: "not_found", msg: what + " not found"}
}

// invalid reports a body field that failed validation; msg explains it in
// the documented dialect.
func invalid(f field, msg string) *apiError {
	return &apiError{status: http.StatusBadRequest, code: "validation_error", msg: msg, field: f}
}

// documentedCode derives a code from a status, for failures that have no
// more specific one, such as injected faults: 503 gives
// "service_unavailable".
func documentedCode(status int) string {
	if status == http.StatusInternalServerError {
		return "internal_error"
	}
	text := http.StatusText(status)
	if text == "" {
		return "error"
	}
	return strings.ToLower(strings.NewReplacer(" ", "_", "-", "_", "'", "").Replace(text))
}

// encode encodes v as JSON.stringify would: compact, without escaping
// <, > and &.
func encode(v any) []byte {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		// Only the package's own types are encoded here.
		panic("sendooktest: encoding a response: " + err.Error())
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n"))
}

// encodeList encodes a collection in the server's dialect: a bare array
// or {"data": [...]}.
func (s *Server) encodeList(items any) []byte {
	if s.dialect == DialectDocumented {
		return encode(struct {
			Data any `json:"data"`
		}{items})
	}
	return encode(items)
}

// writeJSON answers with a JSON body, as Express's res.json does.
func (rq *request) writeJSON(status int, body []byte) {
	rq.send(status, "application/json; charset=utf-8", body)
}

// ok answers a read, a delete or an action.
func (rq *request) ok(body []byte) { rq.writeJSON(http.StatusOK, body) }

// created answers a create: 201 in the documented dialect, 200 in the
// real one.
func (rq *request) created(body []byte) { rq.writeJSON(rq.s.successStatus(http.StatusCreated), body) }

// accepted answers a send or a reply: 202 in the documented dialect, 200
// in the real one.
func (rq *request) accepted(body []byte) { rq.writeJSON(rq.s.successStatus(http.StatusAccepted), body) }

func (s *Server) successStatus(documented int) int {
	if s.dialect == DialectDocumented {
		return documented
	}
	return http.StatusOK
}

// fail answers e in the server's dialect.
func (rq *request) fail(e *apiError) {
	if rq.s.dialect == DialectDocumented {
		rq.failDocumented(e)
		return
	}
	switch {
	case e.crashesReal:
		rq.writePage(http.StatusInternalServerError, http.StatusText(http.StatusInternalServerError))
	case e.page || e.status >= 500:
		rq.writePage(e.status, nodeStatusText(e.status))
	case e.status == http.StatusUnauthorized:
		rq.writeText(e.status, "", http.StatusText(e.status))
	case e.status == http.StatusTooManyRequests:
		rq.send(e.status, "text/html; charset=utf-8", []byte(rateLimitText))
	case e.field.name != "":
		type validationError struct {
			Type     string `json:"type"`
			Value    any    `json:"value,omitempty"`
			Msg      string `json:"msg"`
			Path     string `json:"path"`
			Location string `json:"location"`
		}
		msg := e.fieldMsg
		if msg == "" {
			msg = "Invalid value"
		}
		rq.writeJSON(e.status, encode(map[string][]validationError{"errors": {{
			Type: "field", Value: e.field.value(), Msg: msg, Path: e.field.name, Location: "body",
		}}}))
	default:
		rq.writeJSON(e.status, encode(map[string]string{"error": e.msg}))
	}
}

func (rq *request) failDocumented(e *apiError) {
	type details struct {
		RequestID string `json:"requestId"`
		Field     string `json:"field,omitempty"`
	}
	body := struct {
		Message string  `json:"message"`
		Code    string  `json:"code"`
		Details details `json:"details"`
	}{e.msg, e.code, details{RequestID: rq.requestID, Field: e.field.name}}
	if body.Message == "" {
		body.Message = http.StatusText(e.status)
	}
	if body.Code == "" {
		body.Code = documentedCode(e.status)
	}
	rq.writeJSON(e.status, encode(body))
}

// nodeStatusText is the reason phrase Node.js gives a status, where it
// differs from Go's.
func nodeStatusText(status int) string {
	switch status {
	case http.StatusRequestEntityTooLarge:
		return "Payload Too Large"
	case http.StatusRequestURITooLong:
		return "URI Too Long"
	case http.StatusRequestedRangeNotSatisfiable:
		return "Range Not Satisfiable"
	}
	return http.StatusText(status)
}

// writeText answers with a short text body. An empty contentType sends
// none, as passport's 401 does; net/http would otherwise guess one.
func (rq *request) writeText(status int, contentType, text string) {
	h := rq.w.Header()
	if contentType == "" {
		h["Content-Type"] = nil
	} else {
		h.Set("Content-Type", contentType)
	}
	rq.w.WriteHeader(status)
	rq.w.Write([]byte(text))
}

// writePage answers with the HTML page Express's final handler writes for
// an error or an unknown route.
func (rq *request) writePage(status int, msg string) {
	h := rq.w.Header()
	h.Set("Content-Security-Policy", "default-src 'none'")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Content-Type", "text/html; charset=utf-8")
	rq.w.WriteHeader(status)
	body := strings.ReplaceAll(html.EscapeString(msg), "\n", "<br>")
	rq.w.Write([]byte("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>" +
		body + "</pre>\n</body>\n</html>\n"))
}
