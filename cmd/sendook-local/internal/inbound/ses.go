package inbound

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/mail"
	"strings"
	"time"

	sendook "github.com/sendook/sendook-go"
)

// SES delivers mail to any Sendook server the way Amazon SES does to the
// real one: an SNS notification carrying an SES "Received" event, with the
// raw mail in base64, POSTed to the server's /webhooks/ses.
type SES struct {
	// BaseURL is the server's base URL, as given to sendook.WithBaseURL.
	BaseURL string
	// Client finds the inbox first: the server drops mail for an unknown
	// address silently, and Deliver reports it instead.
	Client *sendook.Client
	// HTTP posts the notification; nil means http.DefaultClient.
	HTTP *http.Client
}

// Deliver posts raw as mail for to. See [Mailbox].
func (s *SES) Deliver(ctx context.Context, to string, raw []byte) error {
	inbox, err := FindInbox(ctx, s.Client, to)
	if err != nil {
		return err
	}
	body, err := sesNotification(inbox.Email, raw, time.Now())
	if err != nil {
		return err
	}
	url := strings.TrimSuffix(strings.TrimSuffix(s.BaseURL, "/"), "/v1") + "/webhooks/ses"
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("delivering to %s: %w", url, err)
	}
	req.Header.Set("Content-Type", "text/plain; charset=UTF-8")
	hc := s.HTTP
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("delivering to /webhooks/ses: %w", err)
	}
	defer resp.Body.Close()
	answer, _ := io.ReadAll(io.LimitReader(resp.Body, 512))
	if resp.StatusCode/100 != 2 {
		return fmt.Errorf("delivering to /webhooks/ses: %s: %s", resp.Status, bytes.TrimSpace(answer))
	}
	return nil
}

// sesNotification builds the SNS notification SES sends for mail received
// for to: the envelope sender and the headers as SES reports them, the raw
// mail in base64.
func sesNotification(to string, raw []byte, now time.Time) ([]byte, error) {
	var from, subject, messageID string
	headers := []map[string]string{}
	if msg, err := mail.ReadMessage(bytes.NewReader(raw)); err == nil {
		from = msg.Header.Get("From")
		if addr, err := mail.ParseAddress(from); err == nil {
			from = addr.Address
		}
		subject = msg.Header.Get("Subject")
		if decoded, err := new(mime.WordDecoder).DecodeHeader(subject); err == nil {
			subject = decoded
		}
		messageID = msg.Header.Get("Message-Id")
		for name, values := range msg.Header {
			for _, v := range values {
				headers = append(headers, map[string]string{"name": name, "value": v})
			}
		}
	}
	if messageID == "" {
		messageID = "<" + randomHex(12) + "@sendook-local>"
	}
	bare := strings.Trim(messageID, "<>")
	stamp := now.UTC().Format("2006-01-02T15:04:05.000Z")
	received := map[string]any{
		"notificationType": "Received",
		"mail": map[string]any{
			"timestamp": stamp, "source": from, "messageId": bare,
			"destination": []string{to}, "headersTruncated": false, "headers": headers,
			"commonHeaders": map[string]any{"from": []string{from}, "to": []string{to}, "subject": subject, "messageId": messageID},
		},
		"content": base64.StdEncoding.EncodeToString(raw),
	}
	message, err := json.Marshal(received)
	if err != nil {
		return nil, err
	}
	return json.Marshal(map[string]string{
		"Type": "Notification", "MessageId": bare,
		"TopicArn":  "arn:aws:sns:us-east-1:000000000000:sendook-local-inbound",
		"Message":   string(message),
		"Timestamp": stamp,
	})
}
