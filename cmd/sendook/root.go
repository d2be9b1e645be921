package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/internal/redact"
	"github.com/spf13/cobra"
	"golang.org/x/term"
)

// Exit statuses, as the contract gives them.
const (
	exitOK      = 0
	exitError   = 1 // an API or network error
	exitUsage   = 2 // a usage error
	exitTimeout = 3 // wait timed out
)

// streams are a command's standard input, output and error, and whether
// each is a terminal. Tests pass buffers.
type streams struct {
	In     io.Reader
	Out    io.Writer
	Err    io.Writer
	InTTY  bool
	OutTTY bool
	ErrTTY bool
}

func systemStreams() streams {
	return streams{
		In: os.Stdin, Out: os.Stdout, Err: os.Stderr,
		InTTY:  term.IsTerminal(int(os.Stdin.Fd())),
		OutTTY: term.IsTerminal(int(os.Stdout.Fd())),
		ErrTTY: term.IsTerminal(int(os.Stderr.Fd())),
	}
}

// app is what every command shares: the streams, the global flags and the
// environment.
type app struct {
	streams
	getenv func(string) string

	apiKey  string
	baseURL string
	json    bool
	debug   bool

	// clientOptions are added to every client made; tests use them.
	clientOptions []sendook.Option
	// loc is the time zone dates are shown in: the local one, or a fixed
	// one in tests.
	loc *time.Location
	// pollInterval overrides how often wait and watch poll; tests make it
	// short. Zero keeps the SDK's default.
	pollInterval time.Duration
}

// useJSON reports whether output is JSON: asked for, or not a terminal.
func (a *app) useJSON() bool { return a.json || !a.OutTTY }

// client returns a client from the global flags and the environment.
func (a *app) client() (*sendook.Client, error) {
	key := a.apiKey
	if key == "" {
		key = a.getenv("SENDOOK_API_KEY")
	}
	if strings.TrimSpace(key) == "" {
		return nil, usageError{errors.New("SENDOOK_API_KEY is not set: export it or pass --api-key")}
	}
	base := a.baseURL
	if base == "" {
		base = a.getenv("SENDOOK_BASE_URL")
	}
	opts := []sendook.Option{sendook.WithBaseURL(base), sendook.WithUserAgent("sendook-cli/" + sendook.Version)}
	if a.debug {
		opts = append(opts, sendook.WithLogger(slog.New(slog.NewTextHandler(a.Err, &slog.HandlerOptions{Level: slog.LevelDebug}))))
	}
	opts = append(opts, a.clientOptions...)
	return sendook.NewClient(key, opts...), nil
}

// printJSON writes v as one indented JSON document.
func (a *app) printJSON(v any) error {
	enc := json.NewEncoder(a.Out)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	return enc.Encode(v)
}

// usageError is a mistake in how the command was called: exit status 2.
type usageError struct{ err error }

func (e usageError) Error() string { return e.err.Error() }
func (e usageError) Unwrap() error { return e.err }

// helpError is a usage error after which the command's --help is worth
// reading: a wrong flag or argument.
type helpError struct{ usageError }

func (e helpError) Unwrap() error { return e.usageError }

// exitCodeError ends the command with a given status, after printing err
// (unless err is nil).
type exitCodeError struct {
	code int
	err  error
}

func (e exitCodeError) Error() string {
	if e.err == nil {
		return ""
	}
	return e.err.Error()
}
func (e exitCodeError) Unwrap() error { return e.err }

