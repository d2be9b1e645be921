// Command webhook-receiver is an HTTP server that receives Sendook's webhook
// deliveries with sendook.NewWebhookHandler and logs each event with
// log/slog.
//
// Run it from the root of the repository:
//
//	go run ./examples/webhook-receiver -addr 127.0.0.1:8080
//
// and register http://<public address>/hooks/sendook as a webhook, with
// client.Webhooks.Create. To try it locally, run go run ./cmd/sendook-local
// in another terminal and create a webhook for
// http://127.0.0.1:8080/hooks/sendook there.
//
// The webhook signing secret comes from the environment, never from a flag
// (a command line shows in ps, in shell history and, as a flag's default,
// in -h): with $SENDOOK_WEBHOOK_SECRET set, every delivery must carry a
// valid X-Sendook-Signature; unset, signatures are not checked, as the
// open-source server sends none. Ctrl-C shuts the server down gracefully,
// letting deliveries in progress finish.
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
	"os"
	"os/signal"
	"syscall"
	"time"

	sendook "github.com/sendook/sendook-go"
)

// hookPath is where the server receives deliveries.
const hookPath = "/hooks/sendook"

// secretEnv names the environment variable the webhook secret is read from.
const secretEnv = "SENDOOK_WEBHOOK_SECRET"

// config is what the command runs with.
type config struct {
	addr   string
	secret string // from secretEnv; empty: signatures are not checked
}

// parseConfig reads the flags in args and the secret from getenv. -h
// writes the usage to out and returns flag.ErrHelp; it says where the
// secret comes from, never what it is.
func parseConfig(args []string, getenv func(string) string, out io.Writer) (config, error) {
	cfg := config{secret: getenv(secretEnv)}
	fs := flag.NewFlagSet("webhook-receiver", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&cfg.addr, "addr", "127.0.0.1:8080", "`address` to listen on")
	fs.Usage = func() {
		fmt.Fprintln(out, "Usage: webhook-receiver [-addr address]")
		fs.PrintDefaults()
		fmt.Fprintf(out, "The webhook signing secret (from $%s) is read from the environment only;\nunset, signatures are not checked.\n", secretEnv)
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
	err = listenAndServe(ctx, cfg.addr, newHandler(logger, cfg.secret), logger, cfg.secret != "")
	stop()
	if err != nil {
		logger.Error("webhook-receiver stopped", "err", err)
		os.Exit(1)
	}
}

// newHandler returns the server's routes: the webhook handler at hookPath.
func newHandler(logger *slog.Logger, secret string) http.Handler {
	var opts []sendook.WebhookOption
	if secret != "" {
		opts = append(opts, sendook.WithWebhookSecret(secret))
	}
	mux := http.NewServeMux()
	mux.Handle(hookPath, sendook.NewWebhookHandler(func(ctx context.Context, event *sendook.WebhookEvent) error {
		logEvent(ctx, logger, event)
		return nil
	}, opts...))
	return mux
}

// logEvent logs one event, with what matters of the inbox or message it is
// about.
func logEvent(ctx context.Context, logger *slog.Logger, event *sendook.WebhookEvent) {
	attrs := []slog.Attr{slog.String("event", string(event.Event))}
	if event.InboxID != "" {
		attrs = append(attrs, slog.String("inbox_id", event.InboxID))
	}
	if event.MessageID != "" {
		attrs = append(attrs, slog.String("message_id", event.MessageID))
	}
	if event.IsTest() {
		logger.LogAttrs(ctx, slog.LevelInfo, "test event", attrs...)
		return
	}
	// Each decoder fails on the other kind of event.
	if inbox, err := event.Inbox(); err == nil {
		attrs = append(attrs, slog.String("email", inbox.Email))
	} else if msg, err := event.Message(); err == nil {
		attrs = append(attrs,
			slog.String("from", msg.From),
			slog.Any("to", msg.To),
			slog.String("subject", msg.Subject),
			slog.Int("attachments", len(msg.Attachments)),
		)
	}
	logger.LogAttrs(ctx, slog.LevelInfo, "webhook event", attrs...)
}

// listenAndServe listens on addr and serves h until ctx ends.
func listenAndServe(ctx context.Context, addr string, h http.Handler, logger *slog.Logger, signed bool) error {
	ln, err := net.Listen("tcp", addr)
	if err != nil {
		return err
	}
	logger.Info("receiving Sendook webhooks", "url", "http://"+ln.Addr().String()+hookPath, "signatures_checked", signed)
	if !signed {
		logger.Warn("$" + secretEnv + " is not set: deliveries are accepted unsigned")
	}
	return serve(ctx, ln, h, logger)
}

// serve serves h on ln until ctx ends, then shuts down gracefully: it stops
// accepting connections and waits, for at most 10 seconds, for the requests
// in progress.
func serve(ctx context.Context, ln net.Listener, h http.Handler, logger *slog.Logger) error {
	srv := &http.Server{Handler: h, ReadHeaderTimeout: 10 * time.Second}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	logger.Info("shutting down")
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	if err := srv.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shutting down: %w", err)
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}
