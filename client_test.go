package sendook_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// pathServer answers every request with an inbox and records the escaped
// path and the headers of the last one.
func pathServer(t *testing.T) (*httptest.Server, *atomic.Pointer[http.Request]) {
	t.Helper()
	var last atomic.Pointer[http.Request]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		last.Store(r.Clone(context.Background()))
		io.WriteString(w, inboxJSON)
	}))
	t.Cleanup(srv.Close)
	return srv, &last
}

func TestBaseURLForms(t *testing.T) {
	srv, last := pathServer(t)
	tests := []struct{ base, wantPath string }{
		{srv.URL, "/v1/inboxes"},
		{srv.URL + "/", "/v1/inboxes"},
		{srv.URL + "/api", "/api/v1/inboxes"},
		{srv.URL + "/api/", "/api/v1/inboxes"},
		{"  " + srv.URL + "/a/b/ ", "/a/b/v1/inboxes"},
	}
	for _, tc := range tests {
		t.Run(tc.base, func(t *testing.T) {
			client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(tc.base))
			_, err := client.Inboxes.List(context.Background())
			require.Error(t, err, "an object is not a list") // the server answers one inbox
			assert.Equal(t, tc.wantPath, last.Load().URL.EscapedPath())
			assert.Equal(t, strings.TrimRight(strings.TrimSpace(tc.base), "/"), client.BaseURL())
		})
	}
}

// The newcomer's traps: a base URL ending in /v1 is not doubled, an empty
// one keeps the default, and a host:port without a scheme is told to add
// http://.
func TestBaseURLTraps(t *testing.T) {
	srv, last := pathServer(t)
	for _, tc := range []struct{ base, wantPath, wantBase string }{
		{srv.URL + "/v1", "/v1/inboxes/" + inboxID, srv.URL},
		{srv.URL + "/v1/", "/v1/inboxes/" + inboxID, srv.URL},
		{srv.URL + "/api/v1", "/api/v1/inboxes/" + inboxID, srv.URL + "/api"},
		{srv.URL + "/v10", "/v10/v1/inboxes/" + inboxID, srv.URL + "/v10"},
	} {
		t.Run(tc.base, func(t *testing.T) {
			client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(tc.base))
			_, err := client.Inboxes.Get(context.Background(), inboxID)
			require.NoError(t, err)
			assert.Equal(t, tc.wantPath, last.Load().URL.EscapedPath())
			assert.Equal(t, tc.wantBase, client.BaseURL())
		})
	}
	for _, base := range []string{"", "   "} {
		assert.Equal(t, sendook.DefaultBaseURL, sendook.NewClient(testAPIKey, sendook.WithBaseURL(base)).BaseURL(), "WithBaseURL(%q)", base)
	}
	var reasons []string
	for _, base := range []string{"127.0.0.1:8006", "localhost:8006"} {
		t.Run(base, func(t *testing.T) {
			client, mock := mockClient(t, sendook.WithBaseURL(base))
			_, err := client.Inboxes.List(context.Background())
			var verr *sendook.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "baseURL", verr.Field)
			assert.Contains(t, verr.Reason, `"http://`+base+`"`)
			reasons = append(reasons, strings.ReplaceAll(verr.Reason, base, "HOST"))
			assert.Zero(t, mock.GetTotalCallCount())
		})
	}
	if len(reasons) == 2 {
		assert.Equal(t, reasons[0], reasons[1], "both forms get the same advice")
	}
}

// A key read from a file with its newline works; a key that still holds a
// control character, or the "Bearer " prefix, is refused by the first call
// with what to fix, and without the key.
func TestAPIKeyTraps(t *testing.T) {
	srv, last := pathServer(t)
	for _, key := range []string{testAPIKey + "\n", "  " + testAPIKey + "\r\n", "\t" + testAPIKey + " "} {
		_, err := sendook.NewClient(key, sendook.WithBaseURL(srv.URL)).Inboxes.Get(context.Background(), inboxID)
		require.NoError(t, err)
		assert.Equal(t, "Bearer "+testAPIKey, last.Load().Header.Get("Authorization"), "key %q", key)
	}
	for _, tc := range []struct{ name, key, wantReason string }{
		{"Bearer prefix", "Bearer " + testAPIKey, `starts with "Bearer "`},
		{"lower-case bearer prefix", "bearer " + testAPIKey, `starts with "Bearer "`},
		{"newline inside", testAPIKey + "\nsecond-line", "control character"},
		{"NUL inside", "sk_\x00" + testAPIKey, "control character"},
		{"DEL inside", testAPIKey + "\x7f1", "control character"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, mock := mockClient(t)
			client := sendook.NewClient(tc.key, sendook.WithBaseURL(testBaseURL), sendook.WithHTTPClient(&http.Client{Transport: mock}))
			_, err := client.Inboxes.List(context.Background())
			var verr *sendook.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, "apiKey", verr.Field)
			assert.Contains(t, verr.Reason, tc.wantReason)
			assert.NotContains(t, err.Error(), testAPIKey)
			assert.Zero(t, mock.GetTotalCallCount())
		})
	}
}

