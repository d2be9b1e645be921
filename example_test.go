package sendook_test

import (
	"context"
	"errors"
	"fmt"
	"log"
	"log/slog"
	"net/http/httptest"
	"os"
	"strings"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

func ExampleNewClient() {
	// A program makes one client with its API key and shares it:
	//
	//	client := sendook.NewClient(os.Getenv("SENDOOK_API_KEY"))
	//
	// Here the client talks to an in-memory server instead of the hosted
	// API, as it would to a self-hosted one.
	srv := sendooktest.NewServer()
	defer srv.Close()

	client := sendook.NewClient(srv.APIKey,
		sendook.WithBaseURL(srv.URL),
		sendook.WithUserAgent("support-agent/1.0"),
		sendook.WithMaxRetries(5),
	)
	inboxes, err := client.Inboxes.List(context.Background())
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("inboxes:", len(inboxes))
	fmt.Println("key shown by fmt:", strings.Contains(fmt.Sprintf("%+v", client), srv.APIKey))
	// Output:
	// inboxes: 0
	// key shown by fmt: false
}

func ExampleInboxesService_Create() {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// An address made up from the name, on Sendook's domain.
	support, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "Support Team"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(support.Name, support.Email)

	// nil params: a generated address.
	inbox, err := client.Inboxes.Create(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(inbox.Email)
	// Output:
	// Support Team support-team@sendook.com
	// inbox@sendook.com
}

func ExampleMessagesService_Send() {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "billing"})
	if err != nil {
		log.Fatal(err)
	}
	msg, err := client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{
		To:          []string{"ada@example.com"},
		CC:          []string{"accounts@example.com"},
		Subject:     "Your invoice",
		Text:        "Hi Ada, your invoice is attached.",
		HTML:        "<p>Hi Ada, your invoice is attached.</p>",
		Labels:      []string{"invoices"},
		Attachments: []sendook.Attachment{sendook.NewAttachment("invoice.txt", "text/plain", []byte("Total: 49.00 EUR"))},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(msg.From, "->", msg.To, "cc", msg.CC)
	fmt.Println(msg.Subject, "|", msg.Status, "|", msg.Attachments[0].Name)

	// Labels, like subjects and bodies, can be searched.
	found, err := client.Messages.List(ctx, inbox.ID, &sendook.ListMessagesParams{Query: "invoices"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("found:", len(found))
	// Output:
	// billing@sendook.com -> [ada@example.com] cc [accounts@example.com]
	// Your invoice | sent | invoice.txt
	// found: 1
}

func ExampleMessagesService_Reply() {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support"})
	if err != nil {
		log.Fatal(err)
	}
	// An email arrives. A real program learns of it from a webhook.
	received, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{
		From:    "ada@example.com",
		Subject: "Cannot log in",
		Text:    "My password reset link has expired.",
	})
	if err != nil {
		log.Fatal(err)
	}

	reply, err := client.Messages.Reply(ctx, inbox.ID, received.ID, &sendook.ReplyMessageParams{
		Text: "Here is a new link.",
		HTML: "<p>Here is a new link.</p>",
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(reply.From, "->", reply.To)
	fmt.Println(reply.Subject)
	fmt.Println("same thread:", reply.ThreadID == received.ThreadID)
	// Output:
	// support@sendook.com -> [ada@example.com]
	// Re: Cannot log in
	// same thread: true
}

func ExampleThreadsService_Get() {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "scheduler"})
	if err != nil {
		log.Fatal(err)
	}
	sent, err := client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{
		To:      []string{"ada@example.com"},
		Subject: "Meeting on Friday?",
		Text:    "Does 10:00 work for you?",
		HTML:    "<p>Does 10:00 work for you?</p>",
	})
	if err != nil {
		log.Fatal(err)
	}
	// Ada's answer joins the thread of the message it replies to.
	_, err = srv.Receive(inbox.Email, sendooktest.InboundEmail{
		From:      "ada@example.com",
		Subject:   "Re: Meeting on Friday?",
		Text:      "10:00 is fine.",
		InReplyTo: sent.ID,
	})
	if err != nil {
		log.Fatal(err)
	}

	thread, err := client.Threads.Get(ctx, inbox.ID, sent.ThreadID)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(thread.Messages), "messages")
	for _, m := range thread.Messages {
		fmt.Printf("%s (%s): %s\n", m.From, m.Status, m.Text)
	}
	// Output:
	// 2 messages
	// scheduler@sendook.com (sent): Does 10:00 work for you?
	// ada@example.com (received): 10:00 is fine.
}

