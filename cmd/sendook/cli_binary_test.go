package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/smtp"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sendook/sendook-go"
)

// cliBuildBinary builds the command in pkg into dir and returns its path.
func cliBuildBinary(t *testing.T, dir, pkg, name string) string {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	out := filepath.Join(dir, name)
	if b, err := exec.CommandContext(ctx, "go", "build", "-o", out, pkg).CombinedOutput(); err != nil {
		t.Fatalf("go build %s: %v\n%s", pkg, err, b)
	}
	return out
}

// cliStartLocalServer runs sendook-local on free ports and returns its base
// URL, key and SMTP address.
func cliStartLocalServer(t *testing.T, bin string) (baseURL, key, smtpAddr string) {
	t.Helper()
	cmd := exec.Command(bin, "-addr", "127.0.0.1:0", "-smtp", "127.0.0.1:0", "-ui", "")
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(os.Interrupt)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(10 * time.Second):
			cmd.Process.Kill()
		}
	})
	found := make(chan [3]string, 1)
	go func() {
		var url, key string
		sc := bufio.NewScanner(stdout)
		for sc.Scan() {
			line := strings.TrimSpace(sc.Text())
			if v, ok := strings.CutPrefix(line, "export SENDOOK_BASE_URL="); ok {
				url = v
			}
			if v, ok := strings.CutPrefix(line, "export SENDOOK_API_KEY="); ok {
				key = v
			}
			if v, ok := strings.CutPrefix(line, "SMTP:"); ok {
				addr, _, _ := strings.Cut(strings.TrimSpace(v), " ")
				found <- [3]string{url, key, addr}
			}
		}
		io.Copy(io.Discard, stdout)
	}()
	select {
	case v := <-found:
		return v[0], v[1], v[2]
	case <-time.After(30 * time.Second):
		t.Fatal("sendook-local did not print its addresses")
		return "", "", ""
	}
}

// cliShell runs the sendook binary as a script would, with the given
// environment.
type cliShell struct {
	t   *testing.T
	bin string
	env []string
}

func (s cliShell) command(ctx context.Context, stdin string, args ...string) *exec.Cmd {
	cmd := exec.CommandContext(ctx, s.bin, args...)
	cmd.Env = append(os.Environ(), s.env...)
	cmd.Stdin = strings.NewReader(stdin)
	return cmd
}

