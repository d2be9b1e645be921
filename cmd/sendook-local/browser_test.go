package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/smtp"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
)

// screenshotsEnv names a directory to save the web inbox's screenshots in
// (the README's come from there).
const screenshotsEnv = "SENDOOK_LOCAL_SCREENSHOTS"

// chromium finds a Chromium or Chrome to drive, or skips the test.
func chromium(t *testing.T) string {
	t.Helper()
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "chrome", "headless-shell"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	if os.Getenv("SENDOOK_REQUIRE_BROWSER") != "" {
		t.Fatal("no Chromium installed, and SENDOOK_REQUIRE_BROWSER is set")
	}
	t.Skip("no Chromium installed (apt-get install chromium): the browser test of the web inbox is skipped")
	return ""
}

// TestWebInboxInABrowser drives the web inbox in headless Chromium, as a
// developer would use it: mail appears without a reload, the HTML body's
// script does not run, and an attachment downloads.
func TestWebInboxInABrowser(t *testing.T) {
	if testing.Short() {
		t.Skip("starts a browser")
	}
	exe := chromium(t)

	// Remote content the mail asks for would land here.
	var remoteHits atomic.Int32
	remote := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { remoteHits.Add(1) }))
	defer remote.Close()

	s := start(t, "-addr", "127.0.0.1:0", "-smtp", "127.0.0.1:0", "-ui", "127.0.0.1:0", "-dialect", "documented")
	client := sendook.NewClient(s.apiKey, sendook.WithBaseURL(s.baseURL))
	ctx := context.Background()

	alloc, cancelAlloc := chromedp.NewExecAllocator(ctx,
		chromedp.ExecPath(exe),
		chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck, chromedp.Headless,
		chromedp.NoSandbox, chromedp.DisableGPU,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-dev-shm-usage", true),
		chromedp.Flag("disable-extensions", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("hide-scrollbars", true),
		chromedp.Flag("force-color-profile", "srgb"),
		// Keep the message's sandboxed frame in the page's process, so
		// that the test can read what it shows.
		chromedp.Flag("disable-site-isolation-trials", true),
		chromedp.Flag("disable-features", "IsolateSandboxedIframes,site-per-process"),
		chromedp.WindowSize(1280, 800),
	)
	defer cancelAlloc()
	tab, cancelTab := chromedp.NewContext(alloc)
	defer cancelTab()
	tab, cancelTimeout := context.WithTimeout(tab, 90*time.Second)
	defer cancelTimeout()

	// The home page, before any inbox exists; a marker tells whether the
	// page is ever reloaded.
	require.NoError(t, chromedp.Do(tab,
		chromedp.Navigate(s.ui+"/"),
		chromedp.WaitVisible(chromedp.CSS("#inboxes")),
	))
	_, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.stillTheSamePage = true`))
	require.NoError(t, err)

	// An inbox created through the API shows up by itself.
	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support"})
	require.NoError(t, err)
	require.NoError(t, chromedp.Do(tab, chromedp.WaitVisible(chromedp.CSS(`#inboxes a[href="/inboxes/`+inbox.ID+`"]`))))
	seed(t, client, inbox, s.smtp)
	require.NoError(t, chromedp.Do(tab,
		chromedp.Click(chromedp.CSS(`#inboxes a[href="/inboxes/`+inbox.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.tabs`)),
	))
	_, err = chromedp.Run(tab, chromedp.Evaluate[bool](`window.stillTheSamePage = true`))
	require.NoError(t, err)

	// Another tab simulates a mail through the form.
	form, cancelForm := chromedp.NewContext(tab)
	defer cancelForm()
	attachment := filepath.Join(t.TempDir(), "invoice.pdf")
	pdf := []byte("%PDF-1.4\n% a small test file\n")
	require.NoError(t, os.WriteFile(attachment, pdf, 0o600))
	mailHTML := `<h2 id="greeting">Hello from the browser test</h2>` +
		`<p>Your code is <b>271828</b>.</p>` +
		`<img src="` + remote.URL + `/pixel.gif" alt="tracker">` +
		`<script>document.getElementById("greeting").textContent = "script ran";` +
		`setInterval(function () { parent.postMessage("script ran", "*"); }, 50);` +
		`fetch("` + remote.URL + `/fetch");</script>`
	require.NoError(t, chromedp.Do(form,
		chromedp.Navigate(s.ui+"/simulate"),
		chromedp.WaitVisible(chromedp.CSS(`form.form`)),
		chromedp.SetValue(chromedp.CSS(`input[name="to"]`), inbox.Email),
		chromedp.SetValue(chromedp.CSS(`input[name="from"]`), "Grace Hopper <grace@example.com>"),
		chromedp.SetValue(chromedp.CSS(`input[name="subject"]`), "Invoice for November"),
		chromedp.SetValue(chromedp.CSS(`textarea[name="text"]`), "Hello,\n\nYour code is 271828. The invoice is attached.\n\nGrace"),
		chromedp.SetValue(chromedp.CSS(`textarea[name="html"]`), mailHTML),
		chromedp.SetUploadFiles(chromedp.CSS(`input[name="attachment"]`), []string{attachment}),
		chromedp.Click(chromedp.CSS(`form.form button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`.notice`)),
	))
	notice, err := chromedp.Run(form, chromedp.Text(chromedp.CSS(`.notice`)))
	require.NoError(t, err)
	assert.Contains(t, notice, "delivered")

	// The first tab shows it without a reload.
	row := `#list a.row .subject`
	_, err = chromedp.Run(tab, chromedp.Poll[bool](`[...document.querySelectorAll("`+row+`")].some(e => e.textContent.includes("Invoice for November"))`,
		chromedp.WithPollingTimeout(20*time.Second)))
	require.NoError(t, err, "the new mail appears in the list by itself")
	same, err := chromedp.Run(tab, chromedp.Evaluate[bool](`window.stillTheSamePage === true`))
	require.NoError(t, err)
	assert.True(t, same, "the page was not reloaded")
	saveScreenshot(t, tab, "sendook-local-inbox.png")

	// Open it.
	msgs, err := client.Messages.List(ctx, inbox.ID, &sendook.ListMessagesParams{Query: "Invoice for November"})
	require.NoError(t, err)
	require.Len(t, msgs, 1)
	msg := msgs[0]
	require.NoError(t, chromedp.Do(tab,
		chromedp.Click(chromedp.CSS(`#list a.row[data-id="`+msg.ID+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`#message iframe.html-body`)),
		// Listen for what a running script would post to the page.
		chromedp.Evaluate[chromedp.Void](`window.posted = []; addEventListener("message", e => window.posted.push(String(e.data)))`),
	))
	subject, err := chromedp.Run(tab, chromedp.Text(chromedp.CSS(`#message .msg-subject`)))
	require.NoError(t, err)
	assert.Equal(t, "Invoice for November", subject)

	// The HTML body is shown, and its script never ran.
	frames, err := chromedp.Run(tab, chromedp.Nodes(chromedp.CSS(`#message iframe.html-body`)))
	require.NoError(t, err)
	require.Len(t, frames, 1)
	inFrame, cancelInFrame := context.WithTimeout(tab, 10*time.Second)
	defer cancelInFrame()
	greeting, err := chromedp.Run(inFrame, chromedp.Text(chromedp.CSS(`#greeting`), chromedp.FromNode(frames[0])))
	require.NoError(t, err, "the HTML body is rendered in the frame")
	assert.Equal(t, "Hello from the browser test", greeting, "the script did not change the body")
	time.Sleep(500 * time.Millisecond) // time for a script that ran to post
	posted, err := chromedp.Run(tab, chromedp.Evaluate[[]string](`window.posted`))
	require.NoError(t, err)
	assert.Empty(t, posted, "the script did not run")
	assert.Zero(t, remoteHits.Load(), "no remote content was loaded")
	sandbox, err := chromedp.Run(tab, chromedp.Evaluate[string](`document.querySelector("#message iframe.html-body").getAttribute("sandbox")`))
	require.NoError(t, err)
	assert.Empty(t, sandbox, "sandboxed with nothing allowed")
	saveScreenshot(t, tab, "sendook-local-message.png")

	// The attachment downloads, byte for byte.
	dir := t.TempDir()
	progress := chromedp.Events(tab, browser.DownloadProgress)
	require.NoError(t, chromedp.Do(tab,
		chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
			_, err := chromedp.Call(ctx, browser.SetDownloadBehavior, browser.SetDownloadBehaviorParams{
				Behavior: browser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: ptr(true),
			})
			return err
		}),
		chromedp.Click(chromedp.CSS(`#message .files a`)),
	))
	var file string
	for ev, err := range progress {
		require.NoError(t, err)
		if ev.State == browser.DownloadProgressStateCompleted {
			file = filepath.Join(dir, ev.GUID)
			break
		}
		require.NotEqual(t, browser.DownloadProgressStateCanceled, ev.State, "the download was cancelled")
	}
	got, err := os.ReadFile(file)
	require.NoError(t, err)
	assert.Equal(t, pdf, got)
}

