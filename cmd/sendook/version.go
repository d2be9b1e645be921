package main

import (
	"fmt"
	"runtime"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the versions of sendook, its SDK and Go",
		Args:  cobra.NoArgs,
		RunE: func(*cobra.Command, []string) error {
			v := map[string]string{"sdk": sendook.Version, "go": runtime.Version(), "os": runtime.GOOS, "arch": runtime.GOARCH}
			if a.useJSON() {
				return a.printJSON(v)
			}
			_, err := fmt.Fprintf(a.Out, "sendook %s (%s %s/%s)\n", v["sdk"], v["go"], v["os"], v["arch"])
			return err
		},
	}
}
