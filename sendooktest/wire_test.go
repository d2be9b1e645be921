package sendooktest_test

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	"github.com/sendook/sendook-go/sendooktest"
)

// wireCase is a raw request and what the server must answer to it.
type wireCase struct {
	name                string
	method, path, body  string
	headers             []string // name/value pairs; an empty value removes the header
	status              int
	contentType         string // "" for none at all
	want                string // the body: compared as JSON when it is JSON
	contains            string // a part of the body, when want is not given
	headerName, headerV string
}

func (c wireCase) check(t *testing.T, h *harness) {
	t.Helper()
	resp := h.raw(t, c.method, c.path, c.body, c.headers...)
	assert.Equal(t, c.status, resp.status, "status; body %s", resp.body)
	if c.contentType == "" {
		assert.NotContains(t, resp.header, "Content-Type")
	} else {
		assert.Equal(t, c.contentType, resp.header.Get("Content-Type"))
	}
	switch {
	case c.want != "" && (c.want[0] == '{' || c.want[0] == '['):
		assert.JSONEq(t, c.want, resp.body)
	case c.want != "":
		assert.Equal(t, c.want, resp.body)
	case c.contains != "":
		assert.Contains(t, resp.body, c.contains)
	}
	if c.headerName != "" {
		assert.Equal(t, c.headerV, resp.header.Get(c.headerName))
	}
}

const (
	jsonType = "application/json; charset=utf-8"
	htmlType = "text/html; charset=utf-8"
)

var isoMillis = `^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$`

// decodeObject decodes a JSON object body.
func decodeObject(t *testing.T, body string) map[string]any {
	t.Helper()
	var m map[string]any
	require.NoError(t, json.Unmarshal([]byte(body), &m), body)
	return m
}

