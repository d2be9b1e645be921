package mcpserver_test

import (
	"encoding/json"
	"slices"
	"sort"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/sendook/sendook-go/mcpserver"
	"github.com/sendook/sendook-go/sendooktest"
	"github.com/stretchr/testify/require"
)

// contract lists every tool with its arguments, as sdk-contract.md gives
// them (required ones first), and whether it changes anything.
var contract = []struct {
	name       string
	required   []string
	optional   []string
	readOnly   bool
	destroys   bool
	openWorld  bool
	idempotent bool
}{
	{name: "list_inboxes", readOnly: true, idempotent: true},
	{name: "create_inbox", optional: []string{"name", "email"}},
	{name: "delete_inbox", required: []string{"inbox"}, destroys: true, idempotent: true},
	{name: "list_messages", required: []string{"inbox"}, optional: []string{"query", "limit"}, readOnly: true, idempotent: true},
	{name: "get_message", required: []string{"inbox", "message_id"}, readOnly: true, idempotent: true},
	{name: "send_message", required: []string{"inbox", "to", "subject", "text"}, optional: []string{"cc", "bcc", "html", "labels"}, openWorld: true},
	{name: "reply_to_message", required: []string{"inbox", "message_id", "text"}, optional: []string{"html"}, openWorld: true},
	{name: "list_threads", required: []string{"inbox"}, optional: []string{"limit"}, readOnly: true, idempotent: true},
	{name: "get_thread", required: []string{"inbox", "thread_id"}, optional: []string{"limit"}, readOnly: true, idempotent: true},
	{name: "wait_for_message", required: []string{"inbox"}, optional: []string{"from", "subject", "timeout_seconds", "lookback_seconds"}, readOnly: true, idempotent: true},
	{name: "get_attachment", required: []string{"inbox", "message_id", "name"}, readOnly: true, idempotent: true},
}

func contractNames(readOnly bool) []string {
	var names []string
	for _, c := range contract {
		if c.readOnly || !readOnly {
			names = append(names, c.name)
		}
	}
	sort.Strings(names)
	return names
}

func sorted(s []string) []string {
	s = slices.Clone(s)
	sort.Strings(s)
	return s
}

func TestToolsOffered(t *testing.T) {
	all := contractNames(false)
	for _, tc := range []struct {
		name string
		opts []mcpserver.Option
		want []string
	}{
		{"by default every tool", nil, all},
		{"read-only: no tool that sends, replies, creates or deletes", []mcpserver.Option{mcpserver.WithReadOnly()}, contractNames(true)},
		{"an allow-list withholds nothing", []mcpserver.Option{mcpserver.WithAllowedRecipients("*@example.com")}, all},
		{"inbox scope: no create_inbox", []mcpserver.Option{mcpserver.WithInboxes("support@sendook.com")},
			slices.DeleteFunc(slices.Clone(all), func(n string) bool { return n == "create_inbox" })},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := start(t, sendooktest.DialectReal, tc.opts...)
			require.Equal(t, tc.want, sorted(e.toolNames()))
		})
	}
}

func TestToolDefinitions(t *testing.T) {
	e := start(t, sendooktest.DialectReal)
	res, err := e.session.ListTools(e.ctx, nil)
	require.NoError(t, err)
	byName := map[string]*mcp.Tool{}
	for _, tl := range res.Tools {
		byName[tl.Name] = tl
	}
	for _, c := range contract {
		t.Run(c.name, func(t *testing.T) {
			tl := byName[c.name]
			require.NotNil(t, tl)
			require.NotEmpty(t, tl.Description)
			require.NotEmpty(t, tl.Title)
			require.NotNil(t, tl.OutputSchema, "a typed output schema")

			// All four hints are on the wire, whatever their value.
			raw, err := json.Marshal(tl.Annotations)
			require.NoError(t, err)
			var hints map[string]any
			require.NoError(t, json.Unmarshal(raw, &hints))
			require.Equal(t, map[string]any{
				"title":           tl.Title,
				"readOnlyHint":    c.readOnly,
				"destructiveHint": c.destroys,
				"idempotentHint":  c.idempotent,
				"openWorldHint":   c.openWorld,
			}, hints)

			raw, err = json.Marshal(tl.InputSchema)
			require.NoError(t, err)
			var schema struct {
				Type                 string                     `json:"type"`
				Required             []string                   `json:"required"`
				Properties           map[string]json.RawMessage `json:"properties"`
				AdditionalProperties *bool                      `json:"additionalProperties"`
			}
			require.NoError(t, json.Unmarshal(raw, &schema))
			require.Equal(t, "object", schema.Type)
			require.Equal(t, sorted(c.required), sorted(schema.Required))
			var props []string
			for p, def := range schema.Properties {
				props = append(props, p)
				require.Contains(t, string(def), `"description"`, "argument %s has no description", p)
			}
			require.Equal(t, sorted(append(slices.Clone(c.required), c.optional...)), sorted(props))
			for p, def := range schema.Properties {
				require.NotContains(t, string(def), `"null"`, "argument %s: a union type some clients do not understand", p)
			}
			require.NotNil(t, schema.AdditionalProperties)
			require.False(t, *schema.AdditionalProperties, "unknown arguments must be refused")
		})
	}
}

func TestArgumentsAreValidated(t *testing.T) {
	e := start(t, sendooktest.DialectReal)
	for _, tc := range []struct {
		name string
		tool string
		args map[string]any
		want string
	}{
		{"an unknown argument", "get_message", map[string]any{"inbox": e.inbox.ID, "message_id": "m", "folder": "x"}, "folder"},
		{"a missing argument", "get_message", map[string]any{"inbox": e.inbox.ID}, "message_id"},
		{"a wrong type", "list_messages", map[string]any{"inbox": e.inbox.ID, "limit": "ten"}, "limit"},
		{"a limit over the maximum", "list_messages", map[string]any{"inbox": e.inbox.ID, "limit": 1000}, "limit"},
		{"a timeout over the maximum", "wait_for_message", map[string]any{"inbox": e.inbox.ID, "timeout_seconds": 301}, "timeout_seconds"},
		{"no recipient", "send_message", map[string]any{"inbox": e.inbox.ID, "to": []string{}, "subject": "s", "text": "t"}, "to"},
		{"an empty inbox", "list_messages", map[string]any{"inbox": ""}, "inbox"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e := e.on(t)
			before := e.srv.RequestCount()
			msg := e.fail(tc.tool, tc.args)
			require.Contains(t, msg, tc.want)
			require.Equal(t, before, e.srv.RequestCount(), "an invalid call must not reach the API")
		})
	}
}
