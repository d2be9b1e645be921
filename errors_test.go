package sendook_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// Every failure shape of the API, as the real server and the documentation
// send them, becomes an *APIError with what the body and headers carry.
func TestAPIErrorShapes(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		header   http.Header
		body     string
		sentinel error
		want     sendook.APIError // compared field by field, Body and Method/Path aside
	}{
		{
			name: "documented", status: 404,
			body:     `{"message":"Inbox not found","code":"inbox_not_found","details":{"requestId":"req_abc123"}}`,
			sentinel: sendook.ErrNotFound,
			want: sendook.APIError{StatusCode: 404, Message: "Inbox not found", Code: "inbox_not_found",
				Details: map[string]any{"requestId": "req_abc123"}, RequestID: "req_abc123"},
		},
		{
			name: "real not found", status: 404, header: jsonHeader(), body: `{"error":"Inbox not found"}`,
			sentinel: sendook.ErrNotFound, want: sendook.APIError{StatusCode: 404, Message: "Inbox not found"},
		},
		{
			name: "real unauthorized: text body without content type", status: 401,
			header:   http.Header{"Www-Authenticate": {`Bearer realm="Users"`}},
			body:     "Unauthorized",
			sentinel: sendook.ErrUnauthorized, want: sendook.APIError{StatusCode: 401, Message: "Unauthorized"},
		},
		{
			name: "forbidden", status: 403, body: "",
			sentinel: sendook.ErrUnauthorized, want: sendook.APIError{StatusCode: 403, Message: "Forbidden"},
		},
		{
			name: "empty bearer key", status: 400, body: "Bad Request",
			sentinel: sendook.ErrInvalidRequest, want: sendook.APIError{StatusCode: 400, Message: "Bad Request"},
		},
		{
			name: "unknown route: Express html page", status: 404, header: htmlHeader(),
			body:     "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Cannot GET /v1/nope</pre>\n</body>\n</html>\n",
			sentinel: sendook.ErrNotFound, want: sendook.APIError{StatusCode: 404, Message: "Cannot GET /v1/nope"},
		},
		{
			name: "validation", status: 400, header: jsonHeader(),
			body:     `{"errors":[{"type":"field","value":"not-an-email","msg":"Invalid value","path":"email","location":"body"}]}`,
			sentinel: sendook.ErrInvalidRequest,
			want: sendook.APIError{StatusCode: 400, Message: "email: Invalid value",
				Fields: []sendook.FieldError{{Field: "email", Message: "Invalid value", Location: "body", Value: "not-an-email"}}},
		},
		{
			name: "validation, several fields", status: 422, header: jsonHeader(),
			body:     `{"errors":[{"msg":"Invalid value","path":"url"},{"msg":"Invalid value","path":"events","value":[]}]}`,
			sentinel: sendook.ErrInvalidRequest,
			want: sendook.APIError{StatusCode: 422, Message: "url: Invalid value; events: Invalid value",
				Fields: []sendook.FieldError{{Field: "url", Message: "Invalid value"}, {Field: "events", Message: "Invalid value", Value: []any{}}}},
		},
		{
			name: "other client error", status: 400, header: jsonHeader(), body: `{"error":"Inbox with this email already exists"}`,
			sentinel: sendook.ErrInvalidRequest, want: sendook.APIError{StatusCode: 400, Message: "Inbox with this email already exists"},
		},
		{
			name: "hourly rate limit", status: 429,
			header: http.Header{"Retry-After": {"1800"}, "Ratelimit": {"limit=100, remaining=0, reset=1800"}, "Ratelimit-Policy": {"100;w=3600"}},
			body:   "Too many requests, please try again later.", sentinel: sendook.ErrRateLimited,
			want: sendook.APIError{StatusCode: 429, Message: "Too many requests, please try again later.", RetryAfter: 30 * time.Minute},
		},
		{
			name: "rate limit with only a RateLimit header", status: 429,
			header: http.Header{"Ratelimit": {"limit=100, remaining=0, reset=42"}}, body: "Too many requests, please try again later.",
			sentinel: sendook.ErrRateLimited,
			want:     sendook.APIError{StatusCode: 429, Message: "Too many requests, please try again later.", RetryAfter: 42 * time.Second},
		},
		{
			name: "daily message limit", status: 429, header: jsonHeader(), body: `{"error":"Message limit reached"}`,
			sentinel: sendook.ErrRateLimited, want: sendook.APIError{StatusCode: 429, Message: "Message limit reached"},
		},
		{
			name: "usage limit", status: 429, header: jsonHeader(),
			body:     `{"errors":[{"msg":"Usage limit reached. Add a payment method to continue."}]}`,
			sentinel: sendook.ErrRateLimited,
			want: sendook.APIError{StatusCode: 429, Message: "Usage limit reached. Add a payment method to continue.",
				Fields: []sendook.FieldError{{Message: "Usage limit reached. Add a payment method to continue."}}},
		},
		{
			name: "Express html 500", status: 500, header: htmlHeader(),
			body:     "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>Error</title>\n</head>\n<body>\n<pre>Internal Server Error</pre>\n</body>\n</html>\n",
			sentinel: sendook.ErrServer, want: sendook.APIError{StatusCode: 500, Message: "Internal Server Error"},
		},
		{
			name: "html page without a pre", status: 502, header: htmlHeader(), body: "<html><body><h1>502 Bad Gateway</h1></body></html>",
			sentinel: sendook.ErrServer, want: sendook.APIError{StatusCode: 502, Message: "Bad Gateway"},
		},
		{
			name: "empty body", status: 503, body: "",
			sentinel: sendook.ErrServer, want: sendook.APIError{StatusCode: 503, Message: "Service Unavailable"},
		},
		{
			name: "long text body", status: 500, body: strings.Repeat("stack trace line\n", 100),
			sentinel: sendook.ErrServer, want: sendook.APIError{StatusCode: 500, Message: "Internal Server Error"},
		},
		{
			name: "JSON object without a message", status: 400, header: jsonHeader(), body: `{"ok":false}`,
			sentinel: sendook.ErrInvalidRequest, want: sendook.APIError{StatusCode: 400, Message: "Bad Request"},
		},
		{
			name: "nested error object", status: 400, header: jsonHeader(), body: `{"error":{"message":"bad thing","code":"bad_thing"}}`,
			sentinel: sendook.ErrInvalidRequest, want: sendook.APIError{StatusCode: 400, Message: "bad thing", Code: "bad_thing"},
		},
		{
			name: "numeric code and request id header", status: 400,
			header:   http.Header{"Content-Type": {"application/json"}, "X-Request-Id": {"req_hdr"}},
			body:     `{"message":"Nope","code":4001}`,
			sentinel: sendook.ErrInvalidRequest, want: sendook.APIError{StatusCode: 400, Message: "Nope", Code: "4001", RequestID: "req_hdr"},
		},
		{
			name: "details that are not an object cost only the details", status: 404, header: jsonHeader(),
			body:     `{"message":"Inbox not found","code":"not_found","details":["inboxId"]}`,
			sentinel: sendook.ErrNotFound, want: sendook.APIError{StatusCode: 404, Message: "Inbox not found", Code: "not_found"},
		},
		{
			name: "errors that are not a list cost only the errors", status: 400, header: jsonHeader(),
			body:     `{"error":"Inbox with this email already exists","errors":"none"}`,
			sentinel: sendook.ErrInvalidRequest, want: sendook.APIError{StatusCode: 400, Message: "Inbox with this email already exists"},
		},
		{
			name: "message that is an object gives its own message", status: 400, header: jsonHeader(),
			body:     `{"message":{"message":"bad thing"},"code":"bad_thing","details":{"requestId":"req_9"}}`,
			sentinel: sendook.ErrInvalidRequest,
			want: sendook.APIError{StatusCode: 400, Message: "bad thing", Code: "bad_thing",
				Details: map[string]any{"requestId": "req_9"}, RequestID: "req_9"},
		},
		{
			name: "message of no use leaves the error text", status: 400, header: jsonHeader(),
			body:     `{"message":[1,2],"error":"Invalid domain name","code":{"x":1}}`,
			sentinel: sendook.ErrInvalidRequest, want: sendook.APIError{StatusCode: 400, Message: "Invalid domain name"},
		},
		{
			name: "validation item of odd types keeps what it can", status: 400, header: jsonHeader(),
			body:     `{"errors":[{"msg":42,"path":["email"],"location":"body","value":null},"Name is required",7]}`,
			sentinel: sendook.ErrInvalidRequest,
			want: sendook.APIError{StatusCode: 400, Message: "42; Name is required; 7",
				Fields: []sendook.FieldError{{Message: "42", Location: "body"}, {Message: "Name is required"}, {Message: "7"}}},
		},
		{
			name: "real hourly rate limit: text labelled text/html", status: 429,
			header: http.Header{"Content-Type": {"text/html; charset=utf-8"}, "Retry-After": {"1800"},
				"Ratelimit": {"limit=100, remaining=0, reset=1800"}, "Ratelimit-Policy": {"100;w=3600"}},
			body: "Too many requests, please try again later.", sentinel: sendook.ErrRateLimited,
			want: sendook.APIError{StatusCode: 429, Message: "Too many requests, please try again later.", RetryAfter: 30 * time.Minute},
		},
		{
			name: "RateLimit reset while requests remain is no hint", status: 429,
			header: http.Header{"Ratelimit": {"limit=100, remaining=3, reset=42"}}, body: "Slow down",
			sentinel: sendook.ErrRateLimited, want: sendook.APIError{StatusCode: 429, Message: "Slow down"},
		},
		{
			name: "RateLimit without remaining is no hint", status: 429,
			header: http.Header{"Ratelimit": {"limit=100, reset=42"}}, body: "Slow down",
			sentinel: sendook.ErrRateLimited, want: sendook.APIError{StatusCode: 429, Message: "Slow down"},
		},
		{
			name: "body too large", status: 413, header: htmlHeader(),
			body:     "<!DOCTYPE html><html><body><pre>PayloadTooLargeError: request entity too large</pre></body></html>",
			sentinel: sendook.ErrInvalidRequest, want: sendook.APIError{StatusCode: 413, Message: "PayloadTooLargeError: request entity too large"},
		},
		{
			name: "unknown status", status: 599, body: "",
			sentinel: sendook.ErrServer, want: sendook.APIError{StatusCode: 599, Message: "HTTP status 599"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			client, mock := mockClient(t, sendook.WithMaxRetries(0))
			mock.RegisterResponder("GET", testBaseURL+"/v1/inboxes/"+inboxID, func(*http.Request) (*http.Response, error) {
				resp := httpmock.NewStringResponse(tc.status, tc.body)
				for k, v := range tc.header {
					resp.Header[k] = v
				}
				return resp, nil
			})
			_, err := client.Inboxes.Get(context.Background(), inboxID)
			require.Error(t, err)
			assert.ErrorIs(t, err, tc.sentinel)
			for _, other := range []error{sendook.ErrNotFound, sendook.ErrUnauthorized, sendook.ErrRateLimited, sendook.ErrInvalidRequest, sendook.ErrServer} {
				if other != tc.sentinel {
					assert.NotErrorIs(t, err, other)
				}
			}
			var apiErr *sendook.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.Equal(t, tc.want.StatusCode, apiErr.StatusCode)
			assert.Equal(t, tc.want.Message, apiErr.Message)
			assert.Equal(t, tc.want.Code, apiErr.Code)
			assert.Equal(t, tc.want.Details, apiErr.Details)
			assert.Equal(t, tc.want.Fields, apiErr.Fields)
			assert.Equal(t, tc.want.RequestID, apiErr.RequestID)
			assert.Equal(t, tc.want.RetryAfter, apiErr.RetryAfter)
			assert.Equal(t, tc.body, string(apiErr.Body))
			assert.Equal(t, "GET", apiErr.Method)
			assert.Equal(t, "/v1/inboxes/"+inboxID, apiErr.Path)
			assert.Contains(t, err.Error(), tc.want.Message)
		})
	}
}

