package sendook_test

import (
	"bufio"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/sendook/sendook-go"
)

// A corpusCase is one message of a corpus in testdata/messages, with the
// answer expected of it.
//
// A corpus file is a list of cases, each opened by "=== name" and made of
// sections opened by "--- subject", "--- text", "--- html" or "--- want".
// A section holds the lines up to the next section, without the blank lines
// at its end. For Codes and Links, want holds one answer a line (none: no
// answer).
type corpusCase struct {
	name                      string
	subject, text, html, want string
	line                      int
}

func (c corpusCase) message() *sendook.Message {
	return &sendook.Message{Subject: c.subject, Text: c.text, HTML: c.html}
}

func (c corpusCase) wantLines() []string {
	if c.want == "" {
		return nil
	}
	return strings.Split(c.want, "\n")
}

func loadCorpus(t testing.TB, name string) []corpusCase {
	t.Helper()
	path := filepath.Join("testdata", "messages", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var cases []corpusCase
	var cur *corpusCase
	var section *string
	var buf []string
	flush := func() {
		if section != nil {
			for len(buf) > 0 && strings.TrimSpace(buf[len(buf)-1]) == "" {
				buf = buf[:len(buf)-1]
			}
			*section = strings.Join(buf, "\n")
		}
		section, buf = nil, nil
	}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for n := 1; sc.Scan(); n++ {
		l := sc.Text()
		switch {
		case strings.HasPrefix(l, "=== "):
			flush()
			cases = append(cases, corpusCase{name: strings.TrimPrefix(l, "=== "), line: n})
			cur = &cases[len(cases)-1]
		case cur != nil && (l == "--- subject" || l == "--- text" || l == "--- html" || l == "--- want"):
			flush()
			switch l {
			case "--- subject":
				section = &cur.subject
			case "--- text":
				section = &cur.text
			case "--- html":
				section = &cur.html
			case "--- want":
				section = &cur.want
			}
		case section != nil:
			buf = append(buf, l)
		case strings.TrimSpace(l) != "" && !strings.HasPrefix(l, "#"):
			t.Fatalf("%s:%d: text outside a section", path, n)
		}
	}
	flush()
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, c := range cases {
		if seen[c.name] {
			t.Fatalf("%s:%d: case %q twice", path, c.line, c.name)
		}
		seen[c.name] = true
	}
	return cases
}

// runCorpus checks every case of a corpus, then logs how many passed.
func runCorpus(t *testing.T, file string, min int, check func(t *testing.T, c corpusCase)) {
	cases := loadCorpus(t, file)
	if len(cases) < min {
		t.Errorf("%s holds %d cases, want at least %d", file, len(cases), min)
	}
	passed := 0
	for _, c := range cases {
		if t.Run(c.name, func(t *testing.T) { check(t, c) }) {
			passed++
		}
	}
	t.Logf("%s: %d/%d cases pass", file, passed, len(cases))
}

func TestCodesCorpus(t *testing.T) {
	runCorpus(t, "codes.txt", 60, func(t *testing.T, c corpusCase) {
		got := c.message().Codes()
		if want := c.wantLines(); !reflect.DeepEqual(got, want) {
			t.Errorf("codes.txt:%d: Codes() = %q, want %q", c.line, got, want)
		}
	})
}

func TestLinksCorpus(t *testing.T) {
	runCorpus(t, "links.txt", 25, func(t *testing.T, c corpusCase) {
		got := c.message().Links()
		if want := c.wantLines(); !reflect.DeepEqual(got, want) {
			t.Errorf("links.txt:%d: Links() =\n%q\nwant\n%q", c.line, got, want)
		}
	})
}

func TestStrippedTextCorpus(t *testing.T) {
	runCorpus(t, "stripped.txt", 30, func(t *testing.T, c corpusCase) {
		if got := c.message().StrippedText(); got != c.want {
			t.Errorf("stripped.txt:%d: StrippedText() =\n%s\n--- want\n%s", c.line, got, c.want)
		}
	})
}

func TestPlainTextCorpus(t *testing.T) {
	runCorpus(t, "plaintext.txt", 20, func(t *testing.T, c corpusCase) {
		if got := c.message().PlainText(); got != c.want {
			t.Errorf("plaintext.txt:%d: PlainText() =\n%q\nwant\n%q", c.line, got, c.want)
		}
	})
}

func TestCodesNilWhenNone(t *testing.T) {
	for _, m := range []*sendook.Message{
		{},
		{Subject: "Hello", Text: "No numbers here."},
		{Text: "Your order #123456 shipped on 2024-05-01."},
	} {
		if got := m.Codes(); got != nil {
			t.Errorf("Codes() of %+v = %#v, want nil", m, got)
		}
	}
}

func TestPlainTextPrefersText(t *testing.T) {
	m := &sendook.Message{Text: "the text", HTML: "<p>the html</p>"}
	if got := m.PlainText(); got != "the text" {
		t.Errorf("PlainText() = %q, want the Text field", got)
	}
}

func TestStrippedTextCRLF(t *testing.T) {
	m := &sendook.Message{Text: "Thanks!\r\n\r\nOn Tue, Mar 5, 2024 at 10:02 AM Ada <ada@example.com> wrote:\r\n> Question?\r\n"}
	if got, want := m.StrippedText(), "Thanks!"; got != want {
		t.Errorf("StrippedText() = %q, want %q", got, want)
	}
	m = &sendook.Message{Text: "Done.\r\n-- \r\nBob\r\n"}
	if got, want := m.StrippedText(), "Done."; got != want {
		t.Errorf("StrippedText() = %q, want %q", got, want)
	}
}
