package sendook

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// PlainText returns the message's text: Text, or, when it is empty, the text
// of HTML. HTML becomes text this way: tags are removed; each block element
// (p, div, li, tr, h1–h6, blockquote, …) and each <br> starts a new line;
// runs of spaces collapse to one; entities are decoded (&nbsp; is a space);
// table cells are separated by a space; the content of <script>, <style> and
// <head> is dropped.
func (m *Message) PlainText() string {
	if m.Text != "" {
		return m.Text
	}
	return htmlToText(m.HTML)
}

// htmlToText renders HTML as plain text by the rules PlainText documents. It
// reads the document once with the tokenizer of golang.org/x/net/html, so it
// takes time linear in len(s) and never fails: whatever a tag soup holds is
// read as a browser's tokenizer would.
func htmlToText(s string) string {
	if s == "" {
		return ""
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var w textWriter
	w.b.Grow(len(s)/3 + 16)
	var skip atom.Atom // the element whose content is being dropped, if any
	pre := 0           // depth of <pre>, whose line breaks are kept
	for {
		tt := z.Next()
		switch tt {
		case html.ErrorToken:
			return w.String()
		case html.TextToken:
			if skip == 0 {
				w.text(z.Text(), pre > 0)
			}
		case html.StartTagToken, html.SelfClosingTagToken, html.EndTagToken:
			a := tagAtom(z.Raw())
			if skip != 0 {
				// A document that never closes <head> still shows its body.
				if tt == html.EndTagToken && a == skip || skip == atom.Head && a == atom.Body {
					skip = 0
				}
				continue
			}
			start := tt != html.EndTagToken
			switch a {
			case atom.Script, atom.Style, atom.Head, atom.Title, atom.Template, atom.Noscript:
				if tt == html.StartTagToken {
					skip = a
				}
			case atom.Br:
				w.lineBreak()
			case atom.Td, atom.Th:
				if start {
					w.space = true
				}
			case atom.Pre:
				w.newLine()
				if tt == html.StartTagToken {
					pre++
				} else if tt == html.EndTagToken && pre > 0 {
					pre--
				}
			default:
				if isBlock(a) {
					w.newLine()
				}
			}
		}
	}
}

// isBlock reports whether an element starts and ends a line of its own.
func isBlock(a atom.Atom) bool {
	switch a {
	case atom.Address, atom.Article, atom.Aside, atom.Blockquote, atom.Body,
		atom.Caption, atom.Center, atom.Dd, atom.Details, atom.Dialog, atom.Div,
		atom.Dl, atom.Dt, atom.Fieldset, atom.Figcaption, atom.Figure,
		atom.Footer, atom.Form, atom.H1, atom.H2, atom.H3, atom.H4, atom.H5,
		atom.H6, atom.Header, atom.Hgroup, atom.Hr, atom.Html, atom.Legend,
		atom.Li, atom.Main, atom.Menu, atom.Nav, atom.Ol, atom.P,
		atom.Section, atom.Summary, atom.Table, atom.Tbody, atom.Tfoot,
		atom.Thead, atom.Tr, atom.Ul:
		return true
	}
	return false
}

// textWriter collects rendered text: at most one space between words, none
// at the start or end of a line.
type textWriter struct {
	b     strings.Builder
	last  byte // the last byte written, 0 before any
	space bool // a space is due before the next word
}

func (w *textWriter) writeByte(c byte) {
	w.b.WriteByte(c)
	w.last = c
}

// text appends the decoded text of one text token. Outside <pre> every run of
// white space (and &nbsp;) is one space; inside, line breaks are kept.
func (w *textWriter) text(t []byte, pre bool) {
	for i := 0; i < len(t); {
		c := t[i]
		if c < utf8.RuneSelf {
			i++
			switch c {
			case ' ', '\t', '\f', '\v':
				w.space = true
			case '\r':
				if pre {
					if i < len(t) && t[i] == '\n' {
						i++
					}
					w.lineBreak()
				} else {
					w.space = true
				}
			case '\n':
				if pre {
					w.lineBreak()
				} else {
					w.space = true
				}
			default:
				w.put()
				w.writeByte(c)
			}
			continue
		}
		r, n := utf8.DecodeRune(t[i:])
		switch {
		case r == '\u00a0' || r == '\u2002' || r == '\u2003' || r == '\u2009' ||
			r == '\u202f' || r == '\u3000' || r == '\u2007' || r == '\u200a':
			w.space = true
		case r == '\u200b' || r == '\u200c' || r == '\ufeff' || r == '\u00ad' ||
			r == '\u034f' || r == '\u2060':
			// Invisible padding, as in newsletters' preview-text hacks.
		default:
			w.put()
			w.b.Write(t[i : i+n])
			w.last = t[i+n-1]
		}
		i += n
	}
}

// put writes the space that is due, unless at the start of a line.
func (w *textWriter) put() {
	if w.space && w.last != 0 && w.last != '\n' {
		w.writeByte(' ')
	}
	w.space = false
}

// newLine ends the current line, unless it is empty.
func (w *textWriter) newLine() {
	w.space = false
	if w.last != 0 && w.last != '\n' {
		w.writeByte('\n')
	}
}

// lineBreak ends the current line, even an empty one (two <br> make a
// blank line), except at the very start.
func (w *textWriter) lineBreak() {
	w.space = false
	if w.last != 0 {
		w.writeByte('\n')
	}
}

// String returns the text without trailing line breaks (it never starts
// with one).
func (w *textWriter) String() string {
	return strings.TrimRight(w.b.String(), "\n ")
}

// tagAtom returns the atom of the tag whose raw text is raw ("<TD class=x>",
// "</p>"), or 0 for a tag it does not know. Reading the name from the raw
// token, rather than with Tokenizer.TagName, allocates nothing.
func tagAtom(raw []byte) atom.Atom {
	if len(raw) < 2 || raw[0] != '<' {
		return 0
	}
	raw = raw[1:]
	if raw[0] == '/' {
		raw = raw[1:]
	}
	var buf [16]byte
	n := 0
	for _, c := range raw {
		if c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '/' || c == '>' {
			break
		}
		if n == len(buf) {
			return 0 // longer than any tag that matters here
		}
		if 'A' <= c && c <= 'Z' {
			c += 'a' - 'A'
		}
		buf[n] = c
		n++
	}
	return atom.Lookup(buf[:n])
}
