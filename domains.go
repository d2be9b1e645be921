package sendook

import (
	"context"
	"net/http"
	"strings"
	"time"
)

// DomainsService manages custom sending domains.
//
// Methods take the domain as the server addresses it: the open-source
// server by its name ("agents.example.com", case-sensitive), the documented
// API by its id. The string is passed through as it is, so either works
// where the server accepts it.
type DomainsService service

// Domain is a custom domain that inboxes can send from once it is verified.
type Domain struct {
	ID             string      `json:"id"`
	OrganizationID string      `json:"organizationId,omitempty"`
	Name           string      `json:"name"`
	Status         string      `json:"status,omitempty"`
	Verified       bool        `json:"verified"`
	Records        []DNSRecord `json:"records,omitempty"`
	CreatedAt      time.Time   `json:"createdAt"`
	UpdatedAt      time.Time   `json:"updatedAt"`
}

// UnmarshalJSON decodes a domain in either wire format ("id" or "_id").
func (d *Domain) UnmarshalJSON(b []byte) error {
	return unmarshalVia(b, d, (*domainWire).model)
}

// domainWire is the wire form of Domain (see decode.go).
type domainWire struct {
	domainFields
	mongoID
}

type domainFields Domain

func (w *domainWire) model() Domain {
	v := Domain(w.domainFields)
	v.ID = w.id(v.ID)
	return v
}

// DNSRecord is a DNS record to configure for a domain.
type DNSRecord struct {
	// Type is "MX", "TXT" or "CNAME".
	Type  string `json:"type"`
	Name  string `json:"name"`
	Value string `json:"value"`
	// Status is "pending" or "verified" when the server reports it.
	Status string `json:"status,omitempty"`
}

// CreateDomainParams are the parameters of [DomainsService.Create].
type CreateDomainParams struct {
	// Name is the fully qualified domain name, without a scheme, e.g.
	// "agents.example.com". Required.
	Name string `json:"name"`
}

// Create adds a custom domain. It starts unverified; configure the records
// from [DomainsService.DNSRecords], then call [DomainsService.Verify].
//
// POST /v1/domains
func (s *DomainsService) Create(ctx context.Context, params *CreateDomainParams, opts ...RequestOption) (*Domain, error) {
	if params == nil {
		return nil, invalid("params", "is required")
	}
	if strings.TrimSpace(params.Name) == "" {
		return nil, invalid("Name", "is required")
	}
	return doOne(ctx, s.client, call{method: http.MethodPost, path: apiPath("domains"), body: params, kind: write, opts: opts}, (*domainWire).model)
}

// List returns the organization's domains.
//
// GET /v1/domains
func (s *DomainsService) List(ctx context.Context, opts ...RequestOption) ([]Domain, error) {
	return doList(ctx, s.client, call{method: http.MethodGet, path: apiPath("domains"), opts: opts}, (*domainWire).model)
}

// Get returns one domain. domain is its name on the open-source server, its
// name or id on the documented API.
//
// GET /v1/domains/{domainId}
func (s *DomainsService) Get(ctx context.Context, domain string, opts ...RequestOption) (*Domain, error) {
	if err := requireIDs("domain", domain); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodGet, path: apiPath("domains", domain), opts: opts}, (*domainWire).model)
}

// Delete removes a domain and returns it. domain is its name on the
// open-source server, its name or id on the documented API.
//
// A retried delete whose first attempt took effect, its answer lost,
// reports [ErrNotFound]: when a delete may have been retried, treat
// ErrNotFound as done.
//
// DELETE /v1/domains/{domainId}
func (s *DomainsService) Delete(ctx context.Context, domain string, opts ...RequestOption) (*Domain, error) {
	if err := requireIDs("domain", domain); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodDelete, path: apiPath("domains", domain), opts: opts}, (*domainWire).model)
}

// Verify asks the server to check the domain's DNS records now and returns
// the domain with its Verified flag and record statuses brought up to date.
// domain is its name on the open-source server, its name or id on the
// documented API.
//
// Verify changes nothing but the domain's status, so it is retried like a
// read, and carries an Idempotency-Key header, the same on every attempt.
//
// POST /v1/domains/{domainId}/verify
func (s *DomainsService) Verify(ctx context.Context, domain string, opts ...RequestOption) (*Domain, error) {
	if err := requireIDs("domain", domain); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodPost, path: apiPath("domains", domain, "verify"), kind: safePost, opts: opts}, (*domainWire).model)
}

// DNSRecords returns the DNS records to configure for the domain: MX, SPF and
// DMARC TXT records, and DKIM CNAMEs. domain is its name on the open-source
// server, its name or id on the documented API.
//
// GET /v1/domains/{domainId}/dns
func (s *DomainsService) DNSRecords(ctx context.Context, domain string, opts ...RequestOption) ([]DNSRecord, error) {
	if err := requireIDs("domain", domain); err != nil {
		return nil, err
	}
	return doList(ctx, s.client, call{method: http.MethodGet, path: apiPath("domains", domain, "dns"), opts: opts}, same[DNSRecord])
}
