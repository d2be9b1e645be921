package sendooktest

import (
	"regexp"
	"strings"
)

// isEmail reports whether s is an email address as express-validator's
// isEmail, with its default options, accepts it: a dot-atom or quoted
// local part of at most 64 bytes (UTF-8 letters allowed), and a fully
// qualified domain name with a top-level domain of letters; no display
// name, no IP address, no trailing dot.
func isEmail(s string) bool {
	if len(s) > 254 {
		return false
	}
	at := strings.LastIndex(s, "@")
	if at < 0 {
		return false
	}
	user, domain := s[:at], s[at+1:]
	if len(user) > 64 || len(domain) > 254 || !isFQDN(strings.ToLower(domain)) {
		return false
	}
	if len(user) >= 2 && strings.HasPrefix(user, `"`) && strings.HasSuffix(user, `"`) {
		return quotedLocalPart.MatchString(user[1 : len(user)-1])
	}
	for _, part := range strings.Split(user, ".") {
		if !atomPart.MatchString(part) {
			return false
		}
	}
	return true
}

var (
	// atomPart is one dot-separated part of an unquoted local part.
	atomPart = regexp.MustCompile(`^[a-zA-Z0-9!#$%&'*+\-/=?^_` + "`" + `{|}~\x{00A1}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}]+$`)
	// quotedLocalPart is the inside of a quoted local part: printable
	// characters but quote and backslash, or escaped pairs.
	quotedLocalPart = regexp.MustCompile(`^(?:[\s\x01-\x08\x0b\x0c\x0e-\x1f\x7f\x21\x23-\x5b\x5d-\x7e\x{00A1}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}]|\\[\x01-\x09\x0b\x0c\x0d-\x7f\x{00A1}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}])*$`)
	// tldPattern is a top-level domain: two letters or more, or an IDN
	// in punycode.
	tldPattern = regexp.MustCompile(`^(?:[a-z\x{00A1}-\x{00A8}\x{00AA}-\x{D7FF}\x{F900}-\x{FDCF}\x{FDF0}-\x{FFEF}]{2,}|xn[a-z0-9-]{2,})$`)
	// labelPattern is a label of a domain name, IDN letters allowed.
	labelPattern = regexp.MustCompile(`^[a-z0-9\x{00A1}-\x{FFFF}-]+$`)
	fullWidth    = regexp.MustCompile(`[\x{FF01}-\x{FF5E}]`)
)

// isFQDN reports whether a lower-case domain name has at least two labels
// of letters, digits and inner hyphens, of at most 63 bytes, and a
// top-level domain of letters.
func isFQDN(domain string) bool {
	labels := strings.Split(domain, ".")
	if len(labels) < 2 || !tldPattern.MatchString(labels[len(labels)-1]) {
		return false
	}
	for _, l := range labels {
		if len(l) > 63 || !labelPattern.MatchString(l) || fullWidth.MatchString(l) ||
			strings.HasPrefix(l, "-") || strings.HasSuffix(l, "-") {
			return false
		}
	}
	return true
}
