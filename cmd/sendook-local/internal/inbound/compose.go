package inbound

import (
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/textproto"
	"strings"
	"time"
)

// Mail is an email to compose with [Compose].
type Mail struct {
	From, To, Subject string
	// Text and HTML are the bodies; either may be empty.
	Text, HTML string
	// References are the Message-IDs (with their angle brackets) of the
	// mail this one answers, the one it answers directly first. They go
	// into References, the first into In-Reply-To too.
	References []string
	// Attachments are added as attachment parts.
	Attachments []File
	// Date is the Date header; the zero time means now.
	Date time.Time
}

// File is an attached file.
type File struct {
	Name, ContentType string
	Data              []byte
}

// Compose renders m as a MIME message: text/plain, text/html, or
// multipart/alternative of both, inside multipart/mixed when it carries
// attachments. Header values are encoded (RFC 2047) when they are not
// ASCII, bodies are quoted-printable and attachments base64.
func Compose(m Mail) []byte {
	date := m.Date
	if date.IsZero() {
		date = time.Now()
	}
	var b bytes.Buffer
	header := func(k, v string) {
		v = strings.NewReplacer("\r", " ", "\n", " ").Replace(v)
		fmt.Fprintf(&b, "%s: %s\r\n", k, v)
	}
	header("From", m.From)
	header("To", m.To)
	header("Subject", mime.QEncoding.Encode("utf-8", m.Subject))
	header("Date", date.Format(time.RFC1123Z))
	header("Message-ID", "<"+randomHex(12)+"@sendook-local>")
	if len(m.References) > 0 {
		header("In-Reply-To", m.References[0])
		header("References", strings.Join(m.References, " "))
	}
	header("MIME-Version", "1.0")

	if len(m.Attachments) == 0 {
		writeBody(&b, m.Text, m.HTML)
		return b.Bytes()
	}
	w := multipart.NewWriter(&b)
	header("Content-Type", `multipart/mixed; boundary="`+w.Boundary()+`"`)
	b.WriteString("\r\n")
	var body bytes.Buffer
	writeBody(&body, m.Text, m.HTML)
	hdr, rest, _ := strings.Cut(body.String(), "\r\n\r\n")
	part, _ := w.CreatePart(partHeader(hdr))
	part.Write([]byte(rest))
	for _, f := range m.Attachments {
		ct := f.ContentType
		if ct == "" {
			ct = "application/octet-stream"
		}
		h := textproto.MIMEHeader{}
		h.Set("Content-Type", mime.FormatMediaType(ct, map[string]string{"name": f.Name}))
		h.Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": f.Name}))
		h.Set("Content-Transfer-Encoding", "base64")
		part, _ := w.CreatePart(h)
		writeBase64(part, f.Data)
	}
	w.Close()
	return b.Bytes()
}

// writeBody writes the Content-Type header, the blank line and the body
// for the text and HTML given.
func writeBody(b *bytes.Buffer, text, html string) {
	switch {
	case html == "":
		writeQP(b, "text/plain; charset=utf-8", text)
	case text == "":
		writeQP(b, "text/html; charset=utf-8", html)
	default:
		w := multipart.NewWriter(b)
		fmt.Fprintf(b, "Content-Type: multipart/alternative; boundary=%q\r\n\r\n", w.Boundary())
		for _, p := range []struct{ ct, body string }{{"text/plain; charset=utf-8", text}, {"text/html; charset=utf-8", html}} {
			h := textproto.MIMEHeader{}
			h.Set("Content-Type", p.ct)
			h.Set("Content-Transfer-Encoding", "quoted-printable")
			part, _ := w.CreatePart(h)
			q := quotedprintable.NewWriter(part)
			q.Write([]byte(p.body))
			q.Close()
		}
		w.Close()
	}
}

func writeQP(b *bytes.Buffer, contentType, body string) {
	fmt.Fprintf(b, "Content-Type: %s\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", contentType)
	q := quotedprintable.NewWriter(b)
	q.Write([]byte(body))
	q.Close()
}

// partHeader parses the header lines writeBody wrote.
func partHeader(lines string) textproto.MIMEHeader {
	h := textproto.MIMEHeader{}
	for _, line := range strings.Split(lines, "\r\n") {
		if k, v, ok := strings.Cut(line, ": "); ok {
			h.Set(k, v)
		}
	}
	return h
}

// writeBase64 writes data base64-encoded in lines of 76 characters.
func writeBase64(w interface{ Write([]byte) (int, error) }, data []byte) {
	enc := base64.StdEncoding.EncodeToString(data)
	for len(enc) > 76 {
		w.Write([]byte(enc[:76] + "\r\n"))
		enc = enc[76:]
	}
	w.Write([]byte(enc + "\r\n"))
}

func randomHex(n int) string {
	b := make([]byte, n)
	rand.Read(b)
	return hex.EncodeToString(b)
}
