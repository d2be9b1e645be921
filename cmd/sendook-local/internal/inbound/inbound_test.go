package inbound

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

func TestComposeParsesBackAsSent(t *testing.T) {
	srv := sendooktest.NewServer(sendooktest.WithDialect(sendooktest.DialectDocumented))
	defer srv.Close()
	client := srv.Client()
	inbox, err := client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "support"})
	require.NoError(t, err)

	for _, tc := range []struct {
		name string
		mail Mail
	}{
		{"text only", Mail{Text: "Plain text, with ümlauts and a long line that goes on and on and on and on and on and on and on and on."}},
		{"html only", Mail{HTML: "<p>Hello <b>there</b></p>"}},
		{"text and html", Mail{Text: "Hello there", HTML: "<p>Hello <b>there</b></p>"}},
		{"with attachments", Mail{Text: "See attached", HTML: "<p>See attached</p>", Attachments: []File{
			{Name: "report.pdf", ContentType: "application/pdf", Data: []byte("%PDF-1.4 not really")},
			{Name: "notes.txt", Data: make([]byte, 300)},
		}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := tc.mail
			m.From, m.To, m.Subject = "Ada <ada@example.com>", inbox.Email, "Grüße: "+tc.name
			got, err := srv.ReceiveMIME(inbox.Email, Compose(m))
			require.NoError(t, err)
			assert.Equal(t, m.Subject, got.Subject)
			assert.Equal(t, m.Text, got.Text)
			assert.Equal(t, m.HTML, got.HTML)
			require.Len(t, got.Attachments, len(m.Attachments))
			for i, a := range m.Attachments {
				assert.Equal(t, a.Name, got.Attachments[i].Name)
				data, err := base64.StdEncoding.DecodeString(got.Attachments[i].Content)
				require.NoError(t, err)
				assert.Equal(t, a.Data, data)
			}
		})
	}
}

func TestComposeRepliesJoinTheThread(t *testing.T) {
	srv := sendooktest.NewServer() // the real dialect threads by the SES id
	defer srv.Close()
	client := srv.Client()
	inbox, err := client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "support"})
	require.NoError(t, err)
	sent, err := client.Messages.Send(context.Background(), inbox.ID, &sendook.SendMessageParams{
		To: []string{"ada@example.com"}, Subject: "Question", Text: "How are you?", HTML: "<p>How are you?</p>"})
	require.NoError(t, err)
	reply := Compose(Mail{From: "ada@example.com", To: inbox.Email, Subject: "Re: Question", Text: "Fine.",
		References: []string{"<" + sent.ExternalMessageID + "@us-east-2.amazonses.com>", "<" + sent.ID + ">"}})
	got, err := srv.ReceiveMIME(inbox.Email, reply)
	require.NoError(t, err)
	assert.Equal(t, sent.ThreadID, got.ThreadID)
}

func TestFindInbox(t *testing.T) {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	_, err := client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "support"})
	require.NoError(t, err)
	for addr, want := range map[string]string{
		"support@sendook.com": "support@sendook.com", " Support@SENDOOK.com ": "support@sendook.com", "sales@sendook.com": "",
	} {
		got, err := FindInbox(context.Background(), client, addr)
		if want == "" {
			assert.ErrorIs(t, err, ErrUnknownRecipient)
			continue
		}
		require.NoError(t, err)
		assert.Equal(t, want, got.Email)
	}
	srv.Close()
	_, err = FindInbox(context.Background(), sendook.NewClient("k", sendook.WithBaseURL(srv.URL), sendook.WithMaxRetries(0)), "support@sendook.com")
	assert.Error(t, err)
	assert.False(t, errors.Is(err, ErrUnknownRecipient), "a server that cannot be reached is not an unknown recipient")
}

