package sendook_test

import (
	"context"
	"errors"
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// fastPoll is the poll interval of these tests, default and floor alike.
const fastPoll = 20 * time.Millisecond

// watchSetup starts a server in dialect d with one inbox, and a client that
// polls fast and does not retry.
func watchSetup(t *testing.T, d sendooktest.Dialect) (*sendooktest.Server, *sendook.Client, *sendook.Inbox) {
	t.Helper()
	t.Cleanup(sendook.SetPollInterval(fastPoll))
	srv := sendooktest.NewServer(sendooktest.WithDialect(d))
	t.Cleanup(srv.Close)
	client := srv.Client(sendook.WithMaxRetries(0))
	inbox, err := client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "agent"})
	require.NoError(t, err)
	return srv, client, inbox
}

// forEachDialect runs fn once per wire dialect of sendooktest.
func forEachDialect(t *testing.T, fn func(t *testing.T, d sendooktest.Dialect)) {
	for _, d := range []sendooktest.Dialect{sendooktest.DialectReal, sendooktest.DialectDocumented} {
		t.Run(d.String(), func(t *testing.T) { fn(t, d) })
	}
}

// deliverLater makes mail arrive at inbox after delay, from another
// goroutine, as mail arrives while an agent waits.
func deliverLater(t *testing.T, srv *sendooktest.Server, to string, delay time.Duration, mails ...sendooktest.InboundEmail) {
	t.Helper()
	done := make(chan error, 1)
	go func() {
		time.Sleep(delay)
		for _, m := range mails {
			if _, err := srv.Receive(to, m); err != nil {
				done <- err
				return
			}
		}
		done <- nil
	}()
	t.Cleanup(func() {
		select {
		case err := <-done:
			assert.NoError(t, err)
		case <-time.After(5 * time.Second):
			t.Error("delivery did not finish")
		}
	})
}

func withTimeout(t *testing.T, d time.Duration) context.Context {
	ctx, cancel := context.WithTimeout(context.Background(), d)
	t.Cleanup(cancel)
	return ctx
}

func TestWaitReturnsMailThatArrivesDuringTheWait(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		srv, client, inbox := watchSetup(t, d)
		_, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "old@example.com", Subject: "already here", Text: "old", HTML: "<p>old</p>"})
		require.NoError(t, err)

		deliverLater(t, srv, inbox.Email, 100*time.Millisecond,
			sendooktest.InboundEmail{From: "Ada <ada@example.com>", Subject: "Your code", Text: "Your code is 482913", HTML: "<p>Your code is 482913</p>"})

		msg, err := client.Messages.Wait(withTimeout(t, 5*time.Second), inbox.ID, nil)
		require.NoError(t, err)
		assert.Equal(t, "Your code", msg.Subject, "the message already there is not new")
		assert.Equal(t, sendook.MessageStatusReceived, msg.Status)
	})
}

func TestWatchFilters(t *testing.T) {
	mails := []sendooktest.InboundEmail{
		{From: "news@shop.example", Subject: "Sale: your code SAVE20", Text: "promo", HTML: "<p>promo</p>"},
		{From: "Ada <ada@example.com>", Subject: "Lunch?", Text: "lunch", HTML: "<p>lunch</p>"},
		{From: "Ada <ada@example.com>", Subject: "Your sign-in CODE", Text: "code 1", HTML: "<p>code 1</p>"},
		{From: "bob@example.com", Subject: "your code", Text: "code 2", HTML: "<p>code 2</p>"},
	}
	tests := []struct {
		name   string
		params *sendook.WatchParams
		want   []string // subjects, in order
	}{
		{"everything", nil, []string{"Sale: your code SAVE20", "Lunch?", "Your sign-in CODE", "your code"}},
		{"from, by address, any case", &sendook.WatchParams{From: "ADA@example.com"}, []string{"Lunch?", "Your sign-in CODE"}},
		{"from, by display name", &sendook.WatchParams{From: "ada <"}, []string{"Lunch?", "Your sign-in CODE"}},
		{"subject, any case", &sendook.WatchParams{Subject: "Code"}, []string{"Sale: your code SAVE20", "Your sign-in CODE", "your code"}},
		{"from and subject", &sendook.WatchParams{From: "ada", Subject: "code"}, []string{"Your sign-in CODE"}},
		{"match", &sendook.WatchParams{Match: func(m *sendook.Message) bool { return strings.HasPrefix(m.From, "bob") }}, []string{"your code"}},
		{"query narrows on the server", &sendook.WatchParams{Query: "lunch"}, []string{"Lunch?"}},
	}
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				srv, client, inbox := watchSetup(t, d)
				deliverLater(t, srv, inbox.Email, 50*time.Millisecond, mails...)
				got := collect(t, client.Messages.Watch(withTimeout(t, 5*time.Second), inbox.ID, tt.params), len(tt.want))
				assert.Equal(t, tt.want, subjects(got))
				assertSinceYieldsExactly(t, client, inbox.ID, tt.params, tt.want...)
			})
		}
	})
}

