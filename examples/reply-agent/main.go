// Command reply-agent is a small autoresponder: it registers a webhook for
// message.received, and answers each email that arrives in the email's
// thread.
//
// Run it from the root of the repository:
//
//	go run ./examples/reply-agent
//
// With SENDOOK_API_KEY unset it runs once, end to end, with no account and
// no network: it starts an in-memory Sendook server (package sendooktest),
// listens for webhooks on 127.0.0.1, registers its webhook, simulates one
// incoming email, prints the agent's reply and exits.
//
// With SENDOOK_API_KEY set (and SENDOOK_BASE_URL for a self-hosted server)
// it is a long-running agent. It listens on -listen, registers -public-url,
// the address at which Sendook reaches that listener, as a webhook, replies
// to every email until Ctrl-C, then deletes the webhook:
//
//	SENDOOK_API_KEY=... go run ./examples/reply-agent -listen :8080 -public-url https://agent.example.com/hooks/sendook
//
// With $SENDOOK_WEBHOOK_SECRET set it accepts only deliveries signed with
// that secret. The secret comes from the environment, never from a flag: a
// command line shows in ps, in shell history and, as a flag's default, in
// -h.
package main

import (
	"cmp"
	"context"
	"errors"
	"flag"
	"fmt"
	"html"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// hookPath is where the agent receives webhook deliveries.
const hookPath = "/hooks/sendook"

// secretEnv names the environment variable the webhook secret is read from.
const secretEnv = "SENDOOK_WEBHOOK_SECRET"

// config is what the command runs with.
type config struct {
	listen, publicURL string
	secret            string // from secretEnv; empty: signatures are not checked
}

// parseConfig reads the flags in args and the secret from getenv. -h
// writes the usage to out and returns flag.ErrHelp; it says where the
// secrets come from, never what they are.
func parseConfig(args []string, getenv func(string) string, out io.Writer) (config, error) {
	cfg := config{secret: getenv(secretEnv)}
	fs := flag.NewFlagSet("reply-agent", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&cfg.listen, "listen", "127.0.0.1:8080", "`address` to receive webhook deliveries on (with SENDOOK_API_KEY)")
	fs.StringVar(&cfg.publicURL, "public-url", "", "`URL` at which Sendook reaches the listener, such as https://agent.example.com"+hookPath+" (required with SENDOOK_API_KEY)")
	fs.Usage = func() {
		fmt.Fprintln(out, "Usage: reply-agent [-listen address -public-url URL]")
		fs.PrintDefaults()
		fmt.Fprintf(out, "The API key (from $SENDOOK_API_KEY) and the webhook signing secret (from $%s)\nare read from the environment only. Without the key, a demo runs offline.\n", secretEnv)
	}
	err := fs.Parse(args)
	return cfg, err
}

func main() {
	cfg, err := parseConfig(os.Args[1:], os.Getenv, os.Stderr)
	if errors.Is(err, flag.ErrHelp) {
		return
	}
	if err != nil {
		os.Exit(2)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	if apiKey := os.Getenv("SENDOOK_API_KEY"); apiKey == "" {
		demoCtx, cancel := context.WithTimeout(ctx, time.Minute)
		err = runDemo(demoCtx, os.Stdout, logger)
		cancel()
	} else {
		err = startAgent(ctx, logger, apiKey, os.Getenv("SENDOOK_BASE_URL"), cfg.listen, cfg.publicURL, cfg.secret)
	}
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "reply-agent:", err)
		os.Exit(1)
	}
}

// agent answers incoming email.
type agent struct {
	client *sendook.Client
	logger *slog.Logger
	// done, when not nil, is told the outcome of each email the agent
	// tried to answer, unless nobody is ready to hear it.
	done chan<- error
}

