// Command sendook-local is a whole Sendook on this machine, for developing
// against Sendook without an account or a network, in any language:
//
//	go run ./cmd/sendook-local
//
// It serves three things, and prints where:
//
//   - the Sendook API, in memory, on 127.0.0.1:8006 (the port a self-hosted
//     Sendook uses), with the base URL and API key to use;
//   - SMTP on 127.0.0.1:2525: mail sent to the address of an inbox arrives
//     in it as mail from outside, and fires the message.received webhooks;
//   - a web inbox on http://127.0.0.1:8025: every inbox, thread and message
//     (live), what went out, webhooks and their delivery attempts, and a
//     form to simulate incoming mail.
//
// State lives in memory and is gone when it stops (Ctrl-C). Webhooks are
// delivered to the URLs they are created with.
//
// With -ui-only -base-url URL it serves only the web inbox, for any Sendook
// server (a self-hosted one, say), and SMTP delivering into it.
//
// Only requests whose Host is a loopback name or address (or one given with
// -allow-host) are answered, so that no web page can reach the API or the
// web inbox through a name of its own (DNS rebinding). Listening on an
// address other machines can reach needs an explicit -api-key.
//
// Flags:
//
//	-addr             API address (default 127.0.0.1:8006)
//	-api-key          API key to accept, or with -ui-only the key to use (default sendook-local-key)
//	-dialect          real (as the open-source server answers) or documented
//	-webhook-secret   sign webhook deliveries with this secret
//	-send-rate-limit  sends and replies allowed per hour (default 0: no limit)
//	-smtp             SMTP address (default 127.0.0.1:2525; "" for none)
//	-smtp-max-bytes   largest message SMTP accepts (default 20 MB)
//	-ui               web inbox address (default 127.0.0.1:8025; "" for none)
//	-ui-only          serve only the web inbox (and SMTP) for the server at -base-url
//	-base-url         with -ui-only, the Sendook server (default $SENDOOK_BASE_URL)
//	-allow-host       also answer this Host name (repeatable, comma-separated; "*" for any)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"syscall"
	"time"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/cmd/sendook-local/internal/inbound"
	"github.com/sendook/sendook-go/cmd/sendook-local/internal/smtpin"
	"github.com/sendook/sendook-go/cmd/sendook-local/internal/webui"
	"github.com/sendook/sendook-go/internal/loopback"
	"github.com/sendook/sendook-go/sendooktest"
)

// defaultAPIKey is fixed, rather than random, so that a client configured
// once keeps working across restarts.
const defaultAPIKey = "sendook-local-key"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	switch {
	case errors.Is(err, flag.ErrHelp):
	case err != nil:
		fmt.Fprintln(os.Stderr, "sendook-local:", err)
		os.Exit(1)
	}
}

// options are the command's flags.
type options struct {
	addr, apiKey, dialect, secret string
	limit                         int
	smtpAddr                      string
	smtpMaxBytes                  int64
	uiAddr                        string
	uiOnly                        bool
	baseURL                       string
	allowHosts                    listFlag
	apiKeyGiven                   bool
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	var o options
	fs := flag.NewFlagSet("sendook-local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), "Usage: sendook-local [flags]\n\n"+
			"Serves the Sendook API in memory, SMTP into its inboxes, and a web inbox.\n"+
			"With -ui-only, serves the web inbox (and SMTP) for the server at -base-url.\n\nFlags:\n")
		fs.PrintDefaults()
	}
	defineFlags(fs, &o)
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	fs.Visit(func(f *flag.Flag) { o.apiKeyGiven = o.apiKeyGiven || f.Name == "api-key" })
	if o.uiOnly {
		if o.baseURL == "" {
			o.baseURL = os.Getenv("SENDOOK_BASE_URL")
		}
		if o.baseURL == "" {
			return nil, errors.New("-ui-only needs -base-url (or SENDOOK_BASE_URL)")
		}
		if !o.apiKeyGiven {
			o.apiKey = os.Getenv("SENDOOK_API_KEY")
			o.apiKeyGiven = o.apiKey != ""
		}
		if o.apiKey == "" {
			return nil, errors.New("-ui-only needs -api-key (or SENDOOK_API_KEY)")
		}
	} else if o.baseURL != "" {
		return nil, errors.New("-base-url goes with -ui-only")
	}
	if o.smtpMaxBytes <= 0 {
		return nil, errors.New("-smtp-max-bytes must be positive")
	}
	return &o, nil
}

