package mcpserver

import (
	"context"
	"fmt"
	"slices"
	"strings"

	sendook "github.com/sendook/sendook-go"
)

// inboxHint is what a model should do when an inbox is not found.
const inboxHint = "list_inboxes shows the inboxes you may use"

// inbox resolves an inbox argument, an id or an email address, to the id
// the API wants, and refuses an inbox outside WithInboxes. An id needs no
// request unless WithInboxes names inboxes by address.
func (t *tools) inbox(ctx context.Context, arg string) (string, error) {
	arg = strings.TrimSpace(arg)
	if arg == "" {
		return "", fmt.Errorf("inbox is empty: give an inbox id or email address; %s", inboxHint)
	}
	if !strings.Contains(arg, "@") && (len(t.cfg.inboxes) == 0 || t.inScope(arg, "")) {
		return arg, nil
	}
	list, err := t.client.Inboxes.List(ctx)
	if err != nil {
		return "", failure(err, "inbox "+arg, inboxHint)
	}
	for _, in := range list {
		if strings.EqualFold(in.Email, arg) || in.ID == arg {
			if !t.inScope(in.ID, in.Email) {
				break
			}
			return in.ID, nil
		}
	}
	return "", fmt.Errorf("inbox %s not found; %s", arg, inboxHint)
}

// inScope reports whether the inbox with this id and address may be used.
func (t *tools) inScope(id, email string) bool {
	if len(t.cfg.inboxes) == 0 {
		return true
	}
	return slices.Contains(t.cfg.inboxes, strings.ToLower(id)) ||
		email != "" && slices.Contains(t.cfg.inboxes, strings.ToLower(email))
}

// visible returns the inboxes of list that may be used.
func (t *tools) visible(list []sendook.Inbox) []sendook.Inbox {
	return slices.DeleteFunc(list, func(in sendook.Inbox) bool { return !t.inScope(in.ID, in.Email) })
}
