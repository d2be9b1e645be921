package sendook_test

import (
	"context"
	"testing"

	sendook "github.com/sendook/sendook-go"
)

func TestWebhooksEndpoints(t *testing.T) {
	runEndpointCases(t, []endpointCase{
		{
			name: "Create", method: "POST", path: "/v1/webhooks", status: 201,
			body:     `{"url":"https://agent.example.com/hooks","events":["message.received","inbox.created"]}`,
			response: webhookJSON, want: &webhookModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{
					URL: "https://agent.example.com/hooks", Events: []sendook.EventType{sendook.EventMessageReceived, sendook.EventInboxCreated},
				})
			},
		},
		{
			name: "List", method: "GET", path: "/v1/webhooks", response: `[` + webhookJSON + `]`, want: []sendook.Webhook{webhookModel},
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Webhooks.List(ctx) },
		},
		{
			name: "Get", method: "GET", path: "/v1/webhooks/" + webhookID, response: webhookJSON, want: &webhookModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Webhooks.Get(ctx, webhookID) },
		},
		{
			name: "Delete", method: "DELETE", path: "/v1/webhooks/" + webhookID, response: webhookJSON, want: &webhookModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Webhooks.Delete(ctx, webhookID) },
		},
		{
			name: "Test", method: "POST", path: "/v1/webhooks/" + webhookID + "/test", idempotent: true,
			response: `{"success":true}`, want: nil,
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return nil, c.Webhooks.Test(ctx, webhookID) },
		},
		{
			name: "ListAttempts", method: "GET", path: "/v1/webhooks/" + webhookID + "/attempts",
			response: `[` + attemptJSON + `]`, want: []sendook.WebhookAttempt{attemptModel},
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Webhooks.ListAttempts(ctx, webhookID)
			},
		},
	})
}

func TestWebhooksValidation(t *testing.T) {
	create := func(p *sendook.CreateWebhookParams) func(context.Context, *sendook.Client) error {
		return func(ctx context.Context, c *sendook.Client) error { _, err := c.Webhooks.Create(ctx, p); return err }
	}
	runValidationCases(t, []validationCase{
		{"Create with nil params", create(nil), "params"},
		{"Create without URL", create(&sendook.CreateWebhookParams{Events: []sendook.EventType{sendook.EventMessageReceived}}), "URL"},
		{"Create without events", create(&sendook.CreateWebhookParams{URL: "https://agent.example.com/hooks"}), "Events"},
		{"Get without id", func(ctx context.Context, c *sendook.Client) error { _, err := c.Webhooks.Get(ctx, ""); return err }, "webhookID"},
		{"Delete without id", func(ctx context.Context, c *sendook.Client) error { _, err := c.Webhooks.Delete(ctx, ""); return err }, "webhookID"},
		{"Test without id", func(ctx context.Context, c *sendook.Client) error { return c.Webhooks.Test(ctx, "") }, "webhookID"},
		{"ListAttempts without id", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Webhooks.ListAttempts(ctx, "")
			return err
		}, "webhookID"},
	})
}
