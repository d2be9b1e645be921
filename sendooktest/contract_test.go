package sendooktest_test

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// TestContract drives the client through every endpoint of the API, in both
// dialects, and checks that the client reads back what the server stored.
func TestContract(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		t.Run("api keys", func(t *testing.T) { testAPIKeys(t, h) })
		t.Run("domains", func(t *testing.T) { testDomains(t, h) })
		t.Run("inboxes", func(t *testing.T) { testInboxes(t, h) })
		t.Run("messages and threads", func(t *testing.T) { testMessagesAndThreads(t, h) })
		t.Run("webhooks", func(t *testing.T) { testWebhooks(t, h) })

		assert.ElementsMatch(t, sendooktest.Endpoints(), h.hits.endpoints(), "every endpoint should have been called")
		assert.Len(t, sendooktest.Endpoints(), 26)
	})
}

func testAPIKeys(t *testing.T, h *harness) {
	c := h.client
	created, err := c.APIKeys.Create(ctx, &sendook.CreateAPIKeyParams{Name: "ci"})
	require.NoError(t, err)
	h.assertID(t, created.ID, "key")
	assert.Equal(t, "ci", created.Name)
	assert.Regexp(t, `^[0-9a-f]{96}$`, created.Key)
	assert.NotEmpty(t, created.OrganizationID)
	assert.False(t, created.CreatedAt.IsZero())
	// Only the real server says "active"; the documented key has revokedAt.
	assert.Equal(t, h.real(), created.Active)
	assert.Nil(t, created.RevokedAt)

	list, err := c.APIKeys.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 2, "the server's own key and the new one")
	assert.Equal(t, created.ID, list[1].ID)
	for _, k := range list {
		if h.real() {
			assert.NotEmpty(t, k.Key, "the real server shows every secret")
		} else {
			assert.Empty(t, k.Key, "the secret is shown only when the key is created")
		}
	}

	got, err := c.APIKeys.Get(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, created.ID, got.ID)
	assert.Equal(t, "ci", got.Name)
	if h.real() {
		assert.Equal(t, created.Key, got.Key)
	} else {
		assert.Empty(t, got.Key)
	}

	withNewKey := sendook.NewClient(created.Key, sendook.WithBaseURL(h.srv.URL))
	_, err = withNewKey.Inboxes.List(ctx)
	require.NoError(t, err, "a key created through the API authenticates")

	deleted, err := c.APIKeys.Delete(ctx, created.ID)
	require.NoError(t, err)
	assert.Equal(t, created.ID, deleted.ID)

	_, err = withNewKey.Inboxes.List(ctx)
	assert.ErrorIs(t, err, sendook.ErrUnauthorized, "a deleted key stops working")
	_, err = c.APIKeys.Get(ctx, created.ID)
	assert.ErrorIs(t, err, sendook.ErrNotFound)
	_, err = c.APIKeys.Delete(ctx, created.ID)
	assert.ErrorIs(t, err, sendook.ErrNotFound)
}

