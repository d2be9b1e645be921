package sendook_test

import (
	"fmt"
	"strings"
	"testing"

	"golang.org/x/net/html"

	sendook "github.com/sendook/sendook-go"
)

// newsletterHTML is a newsletter of about 60 KB: tables, links, styles, a
// preview-text hack and entities, as mailing tools write them.
var newsletterHTML = func() string {
	var b strings.Builder
	b.WriteString(`<html><head><style>td{font-family:Arial} .btn{color:#fff}</style></head><body>`)
	b.WriteString(`<div style="display:none">This week&zwnj;&nbsp;&zwnj;&nbsp;</div><table width="100%">`)
	for i := 0; i < 150; i++ {
		b.WriteString(`<tr><td class="story"><h2>Story title &amp; more</h2><p>Lorem ipsum dolor sit amet,&nbsp;consectetur <b>adipiscing</b> elit.<br>`)
		b.WriteString(`Sed do eiusmod tempor &mdash; incididunt ut labore.</p><a class="btn" href="https://click.example.com/ls/click?upn=AbC&amp;u=9">Read more</a></td><td>€12.00</td></tr>`)
	}
	b.WriteString(`</table><p>© 2024 Example Inc. <a href="https://example.com/unsubscribe">Unsubscribe</a></p></body></html>`)
	return b.String()
}()

// BenchmarkPlainText renders a newsletter's HTML as text, beside the
// baseline of only tokenizing it with golang.org/x/net/html: the ratio is
// what rendering costs on top of reading.
func BenchmarkPlainText(b *testing.B) {
	b.Run("tokenize-only", func(b *testing.B) {
		b.ReportAllocs()
		b.SetBytes(int64(len(newsletterHTML)))
		for i := 0; i < b.N; i++ {
			z := html.NewTokenizer(strings.NewReader(newsletterHTML))
			n := 0
			for z.Next() != html.ErrorToken {
				n++
			}
			if n == 0 {
				b.Fatal("no tokens")
			}
		}
	})
	b.Run("PlainText", func(b *testing.B) {
		m := &sendook.Message{HTML: newsletterHTML}
		b.ReportAllocs()
		b.SetBytes(int64(len(newsletterHTML)))
		for i := 0; i < b.N; i++ {
			if m.PlainText() == "" {
				b.Fatal("no text")
			}
		}
	})
}

// BenchmarkReadVerificationMail reads a typical verification mail's codes,
// links and stripped text, beside the baseline of rendering its text.
func BenchmarkReadVerificationMail(b *testing.B) {
	m := &sendook.Message{
		Subject: "Your Acme verification code",
		HTML: `<html><body><p>Hi Ada,</p><p>Your verification code is <b>482 913</b>.</p>` +
			`<p>Or <a href="https://acme.example/verify?t=abc&amp;u=42">click here</a>. It expires in 10 minutes.</p>` +
			`<p>Order #10423, $49.96, March 5, 2024. Call 1-800-555-0123.</p>` +
			`<p>Acme Inc, 1600 Market Street, San Francisco, CA 94103</p></body></html>`,
	}
	b.Run("PlainText", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = m.PlainText()
		}
	})
	b.Run("Codes", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if len(m.Codes()) != 1 {
				b.Fatal(m.Codes())
			}
		}
	})
	b.Run("Links", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			if len(m.Links()) != 1 {
				b.Fatal(m.Links())
			}
		}
	})
	b.Run("StrippedText", func(b *testing.B) {
		b.ReportAllocs()
		for i := 0; i < b.N; i++ {
			_ = m.StrippedText()
		}
	})
}

// BenchmarkReadingScales reads a text of n and 4n adversarial lines (each
// with candidates, keywords and labels, and one long line of them): the
// time per op of the larger should be about four times the smaller's.
func BenchmarkReadingScales(b *testing.B) {
	line := "Your verification code is 4821 for order 5521, call 555 1234, see https://x.example/(a)) > quoted\n"
	for _, n := range []int{1000, 4000} {
		text := strings.Repeat(line, n) + strings.Repeat("code 123456 ", n)
		m := &sendook.Message{Subject: "code 4821", Text: text}
		b.Run(fmt.Sprintf("lines=%d", n), func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(text)))
			for i := 0; i < b.N; i++ {
				_ = m.Codes()
				_ = m.Links()
				_ = m.StrippedText()
			}
		})
	}
}
