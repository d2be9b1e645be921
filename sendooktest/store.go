package sendooktest

import (
	"slices"
	"time"
)

// defaultEmailDomain is where inboxes without a custom domain live.
const defaultEmailDomain = "sendook.com"

// table keeps resources by id, in creation order, as the real server's
// collections list them.
type table[T any] struct {
	order []string
	rows  map[string]*T
}

func (t *table[T]) put(id string, v *T) {
	if t.rows == nil {
		t.rows = make(map[string]*T)
	}
	t.order = append(t.order, id)
	t.rows[id] = v
}

func (t *table[T]) get(id string) *T { return t.rows[id] }

func (t *table[T]) all() []*T {
	out := make([]*T, 0, len(t.order))
	for _, id := range t.order {
		out = append(out, t.rows[id])
	}
	return out
}

// find returns the first resource, in creation order, for which match is
// true.
func (t *table[T]) find(match func(*T) bool) *T {
	for _, id := range t.order {
		if v := t.rows[id]; match(v) {
			return v
		}
	}
	return nil
}

// removeWhere deletes every resource for which match is true, in one pass
// so that deleting an inbox's many messages stays linear.
func (t *table[T]) removeWhere(match func(*T) bool) {
	t.order = slices.DeleteFunc(t.order, func(id string) bool {
		if match(t.rows[id]) {
			delete(t.rows, id)
			return true
		}
		return false
	})
}

// store is the state of one organization, the only one a Server has. Every
// method is called with the server's lock held.
type store struct {
	dialect     Dialect
	ids         idSource
	orgID       string
	apiKeys     table[apiKey]
	keyBySecret map[string]*apiKey
	domains     table[domain]
	inboxes     table[inbox]
	// inboxByKey indexes inboxes by emailKey of their address.
	inboxByKey map[string]*inbox
	messages   table[message]
	threads    table[thread]
	webhooks   table[webhook]
	// attempts holds, by webhook id, the latest delivery attempts, newest
	// first; the API lists no more than maxAttempts.
	attempts map[string][]*attempt
	// sent is every message sent or replied, oldest first, kept when its
	// inbox is deleted, like mail that has gone out.
	sent []*message
}

func newStore(d Dialect, key string) *store {
	st := &store{
		dialect:     d,
		ids:         newIDSource(),
		keyBySecret: make(map[string]*apiKey),
		inboxByKey:  make(map[string]*inbox),
		attempts:    make(map[string][]*attempt),
	}
	if d == DialectReal {
		st.orgID = st.ids.objectID(st.now())
	} else {
		st.orgID = st.ids.prefixed("org", st.now())
	}
	st.createAPIKey("Default", key)
	return st
}

// now is the time of a change, at the millisecond precision that the wire
// format has, so that what is stored is what clients read back.
func (st *store) now() time.Time { return time.Now().UTC().Truncate(time.Millisecond) }

// newMeta returns the identity and timestamps of a new resource; prefix
// names its kind in documented ids ("ibox", "msg").
func (st *store) newMeta(prefix string) (ident, stamps) {
	now := st.now()
	s := stamps{CreatedAt: stamp(now), UpdatedAt: stamp(now)}
	if st.dialect == DialectReal {
		s.Version = new(int)
		return ident{MongoID: st.ids.objectID(now)}, s
	}
	return ident{ID: st.ids.prefixed(prefix, now)}, s
}

func (st *store) touch(s *stamps) { s.UpdatedAt = stamp(st.now()) }
