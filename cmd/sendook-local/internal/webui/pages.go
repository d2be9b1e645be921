package webui

import (
	"encoding/base64"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	sendook "github.com/sendook/sendook-go"
)

// home lists the messages of every inbox, newest first.
func (u *ui) home(w http.ResponseWriter, r *http.Request) {
	p := u.newPage(r, "All mail")
	p.Nav, p.Heading = "all", "All mail"
	p.Sub = fmt.Sprintf("%d inboxes", len(p.Inboxes))
	if len(p.Inboxes) == 1 {
		p.Sub = "1 inbox"
	}
	u.fillList(p, func(*sendook.Message) bool { return true })
	p.Empty = "No mail yet. Create an inbox, then send mail to its address or simulate some."
	u.render(w, http.StatusOK, "list", p)
}

// sent lists what the inboxes sent: sends and replies, newest first.
func (u *ui) sent(w http.ResponseWriter, r *http.Request) {
	p := u.newPage(r, "Sent")
	p.Nav, p.Heading, p.Sub = "sent", "Sent", "What went out: sends and replies of every inbox"
	u.fillList(p, isOutgoing)
	p.Empty = "Nothing sent yet."
	u.render(w, http.StatusOK, "list", p)
}

// fillList lists the messages of every inbox that keep says to keep.
func (u *ui) fillList(p *page, keep func(*sendook.Message) bool) {
	var all []sendook.Message
	for _, in := range p.Inboxes {
		for _, m := range p.lists[in.ID] {
			if keep(&m) {
				all = append(all, m)
			}
		}
	}
	newestFirst(all)
	for i := range all {
		p.Messages = append(p.Messages, newMessageRow(&all[i], p.inboxEmail(all[i].InboxID)))
	}
}

// openInbox starts the page of an inbox with its messages listed.
func (u *ui) openInbox(w http.ResponseWriter, r *http.Request) (*page, bool) {
	inbox, err := u.Client.Inboxes.Get(r.Context(), r.PathValue("inbox"))
	if err != nil {
		u.failAPI(w, r, err)
		return nil, false
	}
	p := u.newPage(r, inbox.Email)
	p.Nav, p.Inbox, p.Heading, p.View = inbox.ID, inbox, inbox.Email, "messages"
	p.Sub = inbox.Name
	ms, ok := p.lists[inbox.ID]
	if !ok {
		if ms, err = u.Client.Messages.List(r.Context(), inbox.ID, nil); err != nil {
			u.failAPI(w, r, err)
			return nil, false
		}
	}
	newestFirst(ms)
	for i := range ms {
		p.Messages = append(p.Messages, newMessageRow(&ms[i], inbox.Email))
	}
	p.Empty = "No mail in this inbox yet. Send some to " + inbox.Email + "."
	return p, true
}

// inbox lists an inbox's messages, or with ?view=threads its threads.
func (u *ui) inbox(w http.ResponseWriter, r *http.Request) {
	p, ok := u.openInbox(w, r)
	if !ok {
		return
	}
	if r.URL.Query().Get("view") == "threads" {
		p.View = "threads"
		threads, err := u.Client.Threads.List(r.Context(), p.Inbox.ID)
		if err != nil {
			u.failAPI(w, r, err)
			return
		}
		byID := map[string]*messageRow{}
		for i := range p.Messages {
			byID[p.Messages[i].ID] = &p.Messages[i]
		}
		for _, t := range threads {
			p.Threads = append(p.Threads, newThreadRow(p.Inbox.ID, &t, byID))
		}
		// Newest activity first.
		sortThreads(p.Threads)
		p.Empty = "No threads in this inbox yet."
	}
	u.render(w, http.StatusOK, "list", p)
}

// thread lists the messages of one thread, newest first.
func (u *ui) thread(w http.ResponseWriter, r *http.Request) {
	p, ok := u.openInbox(w, r)
	if !ok {
		return
	}
	t, err := u.Client.Threads.Get(r.Context(), p.Inbox.ID, r.PathValue("thread"))
	if err != nil {
		u.failAPI(w, r, err)
		return
	}
	inThread := map[string]bool{}
	for _, m := range t.Messages {
		inThread[m.ID] = true
	}
	var rows []messageRow
	for _, m := range p.Messages {
		if inThread[m.ID] {
			rows = append(rows, m)
		}
	}
	p.Messages, p.View = rows, "thread"
	p.Heading = "Thread"
	if len(rows) > 0 {
		p.Heading = rows[len(rows)-1].Subject
	}
	p.Sub = fmt.Sprintf("%s · %d messages", p.Inbox.Email, len(rows))
	p.Empty = "This thread has no messages."
	u.render(w, http.StatusOK, "list", p)
}

