package sendook

import (
	"encoding/json"
	"strings"

	redactpkg "github.com/sendook/sendook-go/internal/redact"
)

// redact replaces each occurrence of secret in s that stands as a whole
// token with [REDACTED] (see [redactpkg.Token] for the rule).
func redact(s, secret string) string { return redactpkg.Token(s, secret) }

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
