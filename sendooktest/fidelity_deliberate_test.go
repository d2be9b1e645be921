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

// prepareFidelityServer gives the server's first API key the name the
// real server's seeded key has.
func prepareFidelityServer(srv *sendooktest.Server) {
	sendooktest.RenameFirstAPIKey(srv, "real-sendook")
}

// deliberateDifferences are the exchanges where the server differs from
// the real one on purpose, by the start of their name, with the reason.
// The package documentation lists the same.
var deliberateDifferences = []struct{ prefix, reason string }{}

// deliberateReason reports why ex may differ from the recording.
func deliberateReason(ex *exchange) (string, bool) {
	for _, d := range deliberateDifferences {
		if strings.HasPrefix(ex.Name, d.prefix) {
			return d.reason, true
		}
	}
	return "", false
}
