package sendook

import (
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strings"
	"time"
	"unicode"

	redactpkg "github.com/sendook/sendook-go/internal/redact"
)

// DefaultBaseURL is the address of the hosted Sendook API.
const DefaultBaseURL = "https://api.sendook.com"

// Defaults of the options below, and of the limits the README documents.
const (
	defaultMaxRetries       = 3
	defaultRetryWaitMin     = 500 * time.Millisecond
	defaultRetryWaitMax     = 30 * time.Second
	defaultMaxResponseBytes = 64 << 20
	// defaultResponseHeaderTimeout bounds the wait for a response's headers
	// on the SDK's own transport.
	defaultResponseHeaderTimeout = 2 * time.Minute
	// defaultStallTimeout bounds how long a response body may send nothing
	// before the attempt fails like a broken connection.
	defaultStallTimeout = 30 * time.Second
)

// redactedText stands in for a secret wherever one would be shown.
const redactedText = redactpkg.Text

// Client talks to the Sendook API. Its services, one per resource, hold the
// API's methods:
//
//	inbox, err := client.Inboxes.Create(ctx, nil)
//
// A Client is safe for concurrent use; make one and share it.
type Client struct {
	// APIKeys manages API keys.
	APIKeys *APIKeysService
	// Domains manages custom domains.
	Domains *DomainsService
	// Inboxes manages inboxes.
	Inboxes *InboxesService
	// Messages sends and reads messages.
	Messages *MessagesService
	// Threads reads conversations.
	Threads *ThreadsService
	// Webhooks manages webhook subscriptions.
	Webhooks *WebhooksService

	// apiKey returns the key. A function, unlike a string, shows nothing
	// of the key when fmt or a debugger walks the struct by reflection.
	apiKey func() string
	// authorization returns the Authorization header's value, made once
	// and shared, read-only, by every request.
	authorization func() []string
	rawBase       string // as given to WithBaseURL
	baseURL       string // normalised: scheme://host[/prefix], no trailing slash or /v1
	// origin is the base URL's scheme://host:port, the only place the API
	// key is sent to.
	origin string
	// optionErr is the first option given a value out of range.
	optionErr error
	// configErr is a problem with NewClient's arguments, reported by every
	// call because NewClient itself cannot fail.
	configErr error

	// httpClient is the caller's client (WithHTTPClient), or nil.
	httpClient *http.Client
	// own carries every attempt when httpClient is nil, over transport,
	// which CloseIdleConnections closes.
	own       *http.Client
	transport *http.Transport

	maxRetries       int
	retryWaitMin     time.Duration
	retryWaitMax     time.Duration
	retryWrites      bool
	maxResponseBytes int64
	stallTimeout     time.Duration
	userAgent        string
	// userAgentHeader is userAgent as a header value, made once.
	userAgentHeader []string
	logger          *slog.Logger
}

type service struct{ client *Client }

// Option configures a [Client] made by [NewClient].
//
// An option given a value out of range (a negative retry count, a minimum
// wait over the maximum) does not panic and is not silently corrected: like
// any other configuration error, it is reported by every call as a
// [*ValidationError] naming the option, and nothing is sent.
type Option func(*Client)

// refuse records that an option was given a value out of range; the first
// one is reported.
func (c *Client) refuse(option, reason string) {
	if c.optionErr == nil {
		c.optionErr = invalid(option, reason)
	}
}

// WithBaseURL points the client at another Sendook server, such as a
// self-hosted one ("http://localhost:8006"). A trailing slash, a trailing
// "/v1" and a path prefix ("https://example.com/sendook") are all fine. An
// empty or blank baseURL keeps the default, so that
// WithBaseURL(os.Getenv("SENDOOK_BASE_URL")) just works. A URL without a
// scheme ("localhost:8006"), or one that does not parse, is reported by the
// first call.
func WithBaseURL(baseURL string) Option {
	return func(c *Client) {
		if strings.TrimSpace(baseURL) != "" {
			c.rawBase = baseURL
		}
	}
}

// WithHTTPClient makes the client send every attempt through hc, honouring
// its Transport, Timeout (per attempt), Jar and redirect policy. Retries
// still apply on top of it. The SDK never closes or reconfigures hc; it
// calls it with its own redirect guard in front of hc's CheckRedirect, so
// that the API key stays at its origin (see [WithBaseURL]) whatever hc
// allows. A nil hc keeps the default.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithMaxRetries sets how many times a failed call may be retried, 3 by
// default. 0 disables retries; a negative n is a configuration error (see
// [Option]).
func WithMaxRetries(n int) Option {
	return func(c *Client) {
		if n < 0 {
			c.refuse("WithMaxRetries", fmt.Sprintf("is %d: pass 0 (no retries) or more", n))
			return
		}
		c.maxRetries = n
	}
}

