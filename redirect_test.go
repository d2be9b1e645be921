package sendook_test

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// keyRecorder is a server that answers an inbox and records whether the
// API key reached it.
type keyRecorder struct {
	*httptest.Server
	hits atomic.Int32
	auth atomic.Value // the last Authorization header
}

func newKeyRecorder(t *testing.T, tlsServer bool) *keyRecorder {
	t.Helper()
	k := &keyRecorder{}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		k.hits.Add(1)
		k.auth.Store(r.Header.Get("Authorization"))
		io.WriteString(w, inboxJSON)
	})
	if tlsServer {
		k.Server = httptest.NewTLSServer(h)
	} else {
		k.Server = httptest.NewServer(h)
	}
	t.Cleanup(k.Close)
	return k
}

// redirector answers every request with a redirect to target plus the
// request's path.
func redirector(t *testing.T, tlsServer bool, target func() string) *httptest.Server {
	t.Helper()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if strings.HasPrefix(r.URL.Path, "/final") {
			io.WriteString(w, inboxJSON)
			return
		}
		http.Redirect(w, r, target()+r.URL.Path, http.StatusFound)
	})
	var srv *httptest.Server
	if tlsServer {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv
}

// The API key goes only to the origin (scheme, host and port) the client
// was configured with, whether the SDK's own HTTP client carries the call or
// the caller's; a redirect from https to http is never followed.
func TestRedirectsCarryTheKeyOnlyToTheOrigin(t *testing.T) {
	plain := newKeyRecorder(t, false)
	secure := newKeyRecorder(t, true)
	pool := x509.NewCertPool()
	pool.AddCert(secure.Certificate())

	tests := []struct {
		name      string
		tlsOrigin bool
		// target is where the origin redirects to.
		target  func(origin string) string
		to      *keyRecorder
		wantKey bool
		refused bool
	}{
		{name: "another port on the same host", target: func(string) string { return plain.URL }, to: plain},
		{name: "another host name", target: func(string) string { return strings.Replace(plain.URL, "127.0.0.1", "localhost", 1) }, to: plain},
		{name: "https to http on the same host", tlsOrigin: true, target: func(string) string { return plain.URL }, to: plain, refused: true},
		{name: "https to another https port", tlsOrigin: true, target: func(string) string { return secure.URL }, to: secure},
		{name: "the same origin", target: func(origin string) string { return origin + "/final" }, wantKey: true},
	}
	clients := []struct {
		name string
		opts func() []sendook.Option
	}{
		{"the SDK's HTTP client", func() []sendook.Option { return nil }},
		{"the caller's HTTP client", func() []sendook.Option {
			return []sendook.Option{sendook.WithHTTPClient(&http.Client{Transport: &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}}})}
		}},
		{"the caller's HTTP client with its own redirect policy", func() []sendook.Option {
			return []sendook.Option{sendook.WithHTTPClient(&http.Client{
				Transport:     &http.Transport{TLSClientConfig: &tls.Config{RootCAs: pool}},
				CheckRedirect: func(*http.Request, []*http.Request) error { return nil },
			})}
		}},
	}
	for _, hc := range clients {
		for _, tc := range tests {
			t.Run(hc.name+"/"+tc.name, func(t *testing.T) {
				var origin *httptest.Server
				origin = redirector(t, tc.tlsOrigin, func() string { return tc.target(origin.URL) })
				opts := append([]sendook.Option{sendook.WithBaseURL(origin.URL), sendook.WithMaxRetries(0)}, hc.opts()...)
				client := sendook.NewClient(testAPIKey, opts...)
				if hc.name == "the SDK's HTTP client" {
					sendook.SetTLSRootCAs(client, pool)
				}
				if tc.to != nil {
					tc.to.hits.Store(0)
					tc.to.auth.Store("")
				}
				inbox, err := client.Inboxes.Get(context.Background(), inboxID)
				if tc.refused {
					require.Error(t, err)
					assert.Contains(t, err.Error(), "https to http")
					assert.NotContains(t, err.Error(), testAPIKey)
					var apiErr *sendook.APIError
					assert.False(t, errors.As(err, &apiErr))
					assert.Zero(t, tc.to.hits.Load(), "the http target was reached")
					return
				}
				require.NoError(t, err)
				assert.Equal(t, inboxID, inbox.ID)
				if tc.to != nil {
					assert.EqualValues(t, 1, tc.to.hits.Load())
					assert.Equal(t, "", tc.to.auth.Load(), "the key left its origin")
				}
			})
		}
	}
}

// A caller's CheckRedirect that refuses a redirect ends the call at once:
// no retry, the caller's error in the chain, and nothing printed.
func TestRefusedRedirectIsNotRetried(t *testing.T) {
	errNoRedirects := errors.New("no redirects here")
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		http.Redirect(w, r, "/elsewhere", http.StatusFound)
	}))
	defer srv.Close()
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return errNoRedirects }}
	printed := captureOutput(t, func() {
		err := readCall(context.Background(), sendook.NewClient(testAPIKey, sendook.WithBaseURL(srv.URL), sendook.WithHTTPClient(hc),
			sendook.WithRetryWait(time.Millisecond, time.Millisecond)))
		require.ErrorIs(t, err, errNoRedirects)
	})
	assert.EqualValues(t, 1, hits.Load(), "attempts")
	assert.Empty(t, printed)
}
