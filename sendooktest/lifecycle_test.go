package sendooktest_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// TestSelfDeliveryIsBounded points a webhook at the server's own test
// route, which fires the webhook again: the deliveries stop three deep
// instead of going on without end.
func TestSelfDeliveryIsBounded(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		c := h.client
		// The test route of any webhook fires message.received to every
		// webhook subscribed to it; self calls that route back.
		target, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{
			URL: "http://127.0.0.1:1/unused", Events: []sendook.EventType{sendook.EventMessageSent},
		})
		require.NoError(t, err)
		self, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{
			URL:    h.srv.URL + "/v1/webhooks/" + target.ID + "/test?access_token=" + h.srv.APIKey,
			Events: []sendook.EventType{sendook.EventMessageReceived},
		})
		require.NoError(t, err)

		callCtx, cancel := context.WithTimeout(ctx, 10*time.Second)
		defer cancel()
		n := countRequests(h.srv, func() { require.NoError(t, c.Webhooks.Test(callCtx, target.ID)) })
		assert.Equal(t, 4, n, "the client's call and three nested deliveries, no more")

		attempts, err := c.Webhooks.ListAttempts(ctx, self.ID)
		require.NoError(t, err)
		// Newest first: the three made, outermost first, then the one
		// not made, which the deepest request recorded first.
		require.Len(t, attempts, 4)
		for _, a := range attempts[:3] {
			assert.Equal(t, http.StatusOK, a.Status, "three nested deliveries are made")
		}
		assert.Equal(t, http.StatusInternalServerError, attempts[3].Status, "the fourth is not")
		assert.Contains(t, attempts[3].Error, "nest 3 deep")
	})
}

// TestConcurrentCloseWaits closes the server from two goroutines while
// mail is being delivered to a receiver that hangs: neither Close returns
// before the delivery has ended, as with httptest.Server.
func TestConcurrentCloseWaits(t *testing.T) {
	t.Parallel()
	srv := sendooktest.NewServer()
	started := make(chan struct{})
	var once sync.Once
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		once.Do(func() { close(started) })
		<-r.Context().Done()
	}))
	t.Cleanup(hanging.Close)
	client := srv.Client()
	_, err := client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: hanging.URL, Events: []sendook.EventType{sendook.EventMessageReceived}})
	require.NoError(t, err)
	in, err := client.Inboxes.Create(ctx, nil)
	require.NoError(t, err)

	var received atomic.Bool
	go func() {
		srv.Receive(in.Email, sendooktest.InboundEmail{From: "a@example.com", Subject: "Hi", Text: "Hi"})
		received.Store(true)
	}()
	select {
	case <-started:
	case <-time.After(10 * time.Second):
		t.Fatal("the delivery did not start")
	}

	var wg sync.WaitGroup
	for range 2 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			srv.Close()
			assert.True(t, received.Load(), "Close returned before the delivery in flight ended")
		}()
	}
	done := make(chan struct{})
	go func() { wg.Wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(10 * time.Second):
		t.Fatal("Close did not return")
	}
}

// TestErrorLogIsReported checks that the HTTP server's own complaints
// reach the logger given with WithLogf.
func TestErrorLogIsReported(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var lines []string
	srv := sendooktest.NewServer(sendooktest.WithLogf(func(format string, args ...any) {
		mu.Lock()
		defer mu.Unlock()
		lines = append(lines, format)
	}))
	t.Cleanup(srv.Close)
	sendooktest.LogToServer(srv, "something went wrong")
	mu.Lock()
	defer mu.Unlock()
	require.Len(t, lines, 1)
}
