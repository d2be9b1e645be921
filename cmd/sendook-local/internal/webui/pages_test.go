package webui

import (
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/cmd/sendook-local/internal/inbound"
	"github.com/sendook/sendook-go/sendooktest"
)

func TestHomeListsInboxesWithCountsAndMailNewestFirst(t *testing.T) {
	h := newHarness(t)
	support, sales := h.inbox("support"), h.inbox("sales")
	h.receive(support.Email, inbound.Mail{Subject: "Older mail", Text: "first"})
	time.Sleep(2 * time.Millisecond) // distinct creation times
	h.receive(sales.Email, inbound.Mail{Subject: "Newer mail", Text: "second"})
	time.Sleep(2 * time.Millisecond)
	h.receive(support.Email, inbound.Mail{Subject: "Newest mail", Text: "third"})

	resp, body := h.get("/", http.StatusOK)
	assert.Equal(t, "text/html; charset=utf-8", resp.Header.Get("Content-Type"))
	assert.Regexp(t, `support@sendook.com</span>\s*<span class="count">2</span>`, body)
	assert.Regexp(t, `sales@sendook.com</span>\s*<span class="count">1</span>`, body)
	before(t, body, "Newest mail", "Newer mail")
	before(t, body, "Newer mail", "Older mail")
	assert.Contains(t, body, "127.0.0.1:2525", "where to send mail")
	assert.Contains(t, body, "2 inboxes")
}

func TestHomeCountsOneInboxInTheSingular(t *testing.T) {
	h := newHarness(t)
	h.inbox("support")
	_, body := h.get("/", http.StatusOK)
	assert.Contains(t, body, "1 inbox<")
}

func TestHomeWithNothingYet(t *testing.T) {
	h := newHarness(t)
	_, body := h.get("/", http.StatusOK)
	assert.Contains(t, body, "No inboxes yet.")
	assert.Contains(t, body, "No mail yet.")
	assert.Contains(t, body, "0 inboxes")
}

func TestInboxListsItsMessagesAndThreads(t *testing.T) {
	h := newHarness(t)
	support, other := h.inbox("support"), h.inbox("other")
	sent, err := h.client.Messages.Send(context.Background(), support.ID, &sendook.SendMessageParams{
		To: []string{"ada@example.com"}, Subject: "Welcome", Text: "Hello Ada", HTML: "<p>Hello Ada</p>"})
	require.NoError(t, err)
	time.Sleep(2 * time.Millisecond)
	h.receive(support.Email, inbound.Mail{Subject: "Re: Welcome", Text: "Thanks!",
		References: []string{"<" + sent.ExternalMessageID + "@us-east-2.amazonses.com>"}})
	time.Sleep(2 * time.Millisecond)
	h.receive(support.Email, inbound.Mail{Subject: "Unrelated", Text: "Another topic"})
	h.receive(other.Email, inbound.Mail{Subject: "For the other inbox", Text: "elsewhere"})

	_, body := h.get("/inboxes/"+support.ID, http.StatusOK)
	before(t, body, "Unrelated", "Re: Welcome")
	before(t, body, "Re: Welcome", "Hello Ada")
	assert.NotContains(t, body, "For the other inbox")
	assert.Contains(t, body, `<span class="badge out">sent</span>To: ada@example.com`, "what the inbox sent is marked")

	_, body = h.get("/inboxes/"+support.ID+"?view=threads", http.StatusOK)
	assert.Regexp(t, `Welcome <span class="badge">2</span>`, body, "the thread has the send and its answer, under the first subject")
	assert.Regexp(t, `Unrelated <span class="badge">1</span>`, body)
	before(t, body, "Unrelated", "Welcome")
	assert.Contains(t, body, `<span class="who">ada@example.com</span>`, "everyone in the thread, once")

	_, body = h.get(fmt.Sprintf("/inboxes/%s/threads/%s", support.ID, sent.ThreadID), http.StatusOK)
	assert.Contains(t, body, "Thanks!")
	assert.Contains(t, body, "Hello Ada")
	assert.NotContains(t, body, "Another topic")
	assert.Contains(t, body, "2 messages")
}

