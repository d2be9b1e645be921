package main

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

func TestHostPolicy(t *testing.T) {
	for _, tc := range []struct {
		host    string
		allowed []string
		want    bool
	}{
		{"127.0.0.1:8006", nil, true},
		{"127.0.0.1", nil, true},
		{"127.1.2.3:8006", nil, true},
		{"[::1]:8006", nil, true},
		{"localhost:8006", nil, true},
		{"LOCALHOST.:8006", nil, true},
		{"app.localhost:8006", nil, true},
		{"", nil, false},
		{"evil.example.com:8006", nil, false},
		{"localhost.evil.example.com", nil, false},
		{"127.0.0.1.nip.io:8006", nil, false},
		{"192.168.1.10:8006", nil, false},
		{"0.0.0.0:8006", nil, false},
		{"devbox:8006", []string{"devbox"}, true},
		{"DevBox.:8006", []string{"devbox"}, true},
		{"other:8006", []string{"devbox"}, false},
		{"192.168.1.10:8006", []string{"192.168.1.10"}, true},
		{"[fd00::1]:8006", []string{"[fd00::1]"}, true},
		{"evil.example.com", []string{"*"}, true},
		{"devbox:9999", []string{"devbox:8006"}, true},
	} {
		assert.Equal(t, tc.want, newHostPolicy(tc.allowed).allows(tc.host), "Host %q, allowed %q", tc.host, tc.allowed)
	}
}

// A page that rebinds its own name to 127.0.0.1 sends its name as Host:
// neither the API nor the web inbox answers it.
func TestRefusesOtherHosts(t *testing.T) {
	s := start(t, "-addr", "127.0.0.1:0", "-smtp", "", "-ui", "127.0.0.1:0", "-allow-host", "devbox.lan")
	bearer := http.Header{"Authorization": {"Bearer " + s.apiKey}}
	for _, tc := range []struct {
		url  string
		auth http.Header
	}{
		{s.baseURL + "/v1/inboxes", bearer},
		{s.baseURL + "/v1/inboxes?access_token=" + s.apiKey, http.Header{}},
		{s.ui + "/", http.Header{}},
	} {
		base, auth := tc.url, tc.auth
		rebound := auth.Clone()
		rebound.Set("Host", "rebind.attacker.example:8006")
		body := get(t, base, rebound, http.StatusForbidden)
		assert.Contains(t, body, "-allow-host")

		allowed := auth.Clone()
		allowed.Set("Host", "devbox.lan")
		get(t, base, allowed, http.StatusOK)
		get(t, base, auth, http.StatusOK)
	}
}

// The attack of DNS rebinding, step by step: a page on a name of its own,
// resolved to 127.0.0.1, creates a webhook with the well-known key in the
// query. It is refused, and nothing is created.
func TestRebindingPageCannotCreateAWebhook(t *testing.T) {
	s := start(t, "-addr", "127.0.0.1:0", "-smtp", "", "-ui", "")
	req, err := http.NewRequest(http.MethodPost, s.baseURL+"/v1/webhooks?access_token="+s.apiKey,
		strings.NewReader(`{"url":"http://127.0.0.1:6379/","events":["message.received"]}`))
	require.NoError(t, err)
	req.Host = "rebind.attacker.example:8006"
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusForbidden, resp.StatusCode)

	hooks, err := sendook.NewClient(s.apiKey, sendook.WithBaseURL(s.baseURL)).Webhooks.List(context.Background())
	require.NoError(t, err)
	assert.Empty(t, hooks)
}

// The in-memory server behind the API accepts only a key of its own, so
// the well-known default key is useless on its port.
func TestInnerServerNeedsItsOwnKey(t *testing.T) {
	o := &options{addr: "127.0.0.1:0", apiKey: defaultAPIKey, dialect: "real"}
	var servers servers
	defer servers.closeAll()
	client, _, err := serveAPI(o, newHostPolicy(nil), &servers)
	require.NoError(t, err)
	inner := client.BaseURL()

	_, err = sendook.NewClient(defaultAPIKey, sendook.WithBaseURL(inner)).Inboxes.List(context.Background())
	assert.ErrorIs(t, err, sendook.ErrUnauthorized, "the inner port refuses the default key")
	_, err = sendook.NewClient(defaultAPIKey, sendook.WithBaseURL("http://"+o.addr)).Inboxes.List(context.Background())
	assert.NoError(t, err, "the front accepts it")
	resp, err := http.Get("http://" + o.addr + "/v1/inboxes?access_token=" + defaultAPIKey)
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusOK, resp.StatusCode, "in the query too")
}

func TestFrontShowsTheUsersKeyNotTheInnerOne(t *testing.T) {
	f := &apiFront{innerKey: "inner-secret", publicKey: "public-key"}
	for _, tc := range []struct{ path, body, want string }{
		{"/v1/api_keys", `[{"key":"inner-secret"}]`, `[{"key":"public-key"}]`},
		{"/V1/API_KEYS/abc", `{"key":"inner-secret"}`, `{"key":"public-key"}`},
		{"/v1/inboxes", `{"name":"inner-secret"}`, `{"name":"inner-secret"}`},
	} {
		resp := &http.Response{
			Request: &http.Request{URL: &url.URL{Path: tc.path}},
			Header:  http.Header{}, Body: io.NopCloser(strings.NewReader(tc.body)),
		}
		require.NoError(t, f.hideInnerKey(resp))
		got, _ := io.ReadAll(resp.Body)
		assert.Equal(t, tc.want, string(got), tc.path)
		if tc.want != tc.body {
			assert.Equal(t, int64(len(tc.want)), resp.ContentLength)
		}
	}
}

// Listening where other machines reach it: a loud warning, and the web
// inbox asks for the API key.
func TestListeningBeyondLoopback(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	out, stdout := io.Pipe()
	var stderr strings.Builder
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-smtp", "", "-ui", "0.0.0.0:0", "-api-key", "my-own-key"}, stdout, &stderr)
		stdout.Close()
	}()
	s := readSettings(t, out)
	assert.Contains(t, stderr.String(), "WARNING")
	assert.Contains(t, stderr.String(), "-ui 0.0.0.0:0")
	assert.NotContains(t, stderr.String()+s.head, "my-own-key", "the key never shows")

	get(t, s.ui+"/", nil, http.StatusUnauthorized)
	get(t, s.ui+"/", http.Header{"Authorization": {"Basic " + basic("any", "wrong")}}, http.StatusUnauthorized)
	get(t, s.ui+"/", http.Header{"Authorization": {"Basic " + basic("any", "my-own-key")}}, http.StatusOK)
	cancel()
	require.NoError(t, <-done)
}

func basic(user, password string) string {
	r, _ := http.NewRequest(http.MethodGet, "/", nil)
	r.SetBasicAuth(user, password)
	return strings.TrimPrefix(r.Header.Get("Authorization"), "Basic ")
}
