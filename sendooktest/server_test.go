package sendooktest_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

func TestNewServerDefaults(t *testing.T) {
	t.Parallel()
	srv := sendooktest.NewServer()
	t.Cleanup(srv.Close)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, srv.URL)
	assert.Regexp(t, `^[0-9a-f]{96}$`, srv.APIKey, "a random key shaped like the real server's")

	other := sendooktest.NewServer()
	t.Cleanup(other.Close)
	assert.NotEqual(t, srv.APIKey, other.APIKey)
	assert.NotEqual(t, srv.URL, other.URL)

	in, err := srv.Client().Inboxes.Create(ctx, nil)
	require.NoError(t, err)
	assert.Regexp(t, objectIDPattern, in.ID, "the real dialect by default")
}

func TestWithAPIKey(t *testing.T) {
	t.Parallel()
	srv := sendooktest.NewServer(sendooktest.WithAPIKey("my-key"))
	t.Cleanup(srv.Close)
	assert.Equal(t, "my-key", srv.APIKey)
	_, err := sendook.NewClient("my-key", sendook.WithBaseURL(srv.URL)).Inboxes.List(ctx)
	require.NoError(t, err)
	_, err = sendook.NewClient("another-key", sendook.WithBaseURL(srv.URL)).Inboxes.List(ctx)
	assert.ErrorIs(t, err, sendook.ErrUnauthorized)
}

func TestClientOptionsOverrideTheDefaults(t *testing.T) {
	t.Parallel()
	srv := sendooktest.NewServer()
	t.Cleanup(srv.Close)
	srv.InjectFault(sendooktest.Fault{Status: http.StatusServiceUnavailable, Times: 5})
	n := countRequests(srv, func() {
		_, err := srv.Client(sendook.WithMaxRetries(0)).Inboxes.List(ctx)
		require.ErrorIs(t, err, sendook.ErrServer)
	})
	assert.Equal(t, 1, n)
}

func TestNewServerAt(t *testing.T) {
	t.Parallel()
	srv, err := sendooktest.NewServerAt(":0", sendooktest.WithDialect(sendooktest.DialectDocumented))
	require.NoError(t, err)
	t.Cleanup(srv.Close)
	assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, srv.URL, "reached on loopback")
	in, err := srv.Client().Inboxes.Create(ctx, nil)
	require.NoError(t, err)
	assert.True(t, strings.HasPrefix(in.ID, "ibox_"))

	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { taken.Close() })
	_, err = sendooktest.NewServerAt(taken.Addr().String())
	assert.Error(t, err, "the port is taken")
}

func TestClose(t *testing.T) {
	t.Parallel()
	srv := sendooktest.NewServer()
	client := srv.Client(sendook.WithMaxRetries(0))
	in, err := client.Inboxes.Create(ctx, nil)
	require.NoError(t, err)

	// A request held up by a fault is in flight when Close is called:
	// Close ends its wait and returns once it is done.
	srv.InjectFault(sendooktest.Fault{Status: http.StatusInternalServerError, Delay: time.Hour})
	done := make(chan error, 1)
	go func() {
		_, err := client.Inboxes.List(context.Background())
		done <- err
	}()
	for srv.RequestCount() < 2 {
		time.Sleep(time.Millisecond)
	}
	srv.Close()
	err = <-done
	require.Error(t, err)
	var apiErr *sendook.APIError
	assert.NotErrorAs(t, err, &apiErr, "the connection was closed, not answered")

	srv.Close() // twice is fine
	_, err = client.Inboxes.Get(ctx, in.ID)
	assert.Error(t, err, "nothing listens any more")
	_, err = srv.Receive(in.Email, sendooktest.InboundEmail{From: "a@example.com"})
	assert.Error(t, err)
}

func TestDialectString(t *testing.T) {
	assert.Equal(t, "real", sendooktest.DialectReal.String())
	assert.Equal(t, "documented", sendooktest.DialectDocumented.String())
	assert.Regexp(t, regexp.MustCompile(`^Dialect\(7\)$`), sendooktest.Dialect(7).String())
}

// TestCloseCancelsDeliveries closes the server while it delivers to a
// receiver that never answers: Close cancels the delivery and returns.
func TestCloseCancelsDeliveries(t *testing.T) {
	t.Parallel()
	srv := sendooktest.NewServer()
	started, cancelled := make(chan struct{}), make(chan struct{})
	hanging := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Read to the end, so that the server watches the connection.
		io.Copy(io.Discard, r.Body)
		close(started)
		<-r.Context().Done()
		close(cancelled)
	}))
	t.Cleanup(hanging.Close)
	client := srv.Client(sendook.WithMaxRetries(0))
	wh, err := client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: hanging.URL, Events: []sendook.EventType{sendook.EventMessageReceived}})
	require.NoError(t, err)

	go client.Webhooks.Test(context.Background(), wh.ID)
	<-started
	srv.Close()
	<-cancelled
}

// TestConnectionsAreReused checks that the server keeps connections alive,
// as the real one does, and that RequestCount stays exact when a fault
// drops a reused connection: a client's transport would send a GET again
// on its own if the connection closed before the answer began.
func TestConnectionsAreReused(t *testing.T) {
	t.Parallel()
	srv := sendooktest.NewServer()
	t.Cleanup(srv.Close)
	var dials atomic.Int32
	transport := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		dials.Add(1)
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	t.Cleanup(transport.CloseIdleConnections)
	client := srv.Client(sendook.WithHTTPClient(&http.Client{Transport: transport}))

	in, err := client.Inboxes.Create(ctx, nil)
	require.NoError(t, err)
	for range 3 {
		_, err := client.Inboxes.Get(ctx, in.ID)
		require.NoError(t, err)
	}
	assert.Equal(t, int32(1), dials.Load(), "one connection for four requests")

	srv.InjectFault(sendooktest.Fault{Method: "GET", Status: 0})
	n := countRequests(srv, func() {
		_, err := client.Inboxes.Get(ctx, in.ID)
		require.NoError(t, err)
	})
	assert.Equal(t, 2, n, "the dropped attempt and the SDK's retry, no more")
}
