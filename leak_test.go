package sendook_test

import (
	"context"
	"net/http"
	"runtime"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"

	sendook "github.com/sendook/sendook-go"
)

// After a burst of calls through every kind of fault, and once the client's
// idle connections are closed, no goroutine of the client is left running.
func TestNoGoroutineLeftAfterFaults(t *testing.T) {
	before := runtime.NumGoroutine()
	answers := []func(int, http.ResponseWriter, *http.Request){
		status(200), status(503), hangUp, status(429, "Retry-After", "0"), htmlError,
		func(_ int, _ http.ResponseWriter, r *http.Request) { <-r.Context().Done() },
	}
	var clients []*sendook.Client
	var wg sync.WaitGroup
	t.Run("burst", func(t *testing.T) {
		for _, answer := range answers {
			srv := newAttemptServer(t, answer)
			client := srv.client(sendook.WithMaxRetries(2))
			clients = append(clients, client)
			for g := 0; g < 8; g++ {
				wg.Add(1)
				go func() {
					defer wg.Done()
					ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
					defer cancel()
					_ = readCall(ctx, client)
					_ = writeCall(ctx, client)
				}()
			}
		}
		wg.Wait()
	}) // the servers close here
	for _, c := range clients {
		c.CloseIdleConnections()
	}
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
