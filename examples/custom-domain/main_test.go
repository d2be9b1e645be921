package main

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// fast makes the checks follow each other quickly.
var fast = config{domain: "agents.example.com", firstWait: time.Millisecond, maxWait: 4 * time.Millisecond}

func wantInOrder(t *testing.T, out string, want ...string) {
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

// checkTable checks that out holds a table of n records whose columns are
// aligned under the header.
func checkTable(t *testing.T, out string, n int) {
	t.Helper()
	lines := strings.Split(out, "\n")
	start := -1
	for i, l := range lines {
		if strings.HasPrefix(l, "TYPE ") {
			start = i
			break
		}
	}
	if start < 0 {
		t.Fatalf("no table header in the output:\n%s", out)
	}
	header := lines[start]
	nameCol, valueCol := strings.Index(header, "NAME"), strings.Index(header, "VALUE")
	rows := 0
	for _, l := range lines[start+1:] {
		if l == "" {
			break
		}
		rows++
		for _, col := range []int{nameCol, valueCol} {
			if len(l) <= col || l[col-1] != ' ' || l[col] == ' ' {
				t.Errorf("row %q is not aligned with the header %q", l, header)
			}
		}
	}
	if rows != n {
		t.Errorf("table has %d rows, want %d:\n%s", rows, n, out)
	}
}

func TestRunEmbedded(t *testing.T) {
	var out strings.Builder
	if err := runEmbedded(context.Background(), &out, fast); err != nil {
		t.Fatalf("runEmbedded: %v\noutput so far:\n%s", err, out.String())
	}
	wantInOrder(t, out.String(),
		"in-memory Sendook server",
		"Added the domain agents.example.com.",
		"TYPE ", "NAME ", "VALUE",
		"MX ", "inbound-smtp.us-east-2.amazonaws.com",
		"TXT ", "v=spf1 include:amazonses.com ~all",
		"TXT ", "_dmarc", "v=DMARC1; p=reject;",
		"CNAME ", "._domainkey.agents.example.com", ".dkim.amazonses.com",
		"Check 1: not verified yet; next check in 1ms.",
		"marking agents.example.com verified with srv.VerifyDomain",
		"Check 2: agents.example.com is verified.",
	)
	checkTable(t, out.String(), 6)
}

func TestRunBothDialects(t *testing.T) {
	for _, d := range []sendooktest.Dialect{sendooktest.DialectReal, sendooktest.DialectDocumented} {
		t.Run(d.String(), func(t *testing.T) {
			srv := sendooktest.NewServer(sendooktest.WithDialect(d))
			defer srv.Close()
			cfg := fast
			cfg.domain = "mail.example.net"
			var checks []int
			cfg.afterCheck = func(check int) error {
				checks = append(checks, check)
				if check == 3 {
					return srv.VerifyDomain(cfg.domain)
				}
				return nil
			}
			var out strings.Builder
			if err := run(context.Background(), &out, srv.Client(), cfg); err != nil {
				t.Fatalf("run: %v\n%s", err, out.String())
			}
			if len(checks) != 3 {
				t.Errorf("afterCheck ran for checks %v, want 1, 2 and 3", checks)
			}
			wantInOrder(t, out.String(),
				"Added the domain mail.example.net.",
				"Check 1: not verified yet; next check in 1ms.",
				"Check 2: not verified yet; next check in 2ms.",
				"Check 3: not verified yet; next check in 4ms.",
				"Check 4: mail.example.net is verified.",
			)
			checkTable(t, out.String(), 6)
		})
	}
}

func TestRunExistingVerifiedDomain(t *testing.T) {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	if _, err := client.Domains.Create(context.Background(), &sendook.CreateDomainParams{Name: "agents.example.com"}); err != nil {
		t.Fatal(err)
	}
	if err := srv.VerifyDomain("agents.example.com"); err != nil {
		t.Fatal(err)
	}
	var out strings.Builder
	if err := run(context.Background(), &out, client, fast); err != nil {
		t.Fatal(err)
	}
	wantInOrder(t, out.String(), "exists already", "TYPE ", "agents.example.com is verified already.")
	if strings.Contains(out.String(), "Check ") {
		t.Errorf("a verified domain was checked again:\n%s", out.String())
	}
}

func TestRunGivesUpWhenContextEnds(t *testing.T) {
	srv := sendooktest.NewServer()
	defer srv.Close()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	cfg := fast
	cfg.firstWait = time.Hour // only the end of ctx can end the wait
	cfg.afterCheck = func(int) error {
		cancel()
		return nil
	}
	var out strings.Builder
	err := run(ctx, &out, srv.Client(), cfg)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "was not verified in time") {
		t.Errorf("err = %v, want one saying the domain was not verified in time, matching context.Canceled", err)
	}
}

func TestRunReportsAPIErrors(t *testing.T) {
	srv := sendooktest.NewServer()
	defer srv.Close()
	cfg := fast
	cfg.domain = "not a domain"
	err := run(context.Background(), &strings.Builder{}, srv.Client(), cfg)
	if !errors.Is(err, sendook.ErrInvalidRequest) {
		t.Errorf("err = %v, want one matching ErrInvalidRequest", err)
	}
}