// defineFlags defines the command's flags on fs, to be parsed into o.
func defineFlags(fs *flag.FlagSet, o *options) {
	fs.StringVar(&o.addr, "addr", "127.0.0.1:8006", "`address` the API listens on")
	fs.StringVar(&o.apiKey, "api-key", defaultAPIKey, "API `key` to accept (with -ui-only: the key to use, by default $SENDOOK_API_KEY)")
	fs.StringVar(&o.dialect, "dialect", "real", "wire format: real (as the open-source server answers) or documented")
	fs.StringVar(&o.secret, "webhook-secret", "", "sign webhook deliveries with this `secret` (header X-Sendook-Signature)")
	fs.IntVar(&o.limit, "send-rate-limit", 0, "sends and replies allowed per hour; 0 for no limit")
	fs.StringVar(&o.smtpAddr, "smtp", "127.0.0.1:2525", "`address` SMTP listens on, delivering mail into the inboxes; \"\" for none")
	fs.Int64Var(&o.smtpMaxBytes, "smtp-max-bytes", smtpin.DefaultMaxBytes, "largest message SMTP accepts, in `bytes` (larger: 552)")
	fs.StringVar(&o.uiAddr, "ui", "127.0.0.1:8025", "`address` the web inbox listens on; \"\" for none")
	fs.BoolVar(&o.uiOnly, "ui-only", false, "serve no API: the web inbox (and SMTP) for the server at -base-url")
	fs.StringVar(&o.baseURL, "base-url", "", "with -ui-only, the Sendook server's base `URL` (default $SENDOOK_BASE_URL)")
	fs.Var(&o.allowHosts, "allow-host", "also answer requests for this Host `name` besides loopback (repeatable, comma-separated; \"*\" for any: then DNS rebinding can reach the server)")
}

// exposed checks the addresses other machines could reach: each gets a
// loud warning on stderr, and they need an API key of the user's own.
func (o *options) exposed(stderr io.Writer) error {
	var open []string
	for _, l := range []struct{ flag, addr string }{{"-addr", o.addr}, {"-smtp", o.smtpAddr}, {"-ui", o.uiAddr}} {
		if l.addr != "" && !(o.uiOnly && l.flag == "-addr") && !loopback.HostPort(l.addr) {
			open = append(open, l.flag+" "+l.addr)
		}
	}
	if len(open) == 0 {
		return nil
	}
	if !o.apiKeyGiven || o.apiKey == defaultAPIKey {
		return fmt.Errorf("listening on %v, reachable from other machines, needs an API key of your own: give -api-key", open)
	}
	fmt.Fprintf(stderr, "\n"+
		"  !!! WARNING: sendook-local is listening beyond this machine: %v\n"+
		"  !!! Anyone who can reach it and knows the API key can read and send its mail.\n"+
		"  !!! There is no TLS: the key crosses the network in the clear.\n"+
		"  !!! The web inbox asks for the API key as its password (any user name);\n"+
		"  !!! SMTP clients on other machines must AUTH PLAIN with it.\n"+
		"  !!! Requests are answered only for loopback hosts and -allow-host names.\n\n", open)
	return nil
}

