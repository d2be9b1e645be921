package sendook

import (
	"net/http"
	"time"
)

// RequestOption changes one call: pass it last to any method.
//
//	var info sendook.ResponseInfo
//	msg, err := client.Messages.Send(ctx, inbox, params, sendook.WithResponseInfo(&info))
type RequestOption func(*requestOptions)

// requestOptions are the per-call settings that RequestOptions set.
type requestOptions struct {
	header http.Header
	info   *ResponseInfo
}

// WithHeader adds a header to this call's request.
func WithHeader(key, value string) RequestOption {
	return func(o *requestOptions) {
		if o.header == nil {
			o.header = make(http.Header)
		}
		o.header.Add(key, value)
	}
}

// WithResponseInfo makes the call fill info when it returns, on success and
// on API errors alike.
func WithResponseInfo(info *ResponseInfo) RequestOption {
	return func(o *requestOptions) { o.info = info }
}

// ResponseInfo describes the HTTP response a call ended with.
type ResponseInfo struct {
	// StatusCode is the last response's HTTP status.
	StatusCode int
	// Header holds the last response's headers.
	Header http.Header
	// RequestID is the server's id for the request, when it gave one.
	RequestID string
	// RateLimit is the rate limit the response reported, from the RateLimit
	// and RateLimit-Policy headers; nil when it had none.
	RateLimit *RateLimit
	// Attempts is 1 plus the number of retries made.
	Attempts int
}

// RateLimit is a server's rate limit as a response reports it.
type RateLimit struct {
	// Limit is how many requests the window allows.
	Limit int
	// Remaining is how many are left in this window.
	Remaining int
	// Reset is the time until the window resets.
	Reset time.Duration
}
