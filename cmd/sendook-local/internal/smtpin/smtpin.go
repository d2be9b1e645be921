// Package smtpin receives mail over SMTP for the inboxes of a Sendook
// server: mail for an inbox's address is delivered into it as mail from
// outside, before the SMTP transaction ends; anything else is refused.
package smtpin

import (
	"context"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net"
	"strings"
	"time"

	"github.com/emersion/go-sasl"
	"github.com/emersion/go-smtp"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/cmd/sendook-local/internal/inbound"
	"github.com/sendook/sendook-go/internal/loopback"
)

// DefaultMaxBytes is the largest message accepted unless Config says
// otherwise: the 20 MB the Sendook API accepts as a request body.
const DefaultMaxBytes = 20 << 20

// Config configures a [Server].
type Config struct {
	// Client looks up the inboxes a recipient may name.
	Client *sendook.Client
	// Mailbox stores what arrives.
	Mailbox inbound.Mailbox
	// MaxBytes is the largest message accepted; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Password, when set, is what clients that connect from another
	// machine must give with AUTH PLAIN (any user name). Clients on
	// loopback never need to authenticate. When empty, only loopback
	// clients may send mail.
	Password string
	// Logger gets one line per message delivered or refused; nil is
	// silent.
	Logger *slog.Logger
}

// Server is an SMTP server that delivers into a Sendook server's inboxes.
type Server struct {
	smtp *smtp.Server
}

// New returns a server for cfg; start it with [Server.Serve].
func New(cfg Config) *Server {
	if cfg.MaxBytes <= 0 {
		cfg.MaxBytes = DefaultMaxBytes
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.New(slog.DiscardHandler)
	}
	s := smtp.NewServer(smtp.BackendFunc(func(c *smtp.Conn) (smtp.Session, error) {
		return &session{cfg: &cfg, local: loopback.HostPort(c.Conn().RemoteAddr().String())}, nil
	}))
	s.Domain = "sendook-local"
	s.MaxMessageBytes = cfg.MaxBytes
	s.MaxRecipients = 100
	s.ReadTimeout = 5 * time.Minute
	s.WriteTimeout = time.Minute
	// No TLS here: a password from another machine travels in the clear,
	// which the command warns about when it listens beyond loopback.
	s.AllowInsecureAuth = true
	s.ErrorLog = discardLogger{}
	return &Server{smtp: s}
}

// Serve accepts connections on ln until Close; it returns nil after Close.
func (s *Server) Serve(ln net.Listener) error {
	err := s.smtp.Serve(ln)
	if errors.Is(err, smtp.ErrServerClosed) {
		return nil
	}
	return err
}

// Close stops the server and closes every connection.
func (s *Server) Close() error { return s.smtp.Close() }

// session is one SMTP connection.
type session struct {
	cfg    *Config
	local  bool // the client is on this machine
	authed bool
	from   string
	rcpts  []string // inbox addresses, as stored
}

var (
	errNoRelay = &smtp.SMTPError{Code: 550, EnhancedCode: smtp.EnhancedCode{5, 1, 1},
		Message: "No inbox has this address here; this server does not relay"}
	errAuthNeeded = &smtp.SMTPError{Code: 530, EnhancedCode: smtp.EnhancedCode{5, 7, 0},
		Message: "Authentication required from another machine"}
	errNoRecipients = &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 5, 1},
		Message: "No valid recipients"}
	errTryLater = &smtp.SMTPError{Code: 451, EnhancedCode: smtp.EnhancedCode{4, 3, 0},
		Message: "Could not deliver now, try again later"}
)

func (s *session) allowed() bool { return s.local || s.authed }

func (s *session) AuthMechanisms() []string {
	if s.cfg.Password == "" {
		return nil
	}
	return []string{sasl.Plain}
}

func (s *session) Auth(mech string) (sasl.Server, error) {
	if s.cfg.Password == "" || mech != sasl.Plain {
		return nil, smtp.ErrAuthUnknownMechanism
	}
	return sasl.NewPlainServer(func(_, _, password string) error {
		if subtle.ConstantTimeCompare([]byte(password), []byte(s.cfg.Password)) != 1 {
			return smtp.ErrAuthFailed
		}
		s.authed = true
		return nil
	}), nil
}

func (s *session) Mail(from string, _ *smtp.MailOptions) error {
	if !s.allowed() {
		return errAuthNeeded
	}
	s.from = from
	return nil
}

func (s *session) Rcpt(to string, _ *smtp.RcptOptions) error {
	if !s.allowed() {
		return errAuthNeeded
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	inbox, err := inbound.FindInbox(ctx, s.cfg.Client, to)
	switch {
	case errors.Is(err, inbound.ErrUnknownRecipient):
		s.cfg.Logger.Info("smtp: refused recipient", "to", to, "from", s.from)
		return errNoRelay
	case err != nil:
		s.cfg.Logger.Warn("smtp: looking up recipient", "to", to, "err", err)
		return errTryLater
	}
	s.rcpts = append(s.rcpts, inbox.Email)
	return nil
}

// Data delivers the mail to every recipient before answering, so that
// when the client sees 250 the message is stored and its webhooks fired.
func (s *session) Data(r io.Reader) error {
	raw, err := io.ReadAll(r)
	if err != nil {
		return err // go-smtp's own 552 when the message is too large
	}
	if len(s.rcpts) == 0 {
		return errNoRecipients
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	for _, to := range s.rcpts {
		err := s.cfg.Mailbox.Deliver(ctx, to, raw)
		switch {
		case errors.Is(err, inbound.ErrUnknownRecipient):
			// The inbox went away since RCPT TO.
			return errNoRelay
		case errors.Is(err, inbound.ErrRejected):
			s.cfg.Logger.Info("smtp: refused mail", "to", to, "from", s.from, "err", err)
			return &smtp.SMTPError{Code: 554, EnhancedCode: smtp.EnhancedCode{5, 6, 0}, Message: "Message refused: " + oneLine(err.Error())}
		case err != nil:
			s.cfg.Logger.Warn("smtp: delivering", "to", to, "from", s.from, "err", err)
			return errTryLater
		}
		s.cfg.Logger.Info("smtp: delivered", "to", to, "from", s.from, "bytes", len(raw))
	}
	return nil
}

func (s *session) Reset() {
	s.from = ""
	s.rcpts = nil
}

func (s *session) Logout() error { return nil }

// oneLine keeps an error text to one SMTP reply line.
func oneLine(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) > 200 {
		s = s[:200]
	}
	return s
}

type discardLogger struct{}

func (discardLogger) Printf(string, ...any) {}
func (discardLogger) Println(...any)        {}