func testDomains(t *testing.T, h *harness) {
	c := h.client
	const name = "agents.example.com"
	d, err := c.Domains.Create(ctx, &sendook.CreateDomainParams{Name: name})
	require.NoError(t, err)
	h.assertID(t, d.ID, "dom")
	assert.Equal(t, name, d.Name)
	assert.False(t, d.Verified)
	var types []string
	for _, r := range d.Records {
		types = append(types, r.Type)
		assert.Equal(t, "pending", r.Status)
	}
	if h.real() {
		assert.Equal(t, []string{"MX", "TXT", "TXT"}, types, "the real server stores three records; DKIM comes from SES")
		assert.Equal(t, []string{"@", "_dmarc", "@"}, []string{d.Records[0].Name, d.Records[1].Name, d.Records[2].Name})
	} else {
		assert.Equal(t, []string{"MX", "TXT", "TXT", "CNAME", "CNAME", "CNAME"}, types)
		assert.Equal(t, "pending_verification", d.Status)
	}

	list, err := c.Domains.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, d.ID, list[0].ID)

	keys := []string{name}
	if !h.real() {
		keys = append(keys, d.ID) // the documented API also takes ids
	}
	for _, key := range keys {
		got, err := c.Domains.Get(ctx, key)
		require.NoError(t, err, key)
		assert.Equal(t, d.ID, got.ID)
	}

	records, err := c.Domains.DNSRecords(ctx, name)
	require.NoError(t, err)
	require.Len(t, records, 6)
	if !h.real() {
		for i, r := range records {
			assert.Equal(t, d.Records[i].Type, r.Type)
			assert.Equal(t, d.Records[i].Name, r.Name)
			assert.Equal(t, d.Records[i].Value, r.Value)
		}
	}
	assert.Equal(t, "agents", records[0].Name, "MX of a subdomain")
	assert.Equal(t, "_dmarc.agents", records[2].Name)
	assert.Regexp(t, `^[a-z0-9]{32}\._domainkey\.agents\.example\.com$`, records[3].Name)

	verified, err := c.Domains.Verify(ctx, name)
	require.NoError(t, err)
	assert.False(t, verified.Verified, "the DNS records are not in place yet")
	_, err = c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Email: "support@" + name})
	require.ErrorIs(t, err, sendook.ErrNotFound)
	assert.Equal(t, "Invalid domain name", apiError(t, err).Message)

	require.NoError(t, h.srv.VerifyDomain(name))
	assert.Error(t, h.srv.VerifyDomain("unknown.example.com"))
	verified, err = c.Domains.Verify(ctx, name)
	require.NoError(t, err)
	assert.True(t, verified.Verified)
	for _, r := range verified.Records {
		assert.Equal(t, "verified", r.Status)
	}
	if !h.real() {
		assert.Equal(t, "verified", verified.Status)
	}
	inbox, err := c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Email: "support@" + name})
	require.NoError(t, err)
	assert.Equal(t, d.ID, inbox.DomainID)
	assert.Equal(t, "support@"+name, inbox.Email)

	_, err = c.Domains.Create(ctx, &sendook.CreateDomainParams{Name: name})
	if h.real() {
		assert.ErrorIs(t, err, sendook.ErrServer, "the real server crashes on a duplicate domain")
	} else {
		assert.ErrorIs(t, err, sendook.ErrInvalidRequest)
	}

	deleted, err := c.Domains.Delete(ctx, name)
	require.NoError(t, err)
	assert.Equal(t, d.ID, deleted.ID)
	for _, call := range []func() error{
		func() error { _, err := c.Domains.Get(ctx, name); return err },
		func() error { _, err := c.Domains.Verify(ctx, name); return err },
		func() error { _, err := c.Domains.DNSRecords(ctx, name); return err },
		func() error { _, err := c.Domains.Delete(ctx, name); return err },
	} {
		assert.ErrorIs(t, call(), sendook.ErrNotFound)
	}
}

