package mcpserver_test

import (
	"context"
	"fmt"
	"log"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/mcpserver"
	"github.com/sendook/sendook-go/sendooktest"
)

// A server that may send only to example.com, connected in memory to an
// MCP client, as an agent framework in the same program would.
func ExampleNew() {
	ctx := context.Background()
	backend := sendooktest.NewServer() // or sendook.NewClient(apiKey) for the real service
	defer backend.Close()
	client := backend.Client()
	if _, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Email: "agent@sendook.com"}); err != nil {
		log.Fatal(err)
	}

	server := mcpserver.New(client, mcpserver.WithAllowedRecipients("*@example.com"))
	clientT, serverT := mcp.NewInMemoryTransports()
	if _, err := server.Connect(ctx, serverT, nil); err != nil {
		log.Fatal(err)
	}
	session, err := mcp.NewClient(&mcp.Implementation{Name: "agent"}, nil).Connect(ctx, clientT, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer session.Close()

	res, err := session.CallTool(ctx, &mcp.CallToolParams{Name: "send_message", Arguments: map[string]any{
		"inbox": "agent@sendook.com", "to": []string{"someone@elsewhere.test"}, "subject": "Hi", "text": "Hello",
	}})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.IsError, res.Content[0].(*mcp.TextContent).Text)
	// Output:
	// true refused, nothing was sent: this server may send to only addresses matching *@example.com, and someone@elsewhere.test does not match; ask the user to send it or to allow the address
}
