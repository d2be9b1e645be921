package main

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"errors"
	"fmt"
	"net"
	"net/http"
	"strconv"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/cmd/sendook-local/internal/inbound"
	"github.com/sendook/sendook-go/sendooktest"
)

// mimeReceiver stores raw mail as received, as sendooktest.Server does.
type mimeReceiver interface {
	ReceiveMIME(to string, raw []byte) (*sendook.Message, error)
}

// localMailbox delivers into the in-memory server directly.
type localMailbox struct {
	srv    mimeReceiver
	client *sendook.Client
}

// newLocalMailbox delivers into srv in process.
func newLocalMailbox(srv *sendooktest.Server, client *sendook.Client) inbound.Mailbox {
	return &localMailbox{srv: srv, client: client}
}

func (m *localMailbox) Deliver(ctx context.Context, to string, raw []byte) error {
	inbox, err := inbound.FindInbox(ctx, m.client, to)
	if err != nil {
		return err
	}
	_, err = m.srv.ReceiveMIME(inbox.Email, raw)
	switch {
	case errors.Is(err, sendooktest.ErrNoInbox):
		return fmt.Errorf("%w: %w", inbound.ErrUnknownRecipient, err)
	case err != nil:
		// The mail itself is what the server refused.
		return fmt.Errorf("%w: %w", inbound.ErrRejected, err)
	}
	return nil
}

// randomKey is the in-memory server's own key, known only to this process.
func randomKey() string {
	b := make([]byte, 32)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// basicAuth asks for password (any user name): the web inbox's guard when
// other machines can reach it.
func basicAuth(password string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		_, got, ok := r.BasicAuth()
		if !ok || subtle.ConstantTimeCompare([]byte(got), []byte(password)) != 1 {
			w.Header().Set("WWW-Authenticate", `Basic realm="sendook-local: the API key is the password"`)
			http.Error(w, "The API key is the password.", http.StatusUnauthorized)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// dialAddr returns the address a client on this machine dials for a
// listener's address: one on every interface is reached on loopback.
func dialAddr(a net.Addr) string {
	tcp, ok := a.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return a.String()
	}
	return net.JoinHostPort("127.0.0.1", strconv.Itoa(tcp.Port))
}