// message opens a message beside its inbox's list.
func (u *ui) message(w http.ResponseWriter, r *http.Request) {
	p, ok := u.openInbox(w, r)
	if !ok {
		return
	}
	m, err := u.Client.Messages.Get(r.Context(), p.Inbox.ID, r.PathValue("msg"))
	if err != nil {
		u.failAPI(w, r, err)
		return
	}
	if m.InboxID == "" {
		m.InboxID = p.Inbox.ID
	}
	p.Title = m.Subject
	p.Selected = newMessageView(m, p.Inbox.Email)
	for i := range p.Messages {
		p.Messages[i].Selected = p.Messages[i].ID == m.ID
	}
	u.render(w, http.StatusOK, "list", p)
}

// getMessage fetches the message the path names.
func (u *ui) getMessage(w http.ResponseWriter, r *http.Request) (*sendook.Message, bool) {
	m, err := u.Client.Messages.Get(r.Context(), r.PathValue("inbox"), r.PathValue("msg"))
	if err != nil {
		u.failAPI(w, r, err)
		return nil, false
	}
	return m, true
}

// bodyPolicy lets a message's HTML show its own styles and inline images
// only: no script, no remote content, no forms, no navigation, and, as a
// sandbox, no access to this page's origin.
const bodyPolicy = "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; font-src data:; frame-ancestors 'self'"

// messageHTML serves a message's HTML body for the sandboxed frame.
func (u *ui) messageHTML(w http.ResponseWriter, r *http.Request) {
	m, ok := u.getMessage(w, r)
	if !ok {
		return
	}
	h := w.Header()
	h.Set("Content-Security-Policy", bodyPolicy)
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	w.Write([]byte(m.HTML))
}

// attachment serves an attachment as a download.
func (u *ui) attachment(w http.ResponseWriter, r *http.Request) {
	m, ok := u.getMessage(w, r)
	if !ok {
		return
	}
	n, err := strconv.Atoi(r.PathValue("n"))
	if err != nil || n < 0 || n >= len(m.Attachments) {
		u.fail(w, r, http.StatusNotFound, errors.New("the message has no such attachment"))
		return
	}
	a := m.Attachments[n]
	data, err := base64.StdEncoding.DecodeString(strings.TrimSpace(a.Content))
	if err != nil {
		u.fail(w, r, http.StatusBadGateway, fmt.Errorf("the attachment is not valid base64: %w", err))
		return
	}
	name := a.Name
	if name == "" {
		name = fmt.Sprintf("attachment-%d", n+1)
	}
	ct := a.ContentType
	if _, _, err := mime.ParseMediaType(ct); err != nil {
		ct = "application/octet-stream"
	}
	h := w.Header()
	h.Set("Content-Type", ct)
	h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	h.Set("Content-Security-Policy", "sandbox; default-src 'none'")
	h.Set("Content-Length", strconv.Itoa(len(data)))
	w.Write(data)
}

// webhooks lists the webhooks with their latest delivery attempts.
func (u *ui) webhooks(w http.ResponseWriter, r *http.Request) {
	p := u.newPage(r, "Webhooks")
	p.Nav, p.Heading, p.Sub = "webhooks", "Webhooks", "Where events go, and how each delivery went"
	hooks, err := u.Client.Webhooks.List(r.Context())
	if err != nil {
		u.failAPI(w, r, err)
		return
	}
	for _, h := range hooks {
		v := webhookView{Webhook: h}
		attempts, err := u.Client.Webhooks.ListAttempts(r.Context(), h.ID)
		if err != nil {
			v.Err = err.Error()
		}
		for _, a := range attempts {
			v.Attempts = append(v.Attempts, newAttemptView(a))
		}
		p.Webhooks = append(p.Webhooks, v)
	}
	p.Empty = "No webhooks. Create one through the API to see its deliveries here."
	u.render(w, http.StatusOK, "webhooks", p)
}

// testWebhook asks the server to send its test event.
func (u *ui) testWebhook(w http.ResponseWriter, r *http.Request) {
	if err := u.Client.Webhooks.Test(r.Context(), r.PathValue("webhook")); err != nil {
		u.failAPI(w, r, err)
		return
	}
	redirect(w, r, "/webhooks", "Test event sent.")
}

// createInbox creates an inbox from the sidebar's form.
func (u *ui) createInbox(w http.ResponseWriter, r *http.Request) {
	params := &sendook.CreateInboxParams{
		Name:  strings.TrimSpace(r.PostFormValue("name")),
		Email: strings.TrimSpace(r.PostFormValue("email")),
	}
	inbox, err := u.Client.Inboxes.Create(r.Context(), params)
	if err != nil {
		u.failAPI(w, r, err)
		return
	}
	redirect(w, r, "/inboxes/"+url.PathEscape(inbox.ID), "Inbox "+inbox.Email+" created.")
}

// redirect sends the browser to path after a form, with a notice to show.
func redirect(w http.ResponseWriter, r *http.Request, path, notice string) {
	http.Redirect(w, r, path+"?"+url.Values{"notice": {notice}}.Encode(), http.StatusSeeOther)
}
