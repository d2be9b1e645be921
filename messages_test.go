package sendook_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
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
			body: `{"to":["ada@example.com"],"subject":"Hi"}`, response: messageJSON, want: &messageModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.Send(ctx, inboxID, &sendook.SendMessageParams{To: []string{"ada@example.com"}, Subject: "Hi"})
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
			name: "List/query without regular expression syntax is sent as it is", method: "GET", path: "/v1/inboxes/" + inboxID + "/messages",
			query: "query=" + url.QueryEscape("Ada's invoice #42 @ example-com, 100%"), response: `[` + messageJSON + `]`, want: []sendook.Message{messageModel},
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.List(ctx, inboxID, &sendook.ListMessagesParams{Query: "Ada's invoice #42 @ example-com, 100%"})
			},
		},
		{
			name: "List/pattern is sent as it is", method: "GET", path: "/v1/inboxes/" + inboxID + "/messages", query: "query=" + url.QueryEscape(`^invoice #\d+`),
			response: `[]`, want: []sendook.Message{},
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.List(ctx, inboxID, &sendook.ListMessagesParams{Pattern: `^invoice #\d+`})
			},
		},
		{
			name: "Send/text only gets HTML made from it", method: "POST", path: "/v1/inboxes/" + inboxID + "/messages/send", status: 202,
			body:     `{"to":["ada@example.com"],"subject":"Hi","text":"Hi Ada,\n\n1 < 2 & ok.\nBob","html":"<p>Hi Ada,</p>\n<p>1 &lt; 2 &amp; ok.<br>\nBob</p>"}`,
			response: messageJSON, want: &messageModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.Send(ctx, inboxID, &sendook.SendMessageParams{To: []string{"ada@example.com"}, Subject: "Hi", Text: "Hi Ada,\n\n1 < 2 & ok.\nBob"})
			},
		},
		{
			name: "Send/HTML only gets text made from it", method: "POST", path: "/v1/inboxes/" + inboxID + "/messages/send", status: 202,
			body:     `{"to":["ada@example.com"],"subject":"Hi","text":` + jsonString(plainTextOf(htmlOnly)) + `,"html":` + jsonString(htmlOnly) + `}`,
			response: messageJSON, want: &messageModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.Send(ctx, inboxID, &sendook.SendMessageParams{To: []string{"ada@example.com"}, Subject: "Hi", HTML: htmlOnly})
			},
		},
		{
			name: "Reply/text only gets HTML made from it", method: "POST", path: "/v1/inboxes/" + inboxID + "/messages/" + messageID + "/reply", status: 202,
			body: `{"text":"Thanks\nBob","html":"<p>Thanks<br>\nBob</p>"}`, response: replyJSON, want: &replyModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.Reply(ctx, inboxID, messageID, &sendook.ReplyMessageParams{Text: "Thanks\nBob"})
			},
		},
		{
			name: "Reply/HTML only gets text made from it", method: "POST", path: "/v1/inboxes/" + inboxID + "/messages/" + messageID + "/reply", status: 202,
			body:     `{"text":` + jsonString(plainTextOf(htmlOnly)) + `,"html":` + jsonString(htmlOnly) + `}`,
			response: replyJSON, want: &replyModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Messages.Reply(ctx, inboxID, messageID, &sendook.ReplyMessageParams{HTML: htmlOnly})
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
		{"Send without subject", send(inboxID, &sendook.SendMessageParams{To: []string{"a@example.com"}, Text: "Hi"}), "Subject"},
		{"Send with HTML that has no text", send(inboxID, &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "Hi", HTML: " \n "}), "Text"},
		{"Send with an attachment that is not base64", send(inboxID, &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "Hi", Text: "x",
			Attachments: []sendook.Attachment{sendook.NewAttachment("a.txt", "text/plain", []byte("a")), {Name: "raw.pdf", Content: "%PDF-1.7"}}}), "Attachments[1].Content"},
		{"Send larger than the server accepts", send(inboxID, &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "Hi", Text: "x",
			Attachments: []sendook.Attachment{{Name: "big.bin", Content: strings.Repeat("A", 20<<20)}}}), "params"},
		{"List with both query and pattern", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Messages.List(ctx, inboxID, &sendook.ListMessagesParams{Query: "a", Pattern: "^a"})
			return err
		}, "Pattern"},
		{"Send with a blank bcc", send(inboxID, &sendook.SendMessageParams{To: []string{"a@example.com"}, BCC: []string{"b@example.com", "\n"}}), "BCC[1]"},
		{"Reply without inbox", reply("", messageID, &sendook.ReplyMessageParams{Text: "x"}), "inboxID"},
		{"Reply without message", reply(inboxID, "", &sendook.ReplyMessageParams{Text: "x"}), "messageID"},
		{"Reply with nil params", reply(inboxID, messageID, nil), "params"},
		{"Reply without text or html", reply(inboxID, messageID, &sendook.ReplyMessageParams{}), "Text"},
		{"Reply with HTML that has no text", reply(inboxID, messageID, &sendook.ReplyMessageParams{HTML: "\t"}), "Text"},
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

