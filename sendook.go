// Package sendook is a Go client for the Sendook v1 API, which gives software,
// AI agents first of all, real email inboxes: create an inbox, send and reply
// from it, read what arrives, follow conversations as threads, verify a custom
// domain, and get webhooks when something happens.
//
// Create a [Client] with an API key and use its per-resource services:
//
//	client := sendook.NewClient(os.Getenv("SENDOOK_API_KEY"))
//	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support"})
//	...
//	msg, err := client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{
//		To:      []string{"customer@example.com"},
//		Subject: "Hello",
//		Text:    "Hi there!", // the HTML part is made from it
//	})
//
// Point the client at a self-hosted Sendook with [WithBaseURL]. The client
// understands both the documented wire format and the one the open-source
// server really speaks (ids as "_id", bare JSON arrays, several error
// shapes), so callers never see the difference.
//
// Failures from the API are returned as [*APIError] and match the sentinel
// errors ([ErrNotFound], [ErrRateLimited], ...) through [errors.Is]. Reads are
// retried on transient failures; sends and creates are retried only when the
// server provably did not act on them, unless [WithRetryWrites] is given.
//
// Incoming webhooks are parsed with [ParseWebhookEvent] or served by
// [NewWebhookHandler]. The sendooktest subpackage is an in-memory Sendook
// server for tests and local development.
//
// # Secrets
//
// The API key given to [NewClient] and the Key field of [APIKey] are secrets.
// They never appear in an error, a log line, any fmt verb applied to a
// [Client], one of its services or an [APIKey], or what log/slog shows of
// them (they implement [log/slog.LogValuer]). An [APIError] has the key
// replaced by "[REDACTED]" in every field, wherever the key stands as a
// whole token: not inside a longer run of letters and digits, so that a
// short test key cannot mangle ordinary text. encoding/json still carries
// APIKey.Key, so that it can be stored.
package sendook

// Version is the version of this SDK, sent in the User-Agent header.
const Version = "0.1.0"

// EventType names a webhook event, such as "message.received".
type EventType string

// The webhook events Sendook delivers.
const (
	EventInboxCreated      EventType = "inbox.created"
	EventInboxDeleted      EventType = "inbox.deleted"
	EventInboxUpdated      EventType = "inbox.updated"
	EventMessageSent       EventType = "message.sent"
	EventMessageReceived   EventType = "message.received"
	EventMessageDelivered  EventType = "message.delivered"
	EventMessageBounced    EventType = "message.bounced"
	EventMessageComplained EventType = "message.complained"
	EventMessageRejected   EventType = "message.rejected"
)

// String returns the event's wire name, such as "message.received".
func (e EventType) String() string { return string(e) }

// MessageStatus is the delivery state of a message.
type MessageStatus string

// The states a message can be in. A message may also carry no status at all.
const (
	MessageStatusSent       MessageStatus = "sent"
	MessageStatusReceived   MessageStatus = "received"
	MessageStatusDelivered  MessageStatus = "delivered"
	MessageStatusBounced    MessageStatus = "bounced"
	MessageStatusComplained MessageStatus = "complained"
	MessageStatusRejected   MessageStatus = "rejected"
)

// String returns the status's wire name, such as "delivered".
func (s MessageStatus) String() string { return string(s) }
