package sendooktest

// renderThread returns a copy of t ready to send: with its messages whole,
// or as bare ids, as the real server lists them.
func (st *store) renderThread(t *thread, whole bool) thread {
	out := *t
	if !whole && st.dialect == DialectReal {
		out.Messages = append([]string{}, t.messageIDs...)
		return out
	}
	msgs := make([]*message, 0, len(t.messageIDs))
	for _, id := range t.messageIDs {
		if m := st.messages.get(id); m != nil {
			msgs = append(msgs, m)
		}
	}
	out.Messages = msgs
	return out
}

func (s *Server) listThreads(rq *request) {
	var body []byte
	s.lock(func(st *store) {
		id := rq.param("inboxId")
		if st.inboxes.get(id) == nil {
			return
		}
		list := []thread{}
		for _, t := range st.threads.all() {
			if t.InboxID == id {
				list = append(list, st.renderThread(t, false))
			}
		}
		body = s.encodeList(list)
	})
	if body == nil {
		rq.fail(notFound("Inbox"))
		return
	}
	rq.ok(body)
}

// getThread answers a thread with its messages. The real server compares
// the inbox of the path with the thread's as strings: exactly, so an
// upper-case or malformed inbox id finds nothing.
func (s *Server) getThread(rq *request) {
	var body []byte
	s.lock(func(st *store) {
		if t := st.threads.get(rq.param("threadId")); t != nil && t.InboxID == rq.params["inboxId"] {
			body = encode(st.renderThread(t, true))
		}
	})
	if body == nil {
		rq.fail(notFound("Thread"))
		return
	}
	rq.ok(body)
}
