package sendooktest

import (
	"encoding/json"
	"time"
)

// The types below are the resources as stored and as sent. Each is created
// in the server's dialect (see store.newMeta), so encoding one gives that
// dialect's shape directly: either "_id" ... "__v" or "id".

// stamp is a time sent as ISO 8601 UTC with milliseconds, as the real
// server's JavaScript Dates are.
type stamp time.Time

// MarshalJSON writes "2006-01-02T15:04:05.000Z".
func (t stamp) MarshalJSON() ([]byte, error) {
	return []byte(`"` + time.Time(t).UTC().Format("2006-01-02T15:04:05.000Z") + `"`), nil
}

// ident is the identity every resource starts with: "_id" in the real
// dialect, "id" in the documented one.
type ident struct {
	MongoID string `json:"_id,omitempty"`
	ID      string `json:"id,omitempty"`
}

func (i ident) id() string {
	if i.ID != "" {
		return i.ID
	}
	return i.MongoID
}

// stamps ends every resource: its timestamps and, in the real dialect,
// mongoose's version key.
type stamps struct {
	CreatedAt stamp `json:"createdAt"`
	UpdatedAt stamp `json:"updatedAt"`
	Version   *int  `json:"__v,omitempty"`
}

// jsonNull is how the documented dialect writes a nullable field with no
// value.
var jsonNull = json.RawMessage("null")

type apiKey struct {
	ident
	Name string `json:"name"`
	// Key is the secret: always shown in the real dialect, and only in
	// the answer to a create in the documented one.
	Key            string          `json:"key,omitempty"`
	OrganizationID string          `json:"organizationId"`
	Active         *bool           `json:"active,omitempty"`    // real
	RevokedAt      json.RawMessage `json:"revokedAt,omitempty"` // documented: null
	stamps
	secret string
}

type domain struct {
	ident
	OrganizationID string      `json:"organizationId"`
	Name           string      `json:"name"`
	Verified       bool        `json:"verified"`
	Status         string      `json:"status,omitempty"` // documented
	Records        []dnsRecord `json:"records"`
	stamps
	// dns is what the dns route lists: the records with the DKIM ones.
	dns []dnsRecord
}

type dnsRecord struct {
	Type   string `json:"type"`
	Name   string `json:"name"`
	Value  string `json:"value"`
	Status string `json:"status,omitempty"`
}

type inbox struct {
	ident
	OrganizationID string `json:"organizationId"`
	DomainID       string `json:"domainId,omitempty"`
	Name           string `json:"name,omitempty"`
	Email          string `json:"email"`
	stamps
}

type message struct {
	ident
	OrganizationID    string       `json:"organizationId"`
	InboxID           string       `json:"inboxId"`
	ThreadID          string       `json:"threadId"`
	FromInboxID       string       `json:"fromInboxId,omitempty"`
	From              string       `json:"from"`
	ToInboxID         string       `json:"toInboxId,omitempty"`
	ExternalMessageID string       `json:"externalMessageId,omitempty"`
	To                []string     `json:"to"`
	CC                []string     `json:"cc"`
	BCC               []string     `json:"bcc"`
	Labels            []string     `json:"labels"`
	Subject           string       `json:"subject"`
	Text              string       `json:"text"`
	HTML              string       `json:"html"`
	Attachments       []attachment `json:"attachments"`
	Status            string       `json:"status,omitempty"`
	stamps
}

type attachment struct {
	Content     string `json:"content"`
	Name        string `json:"name,omitempty"`
	ContentType string `json:"contentType,omitempty"`
	// MongoID is set in the real dialect, where each array element is a
	// subdocument with its own id.
	MongoID string `json:"_id,omitempty"`
}

type thread struct {
	ident
	OrganizationID string `json:"organizationId"`
	InboxID        string `json:"inboxId"`
	Subject        string `json:"subject,omitempty"` // documented
	// Messages is filled when the thread is sent: ids or whole messages
	// (see store.renderThread).
	Messages any `json:"messages"`
	stamps
	messageIDs []string
}

type webhook struct {
	ident
	OrganizationID string   `json:"organizationId"`
	URL            string   `json:"url"`
	Events         []string `json:"events"`
	stamps
}

type attempt struct {
	ident
	WebhookID      string          `json:"webhookId"`
	OrganizationID string          `json:"organizationId"`
	InboxID        string          `json:"inboxId,omitempty"`
	MessageID      string          `json:"messageId,omitempty"`
	Timestamp      stamp           `json:"timestamp"`
	Payload        json.RawMessage `json:"payload"`
	Status         int             `json:"status"`
	Error          json.RawMessage `json:"error,omitempty"`
	Response       json.RawMessage `json:"response,omitempty"`
	stamps
}
