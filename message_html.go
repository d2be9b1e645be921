package sendook

import (
	"html"
	"strings"
)

// textToHTML renders plain text as HTML that reads the same: the text
// escaped, each run of lines separated by a blank line a paragraph, and
// each line break within a paragraph a <br>. Sends and replies given only
// Text carry it as their HTML part (see [SendMessageParams]).
func textToHTML(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = strings.ReplaceAll(text, "\r", "\n")
	var b strings.Builder
	b.Grow(len(text) + len(text)/8 + 16)
	var para []string
	flush := func() {
		if len(para) == 0 {
			return
		}
		if b.Len() > 0 {
			b.WriteByte('\n')
		}
		b.WriteString("<p>")
		for i, line := range para {
			if i > 0 {
				b.WriteString("<br>\n")
			}
			b.WriteString(html.EscapeString(line))
		}
		b.WriteString("</p>")
		para = para[:0]
	}
	for _, line := range strings.Split(text, "\n") {
		if strings.TrimSpace(line) == "" {
			flush()
			continue
		}
		para = append(para, line)
	}
	flush()
	if b.Len() == 0 && text != "" {
		// Only blank lines: keep them, so that the HTML is not empty
		// where the text was not.
		return "<p>" + html.EscapeString(text) + "</p>"
	}
	return b.String()
}
