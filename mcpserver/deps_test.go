package mcpserver_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// The client and the test server must stay light: a program that imports
// only them compiles none of what the commands and this package need.
func TestClientBuildsCarryNoCommandDependencies(t *testing.T) {
	goCmd, err := exec.LookPath("go")
	if err != nil {
		t.Skip("no go command to list dependencies with")
	}
	heavy := []string{
		"github.com/modelcontextprotocol/",
		"github.com/google/jsonschema-go/",
		"github.com/spf13/cobra",
		"github.com/emersion/go-smtp",
		"github.com/chromedp/",
	}
	deps := func(pkgs ...string) []string {
		args := append([]string{"list", "-deps", "-f", "{{if not .Standard}}{{.ImportPath}}{{end}}"}, pkgs...)
		out, err := exec.Command(goCmd, args...).CombinedOutput()
		require.NoError(t, err, "%s", out)
		return strings.Fields(string(out))
	}
	heavyIn := func(list []string) []string {
		var found []string
		for _, p := range list {
			for _, h := range heavy {
				if strings.HasPrefix(p, h) {
					found = append(found, p)
				}
			}
		}
		return found
	}

	for _, pkg := range []string{"github.com/sendook/sendook-go", "github.com/sendook/sendook-go/sendooktest"} {
		require.Empty(t, heavyIn(deps(pkg)), "%s compiles dependencies of the commands", pkg)
	}
	// The check itself sees them where they are.
	require.NotEmpty(t, heavyIn(deps("github.com/sendook/sendook-go/mcpserver")))
}
