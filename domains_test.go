package sendook_test

import (
	"context"
	"testing"

	sendook "github.com/sendook/sendook-go"
)

func TestDomainsEndpoints(t *testing.T) {
	runEndpointCases(t, []endpointCase{
		{
			name: "Create", method: "POST", path: "/v1/domains", status: 201,
			body: `{"name":"agents.example.com"}`, response: domainJSON, want: &domainModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Domains.Create(ctx, &sendook.CreateDomainParams{Name: "agents.example.com"})
			},
		},
		{
			name: "List", method: "GET", path: "/v1/domains", response: `[` + domainJSON + `]`, want: []sendook.Domain{domainModel},
			call: func(ctx context.Context, c *sendook.Client) (any, error) { return c.Domains.List(ctx) },
		},
		{
			// The open-source server addresses domains by name.
			name: "Get by name", method: "GET", path: "/v1/domains/agents.example.com", response: domainJSON, want: &domainModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Domains.Get(ctx, "agents.example.com")
			},
		},
		{
			name: "Delete", method: "DELETE", path: "/v1/domains/agents.example.com", response: domainJSON, want: &domainModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Domains.Delete(ctx, "agents.example.com")
			},
		},
		{
			name: "Verify", method: "POST", path: "/v1/domains/agents.example.com/verify", idempotent: true,
			response: verifiedDomainJSON, want: &verifiedDomainModel,
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Domains.Verify(ctx, "agents.example.com")
			},
		},
		{
			name: "DNSRecords", method: "GET", path: "/v1/domains/agents.example.com/dns",
			response: `[{"type":"MX","name":"agents.example.com","value":"10 inbound-smtp.us-east-2.amazonaws.com"},` +
				`{"type":"CNAME","name":"abc._domainkey.agents.example.com","value":"abc.dkim.amazonses.com","status":"pending"}]`,
			want: []sendook.DNSRecord{
				{Type: "MX", Name: "agents.example.com", Value: "10 inbound-smtp.us-east-2.amazonaws.com"},
				{Type: "CNAME", Name: "abc._domainkey.agents.example.com", Value: "abc.dkim.amazonses.com", Status: "pending"},
			},
			call: func(ctx context.Context, c *sendook.Client) (any, error) {
				return c.Domains.DNSRecords(ctx, "agents.example.com")
			},
		},
	})
}

func TestDomainsValidation(t *testing.T) {
	runValidationCases(t, []validationCase{
		{"Create with nil params", func(ctx context.Context, c *sendook.Client) error { _, err := c.Domains.Create(ctx, nil); return err }, "params"},
		{"Create without name", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Domains.Create(ctx, &sendook.CreateDomainParams{})
			return err
		}, "Name"},
		{"Get without id", func(ctx context.Context, c *sendook.Client) error { _, err := c.Domains.Get(ctx, ""); return err }, "domain"},
		{"Delete without id", func(ctx context.Context, c *sendook.Client) error { _, err := c.Domains.Delete(ctx, ""); return err }, "domain"},
		{"Verify without id", func(ctx context.Context, c *sendook.Client) error { _, err := c.Domains.Verify(ctx, ""); return err }, "domain"},
		{"DNSRecords without id", func(ctx context.Context, c *sendook.Client) error {
			_, err := c.Domains.DNSRecords(ctx, "")
			return err
		}, "domain"},
	})
}