func TestRealDialectWire(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sendooktest.DialectReal)

	resp := h.raw(t, "POST", "/v1/inboxes", `{"name":"wire"}`)
	require.Equal(t, http.StatusOK, resp.status, "creates answer 200")
	assert.Equal(t, jsonType, resp.header.Get("Content-Type"))
	assert.Equal(t, "Express", resp.header.Get("X-Powered-By"))
	inbox := decodeObject(t, resp.body)
	assert.Regexp(t, objectIDPattern, inbox["_id"])
	assert.NotContains(t, inbox, "id")
	assert.Equal(t, 0.0, inbox["__v"])
	assert.Regexp(t, objectIDPattern, inbox["organizationId"])
	assert.Regexp(t, isoMillis, inbox["createdAt"])
	assert.Regexp(t, isoMillis, inbox["updatedAt"])
	inboxID := inbox["_id"].(string)

	resp = h.raw(t, "POST", "/v1/inboxes/"+inboxID+"/messages/send",
		`{"to":["a@example.com"],"subject":"s","text":"t","html":"h","attachments":[{"content":"eA==","name":"x.txt"}]}`)
	require.Equal(t, http.StatusOK, resp.status, "sends answer 200")
	msg := decodeObject(t, resp.body)
	assert.Regexp(t, objectIDPattern, msg["threadId"])
	assert.Equal(t, []any{}, msg["cc"], "absent arrays are empty, as mongoose stores them")
	assert.Regexp(t, objectIDPattern, msg["attachments"].([]any)[0].(map[string]any)["_id"])
	assert.NotContains(t, msg, "toInboxId")

	resp = h.raw(t, "GET", "/v1/inboxes/"+inboxID+"/threads", "")
	require.Equal(t, http.StatusOK, resp.status)
	var threads []map[string]any
	require.NoError(t, json.Unmarshal([]byte(resp.body), &threads), "collections are bare arrays")
	require.Len(t, threads, 1)
	assert.Equal(t, []any{msg["_id"]}, threads[0]["messages"], "listed threads carry message ids")

	resp = h.raw(t, "GET", "/v1/domains/nope.example.com/dns", "")
	assert.Equal(t, http.StatusNotFound, resp.status)
	h.raw(t, "POST", "/v1/domains", `{"name":"example.com"}`)
	resp = h.raw(t, "GET", "/v1/domains/example.com/dns", "")
	var records []map[string]any
	require.NoError(t, json.Unmarshal([]byte(resp.body), &records))
	assert.Equal(t, "@", records[0]["name"], "MX of an apex domain")
	assert.Equal(t, "_dmarc", records[2]["name"])
	assert.NotContains(t, records[0], "status", "the real route lists records without status")

	h.raw(t, "POST", "/v1/inboxes", `{"email":"dup@sendook.com"}`)
	hexID := "0123456789abcdef01234567"
	noKey := []string{"Authorization", ""}
	for _, c := range []wireCase{
		{name: "no key", method: "GET", path: "/v1/inboxes", headers: noKey,
			status: 401, want: "Unauthorized", headerName: "WWW-Authenticate", headerV: `Bearer realm="Users"`},
		{name: "unknown key", method: "GET", path: "/v1/inboxes", headers: []string{"Authorization", "Bearer nope"},
			status: 401, want: "Unauthorized", headerName: "WWW-Authenticate", headerV: `Bearer realm="Users", error="invalid_token"`},
		{name: "basic scheme", method: "GET", path: "/v1/inboxes", headers: []string{"Authorization", "Basic dXNlcjpwYXNz"},
			status: 401, want: "Unauthorized", headerName: "WWW-Authenticate", headerV: `Bearer realm="Users"`},
		{name: "empty bearer key", method: "GET", path: "/v1/inboxes", headers: []string{"Authorization", "Bearer "},
			status: 400, want: "Bad Request"},
		{name: "key in the query", method: "GET", path: "/v1/inboxes?access_token=" + h.srv.APIKey, headers: noKey,
			status: 200, contentType: jsonType},
		{name: "unknown route", method: "GET", path: "/v1/nope",
			status: 404, contentType: htmlType, contains: "<pre>Cannot GET /v1/nope</pre>"},
		{name: "unknown method", method: "PUT", path: "/v1/inboxes",
			status: 404, contentType: htmlType, contains: "<pre>Cannot PUT /v1/inboxes</pre>"},
		{name: "outside /v1 without a key", method: "GET", path: "/nope", headers: noKey,
			status: 404, contentType: htmlType, contains: "<pre>Cannot GET /nope</pre>"},
		{name: "invalid JSON, before authentication", method: "POST", path: "/v1/inboxes", body: "{", headers: noKey,
			status: 400, contentType: htmlType, contains: "<pre>Bad Request</pre>"},
		{name: "malformed id", method: "GET", path: "/v1/inboxes/xyz",
			status: 500, contentType: htmlType, contains: "<pre>Internal Server Error</pre>"},
		{name: "malformed webhook id", method: "GET", path: "/v1/webhooks/xyz/attempts",
			status: 500, contentType: htmlType, contains: "<pre>Internal Server Error</pre>"},
		{name: "unknown inbox", method: "GET", path: "/v1/inboxes/" + hexID,
			status: 404, contentType: jsonType, want: `{"error":"Inbox not found"}`},
		{name: "unknown API key", method: "GET", path: "/v1/api_keys/" + hexID,
			status: 200, contentType: jsonType, want: "null"},
		{name: "delete an unknown API key", method: "DELETE", path: "/v1/api_keys/" + hexID,
			status: 200, contentType: jsonType, want: "null"},
		{name: "invalid email", method: "POST", path: "/v1/inboxes", body: `{"email":"nope"}`,
			status: 400, contentType: jsonType, want: `{"errors":[{"type":"field","value":"nope","msg":"Invalid value","path":"email","location":"body"}]}`},
		{name: "invalid domain name", method: "POST", path: "/v1/domains", body: `{"name":"not a domain"}`,
			status: 400, contentType: jsonType, want: `{"errors":[{"type":"field","value":"not a domain","msg":"Invalid domain name format","path":"name","location":"body"}]}`},
		{name: "missing field", method: "POST", path: "/v1/api_keys", body: `{}`,
			status: 400, contentType: jsonType, want: `{"errors":[{"type":"field","msg":"Invalid value","path":"name","location":"body"},{"type":"field","msg":"Invalid value","path":"name","location":"body"}]}`},
		{name: "send without recipients", method: "POST", path: "/v1/inboxes/" + inboxID + "/messages/send", body: `{"subject":"x","text":"x","html":"x"}`,
			status: 500, contentType: htmlType, contains: "<pre>Internal Server Error</pre>"},
		{name: "send without html", method: "POST", path: "/v1/inboxes/" + inboxID + "/messages/send", body: `{"to":["a@example.com"],"subject":"x","text":"x"}`,
			status: 500, contentType: htmlType, contains: "<pre>Internal Server Error</pre>"},
		{name: "duplicate inbox", method: "POST", path: "/v1/inboxes", body: `{"email":"dup@sendook.com"}`,
			status: 400, contentType: jsonType, want: `{"error":"Inbox with this email already exists"}`},
		{name: "create without a body", method: "POST", path: "/v1/inboxes",
			status: 500, contentType: htmlType, contains: "<pre>Internal Server Error</pre>"},
		{name: "blank API key name", method: "POST", path: "/v1/api_keys", body: `{"name":"  "}`,
			status: 500, contentType: htmlType, contains: "<pre>Internal Server Error</pre>"},
		{name: "unknown webhook event", method: "POST", path: "/v1/webhooks", body: `{"url":"http://127.0.0.1:1/x","events":["nope"]}`,
			status: 500, contentType: htmlType, contains: "<pre>Internal Server Error</pre>"},
		{name: "webhook without events", method: "POST", path: "/v1/webhooks", body: `{"url":"x"}`,
			status: 400, contentType: jsonType, contains: `"path":"events"`},
		{name: "webhook with no events and no URL", method: "POST", path: "/v1/webhooks", body: `{"url":"not a url","events":[]}`,
			status: 200, contentType: jsonType, contains: `"events":[]`},
		{name: "attempts of a webhook that never was", method: "GET", path: "/v1/webhooks/" + hexID + "/attempts",
			status: 200, contentType: jsonType, want: `[]`},
	} {
		t.Run(c.name, func(t *testing.T) { c.check(t, h) })
	}
}

