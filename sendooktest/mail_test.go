package sendooktest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

func TestReceive(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		c := h.client
		in, err := c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "Support"})
		require.NoError(t, err)
		other, err := c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "Sales"})
		require.NoError(t, err)

		upper := "SUPPORT@sendook.com"
		if h.real() {
			_, err := h.srv.Receive(upper, sendooktest.InboundEmail{From: "alice@example.com"})
			require.ErrorIs(t, err, sendooktest.ErrNoInbox, "the real server compares addresses exactly")
			upper = in.Email
		}
		first, err := h.srv.Receive(upper, sendooktest.InboundEmail{
			From: "Alice <alice@example.com>", Subject: "Help", Text: "It broke", HTML: "<p>It broke</p>",
		})
		require.NoError(t, err, "addresses compare case-insensitively in the documented dialect")
		h.assertID(t, first.ID, "msg")
		assert.Equal(t, in.ID, first.InboxID)
		assert.Equal(t, in.ID, first.ToInboxID)
		assert.Empty(t, first.FromInboxID)
		assert.Equal(t, "Alice <alice@example.com>", first.From)
		assert.Equal(t, []string{in.Email}, first.To)
		assert.Equal(t, "Help", first.Subject)
		assert.Equal(t, "It broke", first.Text)
		if h.real() {
			assert.Equal(t, "It broke", first.HTML, "the real server keeps the visible text only")
		} else {
			assert.Equal(t, "<p>It broke</p>", first.HTML)
		}
		assert.Equal(t, sendook.MessageStatusReceived, first.Status)

		got, err := c.Messages.Get(ctx, in.ID, first.ID)
		require.NoError(t, err)
		assert.Equal(t, first, got, "Receive returns the message as the API does")
		assert.Empty(t, h.srv.Sent(), "received mail is not sent mail")

		for _, tc := range []struct {
			name       string
			to         string
			inReplyTo  string
			sameThread bool
		}{
			// The real server threads only replies to mail it sent.
			{"a reply", in.Email, first.ID, !h.real()},
			{"no reply", in.Email, "", false},
			{"a reply to an unknown message", in.Email, h.unknownID("msg"), false},
			{"a reply to a message of another inbox", other.Email, first.ID, false},
		} {
			m, err := h.srv.Receive(tc.to, sendooktest.InboundEmail{From: "alice@example.com", Text: "more", InReplyTo: tc.inReplyTo})
			require.NoError(t, err, tc.name)
			assert.Equal(t, tc.sameThread, m.ThreadID == first.ThreadID, tc.name)
		}

		fromInbox, err := h.srv.Receive(in.Email, sendooktest.InboundEmail{From: other.Email, Text: "internal"})
		require.NoError(t, err)
		assert.Equal(t, other.ID, fromInbox.FromInboxID, "mail from one of the organization's inboxes names it")

		_, err = h.srv.Receive("nobody@sendook.com", sendooktest.InboundEmail{From: "alice@example.com"})
		assert.ErrorContains(t, err, "nobody@sendook.com")
		assert.ErrorIs(t, err, sendooktest.ErrNoInbox)
		_, err = h.srv.Receive(in.Email, sendooktest.InboundEmail{Text: "anonymous"})
		assert.Error(t, err, "From is required")
	})
}
