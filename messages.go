package sendook

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
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
//
// The open-source server stores a message only with a non-empty subject,
// text and HTML body, and answers a send missing one with a 500, maybe
// after it stored an empty thread. So Send refuses an empty Subject, and,
// given only Text or only HTML, sends both, making the other from it. Mail
// with both parts also delivers better. A send with neither is sent as it
// is, for servers that take a message without a body.
type SendMessageParams struct {
	// To lists the recipients' addresses. At least one is required.
	To  []string `json:"to"`
	CC  []string `json:"cc,omitempty"`
	BCC []string `json:"bcc,omitempty"`
	// Labels tag the message for later search with [ListMessagesParams].
	Labels []string `json:"labels,omitempty"`
	// Subject is required.
	Subject string `json:"subject,omitempty"`
	// Text is the plain-text body, HTML the HTML body. Without HTML, the
	// HTML sent is Text escaped, its paragraphs (runs of lines between
	// blank lines) as <p> and its other line breaks as <br>. Without Text,
	// the text sent is HTML rendered as [Message.PlainText] renders it. The
	// params themselves are not changed.
	Text string `json:"text,omitempty"`
	HTML string `json:"html,omitempty"`
	// Attachments are sent with the message. Each Content must be standard
	// base64 ([NewAttachment] and [AttachmentFromFile] make it so); one that
	// is not is refused before sending. So is a send whose request body
	// would be larger than the server accepts (20 MiB: about 15 MiB of
	// files, as base64 makes them a third larger).
	Attachments []Attachment `json:"attachments,omitempty"`
}

// ReplyMessageParams are the parameters of [MessagesService.Reply]. At least
// one of Text and HTML is required; given only one, Reply sends both, as
// [SendMessageParams] says.
type ReplyMessageParams struct {
	Text string `json:"text,omitempty"`
	HTML string `json:"html,omitempty"`
}

// ListMessagesParams filter [MessagesService.List]. Query and Pattern
// cannot both be set.
type ListMessagesParams struct {
	// Query finds the messages whose subject, text, html, to, cc, bcc or
	// labels contain it, ignoring case: a literal search, "$100" and
	// "(order" included. The open-source server matches its query parameter
	// as a case-insensitive regular expression, so Query is sent escaped
	// (regexp.QuoteMeta). Empty lists every message.
	Query string `url:"query,omitempty"`
	// Pattern is sent as the query parameter as it is, for a server's own
	// search syntax: on the open-source server, a case-insensitive regular
	// expression (MongoDB's $regex, PCRE syntax), such as ^invoice or
	// order #\d+. An invalid expression is answered with a server error.
	Pattern string `url:"query,omitempty"`
}

// Send sends a new message from an inbox, starting a new thread, and returns
// it. Params the server would refuse are refused before sending, and a
// missing Text or HTML is made from the other (see [SendMessageParams]).
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
	if params.Subject == "" {
		return nil, invalid("Subject", "is required")
	}
	p := *params
	if p.Text != "" || p.HTML != "" {
		var err error
		if p.Text, p.HTML, err = bothBodies(p.Text, p.HTML); err != nil {
			return nil, err
		}
	}
	body, err := encodeLimited(&p)
	if err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{
		method: http.MethodPost, path: apiPath("inboxes", inboxID, "messages", "send"), body: body, kind: write, opts: opts,
	}, (*messageWire).model)
}

// bothBodies returns the text and HTML bodies to send, making the one that
// is missing from the other, because the open-source server refuses a
// message without both.
func bothBodies(text, html string) (string, string, error) {
	switch {
	case text == "" && html == "":
		return "", "", invalid("Text", "or HTML is required")
	case html == "":
		html = textToHTML(text)
	case text == "":
		text = htmlToText(html)
		if strings.TrimSpace(text) == "" {
			return "", "", invalid("Text", "is required: the HTML has no text to make it from")
		}
	}
	return text, html, nil
}

// Reply replies to a message in its thread. The reply goes to the original
// sender with the subject "Re: <subject>". A missing Text or HTML is made
// from the other, as for [MessagesService.Send].
//
// POST /v1/inboxes/{inboxId}/messages/{messageId}/reply
func (s *MessagesService) Reply(ctx context.Context, inboxID, messageID string, params *ReplyMessageParams, opts ...RequestOption) (*Message, error) {
	if err := requireIDs("inboxID", inboxID, "messageID", messageID); err != nil {
		return nil, err
	}
	if params == nil {
		return nil, invalid("params", "is required")
	}
	p := *params
	var err error
	if p.Text, p.HTML, err = bothBodies(p.Text, p.HTML); err != nil {
		return nil, err
	}
	body, err := encodeLimited(&p)
	if err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{
		method: http.MethodPost, path: apiPath("inboxes", inboxID, "messages", messageID, "reply"), body: body, kind: write, opts: opts,
	}, (*messageWire).model)
}

// List returns the messages of an inbox, filtered by params, which may be nil.
//
// The messages come in the order the server gives them. The open-source
// server does not sort them: it returns them in storage order, in practice
// oldest first, but promises none. Sort by CreatedAt when order matters.
//
// GET /v1/inboxes/{inboxId}/messages
func (s *MessagesService) List(ctx context.Context, inboxID string, params *ListMessagesParams, opts ...RequestOption) ([]Message, error) {
	if err := requireIDs("inboxID", inboxID); err != nil {
		return nil, err
	}
	var query *listMessagesQuery
	if params != nil {
		if params.Query != "" && params.Pattern != "" {
			return nil, invalid("Pattern", "cannot be set with Query: Query is a literal search, Pattern a regular expression")
		}
		query = &listMessagesQuery{Query: params.Pattern}
		if params.Query != "" {
			query.Query = regexp.QuoteMeta(params.Query)
		}
	}
	return doList(ctx, s.client, call{method: http.MethodGet, path: apiPath("inboxes", inboxID, "messages"), query: query, opts: opts}, (*messageWire).model)
}

// listMessagesQuery is the query string List sends.
type listMessagesQuery struct {
	Query string `url:"query,omitempty"`
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