// NewClientFromEnv reads SENDOOK_API_KEY and, when set, SENDOOK_BASE_URL;
// options given to it win.
func TestNewClientFromEnv(t *testing.T) {
	srv, last := pathServer(t)
	t.Run("key and base URL", func(t *testing.T) {
		t.Setenv("SENDOOK_API_KEY", testAPIKey+"\n")
		t.Setenv("SENDOOK_BASE_URL", srv.URL+"/v1")
		client := sendook.NewClientFromEnv()
		_, err := client.Inboxes.Get(context.Background(), inboxID)
		require.NoError(t, err)
		assert.Equal(t, "Bearer "+testAPIKey, last.Load().Header.Get("Authorization"))
		assert.Equal(t, srv.URL, client.BaseURL())
	})
	t.Run("base URL unset", func(t *testing.T) {
		t.Setenv("SENDOOK_API_KEY", testAPIKey)
		t.Setenv("SENDOOK_BASE_URL", "")
		assert.Equal(t, sendook.DefaultBaseURL, sendook.NewClientFromEnv().BaseURL())
	})
	t.Run("options win", func(t *testing.T) {
		t.Setenv("SENDOOK_API_KEY", testAPIKey)
		t.Setenv("SENDOOK_BASE_URL", "https://elsewhere.example")
		assert.Equal(t, srv.URL, sendook.NewClientFromEnv(sendook.WithBaseURL(srv.URL)).BaseURL())
	})
	t.Run("key unset", func(t *testing.T) {
		t.Setenv("SENDOOK_API_KEY", "")
		_, err := sendook.NewClientFromEnv(sendook.WithBaseURL(srv.URL)).Inboxes.List(context.Background())
		var verr *sendook.ValidationError
		require.ErrorAs(t, err, &verr)
		assert.Contains(t, verr.Reason, "SENDOOK_API_KEY")
	})
}

// Option values out of range are all handled one way: the first call
// reports them as a *ValidationError naming the option, and sends nothing.
func TestOptionsOutOfRange(t *testing.T) {
	tests := []struct {
		name  string
		opt   sendook.Option
		field string
	}{
		{"negative retries", sendook.WithMaxRetries(-1), "WithMaxRetries"},
		{"negative min wait", sendook.WithRetryWait(-time.Second, time.Second), "WithRetryWait"},
		{"min wait over max wait", sendook.WithRetryWait(2*time.Second, time.Second), "WithRetryWait"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, mock := mockClient(t, tc.opt)
			_, err := client.Inboxes.List(context.Background())
			var verr *sendook.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tc.field, verr.Field)
			assert.Zero(t, mock.GetTotalCallCount())
		})
	}
	for _, opt := range []sendook.Option{sendook.WithMaxRetries(0), sendook.WithRetryWait(0, 0), sendook.WithRetryWait(time.Second, time.Second), sendook.WithMaxResponseBytes(0)} {
		client, mock := mockClient(t, opt)
		mock.RegisterResponder("GET", testBaseURL+"/v1/inboxes", httpmock.NewStringResponder(200, "[]"))
		_, err := client.Inboxes.List(context.Background())
		require.NoError(t, err)
	}
}

func TestDefaultBaseURL(t *testing.T) {
	assert.Equal(t, "https://api.sendook.com", sendook.DefaultBaseURL)
	assert.Equal(t, sendook.DefaultBaseURL, sendook.NewClient(testAPIKey).BaseURL())
}

// NewClient cannot fail; a bad argument is the first call's error, and
// nothing is sent.
func TestConfigErrorsSurfaceOnFirstCall(t *testing.T) {
	tests := []struct {
		name, key, base, field string
	}{
		{"empty key", "", testBaseURL, "apiKey"},
		{"blank key", "  ", testBaseURL, "apiKey"},
		{"unparsable URL", testAPIKey, "http://[::1", "baseURL"},
		{"no scheme", testAPIKey, "api.sendook.com", "baseURL"},
		{"other scheme", testAPIKey, "ftp://api.sendook.com", "baseURL"},
		{"URL with credentials", testAPIKey, "https://user:pass@api.sendook.com", "baseURL"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hc := &http.Client{}
			httpmock.ActivateNonDefault(hc)
			defer httpmock.DeactivateAndReset()
			var client *sendook.Client
			require.NotPanics(t, func() { client = sendook.NewClient(tc.key, sendook.WithBaseURL(tc.base), sendook.WithHTTPClient(hc)) })
			_, err := client.Inboxes.List(context.Background())
			var verr *sendook.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tc.field, verr.Field)
			assert.NotContains(t, err.Error(), "user:pass", "credentials are not echoed")
			assert.Zero(t, httpmock.GetTotalCallCount())
		})
	}
}

