// Package redact hides a secret in text where it stands as a whole token,
// the one rule the client, its errors and the commands share.
package redact

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Text stands in for a secret wherever one would be shown.
const Text = "[REDACTED]"

// Token replaces each occurrence of secret in s that stands as a whole
// token with [Text].
//
// An occurrence is a whole token unless it is part of a longer run of
// letters and digits: a secret that begins with a letter or digit must not
// follow one, and a secret that ends with one must not be followed by one.
// So the test key "o" is hidden in `key "o" refused` but leaves "Not Found"
// alone, and "sk_live_abc" is hidden in "Bearer sk_live_abc" and in
// `{"key":"sk_live_abc"}` alike. A real key, a long random string, never
// occurs inside ordinary text, so the rule hides it wherever it stands,
// while a short test key cannot mangle a message.
func Token(s, secret string) string {
	if secret == "" || !strings.Contains(s, secret) {
		return s
	}
	first, _ := utf8.DecodeRuneInString(secret)
	last, _ := utf8.DecodeLastRuneInString(secret)
	startsWord, endsWord := isTokenRune(first), isTokenRune(last)

	var b strings.Builder
	copied := 0 // s[:copied] is written to b, with the secret hidden
	for from := 0; ; {
		i := strings.Index(s[from:], secret)
		if i < 0 {
			break
		}
		start, end := from+i, from+i+len(secret)
		before, _ := utf8.DecodeLastRuneInString(s[:start])
		after, _ := utf8.DecodeRuneInString(s[end:])
		whole := !(startsWord && start > 0 && isTokenRune(before)) && !(endsWord && end < len(s) && isTokenRune(after))
		if !whole {
			// Look again from the next rune: the secret may start
			// inside this occurrence.
			_, size := utf8.DecodeRuneInString(s[start:])
			from = start + size
			continue
		}
		b.WriteString(s[copied:start])
		b.WriteString(Text)
		copied, from = end, end
	}
	if copied == 0 {
		return s
	}
	b.WriteString(s[copied:])
	return b.String()
}

// isTokenRune reports whether r is a letter or a digit: the runes a token
// is made of.
func isTokenRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }
