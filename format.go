package sendook

import (
	"fmt"
	"io"
	"log/slog"
	"strconv"
	"time"
)

// How the types that can reach a secret print.
//
// fmt and log/slog walk a value by reflection unless it has methods of its
// own, and reflection shows unexported fields: the client behind a
// service, an APIKey's Key, a webhook handler's secret. Each such type
// therefore has a Format method, which every fmt verb goes through, and a
// LogValue method, which slog's handlers use, and both show the value with
// its secret as [REDACTED].
//
// Client, its services and the webhook handler are used through pointers
// only, so all their methods, these included, have pointer receivers. An
// APIKey is a plain value, passed and listed as one, so its methods that
// show it have value receivers: a key prints redacted whether it is given
// as a value or a pointer.

// formatText writes text as fmt writes a string under the same verb and
// flags: %v and %s show it, %q quotes it, %x and %X give its hex. %#v
// writes goText instead. Any other verb is reported as fmt reports a verb
// that does not apply, with text as the value: %!d(sendook.APIKey=...).
func formatText(f fmt.State, verb rune, typeName, text, goText string) {
	switch verb {
	case 'v':
		if f.Flag('#') {
			io.WriteString(f, goText)
			return
		}
		fmt.Fprintf(f, fmt.FormatString(f, verb), text)
	case 's', 'q', 'x', 'X':
		fmt.Fprintf(f, fmt.FormatString(f, verb), text)
	default:
		fmt.Fprintf(f, "%%!%c(%s=%s)", verb, typeName, text)
	}
}

// String describes the client: its normalised base URL, and the API key as
// [REDACTED].
func (c *Client) String() string {
	if c == nil {
		return "<nil>"
	}
	return "sendook.Client{baseURL: " + c.displayBaseURL() + ", apiKey: " + redactedText + "}"
}

// GoString is String in Go syntax, for %#v.
func (c *Client) GoString() string {
	if c == nil {
		return "(*sendook.Client)(nil)"
	}
	return "&sendook.Client{baseURL:" + c.displayBaseURL() + ", apiKey:" + strconv.Quote(redactedText) + "}"
}

// Format implements [fmt.Formatter] so that no verb can show the API key.
func (c *Client) Format(f fmt.State, verb rune) {
	formatText(f, verb, "*sendook.Client", c.String(), c.GoString())
}

// LogValue implements [slog.LogValuer]: the base URL, and the API key as
// [REDACTED].
func (c *Client) LogValue() slog.Value {
	if c == nil {
		return slog.AnyValue(nil)
	}
	return slog.GroupValue(slog.String("baseURL", c.baseURL), slog.String("apiKey", redactedText))
}

// displayBaseURL quotes the base URL requests go to, or says that the one
// given is not valid (which the first call reports in full).
func (c *Client) displayBaseURL() string {
	if c.baseURL == "" {
		return "(invalid)"
	}
	return strconv.Quote(c.baseURL)
}

// serviceString describes a service by its client.
func serviceString(name string, c *Client) string {
	if c == nil {
		return "sendook." + name + "{}"
	}
	return "sendook." + name + "{baseURL: " + c.displayBaseURL() + "}"
}

func serviceLogValue(c *Client) slog.Value {
	if c == nil {
		return slog.GroupValue()
	}
	return slog.GroupValue(slog.String("baseURL", c.baseURL))
}

// String names the service and the base URL its client calls.
func (s *APIKeysService) String() string { return serviceString("APIKeysService", s.client) }

// Format implements [fmt.Formatter]: every verb shows [APIKeysService.String].
func (s *APIKeysService) Format(f fmt.State, verb rune) {
	formatText(f, verb, "*sendook.APIKeysService", s.String(), "&"+s.String())
}

// LogValue implements [slog.LogValuer]: the base URL its client calls.
func (s *APIKeysService) LogValue() slog.Value { return serviceLogValue(s.client) }

// String names the service and the base URL its client calls.
func (s *DomainsService) String() string { return serviceString("DomainsService", s.client) }

// Format implements [fmt.Formatter]: every verb shows [DomainsService.String].
func (s *DomainsService) Format(f fmt.State, verb rune) {
	formatText(f, verb, "*sendook.DomainsService", s.String(), "&"+s.String())
}

// LogValue implements [slog.LogValuer]: the base URL its client calls.
func (s *DomainsService) LogValue() slog.Value { return serviceLogValue(s.client) }

// String names the service and the base URL its client calls.
func (s *InboxesService) String() string { return serviceString("InboxesService", s.client) }

// Format implements [fmt.Formatter]: every verb shows [InboxesService.String].
func (s *InboxesService) Format(f fmt.State, verb rune) {
	formatText(f, verb, "*sendook.InboxesService", s.String(), "&"+s.String())
}

// LogValue implements [slog.LogValuer]: the base URL its client calls.
func (s *InboxesService) LogValue() slog.Value { return serviceLogValue(s.client) }

// String names the service and the base URL its client calls.
func (s *MessagesService) String() string { return serviceString("MessagesService", s.client) }

// Format implements [fmt.Formatter]: every verb shows [MessagesService.String].
func (s *MessagesService) Format(f fmt.State, verb rune) {
	formatText(f, verb, "*sendook.MessagesService", s.String(), "&"+s.String())
}

// LogValue implements [slog.LogValuer]: the base URL its client calls.
func (s *MessagesService) LogValue() slog.Value { return serviceLogValue(s.client) }

// String names the service and the base URL its client calls.
func (s *ThreadsService) String() string { return serviceString("ThreadsService", s.client) }

// Format implements [fmt.Formatter]: every verb shows [ThreadsService.String].
func (s *ThreadsService) Format(f fmt.State, verb rune) {
	formatText(f, verb, "*sendook.ThreadsService", s.String(), "&"+s.String())
}

// LogValue implements [slog.LogValuer]: the base URL its client calls.
func (s *ThreadsService) LogValue() slog.Value { return serviceLogValue(s.client) }

// String names the service and the base URL its client calls.
func (s *WebhooksService) String() string { return serviceString("WebhooksService", s.client) }

// Format implements [fmt.Formatter]: every verb shows [WebhooksService.String].
func (s *WebhooksService) Format(f fmt.State, verb rune) {
	formatText(f, verb, "*sendook.WebhooksService", s.String(), "&"+s.String())
}

// LogValue implements [slog.LogValuer]: the base URL its client calls.
func (s *WebhooksService) LogValue() slog.Value { return serviceLogValue(s.client) }

// apiKeyView is an APIKey as it is shown: Key redacted, RevokedAt as a
// time rather than a pointer.
type apiKeyView struct {
	ID             string
	Name           string
	Key            string
	OrganizationID string
	Active         bool
	RevokedAt      any
	CreatedAt      time.Time
	UpdatedAt      time.Time
}

func (k APIKey) view() apiKeyView {
	v := apiKeyView{ID: k.ID, Name: k.Name, Key: k.Key, OrganizationID: k.OrganizationID,
		Active: k.Active, CreatedAt: k.CreatedAt, UpdatedAt: k.UpdatedAt}
	if v.Key != "" {
		v.Key = redactedText
	}
	if k.RevokedAt != nil {
		v.RevokedAt = *k.RevokedAt
	}
	return v
}

// String returns the key's fields, named, with the secret Key redacted.
func (k APIKey) String() string { return fmt.Sprintf("%+v", k.view()) }

// GoString returns a Go-syntax representation with the secret Key redacted.
func (k APIKey) GoString() string {
	type APIKey apiKeyView // named so, %#v prints sendook.APIKey{...}
	return fmt.Sprintf("%#v", APIKey(k.view()))
}

// Format implements [fmt.Formatter] so that no verb can show the secret
// Key: %v, %+v and %s show [APIKey.String], %#v [APIKey.GoString].
func (k APIKey) Format(f fmt.State, verb rune) {
	formatText(f, verb, "sendook.APIKey", k.String(), k.GoString())
}

// LogValue implements [slog.LogValuer]: the key's fields with the secret
// Key redacted.
//
// A handler applies LogValue only to the value logged itself: log a
// []APIKey one key at a time, because slog's JSON handler encodes a slice
// with encoding/json, which carries the secret.
func (k APIKey) LogValue() slog.Value {
	v := k.view()
	attrs := []slog.Attr{
		slog.String("id", v.ID), slog.String("name", v.Name), slog.String("key", v.Key),
		slog.String("organizationId", v.OrganizationID), slog.Bool("active", v.Active),
	}
	if k.RevokedAt != nil {
		attrs = append(attrs, slog.Time("revokedAt", *k.RevokedAt))
	}
	attrs = append(attrs, slog.Time("createdAt", v.CreatedAt), slog.Time("updatedAt", v.UpdatedAt))
	return slog.GroupValue(attrs...)
}

// String describes the handler without its secret.
func (h *webhookHandler) String() string {
	secret := "none"
	if h.verify {
		secret = redactedText
	}
	return "sendook.webhookHandler{secret: " + secret + ", maxBytes: " + strconv.FormatInt(h.maxBytes, 10) + "}"
}

// Format shows String under every verb, so that no verb shows the secret.
func (h *webhookHandler) Format(f fmt.State, verb rune) {
	formatText(f, verb, "*sendook.webhookHandler", h.String(), "&"+h.String())
}

// LogValue shows the handler to slog without its secret.
func (h *webhookHandler) LogValue() slog.Value {
	return slog.StringValue(h.String())
}

// Compile-time checks that the types above show what they mean to.
var (
	_ fmt.Formatter  = (*Client)(nil)
	_ slog.LogValuer = (*Client)(nil)
	_ fmt.Formatter  = APIKey{}
	_ slog.LogValuer = APIKey{}
	_ fmt.Formatter  = (*webhookHandler)(nil)
)