// run runs sendook with args and returns its output and exit status.
func (s cliShell) run(args ...string) cliResult {
	s.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var out, errOut bytes.Buffer
	cmd := s.command(ctx, "", args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	err := cmd.Run()
	var exit *exec.ExitError
	code := 0
	if errors.As(err, &exit) {
		code = exit.ExitCode()
	} else if err != nil {
		s.t.Fatalf("sendook %v: %v", args, err)
	}
	return cliResult{out: out.String(), err: errOut.String(), code: code}
}

// TestTheBinaryAsAScriptUsesIt builds sendook and sendook-local and runs
// the commands a shell script would: create an inbox, send with an
// attachment, wait for a code while mail arrives over SMTP, list, and listen
// with forwarding until SIGINT.
func TestTheBinaryAsAScriptUsesIt(t *testing.T) {
	if testing.Short() {
		t.Skip("builds binaries")
	}
	dir := t.TempDir()
	bin := cliBuildBinary(t, dir, ".", "sendook")
	local := cliBuildBinary(t, dir, "../sendook-local", "sendook-local")
	base, key, smtpAddr := cliStartLocalServer(t, local)
	sh := cliShell{t: t, bin: bin, env: []string{"SENDOOK_BASE_URL=" + base, "SENDOOK_API_KEY=" + key}}

	// Create an inbox; its address comes out of the JSON.
	var inbox sendook.Inbox
	cliMustJSON(t, sh.run("inboxes", "create", "--name", "e2e"), &inbox)
	if inbox.Email != "e2e@sendook.com" {
		t.Fatalf("inbox %+v", inbox)
	}

	// Send with an attachment; the body comes from a file.
	note := filepath.Join(dir, "note.txt")
	report := filepath.Join(dir, "report.pdf")
	os.WriteFile(note, []byte("The report is attached.\n"), 0o644)
	os.WriteFile(report, []byte("%PDF-1.4\nreport"), 0o644)
	var sent sendook.Message
	cliMustJSON(t, sh.run("messages", "send", inbox.Email, "--to", "ada@example.com", "--subject", "Report",
		"--text-file", note, "--attach", report), &sent)
	if len(sent.Attachments) != 1 || sent.Attachments[0].Name != "report.pdf" || sent.Attachments[0].ContentType != "application/pdf" {
		t.Errorf("sent attachments %+v", sent.Attachments)
	}

	// Inbound mail: wait for it with --code while it arrives over SMTP.
	sh.run("inboxes", "create", "--name", "signup")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var waitOut, waitErr bytes.Buffer
	wait := sh.command(ctx, "", "messages", "wait", "signup@sendook.com", "--from", "noreply@example.com", "--subject", "code", "--code", "--timeout", "30s")
	wait.Stdout, wait.Stderr = &waitOut, &waitErr
	if err := wait.Start(); err != nil {
		t.Fatal(err)
	}
	time.Sleep(500 * time.Millisecond)
	mail := "From: Example <noreply@example.com>\r\nTo: signup@sendook.com\r\nSubject: Your sign-up code\r\n" +
		"Content-Type: text/plain; charset=utf-8\r\n\r\nYour verification code is 482913.\r\n"
	if err := smtp.SendMail(smtpAddr, nil, "noreply@example.com", []string{"signup@sendook.com"}, []byte(mail)); err != nil {
		t.Fatal(err)
	}
	if err := wait.Wait(); err != nil || waitOut.String() != "482913\n" {
		t.Errorf("wait --code: %v, printed %q, stderr %q; want just the code", err, waitOut.String(), waitErr.String())
	}
	var received []sendook.Message
	cliMustJSON(t, sh.run("messages", "list", "signup@sendook.com"), &received)
	if len(received) != 1 || received[0].Subject != "Your sign-up code" || received[0].Status != sendook.MessageStatusReceived {
		t.Errorf("messages list after the mail arrived: %+v", received)
	}
	if res := sh.run("messages", "list", inbox.Email); !strings.Contains(res.out, sent.ID) {
		t.Errorf("messages list lacks the sent message:\n%s", res.out)
	}

	// listen --forward-to while a test event is triggered, then SIGINT.
	handler := newHandlerSpy(t, http.StatusOK, "ok")
	var listenOut bytes.Buffer
	listenErr := new(cliSyncBuffer)
	listen := sh.command(ctx, "", "listen", "--forward-to", handler.URL+"/hooks")
	listen.Stdout, listen.Stderr = &listenOut, listenErr
	if err := listen.Start(); err != nil {
		t.Fatal(err)
	}
	defer listen.Process.Kill()
	cliEventually(t, "listen is ready", func() bool { return strings.Contains(listenErr.String(), "Ready.") })
	var hooks []sendook.Webhook
	cliMustJSON(t, sh.run("webhooks", "list"), &hooks)
	if len(hooks) != 1 {
		t.Fatalf("webhooks while listening: %+v", hooks)
	}
	if res := sh.run("webhooks", "test", hooks[0].ID); res.code != 0 {
		t.Fatalf("webhooks test: %s", res.err)
	}
	if bodies, _ := handler.got(); len(bodies) != 1 || !strings.Contains(string(bodies[0]), `"test"`) {
		t.Errorf("the handler got %q, want the test event", bodies)
	}
	if err := listen.Process.Signal(os.Interrupt); err != nil {
		t.Fatal(err)
	}
	if err := listen.Wait(); err != nil {
		t.Errorf("listen after SIGINT: %v; stderr %s", err, listenErr)
	}
	var d delivery
	if err := json.Unmarshal(listenOut.Bytes(), &d); err != nil || d.Event != sendook.EventMessageReceived || !d.Test || d.Status != 200 {
		t.Errorf("listen printed %q (%v), want the test event answered 200", listenOut.String(), err)
	}
	cliMustJSON(t, sh.run("webhooks", "list"), &hooks)
	if len(hooks) != 0 {
		t.Errorf("webhooks after SIGINT: %+v, want the temporary one deleted", hooks)
	}
}

func cliMustJSON(t *testing.T, res cliResult, v any) {
	t.Helper()
	if res.code != 0 {
		t.Fatalf("exit %d: %s", res.code, res.err)
	}
	if err := json.Unmarshal([]byte(res.out), v); err != nil {
		t.Fatalf("%v in %q", err, res.out)
	}
}
