package sendook_test

import (
	"context"
	"errors"
	"net/http"
	"runtime"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// The fault matrix continued against sendooktest, whose faults can strike
// after a request took effect: the one case where a retry would duplicate.
func TestFaultMatrixAgainstSendooktest(t *testing.T) {
	tests := []struct {
		name      string
		fault     sendooktest.Fault
		opts      []sendook.Option
		send      bool
		wantErr   error
		attempts  int
		wantSent  int // messages in Sent() afterwards, for sends
		wantFound bool
	}{
		{
			name:  "send that took effect, then a 500",
			fault: sendooktest.Fault{Method: "POST", PathPrefix: "/v1/inboxes/", Status: 500, AfterWork: true},
			send:  true, wantErr: sendook.ErrServer, attempts: 1, wantSent: 1,
		},
		{
			name:  "send that took effect, then the connection dropped",
			fault: sendooktest.Fault{Method: "POST", PathPrefix: "/v1/inboxes/", Status: 0, AfterWork: true},
			send:  true, attempts: 1, wantSent: 1,
		},
		{
			name:  "send refused by a 503 before any work, retried by opt-in",
			fault: sendooktest.Fault{Method: "POST", PathPrefix: "/v1/inboxes/", Status: 503, Times: 2},
			opts:  []sendook.Option{sendook.WithRetryWrites()},
			send:  true, attempts: 3, wantSent: 1,
		},
		{
			// Retry-After counts whole seconds: this case waits one.
			name:  "send refused by a 429 with Retry-After",
			fault: sendooktest.Fault{Method: "POST", PathPrefix: "/v1/inboxes/", Status: 429, RetryAfter: time.Second},
			opts:  []sendook.Option{sendook.WithRetryWait(time.Millisecond, 2*time.Second)},
			send:  true, attempts: 2, wantSent: 1,
		},
		{
			name:     "read dropped twice, then answered",
			fault:    sendooktest.Fault{Method: "GET", PathPrefix: "/v1/inboxes/", Status: 0, Times: 2},
			attempts: 3, wantFound: true,
		},
		{
			name:    "read failing with 502 more often than retries allow",
			fault:   sendooktest.Fault{Method: "GET", PathPrefix: "/v1/inboxes/", Status: 502, Times: 10},
			wantErr: sendook.ErrServer, attempts: 4,
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv := sendooktest.NewServer()
			defer srv.Close()
			client := srv.Client(tc.opts...)
			ctx := context.Background()
			inbox, err := client.Inboxes.Create(ctx, nil)
			require.NoError(t, err)
			before := srv.RequestCount()
			srv.InjectFault(tc.fault)

			if tc.send {
				_, err = client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{To: []string{"ada@example.com"}, Subject: "Hi", Text: "Hi", HTML: "<p>Hi</p>"})
				assert.Len(t, srv.Sent(), tc.wantSent, "messages sent")
			} else {
				var got *sendook.Inbox
				got, err = client.Inboxes.Get(ctx, inbox.ID)
				if tc.wantFound {
					require.NoError(t, err)
					assert.Equal(t, inbox.ID, got.ID)
				}
			}
			assert.Equal(t, tc.attempts, srv.RequestCount()-before, "attempts")
			switch {
			case tc.wantErr != nil:
				require.ErrorIs(t, err, tc.wantErr)
				var apiErr *sendook.APIError
				require.True(t, errors.As(err, &apiErr))
			case tc.wantSent == 1 && tc.attempts == 1:
				require.Error(t, err, "a send whose answer was lost must not look like a success")
			default:
				require.NoError(t, err)
			}
		})
	}
}

// Closing sendooktest after a burst of calls with faults and webhook
// deliveries, and the client's idle connections, leaves no goroutine behind.
func TestNoGoroutineLeftAfterSendooktestClose(t *testing.T) {
	before := runtime.NumGoroutine()
	func() {
		receiver := newAttemptServer(t, status(http.StatusOK))
		srv := sendooktest.NewServer(sendooktest.WithWebhookSecret("whsec_test"))
		defer srv.Close()
		client := srv.Client()
		defer client.CloseIdleConnections()
		ctx := context.Background()
		_, err := client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: receiver.URL, Events: []sendook.EventType{sendook.EventMessageReceived, sendook.EventInboxCreated}})
		require.NoError(t, err)
		inbox, err := client.Inboxes.Create(ctx, nil)
		require.NoError(t, err)
		srv.InjectFault(sendooktest.Fault{Method: "GET", Status: 0, Times: 3})
		srv.InjectFault(sendooktest.Fault{Method: "GET", Status: 503, Times: 3})
		for i := 0; i < 5; i++ {
			_, _ = client.Inboxes.Get(ctx, inbox.ID)
			_, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "ada@example.com", Subject: "Hello", Text: "Hi"})
			require.NoError(t, err)
		}
		receiver.Close()
	}()
	assert.True(t, settles(before), "goroutines: %d before, %d after", before, runtime.NumGoroutine())
}
