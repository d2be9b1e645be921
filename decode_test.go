package sendook_test

import (
	"context"
	"encoding/json"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// Models decode with encoding/json too, in either dialect, so that callers
// can decode stored payloads and webhook bodies themselves.
func TestModelsDecodeBothDialects(t *testing.T) {
	tests := []struct {
		name string
		real string
		into func() any
		want any
	}{
		{"Inbox", inboxJSON, func() any { return new(sendook.Inbox) }, &inboxModel},
		{"Message", messageJSON, func() any { return new(sendook.Message) }, &messageModel},
		{"Domain", domainJSON, func() any { return new(sendook.Domain) }, &domainModel},
		{"APIKey", apiKeyJSON, func() any { return new(sendook.APIKey) }, &apiKeyModel},
		{"Webhook", webhookJSON, func() any { return new(sendook.Webhook) }, &webhookModel},
		{"WebhookAttempt", attemptJSON, func() any { return new(sendook.WebhookAttempt) }, &attemptModel},
	}
	for _, d := range dialects {
		for _, tc := range tests {
			t.Run(d.name+"/"+tc.name, func(t *testing.T) {
				got := tc.into()
				require.NoError(t, json.Unmarshal([]byte(d.body(tc.real)), got))
				assert.Equal(t, tc.want, got)
			})
		}
	}
}

func TestDecodeIDPrecedence(t *testing.T) {
	var inbox sendook.Inbox
	require.NoError(t, json.Unmarshal([]byte(`{"id":"ibox_documented","_id":"65f1c0e2a4b1c2d3e4f5a6b7"}`), &inbox))
	assert.Equal(t, "ibox_documented", inbox.ID, `"id" wins over "_id"`)
	require.NoError(t, json.Unmarshal([]byte(`{"_id":"65f1c0e2a4b1c2d3e4f5a6b7","unknown":{"nested":[1,2]}}`), &inbox))
	assert.Equal(t, "65f1c0e2a4b1c2d3e4f5a6b7", inbox.ID)
}

// Threads carry their messages as ids (the open-source server's list) or as
// objects (its get, and the documentation): both decode.
func TestThreadMessagesAsIDsOrObjects(t *testing.T) {
	var thread sendook.Thread
	require.NoError(t, json.Unmarshal([]byte(`{"id":"thr_1","messages":["m1",{"_id":"m2","subject":"Hi"},{"id":"m3"}]}`), &thread))
	assert.Equal(t, []sendook.Message{{ID: "m1"}, {ID: "m2", Subject: "Hi"}, {ID: "m3"}}, thread.Messages)

	var msg sendook.Message
	assert.Error(t, json.Unmarshal([]byte(`"unterminated`), &msg))
	assert.Error(t, json.Unmarshal([]byte(`42`), &msg))
}

func TestTimestampsWithAndWithoutMilliseconds(t *testing.T) {
	for _, stamp := range []string{"2024-05-01T12:00:00.000Z", "2024-05-01T12:00:00Z", "2024-05-01T14:00:00+02:00"} {
		var inbox sendook.Inbox
		require.NoError(t, json.Unmarshal([]byte(`{"_id":"x","createdAt":"`+stamp+`"}`), &inbox), stamp)
		assert.True(t, inbox.CreatedAt.Equal(created), stamp)
	}
}

// Bare message ids are JSON strings, escapes and all.
func TestThreadMessageIDsUseJSONStringSyntax(t *testing.T) {
	var thread sendook.Thread
	require.NoError(t, json.Unmarshal([]byte(`{"id":"thr_1","messages":["a\/b","\ud83d\ude00","m\u0031"]}`), &thread))
	assert.Equal(t, []sendook.Message{{ID: "a/b"}, {ID: "😀"}, {ID: "m1"}}, thread.Messages)
}

// A collection given as null, bare or wrapped, is an empty list; an object
// without "data" is not a collection at all.
func TestListOfNull(t *testing.T) {
	for _, tc := range []struct {
		body    string
		wantErr bool
	}{
		{body: `null`}, {body: `{"data":null}`}, {body: `{"data":[]}`}, {body: `[]`}, {body: ``},
		{body: `{}`, wantErr: true}, {body: `{"data":{}}`, wantErr: true},
	} {
		t.Run(tc.body, func(t *testing.T) {
			client, mock := mockClient(t)
			mock.RegisterResponder("GET", testBaseURL+"/v1/inboxes", httpmock.NewStringResponder(200, tc.body))
			inboxes, err := client.Inboxes.List(context.Background())
			if tc.wantErr {
				require.Error(t, err)
				assert.Contains(t, err.Error(), "decoding the 200 response")
				return
			}
			require.NoError(t, err)
			assert.NotNil(t, inboxes)
			assert.Empty(t, inboxes)
		})
	}
}

// A call that expects a resource back and gets an empty 2xx body says the
// server answered nothing, rather than returning an empty model; a delete
// may answer 204 No Content.
func TestEmptySuccessBodyWhereAResourceIsDue(t *testing.T) {
	tests := []struct {
		name, method, path string
		call               func(ctx context.Context, c *sendook.Client) (any, error)
		status             int
		wantErr            bool
	}{
		{"send", "POST", "/v1/inboxes/" + inboxID + "/messages/send", func(ctx context.Context, c *sendook.Client) (any, error) {
			return c.Messages.Send(ctx, inboxID, &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "Hi", Text: "Hello"})
		}, 202, true},
		{"reply", "POST", "/v1/inboxes/" + inboxID + "/messages/m1/reply", func(ctx context.Context, c *sendook.Client) (any, error) {
			return c.Messages.Reply(ctx, inboxID, "m1", &sendook.ReplyMessageParams{Text: "Thanks"})
		}, 200, true},
		{"create", "POST", "/v1/inboxes", func(ctx context.Context, c *sendook.Client) (any, error) {
			return c.Inboxes.Create(ctx, nil)
		}, 201, true},
		{"get", "GET", "/v1/inboxes/" + inboxID, func(ctx context.Context, c *sendook.Client) (any, error) {
			return c.Inboxes.Get(ctx, inboxID)
		}, 200, true},
		{"delete", "DELETE", "/v1/inboxes/" + inboxID, func(ctx context.Context, c *sendook.Client) (any, error) {
			return c.Inboxes.Delete(ctx, inboxID)
		}, 204, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, mock := mockClient(t)
			mock.RegisterResponder(tc.method, testBaseURL+tc.path, httpmock.NewStringResponder(tc.status, ""))
			got, err := tc.call(context.Background(), client)
			if !tc.wantErr {
				require.NoError(t, err)
				return
			}
			require.Error(t, err)
			assert.Contains(t, err.Error(), "the server answered nothing")
			assert.Contains(t, err.Error(), tc.method+" /v1/")
			assert.Nil(t, got)
		})
	}
}
