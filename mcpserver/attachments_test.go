package mcpserver_test

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
	"github.com/stretchr/testify/require"
)

func TestAttachments(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		e := start(t, d)
		png := append([]byte("\x89PNG\r\n\x1a\n"), bytes.Repeat([]byte{0, 1, 2, 255}, 100)...)
		notes := "Invoice 42\nTotal: 10 EUR\n"
		sent, err := e.client.Messages.Send(e.ctx, e.inbox.ID, &sendook.SendMessageParams{
			To: []string{"ada@example.com"}, Subject: "files", Text: "see attached", HTML: "<p>see attached</p>",
			Attachments: []sendook.Attachment{
				sendook.NewAttachment("notes.txt", "text/plain; charset=utf-8", []byte(notes)),
				sendook.NewAttachment("logo.png", "image/png", png),
				sendook.NewAttachment("huge.bin", "application/octet-stream", make([]byte, 1<<20+1)),
			},
		})
		require.NoError(t, err)

		var m messageJSON
		e.ok("get_message", map[string]any{"inbox": e.inbox.ID, "message_id": sent.ID}, &m)
		require.Len(t, m.Attachments, 3)
		require.Equal(t, "notes.txt", m.Attachments[0].Name)
		require.Equal(t, "text/plain; charset=utf-8", m.Attachments[0].ContentType)
		require.Equal(t, len(notes), m.Attachments[0].Size)
		require.Equal(t, len(png), m.Attachments[1].Size)
		require.Equal(t, 1<<20+1, m.Attachments[2].Size)

		var txt struct {
			Name, Encoding, Text string
			Size                 int
		}
		e.ok("get_attachment", map[string]any{"inbox": "support@sendook.com", "message_id": sent.ID, "name": "NOTES.txt"}, &txt)
		require.Equal(t, "notes.txt", txt.Name)
		require.Equal(t, "text", txt.Encoding)
		require.Equal(t, notes, txt.Text)
		require.Equal(t, len(notes), txt.Size)

		// A binary file: the JSON text block, then the file as an embedded
		// resource.
		res := e.call("get_attachment", map[string]any{"inbox": e.inbox.ID, "message_id": sent.ID, "name": "logo.png"})
		require.False(t, res.IsError, text(res))
		require.Len(t, res.Content, 2)
		structured, err := json.Marshal(res.StructuredContent)
		require.NoError(t, err)
		require.JSONEq(t, string(structured), text(res))
		var bin struct{ Encoding, URI string }
		require.NoError(t, json.Unmarshal(structured, &bin))
		require.Equal(t, "base64", bin.Encoding)
		emb, ok := res.Content[1].(*mcp.EmbeddedResource)
		require.True(t, ok, "the second block is %T", res.Content[1])
		require.Equal(t, png, emb.Resource.Blob)
		require.Equal(t, "image/png", emb.Resource.MIMEType)
		require.Equal(t, bin.URI, emb.Resource.URI)

		msg := e.fail("get_attachment", map[string]any{"inbox": e.inbox.ID, "message_id": sent.ID, "name": "huge.bin"})
		require.Contains(t, msg, "more than the 1048576 this tool returns")
		msg = e.fail("get_attachment", map[string]any{"inbox": e.inbox.ID, "message_id": sent.ID, "name": "other.pdf"})
		require.Contains(t, msg, `no attachment named "other.pdf"; its attachments are "notes.txt", "logo.png", "huge.bin"`)

		plain := e.receive("ada@example.com", "no files", "hi")
		msg = e.fail("get_attachment", map[string]any{"inbox": e.inbox.ID, "message_id": plain.ID, "name": "x"})
		require.True(t, strings.HasSuffix(msg, "has no attachments"), msg)
	})
}