// handler returns the http.Handler that receives the agent's webhooks.
func (a *agent) handler(secret string) http.Handler {
	var opts []sendook.WebhookOption
	if secret != "" {
		opts = append(opts, sendook.WithWebhookSecret(secret))
	}
	mux := http.NewServeMux()
	mux.Handle(hookPath, sendook.NewWebhookHandler(a.handle, opts...))
	return mux
}

// handle answers a message.received event. An error makes the webhook
// handler answer 500, so that Sendook may deliver the event again.
func (a *agent) handle(ctx context.Context, event *sendook.WebhookEvent) error {
	if event.Event != sendook.EventMessageReceived || event.IsTest() {
		return nil
	}
	msg, err := event.Message()
	if err != nil {
		return err
	}
	if msg.FromInboxID != "" {
		// Mail from one of the organization's own inboxes, perhaps another
		// agent's automatic reply: answering it could start a loop.
		a.logger.Info("not answering mail from an inbox of ours", "from", msg.From, "subject", msg.Subject)
		return nil
	}
	text := replyText(msg)
	// Both bodies: the open-source server refuses a reply without HTML.
	reply, err := a.client.Messages.Reply(ctx, cmp.Or(event.InboxID, msg.InboxID), msg.ID, &sendook.ReplyMessageParams{
		Text: text,
		HTML: "<pre>" + html.EscapeString(text) + "</pre>",
	})
	if err != nil {
		a.logger.Error("could not reply", "from", msg.From, "subject", msg.Subject, "err", err)
	} else {
		a.logger.Info("replied", "to", reply.To, "subject", reply.Subject, "thread", reply.ThreadID)
	}
	if a.done != nil {
		select {
		case a.done <- err:
		default:
		}
	}
	return err
}

// replyText writes the automatic answer to msg, quoting it.
func replyText(msg *sendook.Message) string {
	var b strings.Builder
	fmt.Fprintf(&b, "Hello,\n\nthanks for your message. This is an automatic reply: a person will get back to you within one business day.\n")
	if text := strings.TrimSpace(msg.Text); text != "" {
		fmt.Fprintf(&b, "\n%s wrote:\n", msg.From)
		for _, line := range strings.Split(text, "\n") {
			b.WriteString("> " + line + "\n")
		}
	}
	return b.String()
}

// runDemo runs the agent once against an in-memory Sendook server,
// telling out what happens.
func runDemo(ctx context.Context, out io.Writer, logger *slog.Logger) error {
	// The embedded server signs its deliveries, as hosted Sendook does.
	const secret = "demo-webhook-secret"
	srv, err := sendooktest.NewServerAt("127.0.0.1:0", sendooktest.WithWebhookSecret(secret))
	if err != nil {
		return fmt.Errorf("starting the embedded server: %w", err)
	}
	defer srv.Close()
	client := srv.Client()
	fmt.Fprintln(out, "SENDOOK_API_KEY is not set: running once, end to end, against an in-memory Sendook server (sendooktest).")

	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "Reply agent"})
	if err != nil {
		return fmt.Errorf("creating the agent's inbox: %w", err)
	}

	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return err
	}
	done := make(chan error, 1)
	a := &agent{client: client, logger: logger, done: done}
	serveCtx, stopServing := context.WithCancel(ctx)
	served := make(chan error, 1)
	go func() { served <- serve(serveCtx, ln, a.handler(secret)) }()
	defer func() {
		stopServing()
		<-served
	}()

	hook, err := client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{
		URL:    "http://" + ln.Addr().String() + hookPath,
		Events: []sendook.EventType{sendook.EventMessageReceived},
	})
	if err != nil {
		return fmt.Errorf("registering the webhook: %w", err)
	}
	fmt.Fprintf(out, "\nAgent inbox:  %s\nWebhook:      %s (for %s, signed)\n", inbox.Email, hook.URL, strings.Join(eventNames(hook.Events), ", "))

	in, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{
		From:    "ada@example.com",
		Subject: "Opening hours?",
		Text:    "Hi, are you open on Saturday?\nAda",
	})
	if err != nil {
		return fmt.Errorf("simulating an incoming email: %w", err)
	}
	fmt.Fprintf(out, "\nAn email arrives (simulated):\n  From:    %s\n  Subject: %s\n\n%s\n", in.From, in.Subject, indent(in.Text))

	select {
	case err := <-done:
		if err != nil {
			return fmt.Errorf("the agent could not reply: %w", err)
		}
	case <-ctx.Done():
		return fmt.Errorf("waiting for the agent's reply: %w", ctx.Err())
	}
	sent := srv.Sent()
	if len(sent) == 0 {
		return errors.New("the agent reported a reply but the server recorded none")
	}
	reply := sent[len(sent)-1]
	fmt.Fprintf(out, "\nThe agent replied in the thread:\n  From:    %s\n  To:      %s\n  Subject: %s\n\n%s\n",
		reply.From, strings.Join(reply.To, ", "), reply.Subject, indent(reply.Text))

	thread, err := client.Threads.Get(ctx, inbox.ID, in.ThreadID)
	if err != nil {
		return fmt.Errorf("reading the thread: %w", err)
	}
	fmt.Fprintf(out, "\nThe thread now has %d messages. Done.\n", len(thread.Messages))
	return nil
}

