package mcpserver_test

import (
	"testing"
	"time"

	"github.com/sendook/sendook-go/sendooktest"
	"github.com/stretchr/testify/require"
)

func TestThreads(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		e := start(t, d)
		first := e.receive("ada@example.com", "Question", "Can you help?")
		time.Sleep(2 * time.Millisecond)
		var sent struct {
			Sent struct {
				ID string `json:"id"`
			}
		}
		e.ok("reply_to_message", map[string]any{"inbox": e.inbox.ID, "message_id": first.ID, "text": "Sure."}, &sent)
		time.Sleep(2 * time.Millisecond)
		other := e.receive("bob@example.com", "Other", "Another topic")

		var list struct {
			Total   int
			Threads []struct {
				ID       string `json:"id"`
				Messages int    `json:"messages"`
				Updated  string `json:"updated"`
			}
		}
		e.ok("list_threads", map[string]any{"inbox": "support@sendook.com"}, &list)
		require.Equal(t, 2, list.Total)
		require.Equal(t, other.ThreadID, list.Threads[0].ID, "most recently active first")
		require.Equal(t, first.ThreadID, list.Threads[1].ID)
		require.Equal(t, 2, list.Threads[1].Messages)

		e.ok("list_threads", map[string]any{"inbox": e.inbox.ID, "limit": 1}, &list)
		require.Len(t, list.Threads, 1)

		var th struct {
			ID, Subject string
			Total       int
			Messages    []summaryJSON
			Untrusted   string
		}
		e.ok("get_thread", map[string]any{"inbox": e.inbox.ID, "thread_id": first.ThreadID}, &th)
		require.Equal(t, first.ThreadID, th.ID)
		require.Equal(t, "Question", th.Subject)
		require.Equal(t, 2, th.Total)
		require.Equal(t, sent.Sent.ID, th.Messages[0].ID, "newest first")
		require.Equal(t, first.ID, th.Messages[1].ID)
		require.Equal(t, "Can you help?", th.Messages[1].Snippet)
		require.NotEmpty(t, th.Untrusted)

		e.ok("get_thread", map[string]any{"inbox": e.inbox.ID, "thread_id": first.ThreadID, "limit": 1}, &th)
		require.Len(t, th.Messages, 1)
		require.Equal(t, 2, th.Total)

		msg := e.fail("get_thread", map[string]any{"inbox": e.inbox.ID, "thread_id": "64b7f0c2a1b2c3d4e5f60718"})
		require.Contains(t, msg, "not found; list_threads shows")
	})
}
