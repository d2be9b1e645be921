package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

// filterOptions are the flags that choose which arriving messages count.
type filterOptions struct {
	from, subject string
}

func (o *filterOptions) addFlags(cmd *cobra.Command) {
	cmd.Flags().StringVar(&o.from, "from", "", "only messages whose sender contains this text")
	cmd.Flags().StringVar(&o.subject, "subject", "", "only messages whose subject contains this text")
}

// describe says what is waited for, for the progress line and errors.
func (o *filterOptions) describe(inbox string) string {
	var b strings.Builder
	b.WriteString("a message")
	if o.from != "" {
		fmt.Fprintf(&b, " from %s", o.from)
	}
	if o.subject != "" {
		fmt.Fprintf(&b, " with %q in the subject", o.subject)
	}
	fmt.Fprintf(&b, " in %s", inbox)
	return b.String()
}

// clockGrace also counts a message stored just before wait started, whose
// time the server rounded down or whose clock runs a little behind, and
// which the first listing already held.
const clockGrace = time.Second

type messagesWaitOptions struct {
	inbox   string
	filter  filterOptions
	query   string
	timeout time.Duration
	since   time.Duration
	code    bool
	link    bool
}

func newMessagesWaitCmd(a *app) *cobra.Command {
	var o messagesWaitOptions
	cmd := &cobra.Command{
		Use:   "wait INBOX",
		Short: "Wait for a message to arrive, and print it, its code or its link",
		Long: `Wait until a message that matches arrives in the inbox, then print it; with
--code only the one-time code it carries (the most likely one), with --link
only its first link (messages without one are passed over).

Messages that arrived since the command started count (with a second's grace
for clocks), and with --since also those of the last D before that.

Exit status 3 when --timeout passes first.`,
		Example: `  code=$(sendook messages wait signup@sendook.com --from noreply@example.com --subject code --code)
  link=$(sendook messages wait signup@sendook.com --subject "confirm your email" --link --timeout 5m)
  sendook messages wait support@sendook.com --since 10m`,
		Args: args("INBOX"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inbox = args[0]
			return runMessagesWait(cmd.Context(), a, &o)
		},
	}
	o.filter.addFlags(cmd)
	f := cmd.Flags()
	f.StringVar(&o.query, "query", "", "only messages containing this text (searched on the server)")
	f.DurationVar(&o.timeout, "timeout", 2*time.Minute, "give up after this long (exit status 3)")
	f.DurationVar(&o.since, "since", 0, "also count messages that arrived up to this long before the command started")
	f.BoolVar(&o.code, "code", false, "print only the message's one-time code")
	f.BoolVar(&o.link, "link", false, "print only the message's first link")
	return cmd
}

func runMessagesWait(ctx context.Context, a *app, o *messagesWaitOptions) error {
	if o.code && o.link {
		return usageError{errors.New("pass --code or --link, not both")}
	}
	if o.timeout <= 0 {
		return usageError{errors.New("--timeout must be positive, such as 2m")}
	}
	start := time.Now()
	c, id, err := a.clientForInbox(ctx, o.inbox)
	if err != nil {
		return err
	}
	ctx, cancel := context.WithTimeout(ctx, o.timeout)
	defer cancel()
	params := &sendook.WatchParams{
		From: o.filter.from, Subject: o.filter.subject, Query: o.query,
		Since:        start.Add(-o.since - clockGrace),
		PollInterval: a.pollInterval,
	}
	// With --code or --link, a message without one is passed over: it is
	// not what the script waits for.
	what := o.filter.describe(o.inbox)
	switch {
	case o.code:
		params.Match = func(m *sendook.Message) bool { return len(m.Codes()) > 0 }
		what = strings.Replace(what, "a message", "a message with a code", 1)
	case o.link:
		params.Match = func(m *sendook.Message) bool { return len(m.Links()) > 0 }
		what = strings.Replace(what, "a message", "a message with a link", 1)
	}
	p := a.startProgress("waiting for " + what)
	m, err := c.Messages.Wait(ctx, id, params)
	p.Stop()
	if errors.Is(err, context.DeadlineExceeded) && ctx.Err() != nil {
		return exitCodeError{exitTimeout, fmt.Errorf("timed out after %s waiting for %s; a longer --timeout waits longer", o.timeout, what)}
	}
	if err != nil {
		return err
	}
	switch {
	case o.code:
		_, err = fmt.Fprintln(a.Out, m.Codes()[0])
		return err
	case o.link:
		_, err = fmt.Fprintln(a.Out, m.Links()[0])
		return err
	}
	return a.output(m, func(w io.Writer) error { return a.messageView(w, m) })
}

type messagesWatchOptions struct {
	inbox  string
	filter filterOptions
}

func newMessagesWatchCmd(a *app) *cobra.Command {
	var o messagesWatchOptions
	cmd := &cobra.Command{
		Use:   "watch INBOX",
		Short: "Print each new message as it arrives, until interrupted",
		Long: `Print each message that arrives in the inbox from now on, a line per message
on a terminal and one JSON object per line (NDJSON) when piped, until
interrupted with Ctrl-C.`,
		Example: `  sendook messages watch support@sendook.com
  sendook messages watch support@sendook.com --from @example.com | jq -r .subject`,
		Args: args("INBOX"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inbox = args[0]
			return runMessagesWatch(cmd.Context(), a, &o)
		},
	}
	o.filter.addFlags(cmd)
	return cmd
}

func runMessagesWatch(ctx context.Context, a *app, o *messagesWatchOptions) error {
	start := time.Now()
	c, id, err := a.clientForInbox(ctx, o.inbox)
	if err != nil {
		return err
	}
	what := "watching " + o.inbox + " for new mail (Ctrl-C stops)"
	p := a.startProgress(what)
	defer p.Stop()
	n := 0
	// Mail that arrives while the inbox is first listed counts as new.
	params := &sendook.WatchParams{From: o.filter.from, Subject: o.filter.subject, Since: start.Add(-clockGrace), PollInterval: a.pollInterval}
	for m, err := range c.Messages.Watch(ctx, id, params) {
		if err != nil {
			if ctx.Err() != nil {
				break
			}
			msg, _ := a.explain(err)
			p.Do(func() { a.printError(msg) })
			continue
		}
		n++
		p.Do(func() { err = a.printWatched(m) })
		if err != nil {
			return err
		}
		p.SetMessage(fmt.Sprintf("%s, %s so far", what, plural(n, "message")))
	}
	if ctx.Err() != nil {
		return nil // interrupted: the normal end
	}
	// The sequence ends early only after an error that cannot heal,
	// already printed.
	return exitCodeError{code: exitError}
}

// printWatched prints one arriving message: a line on a terminal, a JSON
// line otherwise.
func (a *app) printWatched(m *sendook.Message) error {
	if a.useJSON() {
		return printLine(a.Out, m)
	}
	_, err := fmt.Fprintf(a.Out, "%s  %s  %s  %s\n", a.when(m.CreatedAt), pad(cut(orDash(m.From), maxFrom), maxFrom),
		pad(cut(orDash(m.Subject), maxSubject), maxSubject), m.ID)
	return err
}
