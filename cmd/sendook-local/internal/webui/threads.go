package webui

import (
	"slices"
	"strings"
	"time"

	sendook "github.com/sendook/sendook-go"
)

// newThreadRow summarises a thread from the inbox's messages (the API's
// thread list may give only their ids).
func newThreadRow(inboxID string, t *sendook.Thread, byID map[string]*messageRow) threadRow {
	row := threadRow{InboxID: inboxID, ID: t.ID, Subject: t.Subject, Count: len(t.Messages), Time: t.UpdatedAt}
	var who []string
	var latest time.Time
	for _, m := range t.Messages {
		mr := byID[m.ID]
		if mr == nil {
			continue
		}
		if row.Subject == "" {
			row.Subject = mr.Subject
		}
		if latest.IsZero() || mr.Time.After(latest) {
			latest, row.Snippet = mr.Time, mr.Snippet
		}
		for _, addr := range mr.Others {
			if !slices.Contains(who, addr) {
				who = append(who, addr)
			}
		}
	}
	if !latest.IsZero() {
		row.Time = latest
	}
	if row.Subject == "" {
		row.Subject = "(no subject)"
	}
	row.Participants = strings.Join(who, ", ")
	return row
}

func sortThreads(ts []threadRow) {
	slices.SortStableFunc(ts, func(a, b threadRow) int { return b.Time.Compare(a.Time) })
}
