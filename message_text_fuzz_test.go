package sendook_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/sendook/sendook-go"
)

// FuzzMessageText reads any subject, text and HTML: nothing panics, and what
// comes back keeps the promises of the documentation.
func FuzzMessageText(f *testing.F) {
	for _, file := range []string{"codes.txt", "links.txt", "stripped.txt", "plaintext.txt"} {
		for _, c := range loadCorpus(f, file) {
			f.Add(c.subject, c.text, c.html)
		}
	}
	f.Add("", "", "<p><b>unclosed <script>x")
	f.Add("\xff", "On \xff wrote:\n>", "<a href=\"http://\xff\">")
	f.Fuzz(func(t *testing.T, subject, text, html string) {
		m := &sendook.Message{Subject: subject, Text: text, HTML: html}
		plain := m.PlainText()
		if text == "" && utf8.ValidString(html) && !utf8.ValidString(plain) {
			t.Errorf("PlainText of valid UTF-8 is not: %q", plain)
		}

		codes := m.Codes()
		if codes != nil && len(codes) == 0 {
			t.Error("Codes returned an empty, non-nil slice")
		}
		seen := map[string]bool{}
		for _, c := range codes {
			key := strings.NewReplacer(" ", "", "-", "").Replace(c)
			if n := len(key); n < 4 || n > 10 {
				t.Errorf("code %q has %d characters", c, n)
			}
			if seen[key] {
				t.Errorf("code %q twice in %q", c, codes)
			}
			seen[key] = true
			if !strings.Contains(subject, c) && !strings.Contains(plain, c) {
				t.Errorf("code %q is neither in the subject nor in the text", c)
			}
		}

		links := m.Links()
		seenLinks := map[string]bool{}
		for _, l := range links {
			low := strings.ToLower(l)
			if !strings.HasPrefix(low, "http://") && !strings.HasPrefix(low, "https://") {
				t.Errorf("link %q is not http(s)", l)
			}
			if seenLinks[l] {
				t.Errorf("link %q twice", l)
			}
			seenLinks[l] = true
		}

		stripped := m.StrippedText()
		if strings.HasPrefix(stripped, "\n") || strings.HasSuffix(stripped, "\n") {
			t.Errorf("StrippedText keeps a blank line at an end: %q", stripped)
		}
		if len(stripped) > len(plain) {
			t.Errorf("StrippedText is longer than PlainText: %q from %q", stripped, plain)
		}
	})
}
