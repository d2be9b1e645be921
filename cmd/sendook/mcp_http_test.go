package main

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"
)

// mcpServeHTTP runs "sendook mcp --http 127.0.0.1:0 args..." in process and
// returns the URL it serves MCP at. The command stops when the test ends.
func mcpServeHTTP(t *testing.T, env map[string]string, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	stderr := &mcpLockedBuffer{}
	a := &app{streams: streams{In: strings.NewReader(""), Out: io.Discard, Err: stderr}, getenv: func(k string) string { return env[k] }}
	root := newRootCmd(a)
	root.SetArgs(append([]string{"mcp", "--http", "127.0.0.1:0"}, args...))
	done := make(chan error, 1)
	go func() { done <- root.ExecuteContext(ctx) }()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Error("sendook mcp --http did not stop")
		}
	})
	served := regexp.MustCompile(`serving MCP at (http://\S+/mcp)`)
	var url string
	require.Eventually(t, func() bool {
		m := served.FindStringSubmatch(stderr.String())
		if m != nil {
			url = m[1]
		}
		return m != nil
	}, 10*time.Second, 5*time.Millisecond, "stderr: %s", stderr)
	return url
}

// mcpBearer adds a bearer token to every request.
type mcpBearer struct{ token string }

func (b mcpBearer) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	r.Header.Set("Authorization", "Bearer "+b.token)
	return http.DefaultTransport.RoundTrip(r)
}

// mcpConnectHTTP connects an MCP client to url, with token when not empty.
func mcpConnectHTTP(t *testing.T, url, token string) (*mcp.ClientSession, error) {
	t.Helper()
	hc := &http.Client{Timeout: 20 * time.Second}
	if token != "" {
		hc.Transport = mcpBearer{token}
	}
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).
		Connect(ctx, &mcp.StreamableClientTransport{Endpoint: url, HTTPClient: hc, MaxRetries: -1}, nil)
	if err == nil {
		t.Cleanup(func() { cs.Close() })
	}
	return cs, err
}

func mcpListInboxes(t *testing.T, cs *mcp.ClientSession) string {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "list_inboxes"})
	require.NoError(t, err)
	require.False(t, res.IsError)
	return res.Content[0].(*mcp.TextContent).Text
}

func TestMCPOverHTTP(t *testing.T) {
	_, env := mcpBackend(t)

	t.Run("loopback without a token", func(t *testing.T) {
		url := mcpServeHTTP(t, env)
		cs, err := mcpConnectHTTP(t, url, "")
		require.NoError(t, err)
		require.Contains(t, mcpListInboxes(t, cs), "support@sendook.com")
	})

	t.Run("with a token", func(t *testing.T) {
		const token = "s3cret-token"
		url := mcpServeHTTP(t, env, "--http-token", token)
		_, err := mcpConnectHTTP(t, url, "")
		require.Error(t, err, "a client without the token is refused")
		_, err = mcpConnectHTTP(t, url, "wrong-token")
		require.Error(t, err, "a client with another token is refused")
		cs, err := mcpConnectHTTP(t, url, token)
		require.NoError(t, err)
		require.Contains(t, mcpListInboxes(t, cs), "support@sendook.com")
	})

	t.Run("the token from SENDOOK_MCP_TOKEN", func(t *testing.T) {
		withToken := map[string]string{"SENDOOK_MCP_TOKEN": "from-env"}
		for k, v := range env {
			withToken[k] = v
		}
		url := mcpServeHTTP(t, withToken)
		_, err := mcpConnectHTTP(t, url, "")
		require.Error(t, err)
		_, err = mcpConnectHTTP(t, url, "from-env")
		require.NoError(t, err)
	})
}

func TestMCPHTTPRefusesOtherHostsOriginsAndPaths(t *testing.T) {
	_, env := mcpBackend(t)
	url := mcpServeHTTP(t, env, "--http-token", "tok")
	initialize := `{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"curl","version":"1"}}}`
	for _, tc := range []struct {
		name   string
		path   string
		host   string
		origin string
		token  string
		want   int
	}{
		{"the token, from this machine", "/mcp", "", "", "tok", http.StatusOK},
		{"a loopback origin", "/mcp", "", "http://localhost:6274", "tok", http.StatusOK},
		{"no token", "/mcp", "", "", "", http.StatusUnauthorized},
		{"a rebound host name", "/mcp", "attacker.example:80", "", "tok", http.StatusForbidden},
		{"a foreign origin", "/mcp", "", "http://attacker.example", "tok", http.StatusForbidden},
		{"another path", "/", "", "", "tok", http.StatusNotFound},
		{"a path below", "/mcp/x", "", "", "tok", http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			target := strings.TrimSuffix(url, "/mcp") + tc.path
			req, err := http.NewRequest(http.MethodPost, target, strings.NewReader(initialize))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/json, text/event-stream")
			if tc.host != "" {
				req.Host = tc.host
			}
			if tc.origin != "" {
				req.Header.Set("Origin", tc.origin)
			}
			if tc.token != "" {
				req.Header.Set("Authorization", "Bearer "+tc.token)
			}
			res, err := http.DefaultClient.Do(req)
			require.NoError(t, err)
			body, _ := io.ReadAll(res.Body)
			res.Body.Close()
			require.Equal(t, tc.want, res.StatusCode, "%s", body)
		})
	}
}

func TestMCPHTTPOffLoopbackChecksOrigin(t *testing.T) {
	h := mcpHandler(nil, "tok", false)
	for _, tc := range []struct {
		origin string
		want   int
	}{
		{"http://mcp.example.com:8765", http.StatusUnauthorized}, // passes the origin check, then wants the token
		{"http://attacker.example", http.StatusForbidden},
	} {
		req, _ := http.NewRequest(http.MethodPost, "http://mcp.example.com:8765/mcp", nil)
		req.Header.Set("Origin", tc.origin)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		require.Equal(t, tc.want, rec.Code, tc.origin)
	}
}