// run parses args, serves until ctx ends, then shuts everything down. It
// tells the user what to connect to on stdout; warnings and flag errors go
// to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	o, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if err := o.exposed(stderr); err != nil {
		return err
	}
	hosts := newHostPolicy(o.allowHosts)
	// One line on stderr for each mail SMTP takes or refuses, and for
	// each page that fails.
	logger := slog.New(slog.NewTextHandler(stderr, nil))
	var servers servers
	defer servers.closeAll()

	// client reaches the API as any client would; mailbox delivers into
	// it as mail from outside.
	var client *sendook.Client
	var mailbox inbound.Mailbox
	if o.uiOnly {
		client = sendook.NewClient(o.apiKey, sendook.WithBaseURL(o.baseURL))
		mailbox = &inbound.SES{BaseURL: o.baseURL, Client: client}
	} else {
		client, mailbox, err = serveAPI(o, hosts, &servers)
		if err != nil {
			return err
		}
	}

	var smtpAt, uiAt string
	if o.smtpAddr != "" {
		ln, err := net.Listen("tcp", o.smtpAddr)
		if err != nil {
			return fmt.Errorf("smtp: %w", err)
		}
		password := ""
		if !loopback.HostPort(o.smtpAddr) {
			password = o.apiKey
		}
		s := smtpin.New(smtpin.Config{Client: client, Mailbox: mailbox, MaxBytes: o.smtpMaxBytes, Password: password, Logger: logger})
		servers.add(func() { s.Close() })
		go s.Serve(ln)
		smtpAt = dialAddr(ln.Addr())
	}
	if o.uiAddr != "" {
		ln, err := net.Listen("tcp", o.uiAddr)
		if err != nil {
			return fmt.Errorf("ui: %w", err)
		}
		var h http.Handler = webui.New(webui.Config{Client: client, Mailbox: mailbox, SMTPAddr: smtpAt, Logger: logger})
		if !loopback.HostPort(o.uiAddr) {
			h = basicAuth(o.apiKey, h)
		}
		uiAt = "http://" + dialAddr(ln.Addr())
		servers.serveHTTP(ln, hosts.guard(h))
	}

	if o.uiOnly {
		fmt.Fprintf(stdout, "Web inbox for the Sendook API at %s.\n\n", o.baseURL)
	} else {
		fmt.Fprintf(stdout, "Sendook API (in memory, %s dialect) listening.\n\n", o.dialect)
		fmt.Fprintf(stdout, "  export SENDOOK_BASE_URL=%s\n", "http://"+o.addr)
		// A key of the user's own is a secret: it is not echoed.
		shown := o.apiKey
		if o.apiKey != defaultAPIKey {
			shown = "<the key given with -api-key>"
		}
		fmt.Fprintf(stdout, "  export SENDOOK_API_KEY=%s\n\n", shown)
		fmt.Fprintf(stdout, "In Go: sendook.NewClient(apiKey, sendook.WithBaseURL(baseURL)).\n")
	}
	if smtpAt != "" {
		fmt.Fprintf(stdout, "SMTP:      %s (mail to an inbox's address arrives in it)\n", smtpAt)
	}
	if uiAt != "" {
		fmt.Fprintf(stdout, "Web inbox: %s\n", uiAt)
	}
	if o.uiOnly {
		fmt.Fprintf(stdout, "Stop it with Ctrl-C.\n")
	} else {
		fmt.Fprintf(stdout, "Everything is kept in memory until you stop it with Ctrl-C.\n")
	}

	<-ctx.Done()
	fmt.Fprintln(stdout, "Shutting down.")
	return nil
}

// serveAPI starts the in-memory server behind its front on o.addr, and
// returns a client of it and a mailbox delivering into it. It sets o.addr
// to the address it listens on.
func serveAPI(o *options, hosts hostPolicy, servers *servers) (*sendook.Client, inbound.Mailbox, error) {
	d, err := parseDialect(o.dialect)
	if err != nil {
		return nil, nil, err
	}
	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return nil, nil, err
	}
	servers.add(func() { ln.Close() })
	innerKey := randomKey()
	srv, err := sendooktest.NewServerAt("127.0.0.1:0",
		sendooktest.WithAPIKey(innerKey),
		sendooktest.WithDialect(d),
		sendooktest.WithWebhookSecret(o.secret),
		sendooktest.WithSendRateLimit(o.limit),
	)
	if err != nil {
		return nil, nil, err
	}
	servers.add(srv.Close)
	inner, err := url.Parse(srv.URL)
	if err != nil {
		return nil, nil, err
	}
	front := &apiFront{inner: inner, innerKey: innerKey, publicKey: o.apiKey}
	servers.serveHTTP(ln, hosts.guard(front.handler()))
	o.addr = dialAddr(ln.Addr())

	client := sendook.NewClient(innerKey, sendook.WithBaseURL(srv.URL))
	return client, newLocalMailbox(srv, client), nil
}

func parseDialect(name string) (sendooktest.Dialect, error) {
	for _, d := range []sendooktest.Dialect{sendooktest.DialectReal, sendooktest.DialectDocumented} {
		if name == d.String() {
			return d, nil
		}
	}
	return 0, fmt.Errorf("-dialect must be real or documented, not %q", name)
}

// servers closes what run started, last first.
type servers struct{ closers []func() }

func (s *servers) add(close func()) { s.closers = append(s.closers, close) }

func (s *servers) serveHTTP(ln net.Listener, h http.Handler) {
	hs := &http.Server{Handler: h, ReadHeaderTimeout: 30 * time.Second}
	go hs.Serve(ln)
	s.add(func() { hs.Close() })
}

func (s *servers) closeAll() {
	for i := len(s.closers) - 1; i >= 0; i-- {
		s.closers[i]()
	}
}
