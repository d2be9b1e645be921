package sendook

import (
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"
)

// plainMessage is a message as a hand-written client for the real server
// would declare it: "_id" only, no custom decoding.
type plainMessage struct {
	ID                string       `json:"_id"`
	OrganizationID    string       `json:"organizationId"`
	InboxID           string       `json:"inboxId"`
	ThreadID          string       `json:"threadId"`
	FromInboxID       string       `json:"fromInboxId"`
	ToInboxID         string       `json:"toInboxId"`
	From              string       `json:"from"`
	To                []string     `json:"to"`
	CC                []string     `json:"cc"`
	BCC               []string     `json:"bcc"`
	Labels            []string     `json:"labels"`
	Subject           string       `json:"subject"`
	Text              string       `json:"text"`
	HTML              string       `json:"html"`
	Attachments       []Attachment `json:"attachments"`
	Status            string       `json:"status"`
	ExternalMessageID string       `json:"externalMessageId"`
	CreatedAt         time.Time    `json:"createdAt"`
	UpdatedAt         time.Time    `json:"updatedAt"`
}

// messageList returns n messages in the real server's format, as a bare
// array.
func messageList(n int) []byte {
	var b strings.Builder
	b.WriteByte('[')
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		id := "65f1c0e2a4b1c2d3" + strconv.FormatInt(0x10000000+int64(i), 16)
		b.WriteString(`{"_id":"` + id + `","organizationId":"65f1c0e2a4b1c2d3e4f5a600","inboxId":"65f1c0e2a4b1c2d3e4f5a6b7",` +
			`"threadId":"65f1c0e2a4b1c2d3e4f5a6c1","fromInboxId":"65f1c0e2a4b1c2d3e4f5a6b7","from":"support@sendook.com",` +
			`"to":["ada@example.com"],"cc":[],"bcc":[],"labels":["welcome"],"subject":"Hello number ` + strconv.Itoa(i) + `",` +
			`"text":"Hi Ada, this is message ` + strconv.Itoa(i) + `.","html":"<p>Hi Ada, this is message ` + strconv.Itoa(i) + `.</p>",` +
			`"attachments":[],"status":"delivered","externalMessageId":"0100018f-ses-` + id + `",` +
			`"createdAt":"2024-05-01T12:00:00.000Z","updatedAt":"2024-05-01T12:30:00.000Z","__v":0}`)
	}
	b.WriteByte(']')
	return []byte(b.String())
}

// BenchmarkDecodeMessages compares decoding a 10,000-message list with the
// SDK's dialect-tolerant decoder and with json.Unmarshal into plain structs.
func BenchmarkDecodeMessages(b *testing.B) {
	data := messageList(10_000)
	b.Run("sdk", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			msgs, err := decodeList(data, (*messageWire).model)
			if err != nil || len(msgs) != 10_000 || msgs[9_999].ID == "" {
				b.Fatal(err)
			}
		}
	})
	b.Run("plain", func(b *testing.B) {
		b.SetBytes(int64(len(data)))
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			decodePlain(b, data)
		}
	})
	// Both in turn, so that the machine's noise weighs on both alike.
	b.Run("interleaved", func(b *testing.B) {
		var sdk, plain time.Duration
		for i := 0; i < b.N; i++ {
			start := time.Now()
			if _, err := decodeList(data, (*messageWire).model); err != nil {
				b.Fatal(err)
			}
			mid := time.Now()
			decodePlain(b, data)
			sdk, plain = sdk+mid.Sub(start), plain+time.Since(mid)
		}
		b.ReportMetric(float64(sdk)/float64(plain), "ratio")
	})
}

func decodePlain(b *testing.B, data []byte) {
	var msgs []plainMessage
	if err := json.Unmarshal(data, &msgs); err != nil || len(msgs) != 10_000 || msgs[9_999].ID == "" {
		b.Fatal(err)
	}
}
