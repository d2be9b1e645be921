package sendook_test

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// After a burst of calls through every kind of fault, CloseIdleConnections
// closes every connection the client kept open, seen from the servers'
// side while they are still up; once they are closed too, no goroutine of
// the client is left running.
func TestNoConnectionOrGoroutineLeftAfterFaults(t *testing.T) {
	before := runtime.NumGoroutine()
	hang := func(_ int, _ http.ResponseWriter, r *http.Request) { <-r.Context().Done() }
	answers := []func(int, http.ResponseWriter, *http.Request){
		status(200), status(503), hangUp, status(429, "Retry-After", "0"), htmlError, hang,
	}
	// Every call but those to the server that never answers has time to
	// finish, however loaded the machine.
	timeouts := []time.Duration{10 * time.Second, 10 * time.Second, 10 * time.Second, 10 * time.Second, 10 * time.Second, 200 * time.Millisecond}
	t.Run("burst", func(t *testing.T) {
		var servers []*attemptServer
		var clients []*sendook.Client
		var wg sync.WaitGroup
		for i, answer := range answers {
			srv := newAttemptServer(t, answer)
			client := srv.client(sendook.WithMaxRetries(2))
			servers, clients = append(servers, srv), append(clients, client)
			for g := 0; g < 8; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ctx, cancel := context.WithTimeout(context.Background(), timeouts[i])
					defer cancel()
					_ = readCall(ctx, client)
					_ = writeCall(ctx, client)
				}()
			}
		}
		wg.Wait()
		require.Positive(t, servers[0].open.Load(), "the successful calls left no connection open for reuse")
		for _, c := range clients {
			c.CloseIdleConnections()
		}
		for i, srv := range servers {
			assert.True(t, eventually(func() bool { return srv.open.Load() == 0 }), "server %d: %d connections still open", i, srv.open.Load())
		}
	}) // the servers close here
	assert.True(t, settles(before), "goroutines: %d before, %d after", before, runtime.NumGoroutine())
}

// settles waits, for a few seconds at most, for the goroutine count to come
// back to n: connections and servers wind down asynchronously.
func settles(n int) bool {
	for i := 0; i < 100; i++ {
		if runtime.NumGoroutine() <= n {
			return true
		}
		time.Sleep(50 * time.Millisecond)
	}
	return false
}
