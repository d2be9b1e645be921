package mcpserver_test

// Run with:
//
//	go test -run '^$' -bench . -benchmem ./mcpserver

import (
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/sendook/sendook-go/sendooktest"
)

// BenchmarkGetMessage compares the get_message tool, called through the
// in-memory MCP transport, with the Messages.Get call it makes, against the
// same sendooktest server. The interleaved run alternates the two, so that
// both see the same machine, and reports the tool's time over the call's.
func BenchmarkGetMessage(b *testing.B) {
	e := startBench(b)
	in, err := e.srv.Receive(e.inbox.Email, sendooktest.InboundEmail{From: "ada@example.com", Subject: "Your code", Text: "Your code is 123456. https://example.com/x"})
	if err != nil {
		b.Fatal(err)
	}
	args := map[string]any{"inbox": e.inbox.ID, "message_id": in.ID}
	direct := func() {
		if m, err := e.client.Messages.Get(e.ctx, e.inbox.ID, in.ID); err != nil || m.ID != in.ID {
			b.Fatal(m, err)
		}
	}
	tool := func() {
		res, err := e.session.CallTool(e.ctx, &mcp.CallToolParams{Name: "get_message", Arguments: args})
		if err != nil || res.IsError {
			b.Fatal(res, err)
		}
	}
	b.Run("direct", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			direct()
		}
	})
	b.Run("mcp", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			tool()
		}
	})
	b.Run("interleaved", func(b *testing.B) {
		var d, m time.Duration
		for b.Loop() {
			start := time.Now()
			direct()
			mid := time.Now()
			tool()
			d, m = d+mid.Sub(start), m+time.Since(mid)
		}
		b.ReportMetric(float64(d.Nanoseconds())/float64(b.N), "direct-ns/op")
		b.ReportMetric(float64(m.Nanoseconds())/float64(b.N), "mcp-ns/op")
		b.ReportMetric(float64(m)/float64(d), "ratio")
	})
}
