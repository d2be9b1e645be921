package sendooktest

import (
	"encoding/json"
	"errors"
	"fmt"
	netmail "net/mail"
	"regexp"
	"strings"

	sendook "github.com/sendook/sendook-go"
)

// ErrNoInbox is returned, wrapped, by [Server.Receive] and
// [Server.ReceiveMIME] when no inbox has the address the mail is for. An
// SMTP front end answers it with 550. Test for it with errors.Is.
var ErrNoInbox = errors.New("sendooktest: no inbox has this address")

// InboundEmail is an email arriving from outside, for [Server.Receive].
type InboundEmail struct {
	// From is the sender's address, e.g. "customer@example.com".
	// Required.
	From string
	// Subject, Text and HTML are the email's subject and bodies.
	Subject, Text, HTML string
	// InReplyTo is the id of the message this one answers. In the
	// documented dialect the new message joins that message's thread when
	// it is in the same inbox. In the real dialect it joins that thread
	// only when the message is one the server sent, as if the mail's
	// References header named it, which is how the real server threads
	// mail. Otherwise, and when InReplyTo is empty, it starts a new
	// thread.
	InReplyTo string
}

// inbound is a received mail on its way into the store, from
// [Server.Receive], [Server.ReceiveMIME] or the /webhooks/ses route.
type inbound struct {
	from, subject, text, html string
	attachments               []attachment
	// inReplyTo is a message id given to Receive.
	inReplyTo string
	// references are the message ids of the References and In-Reply-To
	// headers; rawReferences is the References header as sent.
	references    []string
	rawReferences string
	// dropIncomplete drops mail with no sender, subject or visible text,
	// which the real server fails to store, after it has started a
	// thread for it. Mail from the /webhooks/ses route is handled so.
	dropIncomplete bool
	// depth is the delivery depth of the request that brought the mail.
	depth int
}

// Receive simulates mail arriving at the inbox whose address is to, as
// the real server does when its mail provider reports one: the message is
// stored with status "received", threaded (see [InboundEmail.InReplyTo]),
// and delivered to the webhooks subscribed to message.received before
// Receive returns. It returns the stored message.
//
// In the real dialect the message keeps what the real server keeps of a
// mail: its visible text (Text, or the text of HTML when Text is empty,
// without a quoted reply or a signature) as both text and html. The
// documented dialect keeps Text and HTML as given.
//
// It fails if no inbox has the address to ([ErrNoInbox]; addresses
// compare exactly in the real dialect, case-insensitively in the
// documented one), if mail.From is empty, or if the server is closed.
func (s *Server) Receive(to string, mail InboundEmail) (*sendook.Message, error) {
	if strings.TrimSpace(mail.From) == "" {
		return nil, errors.New("sendooktest: InboundEmail.From is required")
	}
	return s.deliver(to, inbound{
		from: mail.From, subject: mail.Subject, text: mail.Text, html: mail.HTML, inReplyTo: mail.InReplyTo,
	})
}

// ReceiveMIME is like [Server.Receive] for a raw RFC 5322 mail, as an SMTP
// server or a mail provider hands it over. It decodes the headers' encoded
// words, quoted-printable and base64 parts, and the charsets UTF-8,
// US-ASCII, ISO-8859-1 and Windows-1252. The sender is the address of the
// From header.
//
// In the real dialect the message keeps what the real server keeps: the
// visible text of the text/plain part (or of the text/html part when there
// is none) as both text and html, and no attachments; it joins a thread
// only when the References header names a message the server sent
// ("<externalMessageId@us-east-2.amazonses.com>"). Like the real server,
// it reads the raw mail as UTF-8 first, so 8-bit text in another charset
// comes out garbled; quoted-printable and base64 parts are safe. In the documented
// dialect it keeps the text and HTML parts and the attachments, and joins
// the thread of a message of the same inbox that References or
// In-Reply-To names, by its id or its external message id.
//
// It fails with [ErrNoInbox] when no inbox has the address to, and with
// another error when the mail does not parse, has no From address, or
// the server is closed.
func (s *Server) ReceiveMIME(to string, raw []byte) (*sendook.Message, error) {
	if s.dialect == DialectReal {
		raw = asUTF8(raw)
	}
	pm, err := parseMIME(raw)
	if err != nil {
		return nil, err
	}
	if pm.from == "" {
		return nil, errors.New("sendooktest: the mail has no From address")
	}
	return s.deliver(to, inbound{
		from: pm.from, subject: pm.subject, text: pm.text, html: pm.html,
		attachments: pm.attachments, references: pm.references, rawReferences: pm.rawReferences,
	})
}

