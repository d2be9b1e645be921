package sendooktest_test

import (
	"context"
	"fmt"
	"log"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

func ExampleNewServer() {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "Support"})
	if err != nil {
		log.Fatal(err)
	}
	_, err = client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{
		To:      []string{"customer@example.com"},
		Subject: "Your ticket",
		Text:    "We are on it.",
		HTML:    "<p>We are on it.</p>",
	})
	if err != nil {
		log.Fatal(err)
	}

	for _, m := range srv.Sent() {
		fmt.Println(m.From, "->", m.To[0], ":", m.Subject)
	}
	// Output:
	// support@sendook.com -> customer@example.com : Your ticket
}

func ExampleServer_Receive() {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "Support"})
	if err != nil {
		log.Fatal(err)
	}
	msg, err := srv.Receive(inbox.Email, sendooktest.InboundEmail{
		From:    "customer@example.com",
		Subject: "Help",
		Text:    "My order did not arrive.",
	})
	if err != nil {
		log.Fatal(err)
	}
	reply, err := client.Messages.Reply(ctx, inbox.ID, msg.ID, &sendook.ReplyMessageParams{Text: "Sorry! Sending another.", HTML: "<p>Sorry! Sending another.</p>"})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(reply.To[0], reply.Subject, reply.ThreadID == msg.ThreadID)
	// Output:
	// customer@example.com Re: Help true
}

func ExampleServer_InjectFault() {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()

	// The next two reads fail; the client retries them.
	srv.InjectFault(sendooktest.Fault{Method: "GET", Status: 503, Times: 2})
	before := srv.RequestCount()
	_, err := client.Inboxes.List(ctx)
	fmt.Println(err, srv.RequestCount()-before)

	// A send that took effect but is reported as failed is not retried,
	// so the email goes out once.
	inbox, err := client.Inboxes.Create(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}
	srv.InjectFault(sendooktest.Fault{Method: "POST", PathPrefix: "/v1/inboxes/" + inbox.ID + "/messages", Status: 500, AfterWork: true})
	_, err = client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{To: []string{"a@example.com"}, Subject: "Hi", Text: "Hi", HTML: "<p>Hi</p>"})
	fmt.Println(err != nil, len(srv.Sent()))
	// Output:
	// <nil> 3
	// true 1
}
