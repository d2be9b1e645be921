package sendook_test

import (
	"bytes"
	"context"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// Every exported type that can reach a secret reads well under every fmt
// verb and through both slog handlers, and never shows the secret.
func TestFormattingShowsNoSecret(t *testing.T) {
	const webhookSecret = "whsec_0123456789"
	client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(testBaseURL))
	revoked := ts("2024-06-01T00:00:00Z")
	key := apiKeyModel
	key.RevokedAt = &revoked
	handler := sendook.NewWebhookHandler(nil, sendook.WithWebhookSecret(webhookSecret))
	echoing, mock := mockClient(t, sendook.WithMaxRetries(0))
	mock.RegisterResponder("GET", testBaseURL+"/v1/inboxes/"+inboxID, httpmock.NewStringResponder(401,
		`{"error":"bad key `+testAPIKey+`","details":{"sent":"Bearer `+testAPIKey+`"}}`))
	_, err := echoing.Inboxes.Get(context.Background(), inboxID)
	var apiErr *sendook.APIError
	require.ErrorAs(t, err, &apiErr)

	tests := []struct {
		name  string
		value any
		// shows is what every verb but %x must show, so that the value
		// reads as what it is.
		shows []string
	}{
		{"*Client", client, []string{"sendook.Client", testBaseURL, "[REDACTED]"}},
		{"*APIKeysService", client.APIKeys, []string{"sendook.APIKeysService", testBaseURL}},
		{"*DomainsService", client.Domains, []string{"sendook.DomainsService", testBaseURL}},
		{"*InboxesService", client.Inboxes, []string{"sendook.InboxesService", testBaseURL}},
		{"*MessagesService", client.Messages, []string{"sendook.MessagesService", testBaseURL}},
		{"*ThreadsService", client.Threads, []string{"sendook.ThreadsService", testBaseURL}},
		{"*WebhooksService", client.Webhooks, []string{"sendook.WebhooksService", testBaseURL}},
		{"APIKey", key, []string{"Production integration", "[REDACTED]", "2024"}},
		{"*APIKey", &key, []string{"Production integration", "[REDACTED]"}},
		{"[]APIKey", []sendook.APIKey{key}, []string{"Production integration", "[REDACTED]"}},
		{"webhook handler", handler, []string{"webhookHandler", "[REDACTED]"}},
		{"*APIError of a server echoing the key", apiErr, []string{"401", "bad key [REDACTED]"}},
	}
	secrets := []string{testAPIKey, key.Key, webhookSecret}
	for _, tc := range tests {
		for _, verb := range []string{"%v", "%+v", "%#v", "%s", "%q", "%x", "%X", "%d", "%10.40s"} {
			t.Run(tc.name+"/"+verb, func(t *testing.T) {
				out := fmt.Sprintf(verb, tc.value)
				for _, secret := range secrets {
					assert.NotContains(t, out, secret)
					assert.NotContains(t, strings.ToLower(out), fmt.Sprintf("%x", secret), "the secret in hex")
				}
				if _, isErr := tc.value.(error); !isErr { // %#v of an error shows its Body as bytes
					assert.NotContains(t, out, "0x", "a pointer shows instead of the value")
				}
				switch verb {
				case "%x", "%X", "%10.40s":
					return
				case "%d":
					assert.Contains(t, out, "%!d(", "a verb that does not apply says so")
				default:
					assert.NotContains(t, out, "%!", "a verb that should apply does not")
				}
				for _, want := range tc.shows {
					assert.Contains(t, out, want)
				}
			})
		}
		for _, h := range []struct {
			name string
			new  func(*bytes.Buffer) slog.Handler
		}{
			{"slog JSON", func(b *bytes.Buffer) slog.Handler { return slog.NewJSONHandler(b, nil) }},
			{"slog text", func(b *bytes.Buffer) slog.Handler { return slog.NewTextHandler(b, nil) }},
		} {
			if tc.name == "[]APIKey" && h.name == "slog JSON" {
				continue // encoded by encoding/json, which carries Key by design (see APIKey.LogValue)
			}
			t.Run(tc.name+"/"+h.name, func(t *testing.T) {
				var buf bytes.Buffer
				slog.New(h.new(&buf)).Info("shown", "value", tc.value)
				out := buf.String()
				for _, secret := range secrets {
					assert.NotContains(t, out, secret)
				}
				assert.NotContains(t, out, "0x", "a pointer shows instead of the value")
				assert.Contains(t, out, tc.shows[len(tc.shows)-1])
			})
		}
	}
}

// Client.String shows the base URL requests go to, normalised.
func TestClientStringShowsTheNormalisedBaseURL(t *testing.T) {
	client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(" http://localhost:8006/v1/ "))
	assert.Equal(t, `sendook.Client{baseURL: "http://localhost:8006", apiKey: [REDACTED]}`, client.String())
	assert.Equal(t, client.String(), fmt.Sprint(client))
	invalid := sendook.NewClient(testAPIKey, sendook.WithBaseURL("localhost:8006"))
	assert.Equal(t, `sendook.Client{baseURL: (invalid), apiKey: [REDACTED]}`, invalid.String())
}
