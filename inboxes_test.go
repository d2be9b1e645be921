package sendook_test

import (
	"context"
	"testing"

	sendook "github.com/sendook/sendook-go"
)

func TestInboxesEndpoints(t *testing.T) {
	runEndpointCases(t, []endpointCase{
		{
			name: "Create", method: "POST", path: "/v1/inboxes", status: 201,
			body: `{"name":"support","email":"support@sendook.com"}`, response: inboxJSON, want: &inboxModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support", Email: "support@sendook.com"})
			},
		},
		{
			// The server answers a create without a JSON body with a 500.
			name: "Create/nil params send an empty object", method: "POST", path: "/v1/inboxes", status: 201,
			body: `{}`, response: inboxJSON, want: &inboxModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Inboxes.Create(ctx, nil) },
		},
		{
			name: "List", method: "GET", path: "/v1/inboxes",
			response: `[` + inboxJSON + `,` + inboxJSON + `]`, want: []sendook.Inbox{inboxModel, inboxModel},
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Inboxes.List(ctx) },
		},
		{
			name: "List/empty", method: "GET", path: "/v1/inboxes",
			response: `[]`, want: []sendook.Inbox{},
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Inboxes.List(ctx) },
		},
		{
			name: "Get", method: "GET", path: "/v1/inboxes/" + inboxID, response: inboxJSON, want: &inboxModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Inboxes.Get(ctx, inboxID) },
		},
		{
			name: "Delete", method: "DELETE", path: "/v1/inboxes/" + inboxID, response: inboxJSON, want: &inboxModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Inboxes.Delete(ctx, inboxID) },
		},
	})
}

func TestInboxesValidation(t *testing.T) {
	runValidationCases(t, []validationCase{
		{"Get without id", func(ctx context.Context, c *sendook.Client) error { _, err := c.Inboxes.Get(ctx, ""); return err }, "inboxID"},
		{"Delete without id", func(ctx context.Context, c *sendook.Client) error { _, err := c.Inboxes.Delete(ctx, ""); return err }, "inboxID"},
	})
}
