package sendook

import "testing"

// Plain text becomes HTML that reads the same: escaped, with its paragraphs
// and line breaks.
func TestTextToHTML(t *testing.T) {
	tests := []struct{ name, text, want string }{
		{"one line", "Hi there!", "<p>Hi there!</p>"},
		{"escaped", `if a < b && c > "d" it's fine`, "<p>if a &lt; b &amp;&amp; c &gt; &#34;d&#34; it&#39;s fine</p>"},
		{"markup stays text", "<script>alert(1)</script>", "<p>&lt;script&gt;alert(1)&lt;/script&gt;</p>"},
		{"line breaks", "Hi Bob,\nthanks.\nAlice", "<p>Hi Bob,<br>\nthanks.<br>\nAlice</p>"},
		{"paragraphs", "Hi Bob,\n\nThanks for the order.\n\n\n-- \nAlice", "<p>Hi Bob,</p>\n<p>Thanks for the order.</p>\n<p>-- <br>\nAlice</p>"},
		{"CRLF and blank lines with spaces", "a\r\nb\r\n  \r\nc\rd", "<p>a<br>\nb</p>\n<p>c<br>\nd</p>"},
		{"leading and trailing blank lines", "\n\nHi\n\n", "<p>Hi</p>"},
		{"only blanks", " \n ", "<p> \n </p>"},
		{"empty", "", ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if got := textToHTML(tc.text); got != tc.want {
				t.Errorf("textToHTML(%q)\n got %q\nwant %q", tc.text, got, tc.want)
			}
		})
	}
}
