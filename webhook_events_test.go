package sendook_test

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// Deliveries exactly as the open-source server POSTs them: Mongo documents
// with "_id" and "__v", ids absent where they do not apply.
const (
	deliveryOrgID     = "65f1c0e2a4b1c2d3e4f5a600"
	deliveryInboxID   = "65f1c0e2a4b1c2d3e4f5a6b7"
	deliveryThreadID  = "65f1c0e2a4b1c2d3e4f5a6c1"
	deliveryMessageID = "65f1c0e2a4b1c2d3e4f5a6d2"

	deliveryInboxDoc = `{"_id":"` + deliveryInboxID + `","organizationId":"` + deliveryOrgID + `","name":"support",` +
		`"email":"support@sendook.com","createdAt":"2024-05-01T12:00:00.000Z","updatedAt":"2024-05-01T12:00:00.000Z","__v":0}`

	deliveryMessageDoc = `{"_id":"` + deliveryMessageID + `","organizationId":"` + deliveryOrgID + `","inboxId":"` + deliveryInboxID +
		`","threadId":"` + deliveryThreadID + `","toInboxId":"` + deliveryInboxID + `","from":"ada@example.com",` +
		`"to":["support@sendook.com"],"cc":[],"bcc":[],"labels":[],"subject":"Invoice","text":"See attached.",` +
		`"html":"<p>See attached.</p>","attachments":[{"content":"JVBERi0xLjQ=","name":"invoice.pdf",` +
		`"contentType":"application/pdf","_id":"65f1c0e2a4b1c2d3e4f5a699"}],"status":"received",` +
		`"createdAt":"2024-05-01T12:00:00.000Z","updatedAt":"2024-05-01T12:00:01.000Z","__v":0}`

	deliveryMessageReceived = `{"event":"message.received","inboxId":"` + deliveryInboxID + `","messageId":"` + deliveryMessageID +
		`","payload":` + deliveryMessageDoc + `}`
	deliveryInboxCreated = `{"event":"inbox.created","inboxId":"` + deliveryInboxID + `","payload":` + deliveryInboxDoc + `}`
	deliveryTestEvent    = `{"event":"message.received","payload":{"test":"test"}}`

	// The documented format: "id" instead of "_id", no "__v".
	deliveryDocumentedMessage = `{"event":"message.delivered","inboxId":"ibox_01","messageId":"msg_01","payload":` +
		`{"id":"msg_01","inboxId":"ibox_01","from":"support@agents.example.com","to":["ada@example.com"],` +
		`"subject":"Hello","status":"delivered","createdAt":"2024-05-01T12:00:00Z","updatedAt":"2024-05-01T12:00:00Z"}}`
	deliveryDocumentedInbox = `{"event":"inbox.deleted","inboxId":"ibox_01","payload":` +
		`{"id":"ibox_01","name":"sales","email":"sales@agents.example.com","createdAt":"2024-05-01T12:00:00Z"}}`

	deliverySecret = "whsec_3f9a1c"
)

var deliveryMessageModel = sendook.Message{
	ID: deliveryMessageID, OrganizationID: deliveryOrgID, InboxID: deliveryInboxID, ThreadID: deliveryThreadID,
	ToInboxID: deliveryInboxID, From: "ada@example.com", To: []string{"support@sendook.com"},
	CC: []string{}, BCC: []string{}, Labels: []string{}, Subject: "Invoice", Text: "See attached.", HTML: "<p>See attached.</p>",
	Attachments: []sendook.Attachment{{Content: "JVBERi0xLjQ=", Name: "invoice.pdf", ContentType: "application/pdf"}},
	Status:      sendook.MessageStatusReceived,
	CreatedAt:   time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2024, 5, 1, 12, 0, 1, 0, time.UTC),
}

var deliveryInboxModel = sendook.Inbox{
	ID: deliveryInboxID, OrganizationID: deliveryOrgID, Name: "support", Email: "support@sendook.com",
	CreatedAt: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
}