func TestAPIErrorMessage(t *testing.T) {
	err := &sendook.APIError{StatusCode: 404, Message: "Inbox not found", Code: "not_found", RequestID: "req_1", Method: "GET", Path: "/v1/inboxes/x"}
	assert.Equal(t, "sendook: GET /v1/inboxes/x: 404 Not Found: Inbox not found (code not_found) [request req_1]", err.Error())
	err = &sendook.APIError{StatusCode: 500, Message: "Internal Server Error"}
	assert.Equal(t, "sendook: 500: Internal Server Error", err.Error())
}

func TestAPIErrorBodyIsBounded(t *testing.T) {
	client, mock := mockClient(t, sendook.WithMaxRetries(0))
	mock.RegisterResponder("GET", testBaseURL+"/v1/inboxes", httpmock.NewStringResponder(400, strings.Repeat("x", 1<<20)))
	_, err := client.Inboxes.List(context.Background())
	var apiErr *sendook.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Len(t, apiErr.Body, 8<<10)
	assert.Equal(t, "Bad Request", apiErr.Message)
}

// A server that echoes the request, Authorization header included, must not
// make the key part of any field of the error, however the echo is escaped.
func TestAPIErrorNeverContainsTheKey(t *testing.T) {
	tests := []struct {
		name, key string
		body      func(key string) string
	}{
		{"as sent", testAPIKey, func(key string) string {
			return `{"error":"bad header Bearer ` + key + `","details":{"auth":"` + key + `"}}`
		}},
		{"JSON-escaped in every field", testAPIKey, func(key string) string {
			esc := `\u0073` + key[1:] // "s" spelled as an escape
			return `{"message":"` + esc + `","code":"` + esc + `","details":{"requestId":"` + esc + `","nested":[{"` + esc + `":"` + esc + `"}]},` +
				`"errors":[{"msg":"` + esc + `","path":"` + esc + `","location":"` + esc + `","value":{"auth":["Bearer ` + esc + `"]}}]}`
		}},
		{"HTML entities in an error page", testAPIKey, func(key string) string {
			return "<html><body><pre>Bad key &#115;" + key[1:] + "</pre></body></html>"
		}},
		{"a key JSON escapes", `sk/te<st>&"x`, func(key string) string {
			quoted, _ := json.Marshal(key) // escapes <, > and & too
			slashed := strings.ReplaceAll(string(quoted), "/", `\/`)
			return `{"error":"bad key","details":{"a":` + string(quoted) + `,"b":` + slashed + `}}`
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			hc := &http.Client{Transport: httpmock.NewMockTransport()}
			mock := hc.Transport.(*httpmock.MockTransport)
			client := sendook.NewClient(tc.key, sendook.WithBaseURL(testBaseURL), sendook.WithHTTPClient(hc), sendook.WithMaxRetries(0))
			mock.RegisterResponder("GET", testBaseURL+"/v1/inboxes", httpmock.NewStringResponder(400, tc.body(tc.key)))
			_, err := client.Inboxes.List(context.Background())
			var apiErr *sendook.APIError
			require.ErrorAs(t, err, &apiErr)
			assert.NotContains(t, err.Error(), tc.key)
			assert.NotContains(t, fmt.Sprintf("%#v", apiErr), tc.key, "some field of the error still holds the key")
			assert.NotContains(t, fmt.Sprint(apiErr.Details, apiErr.Fields), tc.key)
			for _, form := range []string{tc.key, strings.Trim(mustMarshal(t, tc.key), `"`)} {
				assert.NotContains(t, string(apiErr.Body), form)
			}
			assert.Contains(t, fmt.Sprintf("%#v", apiErr)+string(apiErr.Body), "[REDACTED]")
		})
	}
}

