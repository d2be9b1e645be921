package sendook_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jarcoal/httpmock"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// testAPIKey is the key every test client sends.
const testAPIKey = "sk_test_0123456789abcdef"

// testBaseURL is mounted under a path prefix, so that a method building an
// absolute path instead of one under the base URL fails at once.
const testBaseURL = "https://api.sendook.test/prefix"

// mockClient returns a client whose every attempt goes to an httpmock
// transport, and that transport, so tests can register responders.
func mockClient(t *testing.T, opts ...sendook.Option) (*sendook.Client, *httpmock.MockTransport) {
	t.Helper()
	hc := &http.Client{}
	httpmock.ActivateNonDefault(hc)
	t.Cleanup(func() { httpmock.DeactivateAndReset() })
	mock := hc.Transport.(*httpmock.MockTransport)
	base := []sendook.Option{
		sendook.WithBaseURL(testBaseURL),
		sendook.WithHTTPClient(hc),
		sendook.WithRetryWait(time.Millisecond, 5*time.Millisecond),
	}
	return sendook.NewClient(testAPIKey, append(base, opts...)...), mock
}

// dialect names one of the two wire formats the API speaks.
type dialect struct {
	name string
	// body turns a response written in the real server's format into this
	// dialect's.
	body func(real string) string
	// status is the success status of a create or a send in this dialect.
	createStatus, sendStatus int
}

var dialects = []dialect{
	{name: "real", body: func(s string) string { return s }, createStatus: 200, sendStatus: 200},
	{name: "documented", body: toDocumented, createStatus: 201, sendStatus: 202},
}

var (
	mongoIDKey = regexp.MustCompile(`"_id"\s*:`)
	versionKey = regexp.MustCompile(`,?\s*"__v"\s*:\s*0`)
	millis     = regexp.MustCompile(`(T\d\d:\d\d:\d\d)\.000Z`)
)

// toDocumented rewrites a body in the real server's format into the
// documented one: "id" for "_id", no "__v", timestamps without
// milliseconds, and collections wrapped in {"data": [...]}.
func toDocumented(real string) string {
	s := mongoIDKey.ReplaceAllString(real, `"id":`)
	s = versionKey.ReplaceAllString(s, "")
	s = strings.ReplaceAll(s, "{,", "{")
	s = millis.ReplaceAllString(s, "${1}Z")
	if strings.HasPrefix(strings.TrimSpace(s), "[") {
		s = `{"data":` + s + `}`
	}
	return s
}

// endpointCase describes one API method: what it must send and what it must
// make of the answer, in either dialect.
type endpointCase struct {
	name string
	call func(ctx context.Context, c *sendook.Client) (any, error)
	// method and path are what must be sent; path is escaped and relative
	// to the base URL's prefix.
	method, path string
	// query is the raw query that must be sent, if any.
	query string
	// body is the JSON that must be sent; empty for no body.
	body string
	// response is the answer in the real server's format.
	response string
	// status is the documented dialect's success status (the real server
	// always answers 200).
	status int
	// want is what the method must return, the same in both dialects.
	want any
	// idempotent says whether the request must carry an Idempotency-Key.
	idempotent bool
}

// runEndpointCases checks each case against a mock server in both dialects.
func runEndpointCases(t *testing.T, cases []endpointCase) {
	t.Helper()
	for _, d := range dialects {
		for _, tc := range cases {
			t.Run(d.name+"/"+tc.name, func(t *testing.T) {
				client, mock := mockClient(t)
				var calls atomic.Int32
				mock.RegisterRegexpResponder(tc.method, regexp.MustCompile(`.*`), func(req *http.Request) (*http.Response, error) {
					calls.Add(1)
					assert.Equal(t, "/prefix"+tc.path, req.URL.EscapedPath(), "path")
					assert.Equal(t, tc.query, req.URL.RawQuery, "query")
					assert.Equal(t, "Bearer "+testAPIKey, req.Header.Get("Authorization"))
					assert.Equal(t, "application/json", req.Header.Get("Accept"))
					assert.Regexp(t, `^sendook-go/\S+ \(go\S+; \S+/\S+\)$`, req.Header.Get("User-Agent"))
					assert.Equal(t, tc.idempotent, req.Header.Get("Idempotency-Key") != "", "Idempotency-Key")
					var sent []byte
					if req.Body != nil {
						var err error
						sent, err = io.ReadAll(req.Body)
						require.NoError(t, err)
					}
					if tc.body == "" {
						assert.Empty(t, sent, "request body")
						assert.Empty(t, req.Header.Get("Content-Type"))
					} else {
						assert.JSONEq(t, tc.body, string(sent), "request body")
						assert.Equal(t, "application/json", req.Header.Get("Content-Type"))
					}
					status := 200
					if d.name == "documented" && tc.status != 0 {
						status = tc.status
					}
					resp := httpmock.NewStringResponse(status, d.body(tc.response))
					resp.Header.Set("Content-Type", "application/json; charset=utf-8")
					return resp, nil
				})
				got, err := tc.call(context.Background(), client)
				require.NoError(t, err)
				assert.Equal(t, tc.want, got)
				assert.EqualValues(t, 1, calls.Load(), "requests sent")
			})
		}
	}
}

// validationCase is a call that must be refused before anything is sent.
type validationCase struct {
	name  string
	call  func(ctx context.Context, c *sendook.Client) error
	field string
}

func runValidationCases(t *testing.T, cases []validationCase) {
	t.Helper()
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			client, mock := mockClient(t)
			err := tc.call(context.Background(), client)
			var verr *sendook.ValidationError
			require.ErrorAs(t, err, &verr)
			assert.Equal(t, tc.field, verr.Field)
			assert.ErrorIs(t, err, sendook.ErrInvalidRequest)
			assert.Contains(t, err.Error(), tc.field)
			assert.Zero(t, mock.GetTotalCallCount(), "a request was sent")
		})
	}
}

// ts parses an RFC 3339 time for expected values.
func ts(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

// mustJSON compacts a JSON literal for comparison with json.RawMessage.
func mustJSON(s string) json.RawMessage {
	var v any
	if err := json.Unmarshal([]byte(s), &v); err != nil {
		panic(err)
	}
	return json.RawMessage(s)
}
