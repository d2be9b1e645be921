package sendook_test

import (
	"time"

	sendook "github.com/sendook/sendook-go"
)

// Fixtures in the real server's format (see toDocumented for the other),
// and the models they must decode to.

const (
	orgID     = "65f1c0e2a4b1c2d3e4f5a600"
	inboxID   = "65f1c0e2a4b1c2d3e4f5a6b7"
	threadID  = "65f1c0e2a4b1c2d3e4f5a6c1"
	messageID = "65f1c0e2a4b1c2d3e4f5a6d2"
	replyID   = "65f1c0e2a4b1c2d3e4f5a6d3"
	webhookID = "65f1c0e2a4b1c2d3e4f5a6e4"
	keyID     = "65f1c0e2a4b1c2d3e4f5a6f5"
	domainID  = "65f1c0e2a4b1c2d3e4f5a607"
	stamp     = `"createdAt":"2024-05-01T12:00:00.000Z","updatedAt":"2024-05-01T12:30:00.000Z"`
)

var (
	created = ts("2024-05-01T12:00:00Z")
	updated = ts("2024-05-01T12:30:00Z")
)

const inboxJSON = `{"_id":"` + inboxID + `","organizationId":"` + orgID + `","name":"support","email":"support@sendook.com",` + stamp + `,"__v":0}`

var inboxModel = sendook.Inbox{ID: inboxID, OrganizationID: orgID, Name: "support", Email: "support@sendook.com", CreatedAt: created, UpdatedAt: updated}

const messageJSON = `{"_id":"` + messageID + `","organizationId":"` + orgID + `","inboxId":"` + inboxID + `","threadId":"` + threadID +
	`","fromInboxId":"` + inboxID + `","from":"support@sendook.com","to":["ada@example.com"],"cc":["grace@example.com"],"bcc":[],"labels":["welcome"],` +
	`"subject":"Hello","text":"Hi Ada","html":"<p>Hi Ada</p>","attachments":[{"content":"aGVsbG8=","name":"hello.txt","contentType":"text/plain","_id":"65f1c0e2a4b1c2d3e4f5a699"}],` +
	`"status":"sent","externalMessageId":"0100018f-ses",` + stamp + `,"__v":0}`

var messageModel = sendook.Message{
	ID: messageID, OrganizationID: orgID, InboxID: inboxID, ThreadID: threadID, FromInboxID: inboxID,
	From: "support@sendook.com", To: []string{"ada@example.com"}, CC: []string{"grace@example.com"}, BCC: []string{}, Labels: []string{"welcome"},
	Subject: "Hello", Text: "Hi Ada", HTML: "<p>Hi Ada</p>",
	Attachments: []sendook.Attachment{{Content: "aGVsbG8=", Name: "hello.txt", ContentType: "text/plain"}},
	Status:      sendook.MessageStatusSent, ExternalMessageID: "0100018f-ses", CreatedAt: created, UpdatedAt: updated,
}

const replyJSON = `{"_id":"` + replyID + `","organizationId":"` + orgID + `","inboxId":"` + inboxID + `","threadId":"` + threadID +
	`","fromInboxId":"` + inboxID + `","from":"support@sendook.com","to":["ada@example.com"],"subject":"Re: Hello","text":"Thanks","html":"<p>Thanks</p>",` +
	`"status":"sent",` + stamp + `,"__v":0}`

var replyModel = sendook.Message{
	ID: replyID, OrganizationID: orgID, InboxID: inboxID, ThreadID: threadID, FromInboxID: inboxID,
	From: "support@sendook.com", To: []string{"ada@example.com"}, Subject: "Re: Hello", Text: "Thanks", HTML: "<p>Thanks</p>",
	Status: sendook.MessageStatusSent, CreatedAt: created, UpdatedAt: updated,
}

const domainJSON = `{"_id":"` + domainID + `","organizationId":"` + orgID + `","name":"agents.example.com","verified":false,` +
	`"records":[{"type":"MX","name":"agents.example.com","value":"10 inbound-smtp.us-east-2.amazonaws.com","status":"pending"},` +
	`{"type":"TXT","name":"agents.example.com","value":"v=spf1 include:amazonses.com ~all","status":"pending"}],` + stamp + `,"__v":0}`

var domainModel = sendook.Domain{
	ID: domainID, OrganizationID: orgID, Name: "agents.example.com",
	Records: []sendook.DNSRecord{
		{Type: "MX", Name: "agents.example.com", Value: "10 inbound-smtp.us-east-2.amazonaws.com", Status: "pending"},
		{Type: "TXT", Name: "agents.example.com", Value: "v=spf1 include:amazonses.com ~all", Status: "pending"},
	},
	CreatedAt: created, UpdatedAt: updated,
}

const verifiedDomainJSON = `{"_id":"` + domainID + `","organizationId":"` + orgID + `","name":"agents.example.com","verified":true,"status":"verified",` + stamp + `,"__v":0}`

var verifiedDomainModel = sendook.Domain{ID: domainID, OrganizationID: orgID, Name: "agents.example.com", Verified: true, Status: "verified", CreatedAt: created, UpdatedAt: updated}

const apiKeyJSON = `{"_id":"` + keyID + `","organizationId":"` + orgID + `","name":"Production integration","key":"sk_live_secret","active":true,` + stamp + `,"__v":0}`

var apiKeyModel = sendook.APIKey{ID: keyID, OrganizationID: orgID, Name: "Production integration", Key: "sk_live_secret", Active: true, CreatedAt: created, UpdatedAt: updated}

const webhookJSON = `{"_id":"` + webhookID + `","organizationId":"` + orgID + `","url":"https://agent.example.com/hooks","events":["message.received","inbox.created"],` + stamp + `,"__v":0}`

var webhookModel = sendook.Webhook{
	ID: webhookID, OrganizationID: orgID, URL: "https://agent.example.com/hooks",
	Events:    []sendook.EventType{sendook.EventMessageReceived, sendook.EventInboxCreated},
	CreatedAt: created, UpdatedAt: updated,
}

const attemptJSON = `{"_id":"65f1c0e2a4b1c2d3e4f5a6a8","webhookId":"` + webhookID + `","organizationId":"` + orgID + `","inboxId":"` + inboxID +
	`","messageId":"` + messageID + `","timestamp":"2024-05-01T12:00:01.000Z","payload":{"event":"message.received","payload":{"test":"test"}},` +
	`"status":500,"error":"connect ECONNREFUSED","response":null,` + stamp + `,"__v":0}`

var attemptModel = sendook.WebhookAttempt{
	ID: "65f1c0e2a4b1c2d3e4f5a6a8", WebhookID: webhookID, OrganizationID: orgID, InboxID: inboxID, MessageID: messageID,
	Timestamp: created.Add(time.Second), Payload: mustJSON(`{"event":"message.received","payload":{"test":"test"}}`),
	Status: 500, Error: "connect ECONNREFUSED", Response: mustJSON(`null`), CreatedAt: created, UpdatedAt: updated,
}
