package sendooktest_test

import (
	"strings"

	"github.com/sendook/sendook-go/sendooktest"
)

// fidelityServerOptions configures the server the recording is replayed
// against as the real server was: its send limiter is on.
func fidelityServerOptions() []sendooktest.ServerOption {
	return []sendooktest.ServerOption{sendooktest.WithSendRateLimit(100)}
}

// prepareFidelityServer makes the server like the real one the recording
// was made with: its first API key has the seeded key's name, and sends
// fail for want of a payment provider (see the package documentation for
// what sends do otherwise).
func prepareFidelityServer(srv *sendooktest.Server) {
	sendooktest.RenameFirstAPIKey(srv, "real-sendook")
	sendooktest.FailSendsWithoutPayments(srv)
}

// deliberateDifferences are the exchanges where the server differs from
// the real one on purpose, by the start of their name, with the reason.
// The package documentation lists the same.
var deliberateDifferences = []struct{ prefix, reason string }{
	{"bad escape in an id", "Go's HTTP server refuses a malformed escape in the request line with a plain-text 400 before any handler runs"},
	{"dns needs SES", "the dns route lists the records a domain needs, DKIM included, where the real server asks SES and fails without it"},
	{"verify needs SES", "the verify route reports the domain, verified once Server.VerifyDomain says so, where the real server asks DNS and SES"},
}

// deliberateReason reports why ex may differ from the recording.
func deliberateReason(ex *exchange) (string, bool) {
	for _, d := range deliberateDifferences {
		if strings.HasPrefix(ex.Name, d.prefix) {
			return d.reason, true
		}
	}
	return "", false
}