// signDelivery computes the header value a signing server sends, without
// using the code under test.
func signDelivery(secret, body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func TestParseWebhookEvent(t *testing.T) {
	tests := []struct {
		name          string
		body          string
		wantEvent     sendook.EventType
		wantInboxID   string
		wantMessageID string
		wantPayload   string // compared as JSON; "" for none
		wantErr       string
	}{
		{
			name: "message.received from the real server", body: deliveryMessageReceived,
			wantEvent: sendook.EventMessageReceived, wantInboxID: deliveryInboxID, wantMessageID: deliveryMessageID, wantPayload: deliveryMessageDoc,
		},
		{
			name: "inbox.created has no messageId", body: deliveryInboxCreated,
			wantEvent: sendook.EventInboxCreated, wantInboxID: deliveryInboxID, wantPayload: deliveryInboxDoc,
		},
		{
			name: "test event has neither id", body: deliveryTestEvent,
			wantEvent: sendook.EventMessageReceived, wantPayload: `{"test":"test"}`,
		},
		{
			name: "documented format", body: deliveryDocumentedMessage,
			wantEvent: sendook.EventMessageDelivered, wantInboxID: "ibox_01", wantMessageID: "msg_01",
			wantPayload: `{"id":"msg_01","inboxId":"ibox_01","from":"support@agents.example.com","to":["ada@example.com"],` +
				`"subject":"Hello","status":"delivered","createdAt":"2024-05-01T12:00:00Z","updatedAt":"2024-05-01T12:00:00Z"}`,
		},
		{
			name: "unknown event type passes through", body: `{"event":"message.opened","messageId":"m1","payload":{"_id":"m1"}}`,
			wantEvent: "message.opened", wantMessageID: "m1", wantPayload: `{"_id":"m1"}`,
		},
		{
			name: "surrounding whitespace and unknown fields", body: "\n\t " + `{"event":"inbox.updated","extra":[1,2],"inboxId":null,"payload":{}}` + " \r\n",
			wantEvent: sendook.EventInboxUpdated, wantPayload: `{}`,
		},
		{name: "no payload", body: `{"event":"message.sent"}`, wantEvent: sendook.EventMessageSent},

		{name: "nil body", body: "", wantErr: "empty body"},
		{name: "whitespace only", body: " \n\t", wantErr: "empty body"},
		{name: "null", body: "null", wantErr: "not a JSON object"},
		{name: "array", body: `[` + deliveryTestEvent + `]`, wantErr: "not a JSON object"},
		{name: "string", body: `"message.received"`, wantErr: "not a JSON object"},
		{name: "number", body: `42`, wantErr: "not a JSON object"},
		{name: "form body", body: `event=message.received`, wantErr: "not a JSON object"},
		{name: "truncated", body: deliveryMessageReceived[:len(deliveryMessageReceived)-1], wantErr: "malformed JSON"},
		{name: "trailing garbage", body: deliveryTestEvent + `}`, wantErr: "malformed JSON"},
		{name: "two objects", body: deliveryTestEvent + deliveryTestEvent, wantErr: "malformed JSON"},
		{name: "missing event", body: `{"inboxId":"` + deliveryInboxID + `","payload":` + deliveryInboxDoc + `}`, wantErr: `no "event" name`},
		{name: "empty event", body: `{"event":"","payload":{"test":"test"}}`, wantErr: `no "event" name`},
		{name: "blank event", body: `{"event":"  ","payload":{"test":"test"}}`, wantErr: `no "event" name`},
		{name: "null event", body: `{"event":null,"payload":{"test":"test"}}`, wantErr: `no "event" name`},
		{name: "event is a number", body: `{"event":1,"payload":{}}`, wantErr: `"event" is not a string`},
		{name: "event is an object", body: `{"event":{"type":"message.received"}}`, wantErr: `"event" is not a string`},
		{name: "inboxId is a number", body: `{"event":"inbox.created","inboxId":7}`, wantErr: `"inboxId" is not a string`},
		{name: "messageId is an array", body: `{"event":"message.sent","messageId":["a"]}`, wantErr: `"messageId" is not a string`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			event, err := sendook.ParseWebhookEvent([]byte(tt.body))
			if tt.wantErr != "" {
				require.Error(t, err)
				assert.Nil(t, event)
				assert.ErrorIs(t, err, sendook.ErrInvalidWebhookEvent)
				assert.Contains(t, err.Error(), tt.wantErr)
				assert.True(t, strings.HasPrefix(err.Error(), "sendook: "), err.Error())
				return
			}
			require.NoError(t, err)
			assert.Equal(t, tt.wantEvent, event.Event)
			assert.Equal(t, tt.wantInboxID, event.InboxID)
			assert.Equal(t, tt.wantMessageID, event.MessageID)
			if tt.wantPayload == "" {
				assert.Empty(t, event.Payload)
			} else {
				assert.JSONEq(t, tt.wantPayload, string(event.Payload))
			}
		})
	}
}

func TestParseWebhookEventDoesNotKeepTheBody(t *testing.T) {
	body := []byte(deliveryMessageReceived)
	event, err := sendook.ParseWebhookEvent(body)
	require.NoError(t, err)
	for i := range body {
		body[i] = ' '
	}
	msg, err := event.Message()
	require.NoError(t, err)
	assert.Equal(t, "Invoice", msg.Subject)
}

