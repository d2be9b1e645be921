package sendooktest

import (
	"crypto/sha1"
	"encoding/base64"
	"net/http"
	"strconv"
	"strings"
)

// The HTTP behaviour every answer of the real server shares, from the
// Express middleware in front of its routes: CORS, ETags and conditional
// GETs.

// corsMethods are the methods a preflight allows.
const corsMethods = "GET,HEAD,PUT,PATCH,POST,DELETE"

// setCORS adds the headers of the real server's CORS middleware, which
// allows any origin with credentials. It runs after the body is parsed,
// so a refused body has none.
func (rq *request) setCORS() {
	h := rq.w.Header()
	if origin := rq.r.Header.Get("Origin"); origin != "" {
		h.Set("Access-Control-Allow-Origin", origin)
	}
	h.Set("Access-Control-Allow-Credentials", "true")
	if rq.r.Method != http.MethodOptions {
		h.Set("Vary", "Origin")
		return
	}
	h.Set("Access-Control-Allow-Methods", corsMethods)
	if asked := rq.r.Header.Get("Access-Control-Request-Headers"); asked != "" {
		h.Set("Access-Control-Allow-Headers", asked)
	}
	h.Set("Vary", "Origin, Access-Control-Request-Headers")
}

// preflight answers an OPTIONS request, before authentication, so that
// browsers may call the API from any page.
func (rq *request) preflight() {
	rq.w.Header().Set("Content-Length", "0")
	rq.w.WriteHeader(http.StatusNoContent)
}

// etag is Express's weak ETag of a body: its length and a SHA-1 digest.
func etag(body []byte) string {
	sum := sha1.Sum(body)
	return `W/"` + strconv.FormatInt(int64(len(body)), 16) + "-" + base64.StdEncoding.EncodeToString(sum[:])[:27] + `"`
}

// fresh reports whether the client's cached copy, named by its
// If-None-Match, is still good, as Express decides before answering a GET
// or HEAD with 304.
func (rq *request) fresh(status int, tag string) bool {
	r := rq.r
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		return false
	}
	if (status < 200 || status >= 300) && status != http.StatusNotModified {
		return false
	}
	noneMatch := r.Header.Get("If-None-Match")
	if noneMatch == "" || strings.Contains(r.Header.Get("Cache-Control"), "no-cache") {
		return false
	}
	if strings.TrimSpace(noneMatch) == "*" {
		return true
	}
	for _, t := range strings.Split(noneMatch, ",") {
		t = strings.TrimSpace(t)
		if strings.TrimPrefix(t, "W/") == strings.TrimPrefix(tag, "W/") {
			return true
		}
	}
	return false
}

// send answers with a body as Express's res.send does: in the real
// dialect with an ETag, and with 304 and no body when the client's copy is
// fresh.
func (rq *request) send(status int, contentType string, body []byte) {
	h := rq.w.Header()
	if rq.s.dialect == DialectReal {
		tag := etag(body)
		h.Set("ETag", tag)
		if rq.fresh(status, tag) {
			rq.w.WriteHeader(http.StatusNotModified)
			return
		}
	}
	h.Set("Content-Type", contentType)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	rq.w.WriteHeader(status)
	rq.w.Write(body)
}

// serveHealth answers GET /health, which needs no key.
func (s *Server) serveHealth(rq *request) {
	rq.send(http.StatusOK, "application/json; charset=utf-8", []byte(`{"healthy":true,"environment":"local"}`))
}