func TestWatchThreadID(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		srv, client, inbox := watchSetup(t, d)
		// Mail joins a thread by answering a message the inbox sent, on
		// the real server as in the documentation.
		first, err := client.Messages.Send(context.Background(), inbox.ID, &sendook.SendMessageParams{
			To: []string{"ada@example.com"}, Subject: "Question", Text: "q", HTML: "<p>q</p>",
		})
		require.NoError(t, err)
		deliverLater(t, srv, inbox.Email, 50*time.Millisecond,
			sendooktest.InboundEmail{From: "bob@example.com", Subject: "Other", Text: "o", HTML: "<p>o</p>"},
			sendooktest.InboundEmail{From: "ada@example.com", Subject: "Re: Question", Text: "more", HTML: "<p>more</p>", InReplyTo: first.ID})
		msg, err := client.Messages.Wait(withTimeout(t, 5*time.Second), inbox.ID, &sendook.WatchParams{ThreadID: first.ThreadID})
		require.NoError(t, err)
		assert.Equal(t, "Re: Question", msg.Subject)
		assert.Equal(t, first.ThreadID, msg.ThreadID)
	})
}

func TestWatchSinceYieldsWhatIsAlreadyThere(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		srv, client, inbox := watchSetup(t, d)
		_, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "a@example.com", Subject: "before", Text: "x", HTML: "<p>x</p>"})
		require.NoError(t, err)
		time.Sleep(5 * time.Millisecond) // timestamps have millisecond precision
		since := time.Now()
		time.Sleep(5 * time.Millisecond)
		_, err = srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "a@example.com", Subject: "after since", Text: "x", HTML: "<p>x</p>"})
		require.NoError(t, err)
		deliverLater(t, srv, inbox.Email, 50*time.Millisecond, sendooktest.InboundEmail{From: "a@example.com", Subject: "new", Text: "x", HTML: "<p>x</p>"})

		got := collect(t, client.Messages.Watch(withTimeout(t, 5*time.Second), inbox.ID, &sendook.WatchParams{Since: since}), 2)
		assert.Equal(t, []string{"after since", "new"}, subjects(got))

		old := collect(t, client.Messages.Watch(withTimeout(t, 5*time.Second), inbox.ID, &sendook.WatchParams{Since: time.Now().Add(-time.Hour)}), 3)
		assert.Equal(t, []string{"before", "after since", "new"}, subjects(old), "oldest first")
	})
}

func TestWatchIncludeSent(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		srv, client, inbox := watchSetup(t, d)
		ctx := withTimeout(t, 5*time.Second)
		go func() {
			time.Sleep(50 * time.Millisecond)
			_, _ = client.Messages.Send(context.Background(), inbox.ID, &sendook.SendMessageParams{
				To: []string{"ada@example.com"}, Subject: "Outgoing", Text: "hi", HTML: "<p>hi</p>",
			})
			time.Sleep(50 * time.Millisecond)
			_, _ = srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "ada@example.com", Subject: "Incoming", Text: "hello", HTML: "<p>hello</p>"})
		}()
		all := collect(t, client.Messages.Watch(ctx, inbox.ID, &sendook.WatchParams{IncludeSent: true}), 2)
		assert.Equal(t, []string{"Outgoing", "Incoming"}, subjects(all))

		// A second watch, started after both, sees them with Since; without
		// IncludeSent only the mail from outside.
		outside := collect(t, client.Messages.Watch(ctx, inbox.ID, &sendook.WatchParams{Since: time.Now().Add(-time.Hour)}), 1)
		assert.Equal(t, []string{"Incoming"}, subjects(outside))
		assertSinceYieldsExactly(t, client, inbox.ID, nil, "Incoming")
	})
}

