package sendooktest

import (
	"net/http"
	"regexp"
	"slices"
	"strings"

	sendook "github.com/sendook/sendook-go"
)

// newThread starts a thread in an inbox.
func (st *store) newThread(inboxID, subject string) *thread {
	id, stamps := st.newMeta("thr")
	t := &thread{ident: id, OrganizationID: st.orgID, InboxID: inboxID, stamps: stamps}
	if st.dialect == DialectDocumented {
		t.Subject = subject
	}
	st.threads.put(t.id(), t)
	return t
}

// addMessage gives m its identity and stores it at the end of thread t.
func (st *store) addMessage(m *message, t *thread) *message {
	m.ident, m.stamps = st.newMeta("msg")
	m.OrganizationID = st.orgID
	m.ThreadID = t.id()
	// Mongoose stores absent arrays as empty ones.
	for _, list := range []*[]string{&m.To, &m.CC, &m.BCC, &m.Labels} {
		if *list == nil {
			*list = []string{}
		}
	}
	if m.Attachments == nil {
		m.Attachments = []attachment{}
	}
	for i := range m.Attachments {
		m.Attachments[i].MongoID = ""
		if st.dialect == DialectReal {
			m.Attachments[i].MongoID = st.ids.objectID(st.now())
		}
	}
	st.messages.put(m.id(), m)
	t.messageIDs = append(t.messageIDs, m.id())
	st.touch(&t.stamps)
	if t.Version != nil {
		// Mongoose counts each change to the thread's array.
		*t.Version++
	}
	return m
}

// sendFrom stores m as sent by inbox in and records it as sent.
func (st *store) sendFrom(in *inbox, m *message, t *thread) *message {
	m.InboxID, m.FromInboxID, m.From = in.id(), in.id(), in.Email
	m.Status = string(sendook.MessageStatusSent)
	// What the mail provider would have called it.
	m.ExternalMessageID = randomHex(8) + "-" + randomHex(4) + "-" + randomHex(2) + "-" + randomHex(2) + "-" + randomHex(2) + "-" + randomHex(6) + "-000000"
	st.addMessage(m, t)
	st.sent = append(st.sent, m)
	return m
}

// sendInput is the body of a send, once validated.
type sendInput struct {
	to, cc, bcc, labels []string
	subject, text, html string
	attachments         []attachment
}

// parseSend validates the body of a send. The real server validates
// nothing: its model requires to, subject, text and html, non-empty, and
// any failure to store the message is an unhandled error there.
func parseSend(rq *request) (sendInput, *apiError) {
	in, bad := parseSendFields(rq)
	if bad == nil && rq.s.dialect == DialectReal && (in.subject == "" || in.text == "" || in.html == "") {
		bad = invalid(rq.field("subject"), "subject, text and html are required")
	}
	if bad != nil && rq.s.dialect == DialectReal {
		bad.crashesReal = true
	}
	return in, bad
}

func parseSendFields(rq *request) (sendInput, *apiError) {
	var in sendInput
	blank := func(s string) bool { return strings.TrimSpace(s) == "" }
	if f := rq.field("to"); !f.decode(&in.to) || len(in.to) == 0 || slices.ContainsFunc(in.to, blank) {
		return in, invalid(f, "to must list at least one address")
	}
	for _, l := range []struct {
		name string
		dst  *[]string
	}{{"cc", &in.cc}, {"bcc", &in.bcc}, {"labels", &in.labels}} {
		if f := rq.field(l.name); !f.decode(l.dst) || slices.ContainsFunc(*l.dst, blank) {
			return in, invalid(f, l.name+" must be an array of non-empty strings")
		}
	}
	for _, s := range []struct {
		name string
		dst  *string
	}{{"subject", &in.subject}, {"text", &in.text}, {"html", &in.html}} {
		if f := rq.field(s.name); f.present() {
			v, ok := f.str()
			if !ok {
				return in, invalid(f, s.name+" must be a string")
			}
			*s.dst = v
		}
	}
	if f := rq.field("attachments"); !f.decode(&in.attachments) || slices.ContainsFunc(in.attachments, func(a attachment) bool { return a.Content == "" }) {
		return in, invalid(f, "attachments must be objects with a base64 content")
	}
	return in, nil
}

// parseReply validates the body of a reply: in the real dialect both text
// and html are required, and a failure is a 500, as for a send.
func parseReply(rq *request) (text, html string, bad *apiError) {
	for _, s := range []struct {
		name string
		dst  *string
	}{{"text", &text}, {"html", &html}} {
		if f := rq.field(s.name); f.present() {
			v, ok := f.str()
			if !ok {
				bad = invalid(f, s.name+" must be a string")
				break
			}
			*s.dst = v
		}
	}
	real := rq.s.dialect == DialectReal
	switch {
	case bad != nil:
	case real && (text == "" || html == ""):
		bad = invalid(rq.field("html"), "text and html are required")
	case text == "" && html == "":
		bad = invalid(rq.field("text"), "text or html is required")
	}
	if bad != nil && real {
		bad.crashesReal = true
	}
	return text, html, bad
}