func TestDocumentedDialectWire(t *testing.T) {
	t.Parallel()
	h := newHarness(t, sendooktest.DialectDocumented)

	resp := h.raw(t, "POST", "/v1/inboxes", `{"name":"wire"}`)
	require.Equal(t, http.StatusCreated, resp.status)
	assert.Regexp(t, `^req_[0-9a-f]{24}$`, resp.header.Get("X-Request-Id"))
	inbox := decodeObject(t, resp.body)
	assert.Regexp(t, `^ibox_`, inbox["id"])
	assert.NotContains(t, inbox, "_id")
	assert.NotContains(t, inbox, "__v")
	assert.Regexp(t, `^org_`, inbox["organizationId"])
	assert.Regexp(t, isoMillis, inbox["createdAt"])
	inboxID := inbox["id"].(string)

	resp = h.raw(t, "POST", "/v1/inboxes/"+inboxID+"/messages/send", `{"to":["a@example.com"],"subject":"s","text":"t"}`)
	require.Equal(t, http.StatusAccepted, resp.status, "sends answer 202")
	msgID := decodeObject(t, resp.body)["id"].(string)
	resp = h.raw(t, "POST", "/v1/inboxes/"+inboxID+"/messages/"+msgID+"/reply", `{"text":"r"}`)
	require.Equal(t, http.StatusAccepted, resp.status, "replies answer 202")

	resp = h.raw(t, "GET", "/v1/inboxes/"+inboxID+"/threads", "")
	require.Equal(t, http.StatusOK, resp.status)
	var threads struct {
		Data []struct {
			Subject  string           `json:"subject"`
			Messages []map[string]any `json:"messages"`
		} `json:"data"`
	}
	require.NoError(t, json.Unmarshal([]byte(resp.body), &threads), "collections are wrapped in data")
	require.Len(t, threads.Data, 1)
	assert.Equal(t, "s", threads.Data[0].Subject)
	require.Len(t, threads.Data[0].Messages, 2, "listed threads carry whole messages")
	assert.Equal(t, msgID, threads.Data[0].Messages[0]["id"])

	for _, c := range []struct {
		wireCase
		code string
	}{
		{wireCase{method: "POST", path: "/v1/api_keys", body: `{"name":"k"}`, status: 201}, ""},
		{wireCase{method: "POST", path: "/v1/domains", body: `{"name":"example.com"}`, status: 201}, ""},
		{wireCase{method: "POST", path: "/v1/webhooks", body: `{"url":"http://127.0.0.1:1/x","events":["inbox.created"]}`, status: 201}, ""},
		{wireCase{method: "POST", path: "/v1/domains/example.com/verify", status: 200}, ""},
		{wireCase{name: "no key", method: "GET", path: "/v1/inboxes", headers: []string{"Authorization", ""}, status: 401}, "unauthorized"},
		{wireCase{name: "empty bearer key", method: "GET", path: "/v1/inboxes", headers: []string{"Authorization", "Bearer "}, status: 401}, "unauthorized"},
		{wireCase{name: "unknown route", method: "GET", path: "/v1/nope", status: 404}, "not_found"},
		{wireCase{name: "invalid JSON", method: "POST", path: "/v1/inboxes", body: "{", status: 400}, "invalid_json"},
		{wireCase{name: "malformed id", method: "GET", path: "/v1/inboxes/xyz", status: 404}, "not_found"},
		{wireCase{name: "unknown API key", method: "GET", path: "/v1/api_keys/key_nope", status: 404}, "not_found"},
		{wireCase{name: "invalid email", method: "POST", path: "/v1/inboxes", body: `{"email":"nope"}`, status: 400}, "validation_error"},
		{wireCase{name: "create without a body", method: "POST", path: "/v1/inboxes", status: 400}, "invalid_request"},
		{wireCase{name: "blank API key name", method: "POST", path: "/v1/api_keys", body: `{"name":"  "}`, status: 400}, "validation_error"},
		{wireCase{name: "duplicate domain", method: "POST", path: "/v1/domains", body: `{"name":"example.com"}`, status: 400}, "already_exists"},
		{wireCase{name: "duplicate inbox", method: "POST", path: "/v1/inboxes", body: `{"email":"wire@sendook.com"}`, status: 400}, "already_exists"},
		{wireCase{name: "unknown webhook event", method: "POST", path: "/v1/webhooks", body: `{"url":"http://127.0.0.1:1/x","events":["nope"]}`, status: 400}, "validation_error"},
		{wireCase{name: "webhook without events", method: "POST", path: "/v1/webhooks", body: `{"url":"http://127.0.0.1:1/x","events":[]}`, status: 400}, "validation_error"},
		{wireCase{name: "webhook URL that is not one", method: "POST", path: "/v1/webhooks", body: `{"url":"not a url","events":["inbox.created"]}`, status: 400}, "validation_error"},
		{wireCase{name: "attempts of an unknown webhook", method: "GET", path: "/v1/webhooks/wh_nope/attempts", status: 404}, "not_found"},
	} {
		name := c.name
		if name == "" {
			name = c.method + " " + c.path
		}
		t.Run(name, func(t *testing.T) {
			resp := h.raw(t, c.method, c.path, c.body, c.headers...)
			require.Equal(t, c.status, resp.status, resp.body)
			assert.Equal(t, jsonType, resp.header.Get("Content-Type"))
			if c.code == "" {
				return
			}
			var e struct {
				Message string `json:"message"`
				Code    string `json:"code"`
				Details struct {
					RequestID string `json:"requestId"`
				} `json:"details"`
			}
			require.NoError(t, json.Unmarshal([]byte(resp.body), &e), resp.body)
			assert.Equal(t, c.code, e.Code)
			assert.NotEmpty(t, e.Message)
			assert.Equal(t, resp.header.Get("X-Request-Id"), e.Details.RequestID)
			assert.True(t, strings.HasPrefix(e.Details.RequestID, "req_"))
		})
	}
}

func TestBodyTooLarge(t *testing.T) {
	forEachDialect(t, func(t *testing.T, h *harness) {
		body := `{"name":"` + strings.Repeat("x", 20<<20) + `"}`
		resp := h.raw(t, "POST", "/v1/inboxes", body)
		assert.Equal(t, http.StatusRequestEntityTooLarge, resp.status)
		if h.real() {
			assert.Contains(t, resp.body, "<pre>Payload Too Large</pre>")
		} else {
			assert.Contains(t, resp.body, `"code":"payload_too_large"`)
		}
	})
}