// The key is hidden where it stands as a whole token, and only there, so
// that a short test key cannot mangle ordinary text.
func TestAPIErrorRedactionLeavesOrdinaryText(t *testing.T) {
	hc := &http.Client{Transport: httpmock.NewMockTransport()}
	mock := hc.Transport.(*httpmock.MockTransport)
	client := sendook.NewClient("o", sendook.WithBaseURL(testBaseURL), sendook.WithHTTPClient(hc), sendook.WithMaxRetries(0))
	mock.RegisterResponder("GET", testBaseURL+"/v1/inboxes/"+inboxID, httpmock.NewStringResponder(404,
		`{"error":"Not Found: no inbox for key o","details":{"hint":"Bearer o","word":"octopus"}}`))
	_, err := client.Inboxes.Get(context.Background(), inboxID)
	var apiErr *sendook.APIError
	require.ErrorAs(t, err, &apiErr)
	assert.Equal(t, "Not Found: no inbox for key [REDACTED]", apiErr.Message)
	assert.Equal(t, map[string]any{"hint": "Bearer [REDACTED]", "word": "octopus"}, apiErr.Details)
	assert.Contains(t, err.Error(), "404 Not Found")
}

func mustMarshal(t *testing.T, v any) string {
	t.Helper()
	data, err := json.Marshal(v)
	require.NoError(t, err)
	return string(data)
}

func TestValidationErrorMatchesInvalidRequest(t *testing.T) {
	err := error(&sendook.ValidationError{Field: "To", Reason: "needs at least one recipient"})
	assert.True(t, errors.Is(err, sendook.ErrInvalidRequest))
	assert.False(t, errors.Is(err, sendook.ErrNotFound))
	assert.Equal(t, "sendook: To needs at least one recipient", err.Error())
}

func jsonHeader() http.Header {
	return http.Header{"Content-Type": {"application/json; charset=utf-8"}}
}
func htmlHeader() http.Header { return http.Header{"Content-Type": {"text/html; charset=utf-8"}} }