func testInboxes(t *testing.T, h *harness) {
	c := h.client
	// Inboxes from the domains test may exist; start from what is there.
	before, err := c.Inboxes.List(ctx)
	require.NoError(t, err)

	var created []*sendook.Inbox
	for _, tc := range []struct {
		name      string
		params    *sendook.CreateInboxParams
		wantEmail string
	}{
		{"no params", nil, `^inbox@sendook\.com$`},
		{"a name", &sendook.CreateInboxParams{Name: "Support Team"}, `^support-team@sendook\.com$`},
		{"a name whose address is taken", &sendook.CreateInboxParams{Name: "Support Team"}, `^support-team-[a-z0-9]{10}@sendook\.com$`},
		{"an address", &sendook.CreateInboxParams{Name: "Sales", Email: "sales@sendook.com"}, `^sales@sendook\.com$`},
	} {
		in, err := c.Inboxes.Create(ctx, tc.params)
		require.NoError(t, err, tc.name)
		h.assertID(t, in.ID, "ibox")
		assert.Regexp(t, tc.wantEmail, in.Email, tc.name)
		assert.Empty(t, in.DomainID, tc.name)
		if tc.params != nil {
			assert.Equal(t, tc.params.Name, in.Name, tc.name)
		}
		created = append(created, in)
	}

	for _, tc := range []struct {
		name    string
		params  *sendook.CreateInboxParams
		wantErr error
	}{
		{"a taken address", &sendook.CreateInboxParams{Email: "sales@sendook.com"}, sendook.ErrInvalidRequest},
		{"a malformed address", &sendook.CreateInboxParams{Email: "not-an-address"}, sendook.ErrInvalidRequest},
		{"an unknown domain", &sendook.CreateInboxParams{Email: "x@unknown.example.com"}, sendook.ErrNotFound},
	} {
		_, err := c.Inboxes.Create(ctx, tc.params)
		assert.ErrorIs(t, err, tc.wantErr, tc.name)
	}

	list, err := c.Inboxes.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, len(before)+len(created))
	for i, in := range created {
		assert.Equal(t, *in, list[len(before)+i])
	}

	got, err := c.Inboxes.Get(ctx, created[1].ID)
	require.NoError(t, err)
	assert.Equal(t, created[1], got)

	deleted, err := c.Inboxes.Delete(ctx, created[1].ID)
	require.NoError(t, err)
	assert.Equal(t, created[1].ID, deleted.ID)
	_, err = c.Inboxes.Get(ctx, created[1].ID)
	assert.ErrorIs(t, err, sendook.ErrNotFound)
	_, err = c.Inboxes.Delete(ctx, created[1].ID)
	assert.ErrorIs(t, err, sendook.ErrNotFound)
	_, err = c.Inboxes.Get(ctx, h.unknownID("ibox"))
	assert.ErrorIs(t, err, sendook.ErrNotFound)
	assert.Equal(t, "Inbox not found", apiError(t, err).Message)
}

