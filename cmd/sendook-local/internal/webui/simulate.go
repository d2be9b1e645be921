package webui

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/mail"
	"net/url"
	"strings"

	"github.com/sendook/sendook-go/cmd/sendook-local/internal/inbound"
)

// simulateForm is the "Simulate incoming mail" form, as filled in.
type simulateForm struct {
	To, From, Subject, Text, HTML, Reply string
}

// simulateForm shows the form, filled in from the query (a message's
// "Simulate a reply" link fills everything in).
func (u *ui) simulateForm(w http.ResponseWriter, r *http.Request) {
	if u.Mailbox == nil {
		u.fail(w, r, http.StatusNotFound, errors.New("this web inbox cannot deliver mail"))
		return
	}
	q := r.URL.Query()
	p := u.newPage(r, "Simulate incoming mail")
	p.Nav = "simulate"
	p.Form = simulateForm{
		To: q.Get("to"), From: q.Get("from"), Subject: q.Get("subject"), Reply: q.Get("reply"),
	}
	if p.Form.From == "" {
		p.Form.From = "Ada Lovelace <ada@example.com>"
	}
	if p.Form.To == "" && len(p.Inboxes) > 0 {
		p.Form.To = p.Inboxes[0].Email
	}
	u.render(w, http.StatusOK, "simulate", p)
}

// simulate delivers the form's mail as mail from outside, then shows the
// inbox it went to.
func (u *ui) simulate(w http.ResponseWriter, r *http.Request) {
	if u.Mailbox == nil {
		u.fail(w, r, http.StatusNotFound, errors.New("this web inbox cannot deliver mail"))
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, u.MaxUploadBytes)
	if err := r.ParseMultipartForm(1 << 20); err != nil && !errors.Is(err, http.ErrNotMultipart) {
		u.fail(w, r, http.StatusBadRequest, fmt.Errorf("reading the form: %w", err))
		return
	}
	f := simulateForm{
		To: strings.TrimSpace(r.FormValue("to")), From: strings.TrimSpace(r.FormValue("from")),
		Subject: r.FormValue("subject"), Text: r.FormValue("text"), HTML: r.FormValue("html"),
		Reply: strings.TrimSpace(r.FormValue("reply")),
	}
	m, inboxID, err := u.composeSimulated(r, f)
	if err == nil {
		err = u.Mailbox.Deliver(r.Context(), f.To, inbound.Compose(m))
	}
	if err != nil {
		status := http.StatusBadGateway
		if errors.Is(err, inbound.ErrUnknownRecipient) || errors.Is(err, errBadForm) || errors.Is(err, inbound.ErrRejected) {
			status = http.StatusBadRequest
		}
		p := u.newPage(r, "Simulate incoming mail")
		p.Nav, p.Form, p.Error = "simulate", f, err.Error()
		u.render(w, status, "simulate", p)
		return
	}
	redirect(w, r, "/inboxes/"+url.PathEscape(inboxID), "Mail from "+f.From+" delivered.")
}

var errBadForm = errors.New("check the form")

// composeSimulated checks the form and turns it into a mail, returning the
// id of the inbox it is for.
func (u *ui) composeSimulated(r *http.Request, f simulateForm) (inbound.Mail, string, error) {
	if _, err := mail.ParseAddress(f.From); err != nil {
		return inbound.Mail{}, "", fmt.Errorf("%w: From %q is not an address", errBadForm, f.From)
	}
	if f.Text == "" && f.HTML == "" {
		return inbound.Mail{}, "", fmt.Errorf("%w: write a text or an HTML body", errBadForm)
	}
	inbox, err := inbound.FindInbox(r.Context(), u.Client, f.To)
	if err != nil {
		return inbound.Mail{}, "", err
	}
	m := inbound.Mail{From: f.From, To: inbox.Email, Subject: f.Subject, Text: f.Text, HTML: f.HTML}
	if f.Reply != "" {
		orig, err := u.Client.Messages.Get(r.Context(), inbox.ID, f.Reply)
		if err != nil {
			return inbound.Mail{}, "", fmt.Errorf("%w: the message to reply to: %w", errBadForm, err)
		}
		// The real server threads by the id its mail provider gave the
		// message it sent; other servers by the message's own id.
		if orig.ExternalMessageID != "" {
			m.References = append(m.References, "<"+orig.ExternalMessageID+"@us-east-2.amazonses.com>")
		}
		m.References = append(m.References, "<"+orig.ID+">")
	}
	if r.MultipartForm != nil {
		for _, fh := range r.MultipartForm.File["attachment"] {
			file, err := fh.Open()
			if err != nil {
				return inbound.Mail{}, "", err
			}
			data, err := io.ReadAll(file)
			file.Close()
			if err != nil {
				return inbound.Mail{}, "", err
			}
			m.Attachments = append(m.Attachments, inbound.File{Name: fh.Filename, ContentType: fh.Header.Get("Content-Type"), Data: data})
		}
	}
	return m, inbox.ID, nil
}
