package sendooktest

import (
	"strings"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// htmlText returns the text a reader sees of an HTML body, the way the
// real server's mail parser renders an HTML-only mail as text: text nodes
// with their spaces collapsed, a blank line between paragraphs, lists and
// headings (in capitals), a line break between other blocks and at <br>,
// links followed by their address in brackets, and no scripts, styles or
// head.
func htmlText(src string) string {
	doc, err := html.Parse(strings.NewReader(src))
	if err != nil {
		return src
	}
	r := &htmlRenderer{}
	r.walk(doc, 0)
	return strings.TrimSpace(r.out.String())
}

// breaksAround is how many line breaks a block element puts before and
// after itself.
var breaksAround = map[atom.Atom]int{
	atom.P: 2, atom.Ul: 2, atom.Ol: 2, atom.Blockquote: 2, atom.Table: 2, atom.Pre: 2, atom.Hr: 2,
	atom.H1: 2, atom.H2: 2, atom.H3: 2, atom.H4: 2, atom.H5: 2, atom.H6: 2,
	atom.Div: 1, atom.Li: 1, atom.Tr: 1, atom.Section: 1, atom.Article: 1,
	atom.Header: 1, atom.Footer: 1, atom.Main: 1, atom.Nav: 1,
}

var headings = map[atom.Atom]bool{atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true}

type htmlRenderer struct {
	out strings.Builder
	// breaks are the line breaks owed before the next text; space is a
	// space owed.
	breaks int
	space  bool
	upper  int // inside how many headings
}

func (r *htmlRenderer) block(n int) {
	r.breaks = max(r.breaks, n)
	r.space = false
}

func (r *htmlRenderer) text(s string) {
	words := strings.Fields(s)
	if len(words) == 0 {
		if s != "" {
			r.space = true
		}
		return
	}
	if r.upper > 0 {
		for i := range words {
			words[i] = strings.ToUpper(words[i])
		}
	}
	if r.out.Len() > 0 {
		if r.breaks > 0 {
			r.out.WriteString(strings.Repeat("\n", r.breaks))
		} else if r.space || startsWithSpace(s) {
			r.out.WriteByte(' ')
		}
	}
	r.breaks, r.space = 0, endsWithSpace(s)
	r.out.WriteString(strings.Join(words, " "))
}

func (r *htmlRenderer) walk(n *html.Node, depth int) {
	if depth > 512 {
		return
	}
	switch n.Type {
	case html.TextNode:
		r.text(n.Data)
		return
	case html.ElementNode:
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Head, atom.Title:
			return
		case atom.Br:
			if r.breaks == 0 {
				r.out.WriteByte('\n')
			} else {
				r.breaks++
			}
			r.space = false
			return
		}
	}
	breaks := 0
	if n.Type == html.ElementNode {
		breaks = breaksAround[n.DataAtom]
	}
	if breaks > 0 {
		r.block(breaks)
	}
	if headings[n.DataAtom] {
		r.upper++
		defer func() { r.upper-- }()
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		r.walk(c, depth+1)
	}
	if n.DataAtom == atom.A {
		if href := attr(n, "href"); href != "" && href != textOf(n) && !strings.HasPrefix(href, "mailto:") {
			r.text(" [" + href + "]")
		}
	}
	if breaks > 0 {
		r.block(breaks)
	}
}

func attr(n *html.Node, name string) string {
	for _, a := range n.Attr {
		if a.Key == name {
			return a.Val
		}
	}
	return ""
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func startsWithSpace(s string) bool { return s != "" && strings.TrimLeft(s, " \t\r\n") != s }
func endsWithSpace(s string) bool   { return s != "" && strings.TrimRight(s, " \t\r\n") != s }
