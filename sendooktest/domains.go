package sendooktest

import (
	"fmt"
	"net/http"
	"regexp"
	"strings"
)

// domainNamePattern is what the real server accepts as a domain name.
var domainNamePattern = regexp.MustCompile(`^(?:[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?\.)+[a-zA-Z]{2,}$`)

// Documented statuses of a domain.
const (
	domainPending  = "pending_verification"
	domainVerified = "verified"
)

// dnsRecordsFor returns the records a domain needs, as the real server
// lists them: MX and SPF on the domain itself, DMARC, and three DKIM
// CNAMEs. Names are relative to the registered domain, so a subdomain
// gets "agents" where an apex gets "@".
func dnsRecordsFor(name string) []dnsRecord {
	host, dmarc := "@", "_dmarc"
	if labels := strings.Split(name, "."); len(labels) > 2 {
		host = strings.Join(labels[:len(labels)-2], ".")
		dmarc = "_dmarc." + host
	}
	records := []dnsRecord{
		{Type: "MX", Name: host, Value: "inbound-smtp.us-east-2.amazonaws.com", Status: "pending"},
		{Type: "TXT", Name: host, Value: "v=spf1 include:amazonses.com ~all", Status: "pending"},
		{Type: "TXT", Name: dmarc, Value: "v=DMARC1; p=reject;", Status: "pending"},
	}
	for range 3 {
		token := randomToken(32, "abcdefghijklmnopqrstuvwxyz0123456789")
		records = append(records, dnsRecord{Type: "CNAME", Name: token + "._domainkey." + name, Value: token + ".dkim.amazonses.com", Status: "pending"})
	}
	return records
}

// storedRecords are the records the real server stores with a new domain,
// whatever its name, in its order; the DKIM ones come from SES.
func storedRecords() []dnsRecord {
	return []dnsRecord{
		{Type: "MX", Name: "@", Value: "inbound-smtp.us-east-2.amazonaws.com", Status: "pending"},
		{Type: "TXT", Name: "_dmarc", Value: "v=DMARC1; p=reject;", Status: "pending"},
		{Type: "TXT", Name: "@", Value: "v=spf1 include:amazonses.com ~all", Status: "pending"},
	}
}

// domainByName finds a domain by name: exactly in the real dialect, as
// MongoDB compares, and case-insensitively in the documented one.
func (st *store) domainByName(name string) *domain {
	if st.dialect == DialectReal {
		return st.domains.find(func(d *domain) bool { return d.Name == name })
	}
	return st.domains.find(func(d *domain) bool { return strings.EqualFold(d.Name, name) })
}

// lookupDomain finds a domain as the routes address it: by name, and in
// the documented dialect by id too.
func (st *store) lookupDomain(key string) *domain {
	if d := st.domainByName(key); d != nil || st.dialect == DialectReal {
		return d
	}
	return st.domains.get(key)
}

// markVerified records that the domain's DNS records are in place.
func (st *store) markVerified(d *domain) {
	d.Verified = true
	if st.dialect == DialectDocumented {
		d.Status = domainVerified
	}
	for i := range d.Records {
		d.Records[i].Status = "verified"
	}
	for i := range d.dns {
		d.dns[i].Status = "verified"
	}
	st.touch(&d.stamps)
}

// VerifyDomain marks the domain with this name verified, as if its DNS
// records had been found in place: the verify endpoint then reports it
// verified, and inboxes can be created on it. It fails if there is no such
// domain.
func (s *Server) VerifyDomain(name string) error {
	var err error
	s.lock(func(st *store) {
		if d := st.domainByName(name); d != nil {
			st.markVerified(d)
		} else {
			err = fmt.Errorf("sendooktest: no domain is named %q", name)
		}
	})
	return err
}

func (s *Server) createDomain(rq *request) {
	vals, errs := rq.validate(rule{field: "name", steps: []step{
		isString, trim, notEmpty, matches(domainNamePattern, "Invalid domain name format"),
	}})
	if errs != nil {
		rq.validationFailed(errs, map[string]string{"name": "name must be a domain name, such as agents.example.com"})
		return
	}
	name := vals["name"].str()
	var body []byte
	var fail *apiError
	s.lock(func(st *store) {
		if st.domainByName(name) != nil {
			// A duplicate key error the real server does not handle.
			fail = &apiError{status: http.StatusBadRequest, code: "already_exists", msg: "Domain already exists", crashesReal: true}
			return
		}
		id, stamps := st.newMeta("dom")
		d := &domain{ident: id, OrganizationID: st.orgID, Name: name, dns: dnsRecordsFor(name), stamps: stamps}
		if st.dialect == DialectDocumented {
			d.Status = domainPending
			d.Records = append([]dnsRecord(nil), d.dns...)
		} else {
			d.Records = storedRecords()
		}
		st.domains.put(d.id(), d)
		body = encode(d)
	})
	if fail != nil {
		rq.fail(fail)
		return
	}
	rq.created(body)
}

func (s *Server) listDomains(rq *request) {
	var body []byte
	s.lock(func(st *store) { body = s.encodeList(st.domains.all()) })
	rq.ok(body)
}

// withDomain answers the request with what fn encodes of the domain it
// names, or with a 404.
func (s *Server) withDomain(rq *request, fn func(st *store, d *domain) []byte) {
	var body []byte
	s.lock(func(st *store) {
		if d := st.lookupDomain(rq.param("domainId")); d != nil {
			body = fn(st, d)
		}
	})
	if body == nil {
		rq.fail(notFound("Domain"))
		return
	}
	rq.ok(body)
}

func (s *Server) getDomain(rq *request) {
	s.withDomain(rq, func(_ *store, d *domain) []byte { return encode(d) })
}

// domainVerify reports the domain's state: what changes it is
// Server.VerifyDomain, standing in for the DNS checks.
func (s *Server) domainVerify(rq *request) {
	s.getDomain(rq)
}

func (s *Server) domainDNS(rq *request) {
	s.withDomain(rq, func(st *store, d *domain) []byte {
		records := append([]dnsRecord(nil), d.dns...)
		if st.dialect == DialectReal {
			// The real route lists the records without their status.
			for i := range records {
				records[i].Status = ""
			}
		}
		return s.encodeList(records)
	})
}

func (s *Server) deleteDomain(rq *request) {
	s.withDomain(rq, func(st *store, d *domain) []byte {
		st.domains.removeWhere(func(x *domain) bool { return x == d })
		return encode(d)
	})
}
