package mcpserver_test

import (
	"testing"

	"github.com/sendook/sendook-go/mcpserver"
	"github.com/sendook/sendook-go/sendooktest"
	"github.com/stretchr/testify/require"
)

type inboxJSON struct {
	ID    string `json:"id"`
	Email string `json:"email"`
	Name  string `json:"name"`
}

func TestInboxTools(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		e := start(t, d)

		var list struct{ Inboxes []inboxJSON }
		e.ok("list_inboxes", nil, &list)
		require.Equal(t, []inboxJSON{{ID: e.inbox.ID, Email: "support@sendook.com", Name: "support"}}, list.Inboxes)

		var created struct{ Inbox inboxJSON }
		e.ok("create_inbox", map[string]any{"name": "billing", "email": "billing@sendook.com"}, &created)
		require.Equal(t, "billing@sendook.com", created.Inbox.Email)
		require.NotEmpty(t, created.Inbox.ID)

		// Deleted by its address.
		var deleted struct{ Deleted inboxJSON }
		e.ok("delete_inbox", map[string]any{"inbox": "Billing@Sendook.com"}, &deleted)
		require.Equal(t, created.Inbox.ID, deleted.Deleted.ID)
		e.ok("list_inboxes", nil, &list)
		require.Len(t, list.Inboxes, 1)

		// Deleted again, by id: gone.
		msg := e.fail("delete_inbox", map[string]any{"inbox": created.Inbox.ID})
		require.Contains(t, msg, "not found; list_inboxes shows")
		msg = e.fail("delete_inbox", map[string]any{"inbox": "billing@sendook.com"})
		require.Contains(t, msg, "inbox billing@sendook.com not found; list_inboxes shows")
	})
}

func TestInboxScope(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		for _, scope := range []string{"SUPPORT@sendook.com", "id"} {
			t.Run("by "+scope, func(t *testing.T) {
				e := start(t, d)
				if scope == "id" {
					scope = e.inbox.ID
				}
				other := e.createInbox("other@sendook.com")
				e = e.restart(mcpserver.WithInboxes(scope))

				var list struct{ Inboxes []inboxJSON }
				e.ok("list_inboxes", nil, &list)
				require.Len(t, list.Inboxes, 1)
				require.Equal(t, e.inbox.ID, list.Inboxes[0].ID)

				var msgs struct{ Messages []summaryJSON }
				e.ok("list_messages", map[string]any{"inbox": "support@sendook.com"}, &msgs)
				e.ok("list_messages", map[string]any{"inbox": e.inbox.ID}, &msgs)

				for _, arg := range []string{other.ID, other.Email} {
					before := e.srv.RequestCount()
					for _, call := range []struct {
						tool string
						args map[string]any
					}{
						{"list_messages", map[string]any{"inbox": arg}},
						{"delete_inbox", map[string]any{"inbox": arg}},
						{"send_message", map[string]any{"inbox": arg, "to": []string{"a@example.com"}, "subject": "s", "text": "t"}},
						{"wait_for_message", map[string]any{"inbox": arg, "timeout_seconds": 1}},
					} {
						msg := e.fail(call.tool, call.args)
						require.Contains(t, msg, "inbox "+arg+" not found; list_inboxes shows", call.tool)
					}
					// Only listings, to resolve the inbox; nothing touched it.
					require.LessOrEqual(t, e.srv.RequestCount()-before, 4)
				}
				inboxes, err := e.client.Inboxes.List(e.ctx)
				require.NoError(t, err)
				require.Len(t, inboxes, 2, "the other inbox is still there")
				require.Empty(t, e.srv.Sent())
			})
		}
	})
}
