// Package sendooktest runs an in-memory Sendook API server for tests,
// examples and local development, in the manner of net/http/httptest:
//
//	srv := sendooktest.NewServer()
//	defer srv.Close()
//	client := srv.Client()
//
//	inbox, err := client.Inboxes.Create(ctx, &sendook.CreateInboxParams{Name: "support"})
//	...
//	_, err = client.Messages.Send(ctx, inbox.ID, &sendook.SendMessageParams{
//		To: []string{"customer@example.com"}, Subject: "Hello", Text: "Hi!", HTML: "<p>Hi!</p>",
//	})
//	...
//	sent := srv.Sent() // what would have gone out
//
// The server implements every endpoint of the Sendook v1 API and keeps state
// between calls: API keys created through it authenticate, domains start
// unverified until [Server.VerifyDomain], sends and replies are stored in
// threads, and webhooks are delivered as real HTTP POSTs before the call
// that caused them returns, so a test can assert right after it.
//
// It speaks either wire format of the API (see [Dialect]): the one the
// open-source server really answers with, by default, or the documented one.
// Mail from outside arrives through [Server.Receive]; [Server.InjectFault]
// and [WithSendRateLimit] reproduce the failures a client has to survive.
//
// Nothing leaves the machine except the webhook deliveries, which go to the
// URLs the webhooks were created with. The command cmd/sendook-local serves
// the same server on a fixed port ([NewServerAt]), for developing against
// Sendook in any language.
package sendooktest
