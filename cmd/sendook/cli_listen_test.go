package main

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// handlerSpy is the developer's webhook handler that listen forwards to.
type handlerSpy struct {
	*httptest.Server
	mu     sync.Mutex
	bodies [][]byte
	heads  []http.Header
}

func newHandlerSpy(t *testing.T, status int, answer string) *handlerSpy {
	s := &handlerSpy{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.bodies, s.heads = append(s.bodies, body), append(s.heads, r.Header.Clone())
		s.mu.Unlock()
		w.WriteHeader(status)
		io.WriteString(w, answer)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *handlerSpy) got() ([][]byte, []http.Header) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([][]byte(nil), s.bodies...), append([]http.Header(nil), s.heads...)
}

// listening is a listen command running in the background.
type listening struct {
	out    *cliSyncBuffer
	errOut *cliSyncBuffer
	cancel context.CancelFunc
	done   chan cliResult
	hook   sendook.Webhook
}

// startListen runs sendook listen with args until stop, and returns once
// its temporary webhook exists.
func startListen(t *testing.T, h *cliHarness, tty bool, args ...string) *listening {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	l := &listening{out: new(cliSyncBuffer), errOut: new(cliSyncBuffer), cancel: cancel, done: make(chan cliResult, 1)}
	go func() {
		l.done <- h.exec(cliRun{args: append([]string{"listen"}, args...), ctx: ctx, out: l.out, errOut: l.errOut, tty: tty})
	}()
	t.Cleanup(func() { l.stop(t) })
	cliEventually(t, "listen is ready", func() bool { return strings.Contains(l.errOut.String(), "Ready.") })
	hooks, err := h.client().Webhooks.List(context.Background())
	if err != nil || len(hooks) != 1 {
		t.Fatalf("webhooks after listen started: %v, %v; want one", hooks, err)
	}
	l.hook = hooks[0]
	return l
}

// stop interrupts listen, as Ctrl-C does, and returns how it ended.
func (l *listening) stop(t *testing.T) cliResult {
	t.Helper()
	l.cancel()
	select {
	case res := <-l.done:
		l.done <- res // for a second stop
		return res
	case <-time.After(15 * time.Second):
		t.Fatal("listen did not stop when interrupted")
		return cliResult{}
	}
}

func (l *listening) deliveries(t *testing.T) []delivery {
	t.Helper()
	var out []delivery
	for _, line := range strings.Split(strings.TrimSpace(l.out.String()), "\n") {
		if line == "" {
			continue
		}
		var d delivery
		if err := json.Unmarshal([]byte(line), &d); err != nil {
			t.Fatalf("listen printed %q, not a JSON line: %v", line, err)
		}
		out = append(out, d)
	}
	return out
}

// TestListenForwardsEveryDelivery: the temporary webhook takes every event,
// each delivery reaches the handler byte for byte with its headers, the
// handler's answer goes back to Sendook, and the webhook is gone after
// Ctrl-C.
func TestListenForwardsEveryDelivery(t *testing.T) {
	for _, d := range cliDialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			const secret = "whsec_test"
			h := newCLIHarness(t, sendooktest.WithDialect(d), sendooktest.WithWebhookSecret(secret))
			h.env["SENDOOK_WEBHOOK_SECRET"] = secret
			ctx := context.Background()
			c := h.client()
			in, err := c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support"})
			if err != nil {
				t.Fatal(err)
			}
			handler := newHandlerSpy(t, http.StatusCreated, `{"handled":true}`)
			l := startListen(t, h, false, "--forward-to", handler.URL+"/webhooks/sendook")
			if len(l.hook.Events) != len(allEvents) || !strings.HasPrefix(l.hook.URL, "http://127.0.0.1:") {
				t.Errorf("temporary webhook = %+v, want every event at the receiver", l.hook)
			}

			if err := c.Webhooks.Test(ctx, l.hook.ID); err != nil {
				t.Fatal(err)
			}
			if _, err := h.srv.Receive(in.Email, sendooktest.InboundEmail{From: "ada@example.com", Subject: "Hello there", Text: "hi"}); err != nil {
				t.Fatal(err)
			}
			sales, err := c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "sales"})
			if err != nil {
				t.Fatal(err)
			}
			if _, err := c.Messages.Send(ctx, sales.ID, &sendook.SendMessageParams{To: []string{"ada@example.com"}, Subject: "Quote", Text: "t", HTML: "h"}); err != nil {
				t.Fatal(err)
			}

			bodies, heads := handler.got()
			if len(bodies) != 4 {
				t.Fatalf("the handler got %d deliveries, want 4", len(bodies))
			}
			for i, body := range bodies {
				// The signature covers the raw body: it verifies only if
				// body and header arrived unchanged.
				if err := sendook.VerifyWebhookSignature(secret, body, heads[i].Get(sendook.WebhookSignatureHeader)); err != nil {
					t.Errorf("delivery %d was not forwarded byte for byte with its headers: %v", i, err)
				}
				if ct := heads[i].Get("Content-Type"); ct != "application/json" {
					t.Errorf("delivery %d Content-Type %q", i, ct)
				}
			}
			attempts, err := c.Webhooks.ListAttempts(ctx, l.hook.ID)
			if err != nil || len(attempts) == 0 {
				t.Fatalf("attempts: %v, %v", attempts, err)
			}
			for _, at := range attempts {
				if at.Status != http.StatusCreated || !strings.Contains(string(at.Response), "handled") {
					t.Errorf("Sendook recorded %d %s, want the handler's 201 and answer", at.Status, at.Response)
				}
			}

			got := l.deliveries(t)
			want := []delivery{
				{Event: sendook.EventMessageReceived, Test: true, Signature: "valid", Status: 201},
				{Event: sendook.EventMessageReceived, InboxID: in.ID, Inbox: in.Email, Subject: "Hello there", Signature: "valid", Status: 201},
				{Event: sendook.EventInboxCreated, InboxID: sales.ID, Inbox: "sales@sendook.com", Signature: "valid", Status: 201},
				// An inbox made after listen started is shown by address too.
				{Event: sendook.EventMessageSent, InboxID: sales.ID, Inbox: "sales@sendook.com", Subject: "Quote", Signature: "valid", Status: 201},
			}
			if len(got) != len(want) {
				t.Fatalf("listen printed %d deliveries, want %d:\n%s", len(got), len(want), l.out)
			}
			for i := range want {
				g := got[i]
				g.Time, g.MessageID = time.Time{}, ""
				if g != want[i] {
					t.Errorf("delivery %d = %+v, want %+v", i, g, want[i])
				}
			}

			res := l.stop(t).ok(t)
			if !strings.Contains(res.err, "Deleted the temporary webhook "+l.hook.ID) {
				t.Errorf("listen did not say it deleted the webhook:\n%s", res.err)
			}
			if hooks, err := c.Webhooks.List(ctx); err != nil || len(hooks) != 0 {
				t.Errorf("webhooks after Ctrl-C: %v, %v; want none", hooks, err)
			}
		})
	}
}

