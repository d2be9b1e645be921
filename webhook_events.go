package sendook

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
	"strings"
)

// WebhookSignatureHeader is the request header that carries a delivery's
// signature, "sha256=<hex>", on Sendook servers that sign deliveries. Pass
// its value to [VerifyWebhookSignature].
const WebhookSignatureHeader = "X-Sendook-Signature"

// Errors about received webhooks, for use with [errors.Is].
var (
	// ErrInvalidWebhookEvent matches every error of [ParseWebhookEvent],
	// and the errors of [WebhookEvent.Message] and [WebhookEvent.Inbox] for
	// a payload that is missing, null or not the resource it should be.
	ErrInvalidWebhookEvent = errors.New("sendook: invalid webhook event")
	// ErrInvalidWebhookSignature matches the errors of
	// [VerifyWebhookSignature] for a signature that is missing, malformed
	// or does not match the body.
	ErrInvalidWebhookSignature = errors.New("sendook: invalid webhook signature")
	// ErrTestEvent is returned by [WebhookEvent.Message] and
	// [WebhookEvent.Inbox] for the server's test event, which carries no
	// resource; see [WebhookEvent.IsTest].
	ErrTestEvent = errors.New("sendook: webhook test event carries no resource")
)

// WebhookEvent is one event Sendook delivered to a webhook, as returned by
// [ParseWebhookEvent] and passed to a [WebhookHandlerFunc].
type WebhookEvent struct {
	// Event is the event's type, such as [EventMessageReceived]. Types
	// this package does not name yet are kept as sent.
	Event EventType
	// InboxID is the inbox the event concerns; empty when the delivery
	// named none, as for the test event.
	InboxID string
	// MessageID is the message the event concerns; empty when the
	// delivery named none, as for inbox events and the test event.
	MessageID string
	// Payload is the resource the event is about, as delivered: an inbox
	// for inbox.* events, a message for message.* events, in either wire
	// format. [WebhookEvent.Message] and [WebhookEvent.Inbox] decode it.
	Payload json.RawMessage
}

// ParseWebhookEvent decodes the body of a webhook delivery. It accepts what
// both the open-source and the hosted server send: the ids may be absent and
// the payload may use "_id" or "id". Event types this package does not know
// are returned as they are, so that a new kind of event cannot break a
// receiver.
//
// An empty body, one that is not a JSON object, malformed JSON, and an
// event with no "event" name give an error matching [ErrInvalidWebhookEvent].
// ParseWebhookEvent does not check the signature; see
// [VerifyWebhookSignature].
func ParseWebhookEvent(body []byte) (*WebhookEvent, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, fmt.Errorf("%w: empty body", ErrInvalidWebhookEvent)
	}
	if trimmed[0] != '{' {
		return nil, fmt.Errorf("%w: body is not a JSON object", ErrInvalidWebhookEvent)
	}
	// The scalar fields are decoded in a second step so that a wrongly
	// typed one gets an error naming the wire field rather than a Go type.
	var wire struct {
		Event     json.RawMessage `json:"event"`
		InboxID   json.RawMessage `json:"inboxId"`
		MessageID json.RawMessage `json:"messageId"`
		Payload   json.RawMessage `json:"payload"`
	}
	if err := json.Unmarshal(trimmed, &wire); err != nil {
		return nil, fmt.Errorf("%w: malformed JSON: %w", ErrInvalidWebhookEvent, err)
	}
	e := &WebhookEvent{Payload: wire.Payload}
	var event string
	for _, f := range []struct {
		name string
		raw  json.RawMessage
		dst  *string
	}{{"event", wire.Event, &event}, {"inboxId", wire.InboxID, &e.InboxID}, {"messageId", wire.MessageID, &e.MessageID}} {
		if len(f.raw) > 0 && json.Unmarshal(f.raw, f.dst) != nil {
			return nil, fmt.Errorf("%w: %q is not a string", ErrInvalidWebhookEvent, f.name)
		}
	}
	if strings.TrimSpace(event) == "" {
		return nil, fmt.Errorf("%w: no \"event\" name", ErrInvalidWebhookEvent)
	}
	e.Event = EventType(event)
	return e, nil
}

// Message decodes the payload of a message.* event into a [Message].
//
// It fails with [ErrTestEvent] for the server's test event, and with an
// error matching [ErrInvalidWebhookEvent] for an event of another kind
// (inbox.*, or one this package does not know) and for a payload that is
// missing, null or not a message.
func (e *WebhookEvent) Message() (*Message, error) {
	return decodePayload[Message](e, "message.", "a message")
}

