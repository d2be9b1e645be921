package sendook_test

// Benchmarks, each beside the baseline it is measured against, so that one
// run shows both:
//
//	go test -run '^$' -bench . -benchmem ./...

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"testing"
	"time"

	sendook "github.com/sendook/sendook-go"
)

// plainInbox is what a hand-written client would decode an inbox into.
type plainInbox struct {
	ID             string    `json:"_id"`
	OrganizationID string    `json:"organizationId"`
	DomainID       string    `json:"domainId"`
	Name           string    `json:"name"`
	Email          string    `json:"email"`
	CreatedAt      time.Time `json:"createdAt"`
	UpdatedAt      time.Time `json:"updatedAt"`
}

func inboxServer(b *testing.B) *httptest.Server {
	body := []byte(inboxJSON)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	return srv
}

// BenchmarkInboxGet compares Inboxes.Get with the same call written by hand
// on net/http and encoding/json, against the same loopback server.
func BenchmarkInboxGet(b *testing.B) {
	srv := inboxServer(b)
	ctx := context.Background()

	b.Run("sdk", func(b *testing.B) {
		client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(srv.URL))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			inbox, err := client.Inboxes.Get(ctx, inboxID)
			if err != nil || inbox.ID != inboxID {
				b.Fatal(inbox, err)
			}
		}
	})

	b.Run("nethttp", func(b *testing.B) {
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			getInboxByHand(b, hc, srv.URL)
		}
	})

	// Both calls in turn, so that the machine's noise weighs on both
	// alike; the ratio is the SDK's time over the hand-written call's.
	b.Run("interleaved", func(b *testing.B) {
		client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(srv.URL))
		hc := &http.Client{Transport: http.DefaultTransport.(*http.Transport).Clone()}
		var sdk, byHand time.Duration
		for i := 0; i < b.N; i++ {
			start := time.Now()
			if _, err := client.Inboxes.Get(ctx, inboxID); err != nil {
				b.Fatal(err)
			}
			mid := time.Now()
			getInboxByHand(b, hc, srv.URL)
			sdk, byHand = sdk+mid.Sub(start), byHand+time.Since(mid)
		}
		b.ReportMetric(float64(sdk.Nanoseconds())/float64(b.N), "sdk-ns/op")
		b.ReportMetric(float64(byHand.Nanoseconds())/float64(b.N), "nethttp-ns/op")
		b.ReportMetric(float64(sdk)/float64(byHand), "ratio")
	})
}

// getInboxByHand is Inboxes.Get written on net/http and encoding/json.
func getInboxByHand(b *testing.B, hc *http.Client, baseURL string) {
	req, err := http.NewRequestWithContext(context.Background(), http.MethodGet, baseURL+"/v1/inboxes/"+inboxID, nil)
	if err != nil {
		b.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+testAPIKey)
	req.Header.Set("Accept", "application/json")
	resp, err := hc.Do(req)
	if err != nil {
		b.Fatal(err)
	}
	data, err := io.ReadAll(resp.Body)
	resp.Body.Close()
	if err != nil {
		b.Fatal(err)
	}
	var inbox plainInbox
	if err := json.Unmarshal(data, &inbox); err != nil || inbox.ID != inboxID {
		b.Fatal(inbox, err)
	}
}

// BenchmarkSendAttachment reports the bytes Messages.Send allocates per
// base64 byte of a 4 MiB attachment (B/b64); the baseline is the attachment
// itself, which the caller already holds.
func BenchmarkSendAttachment(b *testing.B) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		io.WriteString(w, messageJSON)
	}))
	b.Cleanup(srv.Close)
	client := sendook.NewClient(testAPIKey, sendook.WithBaseURL(srv.URL))
	att := sendook.NewAttachment("blob.bin", "application/octet-stream", bytes.Repeat([]byte{0xA5}, 4<<20))
	params := &sendook.SendMessageParams{To: []string{"ada@example.com"}, Subject: "Report", Text: "Attached.", Attachments: []sendook.Attachment{att}}
	ctx := context.Background()
	b.SetBytes(int64(len(att.Content)))
	b.ReportAllocs()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	for i := 0; i < b.N; i++ {
		if _, err := client.Messages.Send(ctx, inboxID, params); err != nil {
			b.Fatal(err)
		}
	}
	runtime.ReadMemStats(&after)
	b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(len(att.Content)), "B/b64")
}

// BenchmarkAttachmentFromFile reports the bytes AttachmentFromFile allocates
// per base64 byte of a 4 MiB file, next to os.ReadFile plus EncodeToString.
func BenchmarkAttachmentFromFile(b *testing.B) {
	path := filepath.Join(b.TempDir(), "blob.bin")
	if err := os.WriteFile(path, bytes.Repeat([]byte{0x5A}, 4<<20), 0o600); err != nil {
		b.Fatal(err)
	}
	encoded := base64.StdEncoding.EncodedLen(4 << 20)
	measure := func(b *testing.B, attach func() (string, error)) {
		b.SetBytes(int64(encoded))
		b.ReportAllocs()
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		for i := 0; i < b.N; i++ {
			content, err := attach()
			if err != nil || len(content) != encoded {
				b.Fatal(len(content), err)
			}
		}
		runtime.ReadMemStats(&after)
		b.ReportMetric(float64(after.TotalAlloc-before.TotalAlloc)/float64(b.N)/float64(encoded), "B/b64")
	}
	b.Run("sdk", func(b *testing.B) {
		measure(b, func() (string, error) {
			a, err := sendook.AttachmentFromFile(path)
			return a.Content, err
		})
	})
	b.Run("readfile", func(b *testing.B) {
		measure(b, func() (string, error) {
			data, err := os.ReadFile(path)
			return base64.StdEncoding.EncodeToString(data), err
		})
	})
}