// TestListenWithTheHandlerDown: Sendook hears 502, listen says why, and
// the webhook is still deleted on exit.
func TestListenWithTheHandlerDown(t *testing.T) {
	h := newCLIHarness(t)
	handler := newHandlerSpy(t, 200, "")
	handler.Close()
	l := startListen(t, h, true, "--event", "message.received", "--forward-to", handler.URL)
	if err := h.client().Webhooks.Test(context.Background(), l.hook.ID); err != nil {
		t.Fatal(err)
	}
	attempts, _ := h.client().Webhooks.ListAttempts(context.Background(), l.hook.ID)
	if len(attempts) != 1 || attempts[0].Status < 500 {
		t.Errorf("attempts %+v, want one that failed", attempts)
	}
	if out := l.out.String(); !strings.Contains(out, "message.received") || !strings.Contains(out, "(test event)") ||
		!strings.Contains(out, "! forward failed: connection refused") {
		t.Errorf("listen on a terminal printed:\n%s", out)
	}
	l.stop(t).ok(t)
	if hooks, _ := h.client().Webhooks.List(context.Background()); len(hooks) != 0 {
		t.Errorf("webhooks after Ctrl-C: %v, want none", hooks)
	}
}

// TestListenRefusesBadSignatures: with SENDOOK_WEBHOOK_SECRET set, a
// delivery signed with another secret is answered 401 and not forwarded.
func TestListenRefusesBadSignatures(t *testing.T) {
	h := newCLIHarness(t, sendooktest.WithWebhookSecret("the server's secret"))
	h.env["SENDOOK_WEBHOOK_SECRET"] = "another secret"
	handler := newHandlerSpy(t, 200, "")
	l := startListen(t, h, false, "--forward-to", handler.URL)
	if err := h.client().Webhooks.Test(context.Background(), l.hook.ID); err != nil {
		t.Fatal(err)
	}
	if bodies, _ := handler.got(); len(bodies) != 0 {
		t.Errorf("a badly signed delivery was forwarded")
	}
	got := l.deliveries(t)
	if len(got) != 1 || got[0].Signature != "invalid" || got[0].Status != 0 {
		t.Errorf("deliveries %+v, want one with an invalid signature, not forwarded", got)
	}
	attempts, _ := h.client().Webhooks.ListAttempts(context.Background(), l.hook.ID)
	if len(attempts) != 1 || attempts[0].Status == http.StatusOK {
		t.Errorf("attempts %+v, want the delivery refused", attempts)
	}
}

func TestListenURLs(t *testing.T) {
	t.Run("public URL", func(t *testing.T) {
		h := newCLIHarness(t)
		l := startListen(t, h, false, "--public-url", "https://abc.tunnel.example/hooks", "--event", "inbox.created")
		if l.hook.URL != "https://abc.tunnel.example/hooks" || len(l.hook.Events) != 1 {
			t.Errorf("webhook = %+v, want the public URL and one event", l.hook)
		}
	})
	t.Run("hosted Sendook needs a public URL", func(t *testing.T) {
		h := newCLIHarness(t)
		delete(h.env, "SENDOOK_BASE_URL")
		res := h.run("listen")
		if res.code != exitUsage || !strings.Contains(res.err, "--public-url") {
			t.Errorf("exit %d, %s; want 2 and a hint at --public-url", res.code, res.err)
		}
	})
	for _, args := range [][]string{{"--forward-to", "localhost:3000"}, {"--event", "message.read"}, {"--addr", "256.0.0.1:x"}} {
		h := newCLIHarness(t)
		if res := h.run(append([]string{"listen"}, args...)...); res.code != exitUsage {
			t.Errorf("listen %v: exit %d, want 2; %s", args, res.code, res.err)
		}
		if hooks, _ := h.client().Webhooks.List(context.Background()); len(hooks) != 0 {
			t.Errorf("listen %v left a webhook", args)
		}
	}
}
