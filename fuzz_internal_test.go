package sendook

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// FuzzAPIError feeds arbitrary failed responses to the error decoder: it
// must never panic, always produce a message, bound the body it keeps, and
// never let the key through in any field, as a realistic key or as a short
// test key.
func FuzzAPIError(f *testing.F) {
	const secret = "sk_fuzz_0123456789"
	const shortSecret = "o"
	f.Add(404, "application/json; charset=utf-8", "", "", []byte(`{"error":"Inbox not found"}`))
	f.Add(400, "application/json", "", "", []byte(`{"errors":[{"type":"field","value":"x","msg":"Invalid value","path":"email","location":"body"}]}`))
	f.Add(401, "", "", "", []byte("Unauthorized"))
	f.Add(429, "text/plain", "1800", "limit=100, remaining=0, reset=1800", []byte("Too many requests, please try again later."))
	f.Add(500, "text/html; charset=utf-8", "", "", []byte("<!DOCTYPE html><html><body><pre>Internal Server Error</pre></body></html>"))
	f.Add(404, "", "Wed, 21 Oct 2015 07:28:00 GMT", "", []byte(`{"message":"Inbox not found","code":"not_found","details":{"requestId":"req_1"}}`))
	f.Add(400, "", "", "", []byte(`{"error":"sk_fuzz_&#48;123456789 \u0073k_fuzz_0123456789"}`))
	f.Add(400, "", "", "", []byte(`{"message":{"message":"\u0073k_fuzz_0123456789"},"details":{"\u0073k_fuzz_0123456789":["o"]},"errors":[{"msg":"o","path":"sk_fuzz_0123456789","value":{"k":"\u006f"}}]}`))
	f.Add(429, "text/html", "", "limit=100, remaining=0, reset=5", []byte("Too many requests, o sk_fuzz_0123456789"))
	f.Fuzz(func(t *testing.T, status int, contentType, retryAfter, rateLimit string, body []byte) {
		h := http.Header{}
		h.Set("Content-Type", contentType)
		h.Set("Retry-After", retryAfter)
		h.Set("RateLimit", rateLimit)
		for _, key := range []string{secret, shortSecret} {
			e := newAPIError("GET", "/v1/inboxes", status, h, body, key, time.Unix(1_700_000_000, 0))
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
			for _, s := range apiErrorTexts(e) {
				if i := wholeTokenAt(s, key); i >= 0 {
					t.Fatalf("key %q leaked at %d of %q", key, i, s)
				}
			}
		}
	})
}

// apiErrorTexts returns every text an APIError holds, Error() included,
// down to the keys and strings nested in Details and Fields[].Value.
func apiErrorTexts(e *APIError) []string {
	texts := []string{e.Error(), e.Message, e.Code, e.RequestID, string(e.Body)}
	var walk func(v any)
	walk = func(v any) {
		switch v := v.(type) {
		case string:
			texts = append(texts, v)
		case []any:
			for _, item := range v {
				walk(item)
			}
		case map[string]any:
			for k, item := range v {
				texts = append(texts, k)
				walk(item)
			}
		}
	}
	walk(map[string]any(e.Details))
	for _, f := range e.Fields {
		texts = append(texts, f.Field, f.Message, f.Location)
		walk(f.Value)
	}
	return texts
}

// wholeTokenAt returns where key stands in s as a whole token, not inside
// a longer run of letters and digits; -1 when it does not.
func wholeTokenAt(s, key string) int {
	word := func(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
	first, _ := utf8.DecodeRuneInString(key)
	last, _ := utf8.DecodeLastRuneInString(key)
	for i := 0; i+len(key) <= len(s); i++ {
		if s[i:i+len(key)] != key {
			continue
		}
		before, _ := utf8.DecodeLastRuneInString(s[:i])
		after, _ := utf8.DecodeRuneInString(s[i+len(key):])
		if (i > 0 && word(first) && word(before)) || (i+len(key) < len(s) && word(last) && word(after)) {
			continue
		}
		return i
	}
	return -1
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
