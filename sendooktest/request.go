package sendooktest

import (
	"encoding/json"
	"net/http"
	"strings"
)

// request is one API call being served.
type request struct {
	s      *Server
	w      http.ResponseWriter
	r      *http.Request
	params map[string]string
	// body holds the fields of a JSON object or form body; kind says what
	// the body was, as the real server tells no body from {}.
	body map[string]json.RawMessage
	kind bodyKind
	// text is a text/plain body.
	text string
	// requestID is set in the documented dialect.
	requestID string
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
