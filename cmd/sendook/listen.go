package main

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"time"

	"github.com/sendook/sendook-go"
	"github.com/spf13/cobra"
)

// Bounds of the webhook receiver.
const (
	maxDeliveryBytes = 32 << 20         // as sendook.NewWebhookHandler's default
	forwardTimeout   = 10 * time.Second // Sendook gives an endpoint 15s
	cleanupTimeout   = 10 * time.Second // to delete the temporary webhook on exit
	maxForwardAnswer = 1 << 20          // of the handler's answer, passed back to Sendook
)

type listenOptions struct {
	events    []string
	forwardTo string
	publicURL string
	addr      string
}

func newListenCmd(a *app) *cobra.Command {
	var o listenOptions
	cmd := &cobra.Command{
		Use:   "listen",
		Short: "Receive webhooks on this machine and forward them to your handler",
		Long: `Run a webhook receiver on this machine, subscribe it to events with a
temporary webhook, print each delivery, and forward it byte for byte, with its
headers, to --forward-to; Sendook gets your handler's answer. The temporary
webhook is deleted when listen stops (Ctrl-C), also when the handler is down.

The webhook points at --public-url, or at the receiver's own address, which a
self-hosted server or sendook-local on this machine can reach. For the hosted
Sendook, expose --addr through a tunnel and pass its URL as --public-url.

With SENDOOK_WEBHOOK_SECRET set, each delivery's signature is checked; a
badly signed one is answered 401 and not forwarded.`,
		Example: `  sendook listen --forward-to http://localhost:3000/webhooks/sendook
  sendook listen --event message.received --event message.bounced
  sendook listen --addr 127.0.0.1:4000 --public-url https://abc123.tunnel.example --forward-to http://localhost:3000/hooks
  sendook listen | jq -r .event`,
		Args: args(),
		RunE: func(cmd *cobra.Command, _ []string) error { return runListen(cmd.Context(), a, &o) },
	}
	f := cmd.Flags()
	f.StringSliceVar(&o.events, "event", nil, "an `event` to subscribe to (repeats; default all)")
	f.StringVar(&o.forwardTo, "forward-to", "", "forward each delivery to this `URL`")
	f.StringVar(&o.publicURL, "public-url", "", "the `URL` Sendook can reach the receiver at (default: its own address)")
	f.StringVar(&o.addr, "addr", "127.0.0.1:0", "the `address` to receive on (port 0: any free one)")
	return cmd
}

func runListen(ctx context.Context, a *app, o *listenOptions) error {
	evs, err := parseEvents(o.events)
	if err != nil {
		return err
	}
	if o.forwardTo != "" {
		if err := checkHTTPURL("--forward-to", o.forwardTo); err != nil {
			return err
		}
	}
	if o.publicURL != "" {
		if err := checkHTTPURL("--public-url", o.publicURL); err != nil {
			return err
		}
	} else if a.serverName() == sendook.DefaultBaseURL {
		return usageError{errors.New("the hosted Sendook cannot reach this machine: expose --addr through a tunnel and pass its URL as --public-url, or use --base-url for a server on this machine")}
	}
	c, err := a.client()
	if err != nil {
		return err
	}

	ln, err := net.Listen("tcp", o.addr)
	if err != nil {
		return usageError{fmt.Errorf("--addr: %w", err)}
	}
	target := o.publicURL
	if target == "" {
		target = "http://" + reachableAddr(ln.Addr()) + "/"
	}
	r := &receiver{a: a, inboxes: map[string]string{}, forwardTo: o.forwardTo, secret: a.getenv("SENDOOK_WEBHOOK_SECRET"),
		forward: &http.Client{Timeout: forwardTimeout, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}}
	r.loadInboxes(ctx, c) // before any delivery is served
	r.status = "listening at " + target + " (Ctrl-C stops)"
	r.p = a.startProgress(r.status)
	defer r.p.Stop()
	srv := &http.Server{Handler: r, ReadHeaderTimeout: 10 * time.Second}
	served := make(chan struct{})
	go func() {
		defer close(served)
		srv.Serve(ln)
	}()
	defer func() {
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		srv.Shutdown(shutdown)
		<-served
	}()

	hook, err := c.Webhooks.Create(ctx, &sendook.CreateWebhookParams{URL: target, Events: evs})
	if err != nil {
		return err
	}
	defer r.deleteWebhook(c, hook)

	r.p.Do(func() {
		fwd := "not forwarded (no --forward-to)"
		if o.forwardTo != "" {
			fwd = "forwarding to " + o.forwardTo
		}
		fmt.Fprintf(a.Err, "Ready. Temporary webhook %s (events: %s) points at %s; %s. Ctrl-C stops.\n", hook.ID, eventsCell(hook.Events), target, fwd)
	})
	<-ctx.Done()
	return nil
}