// htmlOnly is an HTML body sent without a text one.
const htmlOnly = "<h1>Order #42</h1><p>Shipped <b>today</b>.<br>Thanks!</p>"

// plainTextOf is the text the SDK makes of an HTML body: the same as
// Message.PlainText shows.
func plainTextOf(html string) string { return (&sendook.Message{HTML: html}).PlainText() }

func jsonString(s string) string {
	data, err := json.Marshal(s)
	if err != nil {
		panic(err)
	}
	return string(data)
}

// A body over the server's limit is refused with its size and the limit;
// the caller's params are never changed.
func TestSendTooLargeSaysSizeAndLimit(t *testing.T) {
	client, mock := mockClient(t)
	params := &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "Hi", HTML: "<p>Hi</p>",
		Attachments: []sendook.Attachment{{Name: "big.bin", Content: strings.Repeat("A", 20<<20)}}}
	_, err := client.Messages.Send(context.Background(), inboxID, params)
	require.ErrorIs(t, err, sendook.ErrInvalidRequest)
	assert.Contains(t, err.Error(), "20 MiB (20971520 bytes) the server accepts")
	assert.Regexp(t, `request body of 20\.0 MiB \(2097\d{4} bytes\)`, err.Error())
	assert.Zero(t, mock.GetTotalCallCount())
	assert.Empty(t, params.Text, "the caller's params are not changed")

	params.Attachments[0].Content = params.Attachments[0].Content[:15<<20]
	mock.RegisterResponder("POST", testBaseURL+"/v1/inboxes/"+inboxID+"/messages/send", httpmock.NewStringResponder(200, messageJSON))
	_, err = client.Messages.Send(context.Background(), inboxID, params)
	require.NoError(t, err, "15 MiB of base64 fits")
}

// Query is a literal search: the server reads its query parameter as a
// regular expression, so Query goes out escaped; Pattern goes out as it is.
func TestListQueryIsLiteral(t *testing.T) {
	tests := []struct {
		params sendook.ListMessagesParams
		sent   string
	}{
		{sendook.ListMessagesParams{Query: "invoice"}, "invoice"},
		{sendook.ListMessagesParams{Query: "$100 (net)"}, `\$100 \(net\)`},
		{sendook.ListMessagesParams{Query: "a+b"}, `a\+b`},
		{sendook.ListMessagesParams{Query: "[x]"}, `\[x\]`},
		{sendook.ListMessagesParams{Pattern: `^order #\d+`}, `^order #\d+`},
		{sendook.ListMessagesParams{}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.params.Query+tc.params.Pattern, func(t *testing.T) {
			client, mock := mockClient(t)
			mock.RegisterResponder("GET", `=~/messages`, func(req *http.Request) (*http.Response, error) {
				assert.Equal(t, tc.sent, req.URL.Query().Get("query"))
				return httpmock.NewStringResponse(200, "[]"), nil
			})
			got, err := client.Messages.List(context.Background(), inboxID, &tc.params)
			require.NoError(t, err)
			assert.NotNil(t, got)
			assert.EqualValues(t, 1, mock.GetTotalCallCount())
		})
	}
}

// Against a server that searches as the open-source one does, Query finds
// exactly the messages that contain it, whatever characters it holds.
func TestListQueryFindsLiteralText(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		srv, client, inbox := watchSetup(t, d)
		for _, subject := range []string{"Total: $100 (net)", "100 net", "a+b=c", "aab"} {
			_, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "a@example.com", Subject: subject, Text: "x"})
			require.NoError(t, err)
		}
		tests := []struct {
			query string
			want  []string
		}{
			{"$100 (NET)", []string{"Total: $100 (net)"}},
			{"a+b", []string{"a+b=c"}},
			{"(", []string{"Total: $100 (net)"}},
			{"100", []string{"Total: $100 (net)", "100 net"}},
		}
		for _, tc := range tests {
			msgs, err := client.Messages.List(context.Background(), inbox.ID, &sendook.ListMessagesParams{Query: tc.query})
			require.NoError(t, err, tc.query)
			assert.Equal(t, tc.want, subjects(msgs), tc.query)
		}
	})
}
