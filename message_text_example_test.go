package sendook_test

import (
	"fmt"

	"github.com/sendook/sendook-go"
)

func ExampleMessage_Codes() {
	m := &sendook.Message{
		Subject: "Your Acme verification code",
		Text: "Thanks for order #10423 (total $49.96, placed March 5, 2024).\n" +
			"Your verification code is 482 913. It expires in 10 minutes.\n" +
			"Questions? Call 1-800-555-0123.",
	}
	fmt.Println(m.Codes())
	// Output: [482 913]
}

func ExampleMessage_Links() {
	m := &sendook.Message{
		HTML: `<p><a href="https://acme.example/verify?t=abc&amp;u=42">Verify</a>` +
			` or <a href="mailto:help@acme.example">write to us</a>.</p>`,
		Text: "Verify: https://acme.example/verify?t=abc&u=42\n" +
			"Docs (https://acme.example/docs).",
	}
	for _, link := range m.Links() {
		fmt.Println(link)
	}
	// Output:
	// https://acme.example/verify?t=abc&u=42
	// https://acme.example/docs
}

func ExampleMessage_StrippedText() {
	m := &sendook.Message{Text: "Tuesday works for me.\n" +
		"\n" +
		"Best,\n" +
		"Bob\n" +
		"-- \n" +
		"Bob Smith, Acme Inc.\n" +
		"\n" +
		"On Mon, Mar 4, 2024 at 9:12 AM Ada <ada@example.com> wrote:\n" +
		"> Can we meet on Tuesday?\n"}
	fmt.Println(m.StrippedText())
	// Output:
	// Tuesday works for me.
	//
	// Best,
	// Bob
}

func ExampleMessage_PlainText() {
	m := &sendook.Message{HTML: "<html><head><style>p{color:red}</style></head>" +
		"<body><p>Hello&nbsp;Ada,</p><p>Your   code:<br><b>731094</b></p>" +
		"<table><tr><td>Total</td><td>$49.96</td></tr></table></body></html>"}
	fmt.Println(m.PlainText())
	// Output:
	// Hello Ada,
	// Your code:
	// 731094
	// Total $49.96
}
