package mcpserver_test

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/mcpserver"
	"github.com/sendook/sendook-go/sendooktest"
	"github.com/stretchr/testify/require"
)

// dialects are the wire formats every tool is tested against.
var dialects = []sendooktest.Dialect{sendooktest.DialectReal, sendooktest.DialectDocumented}

// env is an MCP client session connected in memory to a server made by
// mcpserver.New, over a sendooktest server with one inbox.
type env struct {
	t       testing.TB
	ctx     context.Context
	srv     *sendooktest.Server
	client  *sendook.Client
	session *mcp.ClientSession
	inbox   *sendook.Inbox
}

// forEachDialect runs test once per dialect.
func forEachDialect(t *testing.T, test func(t *testing.T, d sendooktest.Dialect)) {
	for _, d := range dialects {
		t.Run(d.String(), func(t *testing.T) { test(t, d) })
	}
}

// start connects a client to a new server with opts, over a sendooktest
// server in dialect d with an inbox "support".
func start(t *testing.T, d sendooktest.Dialect, opts ...mcpserver.Option) *env {
	return startWith(t, d, nil, opts...)
}

// startWith is start with options for the client session too.
func startWith(t testing.TB, d sendooktest.Dialect, clientOpts *mcp.ClientOptions, opts ...mcpserver.Option) *env {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	t.Cleanup(cancel)
	srv := sendooktest.NewServer(sendooktest.WithDialect(d))
	t.Cleanup(srv.Close)
	client := srv.Client(sendook.WithMaxRetries(0))
	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support", Email: "support@sendook.com"})
	require.NoError(t, err)

	opts = append([]mcpserver.Option{mcpserver.WithTiming(250*time.Millisecond, 50*time.Millisecond)}, opts...)
	server := mcpserver.New(client, opts...)
	clientT, serverT := mcp.NewInMemoryTransports()
	ss, err := server.Connect(ctx, serverT, nil)
	require.NoError(t, err)
	t.Cleanup(func() { ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, clientOpts).Connect(ctx, clientT, nil)
	require.NoError(t, err)
	t.Cleanup(func() { cs.Close() })
	return &env{t: t, ctx: ctx, srv: srv, client: client, session: cs, inbox: inbox}
}

// call calls a tool and returns its result; a protocol error fails the
// test.
func (e *env) call(name string, args map[string]any) *mcp.CallToolResult {
	e.t.Helper()
	res, err := e.session.CallTool(e.ctx, &mcp.CallToolParams{Name: name, Arguments: args})
	require.NoError(e.t, err, "tools/call %s must not be a protocol error", name)
	return res
}

// ok calls a tool that must succeed, checks that its first text block holds
// the same JSON as its structured content, and decodes that into out.
func (e *env) ok(name string, args map[string]any, out any) {
	e.t.Helper()
	res := e.call(name, args)
	require.False(e.t, res.IsError, "%s failed: %s", name, text(res))
	require.NotNil(e.t, res.StructuredContent, "%s: no structuredContent", name)
	structured, err := json.Marshal(res.StructuredContent)
	require.NoError(e.t, err)
	require.NotEmpty(e.t, res.Content, "%s: no content blocks", name)
	require.JSONEq(e.t, string(structured), text(res), "%s: the text block differs from structuredContent", name)
	require.NoError(e.t, json.Unmarshal(structured, out))
}

// fail calls a tool that must fail as a tool result (isError, not a
// protocol error) and returns its message.
func (e *env) fail(name string, args map[string]any) string {
	e.t.Helper()
	res := e.call(name, args)
	require.True(e.t, res.IsError, "%s should have failed, got %s", name, text(res))
	require.Nil(e.t, res.StructuredContent)
	msg := text(res)
	require.NotEmpty(e.t, msg)
	require.NotContains(e.t, msg, e.srv.APIKey, "a tool result shows the API key")
	return msg
}

// text returns the first content block's text, or "" when it is not text.
func text(res *mcp.CallToolResult) string {
	if len(res.Content) == 0 {
		return ""
	}
	if tc, ok := res.Content[0].(*mcp.TextContent); ok {
		return tc.Text
	}
	return ""
}

// receive simulates mail from outside arriving at the env's inbox.
func (e *env) receive(from, subject, body string) *sendook.Message {
	e.t.Helper()
	m, err := e.srv.Receive(e.inbox.Email, sendooktest.InboundEmail{From: from, Subject: subject, Text: body})
	require.NoError(e.t, err)
	return m
}

// toolNames lists the tools the server offers.
func (e *env) toolNames() []string {
	e.t.Helper()
	res, err := e.session.ListTools(e.ctx, nil)
	require.NoError(e.t, err)
	var names []string
	for _, tl := range res.Tools {
		names = append(names, tl.Name)
	}
	return names
}

// createInbox creates another inbox with this address.
func (e *env) createInbox(email string) *sendook.Inbox {
	e.t.Helper()
	in, err := e.client.Inboxes.Create(e.ctx, &sendook.CreateInboxParams{Email: email})
	require.NoError(e.t, err)
	return in
}

// restart connects a new session to a new MCP server with opts, over the
// same Sendook server.
func (e *env) restart(opts ...mcpserver.Option) *env {
	e.t.Helper()
	return e.restartWith(e.client, opts...)
}

// restartWith is restart with another Sendook client.
func (e *env) restartWith(client *sendook.Client, opts ...mcpserver.Option) *env {
	e.t.Helper()
	server := mcpserver.New(client, append([]mcpserver.Option{mcpserver.WithTiming(250*time.Millisecond, 50*time.Millisecond)}, opts...)...)
	clientT, serverT := mcp.NewInMemoryTransports()
	ss, err := server.Connect(e.ctx, serverT, nil)
	require.NoError(e.t, err)
	e.t.Cleanup(func() { ss.Close() })
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).Connect(e.ctx, clientT, nil)
	require.NoError(e.t, err)
	e.t.Cleanup(func() { cs.Close() })
	n := *e
	n.session = cs
	return &n
}

// summaryJSON is a message summary as a client decodes it.
type summaryJSON struct {
	ID          string `json:"id"`
	ThreadID    string `json:"thread_id"`
	From        string `json:"from"`
	Subject     string `json:"subject"`
	Date        string `json:"date"`
	Status      string `json:"status"`
	Snippet     string `json:"snippet"`
	Attachments int    `json:"attachments"`
}

// on returns e for use in the subtest t.
func (e *env) on(t *testing.T) *env {
	n := *e
	n.t = t
	return &n
}

// startBench is start for a benchmark.
func startBench(b *testing.B) *env {
	return startWith(b, sendooktest.DialectReal, nil)
}
