package redact

import "testing"

// The key is hidden where it stands as a whole token: not inside a longer
// run of letters and digits.
func TestTokenWholeTokensOnly(t *testing.T) {
	tests := []struct {
		name, secret, in, want string
	}{
		{"short key inside words", "o", "Not Found", "Not Found"},
		{"short key alone", "o", `key "o" refused; o`, `key "[REDACTED]" refused; [REDACTED]`},
		{"short key at both ends", "o", "o-o", "[REDACTED]-[REDACTED]"},
		{"twice in one run", "o", "oo", "oo"},
		{"after a bearer", "sk_live_1", "Bearer sk_live_1", "Bearer [REDACTED]"},
		{"inside JSON", "sk_live_1", `{"key":"sk_live_1"}`, `{"key":"[REDACTED]"}`},
		{"after an underscore", "abc", "x_abc_y", "x_[REDACTED]_y"},
		{"run continues after", "sk_live_1", "sk_live_12", "sk_live_12"},
		{"run continues before", "sk_live_1", "ask_live_1", "ask_live_1"},
		{"overlapping candidates", "aa", "aaa aa", "aaa [REDACTED]"},
		{"secret edges are not letters", "-x-", "a-x-b", "a[REDACTED]b"},
		{"unicode letters count", "é1", "cé1 é1", "cé1 [REDACTED]"},
		{"empty secret", "", "anything", "anything"},
		{"absent", "sk_live_1", "nothing here", "nothing here"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := Token(tc.in, tc.secret); got != tc.want {
				t.Errorf("Token(%q, %q) = %q, want %q", tc.in, tc.secret, got, tc.want)
			}
		})
	}
}
