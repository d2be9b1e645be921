package sendook

import (
	"slices"
	"strings"
)

// regexpSpecial holds the characters to which a regular expression gives a
// meaning: those regexp.QuoteMeta escapes, special in PCRE (MongoDB's
// $regex) and JavaScript alike.
const regexpSpecial = `\.+*?()|[]{}^$`

// literalSearch makes a literal, case-insensitive search out of a server
// that may read its query parameter either way: the open-source server as
// a regular expression, other servers as text. It returns the query to
// send, the longest run of query that holds no regular expression syntax
// (so that both readings agree on it, and every message containing query
// contains it), and, when that is not query itself, the filter that keeps
// the messages of the answer that contain all of query. A query made only
// of such syntax sends none and filters everything listed.
func literalSearch(query string) (sent string, keep func(*Message) bool) {
	for _, run := range strings.FieldsFunc(query, func(r rune) bool { return strings.ContainsRune(regexpSpecial, r) }) {
		if len(run) > len(sent) {
			sent = run
		}
	}
	if sent == query {
		return query, nil
	}
	q := strings.ToLower(query)
	has := func(s string) bool { return strings.Contains(strings.ToLower(s), q) }
	return sent, func(m *Message) bool {
		return has(m.Subject) || has(m.Text) || has(m.HTML) ||
			slices.ContainsFunc(m.To, has) || slices.ContainsFunc(m.CC, has) ||
			slices.ContainsFunc(m.BCC, has) || slices.ContainsFunc(m.Labels, has)
	}
}
