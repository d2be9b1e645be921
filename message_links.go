package sendook

import (
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// Links returns the http and https URLs of the message, in order of first
// appearance, without duplicates: first the href of each <a> element of HTML
// (entities decoded, surrounding white space removed; any attribute quoting
// or case), in document order, then the URLs written in Text that were not
// seen yet. In Text a URL starts with http:// or https:// (any case) and ends
// at white space, '<', '>' or a quote; punctuation that ends a sentence
// (.,;:!?) and a closing bracket without its opening one are not part of it.
// Other schemes (mailto:, tel:, …) are left out. Nil when there is none.
func (m *Message) Links() []string {
	var links []string
	seen := map[string]bool{}
	add := func(u string) {
		if !seen[u] {
			seen[u] = true
			links = append(links, u)
		}
	}
	if m.HTML != "" {
		hrefLinks(m.HTML, add)
	}
	textLinks(m.Text, add)
	return links
}

// hrefLinks calls add with the http(s) href of each <a> element of s.
func hrefLinks(s string, add func(string)) {
	if !strings.Contains(s, "<") {
		return
	}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return
		case html.StartTagToken, html.SelfClosingTagToken:
			if tagAtom(z.Raw()) != atom.A {
				continue
			}
			for more := true; more; {
				var key, val []byte
				key, val, more = z.TagAttr()
				if string(key) == "href" {
					if u := cleanHref(val); isWebURL(u) {
						add(u)
					}
					break // the first href counts, as in browsers
				}
			}
		}
	}
}

// cleanHref trims an href as browsers do: surrounding ASCII white space goes,
// and tabs and line breaks inside are ignored.
func cleanHref(b []byte) string {
	s := strings.Trim(string(b), " \t\n\r\f")
	if strings.ContainsAny(s, "\t\n\r") {
		s = strings.NewReplacer("\t", "", "\n", "", "\r", "").Replace(s)
	}
	return s
}

// isWebURL reports whether u is an http or https URL with something after
// the scheme.
func isWebURL(u string) bool {
	n := schemeLen(u)
	return n > 0 && len(u) > n
}

// schemeLen returns the length of the "http://" or "https://" prefix of s
// (in any case), or 0.
func schemeLen(s string) int {
	switch {
	case len(s) >= 7 && strings.EqualFold(s[:7], "http://"):
		return 7
	case len(s) >= 8 && strings.EqualFold(s[:8], "https://"):
		return 8
	}
	return 0
}

// textLinks calls add with each http(s) URL written in s.
func textLinks(s string, add func(string)) {
	for i := 0; i < len(s); {
		j := indexFoldHTTP(s[i:])
		if j < 0 {
			return
		}
		start := i + j
		n := schemeLen(s[start:])
		if n == 0 || start > 0 && isWordByte(s[start-1]) {
			i = start + 4
			continue
		}
		end := start + n
		for end < len(s) {
			r, size := utf8.DecodeRuneInString(s[end:])
			if endsURL(r) {
				break
			}
			end += size
		}
		if u := trimURLEnd(s[start:end]); len(u) > n {
			add(u)
		}
		i = end
	}
}

// indexFoldHTTP returns the index of the first "http" in s, in any case, or -1.
func indexFoldHTTP(s string) int {
	for i := 0; i+4 <= len(s); i++ {
		if s[i]|0x20 == 'h' && s[i+1]|0x20 == 't' && s[i+2]|0x20 == 't' && s[i+3]|0x20 == 'p' {
			return i
		}
	}
	return -1
}

func isWordByte(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_'
}

// endsURL reports whether r ends a URL written in text.
func endsURL(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\f', '\v', '<', '>', '"', '\'', '`',
		'\u00a0', '\u2028', '\u2029', '\u3000',
		'\u201c', '\u201d', '\u2018', '\u2019', '\u00ab', '\u00bb',
		'\u3001', '\u3002', '\uff0c', '\uff08', '\uff09', '\u300c', '\u300d':
		return true
	}
	return r == utf8.RuneError
}

// trimURLEnd removes from the end of u what ends the sentence rather than the
// URL: .,;:!? and closing brackets that have no opening one in u.
func trimURLEnd(u string) string {
	var open, closed [3]int // ( [ {, and ) ] }
	for i := 0; i < len(u); i++ {
		if k := strings.IndexByte("([{", u[i]); k >= 0 {
			open[k]++
		} else if k := strings.IndexByte(")]}", u[i]); k >= 0 {
			closed[k]++
		}
	}
	for len(u) > 0 {
		c := u[len(u)-1]
		if strings.IndexByte(".,;:!?", c) >= 0 {
			u = u[:len(u)-1]
			continue
		}
		if k := strings.IndexByte(")]}", c); k >= 0 && closed[k] > open[k] {
			closed[k]--
			u = u[:len(u)-1]
			continue
		}
		return u
	}
	return u
}
