package main

import (
	"fmt"
	"runtime"
	"runtime/debug"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

// versionInfo is what sendook version prints.
type versionInfo struct {
	Version string `json:"version"` // of the sendook command: the module version it was installed at
	SDK     string `json:"sdk"`
	Go      string `json:"go"`
	OS      string `json:"os"`
	Arch    string `json:"arch"`
}

func currentVersion() versionInfo {
	v := versionInfo{Version: sendook.Version, SDK: sendook.Version, Go: runtime.Version(), OS: runtime.GOOS, Arch: runtime.GOARCH}
	if info, ok := debug.ReadBuildInfo(); ok && info.Main.Version != "" && info.Main.Version != "(devel)" {
		v.Version = info.Main.Version
	}
	return v
}

func newVersionCmd(a *app) *cobra.Command {
	return &cobra.Command{
		Use:     "version",
		Short:   "Print the versions of sendook, its SDK and Go",
		Example: "  sendook version\n  sendook version --json",
		Args:    args(),
		RunE: func(*cobra.Command, []string) error {
			v := currentVersion()
			if a.useJSON() {
				return a.printJSON(v)
			}
			_, err := fmt.Fprintf(a.Out, "sendook %s (SDK %s, %s, %s/%s)\n", v.Version, v.SDK, v.Go, v.OS, v.Arch)
			return err
		},
	}
}
