package main

import (
	"bytes"
	"context"
	"io"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
	"github.com/stretchr/testify/require"
)

// mcpLockedBuffer is a bytes.Buffer safe to write from the command while
// a test reads it.
type mcpLockedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *mcpLockedBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *mcpLockedBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// mcpBackend starts a sendooktest server with the inbox
// support@sendook.com and returns it with the environment that points the
// command at it.
func mcpBackend(t *testing.T) (*sendooktest.Server, map[string]string) {
	t.Helper()
	srv := sendooktest.NewServer()
	t.Cleanup(srv.Close)
	_, err := srv.Client().Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "support", Email: "support@sendook.com"})
	require.NoError(t, err)
	return srv, map[string]string{"SENDOOK_API_KEY": srv.APIKey, "SENDOOK_BASE_URL": srv.URL}
}

// mcpStdio runs "sendook mcp args..." in process, with its standard input
// and output connected to an MCP client, and returns the client session
// and what the command wrote to standard error. The command must end with
// status 0 once the client closes.
func mcpStdio(t *testing.T, env map[string]string, args ...string) (*mcp.ClientSession, *mcpLockedBuffer) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	stderr := &mcpLockedBuffer{}
	s := streams{In: inR, Out: outW, Err: stderr}
	status := make(chan int, 1)
	go func() {
		status <- run(append([]string{"mcp"}, args...), s, func(k string) string { return env[k] })
		outW.Close()
	}()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).
		Connect(ctx, &mcp.IOTransport{Reader: outR, Writer: inW}, nil)
	require.NoError(t, err, "stderr: %s", stderr)
	t.Cleanup(func() {
		cs.Close()
		select {
		case code := <-status:
			require.Equal(t, exitOK, code, "stderr: %s", stderr)
		case <-time.After(10 * time.Second):
			t.Error("sendook mcp did not stop when its client went away")
		}
	})
	return cs, stderr
}

func mcpToolNames(t *testing.T, cs *mcp.ClientSession) []string {
	t.Helper()
	res, err := cs.ListTools(context.Background(), nil)
	require.NoError(t, err)
	var names []string
	for _, tl := range res.Tools {
		names = append(names, tl.Name)
	}
	slices.Sort(names)
	return names
}

func TestMCPCommandFlags(t *testing.T) {
	srv, env := mcpBackend(t)
	all := []string{"create_inbox", "delete_inbox", "get_attachment", "get_message", "get_thread", "list_inboxes",
		"list_messages", "list_threads", "reply_to_message", "send_message", "wait_for_message"}
	readOnly := []string{"get_attachment", "get_message", "get_thread", "list_inboxes", "list_messages", "list_threads", "wait_for_message"}

	t.Run("no flags: every tool, and a warning", func(t *testing.T) {
		cs, stderr := mcpStdio(t, env)
		require.Equal(t, all, mcpToolNames(t, cs))
		require.Contains(t, stderr.String(), "WARNING: no --allow-to, the agent may send email to any address")
		require.NotContains(t, stderr.String(), srv.APIKey)
	})
	t.Run("--read-only", func(t *testing.T) {
		cs, stderr := mcpStdio(t, env, "--read-only")
		require.Equal(t, readOnly, mcpToolNames(t, cs))
		require.Contains(t, stderr.String(), "read-only")
	})
	t.Run("--allow-to", func(t *testing.T) {
		cs, stderr := mcpStdio(t, env, "--allow-to", "*@example.com", "--allow-to", "boss@corp.test")
		require.Contains(t, stderr.String(), "sends only to *@example.com, boss@corp.test")
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "send_message", Arguments: map[string]any{
			"inbox": "support@sendook.com", "to": []string{"mallory@evil.test"}, "subject": "s", "text": "t"}})
		require.NoError(t, err)
		require.True(t, res.IsError)
		require.Contains(t, res.Content[0].(*mcp.TextContent).Text, "refused, nothing was sent")
		res, err = cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "send_message", Arguments: map[string]any{
			"inbox": "support@sendook.com", "to": []string{"ada@EXAMPLE.com"}, "subject": "s", "text": "t"}})
		require.NoError(t, err)
		require.False(t, res.IsError, res.Content)
	})
	t.Run("--inbox", func(t *testing.T) {
		_, err := srv.Client().Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Email: "other@sendook.com"})
		require.NoError(t, err)
		cs, _ := mcpStdio(t, env, "--inbox", "support@sendook.com")
		res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "list_inboxes"})
		require.NoError(t, err)
		out := res.Content[0].(*mcp.TextContent).Text
		require.Contains(t, out, "support@sendook.com")
		require.NotContains(t, out, "other@sendook.com")
		require.NotContains(t, mcpToolNames(t, cs), "create_inbox")
	})
}

func TestMCPCommandUsageErrors(t *testing.T) {
	_, env := mcpBackend(t)
	for _, tc := range []struct {
		name string
		env  map[string]string
		args []string
		want string
	}{
		{"no API key", map[string]string{}, nil, "SENDOOK_API_KEY is not set"},
		{"all interfaces without a token", env, []string{"--http", ":8765"}, "set a bearer token"},
		{"another machine's address without a token", env, []string{"--http", "192.0.2.1:8765"}, "reachable from other machines"},
		{"no port", env, []string{"--http", "127.0.0.1"}, "want host:port"},
		{"an argument", env, []string{"extra"}, "unknown command"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr bytes.Buffer
			s := streams{In: strings.NewReader(""), Out: io.Discard, Err: &stderr}
			require.Equal(t, exitUsage, run(append([]string{"mcp"}, tc.args...), s, func(k string) string { return tc.env[k] }))
			require.Contains(t, stderr.String(), tc.want)
		})
	}
}
