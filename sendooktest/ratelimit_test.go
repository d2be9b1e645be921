package sendooktest_test

import (
	"encoding/json"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

func TestSendRateLimit(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		in, err := h.client.Inboxes.Create(ctx, nil)
		require.NoError(t, err)
		send := "/v1/inboxes/" + in.ID + "/messages/send"
		body := `{"to":["a@example.com"],"subject":"hi","text":"hi","html":"hi"}`

		resp := h.raw(t, "POST", send, body)
		require.Less(t, resp.status, 300)
		assert.Equal(t, "3;w=3600", resp.header.Get("RateLimit-Policy"))
		assert.Regexp(t, `^limit=3, remaining=2, reset=\d+$`, resp.header.Get("RateLimit"))
		var sent struct {
			ID    string `json:"id"`
			Mongo string `json:"_id"`
		}
		require.NoError(t, json.Unmarshal([]byte(resp.body), &sent))

		_, err = h.client.Messages.Reply(ctx, in.ID, sent.ID+sent.Mongo, &sendook.ReplyMessageParams{Text: "again", HTML: "<p>again</p>"})
		require.NoError(t, err, "replies count too")

		resp = h.raw(t, "GET", "/v1/inboxes/"+in.ID+"/messages", "")
		assert.Empty(t, resp.header.Get("RateLimit"), "only sends and replies are limited")

		_, err = h.client.Messages.Send(ctx, in.ID, hello)
		require.NoError(t, err, "the third of 3")

		resp = h.raw(t, "POST", send, body)
		assert.Equal(t, http.StatusTooManyRequests, resp.status)
		assert.Equal(t, "3;w=3600", resp.header.Get("RateLimit-Policy"))
		rl := resp.header.Get("RateLimit")
		assert.Regexp(t, `^limit=3, remaining=0, reset=\d+$`, rl)
		retryAfter, err := strconv.Atoi(resp.header.Get("Retry-After"))
		require.NoError(t, err)
		assert.True(t, retryAfter > 0 && retryAfter <= 3600, "Retry-After %d", retryAfter)
		assert.True(t, strings.HasSuffix(rl, "reset="+resp.header.Get("Retry-After")))
		if h.real() {
			assert.Equal(t, "Too many requests, please try again later.", resp.body)
		} else {
			assert.Contains(t, resp.body, `"code":"rate_limited"`)
		}

		n := countRequests(h.srv, func() {
			_, err = h.client.Messages.Send(ctx, in.ID, hello)
		})
		require.ErrorIs(t, err, sendook.ErrRateLimited)
		assert.Equal(t, 1, n, "a wait longer than the client's maximum is not waited for")
		e := apiError(t, err)
		assert.Equal(t, time.Duration(retryAfter)*time.Second, e.RetryAfter)
		assert.Len(t, h.srv.Sent(), 3)
	}, sendooktest.WithSendRateLimit(3))
}

func TestNoSendRateLimitByDefault(t *testing.T) {
	t.Parallel()
	srv := sendooktest.NewServer()
	t.Cleanup(srv.Close)
	client := srv.Client()
	in, err := client.Inboxes.Create(ctx, nil)
	require.NoError(t, err)
	for i := range 101 { // past the real server's 100
		_, err := client.Messages.Send(ctx, in.ID, hello)
		require.NoError(t, err, "send %d", i+1)
	}
	assert.Len(t, srv.Sent(), 101)
}