// sesServer serves the API of srv, and its /webhooks/ses as the real
// server does: it takes the raw mail out of the SNS notification.
func sesServer(t *testing.T, srv *sendooktest.Server) *httptest.Server {
	api, _ := url.Parse(srv.URL)
	proxy := httputil.NewSingleHostReverseProxy(api)
	hs := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/webhooks/ses" {
			proxy.ServeHTTP(w, r)
			return
		}
		assert.Equal(t, "text/plain; charset=UTF-8", r.Header.Get("Content-Type"))
		body, _ := io.ReadAll(r.Body)
		var sns struct{ Type, Message string }
		require.NoError(t, json.Unmarshal(body, &sns))
		assert.Equal(t, "Notification", sns.Type)
		var ses struct {
			NotificationType string
			Mail             struct{ Destination []string }
			Content          string
		}
		require.NoError(t, json.Unmarshal([]byte(sns.Message), &ses))
		assert.Equal(t, "Received", ses.NotificationType)
		raw, err := base64.StdEncoding.DecodeString(ses.Content)
		require.NoError(t, err)
		if _, err := srv.ReceiveMIME(ses.Mail.Destination[0], raw); err != nil {
			http.Error(w, err.Error(), http.StatusInternalServerError)
		}
	}))
	t.Cleanup(hs.Close)
	return hs
}

func TestSESDeliversThroughTheWebhookRoute(t *testing.T) {
	srv := sendooktest.NewServer()
	defer srv.Close()
	hs := sesServer(t, srv)
	client := sendook.NewClient(srv.APIKey, sendook.WithBaseURL(hs.URL))
	inbox, err := client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "support"})
	require.NoError(t, err)
	ses := &SES{BaseURL: hs.URL + "/v1", Client: client}

	raw := Compose(Mail{From: "ada@example.com", To: inbox.Email, Subject: "Via SES", Text: "Hello", Date: time.Now()})
	require.NoError(t, ses.Deliver(context.Background(), "SUPPORT@sendook.com", raw))
	msgs, err := client.Messages.List(context.Background(), inbox.ID, nil)
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	assert.Equal(t, "Via SES", msgs[0].Subject)

	err = ses.Deliver(context.Background(), "nobody@sendook.com", raw)
	assert.ErrorIs(t, err, ErrUnknownRecipient, "the server would drop it silently; Deliver says so")

	broken := &SES{BaseURL: hs.URL, Client: client, HTTP: &http.Client{Transport: roundTripFunc(func(*http.Request) (*http.Response, error) {
		return nil, errors.New("no route")
	})}}
	assert.ErrorContains(t, broken.Deliver(context.Background(), inbox.Email, raw), "no route")
}

// The in-memory server serves /webhooks/ses as the real one does: SES
// delivers there, the thread is joined through References.
func TestSESDeliversIntoTheServersOwnRoute(t *testing.T) {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	inbox, err := client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "support"})
	require.NoError(t, err)
	sent, err := client.Messages.Send(context.Background(), inbox.ID, &sendook.SendMessageParams{
		To: []string{"ada@example.com"}, Subject: "Question", Text: "How are you?", HTML: "<p>How are you?</p>"})
	require.NoError(t, err)

	ses := &SES{BaseURL: srv.URL, Client: client}
	raw := Compose(Mail{From: "Ada <ada@example.com>", To: inbox.Email, Subject: "Re: Grüße", Text: "Fine, thanks.",
		References: []string{"<" + sent.ExternalMessageID + "@us-east-2.amazonses.com>"}})
	require.NoError(t, ses.Deliver(context.Background(), inbox.Email, raw))
	msgs, err := client.Messages.List(context.Background(), inbox.ID, &sendook.ListMessagesParams{Query: "Fine"})
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	got := msgs[0]
	assert.Equal(t, sendook.MessageStatusReceived, got.Status)
	assert.Equal(t, "ada@example.com", got.From)
	assert.Equal(t, "Re: Grüße", got.Subject)
	assert.Equal(t, sent.ThreadID, got.ThreadID)
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }
