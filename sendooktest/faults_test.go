package sendooktest_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

var hello = &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "Hello", Text: "Hi", HTML: "<p>Hi</p>"}

// countRequests returns how many requests fn made the server receive.
func countRequests(srv *sendooktest.Server, fn func()) int {
	before := srv.RequestCount()
	fn()
	return srv.RequestCount() - before
}

func TestFaultsAreRetriedOnReads(t *testing.T) {
	for _, tc := range []struct {
		name  string
		fault sendooktest.Fault
	}{
		{"server error", sendooktest.Fault{Method: "GET", PathPrefix: "/v1/inboxes", Status: http.StatusServiceUnavailable, Times: 2}},
		{"dropped connection", sendooktest.Fault{Method: "GET", PathPrefix: "/v1/inboxes", Status: 0, Times: 2}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forEachDialect(t, func(t *testing.T, h *harness) {
				in, err := h.client.Inboxes.Create(ctx, nil)
				require.NoError(t, err)
				h.srv.InjectFault(tc.fault)
				n := countRequests(h.srv, func() {
					got, err := h.client.Inboxes.Get(ctx, in.ID)
					require.NoError(t, err)
					assert.Equal(t, in.ID, got.ID)
				})
				assert.Equal(t, 3, n, "two failed attempts and one that succeeds")

				n = countRequests(h.srv, func() {
					_, err := h.client.Inboxes.Get(ctx, in.ID)
					require.NoError(t, err)
				})
				assert.Equal(t, 1, n, "the fault is used up")
			})
		})
	}
}

func TestFaultMatching(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		h.srv.InjectFault(sendooktest.Fault{Method: "POST", PathPrefix: "/v1/webhooks", Status: http.StatusBadGateway})
		_, err := h.client.Webhooks.List(ctx)
		require.NoError(t, err, "another method")
		_, err = h.client.Inboxes.Create(ctx, nil)
		require.NoError(t, err, "another path")

		n := countRequests(h.srv, func() {
			err := h.client.Webhooks.Test(ctx, h.unknownID("wh"))
			require.ErrorIs(t, err, sendook.ErrNotFound, "the retry reaches the route")
		})
		assert.Equal(t, 2, n)

		h.srv.InjectFault(sendooktest.Fault{Status: http.StatusInternalServerError, Times: 10})
		_, err = h.client.Inboxes.List(ctx)
		require.ErrorIs(t, err, sendook.ErrServer, "retries run out")
		e := apiError(t, err)
		assert.Equal(t, http.StatusInternalServerError, e.StatusCode)
		if !h.real() {
			assert.Equal(t, "internal_error", e.Code)
			assert.NotEmpty(t, e.RequestID)
		}
		n = countRequests(h.srv, func() {
			_, err = h.client.Inboxes.List(ctx)
			require.ErrorIs(t, err, sendook.ErrServer)
		})
		assert.Equal(t, 4, n, "a first attempt and 3 retries")
		n = countRequests(h.srv, func() {
			_, err = h.client.Inboxes.List(ctx)
			require.NoError(t, err)
		})
		assert.Equal(t, 3, n, "the last 2 of 10, then success")
	})
}

// TestFaultsOnSends shows why a failed send is not retried by default: the
// server may have sent it.
func TestFaultsOnSends(t *testing.T) {
	for _, tc := range []struct {
		name       string
		fault      sendooktest.Fault
		retryWrite bool
		wantErr    bool
		wantSent   int
		wantCount  int
	}{
		{"an error before the work", sendooktest.Fault{Status: 500}, false, true, 0, 1},
		{"a dropped connection before the work", sendooktest.Fault{Status: 0}, false, true, 0, 1},
		{"an error after the work", sendooktest.Fault{Status: 500, AfterWork: true}, false, true, 1, 1},
		{"a dropped connection after the work", sendooktest.Fault{Status: 0, AfterWork: true}, false, true, 1, 1},
		{"a retried error after the work sends twice", sendooktest.Fault{Status: 500, AfterWork: true}, true, false, 2, 2},
		{"a refusal with Retry-After", sendooktest.Fault{Status: 429, RetryAfter: time.Hour}, false, true, 0, 1},
	} {
		t.Run(tc.name, func(t *testing.T) {
			forEachDialect(t, func(t *testing.T, h *harness) {
				client := h.client
				if tc.retryWrite {
					client = h.srv.Client(sendook.WithRetryWrites())
				}
				in, err := client.Inboxes.Create(ctx, nil)
				require.NoError(t, err)
				f := tc.fault
				f.Method, f.PathPrefix = "POST", "/v1/inboxes/"+in.ID+"/messages/send"
				h.srv.InjectFault(f)

				n := countRequests(h.srv, func() { _, err = client.Messages.Send(ctx, in.ID, hello) })
				assert.Equal(t, tc.wantCount, n, "attempts")
				if tc.wantErr {
					require.Error(t, err)
				} else {
					require.NoError(t, err)
				}
				assert.Len(t, h.srv.Sent(), tc.wantSent)
				msgs, err := client.Messages.List(ctx, in.ID, nil)
				require.NoError(t, err)
				assert.Len(t, msgs, tc.wantSent, "stored")
			})
		})
	}
}

func TestFaultAnswers(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		h.srv.InjectFault(sendooktest.Fault{Status: http.StatusTooManyRequests, RetryAfter: 1500 * time.Millisecond})
		resp := h.raw(t, "GET", "/v1/inboxes", "")
		assert.Equal(t, http.StatusTooManyRequests, resp.status)
		assert.Equal(t, "2", resp.header.Get("Retry-After"), "whole seconds, rounded up")
		assert.Equal(t, "limit=100, remaining=0, reset=2", resp.header.Get("RateLimit"))

		h.srv.InjectFault(sendooktest.Fault{Status: http.StatusTooManyRequests, RetryAfter: time.Minute})
		_, err := h.client.Inboxes.List(ctx)
		require.ErrorIs(t, err, sendook.ErrRateLimited)
		assert.Equal(t, time.Minute, apiError(t, err).RetryAfter)

		h.srv.InjectFault(sendooktest.Fault{Status: http.StatusServiceUnavailable})
		resp = h.raw(t, "GET", "/v1/inboxes", "")
		assert.Equal(t, http.StatusServiceUnavailable, resp.status)
		if h.real() {
			assert.Contains(t, resp.body, "<pre>Service Unavailable</pre>")
		} else {
			assert.Contains(t, resp.body, `"code":"service_unavailable"`)
		}

		h.srv.InjectFault(sendooktest.Fault{Status: http.StatusOK, Delay: time.Millisecond})
		resp = h.raw(t, "GET", "/v1/inboxes", "")
		assert.Equal(t, http.StatusOK, resp.status, "a status below 400 only slows the request down")
	})
}

func TestFaultDelayEndsWithTheClient(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		h.srv.InjectFault(sendooktest.Fault{Status: http.StatusInternalServerError, Delay: time.Hour})
		short, cancel := context.WithTimeout(ctx, 50*time.Millisecond)
		defer cancel()
		_, err := h.client.Inboxes.List(short)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		var apiErr *sendook.APIError
		assert.False(t, errors.As(err, &apiErr), "a transport failure, not an API error")
	})
}
