package sendooktest_test

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

const webhookSecret = "whsec_test"

// TestWebhookDeliveries follows an inbox's life through a webhook
// subscribed to everything that happens to it: each event arrives signed,
// before the call that caused it returns, and is recorded as an attempt.
func TestWebhookDeliveries(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		c := h.client
		// The receiver refuses deliveries not signed with the secret.
		rcv := newReceiver(t, webhookSecret)
		wh, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: rcv.URL, Events: []sendook.EventType{
			sendook.EventInboxCreated, sendook.EventInboxDeleted, sendook.EventMessageSent, sendook.EventMessageReceived,
		}})
		require.NoError(t, err)

		in, err := c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "hooks"})
		require.NoError(t, err)
		evs := rcv.events(t)
		require.Len(t, evs, 1)
		assert.Equal(t, sendook.EventInboxCreated, evs[0].Event)
		assert.Equal(t, in.ID, evs[0].InboxID)
		payloadInbox, err := evs[0].Inbox()
		require.NoError(t, err)
		assert.Equal(t, in, payloadInbox)

		msg, err := c.Messages.Send(ctx, in.ID, &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "Hi", Text: "Hello", HTML: "<p>Hello</p>"})
		require.NoError(t, err)
		evs = rcv.events(t)
		require.Len(t, evs, 1)
		assert.Equal(t, sendook.EventMessageSent, evs[0].Event)
		assert.Equal(t, msg.ID, evs[0].MessageID)
		if h.real() {
			assert.Empty(t, evs[0].InboxID, "the real server names no inbox for message.sent")
		} else {
			assert.Equal(t, in.ID, evs[0].InboxID)
		}
		payloadMsg, err := evs[0].Message()
		require.NoError(t, err)
		assert.Equal(t, msg, payloadMsg)

		received, err := h.srv.Receive(in.Email, sendooktest.InboundEmail{From: "a@example.com", Subject: "Re: Hi", Text: "Hello back", InReplyTo: msg.ID})
		require.NoError(t, err)
		evs = rcv.events(t)
		require.Len(t, evs, 1)
		assert.Equal(t, sendook.EventMessageReceived, evs[0].Event)
		assert.Equal(t, in.ID, evs[0].InboxID)
		assert.Equal(t, received.ID, evs[0].MessageID)
		assert.False(t, evs[0].IsTest())
		payloadMsg, err = evs[0].Message()
		require.NoError(t, err)
		assert.Equal(t, received, payloadMsg)
		assert.Equal(t, sendook.MessageStatusReceived, payloadMsg.Status)
		assert.Equal(t, in.ID, payloadMsg.ToInboxID)

		_, err = c.Inboxes.Delete(ctx, in.ID)
		require.NoError(t, err)
		evs = rcv.events(t)
		require.Len(t, evs, 1)
		assert.Equal(t, sendook.EventInboxDeleted, evs[0].Event)
		assert.Equal(t, in.ID, evs[0].InboxID)

		attempts, err := c.Webhooks.ListAttempts(ctx, wh.ID)
		require.NoError(t, err)
		var events []string
		for _, a := range attempts {
			assert.Equal(t, http.StatusOK, a.Status, "the receiver accepted the signature")
			assert.Empty(t, a.Error)
			ev, err := sendook.ParseWebhookEvent(a.Payload)
			require.NoError(t, err)
			events = append(events, string(ev.Event))
		}
		assert.Equal(t, []string{"inbox.deleted", "message.received", "message.sent", "inbox.created"}, events, "newest first")
		assert.Equal(t, received.ID, attempts[1].MessageID)
		assert.Equal(t, in.ID, attempts[1].InboxID)
	}, sendooktest.WithWebhookSecret(webhookSecret))
}

func TestWebhookSignatures(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		rcv := newReceiver(t, "")
		_, err := h.client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: rcv.URL, Events: []sendook.EventType{sendook.EventInboxCreated}})
		require.NoError(t, err)
		_, err = h.client.Inboxes.Create(ctx, nil)
		require.NoError(t, err)

		got := rcv.deliveries()
		require.Len(t, got, 1)
		d := got[0]
		assert.Equal(t, "application/json", d.header.Get("Content-Type"))
		sig := d.header.Get(sendook.WebhookSignatureHeader)
		assert.Regexp(t, `^sha256=[0-9a-f]{64}$`, sig)
		assert.NoError(t, sendook.VerifyWebhookSignature(webhookSecret, d.body, sig))
		assert.ErrorIs(t, sendook.VerifyWebhookSignature("another secret", d.body, sig), sendook.ErrInvalidWebhookSignature)
	}, sendooktest.WithWebhookSecret(webhookSecret))

	t.Run("unsigned without a secret", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, sendooktest.DialectReal)
		rcv := newReceiver(t, "")
		_, err := h.client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: rcv.URL, Events: []sendook.EventType{sendook.EventInboxCreated}})
		require.NoError(t, err)
		_, err = h.client.Inboxes.Create(ctx, nil)
		require.NoError(t, err)
		got := rcv.deliveries()
		require.Len(t, got, 1)
		assert.NotContains(t, got[0].header, sendook.WebhookSignatureHeader)
	})

	t.Run("refused by a receiver expecting another secret", func(t *testing.T) {
		t.Parallel()
		h := newHarness(t, sendooktest.DialectReal, sendooktest.WithWebhookSecret("not the receiver's"))
		rcv := newReceiver(t, webhookSecret)
		wh, err := h.client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: rcv.URL, Events: []sendook.EventType{sendook.EventMessageReceived}})
		require.NoError(t, err)
		require.NoError(t, h.client.Webhooks.Test(ctx, wh.ID))
		attempts, err := h.client.Webhooks.ListAttempts(ctx, wh.ID)
		require.NoError(t, err)
		require.Len(t, attempts, 1)
		assert.Equal(t, http.StatusInternalServerError, attempts[0].Status, "the real server records every failure as a 500")
		assert.Equal(t, "Request failed with status code 401", attempts[0].Error)
	})
}