// sesReference finds, in a References header, the id the real server's
// mail provider gave a message it sent.
var sesReference = regexp.MustCompile(`<([^@>]+)@us-east-2\.amazonses\.com>`)

// deliver stores mail for the inbox whose address is to and tells the
// webhooks, the one way in for mail from outside.
func (s *Server) deliver(to string, mail inbound) (*sendook.Message, error) {
	if !s.enter() {
		return nil, errClosed
	}
	defer s.active.Done()
	var m *message
	var body []byte
	s.lock(func(st *store) {
		in := st.inboxByEmail(strings.TrimSpace(to))
		if in == nil {
			return
		}
		m = &message{
			InboxID: in.id(), ToInboxID: in.id(), From: mail.from, To: []string{in.Email},
			Subject: mail.subject, Text: mail.text, HTML: mail.html, Attachments: mail.attachments,
			Status: string(sendook.MessageStatusReceived),
		}
		if st.dialect == DialectReal {
			text := mail.text
			if text == "" && mail.html != "" {
				text = htmlText(mail.html)
			}
			text = visibleText(text)
			m.Text, m.HTML, m.Attachments = text, text, nil
		}
		if sender := st.inboxByEmail(senderAddress(mail.from)); sender != nil {
			m.FromInboxID = sender.id()
		}
		t := st.inboundThread(in, mail)
		if t == nil {
			t = st.newThread(in.id(), mail.subject)
		}
		if mail.dropIncomplete && (m.From == "" || m.Subject == "" || m.Text == "" || m.HTML == "") {
			m = nil
			return
		}
		st.addMessage(m, t)
		body = encode(m)
	})
	if m == nil {
		return nil, fmt.Errorf("%w: %q", ErrNoInbox, to)
	}
	s.fire(event{name: sendook.EventMessageReceived, inboxID: m.InboxID, messageID: m.id(), payload: body, depth: mail.depth})
	return decodeMessage(body)
}

// inboundThread returns the thread received mail joins, or nil for a new
// one.
func (st *store) inboundThread(in *inbox, mail inbound) *thread {
	if st.dialect == DialectReal {
		// The real server looks only at the first SES id in References,
		// and finds the message by it in any inbox.
		var orig *message
		if m := sesReference.FindStringSubmatch(mail.rawReferences); m != nil {
			orig = st.messages.find(func(x *message) bool { return x.ExternalMessageID == m[1] })
		} else if mail.inReplyTo != "" {
			if x := st.messages.get(strings.ToLower(mail.inReplyTo)); x != nil && x.ExternalMessageID != "" {
				orig = x
			}
		}
		if orig == nil {
			return nil
		}
		return st.threads.get(orig.ThreadID)
	}
	ids := append([]string{mail.inReplyTo}, mail.references...)
	for i := len(ids) - 1; i >= 0; i-- {
		id := ids[i]
		if id == "" {
			continue
		}
		local, _, _ := strings.Cut(id, "@")
		orig := st.messages.find(func(x *message) bool {
			return x.InboxID == in.id() && (x.id() == id || x.ExternalMessageID != "" && x.ExternalMessageID == local)
		})
		if orig != nil {
			return st.threads.get(orig.ThreadID)
		}
	}
	return nil
}

// senderAddress returns the address of a From value such as
// "Ada <ada@example.com>", or the value itself when it does not parse.
func senderAddress(from string) string {
	if a, err := netmail.ParseAddress(from); err == nil {
		return a.Address
	}
	return from
}

// Sent returns every message sent or replied through the API so far,
// oldest first, including those whose inbox has since been deleted and
// those of sends that a [Fault] with AfterWork reported as failed.
func (s *Server) Sent() []sendook.Message {
	var bodies [][]byte
	s.lock(func(st *store) {
		for _, m := range st.sent {
			bodies = append(bodies, encode(m))
		}
	})
	out := make([]sendook.Message, 0, len(bodies))
	for _, b := range bodies {
		m, err := decodeMessage(b)
		if err != nil {
			panic(err) // the server's own encoding
		}
		out = append(out, *m)
	}
	return out
}

// decodeMessage decodes a message as a client would read it from the API.
func decodeMessage(body []byte) (*sendook.Message, error) {
	m := new(sendook.Message)
	if err := json.Unmarshal(body, m); err != nil {
		return nil, fmt.Errorf("sendooktest: decoding a message: %w", err)
	}
	return m, nil
}