// WithRetryWrites lets sends, replies and creates be retried after a server
// error or a broken connection too. Without it they are retried only when
// the server provably did not act on them, because the Sendook server does
// not deduplicate: a retried send can deliver the same email twice. With it,
// each such call carries an Idempotency-Key header, the same on every
// attempt, for servers that do deduplicate.
func WithRetryWrites() Option {
	return func(c *Client) { c.retryWrites = true }
}

// WithRetryWait sets the bounds of the exponential backoff between retries,
// by default 500ms and 30s. Retry n (from 0) waits a random time, uniformly
// spread, between max(min, c/2) and c, where c = min(max, b·2^(n+1)) and b
// is min, or max/16 when min is 0: with the defaults, 0.5–1s, then 1–2s,
// 2–4s, and so on up to 15–30s. Equal bounds give a fixed wait; 0, 0 none.
//
// A server's hint (Retry-After, or a RateLimit reset, on a 429 or 503)
// replaces the backoff when it is no longer than max and than the time
// left on the call's context; a longer one is not waited for: the call
// fails at once with the server's answer, its hint in [APIError.RetryAfter].
//
// A negative wait, or min over max, is a configuration error (see
// [Option]).
func WithRetryWait(min, max time.Duration) Option {
	return func(c *Client) {
		switch {
		case min < 0 || max < 0:
			c.refuse("WithRetryWait", fmt.Sprintf("has a negative wait (min %v, max %v)", min, max))
		case min > max:
			c.refuse("WithRetryWait", fmt.Sprintf("min %v is over max %v", min, max))
		default:
			c.retryWaitMin, c.retryWaitMax = min, max
		}
	}
}

// WithMaxResponseBytes sets the largest response body the client reads,
// 64 MiB by default; n <= 0 keeps the default. A larger body fails the call
// with an error matching [ErrResponseTooLarge], without reading it all. A
// listing of messages carries their attachments, so an inbox with a few
// large ones may need more.
func WithMaxResponseBytes(n int64) Option {
	return func(c *Client) {
		if n > 0 {
			c.maxResponseBytes = n
		}
	}
}

// WithUserAgent puts ua in front of the SDK's own User-Agent, to identify
// the application.
func WithUserAgent(ua string) Option {
	return func(c *Client) { c.userAgent = strings.TrimSpace(ua + " " + c.userAgent) }
}

// WithLogger makes the client log each request, response and retry to l at
// debug level. The client logs nothing without it. The API key is never
// logged.
func WithLogger(l *slog.Logger) Option {
	return func(c *Client) { c.logger = l }
}

// NewClient returns a client that authenticates with apiKey. It does no I/O
// and never fails: a bad key or option is reported by the first call
// instead, as a [*ValidationError].
//
// Whitespace around apiKey (a key read from a file with its newline) is
// trimmed. A key that is empty, still holds a control character, or starts
// with "Bearer " (the client adds that itself) is refused.
func NewClient(apiKey string, opts ...Option) *Client {
	return newClient(apiKey, "pass a Sendook API key to NewClient", opts)
}

// NewClientFromEnv returns a client configured from the environment: the
// API key from SENDOOK_API_KEY and, when it is set and not empty, the base
// URL from SENDOOK_BASE_URL. opts are applied after, so they win. An unset
// SENDOOK_API_KEY is reported by the first call, like any bad key (see
// [NewClient]).
func NewClientFromEnv(opts ...Option) *Client {
	return newClient(os.Getenv("SENDOOK_API_KEY"), "set SENDOOK_API_KEY",
		append([]Option{WithBaseURL(os.Getenv("SENDOOK_BASE_URL"))}, opts...))
}

// newClient is NewClient; emptyKeyHint says where a key should have come
// from.
func newClient(apiKey, emptyKeyHint string, opts []Option) *Client {
	apiKey = strings.TrimSpace(apiKey)
	authorization := []string{"Bearer " + apiKey}
	c := &Client{
		apiKey:           func() string { return apiKey },
		authorization:    func() []string { return authorization },
		rawBase:          DefaultBaseURL,
		maxRetries:       defaultMaxRetries,
		retryWaitMin:     defaultRetryWaitMin,
		retryWaitMax:     defaultRetryWaitMax,
		maxResponseBytes: defaultMaxResponseBytes,
		stallTimeout:     defaultStallTimeout,
		userAgent:        fmt.Sprintf("sendook-go/%s (%s; %s/%s)", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH),
	}
	for _, opt := range opts {
		if opt != nil {
			opt(c)
		}
	}
	var baseErr error
	c.baseURL, c.origin, baseErr = parseBaseURL(c.rawBase)
	c.configErr = firstError(c.optionErr, baseErr, checkAPIKey(apiKey, emptyKeyHint))
	c.userAgentHeader = []string{c.userAgent}
	if c.httpClient == nil {
		c.transport = newTransport()
		c.own = &http.Client{Transport: c.transport, CheckRedirect: c.checkRedirect}
	}

	c.APIKeys = &APIKeysService{client: c}
	c.Domains = &DomainsService{client: c}
	c.Inboxes = &InboxesService{client: c}
	c.Messages = &MessagesService{client: c}
	c.Threads = &ThreadsService{client: c}
	c.Webhooks = &WebhooksService{client: c}
	return c
}

