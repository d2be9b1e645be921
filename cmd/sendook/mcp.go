package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/sendook/sendook-go/mcpserver"
	"github.com/spf13/cobra"
)

// mcpOptions are the flags of sendook mcp.
type mcpOptions struct {
	readOnly  bool
	allowTo   []string
	allowSet  bool // --allow-to was given, even with no pattern
	inboxes   []string
	httpAddr  string
	httpToken string
}

// newMCPCmd serves Sendook's inboxes to AI agents over MCP.
func newMCPCmd(a *app) *cobra.Command {
	o := &mcpOptions{}
	cmd := &cobra.Command{
		Use:   "mcp",
		Short: "Serve Sendook's inboxes to AI agents over MCP",
		Long: `mcp serves Sendook's inboxes to an AI agent as Model Context Protocol tools:
list_inboxes, create_inbox, delete_inbox, list_messages, get_message,
send_message, reply_to_message, list_threads, get_thread, wait_for_message
and get_attachment.

It speaks MCP over standard input and output, as MCP clients (Claude Desktop,
Claude Code, Cursor, ...) launch a server, or over streamable HTTP at /mcp
with --http.

An agent reads mail written by strangers, and an email can try to instruct
it. Limit what it can do:
  --read-only        no tool that sends, replies, creates or deletes
  --allow-to GLOB    send and reply only to matching addresses (repeatable);
                     without it the agent may email anyone
  --inbox INBOX      only these inboxes, by id or address (repeatable)

Over HTTP, an address other than loopback needs a bearer token
(--http-token or SENDOOK_MCP_TOKEN), which every request must carry.`,
		Example: `  sendook mcp --allow-to '*@mycompany.com' --inbox support@sendook.com
  sendook mcp --read-only
  sendook mcp --http 127.0.0.1:8765`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			o.allowSet = cmd.Flags().Changed("allow-to")
			if o.httpToken == "" {
				o.httpToken = a.getenv("SENDOOK_MCP_TOKEN")
			}
			return runMCP(cmd.Context(), a, o)
		},
	}
	f := cmd.Flags()
	f.BoolVar(&o.readOnly, "read-only", false, "offer only the tools that read: none sends, replies, creates or deletes")
	f.StringArrayVar(&o.allowTo, "allow-to", nil, "send and reply only to addresses matching this `glob`, e.g. '*@example.com' (repeatable; case-insensitive)")
	f.StringArrayVar(&o.inboxes, "inbox", nil, "the tools may use only this `inbox`, an id or an address (repeatable)")
	f.StringVar(&o.httpAddr, "http", "", "serve streamable HTTP at http://`ADDR`/mcp instead of stdio, e.g. 127.0.0.1:8765")
	f.StringVar(&o.httpToken, "http-token", "", "bearer `token` every HTTP request must carry (default: $SENDOOK_MCP_TOKEN); required off loopback")
	return cmd
}

// serverOptions turns the flags into mcpserver options.
func (o *mcpOptions) serverOptions() []mcpserver.Option {
	var opts []mcpserver.Option
	if o.readOnly {
		opts = append(opts, mcpserver.WithReadOnly())
	}
	if o.allowSet {
		opts = append(opts, mcpserver.WithAllowedRecipients(o.allowTo...))
	}
	if len(o.inboxes) > 0 {
		opts = append(opts, mcpserver.WithInboxes(o.inboxes...))
	}
	return opts
}

// describe says in one line what the agent may do, for standard error.
func (o *mcpOptions) describe() string {
	var parts []string
	switch {
	case o.readOnly:
		parts = append(parts, "read-only")
	case o.allowSet:
		parts = append(parts, "sends only to "+orNone(o.allowTo))
	default:
		parts = append(parts, "WARNING: no --allow-to, the agent may send email to any address")
	}
	if len(o.inboxes) > 0 {
		parts = append(parts, "inboxes "+strings.Join(o.inboxes, ", "))
	} else {
		parts = append(parts, "every inbox")
	}
	return strings.Join(parts, "; ")
}

func orNone(patterns []string) string {
	if len(patterns) == 0 {
		return "no address"
	}
	return strings.Join(patterns, ", ")
}

// runMCP serves until the client goes away or ctx ends.
func runMCP(ctx context.Context, a *app, o *mcpOptions) error {
	if o.httpAddr != "" {
		if err := checkHTTPAddr(o.httpAddr, o.httpToken); err != nil {
			return usageError{err}
		}
	}
	client, err := a.client()
	if err != nil {
		return err
	}
	server := mcpserver.New(client, o.serverOptions()...)
	if o.httpAddr != "" {
		return serveHTTP(ctx, a, o, server)
	}
	fmt.Fprintf(a.Err, "sendook mcp: serving MCP on standard input and output (%s)\n", o.describe())
	err = server.Run(ctx, &mcp.IOTransport{Reader: io.NopCloser(a.In), Writer: nopWriteCloser{a.Out}})
	if err == nil || errors.Is(err, io.EOF) || ctx.Err() != nil {
		return nil // the client closed the connection, or we were stopped
	}
	return err
}

// nopWriteCloser leaves closing standard output to the process.
type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
