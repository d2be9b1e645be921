package main

import (
	"context"
	"fmt"
	"io"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

func newThreadsCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:     "threads",
		Short:   "List and show conversations",
		Example: "  sendook threads list support@sendook.com\n  sendook threads get support@sendook.com 65f1c0e2a4b1c2d3e4f5a6b7",
	}
	cmd.AddCommand(newThreadsListCmd(a), newThreadsGetCmd(a))
	return cmd
}

func newThreadsListCmd(a *app) *cobra.Command {
	var o inboxRefOptions
	return &cobra.Command{
		Use:     "list INBOX",
		Short:   "List the threads of an inbox",
		Example: "  sendook threads list support@sendook.com\n  sendook threads list support@sendook.com | jq -r '.[].id'",
		Args:    args("INBOX"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inbox = args[0]
			return runThreadsList(cmd.Context(), a, &o)
		},
	}
}

func runThreadsList(ctx context.Context, a *app, o *inboxRefOptions) error {
	c, id, err := a.clientForInbox(ctx, o.inbox)
	if err != nil {
		return err
	}
	threads, err := c.Threads.List(ctx, id)
	if err != nil {
		return err
	}
	return a.output(nonNil(threads), func(w io.Writer) error {
		if len(threads) == 0 {
			_, err := io.WriteString(w, "No threads.\n")
			return err
		}
		t := newTable(w, "UPDATED", "SUBJECT", "MESSAGES", "ID")
		for _, th := range threads {
			t.row(a.when(th.UpdatedAt), cut(orDash(th.Subject), maxSubject), fmt.Sprint(len(th.Messages)), th.ID)
		}
		return t.flush()
	})
}

type threadRefOptions struct{ inbox, threadID string }

func newThreadsGetCmd(a *app) *cobra.Command {
	var o threadRefOptions
	return &cobra.Command{
		Use:     "get INBOX THREAD_ID",
		Short:   "Show a thread and its messages",
		Example: "  sendook threads get support@sendook.com 65f1c0e2a4b1c2d3e4f5a6b7",
		Args:    args("INBOX", "THREAD_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inbox, o.threadID = args[0], args[1]
			return runThreadsGet(cmd.Context(), a, &o)
		},
	}
}

func runThreadsGet(ctx context.Context, a *app, o *threadRefOptions) error {
	c, id, err := a.clientForInbox(ctx, o.inbox)
	if err != nil {
		return err
	}
	th, err := c.Threads.Get(ctx, id, o.threadID)
	if err != nil {
		return err
	}
	return a.output(th, func(w io.Writer) error { return a.threadView(w, th) })
}

func (a *app) threadView(w io.Writer, th *sendook.Thread) error {
	if err := fields(w, "Subject", th.Subject, "ID", th.ID, "Updated", a.when(th.UpdatedAt)); err != nil {
		return err
	}
	fmt.Fprintln(w)
	return a.messageTable(w, th.Messages)
}