func testMessagesAndThreads(t *testing.T, h *harness) {
	c := h.client
	in, err := c.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "agent"})
	require.NoError(t, err)
	sentBefore := len(h.srv.Sent())

	params := &sendook.SendMessageParams{
		To: []string{"alice@example.com"}, CC: []string{"carol@example.com"}, BCC: []string{"audit@example.com"},
		Labels:      []string{"billing"},
		Subject:     "Your invoice",
		Text:        "Please find it attached.",
		HTML:        "<p>Please find it <b>attached</b>.</p>",
		Attachments: []sendook.Attachment{sendook.NewAttachment("invoice.txt", "text/plain", []byte("total: 42"))},
	}
	first, err := c.Messages.Send(ctx, in.ID, params)
	require.NoError(t, err)
	h.assertID(t, first.ID, "msg")
	assert.Equal(t, in.ID, first.InboxID)
	assert.Equal(t, in.ID, first.FromInboxID)
	assert.Equal(t, in.Email, first.From)
	assert.Equal(t, sendook.MessageStatusSent, first.Status)
	assert.Equal(t, params.To, first.To)
	assert.Equal(t, params.CC, first.CC)
	assert.Equal(t, params.BCC, first.BCC)
	assert.Equal(t, params.Labels, first.Labels)
	assert.Equal(t, params.Subject, first.Subject)
	assert.Equal(t, params.Text, first.Text)
	assert.Equal(t, params.HTML, first.HTML)
	assert.Equal(t, params.Attachments, first.Attachments)
	assert.NotEmpty(t, first.ThreadID)
	assert.NotEmpty(t, first.ExternalMessageID)

	second, err := c.Messages.Send(ctx, in.ID, &sendook.SendMessageParams{To: []string{"bob@example.com"}, Subject: "Welcome", Text: "Hello Bob", HTML: "<p>Hello Bob</p>"})
	require.NoError(t, err)
	assert.NotEqual(t, first.ThreadID, second.ThreadID, "a send starts a new thread")

	got, err := c.Messages.Get(ctx, in.ID, first.ID)
	require.NoError(t, err)
	assert.Equal(t, first, got)

	reply, err := c.Messages.Reply(ctx, in.ID, first.ID, &sendook.ReplyMessageParams{Text: "Any questions?", HTML: "<p>Any questions?</p>"})
	require.NoError(t, err)
	assert.Equal(t, []string{"alice@example.com"}, reply.To, "a reply to a sent message goes to its recipient")
	assert.Equal(t, "Re: Your invoice", reply.Subject)
	assert.Equal(t, first.ThreadID, reply.ThreadID)
	assert.Equal(t, in.Email, reply.From)
	assert.Equal(t, sendook.MessageStatusSent, reply.Status)

	again, err := c.Messages.Reply(ctx, in.ID, reply.ID, &sendook.ReplyMessageParams{Text: "Ping", HTML: "<p>Ping</p>"})
	require.NoError(t, err)
	assert.Equal(t, "Re: Your invoice", again.Subject, "the prefix is not doubled")
	assert.Equal(t, []string{"alice@example.com"}, again.To)

	inbound, err := h.srv.Receive(in.Email, sendooktest.InboundEmail{
		From: "alice@example.com", Subject: "Re: Your invoice", Text: "Thanks, paid.", InReplyTo: again.ID,
	})
	require.NoError(t, err)
	assert.Equal(t, first.ThreadID, inbound.ThreadID)

	answer, err := c.Messages.Reply(ctx, in.ID, inbound.ID, &sendook.ReplyMessageParams{Text: "Great, thank you.", HTML: "<p>Great, thank you.</p>"})
	require.NoError(t, err)
	assert.Equal(t, []string{"alice@example.com"}, answer.To, "a reply to a received message goes to its sender")
	assert.Equal(t, first.ThreadID, answer.ThreadID)

	assert.Equal(t, []string{first.ID, second.ID, reply.ID, again.ID, answer.ID}, messageIDs(h.srv.Sent()[sentBefore:]))

	all := []string{first.ID, second.ID, reply.ID, again.ID, inbound.ID, answer.ID}
	for _, tc := range []struct {
		query string
		want  []string
	}{
		{"", all},
		{"welcome", []string{second.ID}},          // subject
		{"HELLO BOB", []string{second.ID}},        // text
		{"<b>attached", []string{first.ID}},       // html
		{"bob@example", []string{second.ID}},      // to
		{"carol@", []string{first.ID}},            // cc
		{"Audit@Example.com", []string{first.ID}}, // bcc
		{"BILLING", []string{first.ID}},           // labels
		{"paid", []string{inbound.ID}},            // a received message
		{"nothing matches this", []string{}},
	} {
		msgs, err := c.Messages.List(ctx, in.ID, &sendook.ListMessagesParams{Query: tc.query})
		require.NoError(t, err, tc.query)
		assert.Equal(t, tc.want, messageIDs(msgs), "query %q", tc.query)
	}

	threads, err := c.Threads.List(ctx, in.ID)
	require.NoError(t, err)
	require.Len(t, threads, 2)
	conversation := []string{first.ID, reply.ID, again.ID, inbound.ID, answer.ID}
	assert.Equal(t, first.ThreadID, threads[0].ID)
	assert.Equal(t, conversation, messageIDs(threads[0].Messages))
	assert.Equal(t, []string{second.ID}, messageIDs(threads[1].Messages))
	if h.real() {
		assert.Empty(t, threads[0].Messages[0].Subject, "the real server lists thread messages as ids")
	} else {
		assert.Equal(t, "Your invoice", threads[0].Messages[0].Subject)
		assert.Equal(t, "Your invoice", threads[0].Subject)
	}

	thread, err := c.Threads.Get(ctx, in.ID, first.ThreadID)
	require.NoError(t, err)
	h.assertID(t, thread.ID, "thr")
	assert.Equal(t, in.ID, thread.InboxID)
	assert.Equal(t, conversation, messageIDs(thread.Messages))
	assert.Equal(t, *first, thread.Messages[0], "a thread's messages are whole")
	assert.Equal(t, sendook.MessageStatusReceived, thread.Messages[3].Status)

	unknownInbox, unknownMessage := h.unknownID("ibox"), h.unknownID("msg")
	for name, call := range map[string]func() error{
		"send from an unknown inbox": func() error { _, err := c.Messages.Send(ctx, unknownInbox, params); return err },
		"reply to an unknown message": func() error {
			_, err := c.Messages.Reply(ctx, in.ID, unknownMessage, &sendook.ReplyMessageParams{Text: "x", HTML: "x"})
			return err
		},
		"get an unknown message":      func() error { _, err := c.Messages.Get(ctx, in.ID, unknownMessage); return err },
		"list an unknown inbox":       func() error { _, err := c.Messages.List(ctx, unknownInbox, nil); return err },
		"threads of an unknown inbox": func() error { _, err := c.Threads.List(ctx, unknownInbox); return err },
		"get an unknown thread":       func() error { _, err := c.Threads.Get(ctx, in.ID, h.unknownID("thr")); return err },
		"a thread of another inbox":   func() error { _, err := c.Threads.Get(ctx, unknownInbox, first.ThreadID); return err },
	} {
		assert.ErrorIs(t, call(), sendook.ErrNotFound, name)
	}
	gotOther, err := c.Messages.Get(ctx, unknownInbox, first.ID)
	if h.real() {
		require.NoError(t, err, "the real server finds a message by its id alone")
		assert.Equal(t, first.ID, gotOther.ID)
	} else {
		assert.ErrorIs(t, err, sendook.ErrNotFound, "a message of another inbox")
	}

	_, err = c.Inboxes.Delete(ctx, in.ID)
	require.NoError(t, err)
	_, err = c.Messages.Get(ctx, in.ID, first.ID)
	assert.ErrorIs(t, err, sendook.ErrNotFound, "deleting an inbox deletes its messages")
	orphan, err := c.Threads.Get(ctx, in.ID, first.ThreadID)
	if h.real() {
		require.NoError(t, err, "the real server keeps the threads of a deleted inbox")
		assert.Empty(t, orphan.Messages, "without their messages")
	} else {
		assert.ErrorIs(t, err, sendook.ErrNotFound, "and its threads")
	}
	assert.Len(t, h.srv.Sent(), sentBefore+5, "what was sent stays sent")
}

