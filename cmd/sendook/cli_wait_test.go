package main

import (
	"context"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// cliReceiveLater delivers mail to the support inbox once a command had
// time to start waiting.
func cliReceiveLater(t *testing.T, h *cliHarness, mail sendooktest.InboundEmail) {
	t.Helper()
	done := make(chan struct{})
	t.Cleanup(func() { <-done })
	go func() {
		defer close(done)
		time.Sleep(300 * time.Millisecond)
		if _, err := h.srv.Receive("support@sendook.com", mail); err != nil {
			t.Error(err)
		}
	}()
}

func TestWaitPrintsTheMessageThatArrives(t *testing.T) {
	cliForEachDialect(t, func(t *testing.T, h *cliHarness) {
		cliSeedTour(t, h)
		// Mail that does not match is passed over.
		cliReceiveLater(t, h, sendooktest.InboundEmail{From: "spam@example.net", Subject: "Your code", Text: "111111"})
		cliReceiveLater(t, h, sendooktest.InboundEmail{From: "noreply@example.com", Subject: "Weekly news", Text: "Nothing"})
		done := make(chan struct{})
		defer func() { <-done }()
		go func() {
			defer close(done)
			time.Sleep(600 * time.Millisecond)
			h.srv.Receive("support@sendook.com", sendooktest.InboundEmail{From: "noreply@example.com", Subject: "Your sign-up code", Text: "Your verification code is 482913"})
		}()
		m := cliDecodeJSON[sendook.Message](t, h.run("messages", "wait", "support@sendook.com", "--from", "noreply@example.com", "--subject", "code", "--timeout", "10s"))
		if m.Subject != "Your sign-up code" || m.Status != sendook.MessageStatusReceived {
			t.Errorf("wait = %+v, want the sign-up code mail", m)
		}
	})
}

func TestWaitCode(t *testing.T) {
	cliForEachDialect(t, func(t *testing.T, h *cliHarness) {
		cliSeedTour(t, h)
		cliReceiveLater(t, h, sendooktest.InboundEmail{From: "noreply@example.com", Subject: "Your code", Text: "Your verification code is 482913"})
		for _, run := range []func(...string) cliResult{h.run, h.runTTY} {
			res := run("messages", "wait", "support@sendook.com", "--subject", "code", "--code", "--since", "1m", "--timeout", "10s").ok(t)
			if res.out != "482913\n" {
				t.Errorf("wait --code printed %q, want just the code", res.out)
			}
		}
	})
}

func TestWaitLink(t *testing.T) {
	cliForEachDialect(t, func(t *testing.T, h *cliHarness) {
		cliSeedTour(t, h)
		mail := sendooktest.InboundEmail{From: "noreply@example.com", Subject: "Confirm your email",
			Text: "Confirm: https://example.com/confirm?t=abc then https://example.com/other"}
		cliReceiveLater(t, h, mail)
		res := h.run("messages", "wait", "support@sendook.com", "--link", "--timeout", "10s").ok(t) // the seeded mail has no link
		if res.out != "https://example.com/confirm?t=abc\n" {
			t.Errorf("wait --link printed %q, want the first link", res.out)
		}
	})
}

// TestWaitCodePassesOverMailWithoutACode: with --code, a message without
// a code does not end the wait; the next one with a code does.
func TestWaitCodePassesOverMailWithoutACode(t *testing.T) {
	h := newCLIHarness(t)
	cliSeedTour(t, h)
	cliReceiveLater(t, h, sendooktest.InboundEmail{From: "a@example.com", Subject: "Hello", Text: "No code here."})
	done := make(chan struct{})
	defer func() { <-done }()
	go func() {
		defer close(done)
		time.Sleep(800 * time.Millisecond)
		h.srv.Receive("support@sendook.com", sendooktest.InboundEmail{From: "a@example.com", Subject: "Login", Text: "Use 771204 to sign in."})
	}()
	res := h.run("messages", "wait", "support@sendook.com", "--from", "a@example.com", "--code", "--timeout", "10s").ok(t)
	if res.out != "771204\n" {
		t.Errorf("wait --code printed %q, want the code of the second message", res.out)
	}
}

func TestWaitTimesOutWithStatus3(t *testing.T) {
	cliForEachDialect(t, func(t *testing.T, h *cliHarness) {
		cliSeedTour(t, h)
		start := time.Now()
		res := h.run("messages", "wait", "support@sendook.com", "--from", "x@example.com", "--timeout", "600ms", "--code")
		if res.code != exitTimeout {
			t.Fatalf("exit %d, want 3; stderr %s", res.code, res.err)
		}
		if time.Since(start) > 5*time.Second {
			t.Errorf("wait returned after %s, long past its timeout", time.Since(start))
		}
		if res.out != "" || res.err != "sendook: timed out after 600ms waiting for a message with a code from x@example.com in support@sendook.com; a longer --timeout waits longer\n" {
			t.Errorf("out %q, err %q", res.out, res.err)
		}
	})
}

// TestWaitingShowsProgressOnlyOnATerminal: a spinner and the time waited
// on standard error when it is a terminal; nothing but the error when not.
func TestWaitingShowsProgressOnlyOnATerminal(t *testing.T) {
	h := newCLIHarness(t)
	cliSeedTour(t, h)
	args := []string{"messages", "wait", "support@sendook.com", "--from", "x@example.com", "--timeout", "1500ms"}

	errOut := new(cliSyncBuffer)
	a := &app{streams: streams{In: strings.NewReader(""), Out: new(cliSyncBuffer), Err: errOut, ErrTTY: true},
		getenv: func(k string) string { return h.env[k] }, loc: time.UTC, pollInterval: 250 * time.Millisecond}
	if code := execute(context.Background(), a, args); code != exitTimeout {
		t.Fatalf("exit %d", code)
	}
	got := errOut.String()
	if !strings.Contains(got, "waiting for a message from x@example.com in support@sendook.com… 1s") ||
		!strings.ContainsAny(got, string(spinnerFrames)) || !strings.Contains(got, "\r\x1b[K") {
		t.Errorf("no spinner with the time waited on a terminal:\n%q", got)
	}

	res := h.run(args...)
	if strings.Contains(res.err, "…") || strings.Contains(res.err, "\r") {
		t.Errorf("progress shown when standard error is not a terminal:\n%q", res.err)
	}
}

// TestWatchPrintsEachMessageUntilInterrupted: NDJSON when piped, a line
// per message on a terminal; interrupting is the normal end.
func TestWatchPrintsEachMessageUntilInterrupted(t *testing.T) {
	cliForEachDialect(t, func(t *testing.T, h *cliHarness) {
		cliSeedTour(t, h)
		for _, tty := range []bool{false, true} {
			time.Sleep(1100 * time.Millisecond) // earlier mail is not new
			ctx, cancel := context.WithCancel(context.Background())
			out := new(cliSyncBuffer)
			done := make(chan cliResult, 1)
			before := h.srv.RequestCount()
			go func() {
				done <- h.exec(cliRun{args: []string{"messages", "watch", "support@sendook.com", "--from", "example.com"}, ctx: ctx, out: out, tty: tty})
			}()
			// The inbox's address is resolved, then its messages listed.
			cliEventually(t, "watch listed the inbox", func() bool { return h.srv.RequestCount() >= before+2 })
			for _, subject := range []string{"First", "Second"} {
				if _, err := h.srv.Receive("support@sendook.com", sendooktest.InboundEmail{From: "ada@example.com", Subject: subject, Text: "hi"}); err != nil {
					t.Fatal(err)
				}
			}
			h.srv.Receive("support@sendook.com", sendooktest.InboundEmail{From: "other@elsewhere.net", Subject: "Filtered out", Text: "hi"})
			cliEventually(t, "watch printed two messages", func() bool { return strings.Count(out.String(), "\n") >= 2 })
			time.Sleep(300 * time.Millisecond) // a poll more, which must print nothing new
			cancel()
			var res cliResult
			select {
			case res = <-done:
			case <-time.After(10 * time.Second):
				t.Fatal("watch did not stop when interrupted")
			}
			res.ok(t)
			lines := strings.Split(strings.TrimSuffix(res.out, "\n"), "\n")
			if len(lines) != 2 {
				t.Fatalf("tty=%v: %d lines, want 2:\n%s", tty, len(lines), res.out)
			}
			for i, subject := range []string{"First", "Second"} {
				if tty {
					if !strings.Contains(lines[i], "ada@example.com") || !strings.Contains(lines[i], subject) {
						t.Errorf("line %q lacks the sender or %q", lines[i], subject)
					}
					continue
				}
				var m sendook.Message
				if err := json.Unmarshal([]byte(lines[i]), &m); err != nil || m.Subject != subject {
					t.Errorf("line %q: %v, want the message %q", lines[i], err, subject)
				}
			}
		}
	})
}
