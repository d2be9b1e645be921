package sendooktest

// Endpoints returns every endpoint the server implements, as
// "METHOD /pattern".
func Endpoints() []string {
	out := make([]string, len(routes))
	for i, rt := range routes {
		out[i] = rt.method + " " + rt.pattern
	}
	return out
}

// EndpointOf returns the endpoint that serves a request, as Endpoints
// names it, or "" if none does.
func EndpointOf(method, escapedPath string) string {
	rt, _, _ := matchRoute(method, escapedPath)
	if rt == nil {
		return ""
	}
	return rt.method + " " + rt.pattern
}

// RenameFirstAPIKey renames the server's own API key, as the fidelity
// replay does to match the real server's seeded key.
func RenameFirstAPIKey(s *Server, name string) {
	s.lock(func(st *store) { st.apiKeys.all()[0].Name = name })
}

// FailSendsWithoutPayments makes sends and replies fail after the rate
// limit, with the 500 a real server answers when it cannot charge them,
// as the real server the fidelity recording was made with does.
func FailSendsWithoutPayments(s *Server) { s.noPayments = true }

// LogToServer writes to the server's error log as net/http does.
func LogToServer(s *Server, msg string) { s.http.ErrorLog.Print(msg) }
