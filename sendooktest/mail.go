package sendooktest

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	sendook "github.com/sendook/sendook-go"
)

// InboundEmail is an email arriving from outside, for [Server.Receive].
type InboundEmail struct {
	// From is the sender's address, e.g. "customer@example.com".
	// Required.
	From string
	// Subject, Text and HTML are the email's subject and bodies.
	Subject, Text, HTML string
	// InReplyTo is the id of the message this one answers. The new
	// message joins that message's thread when it is in the same inbox;
	// otherwise, and when InReplyTo is empty, it starts a new thread.
	InReplyTo string
}

// Receive simulates mail arriving at the inbox whose address is to, as
// the real server does when its mail provider reports one: the message is
// stored with status "received", threaded (see [InboundEmail.InReplyTo]),
// and delivered to the webhooks subscribed to message.received before
// Receive returns. It returns the stored message.
//
// It fails if no inbox has the address to (compared case-insensitively),
// if mail.From is empty, or if the server is closed.
func (s *Server) Receive(to string, mail InboundEmail) (*sendook.Message, error) {
	if !s.enter() {
		return nil, errClosed
	}
	defer s.active.Done()
	if strings.TrimSpace(mail.From) == "" {
		return nil, errors.New("sendooktest: InboundEmail.From is required")
	}
	var m *message
	var body []byte
	s.lock(func(st *store) {
		in := st.inboxByEmail(strings.TrimSpace(to))
		if in == nil {
			return
		}
		m = &message{
			InboxID: in.id(), ToInboxID: in.id(), From: mail.From, To: []string{in.Email},
			Subject: mail.Subject, Text: mail.Text, HTML: mail.HTML,
			Status: string(sendook.MessageStatusReceived),
		}
		if sender := st.inboxByEmail(mail.From); sender != nil {
			m.FromInboxID = sender.id()
		}
		var t *thread
		if orig := st.messages.get(mail.InReplyTo); orig != nil && orig.InboxID == in.id() {
			t = st.threads.get(orig.ThreadID)
		}
		if t == nil {
			t = st.newThread(in.id(), mail.Subject)
		}
		st.addMessage(m, t)
		body = encode(m)
	})
	if m == nil {
		return nil, fmt.Errorf("sendooktest: no inbox has the address %q", to)
	}
	s.fire(event{name: sendook.EventMessageReceived, inboxID: m.InboxID, messageID: m.id(), payload: body})
	return decodeMessage(body)
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
