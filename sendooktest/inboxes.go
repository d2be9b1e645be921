package sendooktest

import (
	"net/http"
	"regexp"
	"strings"

	sendook "github.com/sendook/sendook-go"
)

// emailPattern is a plain address: a local part and a domain name.
var emailPattern = regexp.MustCompile(`^[^\s@<>()\[\],;:"]+@` + strings.TrimPrefix(domainNamePattern.String(), "^"))

// inboxByEmail finds an inbox by address: exactly in the real dialect, as
// MongoDB compares strings, and case-insensitively in the documented one.
func (st *store) inboxByEmail(email string) *inbox {
	if st.dialect == DialectReal {
		return st.inboxes.find(func(in *inbox) bool { return in.Email == email })
	}
	return st.inboxes.find(func(in *inbox) bool { return strings.EqualFold(in.Email, email) })
}

// generatedEmail makes up an address on the default domain from an inbox's
// name, as the real server does: "Support Team" gives
// support-team@sendook.com, and a random suffix once that is taken.
func (st *store) generatedEmail(name string) string {
	if name == "" {
		name = "inbox"
	}
	local := strings.Map(func(r rune) rune {
		if 'a' <= r && r <= 'z' || '0' <= r && r <= '9' {
			return r
		}
		return '-'
	}, strings.ToLower(name))
	email := local + "@" + defaultEmailDomain
	for st.inboxByEmail(email) != nil {
		email = local + "-" + randomToken(10, "abcdefghijklmnopqrstuvwxyz0123456789") + "@" + defaultEmailDomain
	}
	return email
}

// createInbox stores a new inbox. email may be empty, for one made up from
// name; otherwise its domain must be the default one or a verified domain.
func (st *store) createInbox(name, email string) (*inbox, *apiError) {
	var domainID string
	if email == "" {
		email = st.generatedEmail(name)
	} else if _, host, _ := strings.Cut(email, "@"); !strings.EqualFold(host, defaultEmailDomain) {
		d := st.domainByName(host)
		if d == nil || !d.Verified {
			return nil, &apiError{status: http.StatusNotFound, code: "invalid_domain", msg: "Invalid domain name"}
		}
		domainID = d.id()
	}
	if st.inboxByEmail(email) != nil {
		return nil, &apiError{status: http.StatusBadRequest, code: "already_exists", msg: "Inbox with this email already exists"}
	}
	id, stamps := st.newMeta("ibox")
	in := &inbox{ident: id, OrganizationID: st.orgID, DomainID: domainID, Name: name, Email: email, stamps: stamps}
	st.inboxes.put(in.id(), in)
	return in, nil
}

// deleteInbox deletes an inbox with its messages and threads.
func (st *store) deleteInbox(in *inbox) {
	id := in.id()
	st.inboxes.removeWhere(func(x *inbox) bool { return x == in })
	st.messages.removeWhere(func(m *message) bool { return m.InboxID == id })
	st.threads.removeWhere(func(t *thread) bool { return t.InboxID == id })
}

func (s *Server) createInbox(rq *request) {
	if !rq.requireBody() {
		return
	}
	var name, email string
	if f := rq.field("name"); f.present() {
		v, ok := f.str()
		if name = strings.TrimSpace(v); !ok || name == "" {
			rq.fail(invalid(f, "name must be a non-empty string"))
			return
		}
	}
	if f := rq.field("email"); f.present() {
		v, ok := f.str()
		if email = strings.TrimSpace(v); !ok || !emailPattern.MatchString(email) {
			rq.fail(invalid(f, "email must be an email address"))
			return
		}
	}
	var body []byte
	var in *inbox
	var fail *apiError
	s.lock(func(st *store) {
		if in, fail = st.createInbox(name, email); fail == nil {
			body = encode(in)
		}
	})
	if fail != nil {
		rq.fail(fail)
		return
	}
	rq.fire(event{name: sendook.EventInboxCreated, inboxID: in.id(), payload: body})
	rq.created(body)
}

func (s *Server) listInboxes(rq *request) {
	var body []byte
	s.lock(func(st *store) { body = s.encodeList(st.inboxes.all()) })
	rq.ok(body)
}

func (s *Server) getInbox(rq *request) {
	var body []byte
	s.lock(func(st *store) {
		if in := st.inboxes.get(rq.param("inboxId")); in != nil {
			body = encode(in)
		}
	})
	if body == nil {
		rq.fail(notFound("Inbox"))
		return
	}
	rq.ok(body)
}

func (s *Server) deleteInbox(rq *request) {
	var body []byte
	id := rq.param("inboxId")
	s.lock(func(st *store) {
		if in := st.inboxes.get(id); in != nil {
			st.deleteInbox(in)
			body = encode(in)
		}
	})
	if body == nil {
		rq.fail(notFound("Inbox"))
		return
	}
	rq.fire(event{name: sendook.EventInboxDeleted, inboxID: id, payload: body})
	rq.ok(body)
}
