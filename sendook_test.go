package sendook_test

import (
	"testing"

	"github.com/stretchr/testify/assert"

	sendook "github.com/sendook/sendook-go"
)

func TestEventTypesAreTheWireNames(t *testing.T) {
	want := map[sendook.EventType]string{
		sendook.EventInboxCreated: "inbox.created", sendook.EventInboxDeleted: "inbox.deleted", sendook.EventInboxUpdated: "inbox.updated",
		sendook.EventMessageSent: "message.sent", sendook.EventMessageReceived: "message.received", sendook.EventMessageDelivered: "message.delivered",
		sendook.EventMessageBounced: "message.bounced", sendook.EventMessageComplained: "message.complained", sendook.EventMessageRejected: "message.rejected",
	}
	for event, name := range want {
		assert.Equal(t, name, event.String())
	}
}

func TestMessageStatusesAreTheWireNames(t *testing.T) {
	want := map[sendook.MessageStatus]string{
		sendook.MessageStatusSent: "sent", sendook.MessageStatusReceived: "received", sendook.MessageStatusDelivered: "delivered",
		sendook.MessageStatusBounced: "bounced", sendook.MessageStatusComplained: "complained", sendook.MessageStatusRejected: "rejected",
	}
	for status, name := range want {
		assert.Equal(t, name, status.String())
	}
}

func TestUserAgentNamesTheVersion(t *testing.T) {
	assert.Regexp(t, `^\d+\.\d+\.\d+$`, sendook.Version)
}
