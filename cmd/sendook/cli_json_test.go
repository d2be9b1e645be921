package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"os"
	"runtime"
	"slices"
	"strings"
	"testing"

	"github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// cliDecodeJSON parses a command's output as exactly one JSON document into v.
func cliDecodeJSON[T any](t *testing.T, res cliResult) T {
	t.Helper()
	res.ok(t)
	var v T
	dec := json.NewDecoder(strings.NewReader(res.out))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&v); err != nil {
		t.Fatalf("output is not a %T: %v\n%s", v, err, res.out)
	}
	if dec.More() {
		t.Fatalf("more than one JSON document:\n%s", res.out)
	}
	return v
}

// TestPipedOutputIsTheSDKsModels checks that piped output, and --json on a
// terminal, parse back into the SDK's types with the server's values.
func TestPipedOutputIsTheSDKsModels(t *testing.T) {
	cliForEachDialect(t, func(t *testing.T, h *cliHarness) {
		ctx := context.Background()
		vars := cliSeedTour(t, h)

		inbox := cliDecodeJSON[sendook.Inbox](t, h.run("inboxes", "create", "--name", "sales"))
		if inbox.Email != "sales@sendook.com" || inbox.ID == "" || inbox.CreatedAt.IsZero() {
			t.Errorf("inboxes create = %+v", inbox)
		}
		// --json on a terminal prints the same as a pipe.
		for _, res := range []cliResult{h.run("inboxes", "list"), h.runTTY("--json", "inboxes", "list")} {
			inboxes := cliDecodeJSON[[]sendook.Inbox](t, res)
			if len(inboxes) != 2 || !slices.ContainsFunc(inboxes, func(in sendook.Inbox) bool { return in == inbox }) {
				t.Errorf("inboxes list = %+v, want support and %+v", inboxes, inbox)
			}
		}
		if got := cliDecodeJSON[sendook.Inbox](t, h.run("inboxes", "get", "sales@sendook.com")); got != inbox {
			t.Errorf("inboxes get by address = %+v, want %+v", got, inbox)
		}
		if got := cliDecodeJSON[sendook.Inbox](t, h.run("inboxes", "get", inbox.ID)); got != inbox {
			t.Errorf("inboxes get by id = %+v, want %+v", got, inbox)
		}

		sent := cliDecodeJSON[sendook.Message](t, h.run("messages", "send", "sales@sendook.com",
			"--to", "ada@example.com,bob@example.com", "--cc", "carol@example.com", "--label", "quote",
			"--subject", "Quote", "--text", "Attached.", "--attach", "testdata/quote.txt"))
		if !slices.Equal(sent.To, []string{"ada@example.com", "bob@example.com"}) || !slices.Equal(sent.CC, []string{"carol@example.com"}) ||
			!slices.Equal(sent.Labels, []string{"quote"}) || sent.Subject != "Quote" || sent.Text != "Attached." || sent.HTML != "<p>Attached.</p>" {
			t.Errorf("messages send = %+v", sent)
		}
		wantFile, _ := os.ReadFile("testdata/quote.txt")
		if len(sent.Attachments) != 1 || sent.Attachments[0].Name != "quote.txt" || sent.Attachments[0].Content != base64.StdEncoding.EncodeToString(wantFile) {
			t.Errorf("attachments = %+v", sent.Attachments)
		}
		msgs := cliDecodeJSON[[]sendook.Message](t, h.run("messages", "list", "sales@sendook.com"))
		if len(msgs) != 1 || msgs[0].ID != sent.ID {
			t.Errorf("messages list = %+v, want the sent message", msgs)
		}
		if got := cliDecodeJSON[[]sendook.Message](t, h.run("messages", "list", "support@sendook.com", "--query", "paid")); len(got) != 1 || got[0].ID != vars["received"] {
			t.Errorf("messages list --query paid = %+v, want the received message", got)
		}
		got := cliDecodeJSON[sendook.Message](t, h.run("messages", "get", "support@sendook.com", vars["received"]))
		if got.ID != vars["received"] || got.Status != sendook.MessageStatusReceived || got.Text != "Thanks!\nPaid today." {
			t.Errorf("messages get = %+v", got)
		}
		reply := cliDecodeJSON[sendook.Message](t, h.run("messages", "reply", "support@sendook.com", vars["received"], "--text", "You're welcome."))
		if reply.Subject != "Re: invoice" || reply.ThreadID != vars["thread"] {
			t.Errorf("messages reply = %+v, want in thread %s", reply, vars["thread"])
		}

		threads := cliDecodeJSON[[]sendook.Thread](t, h.run("threads", "list", "support@sendook.com"))
		if !slices.ContainsFunc(threads, func(th sendook.Thread) bool { return th.ID == vars["thread"] }) {
			t.Errorf("threads list = %+v, want %s", threads, vars["thread"])
		}
		thread := cliDecodeJSON[sendook.Thread](t, h.run("threads", "get", "support@sendook.com", vars["thread"]))
		if thread.ID != vars["thread"] || len(thread.Messages) != 2 {
			t.Errorf("threads get = %+v, want the received message and the reply", thread)
		}

		dom := cliDecodeJSON[sendook.Domain](t, h.run("domains", "create", "mail.example.com"))
		if dom.Name != "mail.example.com" || dom.Verified {
			t.Errorf("domains create = %+v", dom)
		}
		if got := cliDecodeJSON[[]sendook.Domain](t, h.run("domains", "list")); len(got) != 2 {
			t.Errorf("domains list = %+v, want 2", got)
		}
		records := cliDecodeJSON[[]sendook.DNSRecord](t, h.run("domains", "dns", "mail.example.com"))
		if !slices.ContainsFunc(records, func(r sendook.DNSRecord) bool { return r.Type == "MX" }) {
			t.Errorf("domains dns = %+v, want an MX record", records)
		}
		if err := h.srv.VerifyDomain("mail.example.com"); err != nil {
			t.Fatal(err)
		}
		if got := cliDecodeJSON[sendook.Domain](t, h.run("domains", "verify", "mail.example.com")); !got.Verified {
			t.Errorf("domains verify = %+v, want verified", got)
		}
		if got := cliDecodeJSON[sendook.Domain](t, h.run("domains", "get", "mail.example.com")); got.Name != dom.Name {
			t.Errorf("domains get = %+v", got)
		}
		cliDecodeJSON[sendook.Domain](t, h.run("domains", "delete", "mail.example.com"))

		hook := cliDecodeJSON[sendook.Webhook](t, h.run("webhooks", "create", "--url", "http://127.0.0.1:1/h", "--event", "message.received", "--event", "inbox.created"))
		if !slices.Equal(hook.Events, []sendook.EventType{sendook.EventMessageReceived, sendook.EventInboxCreated}) {
			t.Errorf("webhooks create = %+v", hook)
		}
		if got := cliDecodeJSON[sendook.Webhook](t, h.run("webhooks", "get", hook.ID)); got.ID != hook.ID || got.URL != hook.URL {
			t.Errorf("webhooks get = %+v", got)
		}
		if got := cliDecodeJSON[map[string]bool](t, h.run("webhooks", "test", vars["webhook"])); !got["success"] {
			t.Errorf("webhooks test = %v", got)
		}
		attempts := cliDecodeJSON[[]sendook.WebhookAttempt](t, h.run("webhooks", "attempts", vars["webhook"]))
		if len(attempts) != 2 {
			t.Errorf("webhooks attempts = %+v, want the received message's and the test's", attempts)
		}
		cliDecodeJSON[sendook.Webhook](t, h.run("webhooks", "delete", hook.ID))
		if got := cliDecodeJSON[[]sendook.Webhook](t, h.run("webhooks", "list")); len(got) != 1 {
			t.Errorf("webhooks list after delete = %+v", got)
		}

		if got := cliDecodeJSON[sendook.Inbox](t, h.run("inboxes", "delete", "sales@sendook.com")); got.ID != inbox.ID {
			t.Errorf("inboxes delete = %+v", got)
		}
		if _, err := h.client().Inboxes.Get(ctx, inbox.ID); err == nil {
			t.Error("the inbox is still there after inboxes delete")
		}
	})
}

