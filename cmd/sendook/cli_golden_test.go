package main

import (
	"context"
	"flag"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

var updateGolden = flag.Bool("update", false, "rewrite the golden files in testdata/ from the output")

// TestTablesOnATerminal runs the commands a person runs on a terminal and
// compares what they print with testdata/tables-<dialect>.golden. Ids, dates
// and ports vary from run to run and are replaced by placeholders of the
// same length, so the columns stay aligned as printed.
func TestTablesOnATerminal(t *testing.T) {
	for _, d := range cliDialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			h := newCLIHarness(t, sendooktest.WithDialect(d))
			vars := cliSeedTour(t, h)
			var transcript strings.Builder
			for _, line := range []string{
				"inboxes list",
				"inboxes get support@sendook.com",
				"messages list support@sendook.com",
				"messages list support@sendook.com --query invoice",
				"messages get support@sendook.com {received}",
				"threads list support@sendook.com",
				"threads get support@sendook.com {thread}",
				"domains list",
				"domains get agents.example.com",
				"domains dns agents.example.com",
				"webhooks list",
				"webhooks get {webhook}",
				"webhooks attempts {webhook}",
				"api-keys list",
				"inboxes create --name sales",
				"messages send sales@sendook.com --to ada@example.com --subject Quote --text Attached. --attach testdata/quote.txt",
				"webhooks test {webhook}",
				"inboxes delete sales@sendook.com",
				"messages list sales@sendook.com",
			} {
				args := strings.Fields(cliExpand(line, vars))
				res := h.runTTY(args...)
				fmt.Fprintf(&transcript, "$ sendook %s\n%s", line, res.out)
				if res.code != 0 {
					fmt.Fprintf(&transcript, "[exit %d] %s", res.code, res.err)
				}
				transcript.WriteString("\n")
			}
			cliCheckGolden(t, "tables-"+d.String(), cliScrub(transcript.String()))
		})
	}
}

// cliSeedTour fills the server with an inbox that sent and received mail, a
// domain and a webhook, and returns their ids by name.
func cliSeedTour(t *testing.T, h *cliHarness) map[string]string {
	t.Helper()
	ctx := context.Background()
	c := h.client()
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {}))
	t.Cleanup(hook.Close)
	must := func(err error) {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
	}
	in, err := c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support"})
	must(err)
	wh, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: hook.URL + "/hooks", Events: []sendook.EventType{sendook.EventMessageReceived}})
	must(err)
	_, err = c.Messages.Send(ctx, in.ID, &sendook.SendMessageParams{
		To: []string{"ada@example.com"}, Subject: "Your invoice for November, with the details you asked for in October",
		Text: "Please find it attached.", HTML: "<p>Please find it attached.</p>",
		Attachments: []sendook.Attachment{sendook.NewAttachment("invoice.pdf", "application/pdf", make([]byte, 12345))},
	})
	must(err)
	time.Sleep(5 * time.Millisecond) // distinct times, a stable order
	got, err := h.srv.Receive(in.Email, sendooktest.InboundEmail{
		From: "Ada Lovelace <ada.lovelace@analytical-engines.example.com>", Subject: "Re: invoice",
		Text: "Thanks!\nPaid today.",
	})
	must(err)
	_, err = c.Domains.Create(ctx, &sendook.CreateDomainParams{Name: "agents.example.com"})
	must(err)
	return map[string]string{"received": got.ID, "thread": got.ThreadID, "webhook": wh.ID}
}

// cliExpand replaces {name} in s by vars[name].
func cliExpand(s string, vars map[string]string) string {
	for k, v := range vars {
		s = strings.ReplaceAll(s, "{"+k+"}", v)
	}
	return s
}

var (
	idPattern   = regexp.MustCompile(`\b[0-9a-f]{24}\b|\b[a-z]+_[0-9A-Z]{26}\b`)
	datePattern = regexp.MustCompile(`\b\d{4}-\d\d-\d\d \d\d:\d\d\b`)
	portPattern = regexp.MustCompile(`127\.0\.0\.1:\d+`)
	dkimPattern = regexp.MustCompile(`\b[0-9a-z]{32}\b`)
)

// cliScrub replaces what varies between runs by placeholders of the same
// length: ids by <id1>, <id2>... in order of appearance, dates, ports, DKIM tokens.
func cliScrub(s string) string {
	ids := map[string]string{}
	s = idPattern.ReplaceAllStringFunc(s, func(id string) string {
		if _, ok := ids[id]; !ok {
			ids[id] = fmt.Sprintf("<id%d>", len(ids)+1)
		}
		return cliFill(ids[id], len(id))
	})
	s = datePattern.ReplaceAllString(s, "YYYY-MM-DD hh:mm")
	s = dkimPattern.ReplaceAllStringFunc(s, func(m string) string { return cliFill("<dkim>", len(m)) })
	return portPattern.ReplaceAllStringFunc(s, func(m string) string { return cliFill("127.0.0.1:PORT", len(m)) })
}

// cliFill pads label with '_' to n bytes.
func cliFill(label string, n int) string {
	if len(label) >= n {
		return label[:n]
	}
	return label + strings.Repeat("_", n-len(label))
}

// cliCheckGolden compares got with testdata/name.golden, or rewrites the
// file with -update.
func cliCheckGolden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name+".golden")
	if *updateGolden {
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("output differs from %s (go test -update rewrites it):\n--- got\n%s\n--- want\n%s", path, got, want)
	}
}
