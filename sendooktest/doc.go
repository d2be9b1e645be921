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
// Mail from outside arrives through [Server.Receive], [Server.ReceiveMIME]
// or, as the real server receives it from Amazon SES, POST /webhooks/ses;
// [Server.InjectFault] and [WithSendRateLimit] reproduce the failures a
// client has to survive.
//
// Nothing leaves the machine except the webhook deliveries, which go to the
// URLs the webhooks were created with. The command cmd/sendook-local serves
// the same server on a fixed port ([NewServerAt]), for developing against
// Sendook in any language.
//
// # Fidelity
//
// A test that passes against this server in the real dialect should pass
// against the open-source server. The package's tests hold the real
// server's answers to 346 raw requests (testdata/real, recorded from
// getrupt/sendook v0.1.2 by TestFidelityRecord) and replay them on every
// run: status, the headers a client or browser acts on, the body with ids,
// secrets and times normalised, connection reuse and the webhook
// deliveries each request caused. 343 are identical; the other three are
// in the table below. The real server recorded has no payment provider, so
// its sends and replies fail; the replay makes this server's fail the same
// way, after the rate limit, to compare the rest. That covers every endpoint and, among others: the
// HTTP layer (CORS and preflights, ETags and 304, keep-alive, Express's
// body parsing with gzip, forms, charsets and limits, access_token in the
// query or the body, /health), express-validator's lists of every failing
// check, API keys that show their secret, exact case of names and
// addresses, the three records a domain is stored with, regular-expression
// search, scoping of messages and threads, webhook attempts as the real
// server records them, and what it keeps of received mail: the visible
// text (without the quoted reply or signature) as both text and html, no
// attachments, and a thread joined only through References.
//
// # Deliberate differences
//
// Where imitating the real server would be wrong for a test, or needs the
// services it runs on, the real dialect differs on purpose:
//
//	What                           This server                           The real server
//	-----------------------------  ------------------------------------  -------------------------------------------
//	sends and replies              store, record (Sent) and deliver the  charge usage through Stripe and send with
//	                               message                               SES first; without them, an HTML 500
//	GET /v1/domains/{name}/dns     the MX, SPF and DMARC records and     asks SES for DKIM tokens; without it, 500
//	                               three DKIM CNAMEs
//	POST /v1/domains/{name}/verify the domain, verified once             checks DNS and asks SES; without them, 500
//	                               Server.VerifyDomain says so
//	a malformed %-escape in the    Go's HTTP server answers a plain-text Express answers its HTML 400 page
//	request path                   400 before any handler
//	search patterns                Go's regexp syntax, as the FerretDB   MongoDB's PCRE also accepts lookarounds
//	                               the recording ran on                  and backreferences
//	visible text of received mail  English quote headers and signatures  its parser knows a dozen languages
//	Receive and ReceiveMIME with   store the message                     fails to store it (subject and text are
//	no subject or visible text                                           required); POST /webhooks/ses here drops
//	                                                                     it as the real server does
//	a webhook aimed at the server  deliveries nest at most 3 deep        goes on without end
//	itself                         (X-Sendook-Delivery-Depth header)
//	webhook deliveries             User-Agent "sendooktest (...)",       User-Agent "axios/..."
//	                               signed with WithWebhookSecret
//	a reply to a sent message      goes to that message's recipient      goes to its sender, the inbox itself
//	send rate limit                none unless WithSendRateLimit         100 sends and replies an hour per client IP
//	daily message and usage limits none                                  429 past them
//	GET /health                    "environment": "local"                the ENV of its deployment
//
// To record again, run the open-source server, set SENDOOK_LIVE_URL,
// SENDOOK_LIVE_KEY and SENDOOK_RECORD=1, and run TestFidelityRecord.
//
// The documented dialect keeps the documented behaviour: HTML bodies and
// attachments of received mail, case-insensitive addresses and domain
// names, six DNS records per domain, threads deleted with their inbox.
package sendooktest
