// Package inbound delivers raw mail into a Sendook server as mail from
// outside: the one path that sendook-local's SMTP listener and its web
// inbox's "Simulate incoming mail" form share.
package inbound

import (
	"context"
	"errors"
	"fmt"
	"strings"

	sendook "github.com/sendook/sendook-go"
)

// ErrUnknownRecipient is returned, wrapped, when no inbox has the address
// mail is delivered to.
var ErrUnknownRecipient = errors.New("no inbox has this address")

// ErrRejected is returned, wrapped, when the server refuses the mail itself
// (it does not parse, say): sending it again will not help.
var ErrRejected = errors.New("the mail was refused")

// Mailbox takes raw mail (RFC 5322, MIME) for one of a server's inboxes and
// stores it as received, delivering it to the message.received webhooks
// before Deliver returns.
type Mailbox interface {
	// Deliver stores raw as mail for the inbox whose address is to. It
	// returns an error matching ErrUnknownRecipient when there is none.
	Deliver(ctx context.Context, to string, raw []byte) error
}

// FindInbox returns the inbox whose address is addr, asking the server
// through client. Addresses compare case-insensitively, as mail systems
// do; the inbox returned carries the address as the server stores it. It
// returns an error matching ErrUnknownRecipient when no inbox has addr.
func FindInbox(ctx context.Context, client *sendook.Client, addr string) (*sendook.Inbox, error) {
	inboxes, err := client.Inboxes.List(ctx)
	if err != nil {
		return nil, fmt.Errorf("listing inboxes: %w", err)
	}
	addr = strings.TrimSpace(addr)
	for i := range inboxes {
		if inboxes[i].Email == addr {
			return &inboxes[i], nil
		}
	}
	for i := range inboxes {
		if strings.EqualFold(inboxes[i].Email, addr) {
			return &inboxes[i], nil
		}
	}
	return nil, fmt.Errorf("%q: %w", addr, ErrUnknownRecipient)
}
