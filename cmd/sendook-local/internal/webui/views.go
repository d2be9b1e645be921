package webui

import (
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	sendook "github.com/sendook/sendook-go"
)

// page is what every template gets.
type page struct {
	Title       string
	Nav         string // the sidebar entry that is open: "all", "sent", "webhooks", "simulate" or an inbox id
	Inboxes     []inboxRow
	SMTPAddr    string
	CanSimulate bool
	Notice      string
	Error       string
	Status      int

	// List pages.
	Heading  string
	Sub      string
	Inbox    *sendook.Inbox
	View     string // "messages" or "threads"
	Messages []messageRow
	Threads  []threadRow
	Selected *messageView
	Empty    string

	Webhooks []webhookView
	Form     simulateForm

	// lists holds each inbox's messages, as listed for the sidebar.
	lists map[string][]sendook.Message
}

// inboxRow is an inbox in the sidebar.
type inboxRow struct {
	sendook.Inbox
	Count int
}

// messageRow is a message in a list.
type messageRow struct {
	InboxID, ID  string
	Who, Subject string
	Snippet      string
	Time         time.Time
	Outgoing     bool
	Attachments  int
	Selected     bool
	Status       sendook.MessageStatus
	InboxEmail   string
	ThreadID     string
	// Others are the addresses on the other side: the sender of mail
	// received, the recipients of mail sent.
	Others []string
}

// URL is the message's page.
func (m messageRow) URL() string { return messagePath(m.InboxID, m.ID) }

// threadRow is a thread in a list.
type threadRow struct {
	InboxID, ID  string
	Subject      string
	Participants string
	Count        int
	Time         time.Time
	Snippet      string
}

// URL is the thread's page.
func (t threadRow) URL() string {
	return "/inboxes/" + url.PathEscape(t.InboxID) + "/threads/" + url.PathEscape(t.ID)
}

// messageView is an open message.
type messageView struct {
	*sendook.Message
	InboxEmail   string
	Outgoing     bool
	PlainText    string
	StrippedText string
	Codes        []string
	Links        []string
	Files        []fileView
	HTMLPath     string
	ThreadPath   string
	ReplyPath    string
}

// fileView is an attachment of an open message.
type fileView struct {
	Name, ContentType, Path string
	Size                    int
}

// webhookView is a webhook with its latest delivery attempts.
type webhookView struct {
	sendook.Webhook
	Attempts []attemptView
	Err      string
}

// attemptView is one delivery attempt.
type attemptView struct {
	sendook.WebhookAttempt
	OK       bool
	Event    string
	Response string
}

func messagePath(inboxID, msgID string) string {
	return "/inboxes/" + url.PathEscape(inboxID) + "/messages/" + url.PathEscape(msgID)
}

// isOutgoing tells what the inbox sent from what it received.
func isOutgoing(m *sendook.Message) bool {
	if m.Status != "" {
		return m.Status != sendook.MessageStatusReceived
	}
	return m.FromInboxID != "" && m.FromInboxID == m.InboxID
}

func newMessageRow(m *sendook.Message, inboxEmail string) messageRow {
	row := messageRow{
		InboxID: m.InboxID, ID: m.ID, Subject: m.Subject, Time: m.CreatedAt,
		Outgoing: isOutgoing(m), Attachments: len(m.Attachments), Status: m.Status,
		InboxEmail: inboxEmail, ThreadID: m.ThreadID, Who: m.From,
	}
	row.Others = []string{m.From}
	if row.Outgoing {
		row.Who = "To: " + strings.Join(m.To, ", ")
		row.Others = m.To
	}
	if row.Subject == "" {
		row.Subject = "(no subject)"
	}
	row.Snippet = snippet(m.PlainText(), 140)
	return row
}

func newMessageView(m *sendook.Message, inboxEmail string) *messageView {
	v := &messageView{
		Message: m, InboxEmail: inboxEmail, Outgoing: isOutgoing(m),
		PlainText: m.PlainText(), StrippedText: m.StrippedText(),
		Codes: m.Codes(), Links: m.Links(),
	}
	base := messagePath(m.InboxID, m.ID)
	if m.HTML != "" {
		v.HTMLPath = base + "/body"
	}
	if m.ThreadID != "" {
		v.ThreadPath = threadRow{InboxID: m.InboxID, ID: m.ThreadID}.URL()
	}
	for i, a := range m.Attachments {
		name := a.Name
		if name == "" {
			name = fmt.Sprintf("attachment-%d", i+1)
		}
		v.Files = append(v.Files, fileView{
			Name: name, ContentType: a.ContentType,
			Size: decodedSize(a.Content),
			Path: fmt.Sprintf("%s/attachments/%d", base, i),
		})
	}
	// The other side answers: to the inbox, from whoever it wrote to or
	// heard from.
	from := m.From
	if v.Outgoing && len(m.To) > 0 {
		from = m.To[0]
	}
	q := url.Values{"to": {inboxEmail}, "from": {from}, "subject": {replySubject(m.Subject)}, "reply": {m.ID}}
	v.ReplyPath = "/simulate?" + q.Encode()
	return v
}

func replySubject(s string) string {
	if len(s) >= 3 && strings.EqualFold(s[:3], "re:") {
		return s
	}
	return "Re: " + s
}

// newestFirst sorts messages newest first.
func newestFirst(ms []sendook.Message) {
	slices.SortStableFunc(ms, func(a, b sendook.Message) int { return b.CreatedAt.Compare(a.CreatedAt) })
}

// snippet is the start of text on one line.
func snippet(text string, n int) string {
	text = strings.Join(strings.Fields(text), " ")
	if r := []rune(text); len(r) > n {
		return string(r[:n]) + "…"
	}
	return text
}

// decodedSize is the size of base64 content once decoded.
func decodedSize(content string) int {
	content = strings.Join(strings.Fields(content), "")
	return len(content)/4*3 - (len(content) - len(strings.TrimRight(content, "=")))
}

func humanSize(n int) string {
	switch {
	case n < 1024:
		return fmt.Sprintf("%d B", n)
	case n < 1<<20:
		return fmt.Sprintf("%.1f kB", float64(n)/1024)
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/(1<<20))
	}
}

// newPage starts a page with the sidebar filled in.
func (u *ui) newPage(r *http.Request, title string) *page {
	p := &page{Title: title, SMTPAddr: u.SMTPAddr, CanSimulate: u.Mailbox != nil, lists: map[string][]sendook.Message{}}
	p.Notice = r.URL.Query().Get("notice")
	inboxes, err := u.Client.Inboxes.List(r.Context())
	if err != nil {
		p.Error = "Could not list the inboxes: " + err.Error()
		return p
	}
	for _, in := range inboxes {
		row := inboxRow{Inbox: in, Count: -1}
		if ms, err := u.Client.Messages.List(r.Context(), in.ID, nil); err == nil {
			row.Count = len(ms)
			p.lists[in.ID] = ms
		}
		p.Inboxes = append(p.Inboxes, row)
	}
	return p
}

// inboxEmail returns the address of the sidebar's inbox with this id.
func (p *page) inboxEmail(id string) string {
	for _, in := range p.Inboxes {
		if in.ID == id {
			return in.Email
		}
	}
	return ""
}