func TestWebhookEventPayloads(t *testing.T) {
	tests := []struct {
		name      string
		event     sendook.WebhookEvent
		wantMsg   *sendook.Message
		wantInbox *sendook.Inbox
		// When the resource is not wanted, its error must match these.
		msgErr, inboxErr         error
		msgErrText, inboxErrText string
	}{
		{
			name:     "real message.received",
			event:    mustParseDelivery(t, deliveryMessageReceived),
			wantMsg:  &deliveryMessageModel,
			inboxErr: sendook.ErrInvalidWebhookEvent, inboxErrText: `event "message.received" does not carry an inbox`,
		},
		{
			name:      "real inbox.created",
			event:     mustParseDelivery(t, deliveryInboxCreated),
			wantInbox: &deliveryInboxModel,
			msgErr:    sendook.ErrInvalidWebhookEvent, msgErrText: `event "inbox.created" does not carry a message`,
		},
		{
			name:  "documented message.delivered",
			event: mustParseDelivery(t, deliveryDocumentedMessage),
			wantMsg: &sendook.Message{
				ID: "msg_01", InboxID: "ibox_01", From: "support@agents.example.com", To: []string{"ada@example.com"},
				Subject: "Hello", Status: sendook.MessageStatusDelivered,
				CreatedAt: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC), UpdatedAt: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
			},
			inboxErr: sendook.ErrInvalidWebhookEvent, inboxErrText: "does not carry an inbox",
		},
		{
			name:  "documented inbox.deleted",
			event: mustParseDelivery(t, deliveryDocumentedInbox),
			wantInbox: &sendook.Inbox{
				ID: "ibox_01", Name: "sales", Email: "sales@agents.example.com", CreatedAt: time.Date(2024, 5, 1, 12, 0, 0, 0, time.UTC),
			},
			msgErr: sendook.ErrInvalidWebhookEvent, msgErrText: "does not carry a message",
		},
		{
			name:   "test event",
			event:  mustParseDelivery(t, deliveryTestEvent),
			msgErr: sendook.ErrTestEvent, msgErrText: "test event",
			inboxErr: sendook.ErrTestEvent, inboxErrText: "test event",
		},
		{
			name:   "unknown kind of event",
			event:  sendook.WebhookEvent{Event: "domain.verified", Payload: json.RawMessage(`{"_id":"d1"}`)},
			msgErr: sendook.ErrInvalidWebhookEvent, msgErrText: `"domain.verified" does not carry a message`,
			inboxErr: sendook.ErrInvalidWebhookEvent, inboxErrText: `"domain.verified" does not carry an inbox`,
		},
		{
			name:   "event name without a dot",
			event:  sendook.WebhookEvent{Event: "message", Payload: json.RawMessage(`{"_id":"m1"}`)},
			msgErr: sendook.ErrInvalidWebhookEvent, msgErrText: "does not carry a message",
			inboxErr: sendook.ErrInvalidWebhookEvent, inboxErrText: "does not carry an inbox",
		},
		{
			name:   "message event without payload",
			event:  sendook.WebhookEvent{Event: sendook.EventMessageSent, MessageID: "m1"},
			msgErr: sendook.ErrInvalidWebhookEvent, msgErrText: `event "message.sent" has no payload`,
			inboxErr: sendook.ErrInvalidWebhookEvent, inboxErrText: "does not carry an inbox",
		},
		{
			name:   "inbox event with null payload",
			event:  mustParseDelivery(t, `{"event":"inbox.deleted","payload": null }`),
			msgErr: sendook.ErrInvalidWebhookEvent, msgErrText: "does not carry a message",
			inboxErr: sendook.ErrInvalidWebhookEvent, inboxErrText: `event "inbox.deleted" has no payload`,
		},
		{
			name:   "payload is an id, not a document",
			event:  mustParseDelivery(t, `{"event":"message.sent","payload":"`+deliveryMessageID+`"}`),
			msgErr: sendook.ErrInvalidWebhookEvent, msgErrText: "not a JSON object",
			inboxErr: sendook.ErrInvalidWebhookEvent, inboxErrText: "does not carry an inbox",
		},
		{
			name:   "message payload of the wrong shape",
			event:  mustParseDelivery(t, `{"event":"message.bounced","payload":{"_id":"m1","to":"ada@example.com"}}`),
			msgErr: sendook.ErrInvalidWebhookEvent, msgErrText: `the payload of event "message.bounced" is not a message`,
			inboxErr: sendook.ErrInvalidWebhookEvent, inboxErrText: "does not carry an inbox",
		},
		{
			name:   "inbox payload of the wrong shape",
			event:  mustParseDelivery(t, `{"event":"inbox.updated","payload":{"_id":"i1","createdAt":"yesterday"}}`),
			msgErr: sendook.ErrInvalidWebhookEvent, msgErrText: "does not carry a message",
			inboxErr: sendook.ErrInvalidWebhookEvent, inboxErrText: `the payload of event "inbox.updated" is not an inbox`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			msg, err := tt.event.Message()
			if tt.wantMsg != nil {
				require.NoError(t, err)
				assert.Equal(t, tt.wantMsg, msg)
			} else {
				assert.Nil(t, msg)
				require.ErrorIs(t, err, tt.msgErr)
				assert.Contains(t, err.Error(), tt.msgErrText)
				assert.True(t, strings.HasPrefix(err.Error(), "sendook: "), err.Error())
			}
			inbox, err := tt.event.Inbox()
			if tt.wantInbox != nil {
				require.NoError(t, err)
				assert.Equal(t, tt.wantInbox, inbox)
			} else {
				assert.Nil(t, inbox)
				require.ErrorIs(t, err, tt.inboxErr)
				assert.Contains(t, err.Error(), tt.inboxErrText)
				assert.True(t, strings.HasPrefix(err.Error(), "sendook: "), err.Error())
			}
		})
	}
}