func TestMessageOpensBesideTheList(t *testing.T) {
	h := newHarness(t, sendooktest.WithDialect(sendooktest.DialectDocumented))
	in := h.inbox("support")
	m := h.receive(in.Email, inbound.Mail{
		Subject: "Your code", Text: "Your code is 481516.\n\nVisit https://example.com/verify?x=1&y=2",
		HTML:        `<p>Your code is <b>481516</b></p><script>document.title="pwned"</script><img src="https://tracker.example/p.gif">`,
		Attachments: []inbound.File{{Name: "invoice.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 test")}},
	})
	h.receive(in.Email, inbound.Mail{Subject: "Another", Text: "other"})

	_, body := h.get(fmt.Sprintf("/inboxes/%s/messages/%s", in.ID, m.ID), http.StatusOK)
	assert.Regexp(t, `class="row selected" href="/inboxes/`+in.ID+`/messages/`+m.ID, body, "the list stays, the message is marked")
	assert.Contains(t, body, "Another", "the rest of the list is there")
	for _, want := range []string{
		"<th>From</th><td>ada@example.com</td>", "<th>To</th><td>support@sendook.com</td>",
		`<h1 class="msg-subject">Your code</h1>`, m.ID, m.ThreadID, "received",
		`sandbox=""`, `src="/inboxes/` + in.ID + `/messages/` + m.ID + `/body"`,
		"Your code is 481516.", "Stripped text",
		`href="/inboxes/` + in.ID + `/messages/` + m.ID + `/attachments/0"`, "invoice.pdf", "application/pdf · 13 B",
		"Simulate a reply",
	} {
		assert.Contains(t, body, want)
	}
	assert.NotContains(t, body, "<script>document.title", "the HTML body is never inlined in the page")
	for _, code := range m.Codes() {
		assert.Contains(t, body, `<code class="code">`+code+`</code>`)
	}
	for _, link := range m.Links() {
		assert.Contains(t, body, html.EscapeString(link))
	}
}

func TestMessageHTMLIsServedSandboxed(t *testing.T) {
	h := newHarness(t, sendooktest.WithDialect(sendooktest.DialectDocumented))
	in := h.inbox("support")
	m := h.receive(in.Email, inbound.Mail{Subject: "s", HTML: `<p>hi</p><script>alert(1)</script>`})

	resp, body := h.get(fmt.Sprintf("/inboxes/%s/messages/%s/body", in.ID, m.ID), http.StatusOK)
	assert.Equal(t, m.HTML, body)
	csp := resp.Header.Get("Content-Security-Policy")
	for _, want := range []string{"sandbox", "default-src 'none'", "img-src data: cid:"} {
		assert.Contains(t, csp, want, "scripts, remote content and this origin are off limits")
	}
	assert.NotContains(t, csp, "script-src")
}

func TestAttachmentDownloads(t *testing.T) {
	h := newHarness(t, sendooktest.WithDialect(sendooktest.DialectDocumented))
	in := h.inbox("support")
	data := []byte("<html><script>alert(1)</script></html>")
	m := h.receive(in.Email, inbound.Mail{Subject: "s", Text: "t", Attachments: []inbound.File{
		{Name: "page.html", ContentType: "text/html", Data: data},
		{Name: "Résumé \"final\".bin", Data: []byte{0, 1, 2}},
	}})
	base := fmt.Sprintf("/inboxes/%s/messages/%s/attachments/", in.ID, m.ID)

	resp, body := h.get(base+"0", http.StatusOK)
	assert.Equal(t, string(data), body)
	assert.Equal(t, "attachment; filename=page.html", resp.Header.Get("Content-Disposition"))
	assert.Equal(t, "text/html", resp.Header.Get("Content-Type"))
	assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "sandbox", "even opened, it runs nothing")

	resp, body = h.get(base+"1", http.StatusOK)
	assert.Equal(t, "\x00\x01\x02", body)
	assert.Contains(t, resp.Header.Get("Content-Disposition"), "filename*=utf-8''R%C3%A9sum%C3%A9")

	for _, bad := range []string{"2", "-1", "x"} {
		h.get(base+bad, http.StatusNotFound)
	}
}

