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

// bodyOptions are the flags of a message body, inline or from a file.
type bodyOptions struct {
	text, textFile, html, htmlFile string
}

func (o *bodyOptions) addFlags(cmd *cobra.Command) {
	f := cmd.Flags()
	f.StringVar(&o.text, "text", "", "the plain-text body")
	f.StringVar(&o.textFile, "text-file", "", "read the plain-text body from a `file` (- for standard input)")
	f.StringVar(&o.html, "html", "", "the HTML body")
	f.StringVar(&o.htmlFile, "html-file", "", "read the HTML body from a `file` (- for standard input)")
}

func (o *bodyOptions) read(in *stdinReader) (text, html string, err error) {
	if text, err = in.body("text", o.text, o.textFile); err != nil {
		return "", "", err
	}
	if html, err = in.body("html", o.html, o.htmlFile); err != nil {
		return "", "", err
	}
	// The SDK makes the missing one of text and HTML from the other.
	return text, html, nil
}

type messagesSendOptions struct {
	inbox              string
	to, cc, bcc, label []string
	subject            string
	body               bodyOptions
	attach             []string
}

func newMessagesSendCmd(a *app) *cobra.Command {
	var o messagesSendOptions
	cmd := &cobra.Command{
		Use:   "send INBOX",
		Short: "Send a message from an inbox",
		Long: `Send a message from an inbox (by id or email address). Give the body inline
(--text, --html) or from files (--text-file, --html-file; - reads standard
input). --to, --cc, --bcc and --label repeat or take commas; --attach repeats.`,
		Example: `  sendook messages send support@sendook.com --to ada@example.com --subject Hi --text-file note.txt --attach report.pdf
  echo "Build 42 passed" | sendook messages send support@sendook.com --to team@example.com --subject CI --text-file -
  sendook messages send support@sendook.com --to ada@example.com,bob@example.com --subject Hi --html '<p>Hi!</p>'`,
		Args: args("INBOX"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inbox = args[0]
			return runMessagesSend(cmd.Context(), a, &o)
		},
	}
	f := cmd.Flags()
	f.StringSliceVar(&o.to, "to", nil, "recipient `address` (repeats)")
	f.StringSliceVar(&o.cc, "cc", nil, "copy `address` (repeats)")
	f.StringSliceVar(&o.bcc, "bcc", nil, "blind copy `address` (repeats)")
	f.StringSliceVar(&o.label, "label", nil, "`label` to tag the message with (repeats)")
	f.StringVar(&o.subject, "subject", "", "the subject")
	f.StringArrayVar(&o.attach, "attach", nil, "attach a `file` (repeats; - for standard input)")
	o.body.addFlags(cmd)
	return cmd
}

func runMessagesSend(ctx context.Context, a *app, o *messagesSendOptions) error {
	if len(o.to) == 0 {
		return usageError{fmt.Errorf("missing --to: who is the message for?")}
	}
	if strings.TrimSpace(o.subject) == "" {
		return usageError{fmt.Errorf("missing --subject")}
	}
	in := &stdinReader{in: a.In}
	text, html, err := o.body.read(in)
	if err != nil {
		return err
	}
	if text == "" && html == "" {
		return usageError{fmt.Errorf("missing body: pass --text, --text-file, --html or --html-file")}
	}
	params := &sendook.SendMessageParams{To: o.to, CC: o.cc, BCC: o.bcc, Labels: o.label, Subject: o.subject, Text: text, HTML: html}
	for _, name := range o.attach {
		att, err := in.attachment(name)
		if err != nil {
			return err
		}
		params.Attachments = append(params.Attachments, att)
	}
	c, id, err := a.clientForInbox(ctx, o.inbox)
	if err != nil {
		return err
	}
	p := a.startProgress(sendingWhat(params))
	m, err := c.Messages.Send(ctx, id, params)
	p.Stop()
	if err != nil {
		return err
	}
	return a.output(m, func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "Sent %q to %s (message %s).\n", m.Subject, strings.Join(m.To, ", "), m.ID)
		return err
	})
}

// sendingWhat is the progress line of a send.
func sendingWhat(p *sendook.SendMessageParams) string {
	msg := "sending to " + strings.Join(p.To, ", ")
	if n := len(p.Attachments); n > 0 {
		total := 0
		for _, att := range p.Attachments {
			total += base64.StdEncoding.DecodedLen(len(att.Content))
		}
		msg += fmt.Sprintf(" with %s (%s)", plural(n, "attachment"), size(total))
	}
	return msg
}

type messagesReplyOptions struct {
	inbox, messageID string
	body             bodyOptions
}

func newMessagesReplyCmd(a *app) *cobra.Command {
	var o messagesReplyOptions
	cmd := &cobra.Command{
		Use:   "reply INBOX MESSAGE_ID",
		Short: "Reply to a message",
		Long: `Reply to a message: the reply goes to its sender, in the same thread, with
the subject "Re: <subject>".`,
		Example: `  sendook messages reply support@sendook.com 65f1c0e2a4b1c2d3e4f5a6b7 --text "Thanks, on it."
  generate-answer | sendook messages reply support@sendook.com 65f1c0e2a4b1c2d3e4f5a6b7 --text-file -`,
		Args: args("INBOX", "MESSAGE_ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.inbox, o.messageID = args[0], args[1]
			return runMessagesReply(cmd.Context(), a, &o)
		},
	}
	o.body.addFlags(cmd)
	return cmd
}

func runMessagesReply(ctx context.Context, a *app, o *messagesReplyOptions) error {
	text, html, err := o.body.read(&stdinReader{in: a.In})
	if err != nil {
		return err
	}
	if text == "" && html == "" {
		return usageError{fmt.Errorf("missing body: pass --text, --text-file, --html or --html-file")}
	}
	c, id, err := a.clientForInbox(ctx, o.inbox)
	if err != nil {
		return err
	}
	p := a.startProgress("replying")
	m, err := c.Messages.Reply(ctx, id, o.messageID, &sendook.ReplyMessageParams{Text: text, HTML: html})
	p.Stop()
	if err != nil {
		return err
	}
	return a.output(m, func(w io.Writer) error {
		_, err := fmt.Fprintf(w, "Replied %q to %s (message %s).\n", m.Subject, strings.Join(m.To, ", "), m.ID)
		return err
	})
}
