package sendooktest

import (
	"net/http"
	"net/url"
	"strings"
)

// route is one endpoint of the API.
type route struct {
	method  string
	pattern string // "/v1/inboxes/:inboxId": a segment starting with ':' is a parameter
	handle  func(*Server, *request)
	// sends marks the routes the send rate limit counts.
	sends bool
	// uncast names a parameter the real server does not turn into an
	// ObjectId, so that a malformed one is no error.
	uncast string
}

// routes is the whole v1 API: 26 endpoints.
var routes = []route{
	{method: "POST", pattern: "/v1/api_keys", handle: (*Server).createAPIKey},
	{method: "GET", pattern: "/v1/api_keys", handle: (*Server).listAPIKeys},
	{method: "GET", pattern: "/v1/api_keys/:apiKeyId", handle: (*Server).getAPIKey},
	{method: "DELETE", pattern: "/v1/api_keys/:apiKeyId", handle: (*Server).deleteAPIKey},

	{method: "POST", pattern: "/v1/domains", handle: (*Server).createDomain},
	{method: "GET", pattern: "/v1/domains", handle: (*Server).listDomains},
	{method: "GET", pattern: "/v1/domains/:domainId", handle: (*Server).getDomain},
	{method: "GET", pattern: "/v1/domains/:domainId/dns", handle: (*Server).domainDNS},
	{method: "POST", pattern: "/v1/domains/:domainId/verify", handle: (*Server).domainVerify},
	{method: "DELETE", pattern: "/v1/domains/:domainId", handle: (*Server).deleteDomain},

	{method: "POST", pattern: "/v1/inboxes", handle: (*Server).createInbox},
	{method: "GET", pattern: "/v1/inboxes", handle: (*Server).listInboxes},
	{method: "GET", pattern: "/v1/inboxes/:inboxId", handle: (*Server).getInbox},
	{method: "DELETE", pattern: "/v1/inboxes/:inboxId", handle: (*Server).deleteInbox},

	{method: "POST", pattern: "/v1/inboxes/:inboxId/messages/send", handle: (*Server).sendMessage, sends: true},
	{method: "POST", pattern: "/v1/inboxes/:inboxId/messages/:messageId/reply", handle: (*Server).replyMessage, sends: true},
	{method: "GET", pattern: "/v1/inboxes/:inboxId/messages", handle: (*Server).listMessages},
	{method: "GET", pattern: "/v1/inboxes/:inboxId/messages/:messageId", handle: (*Server).getMessage, uncast: "inboxId"},

	{method: "GET", pattern: "/v1/inboxes/:inboxId/threads", handle: (*Server).listThreads},
	{method: "GET", pattern: "/v1/inboxes/:inboxId/threads/:threadId", handle: (*Server).getThread, uncast: "inboxId"},

	{method: "POST", pattern: "/v1/webhooks", handle: (*Server).createWebhook},
	{method: "GET", pattern: "/v1/webhooks", handle: (*Server).listWebhooks},
	{method: "GET", pattern: "/v1/webhooks/:webhookId", handle: (*Server).getWebhook},
	{method: "POST", pattern: "/v1/webhooks/:webhookId/test", handle: (*Server).testWebhook},
	{method: "DELETE", pattern: "/v1/webhooks/:webhookId", handle: (*Server).deleteWebhook},
	{method: "GET", pattern: "/v1/webhooks/:webhookId/attempts", handle: (*Server).listAttempts},
}

