package sendooktest_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// crlf turns a mail written with \n line ends into one with \r\n, as mail
// travels.
func crlf(s string) []byte { return []byte(strings.ReplaceAll(s, "\n", "\r\n")) }

const alternativeMail = `From: =?UTF-8?Q?Ad=C3=A9le?= <adele@example.com>
To: support@sendook.com
Subject: =?iso-8859-1?Q?Caf=E9?= order
Message-ID: <abc@example.com>
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="outer"

--outer
Content-Type: multipart/alternative; boundary="inner"

--inner
Content-Type: text/plain; charset=utf-8
Content-Transfer-Encoding: quoted-printable

Caf=C3=A9 for two, please.

On Mon, Jan 1, 2024 at 10:00 AM Support <support@sendook.com> wrote:
> What would you like?
--inner
Content-Type: text/html; charset=iso-8859-1
Content-Transfer-Encoding: base64

PHA+Q2Fm6SBmb3IgdHdvLCBwbGVhc2UuPC9wPg==
--inner--
--outer
Content-Type: application/pdf; name="menu.pdf"
Content-Disposition: attachment; filename="menu.pdf"
Content-Transfer-Encoding: base64

JVBERi0xLjQK
--outer--
`

func TestReceiveMIME(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		in, err := h.client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "Support"})
		require.NoError(t, err)

		m, err := h.srv.ReceiveMIME(in.Email, crlf(alternativeMail))
		require.NoError(t, err)
		assert.Equal(t, "adele@example.com", m.From)
		assert.Equal(t, "Café order", m.Subject)
		assert.Equal(t, []string{in.Email}, m.To)
		assert.Equal(t, in.ID, m.ToInboxID)
		assert.Equal(t, sendook.MessageStatusReceived, m.Status)
		if h.real() {
			assert.Equal(t, "Café for two, please.\n", m.Text, "only the visible text")
			assert.Equal(t, m.Text, m.HTML, "the visible text stands for the HTML too")
			assert.Empty(t, m.Attachments)
		} else {
			assert.Contains(t, m.Text, "> What would you like?")
			assert.Equal(t, "<p>Café for two, please.</p>", m.HTML)
			require.Len(t, m.Attachments, 1)
			assert.Equal(t, "menu.pdf", m.Attachments[0].Name)
			assert.Equal(t, "application/pdf", m.Attachments[0].ContentType)
			assert.Equal(t, "JVBERi0xLjQK", m.Attachments[0].Content)
		}
		got, err := h.client.Messages.Get(ctx, in.ID, m.ID)
		require.NoError(t, err)
		assert.Equal(t, m, got, "ReceiveMIME returns the message as stored")

		_, err = h.srv.ReceiveMIME("nobody@sendook.com", crlf(alternativeMail))
		assert.True(t, errors.Is(err, sendooktest.ErrNoInbox), "%v", err)
		_, err = h.srv.ReceiveMIME(in.Email, []byte("no header line at all"))
		assert.Error(t, err)
		assert.False(t, errors.Is(err, sendooktest.ErrNoInbox))
		_, err = h.srv.ReceiveMIME(in.Email, crlf("Subject: hi\n\nbody\n"))
		assert.ErrorContains(t, err, "From")
	})
}

func TestReceiveMIMEHTMLOnly(t *testing.T) {
	h := newHarness(t, sendooktest.DialectReal)
	in, err := h.client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "Support"})
	require.NoError(t, err)
	m, err := h.srv.ReceiveMIME(in.Email, crlf("From: a@example.com\nContent-Type: text/html\n\n<html><head><style>p{}</style></head><body><p>Hello <b>there</b></p><p>Bye</p></body></html>\n"))
	require.NoError(t, err)
	assert.Equal(t, "Hello there\n\nBye", m.Text, "paragraphs apart, as the real server renders them")
	assert.Equal(t, m.Text, m.HTML)
}

func TestReceiveMIMEThreads(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		in, err := h.client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "Support"})
		require.NoError(t, err)
		sent, err := h.client.Messages.Send(ctx, in.ID, &sendook.SendMessageParams{
			To: []string{"ada@example.com"}, Subject: "Hi", Text: "Hello", HTML: "<p>Hello</p>",
		})
		require.NoError(t, err)
		require.NotEmpty(t, sent.ExternalMessageID)
		sesID := "<" + sent.ExternalMessageID + "@us-east-2.amazonses.com>"

		for _, tc := range []struct {
			name, headers string
			joins         bool
		}{
			{"References names the sent message", "References: <x@example.com> " + sesID + "\n", true},
			{"no reference", "", false},
			{"an unknown reference", "References: <nothing@us-east-2.amazonses.com>\n", false},
			// The real server reads References only.
			{"In-Reply-To alone", "In-Reply-To: " + sesID + "\n", !h.real()},
		} {
			raw := crlf("From: ada@example.com\nSubject: Re: Hi\n" + tc.headers + "\nThanks\n")
			m, err := h.srv.ReceiveMIME(in.Email, raw)
			require.NoError(t, err, tc.name)
			assert.Equal(t, tc.joins, m.ThreadID == sent.ThreadID, tc.name)
		}
	})
}
