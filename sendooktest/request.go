package sendooktest

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"strings"
)

// maxBodyBytes is the largest body the API accepts, as Express's "20mb".
const maxBodyBytes = 20 << 20

// request is one API call being served.
type request struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	params map[string]string
	// body holds the fields of the JSON body; hasBody is false when the
	// request had none, which the real server treats differently from {}.
	body    map[string]json.RawMessage
	hasBody bool
	// requestID is set in the documented dialect.
	requestID string
}

// readBody reads and parses the body the way Express's JSON parser does,
// before authentication: only a JSON content type is parsed, an empty body
// is no body, and only an object or an array is JSON. It answers the
// request itself and returns false when the body is refused.
func (rq *request) readBody() bool {
	data, err := io.ReadAll(http.MaxBytesReader(rq.w, rq.r.Body, maxBodyBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			rq.fail(&apiError{status: http.StatusRequestEntityTooLarge, code: "payload_too_large", msg: "request body exceeds 20 MB", page: true})
		} else {
			rq.fail(&apiError{status: http.StatusBadRequest, code: "invalid_request", msg: "could not read the request body", page: true})
		}
		return false
	}
	mediaType, _, _ := mime.ParseMediaType(rq.r.Header.Get("Content-Type"))
	if mediaType != "application/json" && !strings.HasSuffix(mediaType, "+json") {
		return true
	}
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return true
	}
	badJSON := &apiError{status: http.StatusBadRequest, code: "invalid_json", msg: "request body is not valid JSON", page: true}
	switch data[0] {
	case '{':
		if json.Unmarshal(data, &rq.body) != nil {
			rq.fail(badJSON)
			return false
		}
	case '[':
		// Allowed, and has no fields.
		if !json.Valid(data) {
			rq.fail(badJSON)
			return false
		}
	default:
		rq.fail(badJSON)
		return false
	}
	rq.hasBody = true
	return true
}

// requireBody answers the request and returns false when it has no JSON
// body: the real server's create routes then read fields of undefined and
// crash.
func (rq *request) requireBody() bool {
	if !rq.hasBody {
		rq.fail(&apiError{status: http.StatusBadRequest, code: "invalid_request", msg: "a JSON body is required", crashesReal: true})
	}
	return rq.hasBody
}

// param returns a path parameter, such as "inboxId". Ids are looked up in
// lower case in the real dialect, where MongoDB accepts either case.
func (rq *request) param(name string) string {
	v := rq.params[name]
	if rq.s.dialect == DialectReal && strings.HasSuffix(name, "Id") && name != "domainId" {
		return strings.ToLower(v)
	}
	return v
}

// field is one field of a request body, as validation sees it.
type field struct {
	name string
	raw  json.RawMessage // nil when absent
}

func (rq *request) field(name string) field { return field{name: name, raw: rq.body[name]} }

func (f field) present() bool { return f.raw != nil }

// value returns the field's value as sent, for error reports.
func (f field) value() any {
	var v any
	json.Unmarshal(f.raw, &v)
	return v
}

// str returns the field's value and whether it is a JSON string.
func (f field) str() (string, bool) {
	var s string
	if len(f.raw) == 0 || f.raw[0] != '"' || json.Unmarshal(f.raw, &s) != nil {
		return "", false
	}
	return s, true
}

// decode decodes the field into dst and reports whether it had that shape.
// An absent field leaves dst alone and is fine.
func (f field) decode(dst any) bool {
	if !f.present() {
		return true
	}
	return json.Unmarshal(f.raw, dst) == nil
}
