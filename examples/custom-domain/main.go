// Command custom-domain adds a custom domain to Sendook, prints the DNS
// records to configure as a table ready to paste into a DNS console, then
// checks the domain with exponential backoff until it is verified or the
// time is up.
//
// Run it from the root of the repository:
//
//	go run ./examples/custom-domain
//
// With SENDOOK_API_KEY unset it runs against an in-memory Sendook server
// (package sendooktest) and, as nobody can change DNS there, marks the
// domain verified after the first check so that the demo completes. With
// SENDOOK_API_KEY set (and SENDOOK_BASE_URL for a self-hosted server) it
// uses the real API, for a domain you control:
//
//	SENDOOK_API_KEY=... go run ./examples/custom-domain -domain agents.yourcompany.com -timeout 30m
//
// A domain that exists already is checked again, so the command can be run
// again once the records are in place. -timeout (default 30m) bounds the
// wait.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"text/tabwriter"
	"time"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

func main() {
	domain := flag.String("domain", "", "the `domain` to add, without a scheme (required with SENDOOK_API_KEY; agents.example.com on the embedded server)")
	timeout := flag.Duration("timeout", 30*time.Minute, "how long to wait for the domain to be verified")
	flag.Parse()

	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	ctx, cancel := context.WithTimeout(ctx, *timeout)
	cfg := config{domain: *domain, firstWait: 5 * time.Second, maxWait: 2 * time.Minute}
	var err error
	switch apiKey := os.Getenv("SENDOOK_API_KEY"); {
	case apiKey == "":
		cfg.firstWait = 500 * time.Millisecond
		if cfg.domain == "" {
			cfg.domain = "agents.example.com"
		}
		err = runEmbedded(ctx, os.Stdout, cfg)
	case cfg.domain == "":
		err = errors.New("-domain is required with SENDOOK_API_KEY: name a domain you control, such as agents.yourcompany.com")
	default:
		var opts []sendook.Option
		if baseURL := os.Getenv("SENDOOK_BASE_URL"); baseURL != "" {
			opts = append(opts, sendook.WithBaseURL(baseURL))
		}
		err = run(ctx, os.Stdout, sendook.NewClient(apiKey, opts...), cfg)
	}
	cancel()
	stop()
	if err != nil {
		fmt.Fprintln(os.Stderr, "custom-domain:", err)
		os.Exit(1)
	}
}

// config is what the flags choose.
type config struct {
	domain string
	// firstWait is the wait after the first check; each later wait is
	// twice the one before, up to maxWait.
	firstWait, maxWait time.Duration
	// afterCheck, when set, runs after each check that found the domain
	// unverified, with the check's number, from 1.
	afterCheck func(check int) error
}

// runEmbedded runs against an in-memory server that marks the domain
// verified after the first check, as DNS would once the records are in.
func runEmbedded(ctx context.Context, out io.Writer, cfg config) error {
	srv, err := sendooktest.NewServerAt("127.0.0.1:0")
	if err != nil {
		return fmt.Errorf("starting the embedded server: %w", err)
	}
	defer srv.Close()
	fmt.Fprintln(out, "SENDOOK_API_KEY is not set: using an in-memory Sendook server (sendooktest); it marks the domain verified after the first check.")
	cfg.afterCheck = func(check int) error {
		if check > 1 {
			return nil
		}
		fmt.Fprintf(out, "Embedded server: marking %s verified with srv.VerifyDomain, as DNS would once the records are in place.\n", cfg.domain)
		return srv.VerifyDomain(cfg.domain)
	}
	return run(ctx, out, srv.Client(), cfg)
}

// run adds the domain, prints its records and waits for it to be verified.
func run(ctx context.Context, out io.Writer, client *sendook.Client, cfg config) error {
	domain, err := client.Domains.Get(ctx, cfg.domain)
	switch {
	case errors.Is(err, sendook.ErrNotFound):
		domain, err = client.Domains.Create(ctx, &sendook.CreateDomainParams{Name: cfg.domain})
		if err != nil {
			return fmt.Errorf("adding %s: %w", cfg.domain, err)
		}
		fmt.Fprintf(out, "\nAdded the domain %s.\n", domain.Name)
	case err != nil:
		return fmt.Errorf("looking up %s: %w", cfg.domain, err)
	default:
		fmt.Fprintf(out, "\nThe domain %s exists already; checking it again.\n", domain.Name)
	}

	// The API addresses domains by name.
	records, err := client.Domains.DNSRecords(ctx, domain.Name)
	if err != nil {
		return fmt.Errorf("listing the DNS records of %s: %w", domain.Name, err)
	}
	fmt.Fprint(out, "\nAdd these records in your DNS console (names not fully qualified are relative to your zone):\n\n")
	if err := printRecords(out, records); err != nil {
		return err
	}
	fmt.Fprintln(out)

	if domain.Verified {
		fmt.Fprintf(out, "%s is verified already.\n", domain.Name)
		return nil
	}
	return waitVerified(ctx, out, client, domain.Name, cfg)
}

// printRecords writes records as a table with aligned columns.
func printRecords(out io.Writer, records []sendook.DNSRecord) error {
	tw := tabwriter.NewWriter(out, 0, 0, 3, ' ', 0)
	fmt.Fprintln(tw, "TYPE\tNAME\tVALUE")
	for _, r := range records {
		fmt.Fprintf(tw, "%s\t%s\t%s\n", r.Type, r.Name, r.Value)
	}
	return tw.Flush()
}

// waitVerified asks the server to check the domain until it is verified,
// waiting longer after each failed check, or until ctx ends.
func waitVerified(ctx context.Context, out io.Writer, client *sendook.Client, name string, cfg config) error {
	wait := cfg.firstWait
	for check := 1; ; check++ {
		domain, err := client.Domains.Verify(ctx, name)
		if err != nil {
			return fmt.Errorf("checking %s: %w", name, err)
		}
		if domain.Verified {
			fmt.Fprintf(out, "Check %d: %s is verified. Inboxes such as support@%s can now send and receive.\n", check, name, name)
			return nil
		}
		fmt.Fprintf(out, "Check %d: not verified yet; next check in %s.\n", check, wait)
		if cfg.afterCheck != nil {
			if err := cfg.afterCheck(check); err != nil {
				return err
			}
		}

		timer := time.NewTimer(wait)
		select {
		case <-timer.C:
		case <-ctx.Done():
			timer.Stop()
			return fmt.Errorf("%s was not verified in time (see -timeout); once the records are in place, run this again: %w", name, ctx.Err())
		}
		wait = min(2*wait, cfg.maxWait)
	}
}