func mustParseDelivery(t *testing.T, body string) sendook.WebhookEvent {
	t.Helper()
	event, err := sendook.ParseWebhookEvent([]byte(body))
	require.NoError(t, err)
	return *event
}

func TestWebhookEventIsTest(t *testing.T) {
	tests := []struct {
		payload string
		want    bool
	}{
		{`{"test":"test"}`, true},
		{`{"test": "test"}`, true},
		{"\n{\n  \"test\" :\t\"test\"\n}\n", true},
		{`{"t\u0065st":"\u0074est"}`, true},
		{``, false},
		{`null`, false},
		{`{}`, false},
		{`"test"`, false},
		{`["test","test"]`, false},
		{`{"test":"Test"}`, false},
		{`{"Test":"test"}`, false},
		{`{"test":"test "}`, false},
		{`{"test":true}`, false},
		{`{"test":{"test":"test"}}`, false},
		{`{"test":"test","_id":"x"}`, false},
		{`{"_id":"x","test":"test"}`, false},
		{`{"test":"test","test":"test"}`, false},
		{`{"test":"test"}{}`, false},
		{`{"test":"test"}x`, false},
		{`{"test":"test"`, false},
		{deliveryMessageDoc, false},
	}
	for _, tt := range tests {
		t.Run(tt.payload, func(t *testing.T) {
			event := &sendook.WebhookEvent{Event: sendook.EventMessageReceived, Payload: json.RawMessage(tt.payload)}
			assert.Equal(t, tt.want, event.IsTest())
		})
	}
	assert.True(t, ptrTo(mustParseDelivery(t, deliveryTestEvent)).IsTest())
	assert.False(t, ptrTo(mustParseDelivery(t, deliveryMessageReceived)).IsTest())
}

func ptrTo[T any](v T) *T { return &v }

func TestVerifyWebhookSignature(t *testing.T) {
	body := deliveryMessageReceived
	good := signDelivery(deliverySecret, body)
	digest := strings.TrimPrefix(good, "sha256=")
	tests := []struct {
		name    string
		secret  string
		body    string
		header  string
		wantErr string // "" for success
	}{
		{name: "good", secret: deliverySecret, body: body, header: good},
		{name: "upper-case hex", secret: deliverySecret, body: body, header: "sha256=" + strings.ToUpper(digest)},
		{name: "mixed-case hex", secret: deliverySecret, body: body, header: "sha256=" + strings.ToUpper(digest[:32]) + digest[32:]},
		{name: "spaces around", secret: deliverySecret, body: body, header: " \t" + good + " "},
		{name: "empty body", secret: deliverySecret, body: "", header: signDelivery(deliverySecret, "")},

		{name: "missing", secret: deliverySecret, body: body, header: "", wantErr: "missing X-Sendook-Signature"},
		{name: "blank", secret: deliverySecret, body: body, header: "   ", wantErr: "missing"},
		{name: "bare hex", secret: deliverySecret, body: body, header: digest, wantErr: `start with "sha256="`},
		{name: "wrong algorithm", secret: deliverySecret, body: body, header: "sha1=" + digest, wantErr: `start with "sha256="`},
		{name: "upper-case prefix", secret: deliverySecret, body: body, header: "SHA256=" + digest, wantErr: `start with "sha256="`},
		{name: "prefix only", secret: deliverySecret, body: body, header: "sha256=", wantErr: "got 0 hex digits, want 64"},
		{name: "truncated", secret: deliverySecret, body: body, header: good[:len(good)-1], wantErr: "got 63 hex digits"},
		{name: "half", secret: deliverySecret, body: body, header: good[:len(good)-32], wantErr: "got 32 hex digits"},
		{name: "too long", secret: deliverySecret, body: body, header: good + "00", wantErr: "got 66 hex digits"},
		{name: "two signatures", secret: deliverySecret, body: body, header: good + "," + good, wantErr: "hex digits"},
		{name: "not hex", secret: deliverySecret, body: body, header: "sha256=" + strings.Repeat("zz", 32), wantErr: "not hexadecimal"},
		{name: "space inside", secret: deliverySecret, body: body, header: "sha256= " + digest[1:], wantErr: "not hexadecimal"},
		{name: "non-ASCII", secret: deliverySecret, body: body, header: "sha256=" + strings.Repeat("é", 32), wantErr: "not hexadecimal"},
		{name: "wrong secret", secret: deliverySecret, body: body, header: signDelivery("whsec_other", body), wantErr: "does not match"},
		{name: "secret differs in case", secret: strings.ToUpper(deliverySecret), body: body, header: good, wantErr: "does not match"},
		{name: "body changed", secret: deliverySecret, body: strings.Replace(body, "Invoice", "invoice", 1), header: good, wantErr: "does not match"},
		{name: "body re-encoded", secret: deliverySecret, body: body + "\n", header: good, wantErr: "does not match"},
		{name: "one digit off", secret: deliverySecret, body: body, header: good[:len(good)-1] + flipHexDigit(good[len(good)-1]), wantErr: "does not match"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := sendook.VerifyWebhookSignature(tt.secret, []byte(tt.body), tt.header)
			if tt.wantErr == "" {
				assert.NoError(t, err)
				return
			}
			require.ErrorIs(t, err, sendook.ErrInvalidWebhookSignature)
			assert.Contains(t, err.Error(), tt.wantErr)
		})
	}
}

