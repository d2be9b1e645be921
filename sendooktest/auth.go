package sendooktest

import (
	"net/http"
	"strings"
)

// authenticate checks the request's API key and answers the request itself
// when it is refused.
//
// The real dialect follows passport's bearer strategy: an Authorization
// header that is not two words separated by one space (as "Bearer " becomes
// once the trailing space is trimmed) is a 400; a missing key, or a scheme
// other than Bearer, a 401 with a challenge; an unknown key a 401 saying
// invalid_token. The key may also come as ?access_token=, but not both.
func (s *Server) authenticate(rq *request) bool {
	token, malformed := bearerToken(rq.r, rq.bodyToken())
	var known bool
	if token != "" {
		s.lock(func(st *store) { known = st.keyBySecret[token] != nil })
	}
	if known {
		return true
	}
	if s.dialect == DialectDocumented {
		rq.w.Header().Set("WWW-Authenticate", `Bearer realm="Sendook"`)
		rq.fail(&apiError{status: http.StatusUnauthorized, code: "unauthorized", msg: "missing or invalid API key"})
		return false
	}
	switch {
	case malformed:
		rq.writeText(http.StatusBadRequest, "", http.StatusText(http.StatusBadRequest))
	case token == "":
		rq.w.Header().Set("WWW-Authenticate", `Bearer realm="Users"`)
		rq.writeText(http.StatusUnauthorized, "", http.StatusText(http.StatusUnauthorized))
	default:
		rq.w.Header().Set("WWW-Authenticate", `Bearer realm="Users", error="invalid_token"`)
		rq.writeText(http.StatusUnauthorized, "", http.StatusText(http.StatusUnauthorized))
	}
	return false
}

// bearerToken returns the key a request carries, in its Authorization
// header, its body's access_token or its query's, and whether the way it
// carries it is malformed: more than one of them is.
func bearerToken(r *http.Request, fromBody string) (token string, malformed bool) {
	if h := r.Header.Get("Authorization"); h != "" {
		parts := strings.Split(h, " ")
		if len(parts) != 2 {
			return "", true
		}
		if strings.EqualFold(parts[0], "Bearer") {
			token = parts[1]
		}
	}
	for _, t := range []string{fromBody, r.URL.Query().Get("access_token")} {
		if t == "" {
			continue
		}
		if token != "" {
			return "", true
		}
		token = t
	}
	return token, false
}