func TestNilOptionsAreIgnored(t *testing.T) {
	srv, _ := pathServer(t)
	client := sendook.NewClient(testAPIKey, nil, sendook.WithBaseURL(srv.URL), sendook.WithHTTPClient(nil), sendook.WithLogger(nil))
	_, err := client.Inboxes.Get(context.Background(), inboxID)
	require.NoError(t, err)
}

func TestUserAgent(t *testing.T) {
	srv, last := pathServer(t)
	_, err := sendook.NewClient(testAPIKey, sendook.WithBaseURL(srv.URL), sendook.WithUserAgent("support-agent/2.1")).Inboxes.Get(context.Background(), inboxID)
	require.NoError(t, err)
	assert.Regexp(t, `^support-agent/2\.1 sendook-go/`+sendook.Version+` \(go\d\S* \w+/\w+\)$`, last.Load().Header.Get("User-Agent"))
}

// IDs are opaque: whatever they hold, each stays one path segment.
func TestIDsStayOnePathSegment(t *testing.T) {
	srv, last := pathServer(t)
	client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(srv.URL+"/api"))
	for _, id := range []string{"a/b", "..", ".", "../../api_keys", "x?y=1", "x#frag", "100%", "a\r\nX-Injected: 1", "bo\u00eete-\u2709", "a b", ";", "%2F"} {
		t.Run(fmt.Sprintf("%q", id), func(t *testing.T) {
			_, err := client.Inboxes.Get(context.Background(), id)
			require.NoError(t, err)
			r := last.Load()
			escaped := r.URL.EscapedPath()
			require.True(t, strings.HasPrefix(escaped, "/api/v1/inboxes/"), escaped)
			segment := strings.TrimPrefix(escaped, "/api/v1/inboxes/")
			assert.NotContains(t, segment, "/")
			got, err := url.PathUnescape(segment)
			require.NoError(t, err)
			assert.Equal(t, id, got)
			assert.Empty(t, r.URL.RawQuery)
			assert.Empty(t, r.Header.Get("X-Injected"))
		})
	}
}

// WithHTTPClient's client carries every attempt, and the SDK leaves it as it
// found it: not even its idle connections are closed after a failure.
func TestWithHTTPClientIsHonouredAndLeftAlone(t *testing.T) {
	srv := newAttemptServer(t, status(500))
	rt := &closeRecordingTransport{countingTransport: countingTransport{rt: http.DefaultTransport}}
	hc := &http.Client{Transport: rt}
	err := readCall(context.Background(), srv.client(sendook.WithHTTPClient(hc), sendook.WithMaxRetries(2)))
	require.ErrorIs(t, err, sendook.ErrServer)
	assert.EqualValues(t, 3, rt.n.Load(), "every attempt goes through the caller's transport")
	assert.Zero(t, rt.closed.Load(), "CloseIdleConnections was called on the caller's transport")
	assert.Same(t, rt, hc.Transport)
}

type closeRecordingTransport struct {
	countingTransport
	closed atomic.Int32
}

func (c *closeRecordingTransport) CloseIdleConnections() { c.closed.Add(1) }

// The API key is a secret: no fmt verb shows it.
func TestClientFormattingHidesTheKey(t *testing.T) {
	client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(testBaseURL))
	for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%d"} {
		for _, v := range []any{client, *client, []*sendook.Client{client}, client.Inboxes, *client.Messages} {
			out := fmt.Sprintf(verb, v)
			assert.NotContains(t, out, testAPIKey, "%s of %T", verb, v)
		}
	}
	assert.Contains(t, fmt.Sprint(client), testBaseURL)

	withPassword := sendook.NewClient(testAPIKey, sendook.WithBaseURL("https://user:hunter2@api.sendook.test"))
	assert.NotContains(t, fmt.Sprintf("%+v", withPassword), "hunter2")
	_, err := withPassword.Inboxes.List(context.Background())
	require.Error(t, err)
	assert.NotContains(t, err.Error(), "hunter2")
}

