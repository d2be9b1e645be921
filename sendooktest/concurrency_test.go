package sendooktest_test

import (
	"fmt"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// TestConcurrentClients has many clients work on one server at once; run
// with -race it checks that the server is safe for concurrent use.
func TestConcurrentClients(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		const workers, sends = 8, 5
		rcv := newReceiver(t, "")
		_, err := h.client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: rcv.URL, Events: []sendook.EventType{sendook.EventMessageSent}})
		require.NoError(t, err)

		var wg sync.WaitGroup
		errs := make(chan error, workers)
		for w := range workers {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- work(h.srv, w, sends)
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			require.NoError(t, err)
		}

		assert.Len(t, h.srv.Sent(), workers*(sends+1))
		assert.Len(t, rcv.deliveries(), workers*(sends+1), "every send and reply was delivered")
		inboxes, err := h.client.Inboxes.List(ctx)
		require.NoError(t, err)
		assert.Len(t, inboxes, workers)
		for _, in := range inboxes {
			msgs, err := h.client.Messages.List(ctx, in.ID, nil)
			require.NoError(t, err)
			assert.Len(t, msgs, sends+2, "sends, a received message and a reply")
			threads, err := h.client.Threads.List(ctx, in.ID)
			require.NoError(t, err)
			assert.Len(t, threads, sends)
		}
		keys, err := h.client.APIKeys.List(ctx)
		require.NoError(t, err)
		assert.Len(t, keys, 1, "the keys created meanwhile were deleted")
	})
}

// work is what one client does: its own API key, inbox, sends, a received
// message and a reply, with reads in between.
func work(srv *sendooktest.Server, n, sends int) error {
	key, err := srv.Client().APIKeys.Create(ctx, &sendook.CreateAPIKeyParams{Name: fmt.Sprint("worker ", n)})
	if err != nil {
		return err
	}
	c := sendook.NewClient(key.Key, sendook.WithBaseURL(srv.URL))
	in, err := c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: fmt.Sprint("worker ", n)})
	if err != nil {
		return err
	}
	var last *sendook.Message
	for i := range sends {
		if last, err = c.Messages.Send(ctx, in.ID, &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "n", Text: fmt.Sprint(i), HTML: fmt.Sprint(i)}); err != nil {
			return err
		}
		if _, err := c.Messages.List(ctx, in.ID, &sendook.ListMessagesParams{Query: "a@"}); err != nil {
			return err
		}
	}
	received, err := srv.Receive(in.Email, sendooktest.InboundEmail{From: "a@example.com", Text: "reply", InReplyTo: last.ID})
	if err != nil {
		return err
	}
	if _, err := c.Messages.Reply(ctx, in.ID, received.ID, &sendook.ReplyMessageParams{Text: "thanks", HTML: "thanks"}); err != nil {
		return err
	}
	if _, err := c.Threads.Get(ctx, in.ID, received.ThreadID); err != nil {
		return err
	}
	_, err = srv.Client().APIKeys.Delete(ctx, key.ID)
	return err
}
