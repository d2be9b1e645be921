package sendook

import (
	"encoding/base64"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Attachment is a file attached to a message.
type Attachment struct {
	// Content is the file's bytes, base64-encoded (standard encoding).
	Content string `json:"content"`
	// Name is the file name shown to the recipient.
	Name string `json:"name,omitempty"`
	// ContentType is the file's MIME type, e.g. "application/pdf".
	ContentType string `json:"contentType,omitempty"`
}

// NewAttachment returns an attachment holding data, base64-encoded.
func NewAttachment(name, contentType string, data []byte) Attachment {
	return Attachment{Content: base64.StdEncoding.EncodeToString(data), Name: name, ContentType: contentType}
}

// AttachmentFromFile reads the file at path into an attachment named after
// the file. Its content type comes from the file's extension or, failing
// that, from its first bytes.
func AttachmentFromFile(path string) (Attachment, error) {
	f, err := os.Open(path)
	if err != nil {
		return Attachment{}, err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return Attachment{}, err
	}
	if !info.Mode().IsRegular() {
		return Attachment{}, &os.PathError{Op: "attach", Path: path, Err: errors.New("not a regular file")}
	}

	// Encode while reading into a builder sized for the result, so the raw
	// file is never held in memory whole.
	var out strings.Builder
	out.Grow(base64.StdEncoding.EncodedLen(int(info.Size())))
	enc := base64.NewEncoder(base64.StdEncoding, &out)
	buf := make([]byte, 48*1024)
	contentType := mime.TypeByExtension(filepath.Ext(path))
	for first := true; ; first = false {
		n, err := io.ReadFull(f, buf)
		if first && contentType == "" {
			contentType = http.DetectContentType(buf[:n])
		}
		if n > 0 {
			enc.Write(buf[:n]) // writes to a strings.Builder never fail
		}
		if err == io.EOF || err == io.ErrUnexpectedEOF {
			break
		}
		if err != nil {
			return Attachment{}, err
		}
	}
	if err := enc.Close(); err != nil {
		return Attachment{}, err
	}
	return Attachment{Content: out.String(), Name: filepath.Base(path), ContentType: contentType}, nil
}

// encodeJSON encodes the params as encoding/json would, but appends each
// attachment's content, which can be megabytes, straight into one buffer
// sized for the whole body. encoding/json would copy it through a buffer of
// its own, grown by doubling, first. Checking that the content is base64 is
// the same pass over it that copies it.
func (p *SendMessageParams) encodeJSON() ([]byte, error) {
	fields := *p
	fields.Attachments = nil
	head, err := marshalJSON(fields)
	if err != nil {
		return nil, err
	}
	if len(p.Attachments) == 0 {
		return head, nil
	}
	size := len(head) + len(`,"attachments":[]`)
	for _, a := range p.Attachments {
		size += len(a.Content) + len(a.Name) + len(a.ContentType) + len(`{"content":"","name":"","contentType":""},`)
	}
	buf := make([]byte, 0, size)
	buf = append(buf, head[:len(head)-1]...) // all but the closing brace
	buf = append(buf, `,"attachments":[`...)
	for i, a := range p.Attachments {
		if i > 0 {
			buf = append(buf, ',')
		}
		buf = append(buf, `{"content":`...)
		if buf, err = appendBase64(buf, a.Content); err != nil {
			reason := err.Error()
			if a.Name != "" {
				reason = fmt.Sprintf("(%q) %s", a.Name, reason)
			}
			return nil, invalid("Attachments["+strconv.Itoa(i)+"].Content", reason)
		}
		if a.Name != "" {
			buf = append(buf, `,"name":`...)
			if buf, err = appendJSONString(buf, a.Name); err != nil {
				return nil, err
			}
		}
		if a.ContentType != "" {
			buf = append(buf, `,"contentType":`...)
			if buf, err = appendJSONString(buf, a.ContentType); err != nil {
				return nil, err
			}
		}
		buf = append(buf, '}')
	}
	return append(buf, "]}"...), nil
}

// Classes of bytes in standard base64 text.
const (
	notBase64 = iota
	base64Digit
	base64Pad   // '='
	base64Break // '\r' or '\n', which decoders skip
)

var base64Class = func() (t [256]uint8) {
	for _, c := range []byte("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/") {
		t[c] = base64Digit
	}
	t['='] = base64Pad
	t['\r'], t['\n'] = base64Break, base64Break
	return t
}()

// appendBase64 appends s as a JSON string after checking that it is
// standard base64, as encoding/base64's StdEncoding decodes it: the
// alphabet A-Z a-z 0-9 + /, padded with = to a multiple of four, line
// breaks allowed. It says what is wrong otherwise.
func appendBase64(buf []byte, s string) ([]byte, error) {
	i := 0
	for i < len(s) && base64Class[s[i]] == base64Digit {
		i++
	}
	digits, pad, breaks := i, 0, false
	for ; i < len(s); i++ {
		switch c := s[i]; {
		case base64Class[c] == base64Break:
			breaks = true
		case base64Class[c] == base64Pad && pad < 2:
			pad++
		case base64Class[c] == base64Digit && pad == 0:
			digits++
		default:
			return buf, fmt.Errorf("is not valid base64: byte %d is %q (NewAttachment encodes raw bytes)", i, s[i:i+1])
		}
	}
	if (digits+pad)%4 != 0 {
		return buf, fmt.Errorf("is not valid base64: %d characters and %d of padding do not make whole groups of four (NewAttachment encodes raw bytes)", digits, pad)
	}
	if breaks {
		return appendJSONString(buf, s)
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"'), nil
}

// appendJSONString appends s as a JSON string. Base64 and most names need
// no escaping and are copied as they are; anything else goes through
// encoding/json.
func appendJSONString(buf []byte, s string) ([]byte, error) {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x7f {
			quoted, err := marshalJSON(s)
			return append(buf, quoted...), err
		}
	}
	buf = append(buf, '"')
	buf = append(buf, s...)
	return append(buf, '"'), nil
}