// Debug logs show requests, responses and retries, never the key.
func TestLoggerShowsRequestsButNotTheKey(t *testing.T) {
	srv := newAttemptServer(t, func(n int, w http.ResponseWriter, r *http.Request) {
		status(map[bool]int{true: 503, false: 200}[n == 1])(n, w, r)
	})
	var buf bytes.Buffer
	logger := slog.New(slog.NewJSONHandler(&buf, &slog.HandlerOptions{Level: slog.LevelDebug}))
	_, err := srv.client(sendook.WithLogger(logger)).Inboxes.Get(context.Background(), inboxID)
	require.NoError(t, err)
	logs := buf.String()
	assert.NotContains(t, logs, testAPIKey)
	var lines []map[string]any
	for _, line := range strings.Split(strings.TrimSpace(logs), "\n") {
		var entry map[string]any
		require.NoError(t, json.Unmarshal([]byte(line), &entry))
		lines = append(lines, entry)
	}
	var msgs []string
	for _, l := range lines {
		msgs = append(msgs, l["msg"].(string))
		assert.Equal(t, "DEBUG", l["level"])
	}
	assert.Equal(t, []string{"sendook: request", "sendook: response", "sendook: request", "sendook: response"}, msgs)
	assert.Equal(t, "[REDACTED]", lines[0]["headers"].(map[string]any)["Authorization"])
	assert.Equal(t, "503 Service Unavailable", lines[1]["status"])
	assert.EqualValues(t, 2, lines[2]["attempt"])
	assert.Equal(t, "200 OK", lines[3]["status"])
}

func TestEmptySuccessBody(t *testing.T) {
	client, mock := mockClient(t)
	mock.RegisterResponder("DELETE", testBaseURL+"/v1/inboxes/"+inboxID, httpmock.NewStringResponder(http.StatusNoContent, ""))
	inbox, err := client.Inboxes.Delete(context.Background(), inboxID)
	require.NoError(t, err)
	assert.Equal(t, &sendook.Inbox{}, inbox)
	mock.RegisterResponder("POST", testBaseURL+"/v1/webhooks/"+webhookID+"/test", httpmock.NewStringResponder(http.StatusNoContent, ""))
	require.NoError(t, client.Webhooks.Test(context.Background(), webhookID))
}

func TestSuccessBodyThatIsNotJSON(t *testing.T) {
	for _, body := range []string{"<html>ok</html>", `{"_id": "trunc`, `{"email": 42}`, `[1, 2]`} {
		t.Run(body, func(t *testing.T) {
			client, mock := mockClient(t)
			mock.RegisterResponder("GET", testBaseURL+"/v1/inboxes/"+inboxID, httpmock.NewStringResponder(200, body))
			mock.RegisterResponder("GET", testBaseURL+"/v1/inboxes", httpmock.NewStringResponder(200, body))
			_, err := client.Inboxes.Get(context.Background(), inboxID)
			require.Error(t, err)
			var apiErr *sendook.APIError
			assert.False(t, errors.As(err, &apiErr))
			assert.Contains(t, err.Error(), "decoding the 200 response")
			_, err = client.Inboxes.List(context.Background())
			require.Error(t, err)
		})
	}
}

// A response past 64 MiB (the default of WithMaxResponseBytes) is refused
// instead of read on.
func TestResponseTooLarge(t *testing.T) {
	t.Run("announced", func(t *testing.T) {
		client, mock := mockClient(t)
		mock.RegisterResponder("GET", testBaseURL+"/v1/inboxes", func(*http.Request) (*http.Response, error) {
			resp := httpmock.NewStringResponse(200, "[]")
			resp.ContentLength = 65 << 20
			return resp, nil
		})
		_, err := client.Inboxes.List(context.Background())
		require.ErrorIs(t, err, sendook.ErrResponseTooLarge)
	})
	t.Run("endless", func(t *testing.T) {
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			w.Write([]byte("["))
			chunk := bytes.Repeat([]byte(`"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",`), 1000)
			for r.Context().Err() == nil {
				if _, err := w.Write(chunk); err != nil {
					return
				}
			}
		}))
		defer srv.Close()
		_, err := sendook.NewClient(testAPIKey, sendook.WithBaseURL(srv.URL)).Inboxes.List(context.Background())
		require.ErrorIs(t, err, sendook.ErrResponseTooLarge)
	})
}

func TestNilContext(t *testing.T) {
	client, mock := mockClient(t)
	//lint:ignore SA1012 a nil context is what is being tested
	_, err := client.Inboxes.List(nil) //nolint:staticcheck
	var verr *sendook.ValidationError
	require.ErrorAs(t, err, &verr)
	assert.Zero(t, mock.GetTotalCallCount())
}
