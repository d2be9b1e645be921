package sendook

import (
	"bytes"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// FuzzAPIError feeds arbitrary failed responses to the error decoder: it
// must never panic, always produce a message, bound the body it keeps, and
// never let the key through.
func FuzzAPIError(f *testing.F) {
	const secret = "sk_fuzz_0123456789"
	f.Add(404, "application/json; charset=utf-8", "", "", []byte(`{"error":"Inbox not found"}`))
	f.Add(400, "application/json", "", "", []byte(`{"errors":[{"type":"field","value":"x","msg":"Invalid value","path":"email","location":"body"}]}`))
	f.Add(401, "", "", "", []byte("Unauthorized"))
	f.Add(429, "text/plain", "1800", "limit=100, remaining=0, reset=1800", []byte("Too many requests, please try again later."))
	f.Add(500, "text/html; charset=utf-8", "", "", []byte("<!DOCTYPE html><html><body><pre>Internal Server Error</pre></body></html>"))
	f.Add(404, "", "Wed, 21 Oct 2015 07:28:00 GMT", "", []byte(`{"message":"Inbox not found","code":"not_found","details":{"requestId":"req_1"}}`))
	f.Add(400, "", "", "", []byte(`{"error":"sk_fuzz_&#48;123456789 \u0073k_fuzz_0123456789"}`))
	f.Fuzz(func(t *testing.T, status int, contentType, retryAfter, rateLimit string, body []byte) {
		h := http.Header{}
		h.Set("Content-Type", contentType)
		h.Set("Retry-After", retryAfter)
		h.Set("RateLimit", rateLimit)
		e := newAPIError("GET", "/v1/inboxes", status, h, body, secret, time.Unix(1_700_000_000, 0))
		if e.Message == "" {
			t.Fatal("empty message")
		}
		if e.StatusCode != status {
			t.Fatalf("status %d, want %d", e.StatusCode, status)
		}
		if len(e.Body) > maxErrorBody {
			t.Fatalf("kept %d bytes of body", len(e.Body))
		}
		if e.RetryAfter < 0 {
			t.Fatalf("negative RetryAfter %v", e.RetryAfter)
		}
		if msg := e.Error(); strings.Contains(msg, secret) || bytes.Contains(e.Body, []byte(secret)) {
			t.Fatalf("secret leaked: %q", msg)
		}
	})
}

// FuzzDecodeModels feeds arbitrary bodies to the decoders of the models that
// carry the most shapes: they must never panic, and what they accept must
// survive a round trip through encoding/json.
func FuzzDecodeModels(f *testing.F) {
	for _, seed := range []string{
		`{"_id":"65f1c0e2a4b1c2d3e4f5a6b7","email":"a@sendook.com","createdAt":"2024-05-01T12:00:00.000Z","__v":0}`,
		`{"id":"ibox_1","email":"a@sendook.com","createdAt":"2024-05-01T12:00:00Z"}`,
		`[{"_id":"m1","to":["a@example.com"],"attachments":[{"content":"aGk=","_id":"x"}],"status":"sent"}]`,
		`{"data":[{"id":"m1","subject":"Hi"}]}`,
		`{"_id":"t1","messages":["m1","m2"]}`,
		`{"id":"t1","messages":[{"id":"m1"},"m2"]}`,
		`null`, ``, `[]`, `{"data":null}`, `"m1"`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		fuzzModel(t, data, (*inboxWire).model)
		fuzzModel(t, data, (*messageWire).model)
		fuzzModel(t, data, (*threadWire).model)
	})
}

func fuzzModel[T, W any](t *testing.T, data []byte, model func(*W) T) {
	if v, err := decodeOne(data, model); err == nil {
		roundTrip(t, v)
	}
	if items, err := decodeList(data, model); err == nil {
		if items == nil {
			t.Fatal("a decoded list is nil")
		}
		roundTrip(t, items)
	}
}

// roundTrip checks that v encodes and decodes back to an equal encoding.
func roundTrip[T any](t *testing.T, v T) {
	first, err := json.Marshal(v)
	if err != nil {
		t.Fatalf("encode %#v: %v", v, err)
	}
	var back T
	if err := json.Unmarshal(first, &back); err != nil {
		t.Fatalf("decode %s: %v", first, err)
	}
	second, err := json.Marshal(back)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(first, second) {
		t.Fatalf("round trip changed\n%s\n%s", first, second)
	}
}
