package main

import (
	"fmt"
	"net"
	"net/http"
	"strings"

	"github.com/sendook/sendook-go/internal/loopback"
)

// hostPolicy decides which Host headers the API and the web inbox answer.
//
// A web page can make a browser send requests to 127.0.0.1 under a name of
// its own (DNS rebinding): the browser then treats the answers as the
// page's own, so the page could drive this server with its well-known key.
// Such requests carry the page's name in Host; answering only loopback
// names and addresses, and the names the user allows, stops them.
type hostPolicy struct {
	any   bool            // every Host is answered
	names map[string]bool // allowed besides loopback, lower case
}

// newHostPolicy makes a policy from -allow-host values: names, IP
// addresses, or "*" for every Host.
func newHostPolicy(allowed []string) hostPolicy {
	p := hostPolicy{names: map[string]bool{}}
	for _, a := range allowed {
		a = strings.ToLower(strings.TrimSuffix(strings.TrimSpace(a), "."))
		switch a {
		case "":
		case "*":
			p.any = true
		default:
			if host, _, err := net.SplitHostPort(a); err == nil {
				a = host // the port does not matter
			}
			p.names[strings.Trim(a, "[]")] = true
		}
	}
	return p
}

// allows reports whether a request with this Host header is answered.
func (p hostPolicy) allows(hostHeader string) bool {
	if p.any {
		return true
	}
	if loopback.HostPort(hostHeader) {
		return true
	}
	host := strings.ToLower(strings.TrimSuffix(strings.Trim(loopback.Hostname(hostHeader), "[]"), "."))
	return p.names[host]
}

// guard answers 403 to requests whose Host the policy refuses, and passes
// the others to next.
func (p hostPolicy) guard(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if !p.allows(r.Host) {
			w.Header().Set("Content-Type", "text/plain; charset=utf-8")
			w.Header().Set("X-Content-Type-Options", "nosniff")
			w.WriteHeader(http.StatusForbidden)
			fmt.Fprintf(w, "sendook-local answers only loopback hosts, not %q: restart it with -allow-host NAME to allow this one.\n", r.Host)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// listFlag is a flag that may be given several times, each a
// comma-separated list.
type listFlag []string

func (l *listFlag) String() string { return strings.Join(*l, ",") }

func (l *listFlag) Set(v string) error {
	for _, s := range strings.Split(v, ",") {
		if s = strings.TrimSpace(s); s != "" {
			*l = append(*l, s)
		}
	}
	return nil
}
