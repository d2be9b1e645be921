package sendook

import (
	"encoding/base64"
	"errors"
	"io"
	"mime"
	"net/http"
	"os"
	"path/filepath"
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
// its own, grown by doubling, first.
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
		if buf, err = appendJSONString(buf, a.Content); err != nil {
			return nil, err
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
