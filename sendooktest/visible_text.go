package sendooktest

import (
	"regexp"
	"slices"
	"strings"
)

// The real server keeps only the visible text of received mail: what the
// sender wrote, without the quoted message it answers or a signature. It
// reads mail the way GitHub's email reply parser does: from the bottom up,
// it splits the text into fragments of quoted and unquoted lines, and hides
// the quoted fragments, signatures and blank fragments that come after the
// last visible one.

var (
	// signatureLine starts a signature: "-- ", "__" lines, or a mobile
	// client's "Sent from my ...".
	signatureLine = regexp.MustCompile(`^(?:\s*--\s*|\s*__+\s*|\w-\w*|-\w+|Sent from my .*)$`)
	// quoteHeader is the line a mail client writes above a quoted reply.
	quoteHeader = regexp.MustCompile(`(?s)^\s*On\b.*\bwrote:\s*$|^\s*-+\s*Original Message\s*-+\s*$|^\s*From:\s.*$`)
	// multilineQuoteHeader finds a quote header that a client wrapped over
	// lines, to join it before the lines are read.
	multilineQuoteHeader = regexp.MustCompile(`(?m)^On\b[^\n]*(?:\n[^\n>]*){0,2}?\bwrote:$`)
)

// fragment is a run of lines that are all quoted or all not.
type fragment struct {
	lines               []string // bottom-up
	quoted, signature   bool
	hidden, quoteHeader bool
}

func (f *fragment) content() string {
	lines := slices.Clone(f.lines)
	slices.Reverse(lines)
	return strings.Join(lines, "\n")
}

// visibleText returns the part of a received mail's text that its sender
// wrote.
func visibleText(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	text = multilineQuoteHeader.ReplaceAllStringFunc(text, func(h string) string {
		return strings.ReplaceAll(h, "\n", " ")
	})
	lines := strings.Split(text, "\n")
	slices.Reverse(lines)

	var frags []*fragment
	var cur *fragment
	foundVisible := false
	finish := func() {
		if cur == nil {
			return
		}
		if !foundVisible {
			if cur.quoted || cur.signature || cur.quoteHeader || strings.TrimSpace(cur.content()) == "" {
				cur.hidden = true
			} else {
				foundVisible = true
			}
		}
		frags = append(frags, cur)
		cur = nil
	}
	for _, line := range lines {
		trimmed := strings.TrimRight(line, " \t")
		quoted := strings.HasPrefix(strings.TrimLeft(trimmed, " \t"), ">")
		isHeader := quoteHeader.MatchString(trimmed)
		if cur != nil && strings.TrimSpace(trimmed) == "" && len(cur.lines) > 0 &&
			signatureLine.MatchString(cur.lines[len(cur.lines)-1]) {
			cur.signature = true
			finish()
		}
		if isHeader {
			finish()
			cur = &fragment{lines: []string{line}, quoteHeader: true}
			finish()
			continue
		}
		if cur != nil && (cur.quoted == quoted || cur.quoted && strings.TrimSpace(trimmed) == "") {
			cur.lines = append(cur.lines, line)
			continue
		}
		finish()
		cur = &fragment{lines: []string{line}, quoted: quoted}
	}
	finish()
	slices.Reverse(frags)
	var out []string
	for _, f := range frags {
		if !f.hidden {
			out = append(out, f.content())
		}
	}
	return strings.Join(out, "\n")
}