// newRootCmd builds the whole command tree around a.
func newRootCmd(a *app) *cobra.Command {
	root := &cobra.Command{
		Use:   "sendook",
		Short: "Email inboxes for AI agents, from the command line",
		Long: `sendook works with Sendook inboxes: create them, send and read mail, wait
for a message, forward webhooks to your machine, and serve the inboxes to AI
agents over MCP.

The API key comes from --api-key or SENDOOK_API_KEY; the server from
--base-url or SENDOOK_BASE_URL (default https://api.sendook.com).
Output is a table on a terminal and JSON when piped or with --json.`,
		Example: `  export SENDOOK_API_KEY=...
  sendook inboxes create --name support
  sendook messages wait support@sendook.com --subject code --code`,
		SilenceUsage:  true,
		SilenceErrors: true,
	}
	root.SetIn(a.In)
	root.SetOut(a.Out)
	root.SetErr(a.Err)
	root.SetFlagErrorFunc(func(_ *cobra.Command, err error) error { return helpError{usageError{err}} })
	f := root.PersistentFlags()
	f.StringVar(&a.apiKey, "api-key", "", "Sendook API key (default: $SENDOOK_API_KEY)")
	f.StringVar(&a.baseURL, "base-url", "", "Sendook server (default: $SENDOOK_BASE_URL, else https://api.sendook.com)")
	f.BoolVar(&a.json, "json", false, "print JSON even on a terminal")
	f.BoolVar(&a.debug, "debug", false, "log every request to standard error (the API key is never shown)")

	// Known before the command line is searched for a subcommand, so that
	// "--api-key KEY --help" is not taken for a command named KEY.
	root.InitDefaultHelpFlag()
	root.CompletionOptions.DisableDefaultCmd = true
	root.AddGroup(
		&cobra.Group{ID: "api", Title: "Sendook API:"},
		&cobra.Group{ID: "dev", Title: "Development:"},
	)
	for _, c := range []*cobra.Command{
		newInboxesCmd(a), newMessagesCmd(a), newThreadsCmd(a), newDomainsCmd(a),
		newWebhooksCmd(a), newAPIKeysCmd(a),
	} {
		c.GroupID = "api"
		root.AddCommand(c)
	}
	for _, c := range []*cobra.Command{newListenCmd(a), newMCPCmd(a)} {
		c.GroupID = "dev"
		root.AddCommand(c)
	}
	root.AddCommand(newCompletionCmd(a), newVersionCmd(a))
	completeInboxArgs(a, root)
	return root
}

// run executes the command line args and returns the exit status.
func run(args []string, s streams, getenv func(string) string) int {
	a := &app{streams: s, getenv: getenv, loc: time.Local}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return execute(ctx, a, args)
}

// execute runs args on a's command tree, prints a failure to standard
// error, and returns the exit status. Cancelling ctx (Ctrl-C) is the normal
// end of watch and listen.
func execute(ctx context.Context, a *app, args []string) int {
	root := newRootCmd(a)
	root.SetArgs(args)
	cmd, err := root.ExecuteContextC(ctx)
	if err == nil {
		return exitOK
	}
	// An unknown command fails before flags are parsed; its error is still
	// JSON when --json was asked for.
	for _, arg := range args {
		if arg == "--" {
			break
		}
		a.json = a.json || arg == "--json" || arg == "--json=true"
	}
	msg, code := a.explain(err)
	var he helpError
	if (errors.As(err, &he) || isCobraUsage(err)) && cmd != nil {
		msg += " (see " + cmd.CommandPath() + " --help)"
	}
	if msg != "" {
		a.printError(msg)
	}
	return code
}

// isCobraUsage recognises cobra's own usage errors, which are plain errors.
func isCobraUsage(err error) bool {
	msg := err.Error()
	return strings.HasPrefix(msg, "unknown command") || strings.HasPrefix(msg, "unknown flag") ||
		strings.Contains(msg, "arg(s)") || strings.HasPrefix(msg, "required flag")
}

// printError writes one line to standard error, or a JSON object with
// --json.
func (a *app) printError(msg string) {
	msg = a.redact(strings.TrimPrefix(msg, "sendook: "))
	if a.json {
		b, _ := json.Marshal(map[string]string{"error": msg})
		fmt.Fprintln(a.Err, string(b))
		return
	}
	fmt.Fprintln(a.Err, "sendook: "+msg)
}

// redact removes the API key from msg: a message that quotes the command
// line (an unknown command, a mistyped flag) could otherwise show it. The
// key is hidden where it stands as a whole token, the SDK's rule, so a short
// test key such as "k" does not mangle every word that holds it.
func (a *app) redact(msg string) string {
	for _, key := range []string{a.apiKey, a.getenv("SENDOOK_API_KEY")} {
		msg = redact.Token(msg, strings.TrimSpace(key))
	}
	return msg
}
