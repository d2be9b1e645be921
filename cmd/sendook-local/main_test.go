package main

import (
	"bufio"
	"context"
	"flag"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"net/smtp"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// TestMain runs main itself when a test starts this binary as the
// command (see main_unix_test.go).
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(runMainEnv); ok {
		os.Args = append([]string{"sendook-local"}, strings.Fields(args)...)
		main()
		os.Exit(0)
	}
	os.Exit(m.Run())
}

// runMainEnv, when set, holds the arguments main is run with.
const runMainEnv = "SENDOOK_LOCAL_TEST_MAIN_ARGS"

// settings are what the command prints for its user.
type settings struct {
	baseURL, apiKey string
	smtp, ui        string
	// head is the output read so far.
	head string
	// rest gets the rest of the output when it ends.
	rest <-chan string
}

var (
	exportLine = regexp.MustCompile(`export (SENDOOK_BASE_URL|SENDOOK_API_KEY)=(.+)$`)
	smtpLine   = regexp.MustCompile(`^SMTP: +(\S+)`)
	uiLine     = regexp.MustCompile(`^Web inbox: +(\S+)`)
)

// readSettings reads the command's output until it says how to stop it,
// and keeps draining it in the background.
func readSettings(t *testing.T, out io.Reader) settings {
	t.Helper()
	var s settings
	lines := bufio.NewScanner(out)
	var head strings.Builder
	for lines.Scan() {
		line := lines.Text()
		head.WriteString(line + "\n")
		if m := exportLine.FindStringSubmatch(line); m != nil {
			if m[1] == "SENDOOK_BASE_URL" {
				s.baseURL = m[2]
			} else {
				s.apiKey = m[2]
			}
		}
		if m := smtpLine.FindStringSubmatch(line); m != nil {
			s.smtp = m[1]
		}
		if m := uiLine.FindStringSubmatch(line); m != nil {
			s.ui = m[1]
		}
		if strings.Contains(line, "Ctrl-C") {
			break
		}
	}
	ch := make(chan string, 1)
	go func() {
		var b strings.Builder
		for lines.Scan() {
			b.WriteString(lines.Text() + "\n")
		}
		ch <- b.String()
	}()
	s.rest = ch
	s.head = head.String()
	return s
}

// start runs the command with args until the test ends.
func start(t *testing.T, args ...string) settings {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, args, stdout, io.Discard)
		stdout.Close()
	}()
	s := readSettings(t, out)
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			require.NoError(t, err)
		case <-time.After(10 * time.Second):
			t.Error("run did not return after its context ended")
		}
	})
	return s
}

// useServer checks that a server at baseURL is a working Sendook API.
func useServer(t *testing.T, baseURL, apiKey string) *sendook.Inbox {
	t.Helper()
	require.NotEmpty(t, baseURL, "the base URL is printed")
	require.NotEmpty(t, apiKey, "the API key is printed")
	client := sendook.NewClient(apiKey, sendook.WithBaseURL(baseURL))
	inbox, err := client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "local"})
	require.NoError(t, err)
	assert.Equal(t, "local@sendook.com", inbox.Email)
	msg, err := client.Messages.Send(context.Background(), inbox.ID, &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "Hi", Text: "hi", HTML: "<p>hi</p>"})
	require.NoError(t, err)
	got, err := client.Messages.Get(context.Background(), inbox.ID, msg.ID)
	require.NoError(t, err)
	assert.Equal(t, msg, got)
	return inbox
}

