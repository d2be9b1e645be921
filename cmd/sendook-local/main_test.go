package main

import (
	"bufio"
	"context"
	"flag"
	"io"
	"net"
	"os"
	"regexp"
	"strings"
	"testing"

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

var exportLine = regexp.MustCompile(`export (SENDOOK_BASE_URL|SENDOOK_API_KEY)=(\S+)`)

// readSettings reads the command's output until it has printed the base
// URL and API key, and keeps draining it in the background, sending the
// rest of it on rest when the output ends.
func readSettings(t *testing.T, out io.Reader) (baseURL, apiKey string, rest <-chan string) {
	t.Helper()
	lines := bufio.NewScanner(out)
	for (baseURL == "" || apiKey == "") && lines.Scan() {
		if m := exportLine.FindStringSubmatch(lines.Text()); m != nil {
			if m[1] == "SENDOOK_BASE_URL" {
				baseURL = m[2]
			} else {
				apiKey = m[2]
			}
		}
	}
	require.NotEmpty(t, baseURL, "the base URL is printed")
	require.NotEmpty(t, apiKey, "the API key is printed")
	ch := make(chan string, 1)
	go func() {
		var b strings.Builder
		for lines.Scan() {
			b.WriteString(lines.Text() + "\n")
		}
		ch <- b.String()
	}()
	return baseURL, apiKey, ch
}

// useServer checks that a server at baseURL is a working Sendook API.
func useServer(t *testing.T, baseURL, apiKey string) *sendook.Inbox {
	t.Helper()
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
				done <- run(ctx, []string{"-addr", "127.0.0.1:0", "-api-key", "test-key", "-dialect", tc.dialect, "-send-rate-limit", "5"}, stdout, io.Discard)
				stdout.Close()
			}()

			baseURL, apiKey, rest := readSettings(t, out)
			assert.Regexp(t, `^http://127\.0\.0\.1:\d+$`, baseURL)
			assert.Equal(t, "test-key", apiKey)
			inbox := useServer(t, baseURL, apiKey)
			assert.Regexp(t, tc.idShape, inbox.ID)

			cancel()
			require.NoError(t, <-done)
			assert.Contains(t, <-rest, "Shutting down.")
			_, err := sendook.NewClient(apiKey, sendook.WithBaseURL(baseURL), sendook.WithMaxRetries(0)).Inboxes.List(context.Background())
			assert.Error(t, err, "the server is gone")
		})
	}
}

func TestRunDefaults(t *testing.T) {
	// The default address may be taken on this machine; everything else
	// is the default.
	ctx, cancel := context.WithCancel(context.Background())
	out, stdout := io.Pipe()
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"-addr", "127.0.0.1:0"}, stdout, io.Discard)
		stdout.Close()
	}()
	baseURL, apiKey, rest := readSettings(t, out)
	assert.Equal(t, defaultAPIKey, apiKey)
	inbox := useServer(t, baseURL, apiKey)
	assert.Regexp(t, `^[0-9a-f]{24}$`, inbox.ID, "the real dialect")
	cancel()
	require.NoError(t, <-done)
	<-rest
}

func TestRunRefusesBadArguments(t *testing.T) {
	taken, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	defer taken.Close()

	for _, tc := range []struct {
		name    string
		args    []string
		wantErr string
	}{
		{"unknown dialect", []string{"-dialect", "fancy"}, `-dialect must be real or documented, not "fancy"`},
		{"unknown flag", []string{"-verbose"}, "flag provided but not defined"},
		{"stray argument", []string{"serve"}, `unexpected argument "serve"`},
		{"address in use", []string{"-addr", taken.Addr().String()}, "address already in use"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var stderr strings.Builder
			err := run(context.Background(), tc.args, io.Discard, &stderr)
			require.Error(t, err)
			assert.Contains(t, err.Error(), tc.wantErr)
		})
	}

	var stderr strings.Builder
	err = run(context.Background(), []string{"-h"}, io.Discard, &stderr)
	assert.ErrorIs(t, err, flag.ErrHelp)
	assert.Contains(t, stderr.String(), "-send-rate-limit")
}