func TestSentShowsWhatWentOut(t *testing.T) {
	h := newHarness(t)
	in := h.inbox("support")
	h.receive(in.Email, inbound.Mail{Subject: "A question", Text: "How?"})
	sent, err := h.client.Messages.Send(context.Background(), in.ID, &sendook.SendMessageParams{
		To: []string{"bob@example.com"}, Subject: "Newsletter", Text: "News", HTML: "<p>News</p>"})
	require.NoError(t, err)
	time.Sleep(2 * time.Millisecond)
	_, err = h.client.Messages.Reply(context.Background(), in.ID, sent.ID, &sendook.ReplyMessageParams{Text: "Also this", HTML: "<p>Also this</p>"})
	require.NoError(t, err)

	_, body := h.get("/sent", http.StatusOK)
	before(t, body, "Re: Newsletter", "Newsletter</div>")
	assert.Contains(t, body, "To: bob@example.com")
	assert.NotContains(t, body, "A question", "received mail is not what went out")
}

func TestWebhooksShowTheirAttempts(t *testing.T) {
	h := newHarness(t)
	in := h.inbox("support")
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.Copy(io.Discard, r.Body)
		fmt.Fprint(w, `{"thanks":"got it"}`)
	}))
	defer endpoint.Close()
	down := httptest.NewServer(http.NotFoundHandler())
	down.Close()
	ok, err := h.client.Webhooks.Create(context.Background(), &sendook.CreateWebhookParams{URL: endpoint.URL, Events: []sendook.EventType{sendook.EventMessageReceived}})
	require.NoError(t, err)
	_, err = h.client.Webhooks.Create(context.Background(), &sendook.CreateWebhookParams{URL: down.URL, Events: []sendook.EventType{sendook.EventMessageReceived}})
	require.NoError(t, err)
	m := h.receive(in.Email, inbound.Mail{Subject: "Hello", Text: "Hi"})

	_, body := h.get("/webhooks", http.StatusOK)
	assert.Contains(t, body, endpoint.URL)
	assert.Contains(t, body, down.URL)
	assert.Contains(t, body, `<span class="status ok">200</span>`)
	assert.Contains(t, body, html.EscapeString(`"thanks": "got it"`), "the endpoint's answer")
	assert.Contains(t, body, `<span class="status bad">500</span>`, "an endpoint that cannot be reached")
	assert.Contains(t, body, "message.received")
	assert.Contains(t, body, m.ID)

	resp, _ := h.post("/webhooks/"+ok.ID+"/test", nil)
	assert.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/webhooks?notice=Test+event+sent.", resp.Header.Get("Location"))
	attempts, err := h.client.Webhooks.ListAttempts(context.Background(), ok.ID)
	require.NoError(t, err)
	assert.Len(t, attempts, 2, "the test event was delivered")

	resp, _ = h.post("/webhooks/000000000000000000000000/test", nil)
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestWebhooksPageWithNone(t *testing.T) {
	h := newHarness(t)
	_, body := h.get("/webhooks", http.StatusOK)
	assert.Contains(t, body, "No webhooks.")
}

