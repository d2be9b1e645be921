package sendook

import (
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"time"
)

// WebhooksService manages the URLs Sendook notifies of events. To receive
// the notifications, see [NewWebhookHandler].
type WebhooksService service

// Webhook is a URL subscribed to events.
type Webhook struct {
	ID             string      `json:"id"`
	OrganizationID string      `json:"organizationId,omitempty"`
	URL            string      `json:"url"`
	Events         []EventType `json:"events"`
	CreatedAt      time.Time   `json:"createdAt"`
	UpdatedAt      time.Time   `json:"updatedAt"`
}

// UnmarshalJSON decodes a webhook in either wire format ("id" or "_id").
func (w *Webhook) UnmarshalJSON(b []byte) error {
	return unmarshalVia(b, w, (*webhookWire).model)
}

// webhookWire is the wire form of Webhook (see decode.go).
type webhookWire struct {
	webhookFields
	mongoID
}

type webhookFields Webhook

func (w *webhookWire) model() Webhook {
	v := Webhook(w.webhookFields)
	v.ID = w.id(v.ID)
	return v
}

// WebhookAttempt is one delivery of an event to a webhook.
type WebhookAttempt struct {
	ID             string    `json:"id"`
	WebhookID      string    `json:"webhookId,omitempty"`
	OrganizationID string    `json:"organizationId,omitempty"`
	InboxID        string    `json:"inboxId,omitempty"`
	MessageID      string    `json:"messageId,omitempty"`
	Timestamp      time.Time `json:"timestamp"`
	// Payload is the event as delivered.
	Payload json.RawMessage `json:"payload,omitempty"`
	// Status is the HTTP status the endpoint answered, or 500 when it
	// could not be reached.
	Status int `json:"status"`
	// Error describes why the delivery failed; empty when it did not.
	Error string `json:"error,omitempty"`
	// Response is what the endpoint answered.
	Response  json.RawMessage `json:"response,omitempty"`
	CreatedAt time.Time       `json:"createdAt"`
	UpdatedAt time.Time       `json:"updatedAt"`
}

// UnmarshalJSON decodes an attempt in either wire format ("id" or "_id").
func (a *WebhookAttempt) UnmarshalJSON(b []byte) error {
	return unmarshalVia(b, a, (*webhookAttemptWire).model)
}

// webhookAttemptWire is the wire form of WebhookAttempt (see decode.go).
type webhookAttemptWire struct {
	webhookAttemptFields
	mongoID
}

type webhookAttemptFields WebhookAttempt

func (w *webhookAttemptWire) model() WebhookAttempt {
	v := WebhookAttempt(w.webhookAttemptFields)
	v.ID = w.id(v.ID)
	return v
}

// CreateWebhookParams are the parameters of [WebhooksService.Create].
type CreateWebhookParams struct {
	// URL receives a POST for each event. Required.
	URL string `json:"url"`
	// Events lists the events to deliver. At least one is required.
	Events []EventType `json:"events"`
}

// Create subscribes a URL to events and returns the webhook.
//
// POST /v1/webhooks
func (s *WebhooksService) Create(ctx context.Context, params *CreateWebhookParams, opts ...RequestOption) (*Webhook, error) {
	if params == nil {
		return nil, invalid("params", "is required")
	}
	if strings.TrimSpace(params.URL) == "" {
		return nil, invalid("URL", "is required")
	}
	if len(params.Events) == 0 {
		return nil, invalid("Events", "needs at least one event")
	}
	return doOne(ctx, s.client, call{method: http.MethodPost, path: apiPath("webhooks"), body: params, kind: write, opts: opts}, (*webhookWire).model)
}

// List returns the organization's webhooks.
//
// GET /v1/webhooks
func (s *WebhooksService) List(ctx context.Context, opts ...RequestOption) ([]Webhook, error) {
	return doList(ctx, s.client, call{method: http.MethodGet, path: apiPath("webhooks"), opts: opts}, (*webhookWire).model)
}

// Get returns one webhook.
//
// GET /v1/webhooks/{webhookId}
func (s *WebhooksService) Get(ctx context.Context, webhookID string, opts ...RequestOption) (*Webhook, error) {
	if err := requireIDs("webhookID", webhookID); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodGet, path: apiPath("webhooks", webhookID), opts: opts}, (*webhookWire).model)
}

// Delete deletes a webhook and returns it.
//
// A retried delete whose first attempt took effect, its answer lost,
// reports [ErrNotFound]: when a delete may have been retried, treat
// ErrNotFound as done.
//
// DELETE /v1/webhooks/{webhookId}
func (s *WebhooksService) Delete(ctx context.Context, webhookID string, opts ...RequestOption) (*Webhook, error) {
	if err := requireIDs("webhookID", webhookID); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodDelete, path: apiPath("webhooks", webhookID), opts: opts}, (*webhookWire).model)
}

// Test asks the server to send a test event. The server delivers it, as a
// message.received event with the payload {"test": "test"}, to every webhook
// of the organization subscribed to message.received, and only to those: a
// webhook that is not subscribed to message.received gets nothing, even the
// one named here (which must merely exist). See [WebhookEvent.IsTest].
//
// Test sends no email, so it is retried like a read, and carries an
// Idempotency-Key header, the same on every attempt.
//
// POST /v1/webhooks/{webhookId}/test
func (s *WebhooksService) Test(ctx context.Context, webhookID string, opts ...RequestOption) error {
	if err := requireIDs("webhookID", webhookID); err != nil {
		return err
	}
	_, err := s.client.do(ctx, call{method: http.MethodPost, path: apiPath("webhooks", webhookID, "test"), kind: safePost, opts: opts})
	return err
}

// ListAttempts returns the latest delivery attempts of a webhook, newest
// first.
//
// GET /v1/webhooks/{webhookId}/attempts
func (s *WebhooksService) ListAttempts(ctx context.Context, webhookID string, opts ...RequestOption) ([]WebhookAttempt, error) {
	if err := requireIDs("webhookID", webhookID); err != nil {
		return nil, err
	}
	return doList(ctx, s.client, call{method: http.MethodGet, path: apiPath("webhooks", webhookID, "attempts"), opts: opts}, (*webhookAttemptWire).model)
}
