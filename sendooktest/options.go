package sendooktest

// serverConfig is what the options of [NewServer] set.
type serverConfig struct {
	apiKey        string
	dialect       Dialect
	webhookSecret string
	sendLimit     int
	logf          func(format string, args ...any)
}

// ServerOption configures a [Server] made by [NewServer] or [NewServerAt].
type ServerOption func(*serverConfig)

// WithAPIKey makes the server accept key, which then is [Server.APIKey].
// Without it, or with an empty key, the server makes up a random one.
func WithAPIKey(key string) ServerOption {
	return func(c *serverConfig) { c.apiKey = key }
}

// WithDialect chooses the wire format the server answers in:
// [DialectReal], the default, or [DialectDocumented].
func WithDialect(d Dialect) ServerOption {
	return func(c *serverConfig) { c.dialect = d }
}

// WithWebhookSecret makes the server sign every webhook delivery with an
// HMAC-SHA256 of its body under secret, sent in the X-Sendook-Signature
// header as "sha256=<hex>", as hosted Sendook servers do. Receivers check it
// with sendook.VerifyWebhookSignature. Without it deliveries are unsigned,
// like the open-source server's.
func WithWebhookSecret(secret string) ServerOption {
	return func(c *serverConfig) { c.webhookSecret = secret }
}

// WithSendRateLimit limits sends and replies together to perHour in each
// hour, as the real server's limiter does (it allows 100). Past the limit a
// send or reply is refused with a 429 carrying Retry-After, RateLimit and
// RateLimit-Policy headers, and sends and replies carry the RateLimit
// headers when allowed too. Without it, or with perHour <= 0, there is no
// limit.
func WithSendRateLimit(perHour int) ServerOption {
	return func(c *serverConfig) { c.sendLimit = max(perHour, 0) }
}

// WithLogf sends the server's error log to logf: a handler that panics
// (reported with its stack, and answered with a 500), and what the HTTP
// server reports about connections. Pass t.Logf to see it in a test's
// output. Without it the log goes to the standard logger, as
// httptest.Server's does.
func WithLogf(logf func(format string, args ...any)) ServerOption {
	return func(c *serverConfig) { c.logf = logf }
}