func TestWatchYieldsTransientErrorsAndGoesOn(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		srv, client, inbox := watchSetup(t, d)
		// Once the first listing is done, two polls fail; then mail arrives.
		start := srv.RequestCount()
		done := make(chan error, 1)
		go func() {
			if !eventually(func() bool { return srv.RequestCount() > start }) {
				done <- errors.New("no first listing")
				return
			}
			srv.InjectFault(sendooktest.Fault{Method: "GET", PathPrefix: "/v1/inboxes/", Status: 500, Times: 2})
			n := srv.RequestCount()
			if !eventually(func() bool { return srv.RequestCount() >= n+2 }) {
				done <- errors.New("the faults were not reached")
				return
			}
			_, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "a@example.com", Subject: "after the storm", Text: "x", HTML: "<p>x</p>"})
			done <- err
		}()

		var errs []error
		var got *sendook.Message
		for msg, err := range client.Messages.Watch(withTimeout(t, 10*time.Second), inbox.ID, nil) {
			if err != nil {
				errs = append(errs, err)
				continue
			}
			got = msg
			break
		}
		require.NoError(t, <-done)
		require.Len(t, errs, 2)
		for _, err := range errs {
			assert.ErrorIs(t, err, sendook.ErrServer)
		}
		require.NotNil(t, got)
		assert.Equal(t, "after the storm", got.Subject)
	})
}

// eventually polls cond for a few seconds at most.
func eventually(cond func() bool) bool {
	for deadline := time.Now().Add(5 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
		if cond() {
			return true
		}
	}
	return false
}

func TestWatchEndsOnErrorsThatCannotHeal(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		srv, client, inbox := watchSetup(t, d)
		tests := []struct {
			name   string
			client *sendook.Client
			inbox  string
			want   error
		}{
			{"wrong key", sendook.NewClient("wrong", sendook.WithBaseURL(srv.URL), sendook.WithMaxRetries(0)), inbox.ID, sendook.ErrUnauthorized},
			{"no such inbox", client, "65f1c0e2a4b1c2d3e4f5a6b7", sendook.ErrNotFound},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				var errs []error
				for msg, err := range tt.client.Messages.Watch(withTimeout(t, 5*time.Second), tt.inbox, nil) {
					require.Nil(t, msg)
					errs = append(errs, err)
				}
				require.Len(t, errs, 1, "the sequence ends after the error")
				assert.ErrorIs(t, errs[0], tt.want)

				_, err := tt.client.Messages.Wait(withTimeout(t, 5*time.Second), tt.inbox, nil)
				assert.ErrorIs(t, err, tt.want, "Wait returns it at once")
			})
		}
	})
}

func TestWatchStopsPollingOnBreak(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		srv, client, inbox := watchSetup(t, d)
		before := runtime.NumGoroutine()
		deliverLater(t, srv, inbox.Email, 50*time.Millisecond, sendooktest.InboundEmail{From: "a@example.com", Subject: "one", Text: "x", HTML: "<p>x</p>"})
		for msg, err := range client.Messages.Watch(context.Background(), inbox.ID, &sendook.WatchParams{PollInterval: fastPoll}) {
			require.NoError(t, err)
			require.Equal(t, "one", msg.Subject)
			break
		}
		count := srv.RequestCount()
		time.Sleep(10 * fastPoll)
		assert.Equal(t, count, srv.RequestCount(), "no poll after break")
		client.CloseIdleConnections()
		assert.True(t, settles(before), "goroutines: %d before, %d after", before, runtime.NumGoroutine())
	})
}

func TestWatchEndsWithTheContext(t *testing.T) {
	_, client, inbox := watchSetup(t, sendooktest.DialectReal)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(100*time.Millisecond, cancel)
	done := make(chan int)
	go func() {
		n := 0
		for range client.Messages.Watch(ctx, inbox.ID, nil) {
			n++
		}
		done <- n
	}()
	select {
	case n := <-done:
		assert.Zero(t, n, "a cancelled watch yields nothing, not even the context's error")
	case <-time.After(5 * time.Second):
		t.Fatal("the watch did not end with its context")
	}
}