func flipHexDigit(c byte) string {
	if c == '0' {
		return "1"
	}
	return "0"
}

func TestVerifyWebhookSignatureRefusesAnEmptySecret(t *testing.T) {
	// An empty key is still a valid HMAC key; a server misconfigured with
	// one must not accept what anybody can sign.
	err := sendook.VerifyWebhookSignature("", []byte(deliveryTestEvent), signDelivery("", deliveryTestEvent))
	require.Error(t, err)
	assert.NotErrorIs(t, err, sendook.ErrInvalidWebhookSignature)
	assert.Contains(t, err.Error(), "sendook: webhook secret is empty")
}

// webhookCall records what the handler passed to its function.
type webhookCall struct {
	calls atomic.Int32
	event *sendook.WebhookEvent
}

func (c *webhookCall) fn(result error) sendook.WebhookHandlerFunc {
	return func(_ context.Context, event *sendook.WebhookEvent) error {
		c.calls.Add(1)
		c.event = event
		return result
	}
}

func TestNewWebhookHandler(t *testing.T) {
	signed := signDelivery(deliverySecret, deliveryMessageReceived)
	failure := errors.New("database is down: password=hunter2")
	tests := []struct {
		name          string
		method        string
		body          string
		contentLength int64 // overrides the request's when non-zero; -1 for unknown
		signature     string
		opts          []sendook.WebhookOption
		fn            func(c *webhookCall) sendook.WebhookHandlerFunc // nil: acknowledges
		wantStatus    int
		wantCalled    bool
		wantEvent     sendook.EventType
	}{
		{name: "real delivery, no secret", method: http.MethodPost, body: deliveryMessageReceived, wantStatus: 200, wantCalled: true, wantEvent: sendook.EventMessageReceived},
		{name: "inbox event, no secret", method: http.MethodPost, body: deliveryInboxCreated, wantStatus: 200, wantCalled: true, wantEvent: sendook.EventInboxCreated},
		{name: "test event, no secret", method: http.MethodPost, body: deliveryTestEvent, wantStatus: 200, wantCalled: true, wantEvent: sendook.EventMessageReceived},
		{name: "signature ignored without a secret", method: http.MethodPost, body: deliveryMessageReceived, signature: "sha256=bogus", wantStatus: 200, wantCalled: true, wantEvent: sendook.EventMessageReceived},
		{name: "signed delivery", method: http.MethodPost, body: deliveryMessageReceived, signature: signed, opts: []sendook.WebhookOption{sendook.WithWebhookSecret(deliverySecret)}, wantStatus: 200, wantCalled: true, wantEvent: sendook.EventMessageReceived},
		{name: "unknown length", method: http.MethodPost, body: deliveryMessageReceived, contentLength: -1, wantStatus: 200, wantCalled: true, wantEvent: sendook.EventMessageReceived},

		{name: "GET", method: http.MethodGet, wantStatus: 405},
		{name: "HEAD", method: http.MethodHead, wantStatus: 405},
		{name: "PUT with an event", method: http.MethodPut, body: deliveryMessageReceived, wantStatus: 405},

		{name: "declared length over the limit", method: http.MethodPost, body: deliveryMessageReceived, opts: []sendook.WebhookOption{sendook.WithMaxWebhookBodyBytes(64)}, wantStatus: 413},
		{name: "unknown length over the limit", method: http.MethodPost, body: deliveryMessageReceived, contentLength: -1, opts: []sendook.WebhookOption{sendook.WithMaxWebhookBodyBytes(64)}, wantStatus: 413},
		{name: "exactly the limit", method: http.MethodPost, body: deliveryTestEvent, contentLength: -1, opts: []sendook.WebhookOption{sendook.WithMaxWebhookBodyBytes(int64(len(deliveryTestEvent)))}, wantStatus: 200, wantCalled: true, wantEvent: sendook.EventMessageReceived},
		{name: "one byte over the limit", method: http.MethodPost, body: deliveryTestEvent, contentLength: -1, opts: []sendook.WebhookOption{sendook.WithMaxWebhookBodyBytes(int64(len(deliveryTestEvent)) - 1)}, wantStatus: 413},
		{name: "too large before the signature is checked", method: http.MethodPost, body: deliveryMessageReceived, opts: []sendook.WebhookOption{sendook.WithWebhookSecret(deliverySecret), sendook.WithMaxWebhookBodyBytes(64)}, wantStatus: 413},

		{name: "empty body", method: http.MethodPost, body: "", wantStatus: 400},
		{name: "not JSON", method: http.MethodPost, body: "event=message.received", wantStatus: 400},
		{name: "no event name", method: http.MethodPost, body: `{"payload":{"test":"test"}}`, wantStatus: 400},
		{name: "signed but not an event", method: http.MethodPost, body: `[]`, signature: signDelivery(deliverySecret, `[]`), opts: []sendook.WebhookOption{sendook.WithWebhookSecret(deliverySecret)}, wantStatus: 400},

		{name: "missing signature", method: http.MethodPost, body: deliveryMessageReceived, opts: []sendook.WebhookOption{sendook.WithWebhookSecret(deliverySecret)}, wantStatus: 401},
		{name: "wrong secret", method: http.MethodPost, body: deliveryMessageReceived, signature: signDelivery("whsec_other", deliveryMessageReceived), opts: []sendook.WebhookOption{sendook.WithWebhookSecret(deliverySecret)}, wantStatus: 401},
		{name: "truncated signature", method: http.MethodPost, body: deliveryMessageReceived, signature: signed[:40], opts: []sendook.WebhookOption{sendook.WithWebhookSecret(deliverySecret)}, wantStatus: 401},
		{name: "signature of another body", method: http.MethodPost, body: deliveryMessageReceived, signature: signDelivery(deliverySecret, deliveryTestEvent), opts: []sendook.WebhookOption{sendook.WithWebhookSecret(deliverySecret)}, wantStatus: 401},
		{name: "bad signature on a body that is not an event", method: http.MethodPost, body: `nonsense`, signature: "sha256=00", opts: []sendook.WebhookOption{sendook.WithWebhookSecret(deliverySecret)}, wantStatus: 401},

		{name: "function fails", method: http.MethodPost, body: deliveryMessageReceived, fn: func(c *webhookCall) sendook.WebhookHandlerFunc { return c.fn(failure) }, wantStatus: 500, wantCalled: true, wantEvent: sendook.EventMessageReceived},
		{
			name: "function fails with ErrTestEvent on a real message", method: http.MethodPost, body: deliveryMessageReceived,
			fn: func(c *webhookCall) sendook.WebhookHandlerFunc {
				return c.fn(fmt.Errorf("wrapped: %w", sendook.ErrTestEvent))
			},
			wantStatus: 500, wantCalled: true, wantEvent: sendook.EventMessageReceived,
		},
		{
			name: "test event given to a function that only reads messages", method: http.MethodPost, body: deliveryTestEvent,
			fn: func(c *webhookCall) sendook.WebhookHandlerFunc {
				inner := c.fn(nil)
				return func(ctx context.Context, event *sendook.WebhookEvent) error {
					_ = inner(ctx, event)
					_, err := event.Message()
					return err
				}
			},
			wantStatus: 200, wantCalled: true, wantEvent: sendook.EventMessageReceived,
		},
		{name: "test event, function fails otherwise", method: http.MethodPost, body: deliveryTestEvent, fn: func(c *webhookCall) sendook.WebhookHandlerFunc { return c.fn(failure) }, wantStatus: 500, wantCalled: true, wantEvent: sendook.EventMessageReceived},
		{name: "empty secret", method: http.MethodPost, body: deliveryMessageReceived, signature: signDelivery("", deliveryMessageReceived), opts: []sendook.WebhookOption{sendook.WithWebhookSecret("")}, wantStatus: 500},
		{name: "nil function", method: http.MethodPost, body: deliveryMessageReceived, fn: func(*webhookCall) sendook.WebhookHandlerFunc { return nil }, wantStatus: 500},
		{name: "nil option and non-positive limit", method: http.MethodPost, body: deliveryMessageReceived, opts: []sendook.WebhookOption{nil, sendook.WithMaxWebhookBodyBytes(0), sendook.WithMaxWebhookBodyBytes(-5)}, wantStatus: 200, wantCalled: true, wantEvent: sendook.EventMessageReceived},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var call webhookCall
			fn := call.fn(nil)
			if tt.fn != nil {
				fn = tt.fn(&call)
			}
			req := httptest.NewRequest(tt.method, "/hooks/sendook", strings.NewReader(tt.body))
			if tt.contentLength != 0 {
				req.ContentLength = tt.contentLength
			}
			req.Header.Set("Content-Type", "application/json")
			if tt.signature != "" {
				req.Header.Set(sendook.WebhookSignatureHeader, tt.signature)
			}
			rec := httptest.NewRecorder()
			sendook.NewWebhookHandler(fn, tt.opts...).ServeHTTP(rec, req)

			assert.Equal(t, tt.wantStatus, rec.Code)
			assert.Equal(t, "application/json", rec.Header().Get("Content-Type"))
			if tt.wantStatus == http.StatusOK {
				assert.JSONEq(t, `{"received":true}`, rec.Body.String())
			} else {
				var reply struct {
					Error string `json:"error"`
				}
				require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &reply), rec.Body.String())
				assert.NotEmpty(t, reply.Error)
				assert.NotContains(t, rec.Body.String(), "hunter2")
				assert.NotContains(t, rec.Body.String(), "sendook:")
			}
			if tt.wantStatus == http.StatusMethodNotAllowed {
				assert.Equal(t, http.MethodPost, rec.Header().Get("Allow"))
			}
			if !tt.wantCalled {
				assert.Zero(t, call.calls.Load(), "the function must not be called")
				return
			}
			require.EqualValues(t, 1, call.calls.Load())
			assert.Equal(t, tt.wantEvent, call.event.Event)
		})
	}
}