// messageSent answers a send or a reply and tells webhooks. The real
// server names no inbox in the delivery of a message.sent event.
func (s *Server) messageSent(rq *request, m *message, body []byte) {
	ev := event{name: sendook.EventMessageSent, messageID: m.id(), payload: body}
	if s.dialect == DialectDocumented {
		ev.inboxID = m.InboxID
	}
	rq.fire(ev)
	rq.accepted(body)
}

// sendMessage sends a new message, which starts a new thread.
func (s *Server) sendMessage(rq *request) {
	if !rq.requireBody() {
		return
	}
	input, bad := parseSend(rq)
	var m *message
	var body []byte
	s.lock(func(st *store) {
		in := st.inboxes.get(rq.param("inboxId"))
		if in == nil {
			bad = notFound("Inbox")
			return
		}
		if bad != nil {
			return
		}
		t := st.newThread(in.id(), input.subject)
		m = st.sendFrom(in, &message{
			To: input.to, CC: input.cc, BCC: input.bcc, Labels: input.labels,
			Subject: input.subject, Text: input.text, HTML: input.html, Attachments: input.attachments,
		}, t)
		body = encode(m)
	})
	if bad != nil {
		rq.fail(bad)
		return
	}
	s.messageSent(rq, m, body)
}

// replyMessage answers a message in its thread. The reply goes to whoever
// the message came from, or for a message the inbox sent, to its first
// recipient.
func (s *Server) replyMessage(rq *request) {
	if !rq.requireBody() {
		return
	}
	text, html, bad := parseReply(rq)
	var m *message
	var body []byte
	s.lock(func(st *store) {
		in := st.inboxes.get(rq.param("inboxId"))
		if in == nil {
			bad = notFound("Inbox")
			return
		}
		orig := st.messages.get(rq.param("messageId"))
		if orig == nil || orig.InboxID != in.id() {
			bad = notFound("Message")
			return
		}
		if bad != nil {
			return
		}
		to := orig.From
		if orig.Status != string(sendook.MessageStatusReceived) && len(orig.To) > 0 {
			to = orig.To[0]
		}
		t := st.threads.get(orig.ThreadID)
		m = st.sendFrom(in, &message{To: []string{to}, Subject: replySubject(orig.Subject), Text: text, HTML: html}, t)
		body = encode(m)
	})
	if bad != nil {
		rq.fail(bad)
		return
	}
	s.messageSent(rq, m, body)
}

// replySubject prefixes "Re: ", once.
func replySubject(subject string) string {
	if len(subject) >= 3 && strings.EqualFold(subject[:3], "re:") {
		return subject
	}
	return "Re: " + subject
}

// searchFilter returns whether a message matches the request's query.
// The real server matches it as a case-insensitive regular expression
// (MongoDB's $regex with the i option, which FerretDB runs with Go's
// regexp), and fails with an unhandled error on an invalid pattern or a
// query given twice.
func searchFilter(rq *request) (func(*message) bool, *apiError) {
	queries := rq.r.URL.Query()["query"]
	if len(queries) == 0 || queries[0] == "" && len(queries) == 1 {
		return func(*message) bool { return true }, nil
	}
	// Both dialects search alike: the documentation promises a
	// case-insensitive search and says no more, and the hosted API runs
	// the open-source server.
	if len(queries) > 1 {
		return nil, &apiError{status: http.StatusInternalServerError, crashesReal: true}
	}
	re, err := regexp.Compile("(?i)" + queries[0])
	if err != nil {
		return nil, &apiError{status: http.StatusInternalServerError, crashesReal: true}
	}
	has := re.MatchString
	return func(m *message) bool {
		return has(m.Subject) || has(m.Text) || has(m.HTML) ||
			slices.ContainsFunc(m.To, has) || slices.ContainsFunc(m.CC, has) ||
			slices.ContainsFunc(m.BCC, has) || slices.ContainsFunc(m.Labels, has)
	}, nil
}

func (s *Server) listMessages(rq *request) {
	var body []byte
	var fail *apiError
	s.lock(func(st *store) {
		id := rq.param("inboxId")
		if st.inboxes.get(id) == nil {
			fail = notFound("Inbox")
			return
		}
		match, bad := searchFilter(rq)
		if bad != nil {
			fail = bad
			return
		}
		list := []*message{}
		for _, m := range st.messages.all() {
			if m.InboxID == id && match(m) {
				list = append(list, m)
			}
		}
		body = s.encodeList(list)
	})
	if fail != nil {
		rq.fail(fail)
		return
	}
	rq.ok(body)
}

// getMessage answers a message. The real server looks it up by id alone,
// whatever the inbox of the path, even a malformed one.
func (s *Server) getMessage(rq *request) {
	var body []byte
	s.lock(func(st *store) {
		m := st.messages.get(rq.param("messageId"))
		if m != nil && (st.dialect == DialectReal || m.InboxID == rq.param("inboxId")) {
			body = encode(m)
		}
	})
	if body == nil {
		rq.fail(notFound("Message"))
		return
	}
	rq.ok(body)
}
