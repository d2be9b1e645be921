package sendook_test

import (
	"context"
	"testing"

	sendook "github.com/sendook/sendook-go"
)

func TestMessagesEndpoints(t *testing.T) {
	runEndpointCases(t, []endpointCase{
		{
			name: "Send", method: "POST", path: "/v1/inboxes/" + inboxID + "/messages/send", status: 202,
			body: `{"to":["ada@example.com"],"cc":["grace@example.com"],"labels":["welcome"],"subject":"Hello","text":"Hi Ada","html":"<p>Hi Ada</p>",` +
				`"attachments":[{"content":"aGVsbG8=","name":"hello.txt","contentType":"text/plain"}]}`,
			response: messageJSON, want: &messageModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.Send(ctx, inboxID, &sendook.SendMessageParams{
					To: []string{"ada@example.com"}, CC: []string{"grace@example.com"}, Labels: []string{"welcome"},
					Subject: "Hello", Text: "Hi Ada", HTML: "<p>Hi Ada</p>",
					Attachments: []sendook.Attachment{sendook.NewAttachment("hello.txt", "text/plain", []byte("hello"))},
				})
			},
		},
		{
			name: "Send/minimal", method: "POST", path: "/v1/inboxes/" + inboxID + "/messages/send", status: 202,
			body: `{"to":["ada@example.com"]}`, response: messageJSON, want: &messageModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.Send(ctx, inboxID, &sendook.SendMessageParams{To: []string{"ada@example.com"}})
			},
		},
		{
			name: "Reply", method: "POST", path: "/v1/inboxes/" + inboxID + "/messages/" + messageID + "/reply", status: 202,
			body: `{"text":"Thanks","html":"<p>Thanks</p>"}`, response: replyJSON, want: &replyModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.Reply(ctx, inboxID, messageID, &sendook.ReplyMessageParams{Text: "Thanks", HTML: "<p>Thanks</p>"})
			},
		},
		{
			name: "List", method: "GET", path: "/v1/inboxes/" + inboxID + "/messages",
			response: `[` + messageJSON + `,` + replyJSON + `]`, want: []sendook.Message{messageModel, replyModel},
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Messages.List(ctx, inboxID, nil) },
		},
		{
			name: "List/empty query is omitted", method: "GET", path: "/v1/inboxes/" + inboxID + "/messages",
			response: `[]`, want: []sendook.Message{},
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.List(ctx, inboxID, &sendook.ListMessagesParams{})
			},
		},
		{
			name: "List/query", method: "GET", path: "/v1/inboxes/" + inboxID + "/messages", query: "query=invoice+%26+receipt",
			response: `[` + messageJSON + `]`, want: []sendook.Message{messageModel},
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.List(ctx, inboxID, &sendook.ListMessagesParams{Query: "invoice & receipt"})
			},
		},
		{
			name: "Get", method: "GET", path: "/v1/inboxes/" + inboxID + "/messages/" + messageID, response: messageJSON, want: &messageModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.Get(ctx, inboxID, messageID)
			},
		},
	})
}

func TestMessagesValidation(t *testing.T) {
	send := func(inbox string, p *sendook.SendMessageParams) func(context.Context, *sendook.Client) error {
		return func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Messages.Send(ctx, inbox, p)
			return err
		}
	}
	reply := func(inbox, msg string, p *sendook.ReplyMessageParams) func(context.Context, *sendook.Client) error {
		return func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Messages.Reply(ctx, inbox, msg, p)
			return err
		}
	}
	runValidationCases(t, []validationCase{
		{"Send without inbox", send("", &sendook.SendMessageParams{To: []string{"a@example.com"}}), "inboxID"},
		{"Send with nil params", send(inboxID, nil), "params"},
		{"Send without recipients", send(inboxID, &sendook.SendMessageParams{Subject: "Hi"}), "To"},
		{"Send with an empty recipient", send(inboxID, &sendook.SendMessageParams{To: []string{"a@example.com", ""}}), "To[1]"},
		{"Send with a blank recipient", send(inboxID, &sendook.SendMessageParams{To: []string{" \t"}}), "To[0]"},
		{"Send with a blank cc", send(inboxID, &sendook.SendMessageParams{To: []string{"a@example.com"}, CC: []string{" "}}), "CC[0]"},
		{"Send with a blank bcc", send(inboxID, &sendook.SendMessageParams{To: []string{"a@example.com"}, BCC: []string{"b@example.com", "\n"}}), "BCC[1]"},
		{"Reply without inbox", reply("", messageID, &sendook.ReplyMessageParams{Text: "x"}), "inboxID"},
		{"Reply without message", reply(inboxID, "", &sendook.ReplyMessageParams{Text: "x"}), "messageID"},
		{"Reply with nil params", reply(inboxID, messageID, nil), "params"},
		{"Reply without text or html", reply(inboxID, messageID, &sendook.ReplyMessageParams{}), "Text"},
		{"List without inbox", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Messages.List(ctx, "", nil)
			return err
		}, "inboxID"},
		{"Get without inbox", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Messages.Get(ctx, "", messageID)
			return err
		}, "inboxID"},
		{"Get without message", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Messages.Get(ctx, inboxID, "")
			return err
		}, "messageID"},
	})
}
