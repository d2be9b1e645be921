package main

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// wantLines checks that out contains each of want, in order.
func wantLines(t *testing.T, out string, want ...string) {
	t.Helper()
	rest := out
	for _, w := range want {
		i := strings.Index(rest, w)
		if i < 0 {
			t.Fatalf("output lacks %q (or has it out of order):\n%s", w, out)
		}
		rest = rest[i+len(w):]
	}
}

func TestRunEmbedded(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out, config{}); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	if first, _, _ := strings.Cut(out.String(), "\n"); !strings.Contains(first, "in-memory Sendook server") {
		t.Errorf("first line does not say the embedded server is used: %q", first)
	}
	wantLines(t, out.String(),
		"1. Created the inbox quickstart-agent@sendook.com",
		`2. Sent "Your invoice for March"`,
		"from quickstart-agent@sendook.com to ada@example.com, status sent",
		"attached: invoice-2025-03.txt (text/plain, 90 bytes)",
		`3. Received "Re: Your invoice for March" (simulated)`,
		"from ada@example.com",
		"4. The thread has 2 messages:",
		"[sent]     quickstart-agent@sendook.com -> ada@example.com: Your invoice for March",
		"[received] ada@example.com -> quickstart-agent@sendook.com: Re: Your invoice for March",
		`5. Replied "Re: Your invoice for March"`,
		"from quickstart-agent@sendook.com to ada@example.com",
		"The thread now has 3 messages.",
		"recorded 2 emails going out",
	)
}

func TestRunEmbeddedOtherRecipient(t *testing.T) {
	var out strings.Builder
	if err := run(context.Background(), &out, config{to: "grace@example.org"}); err != nil {
		t.Fatalf("run: %v", err)
	}
	wantLines(t, out.String(), "to grace@example.org", "from grace@example.org", "to grace@example.org")
}

// TestRunWithAPIKey runs the steps meant for a real server against an
// in-memory one in the documented dialect.
func TestRunWithAPIKey(t *testing.T) {
	srv := sendooktest.NewServer(sendooktest.WithDialect(sendooktest.DialectDocumented))
	defer srv.Close()

	var out strings.Builder
	if err := run(context.Background(), &out, config{apiKey: srv.APIKey, baseURL: srv.URL}); err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	wantLines(t, out.String(),
		"Using the Sendook API at "+srv.URL+".",
		"1. Created the inbox quickstart-agent@sendook.com",
		"from quickstart-agent@sendook.com to quickstart-agent@sendook.com, status sent",
		"3. Skipped simulating the recipient's reply",
		"4. The thread has 1 message:",
		`5. Replied "Re: Your invoice for March"`,
		"The thread now has 2 messages.",
		"The inbox quickstart-agent@sendook.com stays in your account",
	)
	if strings.Contains(out.String(), "in-memory") {
		t.Errorf("output claims the embedded server is used:\n%s", out.String())
	}

	sent := srv.Sent()
	if len(sent) != 2 {
		t.Fatalf("server recorded %d sent messages, want 2", len(sent))
	}
	for _, m := range sent {
		// Without -to, nobody but the inbox itself gets mail.
		if !slices.Equal(m.To, []string{"quickstart-agent@sendook.com"}) {
			t.Errorf("message %q went to %v, want the inbox itself", m.Subject, m.To)
		}
	}
	if len(sent[0].Attachments) != 1 || sent[0].Attachments[0].Name != "invoice-2025-03.txt" {
		t.Errorf("first message's attachments = %+v, want invoice-2025-03.txt", sent[0].Attachments)
	}
}

func TestRunBadKey(t *testing.T) {
	srv := sendooktest.NewServer()
	defer srv.Close()

	var out strings.Builder
	err := run(context.Background(), &out, config{apiKey: "not-the-key", baseURL: srv.URL})
	if !errors.Is(err, sendook.ErrUnauthorized) {
		t.Fatalf("run with a wrong key: err = %v, want one matching ErrUnauthorized", err)
	}
	if !strings.Contains(err.Error(), "creating an inbox") {
		t.Errorf("error %q does not say which step failed", err)
	}
}
