package sendooktest

import (
	"bytes"
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"regexp"
	"strings"
	"unicode/utf8"
)

// maxMIMEDepth bounds how deeply multiparts may nest in a received mail,
// so that a hostile mail cannot make parsing recurse without end.
const maxMIMEDepth = 16

// maxMIMEParts bounds how many parts of a received mail are looked at.
const maxMIMEParts = 1000

// parsedMail is what a raw mail says, once decoded.
type parsedMail struct {
	from, subject string
	// text and html are the first text/plain and text/html parts that are
	// not attachments, decoded to UTF-8.
	text, html  string
	attachments []attachment
	// references lists the message ids of the References header, then
	// that of In-Reply-To, without angle brackets.
	references []string
	// rawReferences is the References header as sent, which the real
	// server searches for the id of a message it sent.
	rawReferences string
}

// wordDecoder decodes RFC 2047 encoded words in headers, in the charsets
// [decodeCharset] knows.
var wordDecoder = &mime.WordDecoder{CharsetReader: func(charset string, r io.Reader) (io.Reader, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	s, ok := decodeCharset(charset, b)
	if !ok {
		return nil, fmt.Errorf("unknown charset %q", charset)
	}
	return strings.NewReader(s), nil
}}

// parseMIME decodes a raw RFC 5322 mail.
func parseMIME(raw []byte) (*parsedMail, error) {
	msg, err := mail.ReadMessage(bytes.NewReader(raw))
	if err != nil {
		return nil, fmt.Errorf("sendooktest: reading the mail: %w", err)
	}
	h := msg.Header
	pm := &parsedMail{subject: decodeHeader(h.Get("Subject")), rawReferences: h.Get("References")}
	parser := mail.AddressParser{WordDecoder: wordDecoder}
	if from, err := parser.Parse(h.Get("From")); err == nil {
		pm.from = from.Address
	} else if list, err := parser.ParseList(h.Get("From")); err == nil && len(list) > 0 {
		pm.from = list[0].Address
	}
	pm.references = append(messageIDs(h.Get("References")), messageIDs(h.Get("In-Reply-To"))...)
	parts := 0
	if err := pm.walk(partHeader(h), msg.Body, 0, &parts); err != nil {
		return nil, err
	}
	return pm, nil
}

// partHeader is the subset of a header that a part's walk needs.
type partHeader interface{ Get(string) string }

// walk decodes one part of the mail, which may be a multipart.
func (pm *parsedMail) walk(h partHeader, body io.Reader, depth int, parts *int) error {
	if *parts++; *parts > maxMIMEParts {
		return errors.New("sendooktest: the mail has too many parts")
	}
	mediaType, params, err := mime.ParseMediaType(h.Get("Content-Type"))
	if err != nil {
		mediaType, params = "text/plain", map[string]string{"charset": "us-ascii"}
	}
	if strings.HasPrefix(mediaType, "multipart/") {
		if depth >= maxMIMEDepth {
			return errors.New("sendooktest: the mail's parts nest too deeply")
		}
		if params["boundary"] == "" {
			return errors.New("sendooktest: a multipart of the mail has no boundary")
		}
		mr := multipart.NewReader(body, params["boundary"])
		for {
			p, err := mr.NextRawPart()
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return fmt.Errorf("sendooktest: reading a part of the mail: %w", err)
			}
			if err := pm.walk(p.Header, p, depth+1, parts); err != nil {
				return err
			}
		}
	}
	data, err := io.ReadAll(transferDecoder(h.Get("Content-Transfer-Encoding"), body))
	if err != nil {
		return fmt.Errorf("sendooktest: decoding a part of the mail: %w", err)
	}
	disposition, dparams, _ := mime.ParseMediaType(h.Get("Content-Disposition"))
	name := decodeHeader(dparams["filename"])
	if name == "" {
		name = decodeHeader(params["name"])
	}
	isText := mediaType == "text/plain" || mediaType == "text/html"
	if isText && disposition != "attachment" && name == "" {
		text, _ := decodeCharset(params["charset"], data)
		if mediaType == "text/plain" && pm.text == "" {
			pm.text = text
			return nil
		}
		if mediaType == "text/html" && pm.html == "" {
			pm.html = text
			return nil
		}
	}
	pm.attachments = append(pm.attachments, attachment{
		Content:     base64.StdEncoding.EncodeToString(data),
		Name:        name,
		ContentType: mediaType,
	})
	return nil
}

// transferDecoder undoes a part's Content-Transfer-Encoding.
func transferDecoder(encoding string, r io.Reader) io.Reader {
	switch strings.ToLower(strings.TrimSpace(encoding)) {
	case "quoted-printable":
		return quotedprintable.NewReader(r)
	case "base64":
		return base64.NewDecoder(base64.StdEncoding, &base64Cleaner{r: r})
	}
	return r
}

// base64Cleaner drops what base64 bodies carry besides the alphabet:
// line breaks and other whitespace.
type base64Cleaner struct{ r io.Reader }

func (c *base64Cleaner) Read(p []byte) (int, error) {
	for {
		n, err := c.r.Read(p)
		kept := 0
		for _, b := range p[:n] {
			switch {
			case 'A' <= b && b <= 'Z', 'a' <= b && b <= 'z', '0' <= b && b <= '9', b == '+', b == '/', b == '=':
				p[kept] = b
				kept++
			}
		}
		if kept > 0 || err != nil {
			return kept, err
		}
	}
}

// decodeCharset converts text in charset to UTF-8. ok is false for a
// charset it does not know, whose text is then kept as valid UTF-8 with
// each invalid byte replaced.
func decodeCharset(charset string, b []byte) (s string, ok bool) {
	switch strings.ToLower(strings.TrimSpace(charset)) {
	case "", "utf-8", "utf8", "us-ascii", "ascii":
		return strings.ToValidUTF8(string(b), "\uFFFD"), true
	case "iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "iso_8859-1", "windows-1252", "cp1252":
		// Windows-1252 is read as Latin-1, which it extends.
		r := make([]rune, len(b))
		for i, c := range b {
			r[i] = rune(c)
		}
		return string(r), true
	}
	return strings.ToValidUTF8(string(b), "\uFFFD"), false
}

// decodeHeader decodes the encoded words of a header value, or returns it
// as it is when they do not decode.
func decodeHeader(v string) string {
	if !strings.Contains(v, "=?") {
		if !utf8.ValidString(v) {
			return strings.ToValidUTF8(v, "\uFFFD")
		}
		return v
	}
	d, err := wordDecoder.DecodeHeader(v)
	if err != nil {
		return v
	}
	return d
}

var messageIDPattern = regexp.MustCompile(`<([^<>\s]+)>`)

// messageIDs returns the ids of a References or In-Reply-To header.
func messageIDs(v string) []string {
	var ids []string
	for _, m := range messageIDPattern.FindAllStringSubmatch(v, -1) {
		ids = append(ids, m[1])
	}
	return ids
}
