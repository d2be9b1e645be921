package sendook_test

import (
	"encoding/json"
	"testing"

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
