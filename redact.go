package sendook

import (
	"encoding/json"
	"strings"
	"unicode"
	"unicode/utf8"
)

// redact replaces each occurrence of secret in s that stands as a whole
// token with [REDACTED].
//
// An occurrence is a whole token unless it is part of a longer run of
// letters and digits: a secret that begins with a letter or digit must not
// follow one, and a secret that ends with one must not be followed by one.
// So the test key "o" is hidden in `key "o" refused` but leaves "Not Found"
// alone, and "sk_live_abc" is hidden in "Bearer sk_live_abc" and in
// `{"key":"sk_live_abc"}` alike. A real key, a long random string, never
// occurs inside ordinary text, so the rule hides it wherever it stands,
// while a short test key cannot mangle a message.
func redact(s, secret string) string {
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
		b.WriteString(redactedText)
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

// redactBody hides secret in a raw response body: as it is, and as the
// JSON encoders write it inside a string (with `"`, `\`, `<`, `>`, `&`
// and `/` escaped), so that a server echoing the key in a JSON string does
// not leave it in [APIError.Body]. Decoded fields are redacted after
// decoding, which covers every other escape.
func redactBody(body []byte, secret string) []byte {
	if secret == "" {
		return body
	}
	s := string(body)
	for _, form := range secretForms(secret) {
		s = redact(s, form)
	}
	return []byte(s)
}

// secretForms returns secret and the distinct forms JSON encoders give it
// inside a string.
func secretForms(secret string) []string {
	forms := []string{secret}
	add := func(form string) {
		for _, f := range forms {
			if f == form {
				return
			}
		}
		forms = append(forms, form)
	}
	if plain, err := marshalJSON(secret); err == nil {
		inner := string(plain[1 : len(plain)-1])
		add(inner)
		add(strings.ReplaceAll(inner, "/", `\/`))
	}
	if escaped, err := json.Marshal(secret); err == nil {
		inner := string(escaped[1 : len(escaped)-1])
		add(inner)
		add(strings.ReplaceAll(inner, "/", `\/`))
	}
	return forms
}

// redactValue hides secret in every string of a decoded JSON value, map
// keys included, in place where it can.
func redactValue(v any, secret string) any {
	switch v := v.(type) {
	case string:
		return redact(v, secret)
	case []any:
		for i := range v {
			v[i] = redactValue(v[i], secret)
		}
		return v
	case map[string]any:
		for k, item := range v {
			if rk := redact(k, secret); rk != k {
				delete(v, k)
				k = rk
			}
			v[k] = redactValue(item, secret)
		}
		return v
	}
	return v
}