func testWebhooks(t *testing.T, h *harness) {
	c := h.client
	rcv := newReceiver(t, "")
	events := []sendook.EventType{sendook.EventMessageReceived, sendook.EventMessageSent}
	wh, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: rcv.URL, Events: events})
	require.NoError(t, err)
	h.assertID(t, wh.ID, "wh")
	assert.Equal(t, rcv.URL, wh.URL)
	assert.Equal(t, events, wh.Events)

	list, err := c.Webhooks.List(ctx)
	require.NoError(t, err)
	require.Len(t, list, 1)
	assert.Equal(t, *wh, list[0])

	got, err := c.Webhooks.Get(ctx, wh.ID)
	require.NoError(t, err)
	assert.Equal(t, wh, got)

	require.NoError(t, c.Webhooks.Test(ctx, wh.ID))
	evs := rcv.events(t)
	require.Len(t, evs, 1, "the test event is delivered before Test returns")
	assert.True(t, evs[0].IsTest())
	assert.Equal(t, sendook.EventMessageReceived, evs[0].Event)

	attempts, err := c.Webhooks.ListAttempts(ctx, wh.ID)
	require.NoError(t, err)
	require.Len(t, attempts, 1)
	a := attempts[0]
	h.assertID(t, a.ID, "att")
	assert.Equal(t, wh.ID, a.WebhookID)
	assert.Equal(t, 200, a.Status)
	assert.Empty(t, a.Error)
	assert.JSONEq(t, `{"received":true}`, string(a.Response))
	assert.JSONEq(t, `{"event":"message.received","payload":{"test":"test"}}`, string(a.Payload))
	assert.False(t, a.Timestamp.IsZero())

	deleted, err := c.Webhooks.Delete(ctx, wh.ID)
	require.NoError(t, err)
	assert.Equal(t, wh.ID, deleted.ID)
	_, err = c.Webhooks.Get(ctx, wh.ID)
	assert.ErrorIs(t, err, sendook.ErrNotFound)
	assert.ErrorIs(t, c.Webhooks.Test(ctx, wh.ID), sendook.ErrNotFound)
	_, err = c.Webhooks.Delete(ctx, wh.ID)
	assert.ErrorIs(t, err, sendook.ErrNotFound)
}
