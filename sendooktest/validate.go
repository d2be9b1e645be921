package sendooktest

import (
	"encoding/json"
	"math"
	"net/http"
	"regexp"
	"strconv"
	"strings"
)

// The real server validates bodies with express-validator: a chain of
// checks and sanitizers per field, every check run and every failure
// listed, each with the value as it was at that point of the chain. This
// file models the chains the real routes declare.

// jsValue is a body field as JavaScript sees it: absent (undefined), or a
// decoded JSON value.
type jsValue struct {
	v       any
	present bool
}

// step is one link of a validation chain: a check or a sanitizer.
type step struct {
	// check reports whether a value passes; nil for a sanitizer.
	check func(v jsValue) bool
	// each applies the check or sanitizer to each element of an array,
	// as express-validator does with validator.js's functions.
	each bool
	// sanitize rewrites the value.
	sanitize func(v jsValue) jsValue
	// msg replaces "Invalid value" for this check.
	msg string
}

// rule is the validation chain of one field.
type rule struct {
	field    string
	optional bool
	steps    []step
}

// validationError is one entry of the real server's {"errors": [...]}.
type validationError struct {
	Type     string `json:"type"`
	Value    any    `json:"value,omitempty"`
	Msg      string `json:"msg"`
	Path     string `json:"path"`
	Location string `json:"location"`
	// hasValue keeps a null value, which omitempty would drop.
	hasValue bool
}

// MarshalJSON writes the error with its value, null included, unless the
// value was undefined.
func (e validationError) MarshalJSON() ([]byte, error) {
	type plain struct {
		Type     string `json:"type"`
		Value    any    `json:"value"`
		Msg      string `json:"msg"`
		Path     string `json:"path"`
		Location string `json:"location"`
	}
	if !e.hasValue {
		type noValue struct {
			Type     string `json:"type"`
			Msg      string `json:"msg"`
			Path     string `json:"path"`
			Location string `json:"location"`
		}
		return json.Marshal(noValue{e.Type, e.Msg, e.Path, e.Location})
	}
	return json.Marshal(plain{e.Type, e.Value, e.Msg, e.Path, e.Location})
}

// validate runs rules on the request's body. It returns the sanitized
// values by field, and the failures in order.
func (rq *request) validate(rules ...rule) (map[string]jsValue, []validationError) {
	values := make(map[string]jsValue, len(rules))
	var errs []validationError
	for _, r := range rules {
		v := rq.jsField(r.field)
		if r.optional && !v.present {
			values[r.field] = v
			continue
		}
		for _, st := range r.steps {
			if st.sanitize != nil {
				v = applyEach(v, st.each, st.sanitize)
				continue
			}
			for _, item := range itemsOf(v, st.each) {
				if !st.check(item) {
					msg := st.msg
					if msg == "" {
						msg = "Invalid value"
					}
					errs = append(errs, validationError{Type: "field", Value: item.v, hasValue: item.present, Msg: msg, Path: r.field, Location: "body"})
				}
			}
		}
		values[r.field] = v
	}
	return values, errs
}

// jsField returns a body field.
func (rq *request) jsField(name string) jsValue {
	raw, ok := rq.body[name]
	if !ok {
		return jsValue{}
	}
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return jsValue{}
	}
	return jsValue{v: v, present: true}
}

// itemsOf returns the values a check looks at: the elements of an array
// when it goes element by element (none for an empty array), else the
// value itself.
func itemsOf(v jsValue, each bool) []jsValue {
	arr, ok := v.v.([]any)
	if !each || !ok {
		return []jsValue{v}
	}
	out := make([]jsValue, len(arr))
	for i, x := range arr {
		out[i] = jsValue{v: x, present: true}
	}
	return out
}

func applyEach(v jsValue, each bool, fn func(jsValue) jsValue) jsValue {
	arr, ok := v.v.([]any)
	if !each || !ok {
		return fn(v)
	}
	out := make([]any, len(arr))
	for i, x := range arr {
		out[i] = fn(jsValue{v: x, present: true}).v
	}
	return jsValue{v: out, present: true}
}

// jsString converts a value to a string as express-validator does before
// handing it to validator.js.
func jsString(v jsValue) string {
	switch x := v.v.(type) {
	case string:
		return x
	case float64:
		if math.IsNaN(x) {
			return ""
		}
		return strconv.FormatFloat(x, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(x)
	case map[string]any:
		return "[object Object]"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			if e != nil {
				parts[i] = jsString(jsValue{v: e, present: true})
			}
		}
		return strings.Join(parts, ",")
	}
	return "" // undefined and null
}

// The links of the chains the real routes use.
var (
	isString = step{check: func(v jsValue) bool { _, ok := v.v.(string); return ok && v.present }}
	isArray  = step{check: func(v jsValue) bool { _, ok := v.v.([]any); return ok }}
	notEmpty = step{each: true, check: func(v jsValue) bool { return jsString(v) != "" }}
	trim     = step{each: true, sanitize: func(v jsValue) jsValue {
		return jsValue{v: strings.TrimSpace(jsString(v)), present: true}
	}}
	isEmailStep = step{each: true, check: func(v jsValue) bool { return isEmail(jsString(v)) }}
)

func matches(re *regexp.Regexp, msg string) step {
	return step{each: true, msg: msg, check: func(v jsValue) bool { return re.MatchString(jsString(v)) }}
}

// validationFailed answers express-validator's 400 in the real dialect,
// or the first failure in the documented one, with docMsg.
func (rq *request) validationFailed(errs []validationError, docMsg map[string]string) {
	if rq.s.dialect == DialectDocumented {
		f := rq.field(errs[0].Path)
		rq.fail(invalid(f, docMsg[errs[0].Path]))
		return
	}
	rq.writeJSON(http.StatusBadRequest, encode(map[string][]validationError{"errors": errs}))
}

// str returns a sanitized value as a string.
func (v jsValue) str() string { s, _ := v.v.(string); return s }