// checkHTTPURL refuses a flag value that is not an absolute http(s) URL.
func checkHTTPURL(flag, raw string) error {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return usageError{fmt.Errorf("%s must be an http or https URL, such as http://localhost:3000/webhooks", flag)}
	}
	return nil
}

// reachableAddr is the address to reach a listener at from this machine: a
// listener on every interface is reached on loopback.
func reachableAddr(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok || !tcp.IP.IsUnspecified() {
		return addr.String()
	}
	return net.JoinHostPort("127.0.0.1", fmt.Sprint(tcp.Port))
}

// receiver takes deliveries, prints them and forwards them.
type receiver struct {
	a         *app
	p         *progress
	forwardTo string
	secret    string
	forward   *http.Client

	client *sendook.Client
	status string // the progress line, before the count of deliveries

	mu      sync.Mutex
	inboxes map[string]string // id → email, to print addresses
	count   int               // deliveries so far
}

// loadInboxes remembers the inboxes' addresses, so deliveries can be shown
// by address; without them ids are shown.
func (r *receiver) loadInboxes(ctx context.Context, c *sendook.Client) {
	r.client = c
	if list, err := c.Inboxes.List(ctx); err == nil {
		for _, in := range list {
			r.inboxes[in.ID] = in.Email
		}
	}
}

// deleteWebhook removes the temporary webhook, even after ctx was
// cancelled by Ctrl-C.
func (r *receiver) deleteWebhook(c *sendook.Client, hook *sendook.Webhook) {
	ctx, cancel := context.WithTimeout(context.Background(), cleanupTimeout)
	defer cancel()
	_, err := c.Webhooks.Delete(ctx, hook.ID)
	r.p.Do(func() {
		if err != nil {
			msg, _ := r.a.explain(err)
			r.a.printError("could not delete the temporary webhook " + hook.ID + ": " + msg + "; delete it with: sendook webhooks delete " + hook.ID)
			return
		}
		fmt.Fprintf(r.a.Err, "Deleted the temporary webhook %s.\n", hook.ID)
	})
}

// delivery is what listen prints of one delivery, and its JSON line.
type delivery struct {
	Time      time.Time         `json:"time"`
	Event     sendook.EventType `json:"event,omitempty"`
	InboxID   string            `json:"inboxId,omitempty"`
	Inbox     string            `json:"inbox,omitempty"`
	MessageID string            `json:"messageId,omitempty"`
	Subject   string            `json:"subject,omitempty"`
	Test      bool              `json:"test,omitempty"`
	// Signature is "valid" or "invalid" when SENDOOK_WEBHOOK_SECRET is
	// set, empty otherwise.
	Signature string `json:"signature,omitempty"`
	// Status is what the --forward-to handler answered; zero when not
	// forwarded.
	Status int `json:"status,omitempty"`
	// Error says why the delivery could not be read or forwarded.
	Error string `json:"error,omitempty"`
}

func (r *receiver) ServeHTTP(w http.ResponseWriter, req *http.Request) {
	if req.Method != http.MethodPost {
		http.Error(w, "sendook listen takes webhook deliveries: POST only", http.StatusMethodNotAllowed)
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, req.Body, maxDeliveryBytes))
	if err != nil {
		http.Error(w, "body too large or unreadable", http.StatusRequestEntityTooLarge)
		return
	}
	d := r.describe(body)
	if r.secret != "" {
		if err := sendook.VerifyWebhookSignature(r.secret, body, req.Header.Get(sendook.WebhookSignatureHeader)); err != nil {
			d.Signature, d.Error = "invalid", "bad signature: not forwarded"
			r.print(d)
			http.Error(w, "invalid signature", http.StatusUnauthorized)
			return
		}
		d.Signature = "valid"
	}
	if r.forwardTo == "" {
		r.print(d)
		w.WriteHeader(http.StatusOK)
		return
	}
	resp, err := r.relay(req, body)
	if err != nil {
		d.Error = "forward failed: " + rootCause(err)
		r.print(d)
		http.Error(w, "sendook listen: the forward target did not answer", http.StatusBadGateway)
		return
	}
	defer resp.Body.Close()
	d.Status = resp.StatusCode
	r.print(d)
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		w.Header().Set("Content-Type", ct)
	}
	w.WriteHeader(resp.StatusCode)
	io.Copy(w, io.LimitReader(resp.Body, maxForwardAnswer))
}

