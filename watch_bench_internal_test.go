package sendook

import (
	"context"
	"net/http"
	"net/http/httptest"
	"testing"
	"time"
)

// BenchmarkWatchPoll compares one poll of Watch over an inbox of 1,000
// messages, all seen before, with the plain List call it makes, in turn
// against the same loopback server. It reports the time ratio and the
// allocation ratio (poll / list).
func BenchmarkWatchPoll(b *testing.B) {
	body := messageList(1_000)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.Write(body)
	}))
	b.Cleanup(srv.Close)
	client := NewClient("k", WithBaseURL(srv.URL))
	ctx := context.Background()
	const inbox = "65f1c0e2a4b1c2d3e4f5a6b7"
	w := newWatcher(client.Messages, inbox, &WatchParams{IncludeSent: true}, nil)

	list := func() {
		msgs, err := client.Messages.List(ctx, inbox, nil)
		if err != nil || len(msgs) != 1_000 {
			b.Fatal(len(msgs), err)
		}
	}
	first := true
	poll := func() {
		msgs, err := client.Messages.List(ctx, inbox, w.list, w.opts...)
		if err != nil || len(msgs) != 1_000 {
			b.Fatal(len(msgs), err)
		}
		if fresh := w.fresh(msgs, first); len(fresh) != 0 {
			b.Fatal("nothing is new after the first poll")
		}
		first = false
	}
	poll() // the first listing: every message is seen from now on

	b.ReportAllocs()
	b.ResetTimer()
	var tList, tPoll time.Duration
	for i := 0; i < b.N; i++ {
		start := time.Now()
		poll()
		mid := time.Now()
		list()
		tPoll, tList = tPoll+mid.Sub(start), tList+time.Since(mid)
	}
	b.StopTimer()
	b.ReportMetric(float64(tPoll)/float64(tList), "time-ratio")
	b.ReportMetric(testing.AllocsPerRun(20, poll)/testing.AllocsPerRun(20, list), "allocs-ratio")
}
