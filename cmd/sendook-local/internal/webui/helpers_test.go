package webui

import (
	"bytes"
	"context"
	"errors"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/cmd/sendook-local/internal/inbound"
	"github.com/sendook/sendook-go/sendooktest"
)

// harness is a web inbox over a fresh in-memory server.
type harness struct {
	t      *testing.T
	api    *sendooktest.Server
	client *sendook.Client
	ui     *httptest.Server
}

// mailbox delivers into the in-memory server, as sendook-local does.
type mailbox struct{ srv *sendooktest.Server }

func (m mailbox) Deliver(_ context.Context, to string, raw []byte) error {
	_, err := m.srv.ReceiveMIME(to, raw)
	if errors.Is(err, sendooktest.ErrNoInbox) {
		return errors.Join(inbound.ErrUnknownRecipient, err)
	}
	return err
}

func newHarness(t *testing.T, opts ...sendooktest.ServerOption) *harness {
	t.Helper()
	api := sendooktest.NewServer(opts...)
	t.Cleanup(api.Close)
	h := &harness{t: t, api: api, client: api.Client()}
	h.ui = httptest.NewServer(New(Config{Client: h.client, Mailbox: mailbox{api}, SMTPAddr: "127.0.0.1:2525"}))
	t.Cleanup(h.ui.Close)
	return h
}

func (h *harness) inbox(name string) *sendook.Inbox {
	h.t.Helper()
	in, err := h.client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: name})
	require.NoError(h.t, err)
	return in
}

func (h *harness) receive(to string, m inbound.Mail) *sendook.Message {
	h.t.Helper()
	if m.From == "" {
		m.From = "Ada <ada@example.com>"
	}
	m.To = to
	got, err := h.api.ReceiveMIME(to, inbound.Compose(m))
	require.NoError(h.t, err)
	return got
}

// noRedirects is a client that shows redirects rather than following them.
var noRedirects = &http.Client{
	Timeout:       10 * time.Second,
	CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
}

// do sends a request to the web inbox and returns the response with its
// body read.
func (h *harness) do(req *http.Request) (*http.Response, string) {
	h.t.Helper()
	resp, err := noRedirects.Do(req)
	require.NoError(h.t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(h.t, err)
	assert.NotContains(h.t, string(body), h.api.APIKey, "the API key never reaches the page")
	return resp, string(body)
}

// get fetches a page and checks its status.
func (h *harness) get(path string, want int) (*http.Response, string) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodGet, h.ui.URL+path, nil)
	require.NoError(h.t, err)
	resp, body := h.do(req)
	require.Equal(h.t, want, resp.StatusCode, "GET %s: %s", path, body)
	return resp, body
}

// post submits a form as a browser on the page does.
func (h *harness) post(path string, form url.Values) (*http.Response, string) {
	h.t.Helper()
	req, err := http.NewRequest(http.MethodPost, h.ui.URL+path, strings.NewReader(form.Encode()))
	require.NoError(h.t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Origin", h.ui.URL)
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return h.do(req)
}

// postMultipart submits a form with files.
func (h *harness) postMultipart(path string, fields map[string]string, files map[string][]byte) (*http.Response, string) {
	h.t.Helper()
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	for k, v := range fields {
		require.NoError(h.t, w.WriteField(k, v))
	}
	for name, data := range files {
		fw, err := w.CreateFormFile("attachment", name)
		require.NoError(h.t, err)
		fw.Write(data)
	}
	require.NoError(h.t, w.Close())
	req, err := http.NewRequest(http.MethodPost, h.ui.URL+path, &b)
	require.NoError(h.t, err)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return h.do(req)
}

// before checks that a comes before b in s.
func before(t *testing.T, s, a, b string) {
	t.Helper()
	i, j := strings.Index(s, a), strings.Index(s, b)
	require.True(t, i >= 0 && j >= 0, "both %q and %q are shown", a, b)
	assert.Less(t, i, j, "%q comes before %q", a, b)
}

// regexpFind returns the first group of pattern in s.
func regexpFind(t *testing.T, pattern, s string) string {
	t.Helper()
	m := regexp.MustCompile(pattern).FindStringSubmatch(s)
	require.NotNil(t, m, "%s in the page", pattern)
	return m[1]
}
