package sendooktest_test

import (
	"bytes"
	"compress/gzip"
	"encoding/base64"
	"encoding/json"
	"strings"
)

// The script of the fidelity check: raw requests, in an order that builds
// the state later requests read. Items name the part of the API, or of
// the comparison's issue, each exchange covers.

func ex(item, name, method, path string) *exchange {
	return &exchange{Item: item, Name: name, Method: method, Path: path,
		Header: map[string]string{"Authorization": "Bearer {{key}}"}}
}

func getEx(item, name, path string) *exchange { return ex(item, name, "GET", path) }
func delEx(item, name, path string) *exchange { return ex(item, name, "DELETE", path) }

// postEx posts a JSON body.
func postEx(item, name, path, body string) *exchange {
	e := ex(item, name, "POST", path)
	if body != "" {
		e.Body = body
		e.Header["Content-Type"] = "application/json"
	}
	return e
}

func (e *exchange) save(name, path string) *exchange {
	if e.Save == nil {
		e.Save = map[string]string{}
	}
	e.Save[name] = path
	return e
}

func (e *exchange) with(key, value string) *exchange {
	if value == "" {
		delete(e.Header, key)
	} else {
		e.Header[key] = value
	}
	return e
}

func withBody(e *exchange, body string) *exchange { e.Body = body; return e }

func (e *exchange) noAuth() *exchange { return e.with("Authorization", "") }

// inboundMail is a raw mail from sender to recipient.
func inboundMail(from, to, subject, headers, body string) string {
	return "From: " + from + "\r\nTo: " + to + "\r\nSubject: " + subject + "\r\n" +
		"Message-ID: <fixed-" + strings.ReplaceAll(subject, " ", "-") + "@example.com>\r\n" +
		"Date: Mon, 01 Jan 2024 10:00:00 +0000\r\nMIME-Version: 1.0\r\n" + headers + "\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
}

// sesExchange posts an SNS notification of an SES "Received" event, as AWS
// delivers mail to the real server.
func sesExchange(name, from, to, subject, references, mime string) *exchange {
	headers := []map[string]string{{"name": "From", "value": from}, {"name": "To", "value": to}, {"name": "Subject", "value": subject}}
	if references != "" {
		headers = append(headers, map[string]string{"name": "References", "value": references})
	}
	received := map[string]any{
		"notificationType": "Received",
		"mail": map[string]any{
			"timestamp": "2024-01-01T10:00:00.000Z", "source": from, "messageId": "sim-" + name,
			"destination": []string{to}, "headersTruncated": false, "headers": headers,
			"commonHeaders": map[string]any{"from": []string{from}, "to": []string{to}, "subject": subject},
		},
		"content": base64.StdEncoding.EncodeToString([]byte(mime)),
	}
	msg, _ := json.Marshal(received)
	body, _ := json.Marshal(map[string]string{
		"Type": "Notification", "MessageId": "sim-" + name,
		"TopicArn": "arn:aws:sns:us-east-2:000000000000:inbound", "Message": string(msg),
		"Timestamp": "2024-01-01T10:00:00.000Z",
	})
	e := &exchange{Item: "6 inbound", Name: name, Method: "POST", Path: "/webhooks/ses", Body: string(body),
		Header: map[string]string{"Content-Type": "text/plain; charset=UTF-8"}}
	return e
}

func gzipped(s string) string {
	var b bytes.Buffer
	w := gzip.NewWriter(&b)
	w.Write([]byte(s))
	w.Close()
	return base64.StdEncoding.EncodeToString(b.Bytes())
}