// Inbox decodes the payload of an inbox.* event into an [Inbox].
//
// It fails with [ErrTestEvent] for the server's test event, and with an
// error matching [ErrInvalidWebhookEvent] for an event of another kind
// (message.*, or one this package does not know) and for a payload that is
// missing, null or not an inbox.
func (e *WebhookEvent) Inbox() (*Inbox, error) {
	return decodePayload[Inbox](e, "inbox.", "an inbox")
}

// decodePayload decodes e's payload as what, the resource that events whose
// names start with prefix carry.
func decodePayload[T any](e *WebhookEvent, prefix, what string) (*T, error) {
	if e.IsTest() {
		return nil, fmt.Errorf("%w (event %q)", ErrTestEvent, e.Event)
	}
	if !strings.HasPrefix(string(e.Event), prefix) {
		return nil, fmt.Errorf("%w: event %q does not carry %s", ErrInvalidWebhookEvent, e.Event, what)
	}
	payload := bytes.TrimSpace(e.Payload)
	if len(payload) == 0 || bytes.Equal(payload, []byte("null")) {
		return nil, fmt.Errorf("%w: event %q has no payload", ErrInvalidWebhookEvent, e.Event)
	}
	// Message also decodes a bare string, as an id; a payload must be the
	// whole document.
	if payload[0] != '{' {
		return nil, fmt.Errorf("%w: the payload of event %q is not a JSON object", ErrInvalidWebhookEvent, e.Event)
	}
	v := new(T)
	if err := json.Unmarshal(payload, v); err != nil {
		return nil, fmt.Errorf("%w: the payload of event %q is not %s: %w", ErrInvalidWebhookEvent, e.Event, what, err)
	}
	return v, nil
}

// IsTest reports whether e is the event the server sends when asked to test
// a webhook (see [WebhooksService.Test]): one whose payload is exactly
// {"test": "test"}, spacing aside. The server sends it as message.received,
// with no message behind it; a receiver should acknowledge it and do
// nothing else.
func (e *WebhookEvent) IsTest() bool {
	// Token by token, so that the first key of a real document, with its
	// attachments, ends the check without decoding the rest.
	dec := json.NewDecoder(bytes.NewReader(e.Payload))
	for _, want := range [...]json.Token{json.Delim('{'), "test", "test", json.Delim('}')} {
		if tok, err := dec.Token(); err != nil || tok != want {
			return false
		}
	}
	_, err := dec.Token()
	return err == io.EOF
}

// signaturePrefix names the algorithm in front of the hex digest.
const signaturePrefix = "sha256="

// VerifyWebhookSignature checks that signatureHeader, the value of the
// [WebhookSignatureHeader] header of a delivery, is the HMAC-SHA256 of body
// under secret, written "sha256=<hex>". body must be the raw request body,
// byte for byte, before any decoding.
//
// It returns nil when the signature matches. A missing, malformed or
// truncated header, and one that does not match, give an error matching
// [ErrInvalidWebhookSignature]. An empty secret is an error that does not
// match it: it is a configuration problem, not a bad request.
//
// Hex digits may be upper or lower case, and spaces around the value are
// ignored. The comparison takes the same time wherever the signatures
// differ.
func VerifyWebhookSignature(secret string, body []byte, signatureHeader string) error {
	if secret == "" {
		return errors.New("sendook: webhook secret is empty")
	}
	value := strings.TrimSpace(signatureHeader)
	if value == "" {
		return fmt.Errorf("%w: missing %s header", ErrInvalidWebhookSignature, WebhookSignatureHeader)
	}
	digest, ok := strings.CutPrefix(value, signaturePrefix)
	if !ok {
		return fmt.Errorf("%w: value does not start with %q", ErrInvalidWebhookSignature, signaturePrefix)
	}
	if len(digest) != hex.EncodedLen(sha256.Size) {
		return fmt.Errorf("%w: got %d hex digits, want %d", ErrInvalidWebhookSignature, len(digest), hex.EncodedLen(sha256.Size))
	}
	got, err := hex.DecodeString(digest)
	if err != nil {
		return fmt.Errorf("%w: digest is not hexadecimal", ErrInvalidWebhookSignature)
	}
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	if !hmac.Equal(got, mac.Sum(nil)) {
		return fmt.Errorf("%w: does not match the body", ErrInvalidWebhookSignature)
	}
	return nil
}

// WebhookHandlerFunc is called by the handler of [NewWebhookHandler] with
// each event that passed its checks. ctx is the request's context. A nil
// error acknowledges the event; any other makes the handler answer 500, so
// that the server may deliver the event again.
type WebhookHandlerFunc func(ctx context.Context, event *WebhookEvent) error

// WebhookOption configures the handler made by [NewWebhookHandler].
type WebhookOption func(*webhookHandler)

// defaultMaxWebhookBody bounds a delivery's body: a message.* event embeds
// the message with its base64 attachments, and the API takes 20 MB bodies.
const defaultMaxWebhookBody = 32 << 20