func TestSimulateDeliversLikeMailFromOutside(t *testing.T) {
	h := newHarness(t, sendooktest.WithDialect(sendooktest.DialectDocumented))
	in := h.inbox("support")
	var delivered []string
	endpoint := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var ev struct{ Event string }
		json.NewDecoder(r.Body).Decode(&ev)
		delivered = append(delivered, ev.Event)
	}))
	defer endpoint.Close()
	_, err := h.client.Webhooks.Create(context.Background(), &sendook.CreateWebhookParams{URL: endpoint.URL, Events: []sendook.EventType{sendook.EventMessageReceived}})
	require.NoError(t, err)

	_, form := h.get("/simulate?to="+url.QueryEscape(in.Email), http.StatusOK)
	assert.Contains(t, form, `name="to" value="support@sendook.com"`)
	assert.Contains(t, form, `enctype="multipart/form-data"`)

	resp, _ := h.postMultipart("/simulate", map[string]string{
		"to": in.Email, "from": "Grace <grace@example.com>", "subject": "Simulated", "text": "Hello from the form", "html": "<p>Hello <i>from the form</i></p>",
	}, map[string][]byte{"notes.txt": []byte("some notes")})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	assert.Equal(t, "/inboxes/"+in.ID, strings.SplitN(resp.Header.Get("Location"), "?", 2)[0])

	msgs, err := h.client.Messages.List(context.Background(), in.ID, nil)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	got := msgs[0]
	assert.Equal(t, sendook.MessageStatusReceived, got.Status)
	assert.Equal(t, "Simulated", got.Subject)
	assert.Equal(t, "Hello from the form", got.Text)
	assert.Equal(t, "<p>Hello <i>from the form</i></p>", got.HTML)
	require.Len(t, got.Attachments, 1)
	assert.Equal(t, "notes.txt", got.Attachments[0].Name)
	assert.Equal(t, []string{"message.received"}, delivered, "webhooks fired before the form's answer")

	// A reply to that message, through its "Simulate a reply" link.
	_, page := h.get(fmt.Sprintf("/inboxes/%s/messages/%s", in.ID, got.ID), http.StatusOK)
	link := regexpFind(t, `href="(/simulate\?[^"]+)">Simulate a reply`, page)
	_, form = h.get(html.UnescapeString(link), http.StatusOK)
	assert.Contains(t, form, `name="reply" value="`+got.ID+`"`)
	assert.Contains(t, form, `name="subject" value="Re: Simulated"`)
	resp, _ = h.post("/simulate", url.Values{"to": {in.Email}, "from": {"grace@example.com"}, "subject": {"Re: Simulated"}, "text": {"Me again"}, "reply": {got.ID}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	msgs, err = h.client.Messages.List(context.Background(), in.ID, &sendook.ListMessagesParams{Query: "Me again"})
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, got.ThreadID, msgs[0].ThreadID, "the reply joins the thread")
}

func TestSimulateRefusesWhatCannotBeDelivered(t *testing.T) {
	h := newHarness(t)
	in := h.inbox("support")
	for _, tc := range []struct {
		name string
		form url.Values
		want string
	}{
		{"no inbox has the address", url.Values{"to": {"nobody@sendook.com"}, "from": {"a@example.com"}, "text": {"x"}}, "no inbox has this address"},
		{"a sender that is not an address", url.Values{"to": {in.Email}, "from": {"not an address"}, "text": {"x"}}, "is not an address"},
		{"no body", url.Values{"to": {in.Email}, "from": {"a@example.com"}}, "write a text or an HTML body"},
		{"a reply to no message", url.Values{"to": {in.Email}, "from": {"a@example.com"}, "text": {"x"}, "reply": {"000000000000000000000000"}}, "the message to reply to"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := h.post("/simulate", tc.form)
			assert.Equal(t, http.StatusBadRequest, resp.StatusCode)
			assert.Contains(t, body, tc.want)
			assert.Contains(t, body, `value="`+html.EscapeString(tc.form.Get("from"))+`"`, "the form keeps what was typed")
		})
	}
	msgs, err := h.client.Messages.List(context.Background(), in.ID, nil)
	require.NoError(t, err)
	assert.Empty(t, msgs)
}

func TestWithoutAMailboxThereIsNoSimulateForm(t *testing.T) {
	api := sendooktest.NewServer()
	defer api.Close()
	ui := httptest.NewServer(New(Config{Client: api.Client()}))
	defer ui.Close()
	resp, err := http.Get(ui.URL + "/")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.NotContains(t, string(body), "Simulate incoming mail")
	resp, err = http.Get(ui.URL + "/simulate")
	require.NoError(t, err)
	resp.Body.Close()
	assert.Equal(t, http.StatusNotFound, resp.StatusCode)
}

