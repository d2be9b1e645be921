package webui

import (
	"bytes"
	"encoding/json"

	sendook "github.com/sendook/sendook-go"
)

func newAttemptView(a sendook.WebhookAttempt) attemptView {
	v := attemptView{WebhookAttempt: a, OK: a.Status >= 200 && a.Status < 300}
	var payload struct {
		Event string `json:"event"`
	}
	if json.Unmarshal(a.Payload, &payload) == nil {
		v.Event = payload.Event
	}
	v.Response = pretty(a.Response)
	return v
}

// pretty indents JSON, and shows a JSON string as its text.
func pretty(raw json.RawMessage) string {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || string(raw) == "null" {
		return ""
	}
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var b bytes.Buffer
	if json.Indent(&b, raw, "", "  ") != nil {
		return string(raw)
	}
	return b.String()
}
