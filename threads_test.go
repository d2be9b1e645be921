package sendook_test

import (
	"context"
	"testing"

	sendook "github.com/sendook/sendook-go"
)

const threadListJSON = `[{"_id":"` + threadID + `","organizationId":"` + orgID + `","inboxId":"` + inboxID + `","messages":["` + messageID + `","` + replyID + `"],` + stamp + `,"__v":0}]`

const threadJSON = `{"_id":"` + threadID + `","organizationId":"` + orgID + `","inboxId":"` + inboxID + `","messages":[` + messageJSON + `,` + replyJSON + `],` + stamp + `,"__v":0}`

func TestThreadsEndpoints(t *testing.T) {
	runEndpointCases(t, []endpointCase{
		{
			// The open-source server lists a thread's messages as bare ids.
			name: "List", method: "GET", path: "/v1/inboxes/" + inboxID + "/threads", response: threadListJSON,
			want: []sendook.Thread{{
				ID: threadID, OrganizationID: orgID, InboxID: inboxID,
				Messages:  []sendook.Message{{ID: messageID}, {ID: replyID}},
				CreatedAt: created, UpdatedAt: updated,
			}},
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Threads.List(ctx, inboxID) },
		},
		{
			name: "Get", method: "GET", path: "/v1/inboxes/" + inboxID + "/threads/" + threadID, response: threadJSON,
			want: &sendook.Thread{
				ID: threadID, OrganizationID: orgID, InboxID: inboxID,
				Messages:  []sendook.Message{messageModel, replyModel},
				CreatedAt: created, UpdatedAt: updated,
			},
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Threads.Get(ctx, inboxID, threadID)
			},
		},
	})
}

func TestThreadsValidation(t *testing.T) {
	runValidationCases(t, []validationCase{
		{"List without inbox", func(ctx context.Context, c *sendook.Client) error { _, err := c.Threads.List(ctx, ""); return err }, "inboxID"},
		{"Get without inbox", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Threads.Get(ctx, "", threadID)
			return err
		}, "inboxID"},
		{"Get without thread", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Threads.Get(ctx, inboxID, "")
			return err
		}, "threadID"},
	})
}
