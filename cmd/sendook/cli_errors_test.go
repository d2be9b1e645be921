package main

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
	"github.com/spf13/cobra"
)

// TestExitStatusAndErrors: each failure exits with the contract's status
// and one line on standard error that says what to do, a JSON object with
// --json.
func TestExitStatusAndErrors(t *testing.T) {
	cliForEachDialect(t, func(t *testing.T, h *cliHarness) {
		cliSeedTour(t, h)
		cases := []struct {
			name  string
			env   map[string]string
			fault *sendooktest.Fault
			args  []string
			code  int
			want  string // in the line on standard error
		}{
			{name: "unknown command", args: []string{"inbox"}, code: exitUsage, want: `unknown command "inbox" for "sendook"; did you mean inboxes? (see sendook --help)`},
			{name: "unknown flag", args: []string{"inboxes", "list", "--bogus"}, code: exitUsage, want: "unknown flag: --bogus (see sendook inboxes list --help)"},
			{name: "missing argument", args: []string{"messages", "get", "support@sendook.com"}, code: exitUsage, want: "missing MESSAGE_ID"},
			{name: "extra argument", args: []string{"inboxes", "list", "x"}, code: exitUsage, want: `unexpected argument "x"`},
			{name: "no key", env: map[string]string{"SENDOOK_API_KEY": ""}, args: []string{"inboxes", "list"}, code: exitUsage, want: "SENDOOK_API_KEY is not set: export it or pass --api-key"},
			{name: "wrong key", args: []string{"--api-key", "wrong", "inboxes", "list"}, code: exitError, want: "refused the API key (401"},
			{name: "send without --to", args: []string{"messages", "send", "support@sendook.com", "--subject", "s", "--text", "t"}, code: exitUsage, want: "missing --to"},
			{name: "send without body", args: []string{"messages", "send", "support@sendook.com", "--to", "a@example.com", "--subject", "s"}, code: exitUsage, want: "missing body"},
			{name: "text and text-file", args: []string{"messages", "reply", "support@sendook.com", "x", "--text", "t", "--text-file", "f"}, code: exitUsage, want: "--text or --text-file, not both"},
			{name: "missing attachment", args: []string{"messages", "send", "support@sendook.com", "--to", "a@example.com", "--subject", "s", "--text", "t", "--attach", "nope.pdf"}, code: exitUsage, want: "--attach: open nope.pdf"},
			{name: "code and link", args: []string{"messages", "wait", "support@sendook.com", "--code", "--link"}, code: exitUsage, want: "pass --code or --link, not both"},
			{name: "unknown event", args: []string{"webhooks", "create", "--url", "http://x", "--event", "message.read"}, code: exitUsage, want: `unknown event "message.read"`},
			{name: "unknown inbox address", args: []string{"messages", "list", "nobody@sendook.com"}, code: exitError, want: "no inbox has the address nobody@sendook.com"},
			{name: "unknown domain", args: []string{"domains", "get", "nope.example.com"}, code: exitError, want: "not found (404"},
			{name: "server down", env: map[string]string{"SENDOOK_BASE_URL": "http://127.0.0.1:1"}, args: []string{"inboxes", "list"}, code: exitError, want: "cannot reach the Sendook server at http://127.0.0.1:1"},
			{name: "--base-url wins over the environment", args: []string{"--base-url", "http://127.0.0.1:1", "inboxes", "list"}, code: exitError, want: "cannot reach the Sendook server at http://127.0.0.1:1"},
			{name: "no password in errors", args: []string{"--base-url", "http://user:hunter2@127.0.0.1:1", "inboxes", "list"}, code: exitUsage, want: `--base-url (or SENDOOK_BASE_URL) "http://user:xxxxx@127.0.0.1:1" may not have credentials`},
			{name: "server error", fault: &sendooktest.Fault{PathPrefix: "/v1/inboxes", Status: http.StatusBadGateway, Times: 4}, args: []string{"inboxes", "list"}, code: exitError, want: "the server failed (502"},
			{name: "rate limited", fault: &sendooktest.Fault{PathPrefix: "/v1/inboxes", Status: http.StatusTooManyRequests}, args: []string{"inboxes", "list"}, code: exitError, want: "rate limited (429"},
		}
		for _, tc := range cases {
			t.Run(tc.name, func(t *testing.T) {
				old := h.env
				h.env = map[string]string{}
				for k, v := range old {
					h.env[k] = v
				}
				for k, v := range tc.env {
					h.env[k] = v
				}
				defer func() { h.env = old }()
				for _, asJSON := range []bool{false, true} {
					if tc.fault != nil {
						h.srv.InjectFault(*tc.fault)
					}
					args := tc.args
					if asJSON {
						args = append([]string{"--json"}, args...)
					}
					res := h.run(args...)
					if res.code != tc.code {
						t.Fatalf("sendook %s: exit %d, want %d; stderr: %s", strings.Join(args, " "), res.code, tc.code, res.err)
					}
					if res.out != "" {
						t.Errorf("a failure printed on standard output: %q", res.out)
					}
					line := strings.TrimSuffix(res.err, "\n")
					if strings.Contains(line, "\n") {
						t.Errorf("error is not one line:\n%s", res.err)
					}
					if asJSON {
						var v struct{ Error string }
						if err := json.Unmarshal([]byte(line), &v); err != nil || v.Error == "" {
							t.Fatalf("--json error is not a JSON object with an error: %q", line)
						}
						line = v.Error
					} else if !strings.HasPrefix(line, "sendook: ") {
						t.Errorf("error line %q does not start with sendook: ", line)
					}
					if strings.Contains(line, "hunter2") {
						t.Errorf("error shows the password: %q", line)
					}
					if !strings.Contains(line, tc.want) {
						t.Errorf("error %q does not say %q", line, tc.want)
					}
				}
			})
		}
	})
}