// fidelityScript returns the exchanges in order.
func fidelityScript() []*exchange {
	var s []*exchange
	add := func(e ...*exchange) { s = append(s, e...) }
	const missing = "0123456789abcdef01234567"
	const alice = "alice@example.com"

	// The organisation and its first key.
	add(getEx("api keys", "list the first key", "/v1/api_keys").save("org", "0.organizationId").save("firstKey", "0._id"))

	// Authentication.
	add(
		getEx("auth", "no key", "/v1/inboxes").noAuth(),
		getEx("auth", "unknown key", "/v1/inboxes").with("Authorization", "Bearer nope"),
		getEx("auth", "basic scheme", "/v1/inboxes").with("Authorization", "Basic dXNlcjpwYXNz"),
		getEx("auth", "empty bearer", "/v1/inboxes").with("Authorization", "Bearer "),
		getEx("auth", "three words", "/v1/inboxes").with("Authorization", "Bearer a b"),
		getEx("auth", "lower-case scheme", "/v1/inboxes").with("Authorization", "bearer {{key}}"),
		getEx("auth", "key in the query", "/v1/inboxes?access_token={{key}}").noAuth(),
		getEx("auth", "key in query and header", "/v1/inboxes?access_token={{key}}"),
		getEx("auth", "unknown key in the query", "/v1/inboxes?access_token=nope").noAuth(),
		withBody(getEx("5 body", "key in a JSON body", "/v1/domains").noAuth().with("Content-Type", "application/json"), `{"access_token":"{{key}}"}`),
		withBody(getEx("5 body", "key in a form body", "/v1/domains").noAuth().with("Content-Type", "application/x-www-form-urlencoded"), "access_token={{key}}"),
		getEx("auth", "unknown route without a key", "/v1/nothing").noAuth(),
		getEx("http", "unknown route", "/v1/nothing"),
		getEx("http", "unknown route outside v1", "/nothing").noAuth(),
		getEx("5 http", "health", "/health").noAuth(),
		ex("5 http", "health by POST", "POST", "/health").noAuth(),
		ex("http", "unknown method", "PUT", "/v1/inboxes"),
		ex("http", "PATCH an inbox", "PATCH", "/v1/inboxes/"+missing),
		ex("5 cors", "preflight of health", "OPTIONS", "/health").noAuth().with("Origin", "http://app.example"),
		ex("5 http", "HEAD of health", "HEAD", "/health").noAuth(),
		getEx("5 http", "health with a trailing slash", "/health/").noAuth(),
		getEx("6 inbound", "GET of the inbound route", "/webhooks/ses").noAuth(),
		withBody(ex("6 inbound", "inbound route with a trailing slash", "POST", "/webhooks/ses/").noAuth().with("Content-Type", "text/plain"), `{"Type":"SubscriptionConfirmation"}`),
		getEx("http", "upper-case path", "/V1/INBOXES"),
		getEx("http", "trailing slash", "/v1/inboxes/"),
		getEx("http", "double slash", "/v1//inboxes"),
		getEx("http", "bad escape in an id", "/v1/inboxes/%zz"),
		ex("http", "HEAD of a list", "HEAD", "/v1/inboxes"),
	)

	// CORS.
	cors := func(name string, e *exchange) *exchange { e.Item = "5 cors"; e.Name = name; return e }
	add(
		cors("preflight", ex("", "", "OPTIONS", "/v1/inboxes").noAuth().with("Origin", "http://app.example").
			with("Access-Control-Request-Method", "POST").with("Access-Control-Request-Headers", "authorization,content-type")),
		cors("preflight without headers asked", ex("", "", "OPTIONS", "/v1/inboxes").noAuth().with("Origin", "http://app.example").
			with("Access-Control-Request-Method", "DELETE")),
		cors("OPTIONS without an origin", ex("", "", "OPTIONS", "/v1/inboxes").noAuth()),
		cors("preflight of an unknown route", ex("", "", "OPTIONS", "/v1/nothing").noAuth().with("Origin", "http://app.example")),
		cors("GET with an origin", getEx("", "", "/v1/inboxes").with("Origin", "http://app.example")),
		cors("401 with an origin", getEx("", "", "/v1/inboxes").noAuth().with("Origin", "http://app.example")),
		cors("404 page with an origin", getEx("", "", "/v1/nothing").with("Origin", "null")),
	)

	// Body parsing, before authentication.
	bodyTo := func(path, name, ctype, b string) *exchange {
		e := ex("5 body", name, "POST", path)
		if ctype != "" {
			e.Header["Content-Type"] = ctype
		}
		e.Body = b
		return e
	}
	body := func(name, ctype, b string) *exchange { return bodyTo("/v1/api_keys", name, ctype, b) }
	add(
		body("a UTF-8 BOM", "application/json", "\ufeff{\"name\":\"bom\"}"),
		body("charset latin1", "application/json; charset=latin1", `{"name":"x"}`),
		body("charset utf-16", "application/json; charset=utf-16", `{"name":"x"}`),
		body("charset UTF-8 in capitals", "application/json; charset=UTF-8", `{"name":"capitals"}`),
		body("an unknown charset on text", "text/plain; charset=klingon", "hello"),
		body("form-urlencoded", "application/x-www-form-urlencoded", "name=formed"),
		body("form-urlencoded, two values", "application/x-www-form-urlencoded", "name=a&name=b"),
		body("text/plain", "text/plain", `{"name":"plain"}`),
		body("text over 100 kB", "text/plain", strings.Repeat("x", 110*1024)),
		body("whitespace only", "application/json", "   \n "),
		body("malformed JSON", "application/json", `{"name":`),
		body("a JSON number", "application/json", `42`),
		body("a JSON string", "application/json", `"name"`),
		body("JSON null", "application/json", `null`),
		body("a JSON array", "application/json", `[{"name":"x"}]`),
		body("+json media type", "application/vnd.api+json", `{"name":"vnd"}`),
		body("no content type", "", `{"name":"untyped"}`),
		body("malformed JSON without a key", "application/json", `{nope`).noAuth(),
	)
	gz := body("gzip", "application/json", "")
	gz.Body, gz.BodyBase64 = "", gzipped(`{"name":"zipped"}`)
	gz.Header["Content-Encoding"] = "gzip"
	unknownEnc := body("an unknown encoding", "application/json", `{"name":"x"}`).with("Content-Encoding", "compress")
	add(gz, unknownEnc)

	// API keys.
	add(
		postEx("api keys", "create", "/v1/api_keys", `{"name":"CI"}`).save("ci", "_id").save("ciSecret", "key"),
		getEx("3 api keys", "get returns the secret", "/v1/api_keys/{{ci}}"),
		getEx("3 api keys", "list returns the secrets", "/v1/api_keys"),
		getEx("api keys", "a created key authenticates", "/v1/inboxes").with("Authorization", "Bearer {{ciSecret}}"),
		getEx("api keys", "get unknown", "/v1/api_keys/"+missing),
		getEx("api keys", "get malformed", "/v1/api_keys/nope"),
		getEx("api keys", "get upper case", "/v1/api_keys/{{ci}}").with("X-Upper", "1"),
		delEx("3 api keys", "delete returns the secret", "/v1/api_keys/{{ci}}"),
		getEx("api keys", "a deleted key does not authenticate", "/v1/inboxes").with("Authorization", "Bearer {{ciSecret}}"),
		delEx("api keys", "delete again", "/v1/api_keys/{{ci}}"),
		delEx("api keys", "delete malformed", "/v1/api_keys/nope"),
	)
	// (the upper-case variant is made in fixUpperCase below)
	for _, b := range []struct{ name, body string }{
		{"no body", ""}, {"empty object", `{}`}, {"empty name", `{"name":""}`}, {"blank name", `{"name":"   "}`},
		{"padded name", `{"name":"  padded  "}`}, {"numeric name", `{"name":5}`}, {"null name", `{"name":null}`},
		{"boolean name", `{"name":true}`}, {"array name", `{"name":["a"]}`}, {"object name", `{"name":{}}`},
		{"unknown field", `{"nom":"x"}`},
	} {
		add(postEx("1 2 validation", "api key create: "+b.name, "/v1/api_keys", b.body))
	}
	add(
		body("api key create: JSON without a content type", "", `{"name":"x"}`),
		body("api key create: empty body with a JSON type", "application/json", ""),
	)

	// Domains.
	add(
		postEx("domains", "create", "/v1/domains", `{"name":"example.com"}`),
		postEx("3 domains", "create a subdomain", "/v1/domains", `{"name":"mail.example.org"}`),
		getEx("domains", "get by name", "/v1/domains/example.com").save("domain", "_id"),
		getEx("1 case", "get by upper-case name", "/v1/domains/EXAMPLE.COM"),
		getEx("domains", "get unknown", "/v1/domains/unknown.example"),
		getEx("domains", "get by id", "/v1/domains/{{domain}}"),
		getEx("domains", "list", "/v1/domains"),
		getEx("domains", "dns needs SES", "/v1/domains/example.com/dns"),
		ex("domains", "verify needs SES", "POST", "/v1/domains/example.com/verify"),
		getEx("domains", "dns of unknown", "/v1/domains/unknown.example/dns"),
		ex("domains", "verify unknown", "POST", "/v1/domains/unknown.example/verify"),
		postEx("domains", "create a duplicate", "/v1/domains", `{"name":"example.com"}`),
		postEx("1 case", "create upper case", "/v1/domains", `{"name":"UPPER.EXAMPLE"}`),
		getEx("1 case", "get upper case by lower", "/v1/domains/upper.example"),
		getEx("1 case", "get upper case by upper", "/v1/domains/UPPER.EXAMPLE"),
		postEx("domains", "create padded", "/v1/domains", `{"name":"  padded.example  "}`),
		getEx("domains", "get padded", "/v1/domains/padded.example"),
	)
	for _, b := range []struct{ name, body string }{
		{"no body", ""}, {"empty object", `{}`}, {"empty name", `{"name":""}`}, {"blank name", `{"name":"  "}`},
		{"no dot", `{"name":"localhost"}`}, {"leading hyphen", `{"name":"-bad.example"}`},
		{"one-letter tld", `{"name":"a.b"}`}, {"scheme", `{"name":"https://example.com"}`},
		{"numeric", `{"name":42}`}, {"null", `{"name":null}`}, {"array", `{"name":["example.com"]}`},
		{"label of 64", `{"name":"` + strings.Repeat("a", 64) + `.example"}`},
		{"label of 63", `{"name":"` + strings.Repeat("b", 63) + `.example"}`},
		{"trailing dot", `{"name":"example.net."}`}, {"underscore", `{"name":"my_host.example"}`},
		{"idn", `{"name":"bücher.example"}`}, {"numeric tld", `{"name":"example.123"}`},
	} {
		add(postEx("1 2 validation", "domain create: "+b.name, "/v1/domains", b.body))
	}
	add(
		bodyTo("/v1/domains", "domain create: JSON without a content type", "", `{"name":"typed.example"}`),
		delEx("domains", "delete", "/v1/domains/mail.example.org"),
		delEx("domains", "delete again", "/v1/domains/mail.example.org"),
		delEx("1 case", "delete by upper-case name", "/v1/domains/EXAMPLE.COM"),
		getEx("domains", "list after deleting", "/v1/domains"),
	)

	// Inboxes.
	add(
		postEx("inboxes", "create with nothing", "/v1/inboxes", `{}`).save("defaultInbox", "_id"),
		postEx("inboxes", "create named", "/v1/inboxes", `{"name":"Support Team"}`).save("support", "_id"),
		postEx("inboxes", "create with an address", "/v1/inboxes", `{"name":"Sales","email":"sales@sendook.com"}`).save("sales", "_id"),
		postEx("3 generated address", "create named with emoji", "/v1/inboxes", `{"name":"📬 Mail Box"}`),
		postEx("3 generated address", "create named with a dotted capital I", "/v1/inboxes", `{"name":"İstanbul"}`),
		postEx("3 generated address", "create named with accents", "/v1/inboxes", `{"name":"Café Ünïcode"}`),
		postEx("3 generated address", "create named with sharp s", "/v1/inboxes", `{"name":"STRAßE"}`),
		postEx("inboxes", "create with an address on a domain not verified", "/v1/inboxes", `{"email":"a@example.com"}`),
		postEx("inboxes", "create with an address on an unknown domain", "/v1/inboxes", `{"email":"a@unknown.example"}`),
		postEx("1 case", "create with an upper-case default domain", "/v1/inboxes", `{"email":"x@SENDOOK.COM"}`),
		postEx("1 case", "create with an upper-case local part", "/v1/inboxes", `{"email":"Upper@sendook.com"}`).save("upper", "_id"),
		postEx("1 case", "create the lower-case twin", "/v1/inboxes", `{"email":"upper@sendook.com"}`).save("lower", "_id"),
		postEx("inboxes", "create a duplicate address", "/v1/inboxes", `{"email":"sales@sendook.com"}`),
		postEx("1 email", "create with a padded address", "/v1/inboxes", `{"email":"  padded@sendook.com  "}`),
		postEx("1 email", "create with a quoted local part", "/v1/inboxes", `{"email":"\"quoted\"@sendook.com"}`),
		postEx("1 email", "create with a local part of 65", "/v1/inboxes", `{"email":"`+strings.Repeat("l", 65)+`@sendook.com"}`),
		postEx("1 email", "create with a local part of 64", "/v1/inboxes", `{"email":"`+strings.Repeat("m", 64)+`@sendook.com"}`),
		postEx("1 email", "create with a plus", "/v1/inboxes", `{"email":"a+tag@sendook.com"}`),
		postEx("1 email", "create with dots", "/v1/inboxes", `{"email":"a..b@sendook.com"}`),
		postEx("1 email", "create with no local part", "/v1/inboxes", `{"email":"@sendook.com"}`),
		postEx("1 email", "create with a display name", "/v1/inboxes", `{"email":"Ann <ann@sendook.com>"}`),
		postEx("1 email", "create with an IP domain", "/v1/inboxes", `{"email":"a@[127.0.0.1]"}`),
		postEx("1 email", "create with no at", "/v1/inboxes", `{"email":"sendook.com"}`),
	)
	for _, b := range []struct{ name, body string }{
		{"no body", ""}, {"empty name", `{"name":""}`}, {"blank name", `{"name":"  "}`}, {"numeric name", `{"name":7}`},
		{"null name", `{"name":null}`}, {"empty email", `{"email":""}`}, {"null email", `{"email":null}`},
		{"numeric email", `{"email":7}`}, {"both bad", `{"name":7,"email":"x"}`}, {"padded name", `{"name":"  Padded Name  "}`},
		{"array body", `[]`},
	} {
		add(postEx("1 2 validation", "inbox create: "+b.name, "/v1/inboxes", b.body))
	}
	// The address is taken, so the server makes one up at random.
	s[len(s)-1].RandomAddress = true
	add(
		getEx("inboxes", "get", "/v1/inboxes/{{support}}"),
		getEx("inboxes", "get unknown", "/v1/inboxes/"+missing),
		getEx("inboxes", "get malformed", "/v1/inboxes/nope"),
		getEx("inboxes", "list", "/v1/inboxes"),
	)

	// Webhooks.
	add(
		postEx("webhooks", "create", "/v1/webhooks", `{"url":"{{hook}}/ok","events":["inbox.created","message.received","inbox.deleted"]}`).save("hookOK", "_id"),
		postEx("4 attempts", "create one that fails", "/v1/webhooks", `{"url":"{{hook}}/fail","events":["message.received"]}`).save("hookFail", "_id"),
		postEx("4 attempts", "create one that is not found", "/v1/webhooks", `{"url":"{{hook}}/missing","events":["message.received"]}`).save("hookMissing", "_id"),
		postEx("4 attempts", "create one nobody listens to", "/v1/webhooks", `{"url":"{{deadhook}}/x","events":["message.received"]}`).save("hookDead", "_id"),
		postEx("4 attempts", "create one with a bad URL", "/v1/webhooks", `{"url":"not a url","events":["message.received"]}`).save("hookBad", "_id"),
		postEx("4 attempts", "create one answered with text", "/v1/webhooks", `{"url":"{{hook}}/text","events":["inbox.created"]}`).save("hookText", "_id"),
		postEx("4 attempts", "create one answered with 204", "/v1/webhooks", `{"url":"{{hook}}/empty","events":["inbox.created"]}`).save("hookEmpty", "_id"),
		postEx("webhooks", "create a duplicate URL", "/v1/webhooks", `{"url":"{{hook}}/ok","events":["inbox.created"]}`).save("hookDup", "_id"),
		postEx("webhooks", "create with padded URL", "/v1/webhooks", `{"url":"  {{hook}}/padded  ","events":["message.sent"]}`).save("hookPadded", "_id"),
	)
	for _, b := range []struct{ name, body string }{
		{"no body", ""}, {"empty object", `{}`}, {"no url", `{"events":["inbox.created"]}`},
		{"no events", `{"url":"{{hook}}/ok"}`}, {"empty events", `{"url":"{{hook}}/ok","events":[]}`},
		{"events a string", `{"url":"{{hook}}/ok","events":"inbox.created"}`}, {"unknown event", `{"url":"{{hook}}/ok","events":["nope"]}`},
		{"numeric url", `{"url":5,"events":["inbox.created"]}`}, {"null url", `{"url":null,"events":["inbox.created"]}`},
		{"empty url", `{"url":"","events":["inbox.created"]}`}, {"everything wrong", `{"url":5,"events":5}`},
	} {
		add(postEx("1 2 validation", "webhook create: "+b.name, "/v1/webhooks", b.body))
	}
	add(
		bodyTo("/v1/webhooks", "webhook create: JSON without a content type", "", `{"url":"http://x.example","events":["inbox.created"]}`),
		getEx("webhooks", "get", "/v1/webhooks/{{hookOK}}"),
		getEx("webhooks", "get unknown", "/v1/webhooks/"+missing),
		getEx("webhooks", "get malformed", "/v1/webhooks/nope"),
		getEx("webhooks", "list", "/v1/webhooks"),
		ex("4 attempts", "test", "POST", "/v1/webhooks/{{hookOK}}/test"),
		ex("webhooks", "test unknown", "POST", "/v1/webhooks/"+missing+"/test"),
		ex("webhooks", "test malformed", "POST", "/v1/webhooks/nope/test"),
		postEx("4 attempts", "an inbox created is delivered", "/v1/inboxes", `{"name":"Hooked Box"}`).save("hooked", "_id"),
	)
	for _, h := range []string{"hookOK", "hookFail", "hookMissing", "hookDead", "hookBad", "hookText", "hookEmpty", "hookDup", "hookPadded"} {
		add(getEx("4 attempts", "attempts of "+h, "/v1/webhooks/{{"+h+"}}/attempts"))
	}
	add(
		getEx("webhooks", "attempts of unknown", "/v1/webhooks/"+missing+"/attempts"),
		getEx("webhooks", "attempts of malformed", "/v1/webhooks/nope/attempts"),
	)

	// Inbound mail (item 6), delivered to the webhooks above.
	support := "support-team@sendook.com"
	mails := []struct{ name, from, to, subject, refs, headers, body string }{
		{"plain", alice, support, "Hello there", "", "Content-Type: text/plain; charset=utf-8\r\n", "Hi, my order is late.\n"},
		{"quoted reply", alice, support, "Re: Your order", "", "Content-Type: text/plain; charset=utf-8\r\n",
			"Thanks, that works.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Support <support-team@sendook.com> wrote:\n> Your order ships today.\n> Regards\n"},
		{"signature", alice, support, "Signed", "", "Content-Type: text/plain; charset=utf-8\r\n", "See you soon.\n\n-- \nAlice\nACME Corp\n"},
		{"sent from mobile", alice, support, "Mobile", "", "Content-Type: text/plain\r\n", "Quick note.\n\nSent from my iPhone\n"},
		{"quoted only", alice, support, "Quoted", "", "Content-Type: text/plain\r\n", "> just a quote\n> more\n"},
		{"quote in the middle", alice, support, "Interleaved", "", "Content-Type: text/plain\r\n", "First.\n> quoted\nSecond.\n"},
		{"alternative", alice, support, "Both parts", "", "Content-Type: multipart/alternative; boundary=\"b1\"\r\n",
			"--b1\nContent-Type: text/plain; charset=utf-8\n\nPlain part.\n--b1\nContent-Type: text/html; charset=utf-8\n\n<p>HTML <b>part</b>.</p>\n--b1--\n"},
		{"html only", alice, support, "HTML only", "", "Content-Type: text/html; charset=utf-8\r\n",
			"<html><body><p>Hello <b>HTML</b> world</p><p>Second paragraph</p></body></html>\n"},
		{"quoted-printable latin1", alice, support, "Latin", "", "Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n",
			"Caf=E9 cr=E8me, na=EFve.\n"},
		{"base64 utf8", alice, support, "Base64", "", "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n",
			base64.StdEncoding.EncodeToString([]byte("Grüße aus Köln.\n")) + "\n"},
		{"with an attachment", alice, support, "Attached", "", "Content-Type: multipart/mixed; boundary=\"m1\"\r\n",
			"--m1\nContent-Type: text/plain\n\nSee attached.\n--m1\nContent-Type: application/pdf; name=\"a.pdf\"\nContent-Disposition: attachment; filename=\"a.pdf\"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--m1--\n"},
		{"encoded subject", alice, support, "=?UTF-8?B?w5xiZXIgdW5z?=", "", "Content-Type: text/plain\r\n", "Encoded subject.\n"},
		{"from an inbox", "sales@sendook.com", support, "Internal", "", "Content-Type: text/plain\r\n", "From a colleague.\n"},
		{"references unknown", alice, support, "Re: Unknown", "<0100018c-unknown@us-east-2.amazonses.com>", "Content-Type: text/plain\r\n", "Replying.\n"},
		{"to the default inbox", alice, "inbox@sendook.com", "Default", "", "Content-Type: text/plain\r\n", "To the default inbox.\n"},
		{"to an upper-case address", alice, "SUPPORT-TEAM@sendook.com", "Upper", "", "Content-Type: text/plain\r\n", "Shouting.\n"},
		{"to the upper-case inbox", alice, "Upper@sendook.com", "Upper inbox", "", "Content-Type: text/plain\r\n", "Exact case.\n"},
		{"to nobody", alice, "nobody@sendook.com", "Nobody", "", "Content-Type: text/plain\r\n", "Lost.\n"},
		{"empty body", alice, support, "Empty", "", "Content-Type: text/plain\r\n", ""},
		{"search fodder", "bob@example.org", support, "Invoice 2024-001", "", "Content-Type: text/plain\r\n", "Amount: 42 EUR (due)\nPay at [bank]\n"},
	}
	for _, m := range mails {
		add(sesExchange("inbound: "+m.name, m.from, m.to, m.subject, m.refs, inboundMail(m.from, m.to, m.subject, m.headers, m.body)))
	}
	sub := sesExchange("inbound: subscription confirmation", alice, support, "x", "", "")
	sub.Body = `{"Type":"SubscriptionConfirmation","SubscribeURL":"http://127.0.0.1:1/confirm"}`
	notJSON := sesExchange("inbound: not JSON", alice, support, "x", "", "")
	notJSON.Body = "hello"
	asJSON := sesExchange("inbound: sent as JSON", alice, support, "x", "", inboundMail(alice, support, "As JSON", "", "json\n"))
	asJSON.Header["Content-Type"] = "application/json"
	noDest := sesExchange("inbound: no destination", alice, "", "x", "", inboundMail(alice, support, "x", "", "x\n"))
	badMsg := sesExchange("inbound: message not JSON", alice, support, "x", "", "")
	badMsg.Body = `{"Type":"Notification","Message":"nope"}`
	delivery := sesExchange("inbound: delivery of unknown message", alice, support, "x", "", "")
	delivery.Body = `{"Type":"Notification","Message":"{\"eventType\":\"Delivery\",\"mail\":{\"tags\":{\"message\":[\"` + missing + `\"]}}}"}`
	add(sub, notJSON, asJSON, noDest, badMsg, delivery)
	for _, h := range []string{"hookOK", "hookFail", "hookDead", "hookBad"} {
		add(getEx("4 attempts", "attempts after mail of "+h, "/v1/webhooks/{{"+h+"}}/attempts"))
	}

	// What is kept of the text of received mail, in an inbox of its own.
	add(postEx("6 inbound", "create the inbox for texts", "/v1/inboxes", `{"name":"Texts"}`).save("texts", "_id"))
	texts := "texts@sendook.com"
	for i, m := range []struct{ name, ctype, body string }{
		{"an original message", "text/plain", "Fine.\n\n-----Original Message-----\nFrom: Bob <bob@example.com>\nOld text\n"},
		{"a wrapped quote header", "text/plain", "Yes.\n\nOn Mon, Jan 1, 2024 at 10:00 AM Support <s@sendook.com>\nwrote:\n> Ok?\n"},
		{"trailing tildes", "text/plain", "Bye~~\n"},
		{"a closing", "text/plain", "Hi\n\nCheers,\nBob\n"},
		{"a signature at the top", "text/plain", "-- \nonly a signature\n"},
		{"a heading", "text/html", "<h1>Title</h1><p>text</p>"},
		{"a link", "text/html", `<a href="https://example.com/x">the page</a>`},
		{"line breaks", "text/html", "one<br>two<br/>three"},
		{"divs", "text/html", "<div>a</div><div>b</div>"},
		{"spaces", "text/html", "<p>  a \n  b  </p>"},
		{"nested multipart", "multipart/mixed; boundary=\"o\"", "--o\nContent-Type: multipart/alternative; boundary=\"i\"\n\n--i\nContent-Type: text/plain\n\nInner plain.\n--i\nContent-Type: text/html\n\n<p>Inner</p>\n--i--\n--o--\n"},
		{"windows-1252", "text/plain; charset=windows-1252", "Na\xefve caf\xe9\n"},
	} {
		subject := "Text " + string(rune('A'+i))
		add(sesExchange("inbound text: "+m.name, alice, texts, subject, "", inboundMail(alice, texts, subject, "Content-Type: "+m.ctype+"\r\n", m.body)))
	}
	add(getEx("6 inbound", "texts as stored", "/v1/inboxes/{{texts}}/messages"))
	add(getEx("6 inbound", "texts, a thread each", "/v1/inboxes/{{texts}}/threads"))

	// Messages.
	add(
		getEx("messages", "list", "/v1/inboxes/{{support}}/messages").save("m0", "0._id").save("m1", "1._id").save("mLast", "2._id").save("thread0", "0.threadId"),
		getEx("messages", "list of the upper-case inbox", "/v1/inboxes/{{upper}}/messages"),
		getEx("messages", "list of the default inbox", "/v1/inboxes/{{defaultInbox}}/messages"),
		getEx("messages", "list of unknown", "/v1/inboxes/"+missing+"/messages"),
		getEx("messages", "list of malformed", "/v1/inboxes/nope/messages"),
		getEx("messages", "get", "/v1/inboxes/{{support}}/messages/{{m0}}"),
		getEx("3 scoping", "get through another inbox", "/v1/inboxes/{{sales}}/messages/{{m0}}"),
		getEx("3 scoping", "get through an unknown inbox", "/v1/inboxes/"+missing+"/messages/{{m0}}"),
		getEx("3 scoping", "get through a malformed inbox", "/v1/inboxes/nope/messages/{{m0}}"),
		getEx("messages", "get unknown", "/v1/inboxes/{{support}}/messages/"+missing),
		getEx("messages", "get malformed", "/v1/inboxes/{{support}}/messages/nope"),
	)
	for _, q := range []struct{ name, query string }{
		{"empty", ""}, {"a word", "order"}, {"upper case", "ORDER"}, {"anchored", "^hi"}, {"anchored subject", "^Re:"},
		{"plus", "a+"}, {"dot star", "thanks.*works"}, {"alternation", "latin|base64"}, {"digits", `\d{4}-\d{3}`},
		{"unbalanced paren", "("}, {"unbalanced bracket", "["}, {"escaped paren", `\(due\)`}, {"literal bracket", `\[bank\]`},
		{"the recipient", "support-team@"}, {"the sender", "bob@example.org"}, {"no match", "zebra"},
		{"accented", "café"}, {"umlaut", "grüße"}, {"quoted text", "ships today"}, {"signature text", "ACME"},
		{"dollar", "late\\.$"}, {"character class", "[0-9]+ EUR"}, {"case-insensitive class", "[A-Z]NVOICE"},
		{"star alone", "*"}, {"lookahead", "(?=a)"}, {"backreference", `(o)\1`}, {"word boundary", `\border\b`},
		{"space", " "}, {"html tag", "<p>"}, {"percent-encoded", "%41mount"},
	} {
		add(getEx("1 search", "search: "+q.name, "/v1/inboxes/{{support}}/messages?query="+urlQueryEscape(q.query)))
	}
	add(
		getEx("1 search", "search: repeated query", "/v1/inboxes/{{support}}/messages?query=a&query=b"),
		getEx("1 search", "search: bracketed query", "/v1/inboxes/{{support}}/messages?query[x]=a"),
		getEx("1 search", "search: other parameter", "/v1/inboxes/{{support}}/messages?q=order"),
	)

	// Threads.
	add(
		getEx("threads", "list", "/v1/inboxes/{{support}}/threads"),
		getEx("3 threads", "get", "/v1/inboxes/{{support}}/threads/{{thread0}}"),
		getEx("3 scoping", "get with an upper-case inbox id", "/v1/inboxes/{{support}}/threads/{{thread0}}"),
		getEx("3 scoping", "get through another inbox", "/v1/inboxes/{{sales}}/threads/{{thread0}}"),
		getEx("3 scoping", "get through a malformed inbox", "/v1/inboxes/nope/threads/{{thread0}}"),
		getEx("threads", "get unknown", "/v1/inboxes/{{support}}/threads/"+missing),
		getEx("threads", "get malformed", "/v1/inboxes/{{support}}/threads/nope"),
		getEx("threads", "list of unknown", "/v1/inboxes/"+missing+"/threads"),
		getEx("threads", "list of malformed", "/v1/inboxes/nope/threads"),
		getEx("threads", "list of an inbox with no mail", "/v1/inboxes/{{sales}}/threads"),
	)

	// Sends and replies: the real server charges usage through Stripe
	// before anything else, so locally each answers 500.
	send := func(name, path, body string) *exchange {
		e := postEx("1 send", name, path, body)
		return e
	}
	full := `"subject":"Hi","text":"Hello","html":"<p>Hello</p>"`
	add(
		send("send", "/v1/inboxes/{{support}}/messages/send", `{"to":["ann@example.com"],`+full+`}`),
		send("send without subject", "/v1/inboxes/{{support}}/messages/send", `{"to":["ann@example.com"],"text":"Hello","html":"<p>Hello</p>"}`),
		send("send without html", "/v1/inboxes/{{support}}/messages/send", `{"to":["ann@example.com"],"subject":"Hi","text":"Hello"}`),
		send("send without text", "/v1/inboxes/{{support}}/messages/send", `{"to":["ann@example.com"],"subject":"Hi","html":"<p>Hello</p>"}`),
		send("send with an empty subject", "/v1/inboxes/{{support}}/messages/send", `{"to":["ann@example.com"],"subject":"","text":"Hello","html":"<p>Hello</p>"}`),
		send("send without a body", "/v1/inboxes/{{support}}/messages/send", ""),
		send("send from an unknown inbox", "/v1/inboxes/"+missing+"/messages/send", `{"to":["ann@example.com"],`+full+`}`),
		send("send from a malformed inbox", "/v1/inboxes/nope/messages/send", `{"to":["ann@example.com"],`+full+`}`),
		send("reply", "/v1/inboxes/{{support}}/messages/{{m0}}/reply", `{"text":"Thanks","html":"<p>Thanks</p>"}`),
		send("reply without html", "/v1/inboxes/{{support}}/messages/{{m0}}/reply", `{"text":"Thanks"}`),
		send("reply to an unknown message", "/v1/inboxes/{{support}}/messages/"+missing+"/reply", `{"text":"Thanks","html":"<p>Thanks</p>"}`),
		send("reply to a malformed message", "/v1/inboxes/{{support}}/messages/nope/reply", `{"text":"Thanks","html":"<p>Thanks</p>"}`),
		getEx("1 send", "a refused send leaves its thread", "/v1/inboxes/{{support}}/threads"),
	)

	// ETags and conditional requests.
	add(
		getEx("5 etag", "list with an ETag", "/v1/inboxes/{{support}}/messages").save("etag", "header:ETag"),
		getEx("5 etag", "list if none match", "/v1/inboxes/{{support}}/messages").with("If-None-Match", "{{etag}}"),
		getEx("5 etag", "list if none match another", "/v1/inboxes/{{support}}/messages").with("If-None-Match", `W/"0-nothing"`),
		getEx("5 etag", "list if none match any", "/v1/inboxes/{{support}}/messages").with("If-None-Match", "*"),
		getEx("5 etag", "health if none match", "/health").noAuth().save("hetag", "header:ETag"),
		getEx("5 etag", "health again", "/health").noAuth().with("If-None-Match", "{{hetag}}"),
		getEx("5 etag", "inbox if modified since", "/v1/inboxes/{{support}}").with("If-Modified-Since", "Mon, 01 Jan 2024 00:00:00 GMT"),
		ex("5 etag", "HEAD if none match", "HEAD", "/v1/inboxes/{{support}}/messages").with("If-None-Match", "{{etag}}"),
		postEx("5 etag", "POST if none match", "/v1/api_keys", `{"name":"conditional"}`).with("If-None-Match", "*").save("condKey", "_id"),
		getEx("5 etag", "404 if none match", "/v1/inboxes/"+missing).with("If-None-Match", "*"),
	)

	// Deletion and what survives it.
	add(
		delEx("inboxes", "delete", "/v1/inboxes/{{support}}"),
		getEx("3 threads", "a thread outlives its inbox", "/v1/inboxes/{{support}}/threads/{{thread0}}"),
		getEx("3 threads", "threads of a deleted inbox", "/v1/inboxes/{{support}}/threads"),
		getEx("3 scoping", "a message of a deleted inbox", "/v1/inboxes/{{support}}/messages/{{m0}}"),
		getEx("inboxes", "get deleted", "/v1/inboxes/{{support}}"),
		delEx("inboxes", "delete again", "/v1/inboxes/{{support}}"),
		delEx("inboxes", "delete malformed", "/v1/inboxes/nope"),
		delEx("inboxes", "delete unknown", "/v1/inboxes/"+missing),
		getEx("4 attempts", "inbox.deleted delivered", "/v1/webhooks/{{hookOK}}/attempts"),
		getEx("inboxes", "list after deleting", "/v1/inboxes"),
		delEx("webhooks", "delete", "/v1/webhooks/{{hookOK}}"),
		delEx("webhooks", "delete again", "/v1/webhooks/{{hookOK}}"),
		delEx("webhooks", "delete malformed", "/v1/webhooks/nope"),
		getEx("webhooks", "attempts of a deleted webhook", "/v1/webhooks/{{hookOK}}/attempts"),
		ex("webhooks", "test a deleted webhook", "POST", "/v1/webhooks/{{hookOK}}/test"),
		getEx("webhooks", "list after deleting", "/v1/webhooks"),
		delEx("domains", "delete the last", "/v1/domains/example.com"),
		getEx("api keys", "list at the end", "/v1/api_keys"),
	)

	// Which charsets each body parser takes.
	for _, ct := range []string{
		"text/plain; charset=latin1", "text/plain; charset=windows-1252", "text/plain; charset=us-ascii",
		"text/plain; charset=klingon", "application/x-www-form-urlencoded; charset=latin1",
		"application/x-www-form-urlencoded; charset=iso-8859-1", "application/x-www-form-urlencoded; charset=us-ascii",
		"application/json; charset=us-ascii", "application/json; charset=utf8",
	} {
		add(withBody(ex("5 body", "inbound route body as "+ct, "POST", "/webhooks/ses").noAuth().with("Content-Type", ct), "hello"))
	}

	fixUpperCase(s)
	nameUniquely(s)
	for _, e := range s {
		// Lists of all inboxes show that address too.
		if e.Method == "GET" && e.Path == "/v1/inboxes" {
			e.RandomAddress = true
		}
	}
	return s
}

