package sendooktest

import (
	"net/url"
	"slices"

	sendook "github.com/sendook/sendook-go"
)

// eventNames are the events a webhook may subscribe to.
var eventNames = []sendook.EventType{
	sendook.EventInboxCreated, sendook.EventInboxDeleted, sendook.EventInboxUpdated,
	sendook.EventMessageSent, sendook.EventMessageReceived, sendook.EventMessageDelivered,
	sendook.EventMessageBounced, sendook.EventMessageComplained, sendook.EventMessageRejected,
}

// parseWebhook validates the body of a webhook create. The real server
// only checks that url is a string and events an array (an empty one
// will do), and fails on an empty url or an unknown event when it stores
// them; the documented API wants an http(s) URL and at least one event.
func (s *Server) parseWebhook(rq *request) (string, []string, *apiError, []validationError) {
	vals, errs := rq.validate(
		rule{field: "url", steps: []step{isString, trim}},
		rule{field: "events", steps: []step{isArray, notEmpty}},
	)
	if errs != nil {
		return "", nil, nil, errs
	}
	documented := s.dialect == DialectDocumented
	rawURL := vals["url"].str()
	if u, err := url.Parse(rawURL); rawURL == "" || documented && (err != nil || u.Scheme != "http" && u.Scheme != "https" || u.Host == "") {
		e := invalid(rq.field("url"), "url must be an http or https URL")
		e.crashesReal = true // mongoose's required check, unhandled
		return "", nil, e, nil
	}
	items, _ := vals["events"].v.([]any)
	if documented && len(items) == 0 {
		return "", nil, invalid(rq.field("events"), "events must list at least one event"), nil
	}
	events := make([]string, 0, len(items))
	for _, item := range items {
		name, ok := item.(string)
		if !ok || !slices.Contains(eventNames, sendook.EventType(name)) {
			e := invalid(rq.field("events"), "events may only name known events")
			e.crashesReal = true // mongoose's enum check, unhandled
			return "", nil, e, nil
		}
		events = append(events, name)
	}
	return rawURL, events, nil, nil
}

func (s *Server) createWebhook(rq *request) {
	rawURL, events, bad, errs := s.parseWebhook(rq)
	if errs != nil {
		rq.validationFailed(errs, map[string]string{
			"url": "url must be an http or https URL", "events": "events must list at least one event",
		})
		return
	}
	if bad != nil {
		rq.fail(bad)
		return
	}
	var body []byte
	s.lock(func(st *store) {
		id, stamps := st.newMeta("wh")
		w := &webhook{ident: id, OrganizationID: st.orgID, URL: rawURL, Events: events, stamps: stamps}
		st.webhooks.put(w.id(), w)
		body = encode(w)
	})
	rq.created(body)
}

func (s *Server) listWebhooks(rq *request) {
	var body []byte
	s.lock(func(st *store) { body = s.encodeList(st.webhooks.all()) })
	rq.ok(body)
}

// withWebhook runs fn on the webhook the request names, under the lock,
// and answers what it encodes, or a 404.
func (s *Server) withWebhook(rq *request, fn func(st *store, w *webhook) []byte) {
	var body []byte
	s.lock(func(st *store) {
		if w := st.webhooks.get(rq.param("webhookId")); w != nil {
			body = fn(st, w)
		}
	})
	if body == nil {
		rq.fail(notFound("Webhook"))
		return
	}
	rq.ok(body)
}

func (s *Server) getWebhook(rq *request) {
	s.withWebhook(rq, func(_ *store, w *webhook) []byte { return encode(w) })
}

func (s *Server) deleteWebhook(rq *request) {
	s.withWebhook(rq, func(st *store, w *webhook) []byte {
		st.webhooks.removeWhere(func(x *webhook) bool { return x == w })
		return encode(w)
	})
}

// testWebhook sends the test event, as the real server does: to every
// webhook subscribed to message.received, not only the one named.
func (s *Server) testWebhook(rq *request) {
	var found bool
	s.lock(func(st *store) { found = st.webhooks.get(rq.param("webhookId")) != nil })
	if !found {
		rq.fail(notFound("Webhook"))
		return
	}
	rq.fire(event{name: sendook.EventMessageReceived, payload: testPayload})
	rq.ok([]byte(`{"success":true}`))
}

// listAttempts lists a webhook's latest attempts, newest first. The real
// server does not check that the webhook exists: it lists the attempts of
// a deleted one, and none for an id it never had.
func (s *Server) listAttempts(rq *request) {
	var body []byte
	s.lock(func(st *store) {
		id := rq.param("webhookId")
		if st.dialect == DialectDocumented && st.webhooks.get(id) == nil {
			return
		}
		body = s.encodeList(append([]*attempt{}, st.attempts[id]...))
	})
	if body == nil {
		rq.fail(notFound("Webhook"))
		return
	}
	rq.ok(body)
}