func TestRun(t *testing.T) {
	for _, tc := range []struct {
		dialect string
		idShape string
	}{
		{"real", `^[0-9a-f]{24}$`},
		{"documented", `^ibox_`},
	} {
		t.Run(tc.dialect, func(t *testing.T) {
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			out, stdout := io.Pipe()
			done := make(chan error, 1)
			go func() {
				done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-smtp", "127.0.0.1:0", "-ui", "127.0.0.1:0",
					"-api-key", "test-key", "-dialect", tc.dialect, "-send-rate-limit", "5"}, stdout, io.Discard)
				stdout.Close()
			}()

			s := readSettings(t, out)
			assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, s.baseURL)
			assert.Equal(t, "<the key given with -api-key>", s.apiKey, "a key of one's own is not echoed")
			s.apiKey = "test-key"
			assert.Regexp(t, `^127\.0\.0\.1:\d+$`, s.smtp)
			assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, s.ui)
			inbox := useServer(t, s.baseURL, s.apiKey)
			assert.Regexp(t, tc.idShape, inbox.ID)

			// Mail sent over SMTP arrives, its webhook has fired when the
			// transaction ends, and the web inbox shows it.
			hooked := make(chan string, 10)
			endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				body, _ := io.ReadAll(r.Body)
				hooked <- string(body)
			}))
			defer endpoint.Close()
			client := sendook.NewClient(s.apiKey, sendook.WithBaseURL(s.baseURL))
			_, err := client.Webhooks.Create(context.Background(), &sendook.CreateWebhookParams{URL: endpoint.URL, Events: []sendook.EventType{sendook.EventMessageReceived}})
			require.NoError(t, err)
			mail := "From: ada@example.com\r\nTo: local@sendook.com\r\nSubject: Over SMTP\r\n\r\nHello.\r\n"
			require.NoError(t, smtp.SendMail(s.smtp, nil, "ada@example.com", []string{"local@sendook.com"}, []byte(mail)))
			select {
			case body := <-hooked:
				assert.Contains(t, body, "Over SMTP")
			default:
				t.Error("the message.received webhook had not fired when the SMTP transaction ended")
			}
			msgs, err := client.Messages.List(context.Background(), inbox.ID, &sendook.ListMessagesParams{Query: "Over SMTP"})
			require.NoError(t, err)
			require.Len(t, msgs, 1, "stored before the SMTP transaction ended")
			assert.Equal(t, sendook.MessageStatusReceived, msgs[0].Status)
			assert.Contains(t, get(t, s.ui+"/", nil, http.StatusOK), "Over SMTP")

			cancel()
			require.NoError(t, <-done)
			rest := <-s.rest
			assert.Contains(t, rest, "Shutting down.")
			assert.NotContains(t, s.head+rest, "test-key", "the key never shows")
			_, err = sendook.NewClient(s.apiKey, sendook.WithBaseURL(s.baseURL), sendook.WithMaxRetries(0)).Inboxes.List(context.Background())
			assert.Error(t, err, "the server is gone")
			_, err = net.DialTimeout("tcp", s.smtp, time.Second)
			assert.Error(t, err, "SMTP is gone")
		})
	}
}

// get fetches url with the given headers and checks the status.
func get(t *testing.T, url string, header http.Header, want int) string {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, url, nil)
	require.NoError(t, err)
	for k, v := range header {
		req.Header[k] = v
	}
	if h := header.Get("Host"); h != "" {
		req.Host = h
	}
	c := &http.Client{Timeout: 10 * time.Second}
	resp, err := c.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	assert.Equal(t, want, resp.StatusCode, "GET %s: %s", url, body)
	return string(body)
}

func TestRunDefaults(t *testing.T) {
	// The default addresses may be taken on this machine; everything
	// else is the default.
	s := start(t, "-addr", "127.0.0.1:0", "-smtp", "", "-ui", "")
	assert.Equal(t, defaultAPIKey, s.apiKey)
	assert.Empty(t, s.smtp, `-smtp "" serves no SMTP`)
	assert.Empty(t, s.ui, `-ui "" serves no web inbox`)
	inbox := useServer(t, s.baseURL, s.apiKey)
	assert.Regexp(t, `^[0-9a-f]{24}$`, inbox.ID, "the real dialect")
}

