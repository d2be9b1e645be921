package sendooktest

import (
	"testing"
)

// TestVisibleText shows what the real server keeps of a received mail's
// text, each case as observed on it (v0.1.2).
func TestVisibleText(t *testing.T) {
	for _, tc := range []struct{ name, text, want string }{
		{"plain", "Hi, my order is late.\n", "Hi, my order is late.\n"},
		{"CRLF", "Hi\r\nthere\r\n", "Hi\nthere\n"},
		{"a quoted reply under its header", "Thanks, that works.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Support <s@sendook.com> wrote:\n> Your order ships today.\n> Regards\n", "Thanks, that works.\n"},
		{"a wrapped quote header", "Yes.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Support <s@sendook.com>\nwrote:\n> Ok?\n", "Yes.\n"},
		{"a signature", "See you soon.\n\n-- \nAlice\nACME Corp\n", "See you soon.\n"},
		{"sent from a phone", "Quick note.\n\nSent from my iPhone\n", "Quick note.\n"},
		{"only a quote stays", "> just a quote\n> more\n", "> just a quote\n> more"},
		{"a quote between lines stays", "First.\n> quoted\nSecond.\n", "First.\n> quoted\nSecond.\n"},
		{"an original message", "Fine.\n\n-----Original Message-----\nFrom: Bob <bob@example.com>\nOld text\n", "Fine.\n"},
		{"a closing", "Hi\n\nCheers,\nBob\n", "Hi\n"},
		{"a signature at the top stays", "-- \nonly a signature\n", "-- \nonly a signature\n"},
		{"empty", "", ""},
		{"trailing tildes", "Bye~~\n", "Bye~~\n"},
	} {
		if got := visibleText(tc.text); got != tc.want {
			t.Errorf("%s: visibleText(%q) = %q, want %q", tc.name, tc.text, got, tc.want)
		}
	}
}

// TestHTMLText shows how an HTML-only mail reads as text, each case as
// observed on the real server.
func TestHTMLText(t *testing.T) {
	for _, tc := range []struct{ name, html, want string }{
		{"paragraphs", "<html><body><p>Hello <b>HTML</b> world</p><p>Second paragraph</p></body></html>", "Hello HTML world\n\nSecond paragraph"},
		{"line breaks", "one<br>two<br/>three", "one\ntwo\nthree"},
		{"divs", "<div>a</div><div>b</div>", "a\nb"},
		{"head, style and script", "<head><title>T</title><style>p{}</style></head><script>x()</script><p>Body</p>", "Body"},
		{"a link", `<a href="https://example.com/x">the page</a>`, "the page [https://example.com/x]"},
		{"a heading", "<h1>Title</h1><p>text</p>", "TITLE\n\ntext"},
		{"spaces collapse", "<p>  a \n  b  </p>", "a b"},
	} {
		if got := htmlText(tc.html); got != tc.want {
			t.Errorf("%s: htmlText(%q) = %q, want %q", tc.name, tc.html, got, tc.want)
		}
	}
}

func TestIsEmail(t *testing.T) {
	for _, tc := range []struct {
		addr string
		want bool
	}{
		{"a@sendook.com", true}, {"a+tag@sendook.com", true}, {`"quoted"@sendook.com`, true},
		{"ünï@sendook.com", true}, {"a@bücher.example", true},
		{"  padded@sendook.com  ", false}, {"a..b@sendook.com", false}, {"@sendook.com", false},
		{"Ann <ann@sendook.com>", false}, {"a@[127.0.0.1]", false}, {"sendook.com", false},
		{"a@localhost", false}, {"a@example.123", false}, {"a@-bad.example", false},
		{string(make([]byte, 65)) + "@sendook.com", false},
	} {
		if got := isEmail(tc.addr); got != tc.want {
			t.Errorf("isEmail(%q) = %v, want %v", tc.addr, got, tc.want)
		}
	}
	long := ""
	for range 64 {
		long += "m"
	}
	if !isEmail(long + "@sendook.com") {
		t.Error("a local part of 64 is fine")
	}
	if isEmail(long + "l@sendook.com") {
		t.Error("a local part of 65 is not")
	}
}

func TestJSLocalPart(t *testing.T) {
	for name, want := range map[string]string{
		"Support Team": "support-team", "📬 Mail Box": "---mail-box", "İstanbul": "i-stanbul",
		"Café Ünïcode": "caf---n-code", "STRAßE": "stra-e",
	} {
		if got := jsLocalPart(name); got != want {
			t.Errorf("jsLocalPart(%q) = %q, want %q", name, got, want)
		}
	}
}

// FuzzReceiveMIME feeds raw mail to the parser and the text extraction:
// nothing a mail can contain makes them panic.
func FuzzReceiveMIME(f *testing.F) {
	f.Add([]byte("From: a@example.com\r\nSubject: =?UTF-8?Q?Caf=C3=A9?=\r\nContent-Type: multipart/alternative; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\nCaf=E9\r\n--b\r\nContent-Type: text/html\r\nContent-Transfer-Encoding: base64\r\n\r\nPHA+aGk8L3A+\r\n--b--\r\n"))
	f.Add([]byte("From: a@example.com\r\n\r\nHi\r\n\r\nOn Mon wrote:\r\n> x\r\n"))
	f.Add([]byte("Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\nContent-Type: multipart/mixed; boundary=x\r\n\r\n--x--\r\n"))
	f.Fuzz(func(t *testing.T, raw []byte) {
		pm, err := parseMIME(raw)
		if err != nil {
			return
		}
		visibleText(pm.text)
		visibleText(htmlText(pm.html))
	})
}