// TestAPIKeySecretsArePrintedOnlyByCreate: a key's secret is shown once,
// when it is made; list, get and delete leave it out, also in JSON.
func TestAPIKeySecretsArePrintedOnlyByCreate(t *testing.T) {
	cliForEachDialect(t, func(t *testing.T, h *cliHarness) {
		key := cliDecodeJSON[sendook.APIKey](t, h.run("api-keys", "create", "--name", "ci"))
		if key.Name != "ci" || key.Key == "" {
			t.Fatalf("api-keys create = %+v, want the secret", key)
		}
		if tty := h.runTTY("api-keys", "create", "--name", "ci2").ok(t); !strings.Contains(tty.out, "shown only now") {
			t.Errorf("api-keys create on a terminal does not say the secret is shown once:\n%s", tty.out)
		}
		for _, run := range []func(...string) cliResult{h.run, h.runTTY} {
			for _, args := range [][]string{{"api-keys", "list"}, {"api-keys", "get", key.ID}} {
				if res := run(args...).ok(t); strings.Contains(res.out, key.Key) || strings.Contains(res.out, `"key"`) {
					t.Errorf("%v printed a secret:\n%s", args, res.out)
				}
			}
		}
		if res := h.run("api-keys", "delete", key.ID).ok(t); strings.Contains(res.out, key.Key) || strings.Contains(res.out, `"key"`) {
			t.Errorf("api-keys delete printed the secret:\n%s", res.out)
		}
	})
}

