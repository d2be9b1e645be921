package sendook

import (
	"crypto/tls"
	"crypto/x509"
	"time"
)

// SetTLSRootCAs makes the client's own transport trust pool, for TLS test
// servers.
func SetTLSRootCAs(c *Client, pool *x509.CertPool) {
	c.transport.TLSClientConfig = &tls.Config{RootCAs: pool}
}

// WithStallTimeout sets how long a response body may make no progress
// (defaultStallTimeout otherwise), so that tests need not wait 30 seconds.
func WithStallTimeout(d time.Duration) Option {
	return func(c *Client) { c.stallTimeout = d }
}