// TestWebhookTest checks that the test event goes, as on the real server,
// to every webhook subscribed to message.received, once per URL.
func TestWebhookTest(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		c := h.client
		received := []sendook.EventType{sendook.EventMessageReceived}
		a, b, other := newReceiver(t, ""), newReceiver(t, ""), newReceiver(t, "")
		whA, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: a.URL, Events: received})
		require.NoError(t, err)
		whDup, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: a.URL, Events: received})
		require.NoError(t, err)
		_, err = c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: b.URL, Events: received})
		require.NoError(t, err)
		whOther, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: other.URL, Events: []sendook.EventType{sendook.EventMessageSent}})
		require.NoError(t, err)

		require.NoError(t, c.Webhooks.Test(ctx, whOther.ID))
		for name, rcv := range map[string]*receiver{"a": a, "b": b} {
			evs := rcv.events(t)
			require.Len(t, evs, 1, name)
			assert.True(t, evs[0].IsTest(), name)
			assert.Empty(t, evs[0].InboxID, name)
			assert.Empty(t, evs[0].MessageID, name)
		}
		assert.Empty(t, other.deliveries(), "not subscribed to message.received")

		attempts, err := c.Webhooks.ListAttempts(ctx, whA.ID)
		require.NoError(t, err)
		assert.Len(t, attempts, 1)
		attempts, err = c.Webhooks.ListAttempts(ctx, whDup.ID)
		require.NoError(t, err)
		assert.Empty(t, attempts, "one delivery per URL, recorded on the first webhook")
	})
}

func TestWebhookAttemptsListTheLatestTen(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		c := h.client
		rcv := newReceiver(t, "")
		wh, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: rcv.URL, Events: []sendook.EventType{sendook.EventMessageSent}})
		require.NoError(t, err)
		in, err := c.Inboxes.Create(ctx, nil)
		require.NoError(t, err)
		var sent []string
		for range 12 {
			m, err := c.Messages.Send(ctx, in.ID, &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "x", Text: "x", HTML: "x"})
			require.NoError(t, err)
			sent = append([]string{m.ID}, sent...)
		}
		attempts, err := c.Webhooks.ListAttempts(ctx, wh.ID)
		require.NoError(t, err)
		var got []string
		for _, a := range attempts {
			got = append(got, a.MessageID)
		}
		assert.Equal(t, sent[:10], got)
	})
}

func TestWebhookFailedDeliveries(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		c := h.client
		failing := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			http.Error(w, "boom", http.StatusInternalServerError)
		}))
		t.Cleanup(failing.Close)
		gone := httptest.NewServer(http.NotFoundHandler())
		gone.Close() // nothing listens there any more

		events := []sendook.EventType{sendook.EventMessageReceived}
		whFailing, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: failing.URL, Events: events})
		require.NoError(t, err)
		whGone, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: gone.URL, Events: events})
		require.NoError(t, err)

		require.NoError(t, c.Webhooks.Test(ctx, whFailing.ID), "a failed delivery does not fail the call")

		attempts, err := c.Webhooks.ListAttempts(ctx, whFailing.ID)
		require.NoError(t, err)
		require.Len(t, attempts, 1)
		assert.Equal(t, http.StatusInternalServerError, attempts[0].Status)
		assert.Equal(t, "Request failed with status code 500", attempts[0].Error)
		if h.real() {
			assert.Empty(t, attempts[0].Response, "the real server keeps no answer of a failure")
		} else {
			assert.JSONEq(t, `"boom\n"`, string(attempts[0].Response))
		}

		attempts, err = c.Webhooks.ListAttempts(ctx, whGone.ID)
		require.NoError(t, err)
		require.Len(t, attempts, 1)
		assert.Equal(t, http.StatusInternalServerError, attempts[0].Status, "an endpoint that cannot be reached counts as a 500")
		assert.NotEmpty(t, attempts[0].Error)
		if h.real() {
			assert.Regexp(t, `^connect ECONNREFUSED 127\.0\.0\.1:\d+$`, attempts[0].Error, "as the real server's HTTP client says it")
		}
		assert.Empty(t, attempts[0].Response)
	})
}
