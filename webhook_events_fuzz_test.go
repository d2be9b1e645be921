package sendook_test

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"strings"
	"testing"

	sendook "github.com/sendook/sendook-go"
)

// FuzzParseWebhookEvent checks that no body makes the parser or the payload
// accessors panic, that every failure matches ErrInvalidWebhookEvent, and
// that a parsed event has a name and survives being sent again.
func FuzzParseWebhookEvent(f *testing.F) {
	for _, seed := range []string{
		deliveryMessageReceived,
		deliveryInboxCreated,
		deliveryTestEvent,
		deliveryDocumentedMessage,
		deliveryDocumentedInbox,
		`{"event":"message.opened","payload":null}`,
		`{"event":"inbox.updated","inboxId":null}`,
		`{"event":" "}`,
		`{"event":1}`,
		`{"event":"message.sent","payload":"65f1c0e2a4b1c2d3e4f5a6d2"}`,
		`{"event":"message.sent","payload":{"test":"test"},"payload":{"_id":"x"}}`,
		`{"EVENT":"message.sent","Payload":{"_id":"x"}}`,
		`{"event":"\u006dessage.received","payload":{"t\u0065st":"test"}}`,
		"{\"event\":\"message.received\xff\"}",
		`[]`, `null`, ``, ` `, `{`, `{}`, `{"event":"message.received"}}`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		event, err := sendook.ParseWebhookEvent(body)
		if err != nil {
			if event != nil {
				t.Fatalf("an event and an error: %+v, %v", event, err)
			}
			if !errors.Is(err, sendook.ErrInvalidWebhookEvent) {
				t.Fatalf("error does not match ErrInvalidWebhookEvent: %v", err)
			}
			return
		}
		if strings.TrimSpace(string(event.Event)) == "" {
			t.Fatalf("parsed an event without a name from %q", body)
		}

		isTest := event.IsTest()
		for kind, decode := range map[string]func() (any, error){
			"message": func() (any, error) { return event.Message() },
			"inbox":   func() (any, error) { return event.Inbox() },
		} {
			v, err := decode()
			switch {
			case isTest && !errors.Is(err, sendook.ErrTestEvent):
				t.Fatalf("%s of the test event: want ErrTestEvent, got %v", kind, err)
			case err == nil && !strings.HasPrefix(string(event.Event), kind+"."):
				t.Fatalf("%s decoded from a %q event: %+v", kind, event.Event, v)
			case err != nil && !errors.Is(err, sendook.ErrInvalidWebhookEvent) && !errors.Is(err, sendook.ErrTestEvent):
				t.Fatalf("%s: error matches no sentinel: %v", kind, err)
			}
		}

		// What was parsed, encoded again, parses to the same event.
		wire := map[string]any{"event": event.Event}
		if event.InboxID != "" {
			wire["inboxId"] = event.InboxID
		}
		if event.MessageID != "" {
			wire["messageId"] = event.MessageID
		}
		if event.Payload != nil {
			wire["payload"] = event.Payload
		}
		again, err := json.Marshal(wire)
		if err != nil {
			t.Fatalf("encoding %+v: %v", event, err)
		}
		reparsed, err := sendook.ParseWebhookEvent(again)
		if err != nil {
			t.Fatalf("parsing %s again: %v", again, err)
		}
		if reparsed.Event != event.Event || reparsed.InboxID != event.InboxID || reparsed.MessageID != event.MessageID {
			t.Fatalf("round trip changed the event: %+v became %+v", event, reparsed)
		}
		if reparsed.IsTest() != isTest {
			t.Fatalf("round trip changed IsTest from %v: %s", isTest, again)
		}
	})
}

// FuzzVerifyWebhookSignature checks that no header makes verification panic
// and that it accepts exactly the correctly computed signature, in either
// case of hex and with spaces around it.
func FuzzVerifyWebhookSignature(f *testing.F) {
	f.Add(deliverySecret, []byte(deliveryMessageReceived), signDelivery(deliverySecret, deliveryMessageReceived))
	f.Add(deliverySecret, []byte(deliveryTestEvent), strings.ToUpper(signDelivery(deliverySecret, deliveryTestEvent)))
	f.Add(deliverySecret, []byte(deliveryTestEvent), " "+signDelivery(deliverySecret, deliveryTestEvent)+"\t")
	f.Add(deliverySecret, []byte(deliveryTestEvent), signDelivery("whsec_other", deliveryTestEvent))
	f.Add(deliverySecret, []byte(deliveryTestEvent), signDelivery(deliverySecret, deliveryTestEvent)[:70])
	f.Add(deliverySecret, []byte{}, "")
	f.Add(deliverySecret, []byte("{}"), "sha256=")
	f.Add(deliverySecret, []byte("{}"), "sha1=0123456789abcdef0123456789abcdef01234567")
	f.Add(deliverySecret, []byte("{}"), "sha256="+strings.Repeat("g", 64))
	f.Add("", []byte("{}"), signDelivery("", "{}"))
	f.Add("k", []byte("\x00\xff"), "sha256=\u00e9")
	f.Fuzz(func(t *testing.T, secret string, body []byte, header string) {
		err := sendook.VerifyWebhookSignature(secret, body, header)

		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(body)
		want := hex.EncodeToString(mac.Sum(nil))
		value := strings.TrimSpace(header)
		digest, hasPrefix := strings.CutPrefix(value, "sha256=")
		correct := secret != "" && hasPrefix && asciiLower(digest) == want

		switch {
		case correct && err != nil:
			t.Fatalf("refused the correct signature %q: %v", header, err)
		case !correct && err == nil:
			t.Fatalf("accepted %q for secret %q, want sha256=%s", header, secret, want)
		case err != nil && secret != "" && !errors.Is(err, sendook.ErrInvalidWebhookSignature):
			t.Fatalf("error does not match ErrInvalidWebhookSignature: %v", err)
		}

		if secret == "" {
			return
		}
		for _, good := range []string{"sha256=" + want, "sha256=" + strings.ToUpper(want), " sha256=" + want + " "} {
			if err := sendook.VerifyWebhookSignature(secret, body, good); err != nil {
				t.Fatalf("refused the correct signature %q: %v", good, err)
			}
		}
		// Any single changed digit is refused.
		i := len(body) % len(want)
		offByOne := want[:i] + flipHexDigit(want[i]) + want[i+1:]
		if err := sendook.VerifyWebhookSignature(secret, body, "sha256="+offByOne); err == nil {
			t.Fatalf("accepted %q, one digit off the correct signature", offByOne)
		}
	})
}

// asciiLower lowers A-Z only, as hex digits compare; non-ASCII text stays
// as it is and so can never equal a digest.
func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}
