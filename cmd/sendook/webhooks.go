package main

import (
	"context"
	"fmt"
	"io"
	"strconv"
	"strings"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

// allEvents are the events a webhook can subscribe to.
var allEvents = []sendook.EventType{
	sendook.EventInboxCreated, sendook.EventInboxDeleted, sendook.EventInboxUpdated,
	sendook.EventMessageSent, sendook.EventMessageReceived, sendook.EventMessageDelivered,
	sendook.EventMessageBounced, sendook.EventMessageComplained, sendook.EventMessageRejected,
}

// parseEvents checks event names given to --event; none means all.
func parseEvents(names []string) ([]sendook.EventType, error) {
	if len(names) == 0 {
		return allEvents, nil
	}
	var out []sendook.EventType
	for _, n := range names {
		ev := sendook.EventType(strings.TrimSpace(n))
		known := false
		for _, k := range allEvents {
			known = known || k == ev
		}
		if !known {
			return nil, usageError{fmt.Errorf("unknown event %q: one of %s", n, joinEvents(allEvents))}
		}
		out = append(out, ev)
	}
	return out, nil
}

func joinEvents(evs []sendook.EventType) string {
	s := make([]string, len(evs))
	for i, e := range evs {
		s[i] = string(e)
	}
	return strings.Join(s, ", ")
}

func newWebhooksCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "webhooks",
		Short: "Manage the URLs Sendook notifies of events",
		Long: `Manage the URLs Sendook notifies of events. To receive them on this machine
while you develop, see sendook listen.`,
		Example: `  sendook webhooks create --url https://example.com/hooks/sendook --event message.received
  sendook webhooks test 65f1c0e2a4b1c2d3e4f5a6b7
  sendook webhooks attempts 65f1c0e2a4b1c2d3e4f5a6b7`,
	}
	cmd.AddCommand(newWebhooksListCmd(a), newWebhooksCreateCmd(a), newWebhooksGetCmd(a), newWebhooksTestCmd(a),
		newWebhooksDeleteCmd(a), newWebhooksAttemptsCmd(a))
	return cmd
}

func newWebhooksListCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "list",
		Short:   "List the webhooks",
		Example: "  sendook webhooks list",
		Args:    args(),
		RunE: func(cmd *cobra.Command, _ []string) error {
			c, err := a.client()
			if err != nil {
				return err
			}
			hooks, err := c.Webhooks.List(cmd.Context())
			if err != nil {
				return err
			}
			return a.output(nonNil(hooks), func(w io.Writer) error {
				if len(hooks) == 0 {
					_, err := io.WriteString(w, "No webhooks.\n")
					return err
				}
				t := newTable(w, "ID", "URL", "EVENTS", "CREATED")
				for _, h := range hooks {
					t.row(h.ID, cut(h.URL, maxURL), eventsCell(h.Events), a.when(h.CreatedAt))
				}
				return t.flush()
			})
		},
	}
}

// eventsCell shows a webhook's events; "all" when it has every one.
func eventsCell(evs []sendook.EventType) string {
	if len(evs) == len(allEvents) {
		return "all"
	}
	return orDash(joinEvents(evs))
}

func (a *app) webhookView(w io.Writer, h *sendook.Webhook) error {
	return fields(w, "ID", h.ID, "URL", h.URL, "Events", joinEvents(h.Events), "Created", a.when(h.CreatedAt))
}

type webhooksCreateOptions struct {
	url    string
	events []string
}

func newWebhooksCreateCmd(a *app) *cobra.Command {
	var o webhooksCreateOptions
	cmd := &cobra.Command{
		Use:   "create",
		Short: "Subscribe a URL to events",
		Long:  "Subscribe a URL to events: " + joinEvents(allEvents) + ".",
		Example: `  sendook webhooks create --url https://example.com/hooks/sendook --event message.received
  sendook webhooks create --url https://example.com/hooks/sendook --event message.received,message.bounced`,
		Args: args(),
		RunE: func(cmd *cobra.Command, _ []string) error { return runWebhooksCreate(cmd.Context(), a, &o) },
	}
	cmd.Flags().StringVar(&o.url, "url", "", "the `URL` to notify")
	cmd.Flags().StringSliceVar(&o.events, "event", nil, "an `event` to subscribe to (repeats)")
	return cmd
}

