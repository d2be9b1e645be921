package main

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

const secret = "whsec_test"

// logBuffer collects log output written from the server's goroutines.
type logBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *logBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *logBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

func newLogger() (*slog.Logger, *logBuffer) {
	var b logBuffer
	return slog.New(slog.NewTextHandler(&b, nil)), &b
}

func sign(body string) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write([]byte(body))
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

func post(t *testing.T, url, body, signature string) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	if signature != "" {
		req.Header.Set(sendook.WebhookSignatureHeader, signature)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.StatusCode
}

const delivery = `{"event":"message.received","inboxId":"65f1c0e2a4b1c2d3e4f5a6b7","messageId":"65f1c0e2a4b1c2d3e4f5a6d2",` +
	`"payload":{"_id":"65f1c0e2a4b1c2d3e4f5a6d2","inboxId":"65f1c0e2a4b1c2d3e4f5a6b7","from":"ada@example.com",` +
	`"to":["support@sendook.com"],"subject":"Invoice","text":"See attached.","status":"received","__v":0}}`

func TestHandlerLogsSignedEvents(t *testing.T) {
	logger, logs := newLogger()
	ts := httptest.NewServer(newHandler(logger, secret))
	defer ts.Close()

	if code := post(t, ts.URL+hookPath, delivery, sign(delivery)); code != http.StatusOK {
		t.Fatalf("signed delivery: status %d, want 200", code)
	}
	for _, want := range []string{
		"msg=\"webhook event\"", "event=message.received", "inbox_id=65f1c0e2a4b1c2d3e4f5a6b7",
		"message_id=65f1c0e2a4b1c2d3e4f5a6d2", "from=ada@example.com", "to=[support@sendook.com]", "subject=Invoice",
	} {
		if !strings.Contains(logs.String(), want) {
			t.Errorf("log lacks %q:\n%s", want, logs)
		}
	}

	before := logs.String()
	if code := post(t, ts.URL+hookPath, delivery, ""); code != http.StatusUnauthorized {
		t.Errorf("unsigned delivery: status %d, want 401", code)
	}
	if code := post(t, ts.URL+hookPath, delivery, sign(delivery+" ")); code != http.StatusUnauthorized {
		t.Errorf("badly signed delivery: status %d, want 401", code)
	}
	if logs.String() != before {
		t.Errorf("refused deliveries were logged:\n%s", strings.TrimPrefix(logs.String(), before))
	}
}

func TestHandlerWithoutSecretAcceptsUnsigned(t *testing.T) {
	logger, logs := newLogger()
	ts := httptest.NewServer(newHandler(logger, ""))
	defer ts.Close()

	if code := post(t, ts.URL+hookPath, delivery, ""); code != http.StatusOK {
		t.Fatalf("unsigned delivery without a secret: status %d, want 200", code)
	}
	if !strings.Contains(logs.String(), "subject=Invoice") {
		t.Errorf("event not logged:\n%s", logs)
	}
}

// TestWithSendook registers the receiver with an in-memory Sendook that
// signs its deliveries, and checks what each kind of event logs.
func TestWithSendook(t *testing.T) {
	logger, logs := newLogger()
	ts := httptest.NewServer(newHandler(logger, secret))
	defer ts.Close()
	srv := sendooktest.NewServer(sendooktest.WithWebhookSecret(secret))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	hook, err := client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{
		URL:    ts.URL + hookPath,
		Events: []sendook.EventType{sendook.EventInboxCreated, sendook.EventMessageReceived},
	})
	if err != nil {
		t.Fatal(err)
	}
	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support"})
	if err != nil {
		t.Fatal(err)
	}
	// Deliveries are finished when the call that caused them returns.
	if !strings.Contains(logs.String(), "event=inbox.created inbox_id="+inbox.ID+" email=support@sendook.com") {
		t.Errorf("inbox.created not logged:\n%s", logs)
	}
	if _, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "ada@example.com", Subject: "Hello there"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `subject="Hello there"`) {
		t.Errorf("message.received not logged:\n%s", logs)
	}
	if err := client.Webhooks.Test(ctx, hook.ID); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(logs.String(), `msg="test event" event=message.received`) {
		t.Errorf("test event not logged:\n%s", logs)
	}

	attempts, err := client.Webhooks.ListAttempts(ctx, hook.ID)
	if err != nil {
		t.Fatal(err)
	}
	if len(attempts) != 3 {
		t.Errorf("got %d delivery attempts, want 3", len(attempts))
	}
	for _, a := range attempts {
		if a.Status != http.StatusOK {
			t.Errorf("a delivery got status %d (%s), want 200", a.Status, a.Error)
		}
	}
}

func TestServeShutsDownWhenContextEnds(t *testing.T) {
	logger, logs := newLogger()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	errc := make(chan error, 1)
	go func() { errc <- serve(ctx, ln, newHandler(logger, secret), logger) }()

	if code := post(t, "http://"+ln.Addr().String()+hookPath, delivery, sign(delivery)); code != http.StatusOK {
		t.Errorf("delivery: status %d, want 200", code)
	}
	cancel()
	if err := <-errc; err != nil {
		t.Errorf("serve returned %v after the context ended, want nil", err)
	}
	if !strings.Contains(logs.String(), "shutting down") {
		t.Errorf("shutdown not logged:\n%s", logs)
	}
}
