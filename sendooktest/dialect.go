package sendooktest

import "strconv"

// Dialect is one of the two wire formats of the Sendook API. A [Server]
// speaks one of them, chosen with [WithDialect]; the sendook client
// understands both.
type Dialect int

const (
	// DialectReal answers as the open-source Sendook server does: "_id"
	// and "__v" fields and foreign keys as 24-hex strings, collections as
	// bare JSON arrays, status 200 for every success (creates and sends
	// included), errors as {"error": "..."} or express-validator's
	// {"errors": [...]}, a plain-text 401, the JSON literal null for an
	// API key that does not exist, and Express's HTML pages for unknown
	// routes, malformed JSON and internal errors such as a malformed id.
	DialectReal Dialect = iota
	// DialectDocumented answers as the API documentation describes: "id"
	// fields with a prefix per resource ("ibox_...", "msg_..."),
	// collections as {"data": [...]}, 201 for creates, 202 for sends and
	// replies, and every error as {"message", "code", "details"} with the
	// request id also in an X-Request-Id header.
	DialectDocumented
)

// String returns "real" or "documented".
func (d Dialect) String() string {
	switch d {
	case DialectReal:
		return "real"
	case DialectDocumented:
		return "documented"
	}
	return "Dialect(" + strconv.Itoa(int(d)) + ")"
}
