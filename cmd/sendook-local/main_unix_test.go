//go:build unix

package main

import (
	"os"
	"os/exec"
	"syscall"
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// TestInterruptStopsCleanly runs the command as its own process and
// interrupts it, as Ctrl-C does.
func TestInterruptStopsCleanly(t *testing.T) {
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), runMainEnv+"=-addr 127.0.0.1:0 -smtp 127.0.0.1:0 -ui 127.0.0.1:0 -dialect documented")
	out, err := cmd.StdoutPipe()
	require.NoError(t, err)
	cmd.Stderr = os.Stderr
	require.NoError(t, cmd.Start())
	defer cmd.Process.Kill()

	s := readSettings(t, out)
	useServer(t, s.baseURL, s.apiKey)
	assert.NotEmpty(t, s.smtp)
	assert.NotEmpty(t, s.ui)

	require.NoError(t, cmd.Process.Signal(syscall.SIGINT))
	assert.Contains(t, <-s.rest, "Shutting down.")
	require.NoError(t, cmd.Wait(), "exits with status 0")
}
