package main

import (
	"bytes"
	"context"
	"log/slog"
	"net"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

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

func TestRunDemo(t *testing.T) {
	var logs logBuffer
	var out strings.Builder
	if err := runDemo(context.Background(), &out, slog.New(slog.NewTextHandler(&logs, nil))); err != nil {
		t.Fatalf("runDemo: %v\noutput so far:\n%s\nlog:\n%s", err, out.String(), logs.String())
	}
	rest := out.String()
	for _, want := range []string{
		"against an in-memory Sendook server",
		"Agent inbox:  reply-agent@sendook.com",
		"Webhook:      http://127.0.0.1:",
		"An email arrives (simulated):",
		"From:    ada@example.com",
		"Subject: Opening hours?",
		"The agent replied in the thread:",
		"From:    reply-agent@sendook.com",
		"To:      ada@example.com",
		"Subject: Re: Opening hours?",
		"This is an automatic reply",
		"> Hi, are you open on Saturday?",
		"The thread now has 2 messages.",
	} {
		i := strings.Index(rest, want)
		if i < 0 {
			t.Fatalf("output lacks %q (or has it out of order):\n%s", want, out.String())
		}
		rest = rest[i+len(want):]
	}
	if !strings.Contains(logs.String(), "msg=replied") {
		t.Errorf("the agent did not log its reply:\n%s", logs.String())
	}
}

// TestRunAgent runs the long-lived agent against an in-memory server.
func TestRunAgent(t *testing.T) {
	const secret = "whsec_test"
	srv := sendooktest.NewServer(sendooktest.WithWebhookSecret(secret))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var logs logBuffer
	agentCtx, stop := context.WithCancel(ctx)
	defer stop()
	errc := make(chan error, 1)
	go func() {
		errc <- runAgent(agentCtx, slog.New(slog.NewTextHandler(&logs, nil)), client, ln, "http://"+ln.Addr().String()+hookPath, secret)
	}()
	waitForWebhooks(t, client, 1)

	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support"})
	if err != nil {
		t.Fatal(err)
	}
	in, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "grace@example.org", Subject: "Invoice", Text: "Where is it?"})
	if err != nil {
		t.Fatal(err)
	}
	// The delivery, and so the reply, is done when Receive returns.
	sent := srv.Sent()
	if len(sent) != 1 {
		t.Fatalf("the agent sent %d messages, want 1 reply; log:\n%s", len(sent), logs.String())
	}
	reply := sent[0]
	if !slices.Equal(reply.To, []string{"grace@example.org"}) || reply.Subject != "Re: Invoice" || reply.ThreadID != in.ThreadID {
		t.Errorf("reply = to %v, subject %q, thread %q; want to grace@example.org, \"Re: Invoice\", thread %q", reply.To, reply.Subject, reply.ThreadID, in.ThreadID)
	}
	if !strings.Contains(reply.Text, "> Where is it?") {
		t.Errorf("reply does not quote the email:\n%s", reply.Text)
	}

	// Mail from another inbox of the organization is not answered.
	other, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "other agent"})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{From: other.Email, Subject: "Re: Invoice", Text: "Automatic reply"}); err != nil {
		t.Fatal(err)
	}
	if n := len(srv.Sent()); n != 1 {
		t.Errorf("after mail from an inbox of ours, %d messages were sent, want still 1", n)
	}

	stop()
	if err := <-errc; err != nil {
		t.Errorf("runAgent returned %v when stopped, want nil", err)
	}
	hooks, err := client.Webhooks.List(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(hooks) != 0 {
		t.Errorf("%d webhooks left after the agent stopped, want 0", len(hooks))
	}
}

// waitForWebhooks waits until the server has n webhooks.
func waitForWebhooks(t *testing.T, client *sendook.Client, n int) {
	t.Helper()
	for {
		hooks, err := client.Webhooks.List(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		if len(hooks) == n {
			return
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestStartAgentNeedsPublicURL(t *testing.T) {
	err := startAgent(context.Background(), slog.Default(), "key", "", "127.0.0.1:0", "", "")
	if err == nil || !strings.Contains(err.Error(), "-public-url is required") {
		t.Errorf("startAgent without -public-url: err = %v, want one naming the flag", err)
	}
}