func firstError(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// checkAPIKey refuses a key that cannot be what the caller meant. The key
// itself is never quoted.
func checkAPIKey(key, emptyHint string) error {
	if key == "" {
		return invalid("apiKey", "is empty: "+emptyHint)
	}
	if len(key) > len("bearer ") && strings.EqualFold(key[:len("bearer")], "bearer") && (key[6] == ' ' || key[6] == '\t') {
		return invalid("apiKey", `starts with "Bearer ": pass the key alone; the client adds "Bearer " itself`)
	}
	for i, r := range key {
		if unicode.IsControl(r) {
			return invalid("apiKey", fmt.Sprintf("contains a control character (%U at byte %d): remove it; a key read from a file or a terminal may carry one", r, i))
		}
	}
	return nil
}

// parseBaseURL normalises raw to scheme://host[/prefix], without a trailing
// slash or /v1, and returns it with its origin, scheme://host:port.
func parseBaseURL(raw string) (base, origin string, err error) {
	raw = strings.TrimSpace(raw)
	if !strings.Contains(raw, "://") {
		// "localhost:8006" parses as the scheme "localhost", and
		// "127.0.0.1:8006" not at all: both lack the same thing.
		if u, err := url.Parse("http://" + raw); err == nil && u.Host != "" {
			shown := strings.TrimPrefix(u.Redacted(), "http://")
			return "", "", invalid("baseURL", fmt.Sprintf("%q has no scheme: write %q (or https:// for TLS)", shown, "http://"+shown))
		}
		return "", "", invalid("baseURL", "has no scheme: start it with http:// or https://")
	}
	u, err := url.Parse(raw)
	if err != nil {
		// Not quoted: an unparsable URL may still hold a password.
		return "", "", invalid("baseURL", fmt.Sprintf("does not parse: %v", errors.Unwrap(err)))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", "", invalid("baseURL", fmt.Sprintf("%q is not an http or https URL", u.Redacted()))
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", "", invalid("baseURL", fmt.Sprintf("%q may not have credentials, a query or a fragment", u.Redacted()))
	}
	path := strings.TrimRight(u.EscapedPath(), "/")
	path = strings.TrimRight(strings.TrimSuffix(path, "/v1"), "/")
	return u.Scheme + "://" + u.Host + path, originOf(u), nil
}

// originOf returns u's scheme://host:port, lower-cased, with the scheme's
// default port when u has none.
func originOf(u *url.URL) string {
	scheme := strings.ToLower(u.Scheme)
	port := u.Port()
	if port == "" {
		port = map[string]string{"http": "80", "https": "443"}[scheme]
	}
	return scheme + "://" + net.JoinHostPort(strings.ToLower(u.Hostname()), port)
}

// BaseURL returns the address the client sends requests to, normalised:
// without a trailing slash or "/v1" (the client adds "/v1" to every path).
// It is empty when the one given to [WithBaseURL] is not valid.
func (c *Client) BaseURL() string { return c.baseURL }

// CloseIdleConnections closes the connections the client keeps open for
// reuse, for a program that is done with it (a long-lived program never
// needs to). A client made with [WithHTTPClient] leaves the caller's
// connections alone: close them through that client.
func (c *Client) CloseIdleConnections() {
	if c.transport != nil {
		c.transport.CloseIdleConnections()
	}
}

// apiPath joins segments under /v1, escaping each one so that an ID cannot
// change the route: "a/b" stays one segment, and so do "." and "..".
func apiPath(segments ...string) string {
	n := len("/v1")
	for _, s := range segments {
		n += 1 + len(s)
	}
	var b strings.Builder
	b.Grow(n) // once, unless a segment needs escaping
	b.WriteString("/v1")
	for _, s := range segments {
		b.WriteByte('/')
		switch s {
		case ".":
			b.WriteString("%2E")
		case "..":
			b.WriteString("%2E%2E")
		default:
			b.WriteString(url.PathEscape(s))
		}
	}
	return b.String()
}
