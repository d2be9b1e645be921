package main

import (
	"errors"

	"github.com/spf13/cobra"
)

// newMCPCmd serves Sendook's inboxes to AI agents over MCP.
func newMCPCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "mcp",
		Short: "Serve Sendook's inboxes to AI agents over MCP",
		RunE: func(*cobra.Command, []string) error {
			return errors.New("mcp: not available in this build")
		},
	}
}
