package sendooktest

import (
	"bytes"
	"compress/gzip"
	"compress/zlib"
	"encoding/json"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// The real server parses bodies with Express's parsers, before it
// authenticates or routes: JSON up to 20 MB, text and form bodies up to
// 100 kB, each only for its own content type, in UTF-8, and unzipped when
// sent with a gzip or deflate Content-Encoding.
const (
	maxBodyBytes = 20 << 20
	maxTextBytes = 100 << 10
)

// bodyKind is what a request's body parsed into.
type bodyKind int

const (
	// noBody: none, or one of a content type no parser reads.
	noBody bodyKind = iota
	// fieldsBody: a JSON object or a form, whose fields validation reads.
	fieldsBody
	// otherBody: text, or JSON that is an array: defined, with no fields.
	otherBody
)

// bodyError is a body refused before routing: an HTML page in the real
// dialect.
func bodyError(status int, msg string) *apiError {
	codes := map[int]string{
		http.StatusBadRequest:            "invalid_json",
		http.StatusRequestEntityTooLarge: "payload_too_large",
		http.StatusUnsupportedMediaType:  "unsupported_media_type",
	}
	return &apiError{status: status, code: codes[status], msg: msg, page: true}
}

// readBody reads and parses the body. It answers the request itself and
// returns false when the body is refused.
func (rq *request) readBody() bool {
	if e := rq.parseBody(); e != nil {
		rq.fail(e)
		return false
	}
	return true
}

func (rq *request) parseBody() *apiError {
	r := rq.r
	// Like Express, a body is there when its length is given, even as 0.
	if len(r.TransferEncoding) == 0 && r.Header.Get("Content-Length") == "" {
		return nil
	}
	mediaType, params, err := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if err != nil {
		mediaType = ""
	}
	var limit int64
	switch mediaType {
	case "application/json":
		limit = maxBodyBytes
	case "text/plain", "application/x-www-form-urlencoded":
		limit = maxTextBytes
	default:
		// No parser reads it; Express leaves it unread.
		return nil
	}
	charset := strings.ToLower(params["charset"])
	// The JSON parser takes UTF-8 and its kin; the text parser any charset
	// it knows; the form parser UTF-8 and Latin-1.
	_, known := decodeCharset(charset, nil)
	switch {
	case mediaType == "application/json" && charset != "" && !strings.HasPrefix(charset, "utf-"),
		mediaType == "text/plain" && !known,
		mediaType == "application/x-www-form-urlencoded" && charset != "" && charset != "utf-8" && charset != "iso-8859-1":
		return bodyError(http.StatusUnsupportedMediaType, `unsupported charset "`+strings.ToUpper(charset)+`"`)
	}
	body, e := decodedBody(r.Body, r.Header.Get("Content-Encoding"))
	if e != nil {
		return e
	}
	data, err := io.ReadAll(io.LimitReader(body, limit+1))
	if err != nil {
		return bodyError(http.StatusBadRequest, "could not read the request body")
	}
	if int64(len(data)) > limit {
		return bodyError(http.StatusRequestEntityTooLarge, "request entity too large")
	}
	data = bytes.TrimPrefix(data, []byte("\ufeff"))
	switch {
	case charset == "" || utf8Charset(charset):
	case mediaType == "application/json":
		// UTF-16 and the like, which the JSON parser decodes into what
		// cannot be JSON when the body is in fact UTF-8.
		return bodyError(http.StatusBadRequest, "request body is not valid JSON")
	default:
		text, _ := decodeCharset(charset, data)
		data = []byte(text)
	}
	switch mediaType {
	case "application/json":
		return rq.parseJSON(data)
	case "text/plain":
		rq.kind, rq.text = otherBody, string(data)
	default:
		rq.parseForm(string(data))
	}
	return nil
}

// decodedBody undoes a Content-Encoding.
func decodedBody(body io.Reader, encoding string) (io.Reader, *apiError) {
	var err error
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "", "identity":
		return body, nil
	case "gzip":
		body, err = gzip.NewReader(body)
	case "deflate":
		body, err = zlib.NewReader(body)
	default:
		return nil, bodyError(http.StatusUnsupportedMediaType, `unsupported content encoding "`+encoding+`"`)
	}
	if err != nil {
		return nil, bodyError(http.StatusBadRequest, "the request body does not decompress")
	}
	return body, nil
}

// parseJSON parses a JSON body strictly, as Express does: after blanks, an
// object or an array, nothing else; an empty body is an empty object.
func (rq *request) parseJSON(data []byte) *apiError {
	if len(data) == 0 {
		rq.kind = fieldsBody
		return nil
	}
	bad := bodyError(http.StatusBadRequest, "request body is not valid JSON")
	trimmed := bytes.TrimLeft(data, " \t\r\n")
	if len(trimmed) == 0 || trimmed[0] != '{' && trimmed[0] != '[' {
		return bad
	}
	if trimmed[0] == '[' {
		if !json.Valid(data) {
			return bad
		}
		rq.kind = otherBody
		return nil
	}
	if json.Unmarshal(data, &rq.body) != nil {
		return bad
	}
	rq.kind = fieldsBody
	return nil
}

// parseForm parses a form body as Node's querystring does: a key given
// twice holds an array of its values.
func (rq *request) parseForm(data string) {
	values, _ := url.ParseQuery(data)
	rq.body = make(map[string]json.RawMessage, len(values))
	for k, v := range values {
		if len(v) == 1 {
			rq.body[k], _ = json.Marshal(v[0])
		} else {
			rq.body[k], _ = json.Marshal(v)
		}
	}
	rq.kind = fieldsBody
}

// requireBody answers the request and returns false when it has no body:
// the real inbox create reads fields of undefined then and crashes.
func (rq *request) requireBody() bool {
	if rq.kind == noBody {
		rq.fail(&apiError{status: http.StatusBadRequest, code: "invalid_request", msg: "a JSON body is required", crashesReal: true})
		return false
	}
	return true
}

// bodyToken returns the access_token field of the body, which passport
// accepts as the API key.
func (rq *request) bodyToken() string {
	var s string
	if raw := rq.body["access_token"]; raw != nil && json.Unmarshal(raw, &s) == nil {
		return s
	}
	return ""
}

func utf8Charset(c string) bool { return c == "utf-8" || c == "utf8" || c == "us-ascii" }