func TestWebhookHandlerHandsOverTheParsedEvent(t *testing.T) {
	var got *sendook.Message
	handler := sendook.NewWebhookHandler(func(_ context.Context, event *sendook.WebhookEvent) error {
		assert.Equal(t, deliveryInboxID, event.InboxID)
		assert.Equal(t, deliveryMessageID, event.MessageID)
		var err error
		got, err = event.Message()
		return err
	}, sendook.WithWebhookSecret(deliverySecret))
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(deliveryMessageReceived))
	// The server names the header in lower case.
	req.Header.Set("x-sendook-signature", signDelivery(deliverySecret, deliveryMessageReceived))
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	require.Equal(t, http.StatusOK, rec.Code, rec.Body.String())
	assert.Equal(t, &deliveryMessageModel, got)
}

type webhookCtxKey struct{}

func TestWebhookHandlerPassesTheRequestContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.WithValue(context.Background(), webhookCtxKey{}, "request-42"))
	var seen context.Context
	handler := sendook.NewWebhookHandler(func(ctx context.Context, _ *sendook.WebhookEvent) error {
		seen = ctx
		return nil
	})
	req := httptest.NewRequest(http.MethodPost, "/", strings.NewReader(deliveryTestEvent)).WithContext(ctx)
	handler.ServeHTTP(httptest.NewRecorder(), req)
	require.NotNil(t, seen)
	assert.Equal(t, "request-42", seen.Value(webhookCtxKey{}))
	assert.NoError(t, seen.Err())
	cancel()
	assert.ErrorIs(t, seen.Err(), context.Canceled, "the function's context must end with the request")
}

