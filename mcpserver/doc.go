// Package mcpserver serves Sendook's inboxes to AI agents over the Model
// Context Protocol (MCP), on the official Go MCP SDK
// (github.com/modelcontextprotocol/go-sdk/mcp). The command
// "sendook mcp" runs it; a Go program can embed it.
//
// [New] returns an *mcp.Server with one tool per task a model does with
// email: list_inboxes, create_inbox, delete_inbox, list_messages,
// get_message, send_message, reply_to_message, list_threads, get_thread,
// wait_for_message and get_attachment. Every "inbox" argument takes an
// inbox id or its email address. Every result carries structured content
// and the same JSON as a text block; failures of the Sendook API are tool
// results with isError set and a message that says what to do next, and
// never show the API key.
//
// # Embedding
//
// Serve it over stdio, as MCP clients such as Claude Desktop launch a
// server:
//
//	client := sendook.NewClient(os.Getenv("SENDOOK_API_KEY"))
//	server := mcpserver.New(client,
//		mcpserver.WithAllowedRecipients("*@example.com"),
//		mcpserver.WithInboxes("support@sendook.com"),
//	)
//	if err := server.Run(ctx, &mcp.StdioTransport{}); err != nil {
//		log.Fatal(err)
//	}
//
// or over streamable HTTP, on a loopback address or behind authentication:
//
//	handler := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return server }, nil)
//	http.Handle("/mcp", handler)
//
// or connect to it in the same process, as tests do:
//
//	clientT, serverT := mcp.NewInMemoryTransports()
//	go server.Run(ctx, serverT)
//	session, err := mcp.NewClient(&mcp.Implementation{Name: "agent"}, nil).Connect(ctx, clientT, nil)
//
// # Safety
//
// An agent reads mail written by strangers, and an instruction hidden in an
// email must not turn it into a spam cannon or a way to leak data. So:
//
//   - [WithReadOnly] withholds every tool that sends, replies, creates or
//     deletes.
//   - [WithAllowedRecipients] lets sends and replies reach only matching
//     addresses (to, cc and bcc alike; for a reply, the sender of the
//     message answered); a refused call says why and never reaches the API.
//     Without it, a model may send to any address.
//   - [WithInboxes] hides every other inbox from the tools.
//   - Tool descriptions and every result that carries email content mark
//     it as written by the sender, not to be obeyed.
//   - No tool manages API keys, domains or webhooks.
//
// # Sizes
//
// get_message caps text and stripped_text at 20000 characters each and
// says so in its "truncated" field. list_messages, list_threads and
// get_thread return 20 entries by default, at most 100, newest first.
// get_attachment returns files of up to 1 MiB: text files as text, others
// as an embedded resource with a base64 blob. wait_for_message waits 60
// seconds by default, at most 300, and reports progress every 5 seconds to
// a client that sent a progress token.
package mcpserver
