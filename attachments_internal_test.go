package sendook

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// SendMessageParams builds its JSON by hand for speed; it must say exactly
// what encoding/json says.
func TestSendMessageParamsEncodeLikeEncodingJSON(t *testing.T) {
	tests := []SendMessageParams{
		{To: []string{"ada@example.com"}},
		{To: []string{"ada@example.com"}, Subject: "<b>Hi</b> & bye", Text: "line\nline", HTML: "<p>\"quoted\"</p>"},
		{To: []string{"a@example.com"}, Attachments: []Attachment{NewAttachment("report.pdf", "application/pdf", []byte("%PDF-1.7"))}},
		{To: []string{"a@example.com"}, Attachments: []Attachment{{Content: ""}, {Content: "aGk=", Name: "r\u00e9sum\u00e9.txt"}}},
		{To: []string{"a@example.com"}, Attachments: []Attachment{{Content: "aGVs\r\nbG8=", Name: "\u2028odd\x00\"\xff", ContentType: "text/plain; charset=\"utf-8\""}}},
		{To: []string{"a@example.com"}, CC: []string{"b@example.com"}, BCC: []string{"c@example.com"}, Labels: []string{"x"},
			Attachments: []Attachment{{Content: "QQ=="}, {Content: "Qg==", ContentType: "text/plain"}}},
	}
	for _, p := range tests {
		got, err := encodeBody(&p)
		if err != nil {
			t.Fatal(err)
		}
		want, err := json.Marshal(&p)
		if err != nil {
			t.Fatal(err)
		}
		var gotV, wantV any
		if err := json.Unmarshal(got, &gotV); err != nil {
			t.Fatalf("invalid JSON %s: %v", got, err)
		}
		if err := json.Unmarshal(want, &wantV); err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(gotV, wantV) {
			t.Errorf("got  %s\nwant %s", got, want)
		}
	}
}

// Attachment content that is not standard base64 is refused, naming the
// attachment and what is wrong; what encoding/base64 accepts passes.
func TestAttachmentContentMustBeBase64(t *testing.T) {
	tests := []struct {
		content string
		wantErr string // "" when valid
	}{
		{"", ""},
		{"aGk=", ""},
		{"aGVsbG8h", ""},
		{"aA==", ""},
		{"aGVs\r\nbG8=\n", ""},
		{"+/+/", ""},
		{"aGk", "do not make whole groups of four"},
		{"a", "do not make whole groups of four"},
		{"aGk==", "do not make whole groups of four"},
		{"aGVsbG8", "do not make whole groups of four"},
		{"a===", `byte 3 is "="`},
		{"aG=k", `byte 3 is "k"`},
		{"aGk-", `byte 3 is "-"`},
		{"aGk_", `byte 3 is "_"`},
		{"aG k", `byte 2 is " "`},
		{"hello, world", `byte 5 is ","`},
		{"\xff\xfe", `byte 0 is "\xff"`},
	}
	for _, tc := range tests {
		t.Run(tc.content, func(t *testing.T) {
			_, stdErr := base64.StdEncoding.DecodeString(tc.content)
			if (stdErr == nil) != (tc.wantErr == "") {
				t.Fatalf("case disagrees with encoding/base64: %v", stdErr)
			}
			p := SendMessageParams{To: []string{"a@example.com"}, Attachments: []Attachment{{Content: "QQ=="}, {Content: tc.content, Name: "report.pdf"}}}
			_, err := p.encodeJSON()
			if tc.wantErr == "" {
				if err != nil {
					t.Fatalf("refused: %v", err)
				}
				return
			}
			var verr *ValidationError
			if !errors.As(err, &verr) {
				t.Fatalf("got %v, want a ValidationError", err)
			}
			if verr.Field != "Attachments[1].Content" || !strings.Contains(verr.Reason, `"report.pdf"`) || !strings.Contains(verr.Reason, tc.wantErr) {
				t.Errorf("got %q, want Attachments[1].Content naming report.pdf and saying %q", err, tc.wantErr)
			}
		})
	}
}
