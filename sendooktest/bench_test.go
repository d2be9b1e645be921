package sendooktest_test

// Benchmarks of the server against a bare httptest handler that answers
// the same bytes, each pair measured in turn so that the machine's noise
// weighs on both alike; "ratio" is this server's time over the bare one's:
//
//	go test -run '^$' -bench . ./sendooktest

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// fixedAnswer serves, to every request, one recorded answer.
func fixedAnswer(b *testing.B, status int, header http.Header, body []byte) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		for k, v := range header {
			w.Header()[k] = v
		}
		w.WriteHeader(status)
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// recordAnswer makes a raw call to srv and keeps what it answered.
func recordAnswer(b *testing.B, srv *sendooktest.Server, method, path, body string) (int, http.Header, []byte) {
	req, err := http.NewRequest(method, srv.URL+path, nil)
	if body != "" {
		req, err = http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
	}
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+srv.APIKey)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	defer res.Body.Close()
	data, err := io.ReadAll(res.Body)
	if err != nil {
		b.Fatal(err)
	}
	h := res.Header.Clone()
	h.Del("Date")
	h.Del("Content-Length")
	return res.StatusCode, h, data
}

// interleave runs call against this package's server and against a fixed
// answer in turn, and reports both times and their ratio.
func interleave(b *testing.B, fake, fixed *sendook.Client, call func(c *sendook.Client) error) {
	var tFake, tFixed time.Duration
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		start := time.Now()
		if err := call(fake); err != nil {
			b.Fatal(err)
		}
		mid := time.Now()
		if err := call(fixed); err != nil {
			b.Fatal(err)
		}
		tFake, tFixed = tFake+mid.Sub(start), tFixed+time.Since(mid)
	}
	b.ReportMetric(float64(tFake.Nanoseconds())/float64(b.N), "sendooktest-ns/op")
	b.ReportMetric(float64(tFixed.Nanoseconds())/float64(b.N), "httptest-ns/op")
	b.ReportMetric(float64(tFake)/float64(tFixed), "ratio")
}

// BenchmarkSDKCall compares SDK calls answered by a Server with the same
// calls answered by a bare httptest handler.
func BenchmarkSDKCall(b *testing.B) {
	ctx := context.Background()
	srv := sendooktest.NewServer()
	b.Cleanup(srv.Close)
	fake := srv.Client(sendook.WithMaxRetries(0))
	inbox, err := fake.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "bench"})
	if err != nil {
		b.Fatal(err)
	}
	for i := range 100 {
		if _, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{
			From: "a@example.com", Subject: fmt.Sprint("Message ", i), Text: "Hello there, this is message number " + fmt.Sprint(i) + ".",
		}); err != nil {
			b.Fatal(err)
		}
	}
	fixedClient := func(status int, header http.Header, body []byte) *sendook.Client {
		return sendook.NewClient(srv.APIKey, sendook.WithBaseURL(fixedAnswer(b, status, header, body).URL), sendook.WithMaxRetries(0))
	}

	b.Run("get", func(b *testing.B) {
		fixed := fixedClient(recordAnswer(b, srv, "GET", "/v1/inboxes/"+inbox.ID, ""))
		interleave(b, fake, fixed, func(c *sendook.Client) error {
			_, err := c.Inboxes.Get(ctx, inbox.ID)
			return err
		})
	})
	b.Run("list100", func(b *testing.B) {
		fixed := fixedClient(recordAnswer(b, srv, "GET", "/v1/inboxes/"+inbox.ID+"/messages", ""))
		interleave(b, fake, fixed, func(c *sendook.Client) error {
			list, err := c.Messages.List(ctx, inbox.ID, nil)
			if err == nil && len(list) != 100 {
				err = fmt.Errorf("listed %d messages", len(list))
			}
			return err
		})
	})
	b.Run("create", func(b *testing.B) {
		fixed := fixedClient(recordAnswer(b, srv, "POST", "/v1/inboxes", `{"name":"bench create"}`))
		params := &sendook.CreateInboxParams{Name: "bench create"}
		interleave(b, fake, fixed, func(c *sendook.Client) error {
			_, err := c.Inboxes.Create(ctx, params)
			return err
		})
	})
}

// BenchmarkNewServerClose compares starting and closing a Server with
// starting and closing an httptest.Server, in turn.
func BenchmarkNewServerClose(b *testing.B) {
	handler := http.HandlerFunc(func(http.ResponseWriter, *http.Request) {})
	var tOurs, tTheirs time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		sendooktest.NewServer().Close()
		mid := time.Now()
		httptest.NewServer(handler).Close()
		tOurs, tTheirs = tOurs+mid.Sub(start), tTheirs+time.Since(mid)
	}
	b.ReportMetric(float64(tOurs.Nanoseconds())/float64(b.N), "sendooktest-ns/op")
	b.ReportMetric(float64(tTheirs.Nanoseconds())/float64(b.N), "httptest-ns/op")
	b.ReportMetric(float64(tOurs)/float64(tTheirs), "ratio")
}
