package sendook

import (
	"context"
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// MessagesService sends, replies to and reads the messages of an inbox.
type MessagesService service

// Message is an email sent from or received by an inbox.
type Message struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organizationId,omitempty"`
	InboxID        string `json:"inboxId,omitempty"`
	ThreadID       string `json:"threadId,omitempty"`
	// FromInboxID is set when the message was sent by one of the
	// organization's inboxes.
	FromInboxID string `json:"fromInboxId,omitempty"`
	// ToInboxID is set when the message was received by one of the
	// organization's inboxes.
	ToInboxID   string       `json:"toInboxId,omitempty"`
	From        string       `json:"from,omitempty"`
	To          []string     `json:"to,omitempty"`
	CC          []string     `json:"cc,omitempty"`
	BCC         []string     `json:"bcc,omitempty"`
	Labels      []string     `json:"labels,omitempty"`
	Subject     string       `json:"subject,omitempty"`
	Text        string       `json:"text,omitempty"`
	HTML        string       `json:"html,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
	// Status is empty when the server has not reported one.
	Status MessageStatus `json:"status,omitempty"`
	// ExternalMessageID is the id the mail provider gave the message.
	ExternalMessageID string    `json:"externalMessageId,omitempty"`
	CreatedAt         time.Time `json:"createdAt"`
	UpdatedAt         time.Time `json:"updatedAt"`
}

// UnmarshalJSON decodes a message in either wire format ("id" or "_id"). A
// bare JSON string, as thread listings carry, decodes as a message with only
// its ID set.
func (m *Message) UnmarshalJSON(b []byte) error {
	if len(b) > 0 && b[0] == '"' {
		var id string
		if err := json.Unmarshal(b, &id); err != nil {
			return err
		}
		*m = Message{ID: id}
		return nil
	}
	return unmarshalVia(b, m, (*messageWire).model)
}

// messageWire is the wire form of Message (see decode.go).
type messageWire struct {
	messageFields
	mongoID
}

type messageFields Message

func (w *messageWire) model() Message {
	v := Message(w.messageFields)
	v.ID = w.id(v.ID)
	return v
}

// SendMessageParams are the parameters of [MessagesService.Send].
type SendMessageParams struct {
	// To lists the recipients' addresses. At least one is required.
	To  []string `json:"to"`
	CC  []string `json:"cc,omitempty"`
	BCC []string `json:"bcc,omitempty"`
	// Labels tag the message for later search with [ListMessagesParams].
	Labels  []string `json:"labels,omitempty"`
	Subject string   `json:"subject,omitempty"`
	// Text is the plain-text body; HTML the HTML body. The documentation
	// asks for both, and the open-source server refuses a send without
	// Subject, Text and HTML with a 500.
	Text        string       `json:"text,omitempty"`
	HTML        string       `json:"html,omitempty"`
	Attachments []Attachment `json:"attachments,omitempty"`
}

// ReplyMessageParams are the parameters of [MessagesService.Reply]. At least
// one of Text and HTML is required; the open-source server wants both, and
// answers a reply without either with a 500.
type ReplyMessageParams struct {
	Text string `json:"text,omitempty"`
	HTML string `json:"html,omitempty"`
}

// ListMessagesParams filter [MessagesService.List].
type ListMessagesParams struct {
	// Query is a case-insensitive search over subject, text, html, to, cc,
	// bcc and labels. Empty lists every message.
	Query string `url:"query,omitempty"`
}

// Send sends a new message from an inbox, starting a new thread, and returns
// it.
//
// A send that fails with a server error is not retried unless the client was
// made with [WithRetryWrites]: the server may have sent the email already.
//
// POST /v1/inboxes/{inboxId}/messages/send
func (s *MessagesService) Send(ctx context.Context, inboxID string, params *SendMessageParams, opts ...RequestOption) (*Message, error) {
	if err := requireIDs("inboxID", inboxID); err != nil {
		return nil, err
	}
	if params == nil {
		return nil, invalid("params", "is required")
	}
	if len(params.To) == 0 {
		return nil, invalid("To", "needs at least one recipient")
	}
	for _, list := range []struct {
		field string
		addrs []string
	}{{"To", params.To}, {"CC", params.CC}, {"BCC", params.BCC}} {
		for i, addr := range list.addrs {
			if strings.TrimSpace(addr) == "" {
				return nil, invalid(list.field+"["+strconv.Itoa(i)+"]", "is blank")
			}
		}
	}
	return doOne(ctx, s.client, call{
		method: http.MethodPost, path: apiPath("inboxes", inboxID, "messages", "send"), body: params, kind: write, opts: opts,
	}, (*messageWire).model)
}

// Reply replies to a message in its thread. The reply goes to the original
// sender with the subject "Re: <subject>".
//
// POST /v1/inboxes/{inboxId}/messages/{messageId}/reply
func (s *MessagesService) Reply(ctx context.Context, inboxID, messageID string, params *ReplyMessageParams, opts ...RequestOption) (*Message, error) {
	if err := requireIDs("inboxID", inboxID, "messageID", messageID); err != nil {
		return nil, err
	}
	if params == nil {
		return nil, invalid("params", "is required")
	}
	if params.Text == "" && params.HTML == "" {
		return nil, invalid("Text", "or HTML is required")
	}
	return doOne(ctx, s.client, call{
		method: http.MethodPost, path: apiPath("inboxes", inboxID, "messages", messageID, "reply"), body: params, kind: write, opts: opts,
	}, (*messageWire).model)
}

// List returns the messages of an inbox, filtered by params, which may be nil.
//
// GET /v1/inboxes/{inboxId}/messages
func (s *MessagesService) List(ctx context.Context, inboxID string, params *ListMessagesParams, opts ...RequestOption) ([]Message, error) {
	if err := requireIDs("inboxID", inboxID); err != nil {
		return nil, err
	}
	return doList(ctx, s.client, call{method: http.MethodGet, path: apiPath("inboxes", inboxID, "messages"), query: params, opts: opts}, (*messageWire).model)
}

// Get returns one message of an inbox.
//
// GET /v1/inboxes/{inboxId}/messages/{messageId}
func (s *MessagesService) Get(ctx context.Context, inboxID, messageID string, opts ...RequestOption) (*Message, error) {
	if err := requireIDs("inboxID", inboxID, "messageID", messageID); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodGet, path: apiPath("inboxes", inboxID, "messages", messageID), opts: opts}, (*messageWire).model)
}
