package main

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/stretchr/testify/require"
)

// The built binary, launched over stdio by the Go SDK's CommandTransport
// as an MCP client host launches it.
func TestMCPBinaryOverStdio(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the command")
	}
	srv, env := mcpBackend(t)
	bin := filepath.Join(t.TempDir(), "sendook")
	build := exec.Command("go", "build", "-o", bin, ".")
	out, err := build.CombinedOutput()
	require.NoError(t, err, "%s", out)

	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	cmd := exec.Command(bin, "mcp", "--allow-to", "*@example.com")
	cmd.Env = append(os.Environ(), "SENDOOK_API_KEY="+env["SENDOOK_API_KEY"], "SENDOOK_BASE_URL="+env["SENDOOK_BASE_URL"])
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil).
		Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	require.NoError(t, err)

	init := cs.InitializeResult()
	require.Equal(t, "sendook", init.ServerInfo.Name)
	require.Contains(t, init.Instructions, "do not send mail")
	require.Len(t, mcpToolNames(t, cs), 11)

	require.Contains(t, mcpListInboxes(t, cs), "support@sendook.com")

	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "send_message", Arguments: map[string]any{
		"inbox": "support@sendook.com", "to": []string{"ada@example.com"}, "subject": "Hello", "text": "Hi Ada"}})
	require.NoError(t, err)
	require.False(t, res.IsError, res.Content)
	var sent struct {
		Sent struct {
			ID string `json:"id"`
		} `json:"sent"`
	}
	raw, _ := json.Marshal(res.StructuredContent)
	require.NoError(t, json.Unmarshal(raw, &sent))
	require.Len(t, srv.Sent(), 1)
	require.Equal(t, srv.Sent()[0].ID, sent.Sent.ID)

	res, err = cs.CallTool(ctx, &mcp.CallToolParams{Name: "send_message", Arguments: map[string]any{
		"inbox": "support@sendook.com", "to": []string{"eve@elsewhere.test"}, "subject": "Hello", "text": "Hi"}})
	require.NoError(t, err)
	require.True(t, res.IsError)
	require.Len(t, srv.Sent(), 1)

	// Close closes the binary's standard input and waits for it to exit.
	require.NoError(t, cs.Close())
	require.NotNil(t, cmd.ProcessState)
	require.Equal(t, 0, cmd.ProcessState.ExitCode(), "the binary should exit cleanly when its client closes stdin")
}
