package mcpserver

import (
	"context"

	"github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"
	sendook "github.com/sendook/sendook-go"
)

type listInboxesIn struct{}

type listInboxesOut struct {
	Inboxes []inboxOut `json:"inboxes" jsonschema:"the inboxes you may use"`
}

func addListInboxes(s *mcp.Server, t *tools) {
	addTool(s, tool{
		name: "list_inboxes", title: "List inboxes", effect: reads,
		description: "List the email inboxes you may use, with their ids and addresses. Call it first to learn which inbox to read or send from.",
	}, func(ctx context.Context, _ *mcp.CallToolRequest, _ listInboxesIn) (*mcp.CallToolResult, listInboxesOut, error) {
		list, err := t.client.Inboxes.List(ctx)
		if err != nil {
			return nil, listInboxesOut{}, failure(err, "inboxes", "")
		}
		out := listInboxesOut{Inboxes: []inboxOut{}}
		for _, in := range t.visible(list) {
			out.Inboxes = append(out.Inboxes, newInboxOut(&in))
		}
		return nil, out, nil
	})
}

type createInboxIn struct {
	Name  string `json:"name,omitempty" jsonschema:"display name of the inbox, e.g. support; also the local part of the address when email is not given"`
	Email string `json:"email,omitempty" jsonschema:"the address to create, e.g. support@agents.example.com; its domain must be the server's default domain or a verified custom domain. Leave it out to get an address made from name"`
}

type inboxResult struct {
	Inbox inboxOut `json:"inbox"`
}

func addCreateInbox(s *mcp.Server, t *tools) {
	addTool(s, tool{
		name: "create_inbox", title: "Create an inbox", effect: creates,
		description: "Create a new email inbox that can send and receive at once. Both arguments are optional; without them the server picks an address.",
	}, func(ctx context.Context, _ *mcp.CallToolRequest, in createInboxIn) (*mcp.CallToolResult, inboxResult, error) {
		created, err := t.client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: in.Name, Email: in.Email})
		if err != nil {
			return nil, inboxResult{}, failure(err, "domain of "+in.Email, "use the server's default domain or leave email out")
		}
		return nil, inboxResult{Inbox: newInboxOut(created)}, nil
	})
}

type deleteInboxIn struct {
	Inbox string `json:"inbox" jsonschema:"the inbox to delete, with all its messages: its id or email address"`
}

type deleteInboxOut struct {
	Deleted inboxOut `json:"deleted" jsonschema:"the inbox that was deleted"`
}

func addDeleteInbox(s *mcp.Server, t *tools) {
	addTool(s, tool{
		name: "delete_inbox", title: "Delete an inbox", effect: deletes,
		description: "Delete an inbox and every message in it, for good. Only do this when the user asked for it.",
		schema:      func(p map[string]*jsonschema.Schema) { nonEmpty(p["inbox"]) },
	}, func(ctx context.Context, _ *mcp.CallToolRequest, in deleteInboxIn) (*mcp.CallToolResult, deleteInboxOut, error) {
		id, err := t.inbox(ctx, in.Inbox)
		if err != nil {
			return nil, deleteInboxOut{}, err
		}
		gone, err := t.client.Inboxes.Delete(ctx, id)
		if err != nil {
			return nil, deleteInboxOut{}, failure(err, "inbox "+in.Inbox, inboxHint)
		}
		return nil, deleteInboxOut{Deleted: newInboxOut(gone)}, nil
	})
}
