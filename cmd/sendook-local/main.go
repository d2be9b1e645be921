// Command sendook-local serves an in-memory Sendook API on this machine, for
// developing against Sendook without an account or a network, in any
// language:
//
//	go run ./cmd/sendook-local
//
// It listens on 127.0.0.1:8006, the port a self-hosted Sendook uses, and
// prints the base URL and API key to use. State lives in memory and is gone
// when it stops (Ctrl-C). Webhooks are delivered to the URLs they are
// created with.
//
// Flags:
//
//	-addr             address to listen on (default 127.0.0.1:8006)
//	-api-key          API key to accept (default sendook-local-key)
//	-dialect          real (as the open-source server answers) or documented
//	-webhook-secret   sign webhook deliveries with this secret
//	-send-rate-limit  sends and replies allowed per hour (default 0: no limit)
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"

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

// run parses args, serves until ctx ends, then shuts the server down. It
// tells the user what to connect to on stdout; flag errors go to stderr.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("sendook-local", flag.ContinueOnError)
	fs.SetOutput(stderr)
	addr := fs.String("addr", "127.0.0.1:8006", "`address` to listen on")
	apiKey := fs.String("api-key", defaultAPIKey, "API `key` to accept")
	dialect := fs.String("dialect", "real", "wire format: real (as the open-source server answers) or documented")
	secret := fs.String("webhook-secret", "", "sign webhook deliveries with this `secret` (header X-Sendook-Signature)")
	limit := fs.Int("send-rate-limit", 0, "sends and replies allowed per hour; 0 for no limit")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	d, err := parseDialect(*dialect)
	if err != nil {
		return err
	}

	srv, err := sendooktest.NewServerAt(*addr,
		sendooktest.WithAPIKey(*apiKey),
		sendooktest.WithDialect(d),
		sendooktest.WithWebhookSecret(*secret),
		sendooktest.WithSendRateLimit(*limit),
	)
	if err != nil {
		return err
	}
	defer srv.Close()

	fmt.Fprintf(stdout, "Sendook API (in memory, %s dialect) listening.\n\n", d)
	fmt.Fprintf(stdout, "  export SENDOOK_BASE_URL=%s\n", srv.URL)
	fmt.Fprintf(stdout, "  export SENDOOK_API_KEY=%s\n\n", srv.APIKey)
	fmt.Fprintf(stdout, "In Go: sendook.NewClient(apiKey, sendook.WithBaseURL(baseURL)).\n")
	fmt.Fprintf(stdout, "Everything is kept in memory until you stop it with Ctrl-C.\n")

	<-ctx.Done()
	fmt.Fprintln(stdout, "Shutting down.")
	return nil
}

func parseDialect(name string) (sendooktest.Dialect, error) {
	for _, d := range []sendooktest.Dialect{sendooktest.DialectReal, sendooktest.DialectDocumented} {
		if name == d.String() {
			return d, nil
		}
	}
	return 0, fmt.Errorf("-dialect must be real or documented, not %q", name)
}
