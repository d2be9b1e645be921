package sendook

import (
	"context"
	"net/http"
	"time"
)

// ThreadsService reads the conversations of an inbox.
type ThreadsService service

// Thread is a conversation: a message and the replies to it, oldest first.
type Thread struct {
	ID             string `json:"id"`
	OrganizationID string `json:"organizationId,omitempty"`
	InboxID        string `json:"inboxId,omitempty"`
	Subject        string `json:"subject,omitempty"`
	// Messages are the thread's messages. Where the server lists them as
	// bare ids, as the open-source server does in [ThreadsService.List],
	// each Message has only its ID set.
	Messages  []Message `json:"messages"`
	CreatedAt time.Time `json:"createdAt"`
	UpdatedAt time.Time `json:"updatedAt"`
}

// UnmarshalJSON decodes a thread in either wire format ("id" or "_id").
func (t *Thread) UnmarshalJSON(b []byte) error {
	return unmarshalVia(b, t, (*threadWire).model)
}

// threadWire is the wire form of Thread (see decode.go).
type threadWire struct {
	threadFields
	mongoID
}

type threadFields Thread

func (w *threadWire) model() Thread {
	v := Thread(w.threadFields)
	v.ID = w.id(v.ID)
	return v
}

// List returns the threads of an inbox.
//
// GET /v1/inboxes/{inboxId}/threads
func (s *ThreadsService) List(ctx context.Context, inboxID string, opts ...RequestOption) ([]Thread, error) {
	if err := requireIDs("inboxID", inboxID); err != nil {
		return nil, err
	}
	return doList(ctx, s.client, call{method: http.MethodGet, path: apiPath("inboxes", inboxID, "threads"), opts: opts}, (*threadWire).model)
}

// Get returns one thread with its messages in full.
//
// GET /v1/inboxes/{inboxId}/threads/{threadId}
func (s *ThreadsService) Get(ctx context.Context, inboxID, threadID string, opts ...RequestOption) (*Thread, error) {
	if err := requireIDs("inboxID", inboxID, "threadID", threadID); err != nil {
		return nil, err
	}
	return doOne(ctx, s.client, call{method: http.MethodGet, path: apiPath("inboxes", inboxID, "threads", threadID), opts: opts}, (*threadWire).model)
}
