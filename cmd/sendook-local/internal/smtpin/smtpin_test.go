package smtpin

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/smtp"
	"net/textproto"
	"strings"
	"sync"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/cmd/sendook-local/internal/inbound"
	"github.com/sendook/sendook-go/sendooktest"
)

// fakeMailbox records what is delivered, or fails as told.
type fakeMailbox struct {
	mu   sync.Mutex
	got  []delivery
	fail error
}

type delivery struct {
	to  string
	raw string
}

func (f *fakeMailbox) Deliver(_ context.Context, to string, raw []byte) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.got = append(f.got, delivery{to, string(raw)})
	return nil
}

func (f *fakeMailbox) deliveries() []delivery {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]delivery(nil), f.got...)
}

// start serves SMTP for the inboxes of a fresh sendooktest server, with
// one inbox "support@sendook.com", and returns its address.
func start(t *testing.T, cfg Config) (addr string, mb *fakeMailbox) {
	t.Helper()
	api := sendooktest.NewServer()
	t.Cleanup(api.Close)
	cfg.Client = api.Client()
	_, err := cfg.Client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "support"})
	require.NoError(t, err)
	mb = &fakeMailbox{}
	if cfg.Mailbox == nil {
		cfg.Mailbox = mb
	}
	s := New(cfg)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	done := make(chan error, 1)
	go func() { done <- s.Serve(ln) }()
	t.Cleanup(func() {
		require.NoError(t, s.Close())
		require.NoError(t, <-done)
	})
	return ln.Addr().String(), mb
}

const mail = "From: Ada <ada@example.com>\r\nTo: support@sendook.com\r\nSubject: Hello\r\n\r\nHi there.\r\n"

// smtpCode returns the reply code of an SMTP error, or 0.
func smtpCode(err error) int {
	var tpErr *textproto.Error
	if errors.As(err, &tpErr) {
		return tpErr.Code
	}
	return 0
}

func TestDeliversMailForAnInbox(t *testing.T) {
	addr, mb := start(t, Config{})
	err := smtp.SendMail(addr, nil, "ada@example.com", []string{"support@sendook.com"}, []byte(mail))
	require.NoError(t, err)
	got := mb.deliveries()
	require.Len(t, got, 1, "delivered before the transaction ended")
	assert.Equal(t, "support@sendook.com", got[0].to)
	assert.Contains(t, got[0].raw, "Subject: Hello")
	assert.Contains(t, got[0].raw, "Hi there.")
}

func TestRecipientMatchesTheInboxWhateverItsCase(t *testing.T) {
	addr, mb := start(t, Config{})
	require.NoError(t, smtp.SendMail(addr, nil, "ada@example.com", []string{"Support@Sendook.com"}, []byte(mail)))
	got := mb.deliveries()
	require.Len(t, got, 1)
	assert.Equal(t, "support@sendook.com", got[0].to, "the inbox's address as stored")
}

func TestRefuses(t *testing.T) {
	for _, tc := range []struct {
		name     string
		cfg      Config
		rcpt     string
		mail     string
		wantCode int
		wantText string
	}{
		{"an address with no inbox at RCPT TO", Config{}, "nobody@sendook.com", mail, 550, "does not relay"},
		{"relaying to another domain", Config{}, "someone@gmail.com", mail, 550, "does not relay"},
		{"a message over the size limit", Config{MaxBytes: 1000}, "support@sendook.com", mail + strings.Repeat("xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\r\n", 40), 552, "size"},
		{"mail the server cannot store now", Config{Mailbox: &fakeMailbox{fail: errors.New("disk full")}}, "support@sendook.com", mail, 451, "try again"},
		{"mail the server refuses", Config{Mailbox: &fakeMailbox{fail: fmt.Errorf("%w: no From", inbound.ErrRejected)}}, "support@sendook.com", mail, 554, "no from"},
		{"mail for an inbox deleted meanwhile", Config{Mailbox: &fakeMailbox{fail: fmt.Errorf("x: %w", inbound.ErrUnknownRecipient)}}, "support@sendook.com", mail, 550, "does not relay"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			addr, mb := start(t, tc.cfg)
			err := smtp.SendMail(addr, nil, "ada@example.com", []string{tc.rcpt}, []byte(tc.mail))
			require.Error(t, err)
			assert.Equal(t, tc.wantCode, smtpCode(err), "%v", err)
			assert.Contains(t, strings.ToLower(err.Error()), tc.wantText)
			assert.Empty(t, mb.deliveries())
		})
	}
}

func TestOneMailForTwoInboxesReachesBoth(t *testing.T) {
	addr, mb := start(t, Config{})
	c, err := smtp.Dial(addr)
	require.NoError(t, err)
	defer c.Close()
	require.NoError(t, c.Mail("ada@example.com"))
	require.NoError(t, c.Rcpt("support@sendook.com"))
	assert.Equal(t, 550, smtpCode(c.Rcpt("ghost@sendook.com")), "one bad recipient is refused alone")
	require.NoError(t, c.Rcpt("SUPPORT@sendook.com"))
	w, err := c.Data()
	require.NoError(t, err)
	_, err = w.Write([]byte(mail))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	require.NoError(t, c.Quit())
	assert.Len(t, mb.deliveries(), 2)
}

// A client on another machine must authenticate with the password; the
// session is tested directly, as every test connection is on loopback.
func TestRemoteClientsMustAuthenticate(t *testing.T) {
	cfg := &Config{Password: "the-key", Mailbox: &fakeMailbox{}}
	s := &session{cfg: cfg, local: false}
	assert.Equal(t, errAuthNeeded, s.Mail("ada@example.com", nil))
	assert.Equal(t, errAuthNeeded, s.Rcpt("support@sendook.com", nil))
	assert.Equal(t, []string{"PLAIN"}, s.AuthMechanisms())

	for _, tc := range []struct {
		password string
		ok       bool
	}{{"wrong", false}, {"the-key", true}} {
		srv, err := s.Auth("PLAIN")
		require.NoError(t, err)
		_, _, err = srv.Next([]byte("\x00user\x00" + tc.password))
		assert.Equal(t, tc.ok, err == nil, "password %q", tc.password)
		assert.Equal(t, tc.ok, s.authed)
	}
	assert.NoError(t, s.Mail("ada@example.com", nil))

	noPassword := &session{cfg: &Config{}, local: false}
	assert.Empty(t, noPassword.AuthMechanisms(), "no AUTH without a password")
	_, err := noPassword.Auth("PLAIN")
	assert.Error(t, err)
	assert.Equal(t, errAuthNeeded, noPassword.Mail("ada@example.com", nil))
}
