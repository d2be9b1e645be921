package main

import (
	"context"
	"io"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

func newInboxesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "inboxes",
		Short: "Create, list, show and delete inboxes",
		Example: `  sendook inboxes create --name support
  sendook inboxes list
  sendook inboxes list | jq -r '.[].email'`,
	}
	cmd.AddCommand(newInboxesListCmd(a), newInboxesCreateCmd(a), newInboxesGetCmd(a), newInboxesDeleteCmd(a))
	return cmd
}

func newInboxesListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the inboxes",
		Example: "  sendook inboxes list\n  sendook inboxes list --json | jq -r '.[].email'",
		Args:    args(),
		RunE:    func(cmd *cobra.Command, _ []string) error { return runInboxesList(cmd.Context(), a) },
	}
}

func runInboxesList(ctx context.Context, a *app) error {
	c, err := a.client()
	if err != nil {
		return err
	}
	inboxes, err := c.Inboxes.List(ctx)
	if err != nil {
		return err
	}
	return a.output(nonNil(inboxes), func(w io.Writer) error { return a.inboxTable(w, inboxes) })
}

func (a *app) inboxTable(w io.Writer, inboxes []sendook.Inbox) error {
	if len(inboxes) == 0 {
		_, err := io.WriteString(w, "No inboxes. Create one with: sendook inboxes create --name NAME\n")
		return err
	}
	t := newTable(w, "EMAIL", "NAME", "ID", "CREATED")
	for _, in := range inboxes {
		t.row(in.Email, orDash(in.Name), in.ID, a.when(in.CreatedAt))
	}
	return t.flush()
}

func (a *app) inboxFields(w io.Writer, in *sendook.Inbox) error {
	return fields(w, "Email", in.Email, "Name", in.Name, "ID", in.ID, "Domain", in.DomainID, "Created", a.when(in.CreatedAt))
}

type inboxesCreateOptions struct {
	name, email string
}

func newInboxesCreateCmd(a *app) *cobra.Command {
	var o inboxesCreateOptions
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Create an inbox",
		Long: `Create an inbox. Without --email the server makes up an address from the
name on its own domain (support@sendook.com); an address on your own domain
needs that domain verified first (sendook domains).`,
		Example: `  sendook inboxes create --name support
  sendook inboxes create --email agent@agents.example.com
  email=$(sendook inboxes create | jq -r .email)`,
		Args: args(),
		RunE: func(cmd *cobra.Command, _ []string) error { return runInboxesCreate(cmd.Context(), a, &o) },
	}
	cmd.Flags().StringVar(&o.name, "name", "", "the inbox's name")
	cmd.Flags().StringVar(&o.email, "email", "", "the inbox's address (default: made from the name)")
	return cmd
}

func runInboxesCreate(ctx context.Context, a *app, o *inboxesCreateOptions) error {
	c, err := a.client()
	if err != nil {
		return err
	}
	in, err := c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: o.name, Email: o.email})
	if err != nil {
		return err
	}
	return a.output(in, func(w io.Writer) error { return a.inboxFields(w, in) })
}

type inboxRefOptions struct{ inbox string }

func newInboxesGetCmd(a *app) *cobra.Command {
	var o inboxRefOptions
	return &cobra.Command{
		Use:     "get INBOX",
		Short:   "Show an inbox (by id or email address)",
		Example: "  sendook inboxes get support@sendook.com",
		Args:    args("INBOX"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inbox = args[0]
			return runInboxesGet(cmd.Context(), a, &o)
		},
	}
}

func runInboxesGet(ctx context.Context, a *app, o *inboxRefOptions) error {
	c, id, err := a.clientForInbox(ctx, o.inbox)
	if err != nil {
		return err
	}
	in, err := c.Inboxes.Get(ctx, id)
	if err != nil {
		return err
	}
	return a.output(in, func(w io.Writer) error { return a.inboxFields(w, in) })
}

func newInboxesDeleteCmd(a *app) *cobra.Command {
	var o inboxRefOptions
	return &cobra.Command{
		Use:     "delete INBOX",
		Short:   "Delete an inbox and its messages",
		Example: "  sendook inboxes delete support@sendook.com",
		Args:    args("INBOX"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inbox = args[0]
			return runInboxesDelete(cmd.Context(), a, &o)
		},
	}
}

func runInboxesDelete(ctx context.Context, a *app, o *inboxRefOptions) error {
	c, id, err := a.clientForInbox(ctx, o.inbox)
	if err != nil {
		return err
	}
	in, err := c.Inboxes.Delete(ctx, id)
	if err != nil {
		return err
	}
	return a.output(in, func(w io.Writer) error {
		_, err := io.WriteString(w, "Deleted inbox "+in.Email+" ("+in.ID+").\n")
		return err
	})
}

// nonNil makes an empty list print as [] rather than null.
func nonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
