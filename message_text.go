package sendook

// PlainText returns the message's text: Text, or, when it is empty, the text
// of HTML.
func (m *Message) PlainText() string {
	if m.Text != "" {
		return m.Text
	}
	return htmlToText(m.HTML)
}

// Codes returns the one-time codes the message carries, most likely first;
// nil when none.
func (m *Message) Codes() []string { return nil }

// Links returns the http and https URLs of the message, in order of first
// appearance, without duplicates.
func (m *Message) Links() []string { return nil }

// StrippedText returns what the sender wrote: PlainText without quoted
// earlier messages and without a signature.
func (m *Message) StrippedText() string { return m.PlainText() }

// htmlToText renders HTML as plain text.
func htmlToText(s string) string { return s }
