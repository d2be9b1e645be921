package mcpserver

import (
	"fmt"
	"net/mail"
	"regexp"
	"strings"
)

// recipientPolicy holds the address patterns of WithAllowedRecipients.
type recipientPolicy struct {
	patterns []string
	globs    []*regexp.Regexp
}

func (p *recipientPolicy) add(patterns ...string) {
	for _, pat := range patterns {
		pat = strings.TrimSpace(pat)
		if pat == "" {
			continue
		}
		p.patterns = append(p.patterns, pat)
		p.globs = append(p.globs, compileGlob(pat))
	}
}

// compileGlob turns an address pattern into an anchored, case-insensitive
// expression: "*" is any run of characters, "?" one, all else literal.
func compileGlob(pattern string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString(`(?is)\A`)
	for _, r := range pattern {
		switch r {
		case '*':
			b.WriteString(`.*`)
		case '?':
			b.WriteString(`.`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString(`\z`)
	return regexp.MustCompile(b.String())
}

// allows reports whether addr, a bare address or one with a display name,
// matches a pattern. Anything that is not exactly one address is refused:
// "a@evil.test, b@example.com" would otherwise match "*@example.com" and
// reach both.
func (p *recipientPolicy) allows(addr string) bool {
	a, err := mail.ParseAddress(addr)
	if err != nil {
		return false
	}
	for _, g := range p.globs {
		if g.MatchString(a.Address) {
			return true
		}
	}
	return false
}

// check returns an error naming every address of addrs that is not
// allowed, or nil when all are (or when there is no policy).
func (p *recipientPolicy) check(addrs ...string) error {
	if p == nil {
		return nil
	}
	var refused []string
	for _, a := range addrs {
		if !p.allows(a) {
			refused = append(refused, a)
		}
	}
	if len(refused) == 0 {
		return nil
	}
	allowed := "no address at all"
	if len(p.patterns) > 0 {
		allowed = "only addresses matching " + strings.Join(p.patterns, ", ")
	}
	return fmt.Errorf("refused, nothing was sent: this server may send to %s, and %s does not match; ask the user to send it or to allow the address", allowed, strings.Join(refused, ", "))
}
