package sendooktest

import (
	"encoding/base64"
	"encoding/json"
	"net/http"
	"strings"
	"unicode/utf8"

	sendook "github.com/sendook/sendook-go"
)

// The real server learns of mail from its mail provider, Amazon SES,
// through SNS: POST /webhooks/ses with a text/plain body holding an SNS
// message, whose Message is an SES event. A "Received" event carries the
// raw mail in base64; an event about a message the server sent (tagged
// with its id) updates that message's status. The route needs no key and
// answers 200 with no body whatever happens to the mail, as the real one
// does, once the mail is stored.

// snsMessage is the part of an SNS notification the server reads.
type snsMessage struct {
	Type    string `json:"Type"`
	Message string `json:"Message"`
}

// sesEvent is the part of an SES event the server reads.
type sesEvent struct {
	EventType string `json:"eventType"`
	Mail      struct {
		Source      string              `json:"source"`
		Destination []string            `json:"destination"`
		Tags        map[string][]string `json:"tags"`
		Headers     []struct {
			Name  string `json:"name"`
			Value string `json:"value"`
		} `json:"headers"`
		CommonHeaders struct {
			Subject string `json:"subject"`
		} `json:"commonHeaders"`
	} `json:"mail"`
	Content string `json:"content"`
}

// serveSES serves POST /webhooks/ses.
func (s *Server) serveSES(rq *request) {
	var note snsMessage
	// The real server parses the body as text; a body of another type,
	// or not JSON, fails there with an unhandled error.
	if rq.kind != otherBody || rq.body != nil || json.Unmarshal([]byte(rq.text), &note) != nil {
		rq.fail(&apiError{status: http.StatusInternalServerError, code: "invalid_notification", msg: "the body is not an SNS notification sent as text/plain", crashesReal: true})
		return
	}
	if note.Type == "Notification" {
		var ev sesEvent
		// Whatever goes wrong from here is logged and dropped there.
		if json.Unmarshal([]byte(note.Message), &ev) == nil {
			s.handleSESEvent(&ev, requestDepth(rq.r))
		}
	}
	rq.w.Header().Set("Content-Length", "0")
	rq.w.WriteHeader(http.StatusOK)
}

// handleSESEvent stores received mail, or updates a sent message.
func (s *Server) handleSESEvent(ev *sesEvent, depth int) {
	if ids := ev.Mail.Tags["message"]; len(ids) > 0 && ids[0] != "" {
		s.updateSentStatus(ids[0], ev.EventType, depth)
		return
	}
	if len(ev.Mail.Destination) == 0 || ev.Mail.Destination[0] == "" {
		return
	}
	raw, err := base64.StdEncoding.DecodeString(ev.Content)
	if err != nil {
		return
	}
	raw = asUTF8(raw)
	pm, err := parseMIME(raw)
	if err != nil {
		// The real server's parser reads anything; a mail that does not
		// parse here is read as text.
		pm = &parsedMail{text: string(raw)}
	}
	mail := inbound{
		from: ev.Mail.Source, subject: ev.Mail.CommonHeaders.Subject, text: pm.text, html: pm.html,
		attachments: pm.attachments, references: pm.references, dropIncomplete: true, depth: depth,
	}
	for _, h := range ev.Mail.Headers {
		if h.Name == "References" {
			mail.rawReferences = h.Value
			break
		}
	}
	s.deliver(ev.Mail.Destination[0], mail)
}

// sesStatuses maps the SES events about sent mail to the status they give
// the message.
var sesStatuses = map[string]sendook.MessageStatus{
	"Reject":    sendook.MessageStatusRejected,
	"Bounce":    sendook.MessageStatusBounced,
	"Complaint": sendook.MessageStatusComplained,
	"Delivery":  sendook.MessageStatusDelivered,
}

// updateSentStatus records what became of a sent message and tells the
// webhooks.
func (s *Server) updateSentStatus(id, eventType string, depth int) {
	status, ok := sesStatuses[eventType]
	if !ok {
		return
	}
	var m *message
	var body []byte
	s.lock(func(st *store) {
		if m = st.messages.get(strings.ToLower(id)); m != nil {
			m.Status = string(status)
			st.touch(&m.stamps)
			body = encode(m)
		}
	})
	if m == nil {
		return
	}
	s.fire(event{name: sendook.EventType("message." + string(status)), inboxID: m.InboxID, messageID: m.id(), payload: body, depth: depth})
}

// asUTF8 reads a raw mail as UTF-8 text, as the real server does before
// it parses it: bytes that are not UTF-8, such as those of an 8-bit
// Latin-1 part, become U+FFFD, which the part's charset then garbles
// further.
func asUTF8(raw []byte) []byte {
	if utf8.Valid(raw) {
		return raw
	}
	return []byte(strings.ToValidUTF8(string(raw), "\uFFFD"))
}
