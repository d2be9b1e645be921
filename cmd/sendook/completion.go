package main

import (
	"context"
	"strings"
	"time"

	"github.com/spf13/cobra"
)

func newCompletionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "completion bash|zsh|fish|powershell",
		Short: "Print the shell completion script",
		Long: `Print the script that completes sendook's commands and flags in your shell.
Load it in the current shell, or install it for every new one.`,
		Example: `  source <(sendook completion bash)
  sendook completion bash > /etc/bash_completion.d/sendook
  sendook completion zsh > "${fpath[1]}/_sendook"
  sendook completion fish > ~/.config/fish/completions/sendook.fish
  sendook completion powershell | Out-String | Invoke-Expression`,
		ValidArgs: []string{"bash", "zsh", "fish", "powershell"},
		Args:      args("SHELL"),
		RunE: func(cmd *cobra.Command, args []string) error {
			root := cmd.Root()
			switch args[0] {
			case "bash":
				return root.GenBashCompletionV2(a.Out, true)
			case "zsh":
				return root.GenZshCompletion(a.Out)
			case "fish":
				return root.GenFishCompletion(a.Out, true)
			case "powershell":
				return root.GenPowerShellCompletionWithDesc(a.Out)
			}
			return usageError{errUnknownShell(args[0])}
		},
	}
}

type errUnknownShell string

func (e errUnknownShell) Error() string {
	return "unknown shell " + string(e) + ": bash, zsh, fish or powershell"
}

// completeInboxArgs makes the shell complete the INBOX argument of every
// command under cmd that takes one with the inboxes' addresses.
func completeInboxArgs(a *app, cmd *cobra.Command) {
	for _, sub := range cmd.Commands() {
		completeInboxArgs(a, sub)
	}
	if use := strings.Fields(cmd.Use); len(use) < 2 || use[1] != "INBOX" || cmd.ValidArgsFunction != nil {
		return
	}
	cmd.ValidArgsFunction = func(cmd *cobra.Command, args []string, toComplete string) ([]cobra.Completion, cobra.ShellCompDirective) {
		if len(args) > 0 {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		c, err := a.client()
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		ctx, cancel := context.WithTimeout(cmd.Context(), completionTimeout)
		defer cancel()
		inboxes, err := c.Inboxes.List(ctx)
		if err != nil {
			return nil, cobra.ShellCompDirectiveNoFileComp
		}
		var out []cobra.Completion
		for _, in := range inboxes {
			if strings.HasPrefix(in.Email, toComplete) {
				out = append(out, cobra.CompletionWithDesc(in.Email, in.Name))
			}
		}
		return out, cobra.ShellCompDirectiveNoFileComp
	}
}

// completionTimeout bounds the API call behind a completion, so that a
// slow network never freezes the shell for long.
const completionTimeout = 3 * time.Second