// endlessBody is a request body of n bytes that counts how many were read.
type endlessBody struct {
	left, read int64
}

func (b *endlessBody) Read(p []byte) (int, error) {
	if b.left == 0 {
		return 0, io.EOF
	}
	n := int64(len(p))
	n = min(n, b.left)
	for i := range p[:n] {
		p[i] = 'a'
	}
	b.left -= n
	b.read += n
	return int(n), nil
}

func TestWebhookHandlerStopsReadingAtTheLimit(t *testing.T) {
	const limit = 1 << 10
	body := &endlessBody{left: 64 << 20}
	req := httptest.NewRequest(http.MethodPost, "/", body)
	req.ContentLength = -1
	rec := httptest.NewRecorder()
	called := false
	sendook.NewWebhookHandler(func(context.Context, *sendook.WebhookEvent) error { called = true; return nil },
		sendook.WithMaxWebhookBodyBytes(limit)).ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.False(t, called)
	assert.LessOrEqual(t, body.read, int64(limit+1), "the handler read past the limit")
}

func TestWebhookHandlerDefaultLimitIs32MiB(t *testing.T) {
	handler := sendook.NewWebhookHandler(func(context.Context, *sendook.WebhookEvent) error { return nil })

	over := &endlessBody{left: 32<<20 + 1}
	req := httptest.NewRequest(http.MethodPost, "/", over)
	req.ContentLength = 32<<20 + 1
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	assert.Zero(t, over.read, "a declared length over the limit needs no reading")

	// Exactly 32 MiB is read whole and then refused as not an event, not
	// as too large.
	at := &endlessBody{left: 32 << 20}
	req = httptest.NewRequest(http.MethodPost, "/", at)
	req.ContentLength = -1
	rec = httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	assert.Equal(t, http.StatusBadRequest, rec.Code)
	assert.EqualValues(t, 32<<20, at.read)
}

