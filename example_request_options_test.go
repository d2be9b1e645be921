package sendook_test

import (
	"context"
	"fmt"
	"log"
	"os"

	sendook "github.com/sendook/sendook-go"
	"github.com/sendook/sendook-go/sendooktest"
)

// An agent that sends on a rate-limited server asks each send how many it
// has left this hour.
func ExampleWithResponseInfo() {
	srv := sendooktest.NewServer(sendooktest.WithSendRateLimit(100))
	defer srv.Close()
	client := srv.Client()
	ctx := context.Background()
	inbox, err := client.Inboxes.Create(ctx, nil)
	if err != nil {
		log.Fatal(err)
	}

	var info sendook.ResponseInfo
	_, err = client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{
		To:      []string{"ada@example.com"},
		Subject: "Your report",
		Text:    "It is ready.",
	}, sendook.WithHeader("X-Trace-Id", "run-42"), sendook.WithResponseInfo(&info))
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println("status:", info.StatusCode, "attempts:", info.Attempts)
	fmt.Printf("sends left: %d of %d\n", info.RateLimit.Remaining, info.RateLimit.Limit)
	// Output:
	// status: 200 attempts: 1
	// sends left: 99 of 100
}

// NewClientFromEnv reads SENDOOK_API_KEY and SENDOOK_BASE_URL; a base URL
// may end in /v1, and a key read from a file may end in a newline.
func ExampleNewClientFromEnv() {
	srv := sendooktest.NewServer()
	defer srv.Close()
	os.Setenv("SENDOOK_API_KEY", srv.APIKey+"\n")
	os.Setenv("SENDOOK_BASE_URL", srv.URL+"/v1/")
	defer os.Unsetenv("SENDOOK_API_KEY")
	defer os.Unsetenv("SENDOOK_BASE_URL")

	client := sendook.NewClientFromEnv()
	inboxes, err := client.Inboxes.List(context.Background())
	fmt.Println(len(inboxes), err, client.BaseURL() == srv.URL)
	// Output:
	// 0 <nil> true
}
