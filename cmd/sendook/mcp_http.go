package main

import (
	"context"
	"crypto/subtle"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/sendook/sendook-go/internal/loopback"
)

// mcpPath is the one path the HTTP server answers on.
const mcpPath = "/mcp"

// checkHTTPAddr refuses to serve a non-loopback address without a token:
// anyone who can reach it could otherwise read and send the mail.
func checkHTTPAddr(addr, token string) error {
	host, _, err := net.SplitHostPort(addr)
	if err != nil {
		return fmt.Errorf("--http %s: want host:port, e.g. 127.0.0.1:8765", addr)
	}
	if !loopback.Host(host) && token == "" {
		return fmt.Errorf("--http %s is reachable from other machines: set a bearer token with --http-token or SENDOOK_MCP_TOKEN, or serve on 127.0.0.1", addr)
	}
	return nil
}

// serveHTTP serves streamable HTTP on o.httpAddr until ctx ends.
func serveHTTP(ctx context.Context, a *app, o *mcpOptions, server *mcp.Server) error {
	ln, err := net.Listen("tcp", o.httpAddr)
	if err != nil {
		return err
	}
	host, _, _ := net.SplitHostPort(o.httpAddr)
	h := mcpHandler(server, o.httpToken, loopback.Host(host))
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	auth := "no token: loopback only"
	if o.httpToken != "" {
		auth = "bearer token required"
	}
	fmt.Fprintf(a.Err, "sendook mcp: serving MCP at http://%s%s (%s; %s)\n", ln.Addr(), mcpPath, auth, o.describe())

	done := make(chan error, 1)
	go func() { done <- srv.Serve(ln) }()
	select {
	case err := <-done:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	err = srv.Shutdown(shutdown)
	if errors.Is(err, context.DeadlineExceeded) {
		err = srv.Close() // a wait_for_message still running
	}
	<-done
	return err
}

// mcpHandler serves server at /mcp only. Every request must carry the
// bearer token, when there is one. On loopback the Host must be a loopback
// name and an Origin, when sent, a loopback origin, so that a web page
// cannot reach the server through DNS rebinding; off loopback an Origin
// must be the server's own.
func mcpHandler(server *mcp.Server, token string, local bool) http.Handler {
	streamable := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)
	mux := http.NewServeMux()
	mux.Handle(mcpPath, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if local && !loopback.HostPort(r.Host) {
			http.Error(w, "forbidden: the Host is not this machine", http.StatusForbidden)
			return
		}
		if origin := r.Header.Get("Origin"); origin != "" && !originAllowed(origin, r.Host, local) {
			http.Error(w, "forbidden: cross-origin request", http.StatusForbidden)
			return
		}
		if token != "" && !hasToken(r, token) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="sendook-mcp"`)
			http.Error(w, "unauthorized: send Authorization: Bearer <token>", http.StatusUnauthorized)
			return
		}
		streamable.ServeHTTP(w, r)
	}))
	return mux
}

// originAllowed reports whether a browser page of origin may call.
func originAllowed(origin, host string, local bool) bool {
	u, err := url.Parse(origin)
	if err != nil || u.Host == "" {
		return false
	}
	if local {
		return loopback.Host(u.Hostname())
	}
	return strings.EqualFold(u.Host, host)
}

// hasToken reports whether r carries the bearer token, compared in
// constant time.
func hasToken(r *http.Request, token string) bool {
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(token)) == 1
}
