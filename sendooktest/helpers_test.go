package sendooktest_test

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

var ctx = context.Background()

// harness is a server of one dialect and a client of it.
type harness struct {
	dialect sendooktest.Dialect
	srv     *sendooktest.Server
	client  *sendook.Client
	// hits records the endpoints the client has called.
	hits *endpointRecorder
}

func (h *harness) real() bool { return h.dialect == sendooktest.DialectReal }

// forEachDialect runs body once per dialect, each time against a new
// server made with opts.
func forEachDialect(t *testing.T, body func(t *testing.T, h *harness), opts ...sendooktest.ServerOption) {
	for _, d := range []sendooktest.Dialect{sendooktest.DialectReal, sendooktest.DialectDocumented} {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			body(t, newHarness(t, d, opts...))
		})
	}
}

func newHarness(t *testing.T, d sendooktest.Dialect, opts ...sendooktest.ServerOption) *harness {
	t.Helper()
	srv := sendooktest.NewServer(append([]sendooktest.ServerOption{sendooktest.WithDialect(d)}, opts...)...)
	t.Cleanup(srv.Close)
	transport := &http.Transport{}
	t.Cleanup(transport.CloseIdleConnections)
	hits := &endpointRecorder{next: transport, seen: map[string]bool{}}
	return &harness{
		dialect: d,
		srv:     srv,
		client:  srv.Client(sendook.WithHTTPClient(&http.Client{Transport: hits})),
		hits:    hits,
	}
}

// unknownID returns an id of the right shape that names nothing.
func (h *harness) unknownID(prefix string) string {
	if h.real() {
		return "0123456789abcdef01234567"
	}
	return prefix + "_01J00000000000000000000000"
}

var (
	objectIDPattern = regexp.MustCompile(`^[0-9a-f]{24}$`)
	ulidPattern     = regexp.MustCompile(`^[a-z]+_[0-9A-HJKMNP-TV-Z]{26}$`)
)

// assertID checks that id has the dialect's shape: 24 hex digits, or a
// prefixed ULID such as "ibox_01J...".
func (h *harness) assertID(t *testing.T, id, prefix string) {
	t.Helper()
	if h.real() {
		assert.Regexp(t, objectIDPattern, id)
	} else {
		assert.Regexp(t, ulidPattern, id)
		assert.True(t, strings.HasPrefix(id, prefix+"_"), "%q should start with %s_", id, prefix)
	}
}

// endpointRecorder is a transport that notes which endpoint each request
// is for.
type endpointRecorder struct {
	next http.RoundTripper
	mu   sync.Mutex
	seen map[string]bool
}

func (r *endpointRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if e := sendooktest.EndpointOf(req.Method, req.URL.EscapedPath()); e != "" {
		r.mu.Lock()
		r.seen[e] = true
		r.mu.Unlock()
	}
	return r.next.RoundTrip(req)
}

func (r *endpointRecorder) endpoints() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []string
	for e := range r.seen {
		out = append(out, e)
	}
	slices.Sort(out)
	return out
}

// rawResponse is an answer read in full.
type rawResponse struct {
	status int
	header http.Header
	body   string
}

// raw sends a request without the SDK, to see exactly what the server
// answers. headers are name/value pairs; without an Authorization among
// them the server's key is sent.
func (h *harness) raw(t *testing.T, method, path, body string, headers ...string) rawResponse {
	t.Helper()
	req, err := http.NewRequestWithContext(ctx, method, h.srv.URL+path, strings.NewReader(body))
	require.NoError(t, err)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Authorization", "Bearer "+h.srv.APIKey)
	for i := 0; i+1 < len(headers); i += 2 {
		if headers[i+1] == "" {
			req.Header.Del(headers[i])
		} else {
			req.Header.Set(headers[i], headers[i+1])
		}
	}
	resp, err := http.DefaultTransport.RoundTrip(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return rawResponse{status: resp.StatusCode, header: resp.Header, body: string(data)}
}

// delivery is one webhook delivery a receiver got.
type delivery struct {
	header http.Header
	body   []byte
	event  *sendook.WebhookEvent
}

// receiver is a webhook endpoint on loopback that records what it gets and
// hands it to the SDK's webhook handler.
type receiver struct {
	URL string
	mu  sync.Mutex
	got []delivery
}

// newReceiver starts a receiver. It answers through the SDK's webhook
// handler, which with a secret refuses deliveries not signed with it (a
// 401), and parses what that handler accepted with ParseWebhookEvent.
func newReceiver(t *testing.T, secret string) *receiver {
	t.Helper()
	rcv := &receiver{}
	var opts []sendook.WebhookOption
	if secret != "" {
		opts = append(opts, sendook.WithWebhookSecret(secret))
	}
	handler := sendook.NewWebhookHandler(func(context.Context, *sendook.WebhookEvent) error { return nil }, opts...)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		r.Body = io.NopCloser(bytes.NewReader(body))
		sw := &statusWriter{ResponseWriter: w, status: http.StatusOK}
		handler.ServeHTTP(sw, r)
		d := delivery{header: r.Header.Clone(), body: body}
		if sw.status == http.StatusOK {
			d.event, _ = sendook.ParseWebhookEvent(body)
		}
		rcv.mu.Lock()
		rcv.got = append(rcv.got, d)
		rcv.mu.Unlock()
	}))
	t.Cleanup(srv.Close)
	rcv.URL = srv.URL + "/hooks/sendook"
	return rcv
}

// statusWriter notes the status a handler answered.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (w *statusWriter) WriteHeader(code int) {
	w.status = code
	w.ResponseWriter.WriteHeader(code)
}

// deliveries returns what the receiver got so far and forgets it.
func (r *receiver) deliveries() []delivery {
	r.mu.Lock()
	defer r.mu.Unlock()
	got := r.got
	r.got = nil
	return got
}

// events returns the events of deliveries() that the handler accepted.
func (r *receiver) events(t *testing.T) []*sendook.WebhookEvent {
	t.Helper()
	var out []*sendook.WebhookEvent
	for _, d := range r.deliveries() {
		require.NotNil(t, d.event, "the webhook handler refused a delivery: %s", d.body)
		out = append(out, d.event)
	}
	return out
}

// apiError returns err as an *APIError, failing the test if it is not one.
func apiError(t *testing.T, err error) *sendook.APIError {
	t.Helper()
	var apiErr *sendook.APIError
	require.ErrorAs(t, err, &apiErr)
	return apiErr
}

func messageIDs(msgs []sendook.Message) []string {
	ids := make([]string, len(msgs))
	for i, m := range msgs {
		ids[i] = m.ID
	}
	return ids
}
