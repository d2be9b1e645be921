package sendook

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
)

// maxConnsPerHost is how many connections the default transport keeps open,
// and idle, per host.
const maxConnsPerHost = 64

// maxRedirects is how many redirects a call follows, as net/http's default.
const maxRedirects = 10

// newTransport returns the SDK's own transport, used when the caller gives
// no *http.Client.
func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	// The default keeps 2 idle connections per host: a burst of concurrent
	// calls would then open a new connection for most of them, every time.
	// Capping open connections at the idle limit means none is ever opened
	// only to be closed again; callers past the cap wait for a free one
	// (HTTP/2 multiplexes on one anyway).
	t.MaxIdleConns = 2 * maxConnsPerHost
	t.MaxIdleConnsPerHost = maxConnsPerHost
	t.MaxConnsPerHost = maxConnsPerHost
	t.ResponseHeaderTimeout = defaultResponseHeaderTimeout
	return t
}

// send performs one attempt through the SDK's client or, per call, a copy of
// the caller's whose redirect policy is the caller's behind the SDK's
// guard. The copy leaves the caller's client as it is; everything else of
// it (Transport, Timeout, Jar) applies unchanged.
func (c *Client) send(req *http.Request) (*http.Response, error) {
	if c.httpClient == nil {
		return c.own.Do(req)
	}
	hc := *c.httpClient
	guard := &redirectGuard{client: c, next: hc.CheckRedirect}
	hc.CheckRedirect = guard.check
	return hc.Do(req)
}

// checkRedirect is the redirect policy of the SDK's own client.
func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	if err := c.guardRedirect(req, via); err != nil {
		return err
	}
	if len(via) >= maxRedirects {
		return errors.New("stopped after 10 redirects")
	}
	return nil
}

// redirectGuard puts the SDK's guard in front of a caller's redirect
// policy.
type redirectGuard struct {
	client *Client
	next   func(*http.Request, []*http.Request) error
}

func (g *redirectGuard) check(req *http.Request, via []*http.Request) error {
	if err := g.client.guardRedirect(req, via); err != nil {
		return err
	}
	if g.next != nil {
		return g.next(req, via)
	}
	if len(via) >= maxRedirects {
		return errors.New("stopped after 10 redirects")
	}
	return nil
}

// guardRedirect keeps the API key at its origin: a redirect from https to
// http is refused, and a redirect anywhere but the base URL's scheme, host
// and port goes without the Authorization header. (net/http drops it only
// when the host name changes, not the port or the scheme.)
func (c *Client) guardRedirect(req *http.Request, via []*http.Request) error {
	if prev := via[len(via)-1]; strings.EqualFold(prev.URL.Scheme, "https") && !strings.EqualFold(req.URL.Scheme, "https") {
		return &redirectError{to: req.URL}
	}
	if originOf(req.URL) != c.origin {
		req.Header.Del("Authorization")
	}
	return nil
}

// redirectError is a redirect the SDK refused to follow.
type redirectError struct{ to *url.URL }

func (e *redirectError) Error() string {
	return "refused to follow a redirect from https to http (" + e.to.Redacted() + "): the API key is never sent unencrypted"
}