// matchRoute finds the route for method and an escaped path, the way
// Express routes: segments compare case-insensitively, a trailing slash is
// ignored, and parameters are unescaped. ok is false when no route
// matches; badEscape is true when one matched but a parameter does not
// unescape.
func matchRoute(method, escapedPath string) (rt *route, params map[string]string, badEscape bool) {
	if method == http.MethodHead {
		method = http.MethodGet
	}
	if len(escapedPath) > 1 {
		escapedPath = strings.TrimSuffix(escapedPath, "/")
	}
	segs := strings.Split(escapedPath, "/")
	for i := range routes {
		r := &routes[i]
		if r.method != method {
			continue
		}
		want := strings.Split(r.pattern, "/")
		if len(want) != len(segs) {
			continue
		}
		params = nil
		matched := true
		for j, w := range want {
			if name, ok := strings.CutPrefix(w, ":"); ok {
				v, err := url.PathUnescape(segs[j])
				if err != nil {
					badEscape = true
				}
				if params == nil {
					params = make(map[string]string)
				}
				params[name] = v
			} else if !strings.EqualFold(w, segs[j]) {
				matched = false
				break
			}
		}
		if matched {
			return r, params, badEscape
		}
		badEscape = false
	}
	return nil, nil, false
}

// serveAPI serves a request as the API does, in the order the real server's
// middleware runs: body parsing, CORS, the routes that need no key
// (/health and the mail provider's /webhooks/ses), authentication of /v1,
// routing, the send rate limit, then the route.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request) {
	rq := s.newRequest(w, r)
	if !rq.readBody() {
		return
	}
	rq.setCORS()
	if r.Method == http.MethodOptions {
		rq.preflight()
		return
	}
	path := r.URL.EscapedPath()
	switch {
	case (r.Method == http.MethodGet || r.Method == http.MethodHead) && expressPathIs(path, "/health"):
		s.serveHealth(rq)
		return
	case r.Method == http.MethodPost && expressPathIs(path, "/webhooks/ses"):
		s.serveSES(rq)
		return
	}
	if (strings.EqualFold(path, "/v1") || strings.HasPrefix(strings.ToLower(path), "/v1/")) && !s.authenticate(rq) {
		return
	}
	rt, params, badEscape := matchRoute(r.Method, path)
	switch {
	case rt == nil:
		if s.dialect == DialectReal {
			rq.writePage(http.StatusNotFound, "Cannot "+r.Method+" "+path)
		} else {
			rq.fail(&apiError{status: http.StatusNotFound, code: "not_found", msg: "no such endpoint: " + r.Method + " " + path})
		}
		return
	case badEscape:
		rq.fail(&apiError{status: http.StatusBadRequest, code: "invalid_request", msg: "a path parameter is not a valid URL escape", page: true})
		return
	}
	rq.params = params
	if rt.sends && !s.allowSend(rq) {
		return
	}
	if rt.sends && s.noPayments {
		// What the real server answers when it cannot charge the send.
		rq.fail(&apiError{status: http.StatusInternalServerError, crashesReal: true})
		return
	}
	if !rq.checkIDs(rt.uncast) {
		return
	}
	rt.handle(s, rq)
}

// expressPathIs reports whether an escaped path is want as Express routes
// it: case-insensitively, with or without a trailing slash.
func expressPathIs(path, want string) bool {
	return strings.EqualFold(strings.TrimSuffix(path, "/"), want)
}

// newRequest starts answering r with the headers every response of the
// dialect has.
func (s *Server) newRequest(w http.ResponseWriter, r *http.Request) *request {
	rq := &request{s: s, w: w, r: r}
	if s.dialect == DialectDocumented {
		rq.requestID = "req_" + randomHex(12)
		w.Header().Set("X-Request-Id", rq.requestID)
	} else {
		w.Header().Set("X-Powered-By", "Express")
	}
	return rq
}

// checkIDs answers the request and returns false when an id parameter is
// malformed. The real server casts ids to ObjectIds, and a failed cast is
// an unhandled error there: an HTML 500. Domains go by name, so their
// parameter is exempt. In the documented dialect an id that cannot exist
// is simply not found, which the route itself reports.
func (rq *request) checkIDs(uncast string) bool {
	if rq.s.dialect != DialectReal {
		return true
	}
	for name, v := range rq.params {
		if name != "domainId" && name != uncast && !isObjectID(v) {
			rq.fail(&apiError{status: http.StatusInternalServerError, crashesReal: true})
			return false
		}
	}
	return true
}
