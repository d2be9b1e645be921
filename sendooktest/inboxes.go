package sendooktest

import (
	"net/http"
	"strings"
	"unicode"

	sendook "github.com/sendook/sendook-go"
)

// inboxByEmail finds an inbox by address: exactly in the real dialect, as
// MongoDB compares strings, and case-insensitively in the documented one.
func (st *store) inboxByEmail(email string) *inbox { return st.inboxByKey[st.emailKey(email)] }

func (st *store) emailKey(email string) string {
	if st.dialect == DialectReal {
		return email
	}
	return strings.ToLower(email)
}

// generatedEmail makes up an address on the default domain from an inbox's
// name, as the real server does: "Support Team" gives
// support-team@sendook.com, and a random suffix once that is taken.
func (st *store) generatedEmail(name string) string {
	if name == "" {
		name = "inbox"
	}
	local := jsLocalPart(name)
	email := local + "@" + defaultEmailDomain
	for st.inboxByEmail(email) != nil {
		email = local + "-" + randomToken(10, "abcdefghijklmnopqrstuvwxyz0123456789") + "@" + defaultEmailDomain
	}
	return email
}

// jsLocalPart lowercases name as JavaScript does and replaces each UTF-16
// code unit that is not an ASCII letter or digit with '-', as the real
// server does: an emoji gives two, and 'İ' lowercases to "i" and a
// combining dot.
func jsLocalPart(name string) string {
	var b strings.Builder
	for _, r := range name {
		lower := []rune{unicode.ToLower(r)}
		if r == 'İ' {
			lower = []rune{'i', '\u0307'}
		}
		for _, l := range lower {
			switch {
			case 'a' <= l && l <= 'z', '0' <= l && l <= '9':
				b.WriteRune(l)
			case l > 0xFFFF:
				b.WriteString("--")
			default:
				b.WriteByte('-')
			}
		}
	}
	return b.String()
}

// createInbox stores a new inbox. email may be empty, for one made up from
// name; otherwise its domain must be the default one or a verified domain.
// The real server compares domains and addresses exactly.
func (st *store) createInbox(name, email string) (*inbox, *apiError) {
	var domainID string
	if email == "" {
		email = st.generatedEmail(name)
	} else if _, host, _ := strings.Cut(email, "@"); host != defaultEmailDomain && (st.dialect == DialectReal || !strings.EqualFold(host, defaultEmailDomain)) {
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
	st.inboxByKey[st.emailKey(email)] = in
	return in, nil
}

// deleteInbox deletes an inbox with its messages. The real server keeps
// its threads, which then list no messages; the documented one deletes
// them too.
func (st *store) deleteInbox(in *inbox) {
	id := in.id()
	st.inboxes.removeWhere(func(x *inbox) bool { return x == in })
	delete(st.inboxByKey, st.emailKey(in.Email))
	st.messages.removeWhere(func(m *message) bool { return m.InboxID == id })
	if st.dialect == DialectDocumented {
		st.threads.removeWhere(func(t *thread) bool { return t.InboxID == id })
	}
}

func (s *Server) createInbox(rq *request) {
	if !rq.requireBody() {
		return
	}
	vals, errs := rq.validate(
		rule{field: "name", optional: true, steps: []step{isString, trim, notEmpty}},
		rule{field: "email", optional: true, steps: []step{isEmailStep, trim}},
	)
	if errs != nil {
		rq.validationFailed(errs, map[string]string{
			"name": "name must be a non-empty string", "email": "email must be an email address",
		})
		return
	}
	name, email := vals["name"].str(), vals["email"].str()
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
