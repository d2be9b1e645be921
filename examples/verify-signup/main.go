// Command verify-signup shows what an AI agent does most with email: it
// signs up somewhere with its own address, waits for the verification mail,
// and reads the code and the confirmation link out of it.
//
// Run it from the root of the repository:
//
//	go run ./examples/verify-signup
//
// With SENDOOK_API_KEY unset it needs no account and no network: it starts
// an in-memory Sendook server (package sendooktest) in this process, and a
// pretend sign-up form mails the code to the agent's new inbox.
//
// With SENDOOK_API_KEY set (and SENDOOK_BASE_URL for a self-hosted server),
// it creates an inbox, prints its address for you to sign up with anywhere,
// and waits up to -timeout for the mail:
//
//	SENDOOK_API_KEY=... go run ./examples/verify-signup -from example.com
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

func main() {
	from := flag.String("from", "", "wait only for mail whose sender contains this `text`")
	timeout := flag.Duration("timeout", 5*time.Minute, "how long to wait for the mail")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	err := run(ctx, os.Stdout, config{
		apiKey:  os.Getenv("SENDOOK_API_KEY"),
		baseURL: os.Getenv("SENDOOK_BASE_URL"),
		from:    *from,
		timeout: *timeout,
	})
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "verify-signup:", err)
		os.Exit(1)
	}
}

// config is what the environment and the flags choose.
type config struct {
	apiKey  string // empty: start the embedded server
	baseURL string // empty: the hosted API
	from    string
	timeout time.Duration
	// poll is the poll interval; zero for the SDK's default.
	poll time.Duration
}

func run(ctx context.Context, out io.Writer, cfg config) error {
	client, srv, err := connect(cfg)
	if err != nil {
		return err
	}
	if srv != nil {
		defer srv.Close()
		fmt.Fprintln(out, "SENDOOK_API_KEY is not set: using an in-memory Sendook server in this process, with a pretend sign-up form.")
	}

	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "signup-agent"})
	if err != nil {
		return fmt.Errorf("creating the inbox: %w", err)
	}
	fmt.Fprintf(out, "1. The agent's address: %s\n", inbox.Email)

	params := &sendook.WatchParams{From: cfg.from, PollInterval: cfg.poll}
	if srv != nil {
		params.From = "acme.example"
		signUp(srv, inbox.Email)
		fmt.Fprintln(out, "2. Signed up at acme.example with it.")
	} else {
		fmt.Fprintf(out, "2. Sign up with that address anywhere; waiting up to %s for the mail.\n", cfg.timeout)
	}

	ctx, cancel := context.WithTimeout(ctx, cfg.timeout)
	defer cancel()
	msg, err := client.Messages.Wait(ctx, inbox.ID, params)
	if errors.Is(err, context.DeadlineExceeded) {
		return fmt.Errorf("no verification mail came: %w", err)
	}
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "3. Mail from %s: %q\n", msg.From, msg.Subject)

	if codes := msg.Codes(); len(codes) > 0 {
		fmt.Fprintf(out, "   code: %s\n", codes[0])
	} else {
		fmt.Fprintln(out, "   no code in it")
	}
	if links := msg.Links(); len(links) > 0 {
		fmt.Fprintf(out, "   link: %s\n", links[0])
	} else {
		fmt.Fprintln(out, "   no link in it")
	}
	return nil
}

// connect returns a client for the configured server, or starts the
// embedded one when no API key is set.
func connect(cfg config) (*sendook.Client, *sendooktest.Server, error) {
	if cfg.apiKey != "" {
		return sendook.NewClient(cfg.apiKey, sendook.WithBaseURL(cfg.baseURL)), nil, nil
	}
	srv, err := sendooktest.NewServerAt("127.0.0.1:0")
	if err != nil {
		return nil, nil, fmt.Errorf("starting the embedded server: %w", err)
	}
	return srv.Client(), srv, nil
}

// signUp plays the other side: a site that mails a verification code and
// link a moment after the form is sent, as real ones do.
func signUp(srv *sendooktest.Server, address string) {
	go func() {
		time.Sleep(300 * time.Millisecond)
		_, _ = srv.Receive(address, sendooktest.InboundEmail{
			From:    "Acme <no-reply@acme.example>",
			Subject: "Confirm your Acme account",
			Text: "Hi,\n\nThanks for signing up for Acme on 12 March 2026.\n\n" +
				"Your verification code is 731 904.\n\n" +
				"Or confirm with this link: https://acme.example/verify?token=f3a9c2&email=" + address + "\n\n" +
				"Questions? Call us at +1 415 555 0100.\n\n-- \nAcme Inc., 500 Market St, San Francisco",
			HTML: `<p>Hi,</p><p>Thanks for signing up for Acme on 12 March 2026.</p>` +
				`<p>Your verification code is <b>731 904</b>.</p>` +
				`<p><a href="https://acme.example/verify?token=f3a9c2&amp;email=` + address + `">Confirm your email</a></p>` +
				`<p>Questions? Call us at +1 415 555 0100.</p>`,
		})
	}()
}