func TestRunRefusesBadArguments(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()
	t.Setenv("SENDOOK_BASE_URL", "")
	t.Setenv("SENDOOK_API_KEY", "")
	off := []string{"-smtp", "", "-ui", ""}

	for _, tc := range []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"unknown dialect", []string{"-dialect", "fancy"}, `-dialect must be real or documented, not "fancy"`},
		{"unknown flag", []string{"-verbose"}, "flag provided but not defined"},
		{"stray argument", []string{"serve"}, `unexpected argument "serve"`},
		{"address in use", append([]string{"-addr", taken.Addr().String()}, off...), "address already in use"},
		{"SMTP address in use", []string{"-addr", "127.0.0.1:0", "-ui", "", "-smtp", taken.Addr().String()}, "smtp: listen"},
		{"web inbox address in use", []string{"-addr", "127.0.0.1:0", "-smtp", "", "-ui", taken.Addr().String()}, "ui: listen"},
		{"other machines without a key of one's own", append([]string{"-addr", "0.0.0.0:0"}, off...), "give -api-key"},
		{"other machines with the well-known key", append([]string{"-addr", "0.0.0.0:0", "-api-key", defaultAPIKey}, off...), "give -api-key"},
		{"SMTP for other machines without a key", []string{"-addr", "127.0.0.1:0", "-ui", "", "-smtp", ":0"}, "give -api-key"},
		{"web inbox for other machines without a key", []string{"-addr", "127.0.0.1:0", "-smtp", "", "-ui", ":0"}, "give -api-key"},
		{"web inbox only, with no server", []string{"-ui-only"}, "-ui-only needs -base-url"},
		{"web inbox only, with no key", []string{"-ui-only", "-base-url", "http://127.0.0.1:1"}, "-ui-only needs -api-key"},
		{"a base URL without -ui-only", []string{"-base-url", "http://127.0.0.1:1"}, "-base-url goes with -ui-only"},
		{"no size for SMTP", []string{"-smtp-max-bytes", "0"}, "-smtp-max-bytes must be positive"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr strings.Builder
			err := run(context.Background(), tc.args, io.Discard, &stderr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}
}

func TestHelpDocumentsEveryFlag(t *testing.T) {
	var stderr strings.Builder
	err := run(context.Background(), []string{"-h"}, io.Discard, &stderr)
	assert.ErrorIs(t, err, flag.ErrHelp)
	fs := flag.NewFlagSet("", flag.ContinueOnError)
	defineFlags(fs, &options{})
	fs.VisitAll(func(f *flag.Flag) {
		assert.Regexp(t, `(?m)^  -`+regexp.QuoteMeta(f.Name)+`( |$)`, stderr.String(), "the help shows -%s", f.Name)
		assert.NotEmpty(t, f.Usage)
	})
	for _, name := range []string{"-addr", "-smtp", "-ui", "-ui-only", "-base-url", "-allow-host", "-smtp-max-bytes"} {
		assert.Contains(t, stderr.String(), name)
	}
}

// With -ui-only, the web inbox and SMTP serve another Sendook server: mail
// goes in through its /webhooks/ses, as Amazon SES delivers it.
func TestRunUIOnlyForAnotherServer(t *testing.T) {
	api := start(t, "-addr", "127.0.0.1:0", "-smtp", "", "-ui", "")
	inbox := useServer(t, api.baseURL, api.apiKey)
	t.Setenv("SENDOOK_BASE_URL", api.baseURL)
	t.Setenv("SENDOOK_API_KEY", api.apiKey)
	s := start(t, "-ui-only", "-smtp", "127.0.0.1:0", "-ui", "127.0.0.1:0")
	assert.Empty(t, s.baseURL, "no API of its own")
	require.NotEmpty(t, s.smtp)
	require.NotEmpty(t, s.ui)

	mail := "From: Ada <ada@example.com>\r\nTo: " + inbox.Email + "\r\nSubject: Through SES\r\n\r\nHello.\r\n"
	require.NoError(t, smtp.SendMail(s.smtp, nil, "ada@example.com", []string{inbox.Email}, []byte(mail)))
	client := sendook.NewClient(api.apiKey, sendook.WithBaseURL(api.baseURL))
	msgs, err := client.Messages.List(context.Background(), inbox.ID, &sendook.ListMessagesParams{Query: "Through SES"})
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, sendook.MessageStatusReceived, msgs[0].Status)
	body := get(t, s.ui+"/", nil, http.StatusOK)
	assert.Contains(t, body, "Through SES")
	assert.NotContains(t, body, api.apiKey)

	err = smtp.SendMail(s.smtp, nil, "ada@example.com", []string{"nobody@sendook.com"}, []byte(mail))
	assert.ErrorContains(t, err, "550")
}