// hopHeaders belong to one connection and are not forwarded.
var hopHeaders = []string{"Connection", "Keep-Alive", "Proxy-Authenticate", "Proxy-Authorization", "Te", "Trailer", "Transfer-Encoding", "Upgrade"}

// relay sends body, with the delivery's headers, to the forward target.
func (r *receiver) relay(req *http.Request, body []byte) (*http.Response, error) {
	out, err := http.NewRequestWithContext(req.Context(), http.MethodPost, r.forwardTo, bytes.NewReader(body))
	if err != nil {
		return nil, err
	}
	out.Header = req.Header.Clone()
	for _, h := range hopHeaders {
		out.Header.Del(h)
	}
	out.Header.Del("Content-Length") // set from the body
	return r.forward.Do(out)
}

// describe reads what a person wants to see of a delivery: its event, inbox
// and subject.
func (r *receiver) describe(body []byte) delivery {
	d := delivery{Time: time.Now()}
	ev, err := sendook.ParseWebhookEvent(body)
	if err != nil {
		d.Error = trimPrefix(err.Error())
		return d
	}
	d.Event, d.InboxID, d.MessageID, d.Test = ev.Event, ev.InboxID, ev.MessageID, ev.IsTest()
	if m, err := ev.Message(); err == nil {
		d.Subject = m.Subject
		if d.InboxID == "" {
			d.InboxID = m.InboxID
		}
	}
	if in, err := ev.Inbox(); err == nil {
		d.Inbox = in.Email
		if d.InboxID == "" {
			d.InboxID = in.ID
		}
		r.mu.Lock()
		r.inboxes[in.ID] = in.Email
		r.mu.Unlock()
	}
	if d.Inbox == "" && d.InboxID != "" {
		d.Inbox = r.inboxAddress(d.InboxID)
	}
	return d
}

// inboxAddress returns the address of the inbox with id, from what is
// known or by asking once; "" when it cannot be had quickly.
func (r *receiver) inboxAddress(id string) string {
	r.mu.Lock()
	email, known := r.inboxes[id]
	r.mu.Unlock()
	if known || r.client == nil {
		return email
	}
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if in, err := r.client.Inboxes.Get(ctx, id); err == nil {
		email = in.Email
	}
	r.mu.Lock()
	r.inboxes[id] = email // also "" after a failure: ask once
	r.mu.Unlock()
	return email
}

// print shows a delivery: a line on a terminal, a JSON line otherwise.
func (r *receiver) print(d delivery) {
	r.p.Do(func() {
		if r.a.useJSON() {
			printLine(r.a.Out, d)
			return
		}
		fmt.Fprintln(r.a.Out, r.line(d))
	})
	r.mu.Lock()
	r.count++
	n := r.count
	r.mu.Unlock()
	r.p.SetMessage(fmt.Sprintf("%s, %s so far", r.status, plural(n, "delivery")))
}

func (r *receiver) line(d delivery) string {
	inbox := d.Inbox
	if inbox == "" {
		inbox = d.InboxID
	}
	what := d.Subject
	if d.Test {
		what = "(test event)"
	}
	parts := []string{d.Time.In(r.a.loc).Format("15:04:05"), pad(orDash(string(d.Event)), 20), pad(cut(orDash(inbox), maxFrom), maxFrom), pad(cut(orDash(what), 40), 40)}
	switch {
	case d.Error != "":
		parts = append(parts, "! "+d.Error)
	case d.Status != 0:
		parts = append(parts, fmt.Sprintf("→ %d %s", d.Status, http.StatusText(d.Status)))
	}
	if d.Signature != "" && d.Error == "" {
		parts = append(parts, "(signature "+d.Signature+")")
	}
	return strings.TrimRight(strings.Join(parts, "  "), " ")
}