// nameUniquely prefixes the names that repeat, such as "list", with the
// resource of their path, such as "inboxes: list".
func nameUniquely(s []*exchange) {
	count := map[string]int{}
	for _, e := range s {
		count[e.Name]++
	}
	for _, e := range s {
		if count[e.Name] > 1 {
			e.Name = resourceOf(e.Path) + ": " + e.Name
		}
	}
}

// resourceOf names the resource of a path: its last segment that is a
// collection's name.
func resourceOf(path string) string {
	path, _, _ = strings.Cut(path, "?")
	name := "http"
	for _, seg := range strings.Split(path, "/") {
		switch seg {
		case "api_keys", "domains", "inboxes", "messages", "threads", "webhooks", "attempts":
			name = strings.ReplaceAll(seg, "_", " ")
		}
	}
	return name
}

// fixUpperCase turns exchanges marked with X-Upper into requests whose
// last id is in upper case: the placeholder is filled at play time, so the
// mark tells the player.
func fixUpperCase(s []*exchange) {
	for _, e := range s {
		if e.Header["X-Upper"] != "" {
			delete(e.Header, "X-Upper")
			e.Path = strings.Replace(e.Path, "{{ci}}", "{{ci.upper}}", 1)
		}
	}
	for _, e := range s {
		if e.Name == "get with an upper-case inbox id" {
			e.Path = strings.Replace(e.Path, "{{support}}", "{{support.upper}}", 1)
		}
	}
}

// urlQueryEscape escapes a query value as browsers and clients do.
func urlQueryEscape(s string) string {
	var b strings.Builder
	for _, c := range []byte(s) {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '-', c == '_', c == '.', c == '~':
			b.WriteByte(c)
		default:
			b.WriteString("%" + strings.ToUpper(hexByte(c)))
		}
	}
	return b.String()
}

func hexByte(c byte) string {
	const digits = "0123456789abcdef"
	return string([]byte{digits[c>>4], digits[c&15]})
}