// WithWebhookSecret makes the handler require every delivery to be signed
// with secret (see [VerifyWebhookSignature]); unsigned and badly signed
// requests get a 401. Without this option signatures are not checked, as the
// open-source server sends none.
//
// An empty secret does not turn checking off: every delivery then gets a
// 500, so that a missing configuration value is noticed and no event is lost
// or accepted unchecked.
func WithWebhookSecret(secret string) WebhookOption {
	return func(h *webhookHandler) { h.secret, h.verify = secret, true }
}

// WithMaxWebhookBodyBytes sets the largest request body the handler reads,
// 32 MiB by default; a larger one gets a 413. n <= 0 keeps the default.
func WithMaxWebhookBodyBytes(n int64) WebhookOption {
	return func(h *webhookHandler) {
		if n > 0 {
			h.maxBytes = n
		}
	}
}

// NewWebhookHandler returns an http.Handler that receives Sendook's webhook
// deliveries and calls fn with each event:
//
//	http.Handle("/hooks/sendook", sendook.NewWebhookHandler(fn, sendook.WithWebhookSecret(secret)))
//
// It answers
//   - 405 to a method other than POST;
//   - 413 to a body larger than the limit (see [WithMaxWebhookBodyBytes]);
//   - 401 when a secret is set and the signature is missing or wrong;
//   - 400 to a body that is not an event (see [ParseWebhookEvent]);
//   - 500 when fn returns an error, without its text, so that the server
//     may retry, and when the handler is misconfigured (a nil fn, an empty
//     secret);
//   - 200 and {"received":true} otherwise.
//
// Error answers carry a short {"error": "..."} body, which the server keeps
// with the delivery attempt.
//
// fn is called only for a request that passed every check, with the
// request's context. It also receives the server's test event (see
// [WebhookEvent.IsTest]). An error matching [ErrTestEvent] returned for the
// test event is acknowledged like success, so that a function that simply
// calls [WebhookEvent.Message] passes the server's test.
//
// A nil fn makes the handler answer 500 to every delivery, as there is
// nothing to hand the events to and the server should keep them.
func NewWebhookHandler(fn WebhookHandlerFunc, opts ...WebhookOption) http.Handler {
	h := &webhookHandler{fn: fn, maxBytes: defaultMaxWebhookBody}
	for _, opt := range opts {
		if opt != nil {
			opt(h)
		}
	}
	return h
}

type webhookHandler struct {
	fn       WebhookHandlerFunc
	secret   string
	verify   bool
	maxBytes int64
}

func (h *webhookHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		writeWebhookReply(w, http.StatusMethodNotAllowed, "method not allowed")
		return
	}
	if h.fn == nil {
		writeWebhookReply(w, http.StatusInternalServerError, "webhook handler has no function")
		return
	}
	// A declared length over the limit is refused before reading anything.
	if r.ContentLength > h.maxBytes {
		writeWebhookReply(w, http.StatusRequestEntityTooLarge, "request body too large")
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBytes))
	if err != nil {
		var tooLarge *http.MaxBytesError
		if errors.As(err, &tooLarge) {
			writeWebhookReply(w, http.StatusRequestEntityTooLarge, "request body too large")
		} else {
			writeWebhookReply(w, http.StatusBadRequest, "could not read request body")
		}
		return
	}
	if h.verify {
		// Checked before parsing, so that nothing of an unauthenticated
		// body is decoded.
		if err := VerifyWebhookSignature(h.secret, body, r.Header.Get(WebhookSignatureHeader)); err != nil {
			if errors.Is(err, ErrInvalidWebhookSignature) {
				writeWebhookReply(w, http.StatusUnauthorized, "invalid signature")
			} else {
				writeWebhookReply(w, http.StatusInternalServerError, "webhook secret is not configured")
			}
			return
		}
	}
	event, err := ParseWebhookEvent(body)
	if err != nil {
		writeWebhookReply(w, http.StatusBadRequest, "invalid webhook event")
		return
	}
	err = h.fn(r.Context(), event)
	if err != nil && event.IsTest() && errors.Is(err, ErrTestEvent) {
		err = nil
	}
	if err != nil {
		// The error may hold anything of the receiver's; it is not sent.
		writeWebhookReply(w, http.StatusInternalServerError, "event not processed")
		return
	}
	writeWebhookReply(w, http.StatusOK, "")
}

// writeWebhookReply answers with a small JSON body, which the server
// records with the delivery attempt: {"received":true} for a 200,
// {"error": problem} otherwise.
func writeWebhookReply(w http.ResponseWriter, status int, problem string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	if status == http.StatusOK {
		io.WriteString(w, `{"received":true}`)
		return
	}
	b, _ := json.Marshal(struct {
		Error string `json:"error"`
	}{problem})
	w.Write(b)
}
