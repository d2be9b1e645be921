package sendook

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// APIKeysService manages the organization's API keys.
type APIKeysService service

// APIKey is a credential for the Sendook API.
//
// Key is the secret itself. It is shown in full only when the key is created
// (and, by the open-source server, when listed); store it then. Printing an
// APIKey with any fmt verb shows Key redacted; encoding/json still carries it.
type APIKey struct {
	ID             string     `json:"id"`
	Name           string     `json:"name"`
	Key            string     `json:"key,omitempty"`
	OrganizationID string     `json:"organizationId,omitempty"`
	Active         bool       `json:"active"`
	RevokedAt      *time.Time `json:"revokedAt,omitempty"`
	CreatedAt      time.Time  `json:"createdAt"`
	UpdatedAt      time.Time  `json:"updatedAt"`
}

// UnmarshalJSON decodes an API key in either wire format ("id" or "_id").
func (k *APIKey) UnmarshalJSON(b []byte) error {
	return unmarshalVia(b, k, (*apiKeyWire).model)
}

// apiKeyWire is the wire form of APIKey (see decode.go).
type apiKeyWire struct {
	apiKeyFields
	mongoID
}

type apiKeyFields APIKey

func (w *apiKeyWire) model() APIKey {
	v := APIKey(w.apiKeyFields)
	v.ID = w.id(v.ID)
	return v
}

// CreateAPIKeyParams are the parameters of [APIKeysService.Create].
type CreateAPIKeyParams struct {
	// Name describes the key, e.g. "Production integration". Required.
	Name string `json:"name"`
}

// Create creates an API key. The returned key's Key field holds the secret,
// which the API shows only this once.
//
// POST /v1/api_keys
func (s *APIKeysService) Create(ctx context.Context, params *CreateAPIKeyParams, opts ...RequestOption) (*APIKey, error) {
	if params == nil {
		return nil, invalid("params", "is required")
	}
	if strings.TrimSpace(params.Name) == "" {
		return nil, invalid("Name", "is required")
	}
	return doOne(ctx, s.client, call{method: http.MethodPost, path: apiPath("api_keys"), body: params, kind: write, opts: opts}, (*apiKeyWire).model)
}

// List returns the organization's API keys.
//
// GET /v1/api_keys
func (s *APIKeysService) List(ctx context.Context, opts ...RequestOption) ([]APIKey, error) {
	return doList(ctx, s.client, call{method: http.MethodGet, path: apiPath("api_keys"), opts: opts}, (*apiKeyWire).model)
}

// Get returns one API key. A key that does not exist is an error matching
// [ErrNotFound].
//
// GET /v1/api_keys/{apiKeyId}
func (s *APIKeysService) Get(ctx context.Context, apiKeyID string, opts ...RequestOption) (*APIKey, error) {
	if err := requireIDs("apiKeyID", apiKeyID); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodGet, path: apiPath("api_keys", apiKeyID), opts: opts}, (*apiKeyWire).model)
}

// Delete deletes an API key, which stops working at once, and returns it.
//
// A retried delete whose first attempt took effect, its answer lost,
// reports [ErrNotFound]: when a delete may have been retried, treat
// ErrNotFound as done.
//
// DELETE /v1/api_keys/{apiKeyId}
func (s *APIKeysService) Delete(ctx context.Context, apiKeyID string, opts ...RequestOption) (*APIKey, error) {
	if err := requireIDs("apiKeyID", apiKeyID); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodDelete, path: apiPath("api_keys", apiKeyID), opts: opts}, (*apiKeyWire).model)
}
