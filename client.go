package sendook

import (
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/url"
	"runtime"
	"strings"
	"time"

	"github.com/hashicorp/go-retryablehttp"
)

// DefaultBaseURL is the address of the hosted Sendook API.
const DefaultBaseURL = "https://api.sendook.com"

// Defaults of the options below.
const (
	defaultMaxRetries   = 3
	defaultRetryWaitMin = 500 * time.Millisecond
	defaultRetryWaitMax = 30 * time.Second
)

// redactedText stands in for a secret wherever one would be shown.
const redactedText = "[REDACTED]"

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
	rawBase       string
	baseURL       string // scheme://host[/prefix], no trailing slash
	// configErr is a problem with NewClient's arguments, reported by every
	// call because NewClient itself cannot fail.
	configErr error

	httpClient *http.Client
	// transport is the client's own transport; nil when the caller gave
	// an *http.Client, which is theirs to manage.
	transport    *http.Transport
	retry        *retryablehttp.Client
	maxRetries   int
	retryWaitMin time.Duration
	retryWaitMax time.Duration
	retryWrites  bool
	userAgent    string
	// userAgentHeader is userAgent as a header value, made once.
	userAgentHeader []string
	logger          *slog.Logger
}

type service struct{ client *Client }

// Option configures a [Client] made by [NewClient].
type Option func(*Client)

// WithBaseURL points the client at another Sendook server, such as a
// self-hosted one ("http://localhost:8006"). A trailing slash and a path
// prefix ("https://example.com/sendook") are both fine. A URL that does not
// parse is reported by the first call.
func WithBaseURL(baseURL string) Option {
	return func(c *Client) { c.rawBase = baseURL }
}

// WithHTTPClient makes the client send every attempt through hc, honouring
// its Transport, Timeout (per attempt) and redirect policy. Retries still
// apply on top of it. The SDK never closes or reconfigures hc. A nil hc
// keeps the default.
func WithHTTPClient(hc *http.Client) Option {
	return func(c *Client) {
		if hc != nil {
			c.httpClient = hc
		}
	}
}

// WithMaxRetries sets how many times a failed call may be retried, 3 by
// default. 0 disables retries.
func WithMaxRetries(n int) Option {
	return func(c *Client) { c.maxRetries = max(n, 0) }
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
// by default 500ms and 30s. A server's Retry-After longer than max is not
// waited for: the call fails at once with the hint in [APIError.RetryAfter].
func WithRetryWait(min, max time.Duration) Option {
	return func(c *Client) {
		if min < 0 {
			min = 0
		}
		if max < min {
			max = min
		}
		c.retryWaitMin, c.retryWaitMax = min, max
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
// and never fails: an empty key or a bad option is reported by the first
// call instead.
func NewClient(apiKey string, opts ...Option) *Client {
	authorization := []string{"Bearer " + apiKey}
	c := &Client{
		apiKey:        func() string { return apiKey },
		authorization: func() []string { return authorization },
		rawBase:       DefaultBaseURL,
		maxRetries:    defaultMaxRetries,
		retryWaitMin:  defaultRetryWaitMin,
		retryWaitMax:  defaultRetryWaitMax,
		userAgent:     fmt.Sprintf("sendook-go/%s (%s; %s/%s)", Version, runtime.Version(), runtime.GOOS, runtime.GOARCH),
	}
	for _, opt := range opts {
		if opt != nil {
			opt(c)
		}
	}
	c.baseURL, c.configErr = parseBaseURL(c.rawBase)
	if c.configErr == nil && strings.TrimSpace(apiKey) == "" {
		c.configErr = invalid("apiKey", "is empty: pass a Sendook API key to NewClient")
	}
	c.userAgentHeader = []string{c.userAgent}
	c.retry = c.newRetryClient()

	c.APIKeys = &APIKeysService{client: c}
	c.Domains = &DomainsService{client: c}
	c.Inboxes = &InboxesService{client: c}
	c.Messages = &MessagesService{client: c}
	c.Threads = &ThreadsService{client: c}
	c.Webhooks = &WebhooksService{client: c}
	return c
}

func parseBaseURL(raw string) (string, error) {
	u, err := url.Parse(strings.TrimSpace(raw))
	if err != nil {
		// Not quoted: an unparsable URL may still hold a password.
		return "", invalid("baseURL", fmt.Sprintf("does not parse: %v", errors.Unwrap(err)))
	}
	if (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", invalid("baseURL", fmt.Sprintf("%q is not an http or https URL", u.Redacted()))
	}
	if u.User != nil || u.RawQuery != "" || u.Fragment != "" {
		return "", invalid("baseURL", fmt.Sprintf("%q may not have credentials, a query or a fragment", u.Redacted()))
	}
	return strings.TrimRight(u.Scheme+"://"+u.Host+u.EscapedPath(), "/"), nil
}

// BaseURL returns the address the client sends requests to, without a
// trailing slash; empty when the one given to [WithBaseURL] is not valid.
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
	var b strings.Builder
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
