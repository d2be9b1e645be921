package sendook

import (
	"context"
	"errors"
	"fmt"
	"iter"
	"math/rand/v2"
	"slices"
	"strings"
	"time"
)

// maxPollBackoff bounds how long a failing watch waits between polls.
const maxPollBackoff = 30 * time.Second

// The default and the shortest wait between two polls. Variables so that the
// package's own tests can poll faster.
var (
	defaultPollInterval = 2 * time.Second
	minPollInterval     = 250 * time.Millisecond
)

// WatchParams filter what [MessagesService.Watch] yields and
// [MessagesService.Wait] returns. nil or the zero value: every message that
// arrives in the inbox from outside, from now on.
type WatchParams struct {
	// From is a case-insensitive substring of the sender (address or
	// display name).
	From string
	// Subject is a case-insensitive substring of the subject.
	Subject string
	// Query narrows each poll on the server, as [ListMessagesParams.Query]
	// does.
	Query string
	// ThreadID keeps only the messages of this thread.
	ThreadID string
	// Since, when set, also yields the messages already in the inbox that
	// were created at or after it. Zero yields only the messages that
	// arrive after the watch starts.
	Since time.Time
	// IncludeSent also yields the inbox's own sends and replies. By default
	// only mail from outside is yielded.
	IncludeSent bool
	// Match is a last filter, applied after the others.
	Match func(*Message) bool
	// PollInterval is how often the inbox is listed: 2s by default, never
	// less than 250ms.
	PollInterval time.Duration
}

// Watch yields each message that arrives in an inbox and matches params, once,
// oldest first, as it arrives: range over it.
//
//	for msg, err := range client.Messages.Watch(ctx, inboxID, nil) {
//		if err != nil {
//			log.Print(err) // polling goes on; break to stop
//			continue
//		}
//		handle(msg)
//	}
//
// Watch polls [MessagesService.List] every PollInterval and needs no webhook.
// A message arrives when its ID was not in the first listing, so the clocks
// of client and server do not matter. params may be nil.
//
// A poll that fails after the client's own retries is yielded as (nil, err);
// the caller may go on ranging, and polling goes on with a growing pause (as
// long as a 429 asks, for a rate limit). An error that cannot heal (the key
// is refused, the inbox is gone, the request is invalid) ends the sequence
// after it is yielded. Breaking out of the loop stops polling at once, and
// the sequence ends when ctx does; nothing is left running.
func (s *MessagesService) Watch(ctx context.Context, inboxID string, params *WatchParams, opts ...RequestOption) iter.Seq2[*Message, error] {
	return func(yield func(*Message, error) bool) {
		if err := requireIDs("inboxID", inboxID); err != nil {
			yield(nil, err)
			return
		}
		if ctx == nil {
			yield(nil, invalid("ctx", "is nil"))
			return
		}
		w := newWatcher(s, inboxID, params, opts)
		w.run(ctx, yield)
	}
}

// Wait returns the first message that [MessagesService.Watch] would yield
// with the same arguments: typically a verification mail or an answer.
//
//	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
//	defer cancel()
//	msg, err := client.Messages.Wait(ctx, inboxID, &sendook.WatchParams{Subject: "code"})
//
// Failures that may heal are retried until ctx ends. When ctx's deadline
// passes first, the error matches [context.DeadlineExceeded], says what was
// waited for ("no message from x@y with subject containing "code" in inbox
// Z within 2m0s"), and wraps the last failure of a poll, if any. An error
// that cannot heal is returned at once.
func (s *MessagesService) Wait(ctx context.Context, inboxID string, params *WatchParams, opts ...RequestOption) (*Message, error) {
	start := time.Now()
	var last error
	for msg, err := range s.Watch(ctx, inboxID, params, opts...) {
		if err == nil {
			return msg, nil
		}
		if ctx != nil && ctx.Err() != nil && errors.Is(err, ctx.Err()) {
			break
		}
		if !mayHeal(err) {
			return nil, err
		}
		last = err
	}
	if ctx == nil {
		return nil, invalid("ctx", "is nil")
	}
	if err := requireIDs("inboxID", inboxID); err != nil {
		return nil, err
	}
	cause := ctx.Err()
	if cause == nil {
		// The sequence cannot end otherwise; be safe all the same.
		cause = context.Canceled
	}
	what := "no message " + describeWatch(params, inboxID)
	if deadline, ok := ctx.Deadline(); ok && errors.Is(cause, context.DeadlineExceeded) {
		what += " within " + roundWait(deadline.Sub(start)).String()
	}
	if last != nil {
		return nil, fmt.Errorf("sendook: %s: %w (last poll: %w)", what, cause, last)
	}
	return nil, fmt.Errorf("sendook: %s: %w", what, cause)
}

// watcher is the state of one Watch: what was seen, and the filters.
type watcher struct {
	s        *MessagesService
	inboxID  string
	p        WatchParams
	opts     []RequestOption
	list     *ListMessagesParams
	seen     map[string]struct{}
	interval time.Duration
}