func runWebhooksCreate(ctx context.Context, a *app, o *webhooksCreateOptions) error {
	if o.url == "" {
		return usageError{fmt.Errorf("missing --url")}
	}
	if len(o.events) == 0 {
		return usageError{fmt.Errorf("missing --event: one or more of %s", joinEvents(allEvents))}
	}
	evs, err := parseEvents(o.events)
	if err != nil {
		return err
	}
	c, err := a.client()
	if err != nil {
		return err
	}
	h, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: o.url, Events: evs})
	if err != nil {
		return err
	}
	return a.output(h, func(w io.Writer) error { return a.webhookView(w, h) })
}

type webhookRefOptions struct{ id string }

// webhookCmd is a command on one webhook by id.
func webhookCmd(a *app, use, short, example string, run func(ctx context.Context, c *sendook.Client, o *webhookRefOptions) error) *cobra.Command {
	var o webhookRefOptions
	return &cobra.Command{
		Use:     use + " ID",
		Short:   short,
		Example: example,
		Args:    args("ID"),
		RunE: func(cmd *cobra.Command, args []string) error {
			o.id = args[0]
			c, err := a.client()
			if err != nil {
				return err
			}
			return run(cmd.Context(), c, &o)
		},
	}
}

func newWebhooksGetCmd(a *app) *cobra.Command {
	return webhookCmd(a, "get", "Show a webhook", "  sendook webhooks get 65f1c0e2a4b1c2d3e4f5a6b7",
		func(ctx context.Context, c *sendook.Client, o *webhookRefOptions) error {
			h, err := c.Webhooks.Get(ctx, o.id)
			if err != nil {
				return err
			}
			return a.output(h, func(w io.Writer) error { return a.webhookView(w, h) })
		})
}

func newWebhooksDeleteCmd(a *app) *cobra.Command {
	return webhookCmd(a, "delete", "Delete a webhook", "  sendook webhooks delete 65f1c0e2a4b1c2d3e4f5a6b7",
		func(ctx context.Context, c *sendook.Client, o *webhookRefOptions) error {
			h, err := c.Webhooks.Delete(ctx, o.id)
			if err != nil {
				return err
			}
			return a.output(h, func(w io.Writer) error {
				_, err := fmt.Fprintf(w, "Deleted webhook %s (%s).\n", h.ID, h.URL)
				return err
			})
		})
}

func newWebhooksTestCmd(a *app) *cobra.Command {
	cmd := webhookCmd(a, "test", "Send a test event", "  sendook webhooks test 65f1c0e2a4b1c2d3e4f5a6b7",
		func(ctx context.Context, c *sendook.Client, o *webhookRefOptions) error {
			if err := c.Webhooks.Test(ctx, o.id); err != nil {
				return err
			}
			return a.output(map[string]bool{"success": true}, func(w io.Writer) error {
				_, err := io.WriteString(w, "Sent a test message.received event to every webhook subscribed to message.received.\n")
				return err
			})
		})
	cmd.Long = `Ask the server to send a test event: a message.received event with the
payload {"test": "test"}, to every webhook subscribed to message.received.`
	return cmd
}

func newWebhooksAttemptsCmd(a *app) *cobra.Command {
	return webhookCmd(a, "attempts", "List a webhook's latest deliveries", "  sendook webhooks attempts 65f1c0e2a4b1c2d3e4f5a6b7",
		func(ctx context.Context, c *sendook.Client, o *webhookRefOptions) error {
			attempts, err := c.Webhooks.ListAttempts(ctx, o.id)
			if err != nil {
				return err
			}
			return a.output(nonNil(attempts), func(w io.Writer) error {
				if len(attempts) == 0 {
					_, err := io.WriteString(w, "No deliveries yet.\n")
					return err
				}
				t := newTable(w, "TIME", "STATUS", "MESSAGE", "ERROR")
				for _, at := range attempts {
					when := at.Timestamp
					if when.IsZero() {
						when = at.CreatedAt
					}
					t.row(a.when(when), strconv.Itoa(at.Status), orDash(at.MessageID), cut(orDash(at.Error), maxURL))
				}
				return t.flush()
			})
		})
}