func TestCreateInbox(t *testing.T) {
	h := newHarness(t)
	resp, _ := h.post("/inboxes", url.Values{"name": {"billing"}})
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	inboxes, err := h.client.Inboxes.List(context.Background())
	require.NoError(t, err)
	require.Len(t, inboxes, 1)
	assert.Equal(t, "billing@sendook.com", inboxes[0].Email)
	assert.Equal(t, "/inboxes/"+inboxes[0].ID+"?notice=Inbox+billing%40sendook.com+created.", resp.Header.Get("Location"))

	_, body := h.get(resp.Header.Get("Location"), http.StatusOK)
	assert.Contains(t, body, "Inbox billing@sendook.com created.")

	resp, body = h.post("/inboxes", url.Values{"name": {"billing"}, "email": {"billing@sendook.com"}})
	assert.Equal(t, http.StatusBadRequest, resp.StatusCode, "a duplicate address")
	assert.Contains(t, body, "already exists")
}

func TestFormsFromOtherSitesAreRefused(t *testing.T) {
	h := newHarness(t)
	in := h.inbox("support")
	for _, path := range []string{"/inboxes", "/simulate", "/webhooks/x/test"} {
		req, err := http.NewRequest(http.MethodPost, h.ui.URL+path, strings.NewReader("name=x&to="+in.Email+"&from=a@example.com&text=x"))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		req.Header.Set("Sec-Fetch-Site", "cross-site")
		req.Header.Set("Origin", "https://evil.example")
		resp, _ := h.do(req)
		assert.Equal(t, http.StatusForbidden, resp.StatusCode, path)
	}
	inboxes, err := h.client.Inboxes.List(context.Background())
	require.NoError(t, err)
	assert.Len(t, inboxes, 1)
}

func TestUnknownThingsAreNotFound(t *testing.T) {
	h := newHarness(t)
	in := h.inbox("support")
	for _, path := range []string{
		"/nope",
		"/inboxes/000000000000000000000000",
		"/inboxes/" + in.ID + "/messages/000000000000000000000000",
		"/inboxes/" + in.ID + "/messages/000000000000000000000000/body",
		"/inboxes/" + in.ID + "/threads/000000000000000000000000",
	} {
		_, body := h.get(path, http.StatusNotFound)
		assert.Contains(t, body, "Back to all mail", path)
	}
}

func TestPagesCarrySecurityHeaders(t *testing.T) {
	h := newHarness(t)
	for _, path := range []string{"/", "/sent", "/webhooks", "/simulate", "/static/app.css", "/nope"} {
		resp, err := http.Get(h.ui.URL + path)
		require.NoError(t, err)
		resp.Body.Close()
		assert.Contains(t, resp.Header.Get("Content-Security-Policy"), "default-src 'self'", path)
		assert.Equal(t, "nosniff", resp.Header.Get("X-Content-Type-Options"), path)
		assert.Equal(t, "no-referrer", resp.Header.Get("Referrer-Policy"), path)
	}
}

func TestStaticAssetsAreServed(t *testing.T) {
	h := newHarness(t)
	resp, body := h.get("/static/app.js", http.StatusOK)
	assert.Contains(t, resp.Header.Get("Content-Type"), "javascript")
	assert.Contains(t, body, "data-live")
	_, body = h.get("/static/app.css", http.StatusOK)
	assert.Contains(t, body, ".message-pane")
}

func TestAPIFailuresShowAsErrors(t *testing.T) {
	api := sendooktest.NewServer()
	ui := httptest.NewServer(New(Config{Client: api.Client(sendook.WithMaxRetries(0)), Mailbox: mailbox{api}}))
	defer ui.Close()
	api.Close()
	resp, err := http.Get(ui.URL + "/webhooks")
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	assert.Equal(t, http.StatusBadGateway, resp.StatusCode)
	assert.Contains(t, string(body), "connection refused")
}
