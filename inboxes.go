package sendook

import (
	"context"
	"net/http"
	"time"
)

// InboxesService manages inboxes: the addresses an agent sends from and
// receives at.
type InboxesService service

// Inbox is an email address that can send and receive.
type Inbox struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organizationId,omitempty"`
	// DomainID is set for inboxes on a custom domain.
	DomainID  string    `json:"domainId,omitempty"`
	Name      string    `json:"name,omitempty"`
	Email     string    `json:"email"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// UnmarshalJSON decodes an inbox in either wire format ("id" or "_id").
func (i *Inbox) UnmarshalJSON(b []byte) error {
	return unmarshalVia(b, i, (*inboxWire).model)
}

// inboxWire is the wire form of Inbox (see decode.go).
type inboxWire struct {
	inboxFields
	mongoID
}

type inboxFields Inbox

func (w *inboxWire) model() Inbox {
	v := Inbox(w.inboxFields)
	v.ID = w.id(v.ID)
	return v
}

// CreateInboxParams are the parameters of [InboxesService.Create]. Both
// fields are optional.
type CreateInboxParams struct {
	// Name is the inbox's display name, e.g. "support".
	Name string `json:"name,omitempty"`
	// Email is the address to create, e.g. "support@agents.example.com"; its
	// domain must be the server's default domain (sendook.com) or a
	// verified custom domain. Without it the server makes one up from Name
	// on its default domain.
	Email string `json:"email,omitempty"`
}

// Create creates an inbox. params may be nil, for an inbox with a generated
// address.
//
// POST /v1/inboxes
func (s *InboxesService) Create(ctx context.Context, params *CreateInboxParams, opts ...RequestOption) (*Inbox, error) {
	if params == nil {
		// The server answers a create without a JSON body with a 500.
		params = &CreateInboxParams{}
	}
	return doOne(ctx, s.client, call{method: http.MethodPost, path: apiPath("inboxes"), body: params, kind: write, opts: opts}, (*inboxWire).model)
}

// List returns the organization's inboxes.
//
// GET /v1/inboxes
func (s *InboxesService) List(ctx context.Context, opts ...RequestOption) ([]Inbox, error) {
	return doList(ctx, s.client, call{method: http.MethodGet, path: apiPath("inboxes"), opts: opts}, (*inboxWire).model)
}

// Get returns one inbox.
//
// GET /v1/inboxes/{inboxId}
func (s *InboxesService) Get(ctx context.Context, inboxID string, opts ...RequestOption) (*Inbox, error) {
	if err := requireIDs("inboxID", inboxID); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodGet, path: apiPath("inboxes", inboxID), opts: opts}, (*inboxWire).model)
}

// Delete deletes an inbox with all its messages and returns it.
//
// A retried delete whose first attempt took effect, its answer lost,
// reports [ErrNotFound]: when a delete may have been retried, treat
// ErrNotFound as done.
//
// DELETE /v1/inboxes/{inboxId}
func (s *InboxesService) Delete(ctx context.Context, inboxID string, opts ...RequestOption) (*Inbox, error) {
	if err := requireIDs("inboxID", inboxID); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodDelete, path: apiPath("inboxes", inboxID), opts: opts}, (*inboxWire).model)
}
