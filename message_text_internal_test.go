package sendook

import "testing"

// htmlToText is what the send code uses to give an HTML-only message a text
// body, and what PlainText renders HTML with.
func TestHTMLToText(t *testing.T) {
	for h, want := range map[string]string{
		"":                 "",
		"plain  words":     "plain words",
		"<p>a</p><p>b</p>": "a\nb",
		"<p>Hi&nbsp;Ada,</p><p>See <a href='https://x.example'>this</a>.<br>Bye</p>": "Hi Ada,\nSee this.\nBye",
		"<table><tr><td>a</td><td>b</td></tr></table><script>x()</script>":           "a b",
	} {
		if got := htmlToText(h); got != want {
			t.Errorf("htmlToText(%q) = %q, want %q", h, got, want)
		}
		if got := (&Message{HTML: h}).PlainText(); got != want {
			t.Errorf("PlainText of HTML %q = %q, want %q", h, got, want)
		}
	}
}

func TestTagAtom(t *testing.T) {
	for raw, want := range map[string]string{
		"<p>": "p", "</P>": "p", "<TD class=x>": "td", "<br/>": "br", "<a\nhref=x>": "a",
		"<verylongtagnamethatisunknown>": "", "<>": "", "x": "",
	} {
		if got := tagAtom([]byte(raw)).String(); got != want {
			t.Errorf("tagAtom(%q) = %q, want %q", raw, got, want)
		}
	}
}
