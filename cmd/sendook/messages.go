package main

import (
	"context"
	"encoding/base64"
	"fmt"
	"io"
	"strings"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

func newMessagesCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "messages",
		Short: "Send, reply to, list, read and wait for messages",
		Example: `  sendook messages send support@sendook.com --to ada@example.com --subject Hi --text-file note.txt --attach report.pdf
  sendook messages list support@sendook.com
  code=$(sendook messages wait support@sendook.com --subject code --code)`,
	}
	cmd.AddCommand(newMessagesListCmd(a), newMessagesGetCmd(a), newMessagesSendCmd(a), newMessagesReplyCmd(a),
		newMessagesWaitCmd(a), newMessagesWatchCmd(a))
	return cmd
}

type messagesListOptions struct {
	inbox, query string
}

func newMessagesListCmd(a *app) *cobra.Command {
	var o messagesListOptions
	cmd := &cobra.Command{
		Use:   "list INBOX",
		Short: "List the messages of an inbox",
		Long: `List the messages of an inbox (by id or email address).
--query keeps those whose subject, text, addresses or labels contain the text
(case-insensitive).`,
		Example: `  sendook messages list support@sendook.com
  sendook messages list support@sendook.com --query invoice
  sendook messages list support@sendook.com | jq -r '.[] | .subject'`,
		Args: args("INBOX"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inbox = args[0]
			return runMessagesList(cmd.Context(), a, &o)
		},
	}
	cmd.Flags().StringVar(&o.query, "query", "", "only messages containing this text")
	return cmd
}

func runMessagesList(ctx context.Context, a *app, o *messagesListOptions) error {
	c, id, err := a.clientForInbox(ctx, o.inbox)
	if err != nil {
		return err
	}
	var params *sendook.ListMessagesParams
	if o.query != "" {
		params = &sendook.ListMessagesParams{Query: o.query}
	}
	msgs, err := c.Messages.List(ctx, id, params)
	if err != nil {
		return err
	}
	return a.output(nonNil(msgs), func(w io.Writer) error { return a.messageTable(w, msgs) })
}

func (a *app) messageTable(w io.Writer, msgs []sendook.Message) error {
	if len(msgs) == 0 {
		_, err := io.WriteString(w, "No messages.\n")
		return err
	}
	t := newTable(w, "DATE", "FROM", "SUBJECT", "STATUS", "ID")
	for _, m := range msgs {
		t.row(a.when(m.CreatedAt), cut(orDash(m.From), maxFrom), cut(orDash(m.Subject), maxSubject), orDash(string(m.Status)), m.ID)
	}
	return t.flush()
}

// messageView prints one message for a person: its headers, then its text.
func (a *app) messageView(w io.Writer, m *sendook.Message) error {
	var atts []string
	for _, att := range m.Attachments {
		atts = append(atts, fmt.Sprintf("%s (%s, %s)", orDash(att.Name), orDash(att.ContentType), size(base64.StdEncoding.DecodedLen(len(att.Content)))))
	}
	err := fields(w,
		"From", m.From,
		"To", strings.Join(m.To, ", "),
		"Cc", strings.Join(m.CC, ", "),
		"Subject", m.Subject,
		"Date", a.when(m.CreatedAt),
		"Status", string(m.Status),
		"Labels", strings.Join(m.Labels, ", "),
		"Attachments", strings.Join(atts, ", "),
		"ID", m.ID,
		"Thread", m.ThreadID,
	)
	if err != nil {
		return err
	}
	if text := strings.TrimSpace(m.PlainText()); text != "" {
		_, err = fmt.Fprintf(w, "\n%s\n", text)
	}
	return err
}

// size shows a byte count for people: "512 B", "12 KB", "3.4 MB".
func size(n int) string {
	switch {
	case n < 1000:
		return fmt.Sprintf("%d B", n)
	case n < 1000*1000:
		return fmt.Sprintf("%d KB", (n+500)/1000)
	default:
		return fmt.Sprintf("%.1f MB", float64(n)/1e6)
	}
}

type messageRefOptions struct {
	inbox, messageID string
}

func newMessagesGetCmd(a *app) *cobra.Command {
	var o messageRefOptions
	return &cobra.Command{
		Use:     "get INBOX MESSAGE_ID",
		Short:   "Show a message",
		Example: "  sendook messages get support@sendook.com 65f1c0e2a4b1c2d3e4f5a6b7\n  sendook messages get support@sendook.com 65f1c0e2a4b1c2d3e4f5a6b7 | jq -r .text",
		Args:    args("INBOX", "MESSAGE_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inbox, o.messageID = args[0], args[1]
			return runMessagesGet(cmd.Context(), a, &o)
		},
	}
}

func runMessagesGet(ctx context.Context, a *app, o *messageRefOptions) error {
	c, id, err := a.clientForInbox(ctx, o.inbox)
	if err != nil {
		return err
	}
	m, err := c.Messages.Get(ctx, id, o.messageID)
	if err != nil {
		return err
	}
	return a.output(m, func(w io.Writer) error { return a.messageView(w, m) })
}
