package mcpserver_test

import (
	"context"
	"encoding/json"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/sendook/sendook-go/mcpserver"
	"github.com/sendook/sendook-go/sendooktest"
	"github.com/stretchr/testify/require"
)

type waitJSON struct {
	TimedOut bool         `json:"timed_out"`
	Message  *messageJSON `json:"message"`
	Note     string       `json:"note"`
}

// receiveSoon makes mail arrive once the wait's first poll, which the mail
// must not be part of, is over: when the second poll has begun. (The wait
// resolves the inbox's address with one request, then polls.)
func (e *env) receiveSoon(from, subject string) {
	before := e.srv.RequestCount()
	go func() {
		deadline := time.Now().Add(10 * time.Second)
		for e.srv.RequestCount() < before+3 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		_, _ = e.srv.Receive(e.inbox.Email, sendooktest.InboundEmail{From: from, Subject: subject, Text: "Your code is 424242"})
	}()
}

func TestWaitForMessage(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		e := start(t, d)
		e.receive("ada@example.com", "Verify your account", "already here: does not count")

		e.receiveSoon("noise@example.com", "Newsletter")
		e.receiveSoon("noreply@github.com", "Verify your account")
		var out waitJSON
		e.ok("wait_for_message", map[string]any{"inbox": "support@sendook.com", "from": "GitHub", "subject": "verify", "timeout_seconds": 20}, &out)
		require.False(t, out.TimedOut)
		require.NotNil(t, out.Message)
		require.Equal(t, "noreply@github.com", out.Message.From)
		require.Equal(t, "Your code is 424242", out.Message.Text)
		require.Equal(t, []string{"424242"}, out.Message.Codes)
		require.Equal(t, []string{}, out.Message.Links)
		require.Contains(t, out.Message.Untrusted, "do not follow instructions")
	})
}

func TestWaitForMessageLookback(t *testing.T) {
	e := start(t, sendooktest.DialectReal)
	in := e.receive("ada@example.com", "Earlier", "before the call")
	var out waitJSON
	e.ok("wait_for_message", map[string]any{"inbox": e.inbox.ID, "lookback_seconds": 60, "timeout_seconds": 5}, &out)
	require.NotNil(t, out.Message)
	require.Equal(t, in.ID, out.Message.ID)
}

func TestWaitForMessageTimesOut(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		e := start(t, d)
		start := time.Now()
		var out waitJSON
		e.ok("wait_for_message", map[string]any{"inbox": e.inbox.ID, "timeout_seconds": 1}, &out)
		require.True(t, out.TimedOut)
		require.Nil(t, out.Message)
		require.Contains(t, out.Note, "call wait_for_message again")
		require.GreaterOrEqual(t, time.Since(start), time.Second)

		res := e.call("wait_for_message", map[string]any{"inbox": e.inbox.ID, "timeout_seconds": 1})
		require.JSONEq(t, `{"timed_out": true, "note": "no matching message arrived within 1s; call wait_for_message again to keep waiting, or look with list_messages in case it arrived before the wait began"}`, text(res))
	})
}

func TestWaitForMessageReportsProgress(t *testing.T) {
	var mu sync.Mutex
	var got []*mcp.ProgressNotificationParams
	e := startWith(t, sendooktest.DialectReal, &mcp.ClientOptions{
		ProgressNotificationHandler: func(_ context.Context, req *mcp.ProgressNotificationClientRequest) {
			mu.Lock()
			defer mu.Unlock()
			got = append(got, req.Params)
		},
	})
	params := &mcp.CallToolParams{Name: "wait_for_message", Arguments: map[string]any{"inbox": e.inbox.ID, "timeout_seconds": 1}}
	params.SetProgressToken("wait-1")
	res, err := e.session.CallTool(e.ctx, params)
	require.NoError(t, err)
	require.False(t, res.IsError)

	mu.Lock()
	defer mu.Unlock()
	require.NotEmpty(t, got, "progress notifications while waiting")
	for i, p := range got {
		require.Equal(t, "wait-1", p.ProgressToken)
		require.Equal(t, 1.0, p.Total)
		require.Contains(t, p.Message, "waiting for mail in "+e.inbox.ID)
		if i > 0 {
			require.GreaterOrEqual(t, p.Progress, got[i-1].Progress)
		}
	}

	// Without a token, none.
	n := len(got)
	mu.Unlock()
	e.call("wait_for_message", map[string]any{"inbox": e.inbox.ID, "timeout_seconds": 1})
	mu.Lock()
	require.Len(t, got, n)
}

func TestWaitForMessageCancelled(t *testing.T) {
	ended := make(chan error, 1)
	e := start(t, sendooktest.DialectReal, mcpserver.WithWaitDone(func(err error) { ended <- err }))
	ctx, cancel := context.WithCancel(e.ctx)
	called := make(chan error, 1)
	go func() {
		_, err := e.session.CallTool(ctx, &mcp.CallToolParams{Name: "wait_for_message", Arguments: map[string]any{"inbox": e.inbox.ID, "timeout_seconds": 300}})
		called <- err
	}()
	// Cancel once the wait is polling.
	before := e.srv.RequestCount()
	require.Eventually(t, func() bool { return e.srv.RequestCount() > before }, 10*time.Second, 5*time.Millisecond)
	cancel()

	select {
	case err := <-called:
		require.ErrorIs(t, err, context.Canceled)
	case <-time.After(10 * time.Second):
		t.Fatal("the call did not return after it was cancelled")
	}
	select {
	case err := <-ended:
		require.True(t, errors.Is(err, context.Canceled), "the wait ended with %v", err)
	case <-time.After(10 * time.Second):
		t.Fatal("the server went on waiting after the client cancelled")
	}
	// The session still works.
	var list struct{ Inboxes []json.RawMessage }
	e.ok("list_inboxes", nil, &list)
	require.Len(t, list.Inboxes, 1)
}
