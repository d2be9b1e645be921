package main

import (
	"bytes"
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// cliDialects are the two wire formats every command is tested against.
var cliDialects = []sendooktest.Dialect{sendooktest.DialectReal, sendooktest.DialectDocumented}

// cliForEachDialect runs fn as a subtest against a fresh server of each
// dialect.
func cliForEachDialect(t *testing.T, fn func(t *testing.T, h *cliHarness)) {
	for _, d := range cliDialects {
		t.Run(d.String(), func(t *testing.T) {
			t.Parallel()
			fn(t, newCLIHarness(t, sendooktest.WithDialect(d)))
		})
	}
}

// cliHarness runs sendook commands in-process against a sendooktest
// server, as a user would on a terminal (tty) or in a pipe.
type cliHarness struct {
	t   *testing.T
	srv *sendooktest.Server
	env map[string]string
}

func newCLIHarness(t *testing.T, opts ...sendooktest.ServerOption) *cliHarness {
	t.Helper()
	srv := sendooktest.NewServer(opts...)
	t.Cleanup(srv.Close)
	return &cliHarness{t: t, srv: srv, env: map[string]string{
		"SENDOOK_API_KEY":  srv.APIKey,
		"SENDOOK_BASE_URL": srv.URL,
	}}
}

// cliResult is what one command did.
type cliResult struct {
	out, err string
	code     int
}

// cliRun describes one run.
type cliRun struct {
	args   []string
	stdin  string
	tty    bool // standard output (and error) are a terminal
	ctx    context.Context
	out    *cliSyncBuffer // to read output while the command runs
	errOut *cliSyncBuffer
}

// run runs args with output piped.
func (h *cliHarness) run(args ...string) cliResult {
	h.t.Helper()
	return h.exec(cliRun{args: args})
}

// runTTY runs args with output on a terminal.
func (h *cliHarness) runTTY(args ...string) cliResult {
	h.t.Helper()
	return h.exec(cliRun{args: args, tty: true})
}

func (h *cliHarness) exec(r cliRun) cliResult {
	h.t.Helper()
	if r.out == nil {
		r.out = new(cliSyncBuffer)
	}
	if r.errOut == nil {
		r.errOut = new(cliSyncBuffer)
	}
	if r.ctx == nil {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		r.ctx = ctx
	}
	a := &app{
		streams: streams{In: strings.NewReader(r.stdin), Out: r.out, Err: r.errOut, OutTTY: r.tty},
		getenv:  func(k string) string { return h.env[k] },
		loc:     time.UTC,
		// Fast tests: short polls, short waits between retries.
		pollInterval:  250 * time.Millisecond,
		clientOptions: []sendook.Option{sendook.WithRetryWait(time.Millisecond, 10*time.Millisecond)},
	}
	code := execute(r.ctx, a, r.args)
	res := cliResult{out: r.out.String(), err: r.errOut.String(), code: code}
	for _, s := range []string{res.out, res.err} {
		// A key too short to be secret, such as "k", is in many words:
		// only a real-looking key is looked for.
		if len(h.srv.APIKey) >= 8 && strings.Contains(s, h.srv.APIKey) {
			h.t.Fatalf("sendook %s printed the API key:\n%s", strings.Join(r.args, " "), s)
		}
	}
	return res
}

// client is an SDK client of the harness's server, to prepare and check
// state.
func (h *cliHarness) client() *sendook.Client { return h.srv.Client() }

// ok fails the test unless res succeeded.
func (res cliResult) ok(t *testing.T) cliResult {
	t.Helper()
	if res.code != exitOK {
		t.Fatalf("exit status %d, want 0; stderr:\n%s", res.code, res.err)
	}
	return res
}

// cliSyncBuffer is a bytes.Buffer safe to read while a command writes it.
type cliSyncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *cliSyncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *cliSyncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// cliEventually polls cond until it holds or the deadline passes.
func cliEventually(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting until %s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
