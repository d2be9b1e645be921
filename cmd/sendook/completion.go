package main

import (
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