func ptr[T any](v T) *T { return &v }

// seed gives the inbox what an agent's inbox has after a while: mail in
// over SMTP, a send, and a reply, so that the screenshots look like use.
func seed(t *testing.T, client *sendook.Client, inbox *sendook.Inbox, smtpAddr string) {
	t.Helper()
	ctx := context.Background()
	mails := []struct{ from, subject, text string }{
		{"Alan Turing <alan@example.com>", "Can your agent book the meeting room?", "Hi! Could you book room 4 for Thursday at 10?\n\nThanks,\nAlan"},
		{"noreply@accounts.example.com", "Your verification code", "Your verification code is 480213. It expires in 10 minutes.\nhttps://accounts.example.com/verify?token=abc"},
	}
	for _, m := range mails {
		raw := "From: " + m.from + "\r\nTo: " + inbox.Email + "\r\nSubject: " + m.subject + "\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n" + strings.ReplaceAll(m.text, "\n", "\r\n") + "\r\n"
		require.NoError(t, smtp.SendMail(smtpAddr, nil, "sender@example.com", []string{inbox.Email}, []byte(raw)))
		time.Sleep(5 * time.Millisecond)
	}
	sent, err := client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{
		To: []string{"ada@example.com"}, Subject: "Weekly report", Text: "Here is this week's report.", HTML: "<p>Here is this week's report.</p>"})
	require.NoError(t, err)
	_, err = client.Messages.Reply(ctx, inbox.ID, sent.ID, &sendook.ReplyMessageParams{Text: "One more thing: the numbers are final.", HTML: "<p>One more thing: the numbers are final.</p>"})
	require.NoError(t, err)
}

// saveScreenshot saves the tab as a PNG in $SENDOOK_LOCAL_SCREENSHOTS, when
// set.
func saveScreenshot(t *testing.T, tab context.Context, name string) {
	t.Helper()
	dir := os.Getenv(screenshotsEnv)
	if dir == "" {
		return
	}
	png, err := chromedp.Run(tab, chromedp.FullScreenshot(100))
	require.NoError(t, err)
	require.True(t, bytes.HasPrefix(png, []byte("\x89PNG")), "a PNG")
	require.NoError(t, os.WriteFile(filepath.Join(dir, name), png, 0o644))
}