// startAgent runs the long-lived agent against the Sendook API.
func startAgent(ctx context.Context, logger *slog.Logger, apiKey, baseURL, listen, publicURL, secret string) error {
	if publicURL == "" {
		return errors.New("-public-url is required with SENDOOK_API_KEY: the URL at which Sendook reaches this agent, such as https://agent.example.com" + hookPath)
	}
	var opts []sendook.Option
	if baseURL != "" {
		opts = append(opts, sendook.WithBaseURL(baseURL))
	}
	ln, err := net.Listen("tcp", listen)
	if err != nil {
		return err
	}
	return runAgent(ctx, logger, sendook.NewClient(apiKey, opts...), ln, publicURL, secret)
}

// runAgent registers publicURL as a webhook, answers email delivered to ln
// until ctx ends, then deletes the webhook.
func runAgent(ctx context.Context, logger *slog.Logger, client *sendook.Client, ln net.Listener, publicURL, secret string) error {
	defer ln.Close()
	hook, err := client.Webhooks.Create(ctx, &sendook.CreateWebhookParams{
		URL:    publicURL,
		Events: []sendook.EventType{sendook.EventMessageReceived},
	})
	if err != nil {
		return fmt.Errorf("registering the webhook: %w", err)
	}
	logger.Info("agent running: Ctrl-C stops it", "listen", ln.Addr().String(), "webhook", hook.ID, "url", hook.URL, "signatures_checked", secret != "")

	a := &agent{client: client, logger: logger}
	err = serve(ctx, ln, a.handler(secret))

	// Sendook should stop delivering to a URL nobody serves any more.
	cleanup, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if _, derr := client.Webhooks.Delete(cleanup, hook.ID); derr != nil {
		err = errors.Join(err, fmt.Errorf("deleting the webhook %s: %w", hook.ID, derr))
	} else {
		logger.Info("webhook deleted", "webhook", hook.ID)
	}
	return err
}

// serve serves h on ln until ctx ends, then lets the requests in progress
// finish, for at most 10 seconds.
func serve(ctx context.Context, ln net.Listener, h http.Handler) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdown); err != nil {
		return err
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

func eventNames(events []sendook.EventType) []string {
	names := make([]string, len(events))
	for i, e := range events {
		names[i] = string(e)
	}
	return names
}

// indent indents each line of text but the empty ones by four spaces.
func indent(text string) string {
	lines := strings.Split(strings.TrimRight(text, "\n"), "\n")
	for i, line := range lines {
		if line != "" {
			lines[i] = "    " + line
		}
	}
	return strings.Join(lines, "\n")
}