func newWatcher(s *MessagesService, inboxID string, params *WatchParams, opts []RequestOption) *watcher {
	w := &watcher{s: s, inboxID: inboxID, opts: opts, seen: make(map[string]struct{})}
	if params != nil {
		w.p = *params
	}
	w.interval = w.p.PollInterval
	if w.interval == 0 {
		w.interval = defaultPollInterval
	}
	w.interval = max(w.interval, minPollInterval)
	if w.p.Query != "" {
		w.list = &ListMessagesParams{Query: w.p.Query}
	}
	w.p.From = strings.ToLower(w.p.From)
	w.p.Subject = strings.ToLower(w.p.Subject)
	return w
}

// run polls until yield says stop, ctx ends, or an error cannot heal.
func (w *watcher) run(ctx context.Context, yield func(*Message, error) bool) {
	first := true
	failures := 0
	for {
		msgs, err := w.s.List(ctx, w.inboxID, w.list, w.opts...)
		pause := w.interval
		switch {
		case err != nil && ctx.Err() != nil:
			return
		case err != nil:
			if !yield(nil, err) || !mayHeal(err) {
				return
			}
			failures++
			pause = w.backoff(err, failures)
		default:
			failures = 0
			fresh := w.fresh(msgs, first)
			first = false
			for i := range fresh {
				if !yield(&fresh[i], nil) {
					return
				}
			}
		}
		if !sleep(ctx, jitter(pause)) {
			return
		}
	}
}

// fresh returns the messages of msgs not seen before that match, oldest
// first, and marks every message of msgs seen. On the first listing only
// those created at or after Since count, and none without Since.
func (w *watcher) fresh(msgs []Message, first bool) []Message {
	var out []Message
	for i := range msgs {
		m := &msgs[i]
		if _, ok := w.seen[m.ID]; ok {
			continue
		}
		w.seen[m.ID] = struct{}{}
		if first && (w.p.Since.IsZero() || m.CreatedAt.Before(w.p.Since)) {
			continue
		}
		if w.matches(m) {
			out = append(out, *m)
		}
	}
	slices.SortStableFunc(out, func(a, b Message) int { return a.CreatedAt.Compare(b.CreatedAt) })
	return out
}

func (w *watcher) matches(m *Message) bool {
	if !w.p.IncludeSent && outbound(m, w.inboxID) {
		return false
	}
	if w.p.From != "" && !strings.Contains(strings.ToLower(m.From), w.p.From) {
		return false
	}
	if w.p.Subject != "" && !strings.Contains(strings.ToLower(m.Subject), w.p.Subject) {
		return false
	}
	if w.p.ThreadID != "" && m.ThreadID != w.p.ThreadID {
		return false
	}
	return w.p.Match == nil || w.p.Match(m)
}

// outbound reports whether m is one of the inbox's own sends or replies: it
// has a delivery status other than received, or, without a status, it was
// sent from the inbox.
func outbound(m *Message, inboxID string) bool {
	switch m.Status {
	case MessageStatusReceived:
		return false
	case "":
		return m.FromInboxID != "" && m.FromInboxID == inboxID && m.ToInboxID != inboxID
	default:
		return true
	}
}

// backoff is the pause after the n-th failure in a row: as long as a rate
// limit asks, or the poll interval doubled per failure up to maxPollBackoff.
func (w *watcher) backoff(err error, n int) time.Duration {
	var apiErr *APIError
	if errors.As(err, &apiErr) && apiErr.RetryAfter > 0 {
		return max(apiErr.RetryAfter, w.interval)
	}
	d := w.interval
	for i := 1; i < n && d < maxPollBackoff; i++ {
		d *= 2
	}
	return min(max(d, w.interval), max(maxPollBackoff, w.interval))
}

// mayHeal reports whether polling again may succeed after err.
func mayHeal(err error) bool {
	return !errors.Is(err, ErrUnauthorized) && !errors.Is(err, ErrNotFound) && !errors.Is(err, ErrInvalidRequest)
}

// jitter spreads d by up to a tenth either way, never below minPollInterval.
func jitter(d time.Duration) time.Duration {
	spread := int64(d / 10)
	if spread > 0 {
		d += time.Duration(rand.Int64N(2*spread+1) - spread)
	}
	return max(d, minPollInterval)
}

// sleep waits for d or until ctx ends, and reports whether d passed.
func sleep(ctx context.Context, d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
		return false
	}
}

// describeWatch says what a watch with params waits for, e.g. `from x@y with
// subject containing "code" in inbox Z`.
func describeWatch(p *WatchParams, inboxID string) string {
	var b strings.Builder
	if p != nil {
		if p.From != "" {
			fmt.Fprintf(&b, "from %s ", p.From)
		}
		if p.Subject != "" {
			fmt.Fprintf(&b, "with subject containing %q ", p.Subject)
		}
		if p.Query != "" {
			fmt.Fprintf(&b, "matching %q ", p.Query)
		}
		if p.ThreadID != "" {
			fmt.Fprintf(&b, "in thread %s ", p.ThreadID)
		}
		if p.Match != nil {
			b.WriteString("accepted by Match ")
		}
	}
	fmt.Fprintf(&b, "in inbox %s", inboxID)
	return b.String()
}

// roundWait rounds a waited duration for people: to the second from a
// second on, to the millisecond below.
func roundWait(d time.Duration) time.Duration {
	if d >= time.Second {
		return d.Round(time.Second)
	}
	return d.Round(time.Millisecond)
}
