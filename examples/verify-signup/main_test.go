package main

import (
	"context"
	"strings"
	"testing"
	"time"
)

func TestRunEmbedded(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var out strings.Builder
	err := run(ctx, &out, config{timeout: 20 * time.Second, poll: 250 * time.Millisecond})
	if err != nil {
		t.Fatalf("run: %v\noutput so far:\n%s", err, out.String())
	}
	for _, want := range []string{
		"1. The agent's address: signup-agent@sendook.com",
		"2. Signed up at acme.example with it.",
		`3. Mail from Acme <no-reply@acme.example>: "Confirm your Acme account"`,
		"   code: 731 904",
		"   link: https://acme.example/verify?token=f3a9c2&email=signup-agent@sendook.com",
	} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("output lacks %q:\n%s", want, out.String())
		}
	}
}

func TestRunTimesOutWithAClearError(t *testing.T) {
	// The wait ends before the pretend site's mail comes.
	var out strings.Builder
	err := run(context.Background(), &out, config{timeout: 100 * time.Millisecond, poll: 250 * time.Millisecond})
	if err == nil || !strings.Contains(err.Error(), "no verification mail came") || !strings.Contains(err.Error(), "from acme.example in inbox") {
		t.Fatalf("want a timeout that says what it waited for, got %v", err)
	}
}