// TestStandardInput: - reads a body or an attachment from standard input,
// and only one flag may read it.
func TestStandardInput(t *testing.T) {
	cliForEachDialect(t, func(t *testing.T, h *cliHarness) {
		cliSeedTour(t, h)
		send := func(stdin string, flags ...string) cliResult {
			args := append([]string{"messages", "send", "support@sendook.com", "--to", "ada@example.com", "--subject", "From a pipe"}, flags...)
			return h.exec(cliRun{args: args, stdin: stdin})
		}
		text := cliDecodeJSON[sendook.Message](t, send("Build 42 passed\n<ok>", "--text-file", "-"))
		if text.Text != "Build 42 passed\n<ok>" || text.HTML != "<p>Build 42 passed<br>\n&lt;ok&gt;</p>" {
			t.Errorf("--text-file -: text %q, html %q", text.Text, text.HTML)
		}
		html := cliDecodeJSON[sendook.Message](t, send("<h1>Report</h1>", "--html-file", "-", "--text", "Report"))
		if html.HTML != "<h1>Report</h1>" {
			t.Errorf("--html-file -: html %q", html.HTML)
		}
		att := cliDecodeJSON[sendook.Message](t, send("%PDF-1.4 fake", "--text", "see attached", "--attach", "-"))
		if len(att.Attachments) != 1 || att.Attachments[0].Name != "stdin" || att.Attachments[0].ContentType != "application/pdf" {
			t.Errorf("--attach -: %+v", att.Attachments)
		}
		if res := send("x", "--text-file", "-", "--attach", "-"); res.code != exitUsage || !strings.Contains(res.err, "both read standard input") {
			t.Errorf("two flags reading -: exit %d, %s", res.code, res.err)
		}
		reply := cliDecodeJSON[sendook.Message](t, h.exec(cliRun{args: []string{"messages", "reply", "support@sendook.com", h.srv.Sent()[0].ID, "--text-file", "-"}, stdin: "Answer from stdin"}))
		if reply.Text != "Answer from stdin" {
			t.Errorf("reply --text-file -: %q", reply.Text)
		}
	})
}

// TestHelpHasExamples: every command's help shows how to use it, and no
// help shows the API key.
func TestHelpHasExamples(t *testing.T) {
	h := newCLIHarness(t)
	root := newRootCmd(&app{getenv: func(string) string { return "" }})
	var walk func(c *cobra.Command)
	walk = func(c *cobra.Command) {
		if c.Name() == "help" || c.Name() == "mcp" { // mcp's help is written with the MCP server
			return
		}
		if c.Example == "" {
			t.Errorf("%s has no examples", c.CommandPath())
		}
		args := append(strings.Fields(strings.TrimPrefix(c.CommandPath(), "sendook")), "--help", "--api-key", h.srv.APIKey)
		res := h.run(args...).ok(t) // the harness fails if the key shows
		if !strings.Contains(res.out, "Examples:") {
			t.Errorf("%s --help shows no examples", c.CommandPath())
		}
		for _, sub := range c.Commands() {
			walk(sub)
		}
	}
	walk(root)
}

// TestDebugLogsRequestsWithoutTheKey: --debug logs each request on
// standard error, never the key.
func TestDebugLogsRequestsWithoutTheKey(t *testing.T) {
	h := newCLIHarness(t)
	res := h.run("--debug", "inboxes", "list").ok(t) // the harness fails if the key shows
	if !strings.Contains(res.err, "/v1/inboxes") {
		t.Errorf("--debug logged no request:\n%s", res.err)
	}
	if res := h.run("inboxes", "list").ok(t); res.err != "" {
		t.Errorf("without --debug, standard error has %q", res.err)
	}
}

// TestErrorsNeverShowTheKey: a key typed where a command was expected is
// not echoed back; a key too short to be secret does not mangle words.
func TestErrorsNeverShowTheKey(t *testing.T) {
	h := newCLIHarness(t)
	res := h.run(h.srv.APIKey, "inboxes", "list") // the harness fails if the key shows
	if res.code != exitUsage || !strings.Contains(res.err, `unknown command "[REDACTED]"`) {
		t.Errorf("exit %d, %s", res.code, res.err)
	}
	short := newCLIHarness(t, sendooktest.WithAPIKey("k"))
	if res := short.run("inboxes", "get", "nobody@sendook.com"); !strings.Contains(res.err, "sendook inboxes list") {
		t.Errorf("a one-letter key mangled the message: %s", res.err)
	}
	// Standing alone, even a one-letter key is hidden.
	if res := short.run("k", "inboxes", "list"); !strings.Contains(res.err, `unknown command "[REDACTED]"`) {
		t.Errorf("a one-letter key typed as a command: %s", res.err)
	}
}

func TestHasMalformedID(t *testing.T) {
	tests := []struct {
		path string
		want bool
	}{
		{"/v1/inboxes/6b0f5d09c66ce5f38b922b11/messages/nope", true},
		{"/v1/inboxes/support@sendook.com", true},
		{"/v1/inboxes/6b0f5d09c66ce5f38b922b11/messages/6b0f5d09c66ce5f38b922b13", false},
		{"/v1/inboxes/6b0f5d09c66ce5f38b922b11/messages/send", false},
		{"/v1/inboxes", false},
		{"/v1/domains/example.com/verify", false},
		{"/v1/webhooks/x/test", true},
	}
	for _, tt := range tests {
		if got := hasMalformedID(tt.path); got != tt.want {
			t.Errorf("hasMalformedID(%q) = %v, want %v", tt.path, got, tt.want)
		}
	}
}