func TestVersion(t *testing.T) {
	h := newCLIHarness(t)
	v := cliDecodeJSON[versionInfo](t, h.run("version"))
	if v.SDK != sendook.Version || v.Go != runtime.Version() || v.OS != runtime.GOOS || v.Arch != runtime.GOARCH {
		t.Errorf("version = %+v", v)
	}
	tty := h.runTTY("version").ok(t)
	for _, want := range []string{sendook.Version, runtime.Version(), runtime.GOOS + "/" + runtime.GOARCH} {
		if !strings.Contains(tty.out, want) {
			t.Errorf("version on a terminal = %q, want %q in it", tty.out, want)
		}
	}
}

func TestCompletion(t *testing.T) {
	h := newCLIHarness(t)
	for shell, want := range map[string]string{
		"bash": "complete -o default -F __start_sendook sendook", "zsh": "#compdef sendook",
		"fish": "complete -c sendook", "powershell": "Register-ArgumentCompleter",
	} {
		if res := h.run("completion", shell).ok(t); !strings.Contains(res.out, want) {
			t.Errorf("completion %s lacks %q", shell, want)
		}
	}
	if res := h.run("completion", "tcsh"); res.code != exitUsage {
		t.Errorf("completion tcsh: exit %d, want 2", res.code)
	}
}

// The in-memory server's own dialect option is not used elsewhere in this
// file; keep the import honest.
var _ = sendooktest.DialectReal

// TestShellCompletesInboxAddresses: the INBOX argument completes to the
// inboxes' addresses, through cobra's hidden __complete command the shell
// scripts call.
func TestShellCompletesInboxAddresses(t *testing.T) {
	h := newCLIHarness(t)
	cliSeedTour(t, h)
	for _, args := range [][]string{{"messages", "list", "sup"}, {"messages", "wait", ""}, {"inboxes", "get", "s"}} {
		res := h.run(append([]string{"__complete"}, args...)...).ok(t)
		if !strings.Contains(res.out, "support@sendook.com\tsupport") {
			t.Errorf("completing %v offered:\n%s", args, res.out)
		}
	}
	if res := h.run("__complete", "messages", "list", "x").ok(t); strings.Contains(res.out, "support@sendook.com") {
		t.Errorf("completing x offered support@:\n%s", res.out)
	}
}