// A webhook handler served to an in-memory Sendook server that signs its
// deliveries.
func ExampleNewWebhookHandler_sendooktest() {
	const secret = "whsec_example"
	srv := sendooktest.NewServer(sendooktest.WithWebhookSecret(secret))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	handler := sendook.NewWebhookHandler(func(ctx context.Context, event *sendook.WebhookEvent) error {
		// For the server's test event, Message returns ErrTestEvent,
		// which the handler acknowledges.
		msg, err := event.Message()
		if err != nil {
			return err
		}
		fmt.Printf("%s: %s wrote %q\n", event.Event, msg.From, msg.Subject)
		return nil
	}, sendook.WithWebhookSecret(secret))
	receiver := httptest.NewServer(handler)
	defer receiver.Close()

	hook, err := client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{
		URL:    receiver.URL,
		Events: []sendook.EventType{sendook.EventMessageReceived},
	})
	if err != nil {
		log.Fatal(err)
	}
	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support"})
	if err != nil {
		log.Fatal(err)
	}
	// Deliveries are done when the call that caused them returns.
	if _, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "ada@example.com", Subject: "Hello"}); err != nil {
		log.Fatal(err)
	}
	if err := client.Webhooks.Test(ctx, hook.ID); err != nil {
		log.Fatal(err)
	}

	attempts, err := client.Webhooks.ListAttempts(ctx, hook.ID)
	if err != nil {
		log.Fatal(err)
	}
	for _, a := range attempts {
		fmt.Println("delivery answered", a.Status)
	}
	// Output:
	// message.received: ada@example.com wrote "Hello"
	// delivery answered 200
	// delivery answered 200
}

// Failures match sentinel errors through errors.Is, and carry their
// details in an *APIError.
func Example_errors() {
	srv := sendooktest.NewServer(sendooktest.WithSendRateLimit(1))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	_, err := client.Inboxes.Get(ctx, "65f1c0e2a4b1c2d3e4f5a6b7")
	if errors.Is(err, sendook.ErrNotFound) {
		fmt.Println("no such inbox")
	}
	var apiErr *sendook.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message, apiErr.Method, apiErr.Path)
	}
	fmt.Println(err)

	// Bad parameters are refused before anything is sent.
	inbox, err := client.Inboxes.Create(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{Subject: "No recipient"})
	var invalid *sendook.ValidationError
	if errors.Is(err, sendook.ErrInvalidRequest) && errors.As(err, &invalid) {
		fmt.Println("invalid:", invalid.Field, invalid.Reason)
	}

	// Past the send rate limit, the error says how long to wait.
	params := &sendook.SendMessageParams{To: []string{"ada@example.com"}, Subject: "Hi", Text: "Hi", HTML: "<p>Hi</p>"}
	for range 2 {
		_, err = client.Messages.Send(ctx, inbox.ID, params)
	}
	if errors.Is(err, sendook.ErrRateLimited) && errors.As(err, &apiErr) {
		fmt.Println("rate limited; retry after a while:", apiErr.RetryAfter > 0)
	}
	// Output:
	// no such inbox
	// 404 Inbox not found GET /v1/inboxes/65f1c0e2a4b1c2d3e4f5a6b7
	// sendook: GET /v1/inboxes/65f1c0e2a4b1c2d3e4f5a6b7: 404 Not Found: Inbox not found
	// invalid: To needs at least one recipient
	// rate limited; retry after a while: true
}

// An APIKey shows its secret as [REDACTED] under every fmt verb and in
// log/slog; encoding/json still carries it, so that it can be stored.
func ExampleAPIKey_LogValue() {
	key := sendook.APIKey{ID: "key_1", Name: "CI", Key: "sk_live_secret", Active: true}
	dropTime := func(_ []string, a slog.Attr) slog.Attr {
		if a.Key == slog.TimeKey || strings.HasSuffix(a.Key, "At") {
			return slog.Attr{}
		}
		return a
	}
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{ReplaceAttr: dropTime}))
	logger.Info("created", "key", key)
	fmt.Printf("%s\n", key.Name)
	fmt.Println(strings.Contains(fmt.Sprintf("%v %+v %#v %s %q", key, key, key, key, key), key.Key))
	// Output:
	// level=INFO msg=created key.id=key_1 key.name=CI key.key=[REDACTED] key.organizationId="" key.active=true
	// CI
	// false
}
