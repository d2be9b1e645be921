package sendook_test

import (
	"context"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// 64 goroutines making 20 calls each share the client's pool: no more than
// one connection is opened per goroutine, where a pool keeping only two
// idle connections per host would open hundreds.
func TestConcurrentCallersReuseConnections(t *testing.T) {
	const goroutines, calls = 64, 20
	var opened atomic.Int32
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, inboxJSON)
	}))
	srv.Config.ConnState = func(_ net.Conn, state http.ConnState) {
		if state == http.StateNew {
			opened.Add(1)
		}
	}
	srv.Start()
	defer srv.Close()

	client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(srv.URL))
	var wg sync.WaitGroup
	errs := make(chan error, goroutines*calls)
	for g := 0; g < goroutines; g++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < calls; i++ {
				if _, err := client.Inboxes.Get(context.Background(), inboxID); err != nil {
					errs <- err
				}
			}
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	assert.LessOrEqual(t, opened.Load(), int32(goroutines), "connections opened")
	t.Logf("%d calls from %d goroutines opened %d connections", goroutines*calls, goroutines, opened.Load())
}
