package sendook

import (
	"encoding/json"
	"reflect"
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
		{To: []string{"a@example.com"}, Attachments: []Attachment{{Content: "not\nbase64 \"at\" all\\", Name: "\u2028odd\x00", ContentType: "text/plain; charset=\"utf-8\""}}},
		{To: []string{"a@example.com"}, Attachments: []Attachment{{Content: "\xff\xfe invalid utf-8"}}},
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
