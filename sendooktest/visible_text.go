package sendooktest

import (
	"regexp"
	"slices"
	"strings"
)

// The real server keeps only the visible text of received mail, as the
// email reply parser it uses reads it. That parser reads the text from
// the bottom up and cuts it into fragments: runs of quoted lines (starting
// with '>') and of other lines. A fragment is hidden when it is blank,
// when it starts with a signature line ("-- ", "Sent from my ..."), or
// when it starts with the header a mail client writes above a quote ("On
// ... wrote:"); quoted fragments stay visible. The visible text is the
// other fragments joined by newlines.
//
// This implements the English headers and signatures only; the real
// parser knows a dozen languages.

var (
	// quoteHeaderLine is a header above a quoted message.
	quoteHeaderLine = []*regexp.Regexp{
		regexp.MustCompile(`^>*-*\s*On\s.+\s.+wrote:?\s?-*$`),
		regexp.MustCompile(`^>*.+\son.*at.*wrote:$`),
		regexp.MustCompile(`^>*\s*From\s?:.+\s?\s*[\[<].+[\]>]`),
		regexp.MustCompile(`(?i)^>*-{1,12} ?original message ?-{1,12}$`),
	}
	// wrappedQuoteHeader is a quote header that a mail client wrapped
	// onto a second line before "wrote:".
	wrappedQuoteHeader = regexp.MustCompile(`(?m)^>*-*\s*(On\s.+\s.+\nwrote:?)\s?-*$`)
	// signatureLine starts a signature.
	signatureLine = []*regexp.Regexp{
		regexp.MustCompile(`^\s*-{2,4}$`),
		regexp.MustCompile(`^\s*_{2,4}$`),
		regexp.MustCompile(`^-- $`),
		regexp.MustCompile(`^\+{2,4}$`),
		regexp.MustCompile(`^={2,4}$`),
		regexp.MustCompile(`^_{32}$`),
		regexp.MustCompile(`^Sent from (?:\s*.+)$`),
		regexp.MustCompile(`^Get Outlook for (?:\s*.+).*`),
		regexp.MustCompile(`(?i)^Cheers,?!?$`),
		regexp.MustCompile(`(?i)^Best wishes,?!?$`),
		regexp.MustCompile(`(?i)^\w{0,20}\s?(?:\sand\s)?Regards,?!?！?$`),
	}
)

func anyMatch(res []*regexp.Regexp, s string) bool {
	return slices.ContainsFunc(res, func(re *regexp.Regexp) bool { return re.MatchString(s) })
}

// fragment is a run of lines, kept bottom-up while the text is read.
type fragment struct {
	lines          []string
	quoted, hidden bool
}

// visibleText returns the part of a received mail's text that its sender
// wrote.
func visibleText(text string) string {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	if m := wrappedQuoteHeader.FindStringSubmatch(text); m != nil {
		text = strings.Replace(text, m[1], strings.ReplaceAll(m[1], "\n", " "), 1)
	}
	lines := strings.Split(text, "\n")
	var frags []*fragment
	var cur *fragment
	finish := func(hidden bool) {
		cur.hidden = hidden || strings.Join(cur.lines, "") == ""
		frags = append(frags, cur)
		cur = nil
	}
	for i := len(lines) - 1; i >= 0; i-- {
		line := lines[i]
		if !anyMatch(signatureLine, line) {
			line = strings.TrimRight(line, " \t\r\n\v\f")
		}
		if cur != nil {
			below := cur.lines[len(cur.lines)-1]
			switch {
			case anyMatch(signatureLine, below):
				finish(true)
			case line == "" && anyMatch(quoteHeaderLine, below):
				finish(true)
			}
		}
		quoted := strings.HasPrefix(line, ">")
		if cur != nil && !(cur.quoted == quoted || cur.quoted && (line == "" || anyMatch(quoteHeaderLine, line))) {
			finish(false)
		}
		if cur == nil {
			cur = &fragment{quoted: quoted}
		}
		cur.lines = append(cur.lines, line)
	}
	if cur != nil {
		finish(false)
	}
	var visible []string
	for i := len(frags) - 1; i >= 0; i-- {
		f := frags[i]
		if f.hidden {
			continue
		}
		lines := slices.Clone(f.lines)
		slices.Reverse(lines)
		visible = append(visible, strings.TrimPrefix(strings.Join(lines, "\n"), "\n"))
	}
	return strings.TrimRight(strings.Join(visible, "\n"), "~")
}
