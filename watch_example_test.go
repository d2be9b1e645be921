package sendook_test

import (
	"context"
	"fmt"
	"log"
	"time"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

func ExampleMessagesService_Wait() {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	inbox, err := client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "signup-agent"})
	if err != nil {
		log.Fatal(err)
	}

	// The agent signs up somewhere with its address; the site mails a code.
	go func() {
		time.Sleep(100 * time.Millisecond)
		srv.Receive(inbox.Email, sendooktest.InboundEmail{
			From:    "Acme <no-reply@acme.example>",
			Subject: "Confirm your email",
			Text:    "Welcome to Acme!\n\nYour verification code is 482913. It expires in 10 minutes.",
		})
	}()

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	msg, err := client.Messages.Wait(ctx, inbox.ID, &sendook.WatchParams{
		From:         "acme.example",
		PollInterval: 250 * time.Millisecond, // the default is 2s
	})
	if err != nil {
		log.Fatal(err) // on timeout: "no message from acme.example in inbox ... within 2m0s"
	}
	fmt.Println(msg.Subject)
	fmt.Println("code:", msg.Codes()[0])
	// Output:
	// Confirm your email
	// code: 482913
}

func ExampleMessagesService_Watch() {
	srv := sendooktest.NewServer()
	defer srv.Close()
	client := srv.Client()
	inbox, err := client.Inboxes.Create(context.Background(), &sendook.CreateInboxParams{Name: "support"})
	if err != nil {
		log.Fatal(err)
	}
	go func() {
		for _, subject := range []string{"Where is my order?", "Refund please"} {
			time.Sleep(100 * time.Millisecond)
			srv.Receive(inbox.Email, sendooktest.InboundEmail{From: "ada@example.com", Subject: subject, Text: "..."})
		}
	}()

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	handled := 0
	for msg, err := range client.Messages.Watch(ctx, inbox.ID, &sendook.WatchParams{PollInterval: 250 * time.Millisecond}) {
		if err != nil {
			log.Print(err) // a failed poll: polling goes on
			continue
		}
		fmt.Printf("%s: %s\n", msg.From, msg.Subject)
		if handled++; handled == 2 {
			break // stops polling
		}
	}
	// Output:
	// ada@example.com: Where is my order?
	// ada@example.com: Refund please
}