func TestWaitDeadlineSaysWhatItWaitedFor(t *testing.T) {
	forEachDialect(t, func(t *testing.T, d sendooktest.Dialect) {
		_, client, inbox := watchSetup(t, d)
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		_, err := client.Messages.Wait(ctx, inbox.ID, &sendook.WatchParams{From: "x@y", Subject: "code"})
		require.Error(t, err)
		assert.ErrorIs(t, err, context.DeadlineExceeded)
		// The time waited is what was left of the context: 300ms, or a
		// hair less on a busy machine.
		assert.Regexp(t, fmt.Sprintf(`no message from x@y with subject containing "code" in inbox %s within (300|29\d)ms`, regexp.QuoteMeta(inbox.ID)), err.Error())
	})
}

func TestWaitDeadlineKeepsTheLastFailure(t *testing.T) {
	srv, client, inbox := watchSetup(t, sendooktest.DialectReal)
	srv.InjectFault(sendooktest.Fault{Method: "GET", PathPrefix: "/v1/inboxes/", Status: 503, Times: 1000})
	_, err := client.Messages.Wait(withTimeout(t, 300*time.Millisecond), inbox.ID, nil)
	assert.ErrorIs(t, err, context.DeadlineExceeded)
	assert.ErrorIs(t, err, sendook.ErrServer)
	assert.Contains(t, err.Error(), "503")
}

func TestWaitCancelled(t *testing.T) {
	_, client, inbox := watchSetup(t, sendooktest.DialectReal)
	ctx, cancel := context.WithCancel(context.Background())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err := client.Messages.Wait(ctx, inbox.ID, nil)
	assert.ErrorIs(t, err, context.Canceled)
	assert.Contains(t, err.Error(), "no message in inbox "+inbox.ID)
}

func TestWatchRefusesBadArguments(t *testing.T) {
	client := sendook.NewClient("k", sendook.WithBaseURL("http://127.0.0.1:1"))
	for _, err := range client.Messages.Watch(context.Background(), "", nil) {
		var verr *sendook.ValidationError
		assert.True(t, errors.As(err, &verr), err)
	}
	_, err := client.Messages.Wait(context.Background(), "", nil)
	assert.ErrorIs(t, err, sendook.ErrInvalidRequest)
	//lint:ignore SA1012 a nil context is what is tested
	_, err = client.Messages.Wait(nil, "inbox", nil) //nolint:staticcheck
	assert.ErrorIs(t, err, sendook.ErrInvalidRequest)
}

// collect ranges over seq until it has n messages, failing on an error or
// when the sequence ends first.
func collect(t *testing.T, seq func(func(*sendook.Message, error) bool), n int) []sendook.Message {
	t.Helper()
	var out []sendook.Message
	if n == 0 {
		return out
	}
	for msg, err := range seq {
		require.NoError(t, err)
		out = append(out, *msg)
		if len(out) == n {
			break
		}
	}
	require.Len(t, out, n)
	return out
}

// assertSinceYieldsExactly checks that a new watch with params, given
// everything since an hour ago, yields exactly want, each once, in a few
// polls.
func assertSinceYieldsExactly(t *testing.T, client *sendook.Client, inboxID string, params *sendook.WatchParams, want ...string) {
	t.Helper()
	p := sendook.WatchParams{}
	if params != nil {
		p = *params
	}
	p.Since = time.Now().Add(-time.Hour)
	ctx, cancel := context.WithTimeout(context.Background(), 8*fastPoll)
	defer cancel()
	var got []string
	for msg, err := range client.Messages.Watch(ctx, inboxID, &p) {
		require.NoError(t, err)
		got = append(got, msg.Subject)
	}
	if len(want) == 0 {
		want = nil
	}
	assert.Equal(t, want, got)
}

func subjects(msgs []sendook.Message) []string {
	out := make([]string, len(msgs))
	for i, m := range msgs {
		out[i] = m.Subject
	}
	return out
}
