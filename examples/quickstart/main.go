// Command quickstart walks through the life of an AI agent's inbox with
// Sendook: it creates an inbox, sends a message with an attachment, receives
// the recipient's reply, reads the conversation as a thread and replies
// again, printing each step.
//
// Run it from the root of the repository:
//
//	go run ./examples/quickstart
//
// With SENDOOK_API_KEY unset it needs no account and no network: it starts
// an in-memory Sendook server (package sendooktest) in this process and
// simulates the recipient's reply.
//
// With SENDOOK_API_KEY set, and SENDOOK_BASE_URL for a self-hosted server,
// it runs against that server instead and skips the simulated reply. The
// message then goes to the address given with -to, or else to the new inbox
// itself, so that nobody else gets mail:
//
//	SENDOOK_API_KEY=... go run ./examples/quickstart -to you@example.com
package main

import (
	"context"
	"encoding/base64"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

func main() {
	to := flag.String("to", "", "recipient `address` (default: ada@example.com on the embedded server, the new inbox itself on a real one)")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	err := run(ctx, os.Stdout, config{
		apiKey:  os.Getenv("SENDOOK_API_KEY"),
		baseURL: os.Getenv("SENDOOK_BASE_URL"),
		to:      *to,
	})
	cancel()
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "quickstart:", err)
		os.Exit(1)
	}
}

// config is what the environment and the flags choose.
type config struct {
	apiKey  string // empty: start the embedded server
	baseURL string // empty: the hosted API
	to      string // the recipient; empty for the default
}

// run walks through the steps, telling out what happens.
func run(ctx context.Context, out io.Writer, cfg config) error {
	var client *sendook.Client
	var srv *sendooktest.Server // nil on a real server
	if cfg.apiKey == "" {
		var err error
		srv, err = sendooktest.NewServerAt("127.0.0.1:0")
		if err != nil {
			return fmt.Errorf("starting the embedded server: %w", err)
		}
		defer srv.Close()
		client = srv.Client()
		fmt.Fprintln(out, "SENDOOK_API_KEY is not set: using an in-memory Sendook server (sendooktest) in this process, so nothing leaves this machine.")
	} else {
		var opts []sendook.Option
		if cfg.baseURL != "" {
			opts = append(opts, sendook.WithBaseURL(cfg.baseURL))
		}
		client = sendook.NewClient(cfg.apiKey, append(opts, sendook.WithUserAgent("sendook-quickstart"))...)
		fmt.Fprintf(out, "Using the Sendook API at %s.\n", client.BaseURL())
	}

	// 1. The agent gets an inbox of its own.
	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "Quickstart agent"})
	if err != nil {
		return fmt.Errorf("creating an inbox: %w", err)
	}
	fmt.Fprintf(out, "\n1. Created the inbox %s (name %q).\n", inbox.Email, inbox.Name)

	to := cfg.to
	switch {
	case to != "":
	case srv != nil:
		to = "ada@example.com"
	default:
		to = inbox.Email
	}

	// 2. It sends a message with an attachment.
	invoice := []byte("Invoice 2025-031\n\n1 x Sendook Pro, March    49.00 EUR\nTotal                     49.00 EUR\n")
	sent, err := client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{
		To:          []string{to},
		Subject:     "Your invoice for March",
		Text:        "Hello,\n\nyour invoice for March is attached.\n\nThe quickstart agent",
		HTML:        "<p>Hello,</p><p>your invoice for March is attached.</p><p>The quickstart agent</p>",
		Labels:      []string{"invoices"},
		Attachments: []sendook.Attachment{sendook.NewAttachment("invoice-2025-03.txt", "text/plain", invoice)},
	})
	if err != nil {
		return fmt.Errorf("sending a message: %w", err)
	}
	fmt.Fprintf(out, "2. Sent %q\n   from %s to %s, status %s\n", sent.Subject, sent.From, strings.Join(sent.To, ", "), status(sent))
	for _, a := range sent.Attachments {
		data, _ := base64.StdEncoding.DecodeString(a.Content)
		fmt.Fprintf(out, "   attached: %s (%s, %d bytes)\n", a.Name, a.ContentType, len(data))
	}

	// 3. The recipient answers. On the embedded server that is simulated;
	// on a real one replies arrive by email, whenever they do.
	answerTo := sent
	if srv == nil {
		fmt.Fprintln(out, "3. Skipped simulating the recipient's reply: that needs the embedded server. Real replies arrive by email; examples/reply-agent shows how to act on them as they come.")
	} else {
		received, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{
			From:      to,
			Subject:   "Re: " + sent.Subject,
			Text:      "Thanks! Could you send me February's invoice too?",
			InReplyTo: sent.ID,
		})
		if err != nil {
			return fmt.Errorf("simulating the reply: %w", err)
		}
		answerTo = received
		fmt.Fprintf(out, "3. Received %q (simulated)\n   from %s: %q\n", received.Subject, received.From, received.Text)
	}

	// 4. The agent reads the conversation.
	thread, err := client.Threads.Get(ctx, inbox.ID, sent.ThreadID)
	if err != nil {
		return fmt.Errorf("reading the thread: %w", err)
	}
	fmt.Fprintf(out, "4. The thread has %s:\n", count(len(thread.Messages), "message"))
	for _, m := range thread.Messages {
		fmt.Fprintf(out, "   %-10s %s -> %s: %s\n", "["+status(&m)+"]", m.From, strings.Join(m.To, ", "), m.Subject)
	}

	// 5. It replies in the thread, to the last message.
	text := "Of course: February's invoice follows in a separate message."
	if srv == nil {
		text = "A follow-up in the same thread."
	}
	reply, err := client.Messages.Reply(ctx, inbox.ID, answerTo.ID, &sendook.ReplyMessageParams{
		Text: text,
		HTML: "<p>" + text + "</p>",
	})
	if err != nil {
		return fmt.Errorf("replying: %w", err)
	}
	fmt.Fprintf(out, "5. Replied %q\n   from %s to %s: %q\n", reply.Subject, reply.From, strings.Join(reply.To, ", "), text)

	thread, err = client.Threads.Get(ctx, inbox.ID, sent.ThreadID)
	if err != nil {
		return fmt.Errorf("reading the thread again: %w", err)
	}
	fmt.Fprintf(out, "\nThe thread now has %s.\n", count(len(thread.Messages), "message"))
	if srv != nil {
		fmt.Fprintf(out, "The embedded server recorded %s going out (srv.Sent()); none left this machine.\n", count(len(srv.Sent()), "email"))
	} else {
		fmt.Fprintf(out, "The inbox %s stays in your account; delete it with client.Inboxes.Delete.\n", inbox.Email)
	}
	return nil
}

// status returns a message's status, or "-" when the server gave none.
func status(m *sendook.Message) string {
	if m.Status == "" {
		return "-"
	}
	return string(m.Status)
}

// count returns "1 message", "2 messages" and so on.
func count(n int, noun string) string {
	if n == 1 {
		return "1 " + noun
	}
	return fmt.Sprintf("%d %ss", n, noun)
}
