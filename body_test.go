package sendook_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// The read buffer grows with the data that arrives, not with what
// Content-Length announces: a response announcing 60 MiB that sends 2
// bytes and breaks off costs little over its 4 attempts.
func TestReadBufferGrowsWithTheData(t *testing.T) {
	srv := newAttemptServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := w.(http.Hijacker).Hijack()
		if err != nil {
			return
		}
		defer conn.Close()
		buf.WriteString("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 62914560\r\n\r\n[]")
		buf.Flush()
	})
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	err := readCall(context.Background(), srv.client(sendook.WithMaxRetries(3)))
	runtime.ReadMemStats(&after)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
	assert.Equal(t, 4, srv.attempts())
	allocated := after.TotalAlloc - before.TotalAlloc
	assert.Less(t, allocated, uint64(8<<20), "bytes allocated for 4 responses of 2 bytes")
}

// A body past the limit is refused with an error that names the option
// that raises it, with one "sendook:" prefix.
func TestResponseTooLargeSaysWhichOptionToRaise(t *testing.T) {
	big := `[` + strings.Repeat(`{"name":"xxxxxxxxxxxxxxx"},`, 100) + `{}]`
	tests := []struct {
		name    string
		opts    []sendook.Option
		wantErr string // "" for success
	}{
		{"under the default", nil, ""},
		{"over a lower limit", []sendook.Option{sendook.WithMaxResponseBytes(1000)}, "response body exceeds 1000 bytes"},
		{"exactly at the limit", []sendook.Option{sendook.WithMaxResponseBytes(int64(len(big)))}, ""},
		{"one byte over", []sendook.Option{sendook.WithMaxResponseBytes(int64(len(big)) - 1)}, fmt.Sprintf("response body exceeds %d bytes", len(big)-1)},
		{"zero keeps the default", []sendook.Option{sendook.WithMaxResponseBytes(0)}, ""},
		{"negative keeps the default", []sendook.Option{sendook.WithMaxResponseBytes(-1)}, ""},
	}
	for _, tc := range tests {
		for _, announced := range []bool{true, false} {
			t.Run(tc.name+map[bool]string{true: "/announced", false: "/chunked"}[announced], func(t *testing.T) {
				srv := newAttemptServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
					if announced {
						w.Header().Set("Content-Length", strconv.Itoa(len(big)))
					}
					w.WriteHeader(http.StatusOK)
					for i := 0; i < len(big); i += 100 {
						io.WriteString(w, big[i:min(i+100, len(big))])
						w.(http.Flusher).Flush()
					}
				})
				_, err := srv.client(tc.opts...).Inboxes.List(context.Background())
				if tc.wantErr == "" {
					require.NoError(t, err)
					return
				}
				require.ErrorIs(t, err, sendook.ErrResponseTooLarge)
				assert.Contains(t, err.Error(), tc.wantErr)
				assert.Contains(t, err.Error(), "WithMaxResponseBytes")
				assert.Equal(t, 1, strings.Count(err.Error(), "sendook:"), err.Error())
				assert.Equal(t, 1, srv.attempts(), "a body too large is not retried")
			})
		}
	}
}

// A body that stops arriving after the headers fails once no byte came for
// the stall timeout, like a broken connection: a read is retried, a send is
// not, and the call never hangs, even without a deadline.
func TestStalledBodyFailsLikeABrokenConnection(t *testing.T) {
	stall := func(_ int, w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(inboxJSON)))
		w.WriteHeader(http.StatusOK)
		io.WriteString(w, inboxJSON[:10])
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}
	for _, tc := range []struct {
		name string
		call func(context.Context, *sendook.Client) error
		opts []sendook.Option
		want int
	}{
		{"read", readCall, nil, 3},
		{"send", writeCall, nil, 1},
		{"send with WithRetryWrites", writeCall, []sendook.Option{sendook.WithRetryWrites()}, 3},
	} {
		t.Run(tc.name, func(t *testing.T) {
			srv := newAttemptServer(t, stall)
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			opts := append([]sendook.Option{sendook.WithMaxRetries(2), sendook.WithStallTimeout(100 * time.Millisecond)}, tc.opts...)
			err := tc.call(ctx, srv.client(opts...))
			require.Error(t, err)
			require.NoError(t, ctx.Err(), "the call waited for its deadline")
			assert.Contains(t, err.Error(), "no data for 100ms")
			assert.NotErrorIs(t, err, context.DeadlineExceeded)
			assert.Equal(t, tc.want, srv.attempts())
		})
	}
}

// A body that keeps arriving, slowly, is read to the end: the timeout is
// for a stall, not for the whole body, which here takes twice as long.
func TestSlowBodyIsNotAStall(t *testing.T) {
	const chunks, gap, stall = 10, 60 * time.Millisecond, 300 * time.Millisecond
	srv := newAttemptServer(t, func(_ int, w http.ResponseWriter, _ *http.Request) {
		w.WriteHeader(http.StatusOK)
		size := len(inboxJSON)/chunks + 1
		for i := 0; i < len(inboxJSON); i += size {
			io.WriteString(w, inboxJSON[i:min(i+size, len(inboxJSON))])
			w.(http.Flusher).Flush()
			time.Sleep(gap)
		}
	})
	start := time.Now()
	inbox, err := srv.client(sendook.WithStallTimeout(stall)).Inboxes.Get(context.Background(), inboxID)
	require.NoError(t, err)
	assert.Equal(t, inboxID, inbox.ID)
	assert.Equal(t, 1, srv.attempts())
	assert.Greater(t, time.Since(start), stall, "the body did not outlast the stall timeout: the test proves nothing")
}
