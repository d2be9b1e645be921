package sendooktest

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"time"

	sendook "github.com/sendook/sendook-go"
)

// deliveryTimeout bounds each webhook delivery, so that a receiver that
// hangs cannot hold up the API call that caused it for long.
const deliveryTimeout = 5 * time.Second

// maxAttempts is how many attempts the API lists per webhook.
const maxAttempts = 10

// maxResponseBytes bounds how much of a receiver's answer is recorded.
const maxResponseBytes = 64 << 10

// event is something webhooks may be told about.
type event struct {
	name      sendook.EventType
	inboxID   string
	messageID string
	payload   json.RawMessage // the resource, as the API sends it
	// depth is how many deliveries deep the request that caused the
	// event is: 0 for a client's own request.
	depth int
}

// deliveryDepthHeader carries the depth of a delivery, so that a webhook
// pointed at the server itself, directly or through a receiver that
// passes the header on, cannot make deliveries without end.
const deliveryDepthHeader = "X-Sendook-Delivery-Depth"

// maxDeliveryDepth is how deep deliveries may nest: an event caused by a
// request that is itself this deep in deliveries is recorded as an attempt
// that failed, and not delivered.
const maxDeliveryDepth = 3

// errTooDeep is the error of an attempt not made because of
// maxDeliveryDepth.
var errTooDeep = fmt.Sprintf("sendooktest: not delivered: deliveries nest %d deep, as a webhook that calls the server back makes them", maxDeliveryDepth)

// requestDepth returns the delivery depth a request carries.
func requestDepth(r *http.Request) int {
	d, err := strconv.Atoi(r.Header.Get(deliveryDepthHeader))
	if err != nil || d < 0 {
		return 0
	}
	return min(d, maxDeliveryDepth)
}

// fire delivers ev, caused by rq, to the webhooks subscribed to it.
func (rq *request) fire(ev event) {
	ev.depth = requestDepth(rq.r)
	rq.s.fire(ev)
}

// testPayload is the payload of the event sent by the webhook test route.
var testPayload = json.RawMessage(`{"test":"test"}`)

// target is a webhook a delivery goes to.
type target struct{ webhookID, url string }

// fire delivers ev to every webhook subscribed to it, one after the other,
// and records an attempt for each. It returns when all are done, as the
// real server finishes its deliveries before answering the call that
// caused them. It must be called without the lock held: a receiver may
// well call the API back.
func (s *Server) fire(ev event) {
	var targets []target
	s.lock(func(st *store) { targets = st.subscribers(string(ev.name)) })
	if len(targets) == 0 {
		return
	}
	type delivery struct {
		Event     sendook.EventType `json:"event"`
		InboxID   string            `json:"inboxId,omitempty"`
		MessageID string            `json:"messageId,omitempty"`
		Payload   json.RawMessage   `json:"payload"`
	}
	body := encode(delivery{ev.name, ev.inboxID, ev.messageID, ev.payload})
	// An attempt records the event and payload, as the real server's do.
	recorded := encode(struct {
		Event   sendook.EventType `json:"event"`
		Payload json.RawMessage   `json:"payload"`
	}{ev.name, ev.payload})
	for _, t := range targets {
		res := deliveryResult{status: http.StatusInternalServerError, err: errTooDeep}
		if ev.depth < maxDeliveryDepth {
			res = s.post(t.url, body, ev.depth+1)
		}
		s.lock(func(st *store) { st.addAttempt(t.webhookID, ev, recorded, res) })
	}
}

// subscribers returns the webhooks subscribed to event, in creation order,
// each URL once: the real server sends one delivery per URL.
func (st *store) subscribers(event string) []target {
	var out []target
	for _, w := range st.webhooks.all() {
		if slices.Contains(w.Events, event) && !slices.ContainsFunc(out, func(t target) bool { return t.url == w.URL }) {
			out = append(out, target{w.id(), w.URL})
		}
	}
	return out
}

// deliveryResult is how a receiver answered.
type deliveryResult struct {
	status   int
	response json.RawMessage // nil when there was no answer
	err      string
}

// post delivers body to url, as the depth-th nested delivery.
func (s *Server) post(url string, body []byte, depth int) deliveryResult {
	ctx, cancel := context.WithTimeout(s.ctx, deliveryTimeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return deliveryResult{status: http.StatusInternalServerError, err: s.deliveryError(err)}
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set(deliveryDepthHeader, strconv.Itoa(depth))
	req.Header.Set("User-Agent", "sendooktest (sendook-go/"+sendook.Version+")")
	if s.secret != "" {
		req.Header.Set(sendook.WebhookSignatureHeader, sign(s.secret, body))
	}
	resp, err := s.delivery.Do(req)
	if err != nil {
		// As the real server records it: a 500 and why.
		return deliveryResult{status: http.StatusInternalServerError, err: s.deliveryError(err)}
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, maxResponseBytes))
	res := deliveryResult{status: resp.StatusCode, response: asJSON(data)}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		res.err = fmt.Sprintf("Request failed with status code %d", resp.StatusCode)
		if s.dialect == DialectReal {
			// The real server's HTTP client throws on any answer that
			// is not a success, and the server records a 500 and the
			// error's text, without the answer.
			res.status, res.response = http.StatusInternalServerError, nil
		}
	}
	return res
}

// deliveryError describes a delivery that got no answer. The real dialect
// uses the texts of the real server's HTTP client for the common cases.
func (s *Server) deliveryError(err error) string {
	if s.dialect != DialectReal {
		return err.Error()
	}
	var opErr *net.OpError
	switch {
	case errors.Is(err, syscall.ECONNREFUSED) && errors.As(err, &opErr) && opErr.Addr != nil:
		return "connect ECONNREFUSED " + opErr.Addr.String()
	case strings.Contains(err.Error(), "unsupported protocol scheme"), strings.Contains(err.Error(), "no Host in request URL"):
		return "Invalid URL"
	}
	return err.Error()
}

// sign returns the signature header of body under secret.
func sign(secret string, body []byte) string {
	mac := hmac.New(sha256.New, []byte(secret))
	mac.Write(body)
	return "sha256=" + hex.EncodeToString(mac.Sum(nil))
}

// asJSON returns a receiver's answer as JSON: itself when it is JSON, else
// a string, as an HTTP client that parses JSON answers gives it.
func asJSON(data []byte) json.RawMessage {
	if len(bytes.TrimSpace(data)) > 0 && json.Valid(data) {
		return bytes.TrimSpace(data)
	}
	return encode(string(data))
}

// addAttempt records a delivery of ev to a webhook.
func (st *store) addAttempt(webhookID string, ev event, payload []byte, res deliveryResult) {
	id, stamps := st.newMeta("att")
	a := &attempt{
		ident:          id,
		WebhookID:      webhookID,
		OrganizationID: st.orgID,
		InboxID:        ev.inboxID,
		MessageID:      ev.messageID,
		Timestamp:      stamps.CreatedAt,
		Payload:        payload,
		Status:         res.status,
		Response:       res.response,
		stamps:         stamps,
	}
	switch {
	case res.err != "":
		a.Error = encode(res.err)
	case st.dialect == DialectDocumented:
		a.Error = jsonNull
	}
	list := append([]*attempt{a}, st.attempts[webhookID]...)
	st.attempts[webhookID] = list[:min(len(list), maxAttempts)]
}