// TestWebhookHandlerOverHTTP runs the handler behind a real server, as
// Sendook reaches it: one delivery accepted, one too large, one unsigned.
func TestWebhookHandlerOverHTTP(t *testing.T) {
	var received atomic.Int32
	mux := http.NewServeMux()
	mux.Handle("/hooks/sendook", sendook.NewWebhookHandler(func(_ context.Context, event *sendook.WebhookEvent) error {
		if _, err := event.Message(); err != nil {
			return err
		}
		received.Add(1)
		return nil
	}, sendook.WithWebhookSecret(deliverySecret), sendook.WithMaxWebhookBodyBytes(4<<10)))
	srv := httptest.NewServer(mux)
	defer srv.Close()

	post := func(body, signature string) *http.Response {
		t.Helper()
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/hooks/sendook", strings.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("User-Agent", "axios/1.7.2")
		if signature != "" {
			req.Header.Set("x-sendook-signature", signature)
		}
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		return resp
	}

	assert.Equal(t, http.StatusOK, post(deliveryMessageReceived, signDelivery(deliverySecret, deliveryMessageReceived)).StatusCode)
	assert.Equal(t, http.StatusOK, post(deliveryTestEvent, signDelivery(deliverySecret, deliveryTestEvent)).StatusCode)
	big := `{"event":"message.received","payload":{"text":"` + strings.Repeat("a", 8<<10) + `"}}`
	assert.Equal(t, http.StatusRequestEntityTooLarge, post(big, signDelivery(deliverySecret, big)).StatusCode)
	assert.Equal(t, http.StatusUnauthorized, post(deliveryMessageReceived, "").StatusCode)
	assert.EqualValues(t, 1, received.Load())
}

func ExampleNewWebhookHandler() {
	secret := "whsec_example" // in a real program, from the environment
	handler := sendook.NewWebhookHandler(func(ctx context.Context, event *sendook.WebhookEvent) error {
		if event.IsTest() {
			fmt.Println("test event")
			return nil
		}
		switch event.Event {
		case sendook.EventMessageReceived:
			msg, err := event.Message()
			if err != nil {
				return err
			}
			fmt.Printf("%s wrote %q to inbox %s\n", msg.From, msg.Subject, event.InboxID)
		case sendook.EventInboxCreated:
			inbox, err := event.Inbox()
			if err != nil {
				return err
			}
			fmt.Println("new inbox", inbox.Email)
		}
		return nil // a 200: Sendook does not deliver this event again
	}, sendook.WithWebhookSecret(secret))
	// A real program serves it:
	//	http.Handle("/hooks/sendook", handler)
	//	log.Fatal(http.ListenAndServe(":8080", nil))

	// Here, a delivery as Sendook signs and sends it.
	body := `{"event":"message.received","inboxId":"65f1c0e2a4b1c2d3e4f5a6b7","messageId":"65f1c0e2a4b1c2d3e4f5a6d2",` +
		`"payload":{"_id":"65f1c0e2a4b1c2d3e4f5a6d2","inboxId":"65f1c0e2a4b1c2d3e4f5a6b7","from":"ada@example.com",` +
		`"to":["support@sendook.com"],"subject":"Invoice","text":"See attached.","status":"received","__v":0}}`
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	req := httptest.NewRequest(http.MethodPost, "/hooks/sendook", bytes.NewReader([]byte(body)))
	req.Header.Set(sendook.WebhookSignatureHeader, "sha256="+hex.EncodeToString(mac.Sum(nil)))
	rec := httptest.NewRecorder()
	handler.ServeHTTP(rec, req)
	fmt.Println(rec.Code, rec.Body.String())
	// Output:
	// ada@example.com wrote "Invoice" to inbox 65f1c0e2a4b1c2d3e4f5a6b7
	// 200 {"received":true}
}
